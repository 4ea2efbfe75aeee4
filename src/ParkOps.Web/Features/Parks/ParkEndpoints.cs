using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Rules;
using ParkOps.Web.Resources;
using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Spaces;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Features.Parks.Contracts;

namespace ParkOps.Web.Features.Parks;

[StoredIn(typeof(Park))]
public sealed record ParkInput(long RegionId, [Line] string Name, [Code] string Code, [Line(200)] string? Address, decimal LandMu);

[StoredIn(typeof(Park))]
public sealed record ParkSettingsInput([Line(50)] string? LeadingIndustry, [Code(5), MaxItems(30)] string[]? LeadingIndustryPrefixes, [Line(30), MaxItems(20)] string[]? ChainStages,
    [Line(30), MaxItems(50)] string[]? NegativeList, int CrowdedStageCount, decimal? ThinStageShare = null);

public sealed class CollectionAccountValidator : AbstractValidator<CollectionAccountInput>
{
    public CollectionAccountValidator(IStringLocalizer<Text> t)
    {
        RuleFor(x => x.PayeeName).MaximumLength(100).WithMessage(_ => t["Val.MaxLength", 100]);
        RuleFor(x => x.PayeeBank).MaximumLength(100).WithMessage(_ => t["Val.MaxLength", 100]);
        RuleFor(x => x.PayeeAccount).MaximumLength(40).WithMessage(_ => t["Val.MaxLength", 40]);
        RuleFor(x => x.PaymentReference).IsInEnum().WithMessage(_ => t["Val.Enum"]);
    }
}

[StoredIn(typeof(Region))]
public sealed record RegionInput([Line] string Name, [Code] string Code, RegionLevel Level, long? ParentId, bool GovernmentSeesEnterpriseDetail = false);

/// <summary>A region's settings (platform admin): whether its government viewers see enterprise detail (default off).</summary>
public sealed record RegionSettingsInput(bool GovernmentSeesEnterpriseDetail);

public sealed class ParkInputValidator : AbstractValidator<ParkInput>
{
    public ParkInputValidator(IStringLocalizer<Text> t)
    {
        RuleFor(x => x.Name).NotEmpty().WithMessage(_ => t["Val.Required"]).MaximumLength(100).WithMessage(_ => t["Val.MaxLength", 100]);
        RuleFor(x => x.Code).NotEmpty().WithMessage(_ => t["Val.Required"]).Matches("^[A-Za-z0-9-]{2,32}$").WithMessage(_ => t["Val.ParkCode"]);
        RuleFor(x => x.Address).MaximumLength(200).WithMessage(_ => t["Val.MaxLength", 200]);
        RuleFor(x => x.LandMu).InclusiveBetween(0m, 100000m).WithMessage(_ => t["Val.Range", 0, 100000]);
    }
}

public sealed class ParkSettingsValidator : AbstractValidator<ParkSettingsInput>
{
    public ParkSettingsValidator(IStringLocalizer<Text> t)
    {
        RuleFor(x => x.LeadingIndustry).MaximumLength(50).WithMessage(_ => t["Val.MaxLength", 50]);
        RuleFor(x => x.LeadingIndustryPrefixes).Must(l => l is null || (l.Length <= 30 && l.All(p => System.Text.RegularExpressions.Regex.IsMatch(p, "^[A-T][0-9]{0,4}$"))))
            .WithMessage(_ => t["Val.IndustryCode"]);
        RuleFor(x => x.ChainStages).Must(l => l is null || (l.Length <= 20 && l.All(v => v.Length is > 0 and <= 30 && !v.Contains('|')))).WithMessage(_ => t["Val.List", 20, 30]);
        RuleFor(x => x.NegativeList).Must(l => l is null || (l.Length <= 50 && l.All(v => v.Length is > 0 and <= 30 && !v.Contains('|')))).WithMessage(_ => t["Val.List", 50, 30]);
        RuleFor(x => x.CrowdedStageCount).InclusiveBetween(1, 1000).WithMessage(_ => t["Val.Range", 1, 1000]);
        // a share of the crowded count, in hundredths: above 0 (some stage can be thin), below 1 (thin is less than crowded)
        RuleFor(x => x.ThinStageShare).Must(s => s is > 0m and < 1m && s * 100 == decimal.Truncate(s.Value * 100)).When(x => x.ThinStageShare is not null)
            .WithMessage(_ => t["Val.ThinStageShare"]);
    }
}

