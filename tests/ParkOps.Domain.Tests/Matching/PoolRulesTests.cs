using ParkOps.Domain.Marketplace;
using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Tests.Matching;

public sealed class PoolRulesTests
{
    // 锡膏: single buyer 320/kg; 50 kg to proceed at 300, 100 kg 290, 200 kg 282.5
    private static readonly PoolTier[] Tiers = [new(50, 300m), new(100, 290m), new(200, 282.5m)];
    private static readonly DateTime Now = new(2026, 12, 1, 2, 0, 0, DateTimeKind.Utc);

    private static DomainRuleException Refusal(Action a) => Should.Throw<DomainRuleException>(a);

    [Fact]
    public void Close_TotalBetweenTiers_UsesTheHighestTierReachedAndSavesAgainstListPrice()
    {
        var o = PoolRules.Close(Tiers, 320m, [new(1, 60), new(2, 45), new(3, 0)]);
        o.TotalQuantity.ShouldBe(105);
        o.Tier.ShouldBe(new PoolTier(100, 290m));
        o.Allocations.Count.ShouldBe(2, "a withdrawn member (0) is not in the order");
        o.Allocations[0].ShouldBe(new PoolAllocation(1, 60, 290m, 17400m, 1800m));
        o.Allocations[1].ShouldBe(new PoolAllocation(2, 45, 290m, 13050m, 1350m));
        o.TotalSaving.ShouldBe(3150m);
    }

    [Fact]
    public void Close_ExactlyTheTopTierMinimum_ReachesTheTopTier()
    {
        PoolRules.Close(Tiers, 320m, [new(1, 150), new(2, 50)]).Tier!.UnitPrice.ShouldBe(282.5m);
    }

    [Fact]
    public void Close_BelowTheFirstTier_FailsWithNoAllocations()
    {
        var o = PoolRules.Close(Tiers, 320m, [new(1, 30), new(2, 19.5m)]);
        o.Failed.ShouldBeTrue();
        o.Allocations.ShouldBeEmpty();
        o.TotalQuantity.ShouldBe(49.5m);
    }

    [Fact]
    public void Close_FractionalAmounts_RoundHalfAwayFromZeroOncePerMember()
    {
        // 0.333 × 3.005 = 1.000665 → 1.00; saving 0.333 × (3.02 − 3.005) = 0.004995 → 0.00; 1.5 × 0.005 = 0.0075 → 0.01
        var o = PoolRules.Close([new(0, 3.005m)], 3.02m, [new(1, 0.333m), new(2, 1.5m)]);
        o.Allocations[0].Amount.ShouldBe(1.00m);
        o.Allocations[0].Saving.ShouldBe(0.00m);
        o.Allocations[1].Amount.ShouldBe(4.51m); // 4.5075 → 4.51
        o.Allocations[1].Saving.ShouldBe(0.02m); // 0.0225 → 0.02
        PoolRules.Close([new(0, 0.5m)], 0.6m, [new(1, 0.05m)]).Allocations[0].Amount.ShouldBe(0.03m); // 0.025 → 0.03 (half away from zero)
    }

    [Fact]
    public void TierReached_NoCommitments_IsNullAndNextTierIsTheFirst()
    {
        PoolRules.TierReached(Tiers, 0).ShouldBeNull();
        PoolRules.NextTier(Tiers, 0).ShouldBe(Tiers[0]);
        PoolRules.NextTier(Tiers, 120).ShouldBe(Tiers[2]);
        PoolRules.NextTier(Tiers, 500).ShouldBeNull();
    }

    [Fact]
    public void CheckTiers_QuantitiesNotAscending_RefusedNamingTheTier()
    {
        var e = Refusal(() => PoolRules.CheckTiers([new(100, 300m), new(100, 290m)], 320m));
        (e.Rule, e.Field).ShouldBe(("PoolTiersMustAscend", "tiers[1].minQuantity"));
    }

    [Fact]
    public void CheckTiers_PricesNotDescending_Refused()
    {
        var e = Refusal(() => PoolRules.CheckTiers([new(10, 300m), new(100, 300m)], 320m));
        (e.Rule, e.Field).ShouldBe(("PoolTierPricesMustDescend", "tiers[1].unitPrice"));
    }

    [Fact]
    public void CheckTiers_ListPriceBelowFirstTier_Refused()
    {
        Refusal(() => PoolRules.CheckTiers(Tiers, 299.99m)).Rule.ShouldBe("PoolListPriceMustNotBeBelowFirstTier");
        PoolRules.CheckTiers(Tiers, 300m); // equal is allowed: the first tier saves nothing
    }

    [Fact]
    public void CheckTiers_EmptyOrNonPositivePrice_Refused()
    {
        Refusal(() => PoolRules.CheckTiers([], 1m)).Rule.ShouldBe("PoolNeedsTiers");
        Refusal(() => PoolRules.CheckTiers([new(1, 0m)], 1m)).Rule.ShouldBe("PoolTierPriceMustBePositive");
        Refusal(() => PoolRules.CheckTiers([new(-1, 1m)], 1m)).Rule.ShouldBe("PoolTierQuantityMustNotBeNegative");
    }

    [Fact]
    public void CheckCommitment_AfterCloseOrDeadlineOrNegative_Refused()
    {
        Refusal(() => PoolRules.CheckCommitment(PoolState.Closed, Now.AddDays(1), Now, 5)).Kind.ShouldBe(RuleKind.Conflict);
        Refusal(() => PoolRules.CheckCommitment(PoolState.Open, Now, Now, 5)).Rule.ShouldBe("PoolDeadlineHasPassed");
        var neg = Refusal(() => PoolRules.CheckCommitment(PoolState.Open, Now.AddDays(1), Now, -1));
        (neg.Rule, neg.Field, neg.Kind).ShouldBe(("PoolQuantityMustNotBeNegative", "quantity", RuleKind.Invalid));
        PoolRules.CheckCommitment(PoolState.Open, Now.AddDays(1), Now, 0);
    }

    [Fact]
    public void CheckDeadline_InThePast_Refused()
    {
        Refusal(() => PoolRules.CheckDeadline(Now.AddMinutes(-1), Now)).Rule.ShouldBe("PoolDeadlineMustBeInTheFuture");
        PoolRules.CheckDeadline(Now.AddDays(14), Now);
    }
}
