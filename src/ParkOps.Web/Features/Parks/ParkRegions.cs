using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Parks.Contracts;

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
}
