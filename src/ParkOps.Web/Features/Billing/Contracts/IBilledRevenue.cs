using ParkOps.Domain.Billing;

namespace ParkOps.Web.Features.Billing.Contracts;

/// <summary>What a park billed in a month for one kind of bill line, summed over its live bills (cancelled bills left out).</summary>
public sealed record BilledAmount(DateOnly Month, BillLineKind Kind, decimal Amount);

/// <summary>
/// Billing's contract for the operator's billed income (owner: Billing; callers: ParkServices' revenue structure, later
/// the dashboards). Totals per month and line kind, never per firm, so it reads like <see cref="IParkArrears"/>: the
/// park's operators, the platform admin and the park's government viewers; an enterprise user is refused (403
/// <c>ParkAggregatesAreForOperatorsAndGovernment</c>); a park out of sight is not found.
/// </summary>
public interface IBilledRevenue
{
    /// <summary>Billed amounts per month and kind for the months from <paramref name="from"/> (inclusive) to <paramref name="until"/> (exclusive), first days of months.</summary>
    Task<IReadOnlyList<BilledAmount>> BilledByKindAsync(long parkId, DateOnly from, DateOnly until, CancellationToken ct);

    /// <summary>
    /// <see cref="BilledByKindAsync(long, DateOnly, DateOnly, CancellationToken)"/> for each of these parks, added up in
    /// one grouped query whatever the number of parks (caller: ParkServices' revenue months for the region view); the
    /// same checks park by park.
    /// </summary>
    Task<IReadOnlyDictionary<long, IReadOnlyList<BilledAmount>>> BilledByKindAsync(IReadOnlyCollection<long> parkIds, DateOnly from, DateOnly until, CancellationToken ct);
}
