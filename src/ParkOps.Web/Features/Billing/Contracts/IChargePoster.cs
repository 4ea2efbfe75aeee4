using ParkOps.Domain.Billing;
using ParkOps.Domain.Pricing;

namespace ParkOps.Web.Features.Billing.Contracts;

/// <summary>
/// A charge for the next bill: who pays, for which month, what for (<see cref="SourceType"/>/<see cref="SourceId"/>
/// name the booking, ticket or service it came from) and the rules that made the amount, as the bill line will show them.
/// </summary>
public sealed record ChargePosting(long ParkId, long EnterpriseId, DateOnly Month, BillLineKind Kind, string SourceType, string SourceId, string Description,
    decimal Quantity, string Unit, decimal UnitPrice, decimal Amount, IReadOnlyList<AppliedRule> Rules);

/// <summary>
/// Billing's door for charges other areas raise (owner: Billing; callers: Booking's usage and no-shows, later service
/// fees). The month's bill run turns every posted, unbilled charge into a line of the enterprise's bill.
/// </summary>
public interface IChargePoster
{
    /// <summary>
    /// Posts the charge and saves it together with the caller's own pending changes in one save (the areas share one
    /// unit of work per request), so a usage and its charge are stored together or not at all.
    /// </summary>
    Task PostAsync(ChargePosting charge, CancellationToken ct);
}
