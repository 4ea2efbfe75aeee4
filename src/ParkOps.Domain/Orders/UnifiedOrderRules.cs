using ParkOps.Domain.Pricing;
using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Orders;

/// <summary>
/// A unified order (统一接单, DOMAIN §5–§6): Draft → Allocated (offered to the enterprises) → InProduction → Delivered →
/// Settled; Allocated → Draft to split again (a part was declined); Draft/Allocated/InProduction → Cancelled.
/// </summary>
public enum UnifiedOrderState { Draft, Allocated, InProduction, Delivered, Settled, Cancelled }

public enum UnifiedOrderAction { Allocate, Reopen, StartProduction, Deliver, Settle, Cancel }

/// <summary>An enterprise's answer to its part: offered, accepted or declined.</summary>
public enum UnifiedOrderPartState { Offered, Accepted, Declined }

/// <summary>One part of a split as the operator writes it (checked by <see cref="UnifiedOrderRules.CheckSplit"/>).</summary>
public sealed record SplitPart(long EnterpriseId, decimal Quantity, decimal SharePercent, decimal Amount);

/// <summary>What the lifecycle looks at besides the state: the parts' answers and deliveries, and the payment.</summary>
public sealed record UnifiedOrderFacts(int Parts, int Offered, int Accepted, int AcceptedWithoutDelivery, bool Paid);

/// <summary>
/// The rules of unified orders: the lifecycle as a table with its guards, the split (shares in hundredths of a per cent,
/// at most 100 % in all; part amounts within the order), deliveries, the payment and the order's own figures. Refusals
/// name the field as the API reads it (<c>parts[2].sharePercent</c>).
/// </summary>
public static class UnifiedOrderRules
{
    public const decimal DefaultFeePercent = 3m;
    public const decimal MaxAmount = 10_000_000_000m;
    public const decimal MaxQuantity = 100_000_000m;
    public const int MaxParts = 50;
    public const int MaxReasonLength = 300;

    public static readonly IReadOnlyDictionary<(UnifiedOrderState, UnifiedOrderAction), UnifiedOrderState> Table =
        new Dictionary<(UnifiedOrderState, UnifiedOrderAction), UnifiedOrderState>
        {
            [(UnifiedOrderState.Draft, UnifiedOrderAction.Allocate)] = UnifiedOrderState.Allocated,
            [(UnifiedOrderState.Allocated, UnifiedOrderAction.Reopen)] = UnifiedOrderState.Draft,
            [(UnifiedOrderState.Allocated, UnifiedOrderAction.StartProduction)] = UnifiedOrderState.InProduction,
            [(UnifiedOrderState.InProduction, UnifiedOrderAction.Deliver)] = UnifiedOrderState.Delivered,
            [(UnifiedOrderState.Delivered, UnifiedOrderAction.Settle)] = UnifiedOrderState.Settled,
            [(UnifiedOrderState.Draft, UnifiedOrderAction.Cancel)] = UnifiedOrderState.Cancelled,
            [(UnifiedOrderState.Allocated, UnifiedOrderAction.Cancel)] = UnifiedOrderState.Cancelled,
            [(UnifiedOrderState.InProduction, UnifiedOrderAction.Cancel)] = UnifiedOrderState.Cancelled,
        };

    public static bool IsFinal(UnifiedOrderState s) => s is UnifiedOrderState.Settled or UnifiedOrderState.Cancelled;

