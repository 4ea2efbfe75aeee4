using ParkOps.Domain.Billing;
using ParkOps.Domain.ParkServices;
using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Tests.ParkServices;

public sealed class ServiceRulesTests
{
    // the whole lifecycle, written out: every (state, action) and what it leads to; null = refused
    [Theory]
    [InlineData(ServiceOrderState.Ordered, ServiceOrderAction.Accept, ServiceOrderState.Accepted)]
    [InlineData(ServiceOrderState.Ordered, ServiceOrderAction.Fulfil, ServiceOrderState.Fulfilled)]
    [InlineData(ServiceOrderState.Ordered, ServiceOrderAction.Cancel, ServiceOrderState.Cancelled)]
    [InlineData(ServiceOrderState.Ordered, ServiceOrderAction.Reject, ServiceOrderState.Rejected)]
    [InlineData(ServiceOrderState.Accepted, ServiceOrderAction.Accept, null)]
    [InlineData(ServiceOrderState.Accepted, ServiceOrderAction.Fulfil, ServiceOrderState.Fulfilled)]
    [InlineData(ServiceOrderState.Accepted, ServiceOrderAction.Cancel, ServiceOrderState.Cancelled)]
    [InlineData(ServiceOrderState.Accepted, ServiceOrderAction.Reject, ServiceOrderState.Rejected)]
    [InlineData(ServiceOrderState.Fulfilled, ServiceOrderAction.Accept, null)]
    [InlineData(ServiceOrderState.Fulfilled, ServiceOrderAction.Fulfil, null)]
    [InlineData(ServiceOrderState.Fulfilled, ServiceOrderAction.Cancel, null)]
    [InlineData(ServiceOrderState.Fulfilled, ServiceOrderAction.Reject, null)]
    [InlineData(ServiceOrderState.Cancelled, ServiceOrderAction.Accept, null)]
    [InlineData(ServiceOrderState.Cancelled, ServiceOrderAction.Fulfil, null)]
    [InlineData(ServiceOrderState.Cancelled, ServiceOrderAction.Cancel, null)]
    [InlineData(ServiceOrderState.Cancelled, ServiceOrderAction.Reject, null)]
    [InlineData(ServiceOrderState.Rejected, ServiceOrderAction.Accept, null)]
    [InlineData(ServiceOrderState.Rejected, ServiceOrderAction.Fulfil, null)]
    [InlineData(ServiceOrderState.Rejected, ServiceOrderAction.Cancel, null)]
    [InlineData(ServiceOrderState.Rejected, ServiceOrderAction.Reject, null)]
    public void Next_FollowsTheTable(ServiceOrderState from, ServiceOrderAction action, ServiceOrderState? expected)
    {
        if (expected is { } to) ServiceRules.Next(from, action).ShouldBe(to);
        else
        {
            var ex = Should.Throw<DomainRuleException>(() => ServiceRules.Next(from, action));
            ex.Rule.ShouldBe("ServiceOrderTransitionNotAllowed");
            ex.Kind.ShouldBe(RuleKind.Conflict);
        }
    }

    [Fact]
    public void Table_FinalStatesHaveNoWayOut() =>
        ServiceRules.Table.Keys.Where(k => ServiceRules.IsFinal(k.Item1)).ShouldBeEmpty();

    [Theory]
    [InlineData(ServiceOrderAction.Cancel, null)]
    [InlineData(ServiceOrderAction.Reject, "  ")]
    public void CheckReason_CancelOrRejectWithoutReason_NamesReason(ServiceOrderAction action, string? reason)
    {
        var ex = Should.Throw<DomainRuleException>(() => ServiceRules.CheckReason(action, reason));
        (ex.Rule, ex.Field).ShouldBe(("ServiceOrderReasonRequired", "reason"));
    }

    private static readonly ServicePriceVersion[] Versions =
        [new(new DateOnly(2026, 1, 1), 800m), new(new DateOnly(2026, 7, 1), 950m), new(new DateOnly(2027, 1, 1), 1000m)];

    [Theory]
    [InlineData("2026-01-01", "800")]   // first day of the first version
    [InlineData("2026-06-30", "800")]   // the day before the change still has the old price
    [InlineData("2026-07-01", "950")]   // the change's own day
    [InlineData("2026-12-31", "950")]
    [InlineData("2027-03-15", "1000")]
    public void PriceOn_TakesTheVersionInForceOnTheOrderDate(string on, string expected) =>
        ServiceRules.PriceOn(Versions, DateOnly.Parse(on)).UnitPrice.ShouldBe(decimal.Parse(expected));

    [Fact]
    public void PriceOn_BeforeTheFirstVersion_NamesServiceId()
    {
        var ex = Should.Throw<DomainRuleException>(() => ServiceRules.PriceOn(Versions, new DateOnly(2025, 12, 31)));
        (ex.Rule, ex.Field).ShouldBe(("ServicePriceNotInForce", "serviceId"));
    }

