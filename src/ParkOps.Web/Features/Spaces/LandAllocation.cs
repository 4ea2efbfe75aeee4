using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Spaces;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Spaces.Contracts;

namespace ParkOps.Web.Features.Spaces;

/// <summary><see cref="ILandAllocation"/> over Buildings and Units.</summary>
public sealed class LandAllocation(ParkOpsDb db) : ILandAllocation
{
    public async Task<IReadOnlyList<AllocatedLand>> AllocatedLandAsync(long parkId, CancellationToken ct)
    {
        var buildings = await db.Buildings.IgnoreQueryFilters().AsNoTracking().Where(b => b.ParkId == parkId)
            .Select(b => new { b.Id, b.LandMu, b.FloorAreaSqm }).ToDictionaryAsync(b => b.Id, ct);
        // the occupied units flat, added up per enterprise and building here: on SQLite a decimal SUM in the database is
        // EF Core's managed ef_sum called once per unit (it keeps decimals as text), plus a sort for the GROUP BY
        var units = await db.Units.IgnoreQueryFilters().AsNoTracking().Where(u => u.ParkId == parkId && u.OccupantEnterpriseId != null)
            .Select(u => new { Enterprise = u.OccupantEnterpriseId!.Value, u.BuildingId, u.AreaSqm }).ToListAsync(ct);
        var occupied = units.GroupBy(u => (u.Enterprise, u.BuildingId))
            .Select(g => new { g.Key.Enterprise, g.Key.BuildingId, Area = g.Sum(u => u.AreaSqm) }).ToList();
        return occupied.GroupBy(o => o.Enterprise).OrderBy(g => g.Key).Select(g =>
        {
            var shares = g.OrderBy(o => o.BuildingId).Select(o =>
            {
                var b = buildings[o.BuildingId];
                return new BuildingLandShare(o.BuildingId, o.Area, Land.AllocatedMu(b.LandMu, b.FloorAreaSqm, o.Area));
            }).ToList();
            var main = shares.OrderByDescending(s => s.LandMu).ThenBy(s => s.BuildingId).First().BuildingId;
            return new AllocatedLand(g.Key, shares.Sum(s => s.LandMu), main, shares);
        }).ToList();
    }
}
