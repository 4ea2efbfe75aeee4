using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Spaces;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Features.Parks;

public sealed record ParkSummary(long Id, string Name, string Code, long RegionId, string? RegionName, string? Address, decimal LandMu,
    string? LeadingIndustry, string[] ChainStages, int Enterprises, int Buildings, int Units, decimal LeasableSqm, decimal LeasedSqm, decimal Occupancy);

public sealed record StageCoverage(string Stage, int Enterprises);

public sealed record ParkDetail(ParkSummary Park, IReadOnlyList<StageCoverage> Chain, decimal ChainCompleteness, IReadOnlyDictionary<string, int> EnterprisesByStatus);

public sealed class ParkService(ParkOpsDb db)
{
    public async Task<List<ParkSummary>> ListAsync(CancellationToken ct)
    {
        var parks = await db.Parks.AsNoTracking().OrderBy(p => p.Id).ToListAsync(ct);
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

    public async Task<ParkDetail> DetailAsync(long parkId, CancellationToken ct)
    {
        var summary = (await ListAsync(ct)).FirstOrDefault(p => p.Id == parkId) ?? throw new NotFoundException("Park", parkId);
        var rows = await db.Enterprises.IgnoreQueryFilters().Where(e => e.ParkId == parkId).Select(e => new { e.Status, e.ChainStages }).ToListAsync(ct);
        var active = rows.Where(r => r.Status is EnterpriseStatus.Admitted or EnterpriseStatus.Conditional or EnterpriseStatus.Exiting).ToList();
        var chain = summary.ChainStages.Select(s => new StageCoverage(s, active.Count(r => Park.Split(r.ChainStages).Contains(s)))).ToList();
        var completeness = chain.Count == 0 ? 0 : Math.Round((decimal)chain.Count(c => c.Enterprises > 0) / chain.Count, 4);
        var byStatus = rows.GroupBy(r => r.Status.ToString()).ToDictionary(g => g.Key, g => g.Count());
        return new ParkDetail(summary, chain, completeness, byStatus);
    }
}

public static class ParkEndpoints
{
    public static IServiceCollection AddParks(this IServiceCollection services) => services.AddScoped<ParkService>();

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
        api.MapGet("/regions", async (ParkOpsDb db, CancellationToken ct) => TypedResults.Ok(await db.Regions.AsNoTracking().OrderBy(r => r.Code).ToListAsync(ct)));
    }
}
