using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Rules;
using ParkOps.Domain.Spaces;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Resources;
using ParkOps.Domain.Pricing;
using ParkOps.Web.Features.Spaces.Contracts;

namespace ParkOps.Web.Features.Spaces;

[StoredIn(typeof(Building))]
public sealed record BuildingInput([Line] string Name, decimal LandMu, decimal FloorAreaSqm, int FloorCount, [Line(50)] string? Structure);

[StoredIn(typeof(Unit))]
public sealed record UnitInput(long BuildingId, int FloorNumber, [Code] string Code, decimal AreaSqm, SpaceUse Use, decimal LoadTonsPerSqm, UnitStatus Status);

public sealed record UnitDto(long Id, long ParkId, long BuildingId, string BuildingName, int FloorNumber, string Code, decimal AreaSqm, SpaceUse Use,
    decimal LoadTonsPerSqm, UnitStatus Status, long? OccupantEnterpriseId, string? OccupantName);

public sealed record BuildingDto(long Id, long ParkId, string Name, decimal LandMu, decimal FloorAreaSqm, int FloorCount, string? Structure,
    int Units, decimal LeasableSqm, decimal LeasedSqm, decimal Occupancy);

public sealed class BuildingInputValidator : AbstractValidator<BuildingInput>
{
    public BuildingInputValidator(IStringLocalizer<Text> t)
    {
        RuleFor(x => x.Name).NotEmpty().WithMessage(_ => t["Val.Required"]).MaximumLength(100).WithMessage(_ => t["Val.MaxLength", 100]);
        RuleFor(x => x.LandMu).InclusiveBetween(0m, 10000m).WithMessage(_ => t["Val.Range", 0, 10000]);
        RuleFor(x => x.FloorAreaSqm).GreaterThan(0m).WithMessage(_ => t["Val.Positive"]).LessThanOrEqualTo(1_000_000m).WithMessage(_ => t["Val.Range", 0, 1000000]);
        RuleFor(x => x.FloorCount).InclusiveBetween(1, 60).WithMessage(_ => t["Val.Range", 1, 60]);
        RuleFor(x => x.Structure).MaximumLength(50).WithMessage(_ => t["Val.MaxLength", 50]);
    }
}

public sealed class UnitInputValidator : AbstractValidator<UnitInput>
{
    public UnitInputValidator(IStringLocalizer<Text> t)
    {
        RuleFor(x => x.Code).NotEmpty().WithMessage(_ => t["Val.Required"]).MaximumLength(40).WithMessage(_ => t["Val.MaxLength", 40]);
        RuleFor(x => x.AreaSqm).GreaterThan(0m).WithMessage(_ => t["Val.Positive"]).LessThanOrEqualTo(100_000m).WithMessage(_ => t["Val.Range", 0, 100000]);
        RuleFor(x => x.FloorNumber).InclusiveBetween(-5, 60).WithMessage(_ => t["Val.Range", -5, 60]);
        RuleFor(x => x.LoadTonsPerSqm).InclusiveBetween(0m, 100m).WithMessage(_ => t["Val.Range", 0, 100]);
        RuleFor(x => x.Use).IsInEnum().WithMessage(_ => t["Val.Enum"]);
        RuleFor(x => x.Status).IsInEnum().WithMessage(_ => t["Val.Enum"]);
    }
}

/// <summary>Buildings, floors and units of a park; occupancy is derived from unit status and area.</summary>
public sealed class SpaceService(ParkOpsDb db, IValidator<BuildingInput> buildingValidator, IValidator<UnitInput> unitValidator, EnterpriseService enterprises)
{
    public async Task<List<BuildingDto>> BuildingsAsync(long parkId, CancellationToken ct)
    {
        await enterprises.ParkForReadAsync(parkId, ct);
        var buildings = await db.Buildings.AsNoTracking().Where(b => b.ParkId == parkId).OrderBy(b => b.Name).ToListAsync(ct);
        var units = await db.Units.AsNoTracking().Where(u => u.ParkId == parkId).Select(u => new { u.BuildingId, u.AreaSqm, u.Status }).ToListAsync(ct);
        return buildings.Select(b =>
        {
            var us = units.Where(u => u.BuildingId == b.Id).ToList();
            var leasable = us.Where(u => u.Status != UnitStatus.NotLeasable).Sum(u => u.AreaSqm);
            var leased = us.Where(u => u.Status == UnitStatus.Leased).Sum(u => u.AreaSqm);
            return new BuildingDto(b.Id, b.ParkId, b.Name, b.LandMu, b.FloorAreaSqm, b.FloorCount, b.Structure, us.Count, leasable, leased, Math.Round(Land.Occupancy(leased, leasable), 4));
        }).ToList();
    }

