using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Spaces.Contracts;

namespace ParkOps.Web.Features.Spaces;

/// <summary><see cref="IUnitOccupancy"/> over the Units table.</summary>
public sealed class UnitOccupancy(ParkOpsDb db) : IUnitOccupancy
{
    public async Task OccupyAsync(IReadOnlyCollection<long> unitIds, long enterpriseId, CancellationToken ct)
    {
        var ids = unitIds.ToArray();
        foreach (var u in await db.Units.Where(u => ids.Contains(u.Id)).ToListAsync(ct))
        {
            u.Status = UnitStatus.Leased;
            u.OccupantEnterpriseId = enterpriseId;
        }
    }

    public async Task VacateAsync(IReadOnlyCollection<long> unitIds, long enterpriseId, CancellationToken ct)
    {
        var ids = unitIds.ToArray();
        foreach (var u in await db.Units.Where(u => ids.Contains(u.Id) && u.OccupantEnterpriseId == enterpriseId).ToListAsync(ct))
            Vacate(u);
    }

    public async Task VacateAllAsync(long enterpriseId, CancellationToken ct)
    {
        foreach (var u in await db.Units.Where(u => u.OccupantEnterpriseId == enterpriseId).ToListAsync(ct))
            Vacate(u);
    }

    private static void Vacate(Unit u)
    {
        u.Status = UnitStatus.Vacant;
        u.OccupantEnterpriseId = null;
    }
}
