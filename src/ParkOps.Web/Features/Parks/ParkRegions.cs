using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Parks.Contracts;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Features.Parks;

public sealed class ParkRegions(ParkOpsDb db) : IParkRegions
{
    public async Task<IReadOnlyList<long>> RegionChainAsync(long parkId, CancellationToken ct)
    {
        var regionId = await db.Parks.IgnoreQueryFilters().AsNoTracking().Where(p => p.Id == parkId).Select(p => (long?)p.RegionId).FirstOrDefaultAsync(ct);
        if (regionId is null) return [];
        var parents = await db.Regions.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.ParentId, ct);
        var chain = new List<long>();
        for (long? r = regionId; r is { } id && !chain.Contains(id); r = parents.GetValueOrDefault(id)) chain.Add(id);
        return chain;
    }

    public Task<bool> RegionExistsAsync(long regionId, CancellationToken ct) => db.Regions.AnyAsync(r => r.Id == regionId, ct);

    public async Task<IReadOnlyList<RegionLabel>> VisibleRegionsAsync(CancellationToken ct) =>
        await db.Regions.AsNoTracking().OrderBy(r => r.Code).Select(r => new RegionLabel(r.Id, r.Name, r.Code)).ToListAsync(ct);
}

/// <summary>Park names for <see cref="IParkNames"/>: the scope filter plus the caller's contractor parks.</summary>
public sealed class ParkNames(ParkOpsDb db) : IParkNames
{
    public async Task<IReadOnlyDictionary<long, string>> NamesAsync(IReadOnlyCollection<long> parkIds, CancellationToken ct)
    {
        if (parkIds.Count == 0) return new Dictionary<long, string>();
        var ids = parkIds.ToArray();
        var actor = db.Actor;
        var allowed = actor.IsPlatformAdmin ? ids : ids.Where(id => actor.VisibleParkIds.Contains(id) || actor.ContractorParkIds.Contains(id)).ToArray();
        return await db.Parks.IgnoreQueryFilters().AsNoTracking().Where(p => allowed.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => p.Name, ct);
    }

    public Task<string?> VisibleNameAsync(long parkId, CancellationToken ct) =>
        db.Parks.AsNoTracking().Where(p => p.Id == parkId).Select(p => p.Name).FirstOrDefaultAsync(ct);

    public IReadOnlyList<ParkLabel> VisibleParks() =>
        db.Parks.AsNoTracking().OrderBy(p => p.Id).Select(p => new ParkLabel(p.Id, p.Name, p.Code)).ToList();
}

public sealed class ParkChains(ParkOpsDb db) : IParkChains
{
    public async Task<ParkChain> ChainAsync(long parkId, CancellationToken ct)
    {
        var p = await db.Parks.IgnoreQueryFilters().AsNoTracking().Where(x => x.Id == parkId)
            .Select(x => new { x.LeadingIndustry, x.LeadingIndustryPrefixes, x.ChainStages, x.ChainServices }).FirstOrDefaultAsync(ct);
        return p is null ? new ParkChain(parkId, null, [], [])
            : new ParkChain(parkId, p.LeadingIndustry, [.. Park.Split(p.LeadingIndustryPrefixes)], [.. Park.Split(p.ChainStages)]) { Services = [.. Park.Split(p.ChainServices)] };
    }

    public async Task<IReadOnlyDictionary<long, ParkChain>> ChainAsync(IReadOnlyCollection<long> parkIds, CancellationToken ct)
    {
        var ids = parkIds.Distinct().ToArray();
        // the ids as one parameter (PostgreSQL an array, SQLite json_each): a region has thousands of parks
        var rows = ids.Length == 0 ? [] : await db.Parks.IgnoreQueryFilters().AsNoTracking().Where(x => EF.Parameter(ids).Contains(x.Id))
            .Select(x => new { x.Id, x.LeadingIndustry, x.LeadingIndustryPrefixes, x.ChainStages, x.ChainServices }).ToListAsync(ct);
        var found = rows.ToDictionary(p => p.Id, p => new ParkChain(p.Id, p.LeadingIndustry, [.. Park.Split(p.LeadingIndustryPrefixes)], [.. Park.Split(p.ChainStages)])
            { Services = [.. Park.Split(p.ChainServices)] });
        return ids.ToDictionary(id => id, id => found.GetValueOrDefault(id) ?? new ParkChain(id, null, [], []));
    }

