using ParkOps.Domain.Billing;
using ParkOps.Domain.Pricing;
using ParkOps.Domain.Rules;

namespace ParkOps.Domain.ParkServices;

/// <summary>What kind of paid service the operator sells (DOMAIN §9: the operator's service income).</summary>
public enum ServiceCategory { Agency, Testing, Training, Event, MatchingCommission, PlatformFee, Other }

/// <summary>Ordered → Accepted → Fulfilled (final); Ordered/Accepted → Cancelled or Rejected (final, with a reason).</summary>
public enum ServiceOrderState { Ordered, Accepted, Fulfilled, Cancelled, Rejected }

public enum ServiceOrderAction { Accept, Fulfil, Cancel, Reject }

/// <summary>One price of a service from a day on; a later version replaces it from its own day, never before.</summary>
public sealed record ServicePriceVersion(DateOnly EffectiveFrom, decimal UnitPrice);

/// <summary>
/// The rules of the park's paid services: the order lifecycle as a table, the price in force on a day (versioned, so a
/// past price never changes), the amount to the 分, and the input checks the API names by field.
/// </summary>
public static class ServiceRules
{
    public const decimal MaxUnitPrice = 10_000_000m;
    public const decimal MaxQuantity = 100_000m;
    public const int MaxReasonLength = 300;

    /// <summary>The lifecycle table: every allowed (state, action) and the state it leads to; anything else is refused (409).</summary>
    public static readonly IReadOnlyDictionary<(ServiceOrderState, ServiceOrderAction), ServiceOrderState> Table =
        new Dictionary<(ServiceOrderState, ServiceOrderAction), ServiceOrderState>
        {
            [(ServiceOrderState.Ordered, ServiceOrderAction.Accept)] = ServiceOrderState.Accepted,
            [(ServiceOrderState.Ordered, ServiceOrderAction.Fulfil)] = ServiceOrderState.Fulfilled,
            [(ServiceOrderState.Ordered, ServiceOrderAction.Cancel)] = ServiceOrderState.Cancelled,
            [(ServiceOrderState.Ordered, ServiceOrderAction.Reject)] = ServiceOrderState.Rejected,
            [(ServiceOrderState.Accepted, ServiceOrderAction.Fulfil)] = ServiceOrderState.Fulfilled,
            [(ServiceOrderState.Accepted, ServiceOrderAction.Cancel)] = ServiceOrderState.Cancelled,
            [(ServiceOrderState.Accepted, ServiceOrderAction.Reject)] = ServiceOrderState.Rejected,
        };

    /// <summary>The state <paramref name="action"/> leads to from <paramref name="from"/>; ServiceOrderTransitionNotAllowed (409) when the table has no such row.</summary>
    public static ServiceOrderState Next(ServiceOrderState from, ServiceOrderAction action) =>
        Table.TryGetValue((from, action), out var to) ? to
            : throw new DomainRuleException("ServiceOrderTransitionNotAllowed", "state", $"服务订单处于 {from}，不能 {action}", RuleKind.Conflict) { Arguments = [from, action] };

    /// <summary>Final states take no action.</summary>
    public static bool IsFinal(ServiceOrderState s) => s is ServiceOrderState.Fulfilled or ServiceOrderState.Cancelled or ServiceOrderState.Rejected;

    /// <summary>Cancelling and rejecting name why (ServiceOrderReasonRequired, field reason).</summary>
    public static bool NeedsReason(ServiceOrderAction a) => a is ServiceOrderAction.Cancel or ServiceOrderAction.Reject;

    public static void CheckReason(ServiceOrderAction a, string? reason)
    {
        if (NeedsReason(a) && string.IsNullOrWhiteSpace(reason))
            throw new DomainRuleException("ServiceOrderReasonRequired", "reason", "取消或拒绝订单须写明原因");
    }

    /// <summary>
    /// The unit price in force on <paramref name="on"/>: the latest version whose day is on or before it.
    /// ServicePriceNotInForce (422, field serviceId) when the service had no price yet on that day.
    /// </summary>
    public static ServicePriceVersion PriceOn(IEnumerable<ServicePriceVersion> versions, DateOnly on) =>
        versions.Where(v => v.EffectiveFrom <= on).OrderByDescending(v => v.EffectiveFrom).FirstOrDefault()
            ?? throw new DomainRuleException("ServicePriceNotInForce", "serviceId", $"该服务在 {on:yyyy-MM-dd} 没有生效的价格") { Arguments = [on.ToString("yyyy-MM-dd")] };

    /// <summary>Price × quantity, rounded half away from zero to the 分 once.</summary>
    public static decimal Amount(decimal unitPrice, decimal quantity) => RentPricing.RoundToFen(unitPrice * quantity);

