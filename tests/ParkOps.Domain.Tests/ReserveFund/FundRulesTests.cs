using ParkOps.Domain.ReserveFund;
using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Tests.ReserveFund;

public sealed class FundRulesTests
{
    private static readonly DateOnly Start = new(2026, 7, 1);

    [Theory]
    [InlineData("1234.5678", "0.2", "24691.36")]   // 24691.356 → up
    [InlineData("1.0002", "0.25", "25.01")]        // 25.005: half away from zero (to even would be 25.00)
    [InlineData("0.0049", "0.2", "0.10")]          // 0.098
    [InlineData("0.0002", "0.2", "0.00")]          // 0.004: less than half a fen
    [InlineData("0", "0.2", "0")]
    [InlineData("-50", "0.2", "0")]                // a loss-making quarter pays nothing, never a refund
    public void Contribution_RevenueTimesRate_RoundedOnceToTheFen(string revenue, string rate, string expected) =>
        FundRules.Contribution(decimal.Parse(revenue), decimal.Parse(rate)).ShouldBe(decimal.Parse(expected));

    [Theory]
    [InlineData("0")]
    [InlineData("-0.2")]
    [InlineData("10.0001")]
    [InlineData("0.12345")]
    public void CheckRate_OutOfRangeOrTooPrecise_IsRefused(string rate) =>
        Should.Throw<DomainRuleException>(() => FundRules.CheckRate(decimal.Parse(rate))).Rule.ShouldBe("ReserveFundRateOutOfRange");

    [Fact]
    public void CheckSchedule_SumsExactly_Passes() =>
        Should.NotThrow(() => FundRules.CheckSchedule(1000m, Start, [new(Start.AddMonths(1), 333.33m), new(Start.AddMonths(2), 333.33m), new(Start.AddMonths(3), 333.34m)]));

    [Fact]
    public void CheckSchedule_OneFenShort_IsRefused()
    {
        var ex = Should.Throw<DomainRuleException>(() => FundRules.CheckSchedule(1000m, Start, [new(Start.AddMonths(1), 500m), new(Start.AddMonths(2), 499.99m)]));
        ex.Rule.ShouldBe("LoanScheduleMustSumToPrincipal");
        ex.Field.ShouldBe("instalments");
    }

    [Fact]
    public void CheckSchedule_DueBeforeStartOrNotAscending_NamesTheInstalment()
    {
        Should.Throw<DomainRuleException>(() => FundRules.CheckSchedule(100m, Start, [new(Start.AddDays(-1), 100m)])).Field.ShouldBe("instalments[0].dueDate");
        Should.Throw<DomainRuleException>(() => FundRules.CheckSchedule(100m, Start, [new(Start.AddMonths(2), 50m), new(Start.AddMonths(2), 50m)]))
            .Rule.ShouldBe("LoanInstalmentsMustAscend");
        Should.Throw<DomainRuleException>(() => FundRules.CheckSchedule(100m, Start, [new(Start.AddMonths(1), 100.001m)])).Field.ShouldBe("instalments[0].amount");
        Should.Throw<DomainRuleException>(() => FundRules.CheckSchedule(100m, Start, [])).Rule.ShouldBe("LoanScheduleRequired");
    }

    [Fact]
    public void EvenSchedule_HundredInThree_LastTakesTheRemainder()
    {
        var s = FundRules.EvenSchedule(100m, 3, Start);
        s.Select(i => i.Amount).ShouldBe([33.33m, 33.33m, 33.34m]);
        s.Select(i => i.DueDate).ShouldBe([Start, Start.AddMonths(1), Start.AddMonths(2)]);
    }

    private static readonly InstalmentState[] Three =
        [new(1, Start.AddMonths(1), 100m, 0m), new(2, Start.AddMonths(2), 100m, 0m), new(3, Start.AddMonths(3), 100m, 0m)];

    [Fact]
    public void Allocate_OldestFirstAcrossInstalments() =>
        FundRules.Allocate(Three, 150m).ShouldBe([new Allocation(1, 100m), new Allocation(2, 50m)]);

    [Fact]
    public void Allocate_MoreThanOwed_IsRefusedWithTheOutstanding()
    {
        var ex = Should.Throw<DomainRuleException>(() => FundRules.Allocate(Three, 300.01m));
        ex.Rule.ShouldBe("LoanRepaymentExceedsOutstanding");
        ex.Arguments.ShouldBe([300m]);
    }

    [Fact]
    public void Allocate_RepaidLoan_IsAConflict()
    {
        var ex = Should.Throw<DomainRuleException>(() => FundRules.Allocate([new(1, Start, 100m, 100m)], 1m));
        ex.Rule.ShouldBe("LoanAlreadyRepaid");
        ex.Kind.ShouldBe(RuleKind.Conflict);
    }

    [Theory]
    [InlineData(-1, false, true)]   // due yesterday, unpaid
    [InlineData(0, false, false)]   // due today: not yet overdue
    [InlineData(-1, true, false)]   // due yesterday, paid
    public void OverdueOn_PastDueAndUnpaid(int dueOffset, bool paid, bool overdue) =>
        new InstalmentState(1, Start.AddDays(dueOffset), 100m, paid ? 100m : 0m).OverdueOn(Start).ShouldBe(overdue);

    [Fact]
    public void CheckCovers_ExactlyTheBalance_PassesOneFenMore_IsRefused()
    {
        Should.NotThrow(() => FundRules.CheckCovers(100m, 100m));
        Should.Throw<DomainRuleException>(() => FundRules.CheckCovers(100m, 100.01m)).Rule.ShouldBe("ReserveFundInsufficient");
    }

    [Theory]
    [InlineData(CrisisState.Open, CrisisAction.RecordAction, CrisisState.Open)]
    [InlineData(CrisisState.Open, CrisisAction.Close, CrisisState.Closed)]
    public void Crisis_AllowedTransitions(CrisisState from, CrisisAction action, CrisisState to) => CrisisRules.Next(from, action).ShouldBe(to);

    [Theory]
    [InlineData(CrisisAction.RecordAction)]
    [InlineData(CrisisAction.Close)]
    public void Crisis_Closed_RefusesEverything(CrisisAction action) =>
        Should.Throw<DomainRuleException>(() => CrisisRules.Next(CrisisState.Closed, action)).Rule.ShouldBe("CrisisMustBeOpen");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Crisis_CloseWithoutOutcome_IsRefused(string? outcome) =>
        Should.Throw<DomainRuleException>(() => CrisisRules.CheckOutcome(outcome)).Field.ShouldBe("outcome");
}