    public async Task<ParkChain> SetChainAsync(long parkId, IReadOnlyList<ParkOps.Domain.Chains.ChainStage> stages, string? leadingIndustry, IReadOnlyList<string>? industryPrefixes, CancellationToken ct)
    {
        var park = await db.Parks.FirstOrDefaultAsync(p => p.Id == parkId, ct) ?? throw new NotFoundException("Park", parkId);
        if (!db.Actor.CanOperatePark(parkId)) throw new ForbiddenException("OnlyOperatorsMayWrite");
        var chain = ParkOps.Domain.Chains.ChainRules.Normalise(stages);
        park.ChainStages = string.Join('|', chain.Select(s => s.Name));
        park.ChainServices = string.Join('|', chain.Where(s => s.Kind == ParkOps.Domain.Chains.StageKind.Service).Select(s => s.Name));
        if (!string.IsNullOrWhiteSpace(leadingIndustry)) park.LeadingIndustry = leadingIndustry.Trim();
        if (industryPrefixes is { Count: > 0 }) park.LeadingIndustryPrefixes = string.Join('|', industryPrefixes.Select(x => x.Trim().ToUpperInvariant()).Where(x => x.Length > 0).Distinct());
        await db.SaveChangesAsync(ct);
        return await ChainAsync(parkId, ct);
    }
}

/// <summary><see cref="IParkProfiles"/>: parks and regions read past the scope filter (the caller checks who asks).</summary>
public sealed class ParkProfiles(ParkOpsDb db) : IParkProfiles
{
    public async Task<ParkProfile?> ParkAsync(long parkId, CancellationToken ct) =>
        (await ProfilesAsync(db.Parks.IgnoreQueryFilters().Where(p => p.Id == parkId), ct)).FirstOrDefault();

    public async Task<IReadOnlyList<ParkProfile>> ParksAsync(IReadOnlyCollection<long> parkIds, CancellationToken ct)
    {
        var ids = parkIds.ToArray();
        return ids.Length == 0 ? [] : await ProfilesAsync(db.Parks.IgnoreQueryFilters().Where(p => EF.Parameter(ids).Contains(p.Id)), ct);
    }

    public async Task<RegionProfile?> RegionAsync(long regionId, CancellationToken ct) =>
        await db.Regions.AsNoTracking().Where(r => r.Id == regionId).Select(r => new RegionProfile(r.Id, r.Name, r.Code, r.ParentId)).FirstOrDefaultAsync(ct);

    public async Task<IReadOnlyList<ParkProfile>> ParksUnderAsync(long regionId, CancellationToken ct)
    {
        var regions = await db.Regions.AsNoTracking().Select(r => new { r.Id, r.ParentId }).ToListAsync(ct);
        var under = new HashSet<long> { regionId };
        bool grew;
        do
        {
            grew = false;
            foreach (var r in regions)
                if (r.ParentId is { } p && under.Contains(p) && under.Add(r.Id)) grew = true;
        } while (grew);
        var ids = under.ToArray();
        return await ProfilesAsync(db.Parks.IgnoreQueryFilters().Where(p => ids.Contains(p.RegionId)), ct);
    }

    public async Task<IReadOnlyList<long>> RegionAncestryAsync(long regionId, CancellationToken ct)
    {
        var parents = await db.Regions.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.ParentId, ct);
        var chain = new List<long>();
        for (long? r = parents.ContainsKey(regionId) ? regionId : null; r is { } id && !chain.Contains(id); r = parents.GetValueOrDefault(id)) chain.Add(id);
        return chain;
    }

    private async Task<IReadOnlyList<ParkProfile>> ProfilesAsync(IQueryable<Park> parks, CancellationToken ct)
    {
        var rows = await parks.AsNoTracking().Select(p => new { p.Id, p.Name, p.Code, p.RegionId, p.LandMu }).ToListAsync(ct);
        var regionIds = rows.Select(r => r.RegionId).Distinct().ToArray();
        var names = await db.Regions.AsNoTracking().Where(r => regionIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Name, ct);
        return rows.OrderBy(r => r.Code, StringComparer.Ordinal).Select(r => new ParkProfile(r.Id, r.Name, r.Code, r.RegionId, names.GetValueOrDefault(r.RegionId, ""), r.LandMu)).ToList();
    }
}
