using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Enterprises.Contracts;
using ParkOps.Web.Features.Leasing.Contracts;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Features.Leasing;

/// <summary>
/// Expiry reminders (DOMAIN §3): a holding lease enters the 90-day stage 90 days before its end, then the 30- and
/// 7-day stages. Computed from the leases each time (nothing to get out of step); tenants see their own only.
/// </summary>
public sealed class ExpiryReminderService(ParkOpsDb db, EnterpriseService enterprises, IEnterpriseDirectory directory) : ILeaseExpiries, ILeaseOccupancy
{
    public static readonly int[] Stages = ExpiryReminder.Stages;

    public static int? StageOf(int daysLeft) => daysLeft < 0 ? null : Stages.Cast<int?>().FirstOrDefault(s => daysLeft <= s);

    /// <summary>The park's reminders, each lease with its tenant; a government viewer of the park is refused (it reads <see cref="CountsAsync"/>).</summary>
    public async Task<List<ExpiryReminder>> DueAsync(long parkId, CancellationToken ct)
    {
        await enterprises.ParkForReadAsync(parkId, ct);
        db.Actor.RefuseGovernmentViewer(parkId);
        var today = enterprises.Today;
        var leases = await Ending(db.Leases.AsNoTracking(), parkId, today).Select(l => new { l.Id, l.Code, l.ParkId, l.EnterpriseId, l.EndDate }).ToListAsync(ct);
        var ids = leases.Select(l => l.EnterpriseId).Distinct().ToArray();
        var names = await directory.NamesAsync(ids, ct);
        return leases.Select(l =>
            {
                var days = l.EndDate.DayNumber - today.DayNumber;
                return new ExpiryReminder(l.Id, l.Code, l.ParkId, l.EnterpriseId, names.GetValueOrDefault(l.EnterpriseId, ""), l.EndDate, days, StageOf(days)!.Value);
            })
            .OrderBy(r => r.DaysLeft).ThenBy(r => r.Code, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The same leases counted by stage (<see cref="ILeaseExpiries"/>), read past the leases' scope filter (which shows a
    /// government viewer none): the counts equal the operator's list.
    /// </summary>
    public async Task<ExpiringLeaseCounts> CountsAsync(long parkId, CancellationToken ct)
    {
        await enterprises.ParkForReadAsync(parkId, ct);
        if (!db.Actor.ReadsParkAggregates(parkId)) throw new ForbiddenException("ParkAggregatesAreForOperatorsAndGovernment");
        var today = enterprises.Today;
        var ends = await Ending(db.Leases.IgnoreQueryFilters().AsNoTracking(), parkId, today).Select(l => l.EndDate).ToListAsync(ct);
        var stages = ends.Select(e => StageOf(e.DayNumber - today.DayNumber)).ToList();
        return new ExpiringLeaseCounts(parkId, today, stages.Count(s => s == 7), stages.Count(s => s == 30), stages.Count(s => s == 90));
    }

    private static IQueryable<Lease> Ending(IQueryable<Lease> leases, long parkId, DateOnly today)
    {
        var until = today.AddDays(Stages[^1]);
        return leases.Where(l => l.ParkId == parkId && (l.State == LeaseState.Active || l.State == LeaseState.Signed) && l.EndDate >= today && l.EndDate <= until);
    }

    // ILeaseOccupancy: read past the leases' scope filter (a government viewer sees no lease), summed here, no firm named
    private static readonly LeaseState[] NeverHeld = [LeaseState.Intent, LeaseState.Approved, LeaseState.Cancelled];

    public async Task<IReadOnlyList<LeasedAreaOnDay>> LeasedAreaAsync(long parkId, IReadOnlyList<DateOnly> days, CancellationToken ct)
    {
        await enterprises.ParkForReadAsync(parkId, ct);
        if (!db.Actor.ReadsParkAggregates(parkId)) throw new ForbiddenException("ParkAggregatesAreForOperatorsAndGovernment");
        return (await LeasedAreaOfAsync([parkId], days, ct))[parkId];
    }

    public async Task<IReadOnlyDictionary<long, IReadOnlyList<LeasedAreaOnDay>>> LeasedAreaAsync(IReadOnlyCollection<long> parkIds, IReadOnlyList<DateOnly> days, CancellationToken ct)
    {
        var ids = parkIds.Distinct().ToArray();
        if (ids.Length == 0) return new Dictionary<long, IReadOnlyList<LeasedAreaOnDay>>();
        // the checks of ParkForReadAsync and ReadsParkAggregates park by park, with one read of the parks in sight
        var seen = (await db.Parks.AsNoTracking().Where(p => EF.Parameter(ids).Contains(p.Id)).Select(p => p.Id).ToListAsync(ct)).ToHashSet();
        foreach (var id in ids) if (!seen.Contains(id)) throw new NotFoundException("Park", id);
        foreach (var id in ids) if (!db.Actor.ReadsParkAggregates(id)) throw new ForbiddenException("ParkAggregatesAreForOperatorsAndGovernment");
        return await LeasedAreaOfAsync(ids, days, ct);
    }

    /// <summary>The leased area of these parks on the days, checked by the caller: one read of the leases and one of their units.</summary>
    private async Task<IReadOnlyDictionary<long, IReadOnlyList<LeasedAreaOnDay>>> LeasedAreaOfAsync(long[] ids, IReadOnlyList<DateOnly> days, CancellationToken ct)
    {
        if (days.Count == 0) return ids.ToDictionary(id => id, IReadOnlyList<LeasedAreaOnDay> (_) => []);
        var (first, last) = (days.Min(), days.Max());
        // the park ids as one parameter (PostgreSQL an array, SQLite json_each): a region has thousands of parks
        var leases = await db.Leases.IgnoreQueryFilters().AsNoTracking()
            .Where(l => EF.Parameter(ids).Contains(l.ParkId) && !NeverHeld.Contains(l.State) && l.StartDate <= last && (l.TerminatedOn ?? l.EndDate) >= first)
            .Select(l => new { l.Id, l.ParkId, l.StartDate, Until = l.TerminatedOn ?? l.EndDate }).ToListAsync(ct);
        // the units of those leases, joined in the database rather than sent back as a list of lease ids
        var units = await db.LeaseUnits.IgnoreQueryFilters().AsNoTracking()
            .Join(db.Leases.IgnoreQueryFilters().Where(l => EF.Parameter(ids).Contains(l.ParkId) && !NeverHeld.Contains(l.State) && l.StartDate <= last && (l.TerminatedOn ?? l.EndDate) >= first),
                u => u.LeaseId, l => l.Id, (u, l) => new { u.Id, u.LeaseId, u.UnitId, u.AreaSqm })
            .ToListAsync(ct);
        var unitsOf = units.OrderBy(u => u.Id).ToLookup(u => u.LeaseId);
        var leasesOf = leases.ToLookup(l => l.ParkId);
        return ids.ToDictionary(id => id, IReadOnlyList<LeasedAreaOnDay> (id) =>
        {
            var parkLeases = leasesOf[id].ToList();
            return days.Select(d =>
            {
                // a unit counts once even when a renewal and its predecessor both cover the day
                var area = parkLeases.Where(l => l.StartDate <= d && l.Until >= d).SelectMany(l => unitsOf[l.Id]).OrderBy(u => u.Id)
                    .GroupBy(u => u.UnitId).Select(g => g.First().AreaSqm).ToList();
                return new LeasedAreaOnDay(d, area.Count, area.Sum());
            }).ToList();
        });
    }

    public async Task<IReadOnlyList<LeasedUnitOnDay>> LeasedUnitsAsync(long parkId, DateOnly day, CancellationToken ct)
    {
        await enterprises.ParkForReadAsync(parkId, ct);
        if (!db.Actor.ReadsParkAggregates(parkId)) throw new ForbiddenException("ParkAggregatesAreForOperatorsAndGovernment");
        db.Actor.RefuseGovernmentViewer(parkId);
        var leases = await db.Leases.IgnoreQueryFilters().AsNoTracking()
            .Where(l => l.ParkId == parkId && !NeverHeld.Contains(l.State) && l.StartDate <= day && (l.TerminatedOn ?? l.EndDate) >= day)
            .Select(l => new { l.Id, l.EnterpriseId, l.StartDate }).ToListAsync(ct);
        var ids = leases.Select(l => l.Id).ToArray();
        var byId = leases.ToDictionary(l => l.Id);
        var units = await db.LeaseUnits.IgnoreQueryFilters().AsNoTracking().Where(u => ids.Contains(u.LeaseId))
            .Select(u => new { u.LeaseId, u.UnitId, u.AreaSqm }).ToListAsync(ct);
        // a unit counts once; of two leases covering the day (a renewal and its predecessor) the later one holds it
        return units.GroupBy(u => u.UnitId).Select(g => g.OrderByDescending(u => byId[u.LeaseId].StartDate).First())
            .Select(u => new LeasedUnitOnDay(u.UnitId, u.AreaSqm, byId[u.LeaseId].EnterpriseId)).OrderBy(u => u.UnitId).ToList();
    }
}
