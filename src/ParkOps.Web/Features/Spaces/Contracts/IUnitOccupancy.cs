namespace ParkOps.Web.Features.Spaces.Contracts;

/// <summary>
/// The one writer of a unit's status and occupant (owner: Spaces; callers: Leasing at signing, expiry, termination
/// and renewal; Enterprises when an exit completes). Changes join the caller's unit of work: they are stored by the
/// caller's next save, inside its transaction, so a lease and its units' status change together.
/// </summary>
public interface IUnitOccupancy
{
    /// <summary>The units are leased to the enterprise.</summary>
    Task OccupyAsync(IReadOnlyCollection<long> unitIds, long enterpriseId, CancellationToken ct);

    /// <summary>Those of the units the enterprise still occupies become vacant (a unit another enterprise took meanwhile is left alone).</summary>
    Task VacateAsync(IReadOnlyCollection<long> unitIds, long enterpriseId, CancellationToken ct);

    /// <summary>Every unit the enterprise occupies becomes vacant (it has left the park).</summary>
    Task VacateAllAsync(long enterpriseId, CancellationToken ct);
}
