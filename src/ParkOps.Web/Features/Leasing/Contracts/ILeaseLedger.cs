using ParkOps.Domain.Pricing;

namespace ParkOps.Web.Features.Leasing.Contracts;

/// <summary>A unit held by a lease: which lease and enterprise, and the lease's term (its last day is <c>TerminatedOn ?? EndDate</c>).</summary>
public sealed record UnitHolding(long UnitId, long LeaseId, long EnterpriseId, DateOnly StartDate, DateOnly EndDate, DateOnly? TerminatedOn);

/// <summary>
/// Leasing's contract for the areas that bill, meter, evaluate or score a park-month (owner: Leasing; callers:
/// Billing's bill run, Metering's utility use and anomaly scan). "In force in a month" is decided here only: a lease
/// that was signed and not cancelled (whatever happened to it since) whose term, cut at its termination, touches the
/// month.
/// </summary>
public interface ILeaseLedger
{
    /// <summary>
    /// The park's leases in force in <paramref name="month"/> (its first day), with their units as signed and the
    /// tenant's pricing facts as at each lease's start, ordered by lease id; leases of <paramref name="exceptEnterprises"/>
    /// are left out (a rerun of a billed month loads none).
    /// </summary>
    Task<IReadOnlyList<LeaseInForce>> InForceAsync(long parkId, DateOnly month, IReadOnlyCollection<long>? exceptEnterprises, CancellationToken ct);

    /// <summary>
    /// The floor area each enterprise leases in <paramref name="month"/> (its first day): the units of the leases
    /// <see cref="InForceAsync"/> returns, added up per enterprise (caller: Risk's density rule), without the pricing
    /// facts that need every tenant's archive.
    /// </summary>
    Task<IReadOnlyDictionary<long, decimal>> LeasedAreaAsync(long parkId, DateOnly month, CancellationToken ct);

    /// <summary>Who holds each of the park's units in the month: of the leases in force, the one that started last.</summary>
    Task<IReadOnlyList<UnitHolding>> HoldersAsync(long parkId, DateOnly month, CancellationToken ct);

    /// <summary>Every holding in force of these units by leases that end on or after <paramref name="endingFrom"/>.</summary>
    Task<IReadOnlyList<UnitHolding>> HoldingsAsync(IReadOnlyCollection<long> unitIds, DateOnly endingFrom, CancellationToken ct);

    /// <summary>The park's rent policy versions (with their property fee), ordered by the day they take effect.</summary>
    Task<IReadOnlyList<RentPolicy>> RentPoliciesAsync(long parkId, CancellationToken ct);
}