    public async Task<Building> CreateBuildingAsync(long parkId, BuildingInput input, CancellationToken ct)
    {
        await enterprises.ParkForWriteAsync(parkId, ct);
        await buildingValidator.EnsureValidAsync(input, ct);
        if (await db.Buildings.AnyAsync(b => b.ParkId == parkId && b.Name == input.Name.Trim(), ct))
            throw new DomainRuleException("BuildingNameMustBeUnique", "name", "同名楼栋已存在", RuleKind.Conflict);
        var b = new Building { ParkId = parkId, Name = input.Name.Trim(), LandMu = input.LandMu, FloorAreaSqm = input.FloorAreaSqm, FloorCount = input.FloorCount, Structure = input.Structure };
        db.Buildings.Add(b);
        await db.SaveChangesAsync(ct);
        return b;
    }

    /// <summary>The units of a park as the caller may see them; filters apply to the units before projection.</summary>
    public IQueryable<UnitDto> UnitQuery(long parkId, Func<IQueryable<Unit>, IQueryable<Unit>>? filter = null, string? search = null)
    {
        // a tenant sees the park's units and status, but not who occupies a unit other than its own
        var restrict = db.Actor.IsEnterpriseOnly;
        var own = db.Actor.EnterpriseIds;
        var units = db.Units.AsNoTracking().Where(u => u.ParkId == parkId);
        if (filter is not null) units = filter(units);
        var q = from u in units
                join b in db.Buildings on u.BuildingId equals b.Id
                join f in db.Floors on u.FloorId equals f.Id
                join e in db.Enterprises on u.OccupantEnterpriseId equals e.Id into occ
                from e in occ.DefaultIfEmpty()
                select new { u, b, f, e };
        if (!string.IsNullOrWhiteSpace(search))
            q = q.Where(x => x.u.Code.Contains(search) || x.b.Name.Contains(search) || (x.e != null && x.e.Name.Contains(search)));
        return q.OrderBy(x => x.b.Name).ThenBy(x => x.f.Number).ThenBy(x => x.u.Code)
            .Select(x => new UnitDto(x.u.Id, x.u.ParkId, x.u.BuildingId, x.b.Name, x.f.Number, x.u.Code, x.u.AreaSqm, x.u.Use, x.u.LoadTonsPerSqm, x.u.Status,
                !restrict || own.Contains(x.u.OccupantEnterpriseId ?? 0) ? x.u.OccupantEnterpriseId : null,
                x.e == null ? null : x.e.Name));
    }

    public async Task<Page<UnitDto>> UnitsAsync(long parkId, long? buildingId, UnitStatus? status, SpaceUse? use, string? search, int? page, int? pageSize, CancellationToken ct)
    {
        await enterprises.ParkForReadAsync(parkId, ct);
        var q = UnitQuery(parkId, units =>
        {
            if (buildingId is { } bid) units = units.Where(u => u.BuildingId == bid);
            if (status is { } s) units = units.Where(u => u.Status == s);
            if (use is { } us) units = units.Where(u => u.Use == us);
            return units;
        }, search);
        return await q.ToPageAsync(page, pageSize, ct, defaultSize: 500);
    }

    public async Task<Unit> CreateUnitAsync(long parkId, UnitInput input, CancellationToken ct)
    {
        await enterprises.ParkForWriteAsync(parkId, ct);
        await unitValidator.EnsureValidAsync(input, ct);
        var building = await db.Buildings.FirstOrDefaultAsync(b => b.Id == input.BuildingId && b.ParkId == parkId, ct)
            ?? throw new DomainRuleException("BuildingMustBelongToPark", "buildingId", "楼栋不属于该园区");
        if (input.FloorNumber > building.FloorCount)
            throw new DomainRuleException("FloorMustExistInBuilding", "floorNumber", "楼层超出楼栋层数") { Arguments = [building.FloorCount] };
        if (await db.Units.AnyAsync(u => u.ParkId == parkId && u.Code == input.Code.Trim(), ct))
            throw new DomainRuleException("UnitCodeMustBeUnique", "code", "单元编号已存在", RuleKind.Conflict) { Arguments = [input.Code] };
        if (input.Status == UnitStatus.Leased)
            throw new DomainRuleException("LeasedStatusComesFromLease", "status", "单元的已租状态由租约产生");
        var floor = await FloorAsync(building, input.FloorNumber, ct);
        var u = new Unit { ParkId = parkId, BuildingId = building.Id, FloorId = floor.Id, Code = input.Code.Trim(), AreaSqm = input.AreaSqm, Use = input.Use, LoadTonsPerSqm = input.LoadTonsPerSqm, Status = input.Status };
        db.Units.Add(u);
        await db.SaveChangesAsync(ct);
        return u;
    }

