using ParkOps.Domain.Orders;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Features.Orders;

/// <summary>A new unified order as the operator records it; <see cref="FeePercent"/> left out is the park's default (<see cref="UnifiedOrderSettings"/>, else <see cref="UnifiedOrderRules.DefaultFeePercent"/>).</summary>
[StoredIn(typeof(UnifiedOrder))]
public sealed record UnifiedOrderInput([Line] string? CustomerName, [Line] string? CustomerContact, [FreeText] string? Product, decimal Quantity, [Line] string? Unit,
    decimal Amount, DateOnly DueOn, decimal? FeePercent = null);

/// <summary>One part of a split: the enterprise, its work, quantity, share of the order (%) and amount (left out: the order's amount × share).</summary>
[StoredIn(typeof(UnifiedOrderPart))]
public sealed record UnifiedOrderPartInput(long EnterpriseId, [Line] string? Work, decimal Quantity, decimal SharePercent, decimal? Amount = null);

/// <summary>The whole split (replaces the parts of a draft).</summary>
public sealed record UnifiedOrderSplitInput([MaxItems(UnifiedOrderRules.MaxParts)] IReadOnlyList<UnifiedOrderPartInput>? Parts);

/// <summary>The reason of a cancel (required there) or of a declined part.</summary>
[StoredIn(typeof(UnifiedOrder))]
public sealed record UnifiedOrderReasonInput([Line] string? Reason = null);

/// <summary>A part's delivery: the quantity delivered so far and whether the customer accepted it.</summary>
[StoredIn(typeof(UnifiedOrderPart))]
public sealed record UnifiedOrderDeliveryInput(decimal DeliveredQuantity, bool AcceptedByCustomer, [Line] string? DeliveryNote = null);

/// <summary>The customer's payment: amount received and the day (left out: today).</summary>
public sealed record UnifiedOrderPaymentInput(decimal Amount, DateOnly? ReceivedOn = null);

public sealed record UnifiedOrderPartDto(long Id, long EnterpriseId, string? EnterpriseName, string Work, decimal Quantity, decimal SharePercent, decimal Amount,
    UnifiedOrderPartState State, string? DeclineReason, string? AnsweredBy, DateTime? AnsweredAt, decimal? DeliveredQuantity, bool AcceptedByCustomer,
    string? DeliveryNote, DateTime? DeliveredAt, decimal? FulfilledAmount, decimal? FeeBorne, decimal? Revenue, string? Explanation)
{
    public static UnifiedOrderPartDto From(UnifiedOrderPart p, string? name) => new(p.Id, p.EnterpriseId, name, p.Work, p.Quantity, p.SharePercent, p.Amount, p.State,
        p.DeclineReason, p.AnsweredBy, p.AnsweredAt, p.DeliveredQuantity, p.AcceptedByCustomer, p.DeliveryNote, p.DeliveredAt, p.FulfilledAmount, p.FeeBorne, p.Revenue, p.Explanation);
}

/// <summary>
/// A unified order with the parts the caller sees: the park's operators every part, an enterprise user its own only.
/// <see cref="SharedPercent"/> is the sum of every part's share (what is left to split is 100 − it), told to operators only.
/// </summary>
public sealed record UnifiedOrderDto(long Id, long ParkId, string CustomerName, string CustomerContact, string Product, decimal Quantity, string Unit, decimal Amount,
    decimal FeePercent, DateOnly DueOn, UnifiedOrderState State, string? Reason, decimal? PaidAmount, DateOnly? PaidOn, decimal? PlatformFee, DateTime? SettledAt,
    string CreatedBy, DateTime CreatedAt, decimal? SharedPercent, IReadOnlyList<UnifiedOrderPartDto> Parts)
{
    public static UnifiedOrderDto From(UnifiedOrder o, IReadOnlyList<UnifiedOrderPartDto> parts, bool operates) => new(o.Id, o.ParkId,
        o.CustomerName, o.CustomerContact, o.Product, o.Quantity, o.Unit, o.Amount, o.FeePercent, o.DueOn, o.State, o.Reason, o.PaidAmount, o.PaidOn, o.PlatformFee,
        o.SettledAt, o.CreatedBy, o.CreatedAt, operates ? parts.Sum(p => p.SharePercent) : null, parts);
}

/// <summary>A row of the list: the order and, for an enterprise user, its own part's state and revenue.</summary>
public sealed record UnifiedOrderRow(long Id, string CustomerName, string Product, decimal Quantity, string Unit, decimal Amount, DateOnly DueOn, UnifiedOrderState State,
    int Parts, decimal SharedPercent, UnifiedOrderPartState? MyPartState, decimal? MyRevenue);

/// <summary>
/// The statement of a settled order: what was received, the platform fee (the operator's), what was shared and the
/// parts the caller sees with their fulfilled amount, the fee each bears, the revenue and how it was computed (Chinese).
/// An enterprise user sees its own parts only; the totals are the order's.
/// </summary>
public sealed record UnifiedOrderStatementDto(long OrderId, string CustomerName, string Product, decimal OrderAmount, decimal FeePercent, decimal Received, decimal PlatformFee,
    decimal Distributable, DateTime SettledAt, string Explanation, IReadOnlyList<UnifiedOrderPartDto> Parts);

/// <summary>An enterprise the matching engine proposes for a part, with its best offer and the reasons.</summary>
public sealed record PartSuggestionDto(long EnterpriseId, string? EnterpriseName, double Score, string Grade, IReadOnlyList<string> Reasons, long OfferPostId, string OfferTitle);

/// <summary>The park's default brand/platform fee rate for new orders; <see cref="IsDefault"/> when the park never set one (the platform's 3 %).</summary>
public sealed record UnifiedOrderSettingsDto(decimal DefaultFeePercent, bool IsDefault, string? UpdatedBy, DateTime? UpdatedAt);

public sealed record UnifiedOrderSettingsInput(decimal DefaultFeePercent);