    [Theory]
    [InlineData("333.33", "3", "999.99")]
    [InlineData("0.01", "0.5", "0.01")]     // 0.005: half away from zero
    [InlineData("0.01", "0.49", "0.00")]    // 0.0049
    [InlineData("350", "4.5", "1575.00")]
    [InlineData("19.99", "0.33", "6.60")]   // 6.5967
    [InlineData("0", "3", "0")]
    public void Amount_PriceTimesQuantity_RoundedOnceToTheFen(string price, string qty, string expected) =>
        ServiceRules.Amount(decimal.Parse(price), decimal.Parse(qty)).ShouldBe(decimal.Parse(expected));

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1.001")]
    [InlineData("100000.01")]
    public void CheckQuantity_OutOfRange_NamesQuantity(string qty)
    {
        var ex = Should.Throw<DomainRuleException>(() => ServiceRules.CheckQuantity(decimal.Parse(qty)));
        (ex.Rule, ex.Field).ShouldBe(("ServiceQuantityInvalid", "quantity"));
    }

    [Theory]
    [InlineData("-0.01")]
    [InlineData("1.005")]
    [InlineData("10000000.01")]
    public void CheckPrice_OutOfRangeOrFinerThanAFen_NamesUnitPrice(string price)
    {
        var ex = Should.Throw<DomainRuleException>(() => ServiceRules.CheckPrice(decimal.Parse(price)));
        (ex.Rule, ex.Field).ShouldBe(("ServicePriceInvalid", "unitPrice"));
    }

    [Fact]
    public void CheckEffectiveFrom_Yesterday_IsRefused() =>
        Should.Throw<DomainRuleException>(() => ServiceRules.CheckEffectiveFrom(new DateOnly(2026, 12, 6), new DateOnly(2026, 12, 7))).Field.ShouldBe("effectiveFrom");

    [Fact]
    public void ChargeRule_NamesServiceQuantityAndUnitPriceInChinese()
    {
        var r = ServiceRules.ChargeRule("可靠性试验", 4.5m, "小时", 350m, 1575m);
        r.Name.ShouldBe("ServiceFee");
        r.Parameter.ShouldBe("可靠性试验：4.5 小时 × 350.00 元/小时");
        r.Effect.ShouldBe("1575.00 元");
    }

    [Theory]
    [InlineData(BillLineKind.Rent, RevenueClass.Rent)]
    [InlineData(BillLineKind.PropertyFee, RevenueClass.PropertyFee)]
    [InlineData(BillLineKind.Electricity, RevenueClass.Utilities)]
    [InlineData(BillLineKind.Water, RevenueClass.Utilities)]
    [InlineData(BillLineKind.SharedResource, RevenueClass.Services)]
    [InlineData(BillLineKind.ServiceFee, RevenueClass.Services)]
    [InlineData(BillLineKind.LateFee, RevenueClass.Other)]
    [InlineData(BillLineKind.Adjustment, RevenueClass.Other)]
    [InlineData(BillLineKind.ReserveFund, RevenueClass.Other)]
    public void ClassOf_MapsEveryLineKind(BillLineKind kind, RevenueClass expected) => RevenueStructure.ClassOf(kind).ShouldBe(expected);

    [Fact]
    public void Compose_SumsClassesAndSharesAgainstTheTarget()
    {
        // rent 6000, property 1000, utilities 500 + 300, services 1200 + 800, other 200: total 10000, services 20 %
        var p = RevenueStructure.Compose("2026-05",
        [
            (BillLineKind.Rent, 6000m), (BillLineKind.PropertyFee, 1000m), (BillLineKind.Electricity, 500m), (BillLineKind.Water, 300m),
            (BillLineKind.ServiceFee, 1200m), (BillLineKind.SharedResource, 800m), (BillLineKind.LateFee, 200m),
        ], 30m);
        p.Total.ShouldBe(10000m);
        p.Classes.Single(c => c.Class == RevenueClass.Utilities).Amount.ShouldBe(800m);
        p.Classes.Single(c => c.Class == RevenueClass.Services).Share.ShouldBe(0.2m);
        p.ServiceShare.ShouldBe(0.2m);
        p.Target.ShouldBe(0.3m);
        p.MeetsTarget.ShouldBeFalse();
        RevenueStructure.Compose("x", [(BillLineKind.Rent, 700m), (BillLineKind.ServiceFee, 300m)], 30m).MeetsTarget.ShouldBeTrue();
    }

    [Fact]
    public void Compose_NothingBilled_SharesAreZeroAndTargetNotMet()
    {
        var p = RevenueStructure.Compose("2026-01", [], 30m);
        (p.Total, p.ServiceShare, p.MeetsTarget).ShouldBe((0m, 0m, false));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("100.01")]
    [InlineData("30.001")]
    public void CheckTarget_OutOfRange_NamesTargetPercent(string pct) =>
        Should.Throw<DomainRuleException>(() => RevenueStructure.CheckTarget(decimal.Parse(pct))).Field.ShouldBe("targetPercent");
}