    /// <summary>A quantity is positive, at most <see cref="MaxQuantity"/>, with at most two decimals (ServiceQuantityInvalid, field quantity).</summary>
    public static void CheckQuantity(decimal quantity)
    {
        if (quantity <= 0 || quantity > MaxQuantity || quantity != Math.Round(quantity, 2))
            throw new DomainRuleException("ServiceQuantityInvalid", "quantity", $"数量须大于 0、不超过 {MaxQuantity}，最多两位小数") { Arguments = [MaxQuantity] };
    }

    /// <summary>A price is 0 or more (a free service may be listed), at most <see cref="MaxUnitPrice"/>, to the 分 (ServicePriceInvalid, field unitPrice).</summary>
    public static void CheckPrice(decimal unitPrice)
    {
        if (unitPrice < 0 || unitPrice > MaxUnitPrice || unitPrice != RentPricing.RoundToFen(unitPrice))
            throw new DomainRuleException("ServicePriceInvalid", "unitPrice", $"单价须在 0 至 {MaxUnitPrice} 元之间，精确到分") { Arguments = [MaxUnitPrice] };
    }

    /// <summary>
    /// A new price version starts after the last order priced by the current one was placed, and never before today:
    /// a price an order was placed at never changes (ServicePriceDateInPast, field effectiveFrom).
    /// </summary>
    public static void CheckEffectiveFrom(DateOnly effectiveFrom, DateOnly today)
    {
        if (effectiveFrom < today)
            throw new DomainRuleException("ServicePriceDateInPast", "effectiveFrom", "新价格只能从今天或以后生效") { Arguments = [today.ToString("yyyy-MM-dd")] };
    }

    /// <summary>The charge's rule text, Chinese: the service, the quantity with its unit and the unit price.</summary>
    public static AppliedRule ChargeRule(string serviceName, decimal quantity, string unit, decimal unitPrice, decimal amount) =>
        new("ServiceFee", $"{serviceName}：{quantity:0.##} {unit} × {unitPrice:0.00} 元/{unit}", $"{amount:0.00} 元");
}

/// <summary>The classes of the operator's income in the revenue structure.</summary>
public enum RevenueClass { Rent, PropertyFee, Utilities, Services, Other }

/// <summary>One class's amount in a period and its share of the period's total (0 when the total is 0).</summary>
public sealed record RevenueShare(RevenueClass Class, decimal Amount, decimal Share);

/// <summary>A period's income by class, its total, the service share and whether it meets the target.</summary>
public sealed record RevenuePeriod(string Period, IReadOnlyList<RevenueShare> Classes, decimal Total, decimal ServiceShare, decimal Target, bool MeetsTarget);

/// <summary>
/// The revenue structure (DOMAIN §9: rent vs services; target service share ≥ 30 % *(seed 004)*): billed amounts per
/// bill line kind grouped into classes. Rent → rent; property fee → property; electricity and water → utilities; shared
/// resources (booking usage) and service fees → services; late fees, adjustments and reserve-fund contributions → other
/// (the last is collected for the fund, not the operator's income, but it is billed, so it is shown rather than hidden).
/// </summary>
public static class RevenueStructure
{
    public const decimal DefaultTargetPercent = 30m;

    public static RevenueClass ClassOf(BillLineKind kind) => kind switch
    {
        BillLineKind.Rent => RevenueClass.Rent,
        BillLineKind.PropertyFee => RevenueClass.PropertyFee,
        BillLineKind.Electricity or BillLineKind.Water => RevenueClass.Utilities,
        BillLineKind.SharedResource or BillLineKind.ServiceFee => RevenueClass.Services,
        _ => RevenueClass.Other,
    };

    /// <summary>Shares are rounded to four decimals (0.3125 = 31.25 %); amounts are summed exactly.</summary>
    public static RevenuePeriod Compose(string period, IEnumerable<(BillLineKind Kind, decimal Amount)> billed, decimal targetPercent)
    {
        var byClass = Enum.GetValues<RevenueClass>().ToDictionary(c => c, _ => 0m);
        foreach (var (kind, amount) in billed) byClass[ClassOf(kind)] += amount;
        var total = byClass.Values.Sum();
        decimal ShareOf(decimal a) => total == 0 ? 0 : Math.Round(a / total, 4, MidpointRounding.AwayFromZero);
        var classes = byClass.Select(p => new RevenueShare(p.Key, p.Value, ShareOf(p.Value))).ToList();
        var service = ShareOf(byClass[RevenueClass.Services]);
        var target = targetPercent / 100m;
        return new RevenuePeriod(period, classes, total, service, target, total > 0 && service >= target);
    }

    /// <summary>A target is a percentage between 0 and 100 with at most two decimals (RevenueTargetInvalid, field targetPercent).</summary>
    public static void CheckTarget(decimal percent)
    {
        if (percent < 0 || percent > 100 || percent != Math.Round(percent, 2))
            throw new DomainRuleException("RevenueTargetInvalid", "targetPercent", "目标比例须在 0 至 100 之间");
    }
}
