using ParkOps.Domain.Orders;
using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Tests.Orders;

public sealed class UnifiedOrderRulesTests
{
    private static readonly UnifiedOrderFacts Ready = new(Parts: 2, Offered: 0, Accepted: 2, AcceptedWithoutDelivery: 0, Paid: true);

    // every (state, action) written out: the state it leads to, or null = refused (409 UnifiedOrderTransitionNotAllowed)
    [Theory]
    [InlineData(UnifiedOrderState.Draft, UnifiedOrderAction.Allocate, UnifiedOrderState.Allocated)]
    [InlineData(UnifiedOrderState.Draft, UnifiedOrderAction.Reopen, null)]
    [InlineData(UnifiedOrderState.Draft, UnifiedOrderAction.StartProduction, null)]
    [InlineData(UnifiedOrderState.Draft, UnifiedOrderAction.Deliver, null)]
    [InlineData(UnifiedOrderState.Draft, UnifiedOrderAction.Settle, null)]
    [InlineData(UnifiedOrderState.Draft, UnifiedOrderAction.Cancel, UnifiedOrderState.Cancelled)]
    [InlineData(UnifiedOrderState.Allocated, UnifiedOrderAction.Allocate, null)]
    [InlineData(UnifiedOrderState.Allocated, UnifiedOrderAction.Reopen, UnifiedOrderState.Draft)]
    [InlineData(UnifiedOrderState.Allocated, UnifiedOrderAction.StartProduction, UnifiedOrderState.InProduction)]
    [InlineData(UnifiedOrderState.Allocated, UnifiedOrderAction.Deliver, null)]
    [InlineData(UnifiedOrderState.Allocated, UnifiedOrderAction.Settle, null)]
    [InlineData(UnifiedOrderState.Allocated, UnifiedOrderAction.Cancel, UnifiedOrderState.Cancelled)]
    [InlineData(UnifiedOrderState.InProduction, UnifiedOrderAction.Allocate, null)]
    [InlineData(UnifiedOrderState.InProduction, UnifiedOrderAction.Reopen, null)]
    [InlineData(UnifiedOrderState.InProduction, UnifiedOrderAction.StartProduction, null)]
    [InlineData(UnifiedOrderState.InProduction, UnifiedOrderAction.Deliver, UnifiedOrderState.Delivered)]
    [InlineData(UnifiedOrderState.InProduction, UnifiedOrderAction.Settle, null)]
    [InlineData(UnifiedOrderState.InProduction, UnifiedOrderAction.Cancel, UnifiedOrderState.Cancelled)]
    [InlineData(UnifiedOrderState.Delivered, UnifiedOrderAction.Allocate, null)]
    [InlineData(UnifiedOrderState.Delivered, UnifiedOrderAction.Deliver, null)]
    [InlineData(UnifiedOrderState.Delivered, UnifiedOrderAction.Settle, UnifiedOrderState.Settled)]
    [InlineData(UnifiedOrderState.Delivered, UnifiedOrderAction.Cancel, null)]
    [InlineData(UnifiedOrderState.Settled, UnifiedOrderAction.Settle, null)]
    [InlineData(UnifiedOrderState.Settled, UnifiedOrderAction.Cancel, null)]
    [InlineData(UnifiedOrderState.Cancelled, UnifiedOrderAction.Allocate, null)]
    [InlineData(UnifiedOrderState.Cancelled, UnifiedOrderAction.Cancel, null)]
    public void Next_FollowsTheTable(UnifiedOrderState from, UnifiedOrderAction action, UnifiedOrderState? to)
    {
        if (to is { } expected) UnifiedOrderRules.Next(from, action, Ready, "客户撤单").ShouldBe(expected);
        else
        {
            var e = Should.Throw<DomainRuleException>(() => UnifiedOrderRules.Next(from, action, Ready, "客户撤单"));
            (e.Rule, e.Kind).ShouldBe(("UnifiedOrderTransitionNotAllowed", RuleKind.Conflict));
        }
    }

    [Fact]
    public void Next_Guards_NameWhatIsMissing()
    {
        Rule(() => UnifiedOrderRules.Next(UnifiedOrderState.Draft, UnifiedOrderAction.Allocate, Ready with { Parts = 0 })).ShouldBe(("UnifiedOrderHasNoParts", "parts"));
        Rule(() => UnifiedOrderRules.Next(UnifiedOrderState.Allocated, UnifiedOrderAction.StartProduction, Ready with { Offered = 1 })).ShouldBe(("UnifiedOrderPartsAwaitingAnswer", "parts"));
        Rule(() => UnifiedOrderRules.Next(UnifiedOrderState.Allocated, UnifiedOrderAction.StartProduction, Ready with { Accepted = 0 })).ShouldBe(("UnifiedOrderNoPartAccepted", "parts"));
        Rule(() => UnifiedOrderRules.Next(UnifiedOrderState.InProduction, UnifiedOrderAction.Deliver, Ready with { AcceptedWithoutDelivery = 1 })).ShouldBe(("UnifiedOrderDeliveryMissing", "parts"));
        Rule(() => UnifiedOrderRules.Next(UnifiedOrderState.Delivered, UnifiedOrderAction.Settle, Ready with { Paid = false })).ShouldBe(("UnifiedOrderNotPaid", "payment"));
        Rule(() => UnifiedOrderRules.Next(UnifiedOrderState.Draft, UnifiedOrderAction.Cancel, Ready, " ")).ShouldBe(("UnifiedOrderReasonRequired", "reason"));
    }

