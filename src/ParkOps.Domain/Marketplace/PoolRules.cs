using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Marketplace;

/// <summary>Where a joint procurement pool (联合采购) stands: open for commitments; closed with an order; failed (below the first tier); cancelled.</summary>
public enum PoolState { Open, Closed, Failed, Cancelled }

/// <summary>How a pool ends: closed with an order (a tier reached), failed (below the first tier), or cancelled by its opener or the park.</summary>
public enum PoolAction { Close, Fail, Cancel }

/// <summary>One volume price tier: from <see cref="MinQuantity"/> units in total, every member pays <see cref="UnitPrice"/>.</summary>
public sealed record PoolTier(decimal MinQuantity, decimal UnitPrice);

/// <summary>One member's committed quantity.</summary>
public sealed record PoolMember(long EnterpriseId, decimal Quantity);

/// <summary>One member's share of the order: quantity × tier price, and the saving against the single-buyer list price.</summary>
public sealed record PoolAllocation(long EnterpriseId, decimal Quantity, decimal UnitPrice, decimal Amount, decimal Saving);

/// <summary>The result of closing a pool: the tier reached (null = failed, no order) and each member's allocation.</summary>
public sealed record PoolOutcome(decimal TotalQuantity, PoolTier? Tier, IReadOnlyList<PoolAllocation> Allocations)
{
    public bool Failed => Tier is null;
    public decimal TotalAmount => Allocations.Sum(a => a.Amount);
    public decimal TotalSaving => Allocations.Sum(a => a.Saving);
}

/// <summary>
/// The rules of a joint procurement pool (DOMAIN §5 procurement_pool). Tiers have ascending minimum quantities and
/// descending unit prices; the first tier's minimum (may be above 0) is the least total for the pool to proceed. The
/// list price is what one buyer alone would pay and is not below the first tier's price. At close the total committed
/// quantity picks the highest tier it reaches; each member pays quantity × tier price and saves
/// quantity × (list price − tier price), each rounded half away from zero to the 分 (0.01) once per member.
/// Below the first tier the pool fails and no order is made.
/// </summary>
public static class PoolRules
{
    public const int MaxTiers = 10;

    /// <summary>Open → Closed | Failed | Cancelled, each once; an ended pool refuses with PoolMustBeOpen (409).</summary>
    public static PoolState Next(PoolState state, PoolAction action) => (state, action) switch
    {
        (PoolState.Open, PoolAction.Close) => PoolState.Closed,
        (PoolState.Open, PoolAction.Fail) => PoolState.Failed,
        (PoolState.Open, PoolAction.Cancel) => PoolState.Cancelled,
        _ => throw new DomainRuleException("PoolMustBeOpen", "state", $"集采已{state}", RuleKind.Conflict) { Arguments = [state] },
    };

    public static void CheckTiers(IReadOnlyList<PoolTier>? tiers, decimal listPrice)
    {
        if (tiers is null || tiers.Count == 0)
            throw new DomainRuleException("PoolNeedsTiers", "tiers", "至少需要一个价格档位");
        if (tiers.Count > MaxTiers)
            throw new DomainRuleException("PoolTiersTooMany", "tiers", $"价格档位最多 {MaxTiers} 个") { Arguments = [MaxTiers] };
        for (var i = 0; i < tiers.Count; i++)
        {
            var t = tiers[i];
            if (t.MinQuantity < 0)
                throw new DomainRuleException("PoolTierQuantityMustNotBeNegative", $"tiers[{i}].minQuantity", $"档位起订量不能为负：{t.MinQuantity}") { Arguments = [t.MinQuantity] };
            if (t.UnitPrice <= 0)
                throw new DomainRuleException("PoolTierPriceMustBePositive", $"tiers[{i}].unitPrice", $"档位单价必须大于 0：{t.UnitPrice}") { Arguments = [t.UnitPrice] };
            if (i > 0 && t.MinQuantity <= tiers[i - 1].MinQuantity)
                throw new DomainRuleException("PoolTiersMustAscend", $"tiers[{i}].minQuantity", $"档位起订量必须递增：{t.MinQuantity} ≤ {tiers[i - 1].MinQuantity}") { Arguments = [t.MinQuantity, tiers[i - 1].MinQuantity] };
            if (i > 0 && t.UnitPrice >= tiers[i - 1].UnitPrice)
                throw new DomainRuleException("PoolTierPricesMustDescend", $"tiers[{i}].unitPrice", $"档位单价必须递减：{t.UnitPrice} ≥ {tiers[i - 1].UnitPrice}") { Arguments = [t.UnitPrice, tiers[i - 1].UnitPrice] };
        }
        if (listPrice < tiers[0].UnitPrice)
            throw new DomainRuleException("PoolListPriceMustNotBeBelowFirstTier", "listPrice", $"单独采购价 {listPrice} 低于第一档单价 {tiers[0].UnitPrice}") { Arguments = [listPrice, tiers[0].UnitPrice] };
    }