    public async Task<Unit> UpdateUnitAsync(long id, UnitInput input, CancellationToken ct)
    {
        var u = await db.Units.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("Unit", id);
        await enterprises.ParkForWriteAsync(u.ParkId, ct);
        await unitValidator.EnsureValidAsync(input, ct);
        if (await db.Units.AnyAsync(x => x.ParkId == u.ParkId && x.Code == input.Code.Trim() && x.Id != id, ct))
            throw new DomainRuleException("UnitCodeMustBeUnique", "code", "单元编号已存在", RuleKind.Conflict) { Arguments = [input.Code] };
        if ((input.Status == UnitStatus.Leased) != (u.Status == UnitStatus.Leased))
            throw new DomainRuleException("LeasedStatusComesFromLease", "status", "单元的已租状态由租约产生");
        var building = await db.Buildings.FirstOrDefaultAsync(b => b.Id == input.BuildingId && b.ParkId == u.ParkId, ct)
            ?? throw new DomainRuleException("BuildingMustBelongToPark", "buildingId", "楼栋不属于该园区");
        if (input.FloorNumber > building.FloorCount)
            throw new DomainRuleException("FloorMustExistInBuilding", "floorNumber", "楼层超出楼栋层数") { Arguments = [building.FloorCount] };
        u.BuildingId = building.Id;
        u.FloorId = (await FloorAsync(building, input.FloorNumber, ct)).Id;
        u.Code = input.Code.Trim(); u.AreaSqm = input.AreaSqm; u.Use = input.Use; u.LoadTonsPerSqm = input.LoadTonsPerSqm; u.Status = input.Status;
        await db.SaveChangesAsync(ct);
        return u;
    }

    /// <summary>Floors exist implicitly: the first unit on a floor creates it.</summary>
    public async Task<Floor> FloorAsync(Building b, int number, CancellationToken ct)
    {
        var f = await db.Floors.FirstOrDefaultAsync(x => x.BuildingId == b.Id && x.Number == number, ct)
             ?? db.Floors.Local.FirstOrDefault(x => x.BuildingId == b.Id && x.Number == number);
        if (f is not null) return f;
        f = new Floor { ParkId = b.ParkId, BuildingId = b.Id, Number = number, AreaSqm = b.FloorCount > 0 ? Math.Round(b.FloorAreaSqm / b.FloorCount, 2) : 0, LoadTonsPerSqm = number <= 1 ? 3m : 0.8m };
        db.Floors.Add(f);
        await db.SaveChangesAsync(ct);
        return f;
    }
}

public static class SpaceEndpoints
{
    public static IServiceCollection AddSpaces(this IServiceCollection services) => services.AddScoped<SpaceService>().AddScoped<IUnitOccupancy, UnitOccupancy>().AddScoped<ILandAllocation, LandAllocation>()
        .AddSingleton<IValidator<BuildingInput>, BuildingInputValidator>().AddSingleton<IValidator<UnitInput>, UnitInputValidator>();

    public static void MapSpaces(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization().WithTags("Spaces");
        api.MapGet("/parks/{parkId:long}/buildings", async Task<Ok<List<BuildingDto>>> (long parkId, SpaceService s, CancellationToken ct) => TypedResults.Ok(await s.BuildingsAsync(parkId, ct)));
        api.MapPost("/parks/{parkId:long}/buildings", async (long parkId, BuildingInput input, SpaceService s, CancellationToken ct) =>
        {
            var b = await s.CreateBuildingAsync(parkId, input, ct);
            return TypedResults.Created($"/api/v1/parks/{parkId}/buildings/{b.Id}", b);
        }).ProducesValidationProblem();
        api.MapGet("/parks/{parkId:long}/units", async Task<Ok<Page<UnitDto>>> (long parkId, long? buildingId, UnitStatus? status, SpaceUse? use, string? search, int? page, int? pageSize, SpaceService s, CancellationToken ct) =>
            TypedResults.Ok(await s.UnitsAsync(parkId, buildingId, status, use, search, page, pageSize, ct)))
            .WithSummary("Units of a park (default page size 500), filterable by building, status, use.");
        api.MapPost("/parks/{parkId:long}/units", async (long parkId, UnitInput input, SpaceService s, CancellationToken ct) =>
        {
            var u = await s.CreateUnitAsync(parkId, input, ct);
            return TypedResults.Created($"/api/v1/units/{u.Id}", await s.UnitQuery(parkId, q => q.Where(x => x.Id == u.Id)).FirstAsync(ct));
        }).ProducesValidationProblem();
        api.MapGet("/units/{id:long}", async Task<Ok<UnitDto>> (long id, ParkOpsDb db, SpaceService s, CancellationToken ct) =>
        {
            var u = await db.Units.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("Unit", id);
            return TypedResults.Ok(await s.UnitQuery(u.ParkId, q => q.Where(x => x.Id == id)).FirstAsync(ct));
        });
        api.MapPut("/units/{id:long}", async Task<Ok<UnitDto>> (long id, UnitInput input, SpaceService s, CancellationToken ct) =>
        {
            var u = await s.UpdateUnitAsync(id, input, ct);
            return TypedResults.Ok(await s.UnitQuery(u.ParkId, q => q.Where(x => x.Id == id)).FirstAsync(ct));
        });
    }
}
