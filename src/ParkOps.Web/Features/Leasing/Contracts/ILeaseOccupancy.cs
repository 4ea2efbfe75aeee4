namespace ParkOps.Web.Features.Leasing.Contracts;

/// <summary>The area of a park's units held by leases on a day (no lease and no firm named).</summary>
public sealed record LeasedAreaOnDay(DateOnly Day, int Units, decimal LeasedSqm);

/// <summary>
/// Leasing's contract for a park's leased area over time (owner: Leasing; callers: the home page's trend chart). A unit
/// counts on a day when a lease that was signed and not cancelled holds it: its term, cut at its termination, covers
/// the day. It checks who asks as <see cref="ILeaseExpiries"/> does: the park's operators, the platform admin and the
/// park's government viewers read it; an enterprise user of the park is refused; a park out of sight is not found.
/// </summary>
/// <summary>A unit held by a lease on a day: the unit, its area as the lease signed it, and the enterprise holding it.</summary>
public sealed record LeasedUnitOnDay(long UnitId, decimal AreaSqm, long EnterpriseId);

public interface ILeaseOccupancy
{
    /// <summary>
    /// The units held on <paramref name="day"/>, one row per unit (the same units <see cref="LeasedAreaAsync"/> adds up).
    /// Names a firm per unit, so only the park's operators and the platform admin read it: a government viewer gets 403
    /// <c>GovernmentSeesAggregatesOnly</c>, an enterprise user 403 <c>ParkAggregatesAreForOperatorsAndGovernment</c>.
    /// </summary>
    Task<IReadOnlyList<LeasedUnitOnDay>> LeasedUnitsAsync(long parkId, DateOnly day, CancellationToken ct);

    /// <summary>The leased area on each of <paramref name="days"/>, in the order given.</summary>
    Task<IReadOnlyList<LeasedAreaOnDay>> LeasedAreaAsync(long parkId, IReadOnlyList<DateOnly> days, CancellationToken ct);

    /// <summary>
    /// <see cref="LeasedAreaAsync"/> for each of these parks, set-wise (one read of the leases and one of their units,
    /// whatever the number of parks; caller: Dashboard's region view). The same checks park by park: a park out of sight
    /// 404, one whose aggregates the caller may not read 403.
    /// </summary>
    Task<IReadOnlyDictionary<long, IReadOnlyList<LeasedAreaOnDay>>> LeasedAreaAsync(IReadOnlyCollection<long> parkIds, IReadOnlyList<DateOnly> days, CancellationToken ct);
}
