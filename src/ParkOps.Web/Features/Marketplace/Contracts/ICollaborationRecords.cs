using ParkOps.Domain.Matching;

namespace ParkOps.Web.Features.Marketplace.Contracts;

/// <summary>
/// A collaboration that was delivered (delivered, closed, or disputed after delivery), as others may count it: both sides,
/// the agreed amount in 元, the delivery date and the kinds of the two posts (an equipment offer is equipment lent; a
/// technology need is a technology post the offer side solved).
/// </summary>
public sealed record CompletedCollaboration(long Id, long NeedEnterpriseId, long OfferEnterpriseId, decimal Amount, decimal? Quantity, string? Unit, DateOnly DeliveredOn,
    PostKind NeedKind, PostKind OfferKind, string Title);

/// <summary>The days <see cref="From"/> to <see cref="To"/>, both included.</summary>
public sealed record DayWindow(DateOnly From, DateOnly To)
{
    public bool Contains(DateOnly day) => day >= From && day <= To;
}

/// <summary>Marketplace's collaboration records for other areas (owner: Marketplace; caller: Contribution's aggregator).</summary>
public interface ICollaborationRecords
{
    /// <summary>Collaborations with a side in the park delivered within [from, to], within the caller's scope, ordered by id.</summary>
    Task<IReadOnlyList<CompletedCollaboration>> DeliveredAsync(long parkId, DateOnly from, DateOnly to, CancellationToken ct);

    /// <summary>
    /// How many collaborations each enterprise took part in (either side) among those with a side in the park delivered
    /// within [from, to], read past the caller's scope (caller: Dashboard's collaboration rate; it counts only the park's
    /// own enterprises and names them only to the park's operators). No amounts.
    /// </summary>
    Task<IReadOnlyDictionary<long, int>> CollaboratorsAsync(long parkId, DateOnly from, DateOnly to, CancellationToken ct);

    /// <summary>
    /// <see cref="CollaboratorsAsync(long, DateOnly, DateOnly, CancellationToken)"/> for each of these parks and each of
    /// the <paramref name="windows"/>, in one read whatever the number of parks and windows (caller: Dashboard, a window
    /// per quarter of a trend): per park, one count per enterprise for each window, in the order given. A collaboration
    /// between firms of two of the parks counts in both.
    /// </summary>
    Task<IReadOnlyDictionary<long, IReadOnlyList<IReadOnlyDictionary<long, int>>>> CollaboratorsAsync(IReadOnlyCollection<long> parkIds, IReadOnlyList<DayWindow> windows, CancellationToken ct);

    /// <summary>
    /// Delivered collaborations between two firms of the park within [from, to], per pair from the offering (supplying)
    /// firm to the needing one: count and amount in 元, read past the caller's scope (caller: Chains' chain map, which
    /// shows amounts only to the park's operators).
    /// </summary>
    Task<IReadOnlyList<ParkOps.Domain.Chains.FirmFlow>> FlowsAsync(long parkId, DateOnly from, DateOnly to, CancellationToken ct);
}
