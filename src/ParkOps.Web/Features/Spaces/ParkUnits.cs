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

    public async Task<IReadOnlyDictionary<long, decimal>> LeasableAreasAsync(IReadOnlyCollection<long> parkIds, CancellationToken ct)
    {
        var ids = parkIds.Distinct().ToArray();
        // the ids as one parameter (PostgreSQL an array, SQLite json_each): a region has thousands of parks
        var rows = ids.Length == 0 ? [] : await db.Units.IgnoreQueryFilters().AsNoTracking()
            .Where(u => EF.Parameter(ids).Contains(u.ParkId) && u.Status != UnitStatus.NotLeasable).Select(u => new { u.ParkId, u.AreaSqm }).ToListAsync(ct);
        // decimals are summed here: SQLite cannot sum them in SQL
        var sums = rows.GroupBy(r => r.ParkId).ToDictionary(g => g.Key, g => g.Sum(r => r.AreaSqm));
        return ids.ToDictionary(id => id, id => sums.GetValueOrDefault(id));
    }

    public async Task<IReadOnlyList<UnitChoice>> VisibleUnitsAsync(UnitPick pick, CancellationToken ct)
    {
        var q = db.Units.AsNoTracking();
        if (pick.ParkId is { } parkId) q = q.Where(u => u.ParkId == parkId);
        if (pick.VacantOnly) q = q.Where(u => u.Status == UnitStatus.Vacant);
        if (pick.OccupiedBy is { } by) { var ids = by.ToArray(); q = q.Where(u => u.OccupantEnterpriseId != null && ids.Contains(u.OccupantEnterpriseId.Value)); }
        q = q.OrderBy(u => u.Code);
        if (pick.Max is { } max) q = q.Take(max);
        var rows = await q.Select(u => new { u.Id, u.Code, u.AreaSqm, u.Use }).ToListAsync(ct);
        return rows.Select(u => new UnitChoice(u.Id, u.Code, u.AreaSqm, u.Use.ToString())).ToList();
    }
}