    [Fact]
    public void CheckSplit_SharesAbove100_NamesTheShareWhereTheTotalPasses100()
    {
        var parts = new[] { new SplitPart(1, 10, 40m, 400m), new SplitPart(2, 10, 50m, 500m), new SplitPart(3, 5, 10.01m, 100m) };
        Rule(() => UnifiedOrderRules.CheckSplit(parts, 1000m)).ShouldBe(("UnifiedOrderSharesAbove100", "parts[2].sharePercent"));
        // exactly 100 % is a full split
        UnifiedOrderRules.CheckSplit([parts[0], parts[1], parts[2] with { SharePercent = 10m }], 1000m);
    }

    [Fact]
    public void CheckSplit_OtherRefusals_NameTheirField()
    {
        Rule(() => UnifiedOrderRules.CheckSplit([], 100m)).ShouldBe(("UnifiedOrderHasNoParts", "parts"));
        Rule(() => UnifiedOrderRules.CheckSplit([new(1, 1, 10, 10), new(1, 1, 10, 10)], 100m)).ShouldBe(("UnifiedOrderEnterpriseTwice", "parts[1].enterpriseId"));
        Rule(() => UnifiedOrderRules.CheckSplit([new(1, 0, 10, 10)], 100m)).ShouldBe(("UnifiedOrderQuantityInvalid", "parts[0].quantity"));
        Rule(() => UnifiedOrderRules.CheckSplit([new(1, 1, 10.001m, 10)], 100m)).ShouldBe(("UnifiedOrderShareInvalid", "parts[0].sharePercent"));
        Rule(() => UnifiedOrderRules.CheckSplit([new(1, 1, 10, 10.001m)], 100m)).ShouldBe(("UnifiedOrderPartAmountInvalid", "parts[0].amount"));
        Rule(() => UnifiedOrderRules.CheckSplit([new(1, 1, 50, 60), new(2, 1, 50, 40.01m)], 100m)).ShouldBe(("UnifiedOrderPartAmountsAboveOrder", "parts[1].amount"));
    }

    [Fact]
    public void AnswerDeliveryPayment_Guards()
    {
        UnifiedOrderRules.Answer(UnifiedOrderState.Allocated, UnifiedOrderPartState.Offered, true, null).ShouldBe(UnifiedOrderPartState.Accepted);
        UnifiedOrderRules.Answer(UnifiedOrderState.Allocated, UnifiedOrderPartState.Offered, false, "产能已满").ShouldBe(UnifiedOrderPartState.Declined);
        Rule(() => UnifiedOrderRules.Answer(UnifiedOrderState.Allocated, UnifiedOrderPartState.Offered, false, null)).ShouldBe(("UnifiedOrderReasonRequired", "reason"));
        Rule(() => UnifiedOrderRules.Answer(UnifiedOrderState.Allocated, UnifiedOrderPartState.Accepted, true, null)).ShouldBe(("UnifiedOrderPartAnswered", "state"));
        Rule(() => UnifiedOrderRules.Answer(UnifiedOrderState.Draft, UnifiedOrderPartState.Offered, true, null)).ShouldBe(("UnifiedOrderPartAnswered", "state"));

        UnifiedOrderRules.CheckDelivery(UnifiedOrderState.InProduction, UnifiedOrderPartState.Accepted, 100m, 100m);
        Rule(() => UnifiedOrderRules.CheckDelivery(UnifiedOrderState.InProduction, UnifiedOrderPartState.Accepted, 100m, 100.01m)).ShouldBe(("UnifiedOrderDeliveryInvalid", "deliveredQuantity"));
        Rule(() => UnifiedOrderRules.CheckDelivery(UnifiedOrderState.InProduction, UnifiedOrderPartState.Declined, 100m, 1m)).ShouldBe(("UnifiedOrderDeliveryNotOpen", "state"));

        UnifiedOrderRules.CheckPayment(UnifiedOrderState.Delivered, false, 100m, 100m);
        Rule(() => UnifiedOrderRules.CheckPayment(UnifiedOrderState.Delivered, true, 100m, 10m)).ShouldBe(("UnifiedOrderAlreadyPaid", "amount"));
        Rule(() => UnifiedOrderRules.CheckPayment(UnifiedOrderState.InProduction, false, 100m, 10m)).ShouldBe(("UnifiedOrderPaymentNotOpen", "state"));
        Rule(() => UnifiedOrderRules.CheckPayment(UnifiedOrderState.Delivered, false, 100m, 100.01m)).ShouldBe(("UnifiedOrderPaymentInvalid", "amount"));
        Rule(() => UnifiedOrderRules.CheckPayment(UnifiedOrderState.Delivered, false, 100m, 0.005m)).ShouldBe(("UnifiedOrderPaymentInvalid", "amount"));
    }

    private static (string Rule, string? Field) Rule(Action a)
    {
        var e = Should.Throw<DomainRuleException>(a);
        return (e.Rule, e.Field);
    }
}
