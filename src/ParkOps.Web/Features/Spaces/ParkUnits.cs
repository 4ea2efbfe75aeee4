using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Spaces.Contracts;

namespace ParkOps.Web.Features.Spaces;

public sealed class ParkUnits(ParkOpsDb db) : IParkUnits
{
    public async Task<IReadOnlyList<ParkUnit>> UnitsAsync(long parkId, CancellationToken ct)
    {
        var buildings = await db.Buildings.IgnoreQueryFilters().AsNoTracking().Where(b => b.ParkId == parkId).ToDictionaryAsync(b => b.Id, b => b.Name, ct);
        var units = await db.Units.IgnoreQueryFilters().AsNoTracking().Where(u => u.ParkId == parkId)
            .Select(u => new { u.Id, u.Code, u.BuildingId, u.AreaSqm, u.Use, u.Status }).ToListAsync(ct);
        return units.Select(u => new ParkUnit(u.Id, u.Code, buildings.GetValueOrDefault(u.BuildingId, ""), u.AreaSqm, u.Use.ToString(), u.Status != UnitStatus.NotLeasable))
            .OrderBy(u => u.Building, StringComparer.Ordinal).ThenBy(u => u.Code, StringComparer.Ordinal).ToList();
    }
}
