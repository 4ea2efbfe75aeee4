namespace ParkOps.Web.Features.Orders.Contracts;

/// <summary>A settled unified-order part as others may count it: the enterprise, its fulfilled amount (元) and the day the order was settled.</summary>
public sealed record SettledOrderPart(long PartId, long OrderId, long EnterpriseId, decimal FulfilledAmount, DateOnly SettledOn, string Title);

/// <summary>Orders' records for other areas (owner: Orders; caller: Contribution's aggregator, order collaboration).</summary>
public interface IUnifiedOrderRecords
{
    /// <summary>Parts of the park's orders settled within [from, to] (Beijing days) with a fulfilled amount above 0, within the caller's scope, ordered by part id.</summary>
    Task<IReadOnlyList<SettledOrderPart>> SettledPartsAsync(long parkId, DateOnly from, DateOnly to, CancellationToken ct);
}