public sealed class ParkService(ParkOpsDb db, IValidator<ParkInput> parkValidator, IValidator<ParkSettingsInput> settingsValidator, IValidator<CollectionAccountInput> accountValidator,
    TimeProvider clock, IStringLocalizer<Text> t) : IParkOverview
{
    /// <summary>Every region, by code (the parks page: the new park's region and the regions' government detail).</summary>
    public Task<List<Region>> RegionsAsync(CancellationToken ct) => db.Regions.OrderBy(r => r.Code).ToListAsync(ct);

    public async Task<Park> CreateAsync(ParkInput input, CancellationToken ct)
    {
        if (!db.Actor.IsPlatformAdmin) throw new ForbiddenException("OnlyPlatformAdminsCreateParks");
        await parkValidator.EnsureValidAsync(input, ct);
        if (!await db.Regions.AnyAsync(r => r.Id == input.RegionId, ct))
            throw new ValidationException([new FluentValidation.Results.ValidationFailure("regionId", t["Val.Unknown"])]);
        if (await db.Parks.IgnoreQueryFilters().AnyAsync(p => p.Code == input.Code, ct))
            throw new DomainRuleException("ParkCodeMustBeUnique", "code", "园区编码已存在", RuleKind.Conflict);
        var park = new Park { RegionId = input.RegionId, Name = input.Name.Trim(), Code = input.Code.Trim(), Address = input.Address?.Trim(), LandMu = input.LandMu, CreatedAt = clock.GetUtcNow().UtcDateTime };
        db.Parks.Add(park);
        await db.SaveChangesAsync(ct);
        return park;
    }

    /// <summary>
    /// The park whose settings the caller is about to edit (the settings page), untracked: 404 when the caller cannot
    /// see it, 403 when they may not operate it — the answers <see cref="UpdateSettingsAsync"/> gives.
    /// </summary>
    public async Task<Park> ForSettingsAsync(long parkId, CancellationToken ct)
    {
        var park = await db.Parks.AsNoTracking().FirstOrDefaultAsync(p => p.Id == parkId, ct) ?? throw new NotFoundException("Park", parkId);
        if (!db.Actor.CanOperatePark(parkId)) throw new ForbiddenException("OnlyOperatorsMayWrite");
        return park;
    }

    public async Task<Park> UpdateSettingsAsync(long parkId, ParkSettingsInput input, CancellationToken ct)
    {
        var park = await db.Parks.FirstOrDefaultAsync(p => p.Id == parkId, ct) ?? throw new NotFoundException("Park", parkId);
        if (!db.Actor.CanOperatePark(parkId)) throw new ForbiddenException("OnlyOperatorsMayWrite");
        await settingsValidator.EnsureValidAsync(input, ct);
        static string Join(string[]? l) => string.Join('|', (l ?? []).Select(s => s.Trim()).Where(s => s.Length > 0).Distinct());
        park.LeadingIndustry = input.LeadingIndustry?.Trim();
        park.LeadingIndustryPrefixes = Join(input.LeadingIndustryPrefixes?.Select(p => p.ToUpperInvariant()).ToArray());
        park.ChainStages = Join(input.ChainStages);
        // a stage renamed or removed is no longer a service; the kinds of the stages kept stay
        park.ChainServices = string.Join('|', Park.Split(park.ChainServices).Intersect(Park.Split(park.ChainStages)));
        // each item is a rule over the applicant's facts (行业:C26, 工艺:电镀 …); a bad one is refused naming its place
        park.NegativeList = Join((input.NegativeList ?? [])
            .Select((v, i) => ParkOps.Domain.Enterprises.NegativeItem.Parse(v, $"negativeList[{i}]").Stored).ToArray());
        park.CrowdedStageCount = input.CrowdedStageCount;
        if (input.ThinStageShare is { } thin) park.ThinStageShare = thin; // left out: kept as it is
        await db.SaveChangesAsync(ct);
        return park;
    }

    /// <summary>
    /// Sets the park's collection account (operators of the park): the three fields all filled or all empty
    /// (<c>PayeeMustBeComplete</c>, naming the first one missing), the account number digits only
    /// (<c>BankAccountMustBeDigits</c>; spaces and hyphens people group it with are dropped).
    /// </summary>
    public async Task<CollectionAccount> UpdateCollectionAccountAsync(long parkId, CollectionAccountInput input, CancellationToken ct)
    {
        var park = await db.Parks.FirstOrDefaultAsync(p => p.Id == parkId, ct) ?? throw new NotFoundException("Park", parkId);
        if (!db.Actor.CanOperatePark(parkId)) throw new ForbiddenException("OnlyOperatorsMayWrite");
        await accountValidator.EnsureValidAsync(input, ct);
        static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
        (string Field, string? Value)[] fields = [("payeeName", Clean(input.PayeeName)), ("payeeBank", Clean(input.PayeeBank)), ("payeeAccount", Clean(input.PayeeAccount))];
        if (fields.Any(f => f.Value is not null) && fields.FirstOrDefault(f => f.Value is null) is { Field: { } missing })
            throw new DomainRuleException("PayeeMustBeComplete", missing, "收款单位、开户行和账号须同时填写");
        park.PayeeName = fields[0].Value;
        park.PayeeBank = fields[1].Value;
        park.PayeeAccount = fields[2].Value is { } account ? ParkOps.Domain.Billing.PaymentReferences.NormaliseAccount(account) : null;
        park.PaymentReference = input.PaymentReference;
        await db.SaveChangesAsync(ct);
        return CollectionAccounts.Of(park);
    }

    public async Task<Region> CreateRegionAsync(RegionInput input, CancellationToken ct)
    {
        if (!db.Actor.IsPlatformAdmin) throw new ForbiddenException("OnlyPlatformAdminsManageRegions");
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Length > 100)
            throw new ValidationException([new FluentValidation.Results.ValidationFailure("name", t["Val.MaxLength", 100])]);
        if (!System.Text.RegularExpressions.Regex.IsMatch(input.Code ?? "", "^[0-9]{6,12}$"))
            throw new ValidationException([new FluentValidation.Results.ValidationFailure("code", t["Val.RegionCode"])]);
        if (input.ParentId is { } pid && !await db.Regions.AnyAsync(r => r.Id == pid, ct))
            throw new ValidationException([new FluentValidation.Results.ValidationFailure("parentId", t["Val.Unknown"])]);
        if (await db.Regions.AnyAsync(r => r.Code == input.Code, ct))
            throw new DomainRuleException("RegionCodeMustBeUnique", "code", "区划代码已存在", RuleKind.Conflict);
        var r = new Region { Name = input.Name.Trim(), Code = input.Code!, Level = input.Level, ParentId = input.ParentId, GovernmentSeesEnterpriseDetail = input.GovernmentSeesEnterpriseDetail };
        db.Regions.Add(r);
        await db.SaveChangesAsync(ct);
        return r;
    }

    /// <summary>Changes a region's settings (platform admin); the scopes of its government viewers follow at once.</summary>
    public async Task<Region> UpdateRegionSettingsAsync(long regionId, RegionSettingsInput input, CancellationToken ct)
    {
        if (!db.Actor.IsPlatformAdmin) throw new ForbiddenException("OnlyPlatformAdminsManageRegions");
        var r = await db.Regions.FirstOrDefaultAsync(x => x.Id == regionId, ct) ?? throw new NotFoundException("Region", regionId);
        r.GovernmentSeesEnterpriseDetail = input.GovernmentSeesEnterpriseDetail;
        await db.SaveChangesAsync(ct);
        return r;
    }

    public Task<List<ParkSummary>> ListAsync(CancellationToken ct) => ListAsync(null, ct);

    /// <summary>The parks the caller may read (only <paramref name="parkId"/> when given), with their counts and areas: five queries for any number of parks.</summary>
    private async Task<List<ParkSummary>> ListAsync(long? parkId, CancellationToken ct)
    {
        var parks = await db.Parks.AsNoTracking().Where(p => parkId == null || p.Id == parkId).OrderBy(p => p.Id).ToListAsync(ct);
        var ids = parks.Select(p => p.Id).ToArray();
        var regions = await db.Regions.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.Name, ct);
        // counts are read unfiltered so a tenant sees the park's size, never another tenant's rows
        var ents = await db.Enterprises.IgnoreQueryFilters().Where(e => ids.Contains(e.ParkId) && (e.Status == EnterpriseStatus.Admitted || e.Status == EnterpriseStatus.Conditional || e.Status == EnterpriseStatus.Exiting))
            .GroupBy(e => e.ParkId).Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.N, ct);
        var buildings = await db.Buildings.AsNoTracking().Where(b => ids.Contains(b.ParkId)).GroupBy(b => b.ParkId).Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.N, ct);
        var units = await db.Units.AsNoTracking().Where(u => ids.Contains(u.ParkId)).Select(u => new { u.ParkId, u.AreaSqm, u.Status }).ToListAsync(ct);
        return parks.Select(p =>
        {
            var us = units.Where(u => u.ParkId == p.Id).ToList();
            var leasable = us.Where(u => u.Status != UnitStatus.NotLeasable).Sum(u => u.AreaSqm);
            var leased = us.Where(u => u.Status == UnitStatus.Leased).Sum(u => u.AreaSqm);
            return new ParkSummary(p.Id, p.Name, p.Code, p.RegionId, regions.GetValueOrDefault(p.RegionId), p.Address, p.LandMu, p.LeadingIndustry,
                [.. Park.Split(p.ChainStages)], ents.GetValueOrDefault(p.Id), buildings.GetValueOrDefault(p.Id), us.Count, leasable, leased,
                Math.Round(Land.Occupancy(leased, leasable), 4));
        }).ToList();
    }

    public async Task<ParkDetail> DetailAsync(long parkId, CancellationToken ct) =>
        (await DetailsAsync((await ListAsync(parkId, ct)) is [var one] ? [one] : throw new NotFoundException("Park", parkId), ct))[0];

    /// <summary>The details of parks already listed (<see cref="ListAsync(CancellationToken)"/>): one more query for all of them (the admin's home shows every park).</summary>
    public async Task<List<ParkDetail>> DetailsAsync(IReadOnlyList<ParkSummary> parks, CancellationToken ct)
    {
        var ids = parks.Select(p => p.Id).ToArray();
        var all = (await db.Enterprises.IgnoreQueryFilters().Where(e => ids.Contains(e.ParkId)).Select(e => new { e.ParkId, e.Status, e.ChainStages }).ToListAsync(ct))
            .ToLookup(e => e.ParkId, e => (e.Status, e.ChainStages));
        return parks.Select(p => Detail(p, all[p.Id].ToList())).ToList();
    }

    private static ParkDetail Detail(ParkSummary summary, List<(EnterpriseStatus Status, string ChainStages)> rows)
    {
        var active = rows.Where(r => r.Status is EnterpriseStatus.Admitted or EnterpriseStatus.Conditional or EnterpriseStatus.Exiting).ToList();
        var chain = summary.ChainStages.Select(s => new StageCoverage(s, active.Count(r => Park.Split(r.ChainStages).Contains(s)))).ToList();
        var covered = ParkOps.Domain.Chains.ChainRules.Completeness(summary.ChainStages, active.Select(r => Park.Split(r.ChainStages)));
        var completeness = covered.Total == 0 ? 0 : Math.Round((decimal)covered.Covered / covered.Total, 4);
        var byStatus = rows.GroupBy(r => r.Status.ToString()).ToDictionary(g => g.Key, g => g.Count());
        return new ParkDetail(summary, chain, completeness, byStatus);
    }
}