    /// <summary>
    /// The state <paramref name="action"/> leads to (409 UnifiedOrderTransitionNotAllowed when the table has no row), after
    /// its guard: allocating needs parts (UnifiedOrderHasNoParts); production starts when no part waits for an answer and
    /// one at least was accepted (UnifiedOrderPartsAwaitingAnswer, UnifiedOrderNoPartAccepted); delivery needs every
    /// accepted part's delivery recorded (UnifiedOrderDeliveryMissing); settling needs the payment (UnifiedOrderNotPaid);
    /// cancelling needs a reason (UnifiedOrderReasonRequired).
    /// </summary>
    public static UnifiedOrderState Next(UnifiedOrderState from, UnifiedOrderAction action, UnifiedOrderFacts facts, string? reason = null)
    {
        if (!Table.TryGetValue((from, action), out var to))
            throw new DomainRuleException("UnifiedOrderTransitionNotAllowed", "state", $"统一接单处于 {from}，不能 {action}", RuleKind.Conflict) { Arguments = [from, action] };
        switch (action)
        {
            case UnifiedOrderAction.Allocate when facts.Parts == 0:
                throw new DomainRuleException("UnifiedOrderHasNoParts", "parts", "请先把订单拆分给园区企业", RuleKind.Conflict);
            case UnifiedOrderAction.StartProduction when facts.Offered > 0:
                throw new DomainRuleException("UnifiedOrderPartsAwaitingAnswer", "parts", $"还有 {facts.Offered} 个分包等待企业确认", RuleKind.Conflict) { Arguments = [facts.Offered] };
            case UnifiedOrderAction.StartProduction when facts.Accepted == 0:
                throw new DomainRuleException("UnifiedOrderNoPartAccepted", "parts", "没有企业接受分包，请重新拆分", RuleKind.Conflict);
            case UnifiedOrderAction.Deliver when facts.AcceptedWithoutDelivery > 0:
                throw new DomainRuleException("UnifiedOrderDeliveryMissing", "parts", $"还有 {facts.AcceptedWithoutDelivery} 个分包未登记交付", RuleKind.Conflict) { Arguments = [facts.AcceptedWithoutDelivery] };
            case UnifiedOrderAction.Settle when !facts.Paid:
                throw new DomainRuleException("UnifiedOrderNotPaid", "payment", "客户尚未回款，不能结算", RuleKind.Conflict);
            case UnifiedOrderAction.Cancel when string.IsNullOrWhiteSpace(reason):
                throw new DomainRuleException("UnifiedOrderReasonRequired", "reason", "取消订单须写明原因");
        }
        return to;
    }

    /// <summary>The split may change while the order is a draft (UnifiedOrderSplitLocked, 409, otherwise).</summary>
    public static void CheckSplitOpen(UnifiedOrderState state)
    {
        if (state != UnifiedOrderState.Draft)
            throw new DomainRuleException("UnifiedOrderSplitLocked", "state", "只有草稿状态的订单可以重新拆分", RuleKind.Conflict);
    }

    /// <summary>An enterprise answers its part while the order is allocated and the part is still offered (409 otherwise).</summary>
    public static UnifiedOrderPartState Answer(UnifiedOrderState order, UnifiedOrderPartState part, bool accept, string? reason)
    {
        if (order != UnifiedOrderState.Allocated || part != UnifiedOrderPartState.Offered)
            throw new DomainRuleException("UnifiedOrderPartAnswered", "state", "该分包已答复，或订单不在待确认状态", RuleKind.Conflict);
        if (!accept && string.IsNullOrWhiteSpace(reason))
            throw new DomainRuleException("UnifiedOrderReasonRequired", "reason", "谢绝分包须写明原因");
        return accept ? UnifiedOrderPartState.Accepted : UnifiedOrderPartState.Declined;
    }

    /// <summary>
    /// A delivery is recorded on an accepted part while the order is in production: 0 ≤ delivered ≤ the part's quantity,
    /// at most two decimals (UnifiedOrderDeliveryInvalid, field deliveredQuantity).
    /// </summary>
    public static void CheckDelivery(UnifiedOrderState order, UnifiedOrderPartState part, decimal partQuantity, decimal delivered)
    {
        if (order != UnifiedOrderState.InProduction || part != UnifiedOrderPartState.Accepted)
            throw new DomainRuleException("UnifiedOrderDeliveryNotOpen", "state", "只有生产中订单的已接受分包可以登记交付", RuleKind.Conflict);
        if (delivered < 0 || delivered > partQuantity || delivered != Math.Round(delivered, 2))
            throw new DomainRuleException("UnifiedOrderDeliveryInvalid", "deliveredQuantity", $"交付数量须在 0 至 {partQuantity:0.##} 之间，最多两位小数") { Arguments = [partQuantity] };
    }

    /// <summary>
    /// The customer's payment: once, on a delivered order (UnifiedOrderPaymentNotOpen / UnifiedOrderAlreadyPaid, 409),
    /// more than 0 and at most the order's amount, to the 分 (UnifiedOrderPaymentInvalid, field amount).
    /// </summary>
    public static void CheckPayment(UnifiedOrderState state, bool paid, decimal orderAmount, decimal amount)
    {
        if (paid) throw new DomainRuleException("UnifiedOrderAlreadyPaid", "amount", "该订单的回款已登记", RuleKind.Conflict);
        if (state != UnifiedOrderState.Delivered)
            throw new DomainRuleException("UnifiedOrderPaymentNotOpen", "state", "订单交付后才能登记回款", RuleKind.Conflict);
        if (amount <= 0 || amount > orderAmount || amount != RentPricing.RoundToFen(amount))
            throw new DomainRuleException("UnifiedOrderPaymentInvalid", "amount", $"回款金额须大于 0、不超过订单金额 {orderAmount:0.00} 元，精确到分") { Arguments = [orderAmount] };
    }

