using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Leasing.Contracts;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Features.Leasing;

/// <summary>
/// <see cref="ILeaseOccupancy"/>: read past the leases' scope filter (a government viewer sees no lease), summed here,
/// no firm named.
/// </summary>
public sealed class LeaseOccupancy(ParkOpsDb db, EnterpriseService enterprises) : ILeaseOccupancy
{
    private static readonly LeaseState[] NeverHeld = [LeaseState.Intent, LeaseState.Approved, LeaseState.Cancelled];

    public async Task<IReadOnlyList<LeasedAreaOnDay>> LeasedAreaAsync(long parkId, IReadOnlyList<DateOnly> days, CancellationToken ct)
    {
        await enterprises.ParkForReadAsync(parkId, ct);
        if (!db.Actor.ReadsParkAggregates(parkId)) throw new ForbiddenException("ParkAggregatesAreForOperatorsAndGovernment");
        if (days.Count == 0) return [];
        var (first, last) = (days.Min(), days.Max());
        var leases = await db.Leases.IgnoreQueryFilters().AsNoTracking()
            .Where(l => l.ParkId == parkId && !NeverHeld.Contains(l.State) && l.StartDate <= last && (l.TerminatedOn ?? l.EndDate) >= first)
            .Select(l => new { l.Id, l.StartDate, Until = l.TerminatedOn ?? l.EndDate }).ToListAsync(ct);
        var ids = leases.Select(l => l.Id).ToArray();
        var units = await db.LeaseUnits.IgnoreQueryFilters().AsNoTracking().Where(u => ids.Contains(u.LeaseId))
            .Select(u => new { u.LeaseId, u.UnitId, u.AreaSqm }).ToListAsync(ct);
        return days.Select(d =>
        {
            var held = leases.Where(l => l.StartDate <= d && l.Until >= d).Select(l => l.Id).ToHashSet();
            // a unit counts once even when a renewal and its predecessor both cover the day
            var area = units.Where(u => held.Contains(u.LeaseId)).GroupBy(u => u.UnitId).Select(g => g.First().AreaSqm).ToList();
            return new LeasedAreaOnDay(d, area.Count, area.Sum());
        }).ToList();
    }
}