public static class ParkEndpoints
{
    public static IServiceCollection AddParks(this IServiceCollection services) => services.AddScoped<ParkService>().AddScoped<IParkOverview>(sp => sp.GetRequiredService<ParkService>()).AddScoped<Contracts.IParkRegions, ParkRegions>().AddScoped<ICollectionAccounts, CollectionAccounts>().AddScoped<IParkNames, ParkNames>().AddScoped<IParkChains, ParkChains>().AddScoped<IParkProfiles, ParkProfiles>()
        .AddSingleton<IValidator<CollectionAccountInput>, CollectionAccountValidator>()
        .AddSingleton<IValidator<ParkInput>, ParkInputValidator>().AddSingleton<IValidator<ParkSettingsInput>, ParkSettingsValidator>();

    public static void MapParks(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization().WithTags("Parks");
        api.MapGet("/parks", async Task<Ok<Page<ParkSummary>>> (ParkService s, CancellationToken ct) =>
        {
            var list = await s.ListAsync(ct);
            return TypedResults.Ok(new Page<ParkSummary>(list, list.Count, 1, Math.Max(1, list.Count)));
        }).WithSummary("Parks the caller may see, with occupancy (leased ÷ leasable area).");
        api.MapGet("/parks/{parkId:long}", async Task<Ok<ParkDetail>> (long parkId, ParkService s, CancellationToken ct) => TypedResults.Ok(await s.DetailAsync(parkId, ct)))
            .WithSummary("A park with its chain coverage (enterprises per stage) and completeness.");
        api.MapPost("/parks", async (ParkInput input, ParkService s, CancellationToken ct) =>
        {
            var p = await s.CreateAsync(input, ct);
            return TypedResults.Created($"/api/v1/parks/{p.Id}", p);
        }).WithSummary("Create a park (platform admin).").ProducesValidationProblem();
        api.MapPut("/parks/{parkId:long}/settings", async (long parkId, ParkSettingsInput input, ParkService s, CancellationToken ct) =>
            TypedResults.Ok(await s.UpdateSettingsAsync(parkId, input, ct)))
            .WithSummary("Admission settings of a park: leading industry and its GB/T 4754 prefixes, chain stages, negative list, crowded-stage threshold.");
        api.MapGet("/parks/{parkId:long}/collection-account", async Task<Ok<CollectionAccount>> (long parkId, ICollectionAccounts s, CancellationToken ct) => TypedResults.Ok(await s.OfAsync(parkId, ct)))
            .WithSummary("The park's collection account that its bills print (payeeName 收款单位, payeeBank 开户行, payeeAccount 账号; null until set) and paymentReference, the rule for the transfer's memo (BillNumber, BillNumberAndEnterprise, EnterpriseAndMonth). Anyone who sees the park.")
            .ProducesProblem(404);
        api.MapPut("/parks/{parkId:long}/collection-account", async Task<Ok<CollectionAccount>> (long parkId, CollectionAccountInput input, ICollectionAccounts s, CancellationToken ct) =>
            TypedResults.Ok(await s.SetAsync(parkId, input, ct)))
            .WithSummary("Set the park's collection account (operators of the park): payeeName, payeeBank, payeeAccount all filled or all empty (422 PayeeMustBeComplete naming the first missing field); payeeAccount 8–30 digits, spaces and hyphens dropped (422 BankAccountMustBeDigits); paymentReference one of BillNumber (default), BillNumberAndEnterprise, EnterpriseAndMonth.")
            .ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404).ProducesProblem(422);
        api.MapGet("/regions", async (ParkOpsDb db, CancellationToken ct) => TypedResults.Ok(await db.Regions.AsNoTracking().OrderBy(r => r.Code).ToListAsync(ct)));
        api.MapPost("/regions", async (RegionInput input, ParkService s, CancellationToken ct) =>
        {
            var r = await s.CreateRegionAsync(input, ct);
            return TypedResults.Created($"/api/v1/regions/{r.Id}", r);
        }).WithSummary("Create a region (platform admin); governmentSeesEnterpriseDetail (default false) lets its government viewers see enterprise detail.");
        api.MapPut("/regions/{regionId:long}/settings", async (long regionId, RegionSettingsInput input, ParkService s, CancellationToken ct) =>
            TypedResults.Ok(await s.UpdateRegionSettingsAsync(regionId, input, ct)))
            .WithSummary("A region's settings (platform admin): governmentSeesEnterpriseDetail — whether government viewers see the confidential detail (contacts, headcount, credit file, deal amounts) of the enterprises in the parks of this region and the regions below it. Default false: park aggregates and evaluation classes only.")
            .ProducesProblem(403).ProducesProblem(404);
    }
}