    /// <summary>A new pool's deadline must lie in the future.</summary>
    public static void CheckDeadline(DateTime deadlineUtc, DateTime nowUtc)
    {
        if (deadlineUtc <= nowUtc)
            throw new DomainRuleException("PoolDeadlineMustBeInTheFuture", "deadline", $"截止时间已过：{deadlineUtc:yyyy-MM-dd HH:mm}") { Arguments = [deadlineUtc.ToString("yyyy-MM-dd HH:mm")] };
    }

    /// <summary>A commitment: quantity ≥ 0 (0 withdraws), only while the pool is open and before its deadline.</summary>
    public static void CheckCommitment(PoolState state, DateTime deadlineUtc, DateTime nowUtc, decimal quantity)
    {
        if (state != PoolState.Open)
            throw new DomainRuleException("PoolMustBeOpen", "state", $"集采已{state}，不能再认购", RuleKind.Conflict) { Arguments = [state] };
        if (nowUtc >= deadlineUtc)
            throw new DomainRuleException("PoolDeadlineHasPassed", "deadline", "集采已过截止时间", RuleKind.Conflict) { Arguments = [deadlineUtc.ToString("yyyy-MM-dd HH:mm")] };
        if (quantity < 0)
            throw new DomainRuleException("PoolQuantityMustNotBeNegative", "quantity", $"认购数量不能为负：{quantity}") { Arguments = [quantity] };
    }

    /// <summary>The highest tier the total reaches, or null below the first tier's minimum.</summary>
    public static PoolTier? TierReached(IReadOnlyList<PoolTier> tiers, decimal total) =>
        total <= 0 ? null : tiers.LastOrDefault(t => total >= t.MinQuantity);

    /// <summary>The next tier above the one reached (what more volume would unlock), or null at the top.</summary>
    public static PoolTier? NextTier(IReadOnlyList<PoolTier> tiers, decimal total) => tiers.FirstOrDefault(t => total < t.MinQuantity);

    /// <summary>Closing: the tier the total reaches and each member's amount and saving (members with 0 are left out).</summary>
    public static PoolOutcome Close(IReadOnlyList<PoolTier> tiers, decimal listPrice, IReadOnlyList<PoolMember> members)
    {
        CheckTiers(tiers, listPrice);
        var live = members.Where(m => m.Quantity > 0).ToList();
        var total = live.Sum(m => m.Quantity);
        var tier = TierReached(tiers, total);
        if (tier is null) return new PoolOutcome(total, null, []);
        var allocations = live.Select(m => new PoolAllocation(m.EnterpriseId, m.Quantity, tier.UnitPrice,
            Math.Round(m.Quantity * tier.UnitPrice, 2, MidpointRounding.AwayFromZero),
            Math.Round(m.Quantity * (listPrice - tier.UnitPrice), 2, MidpointRounding.AwayFromZero))).ToList();
        return new PoolOutcome(total, tier, allocations);
    }
}