    /// <summary>The order's own figures: amount to the 分 (0 &lt; amount ≤ 10¹⁰), quantity positive with two decimals, fee 0–100 % in hundredths.</summary>
    public static void CheckOrder(decimal amount, decimal quantity, decimal feePercent)
    {
        if (amount <= 0 || amount > MaxAmount || amount != RentPricing.RoundToFen(amount))
            throw new DomainRuleException("UnifiedOrderAmountInvalid", "amount", "订单金额须大于 0，精确到分");
        if (quantity <= 0 || quantity > MaxQuantity || quantity != Math.Round(quantity, 2))
            throw new DomainRuleException("UnifiedOrderQuantityInvalid", "quantity", "数量须大于 0，最多两位小数");
        CheckFee(feePercent);
    }

    /// <summary>A brand/platform fee rate: 0–100 % in hundredths (UnifiedOrderFeeInvalid, naming <paramref name="field"/>).</summary>
    public static void CheckFee(decimal feePercent, string field = "feePercent")
    {
        if (feePercent < 0 || feePercent > 100 || feePercent != Math.Round(feePercent, 2))
            throw new DomainRuleException("UnifiedOrderFeeInvalid", field, "平台服务费率须在 0 至 100% 之间，最多两位小数");
    }

    /// <summary>A part's amount when the operator leaves it out: the order's amount × its share, half up to the 分.</summary>
    public static decimal AmountOfShare(decimal orderAmount, decimal sharePercent) => RentPricing.RoundToFen(orderAmount * sharePercent / 100m);

    /// <summary>
    /// A split: 1 to <see cref="MaxParts"/> parts; each with a positive quantity (two decimals), a share above 0 in
    /// hundredths of a per cent and an amount to the 分 (0 or more); the shares add up to at most 100 % (the field named is
    /// the share of the first part at which the running total passes 100, UnifiedOrderSharesAbove100) and the amounts to at
    /// most the order's amount (UnifiedOrderPartAmountsAboveOrder, likewise); an enterprise takes one part at most.
    /// </summary>
    public static void CheckSplit(IReadOnlyList<SplitPart> parts, decimal orderAmount)
    {
        if (parts.Count == 0) throw new DomainRuleException("UnifiedOrderHasNoParts", "parts", "请至少拆分一个分包");
        if (parts.Count > MaxParts) throw new DomainRuleException("UnifiedOrderTooManyParts", "parts", $"最多拆分 {MaxParts} 个分包") { Arguments = [MaxParts] };
        decimal shares = 0, amounts = 0;
        var seen = new HashSet<long>();
        for (var i = 0; i < parts.Count; i++)
        {
            var p = parts[i];
            if (!seen.Add(p.EnterpriseId))
                throw new DomainRuleException("UnifiedOrderEnterpriseTwice", $"parts[{i}].enterpriseId", "同一企业只能承接一个分包") { Arguments = [p.EnterpriseId] };
            if (p.Quantity <= 0 || p.Quantity > MaxQuantity || p.Quantity != Math.Round(p.Quantity, 2))
                throw new DomainRuleException("UnifiedOrderQuantityInvalid", $"parts[{i}].quantity", "数量须大于 0，最多两位小数");
            if (p.SharePercent <= 0 || p.SharePercent > 100 || p.SharePercent != Math.Round(p.SharePercent, 2))
                throw new DomainRuleException("UnifiedOrderShareInvalid", $"parts[{i}].sharePercent", "份额须大于 0、不超过 100%，最多两位小数");
            if (p.Amount < 0 || p.Amount > MaxAmount || p.Amount != RentPricing.RoundToFen(p.Amount))
                throw new DomainRuleException("UnifiedOrderPartAmountInvalid", $"parts[{i}].amount", "分包金额须不小于 0，精确到分");
            shares += p.SharePercent;
            if (shares > 100)
                throw new DomainRuleException("UnifiedOrderSharesAbove100", $"parts[{i}].sharePercent", $"各分包份额合计 {shares:0.##}%，超过 100%") { Arguments = [shares] };
            amounts += p.Amount;
            if (amounts > orderAmount)
                throw new DomainRuleException("UnifiedOrderPartAmountsAboveOrder", $"parts[{i}].amount", $"各分包金额合计 {amounts:0.00} 元，超过订单金额 {orderAmount:0.00} 元") { Arguments = [amounts, orderAmount] };
        }
    }
}
