using ParkOps.Domain.Monitoring;
using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Tests.Monitoring;

/// <summary>The report rules at and around their thresholds, and the submission's transition table.</summary>
public sealed class ReportRulesTests
{
    private static QuarterFigures F(decimal output = 100, decimal revenue = 100, decimal tax = 5, decimal va = 30, decimal kwh = 1000, decimal headcount = 10, decimal profit = 0) =>
        new(output, revenue, tax, va, 1, 1, kwh, 1, null, headcount, profit, 100, 50, 0, 0);

    [Theory]
    [InlineData(2026, 3, "2026-10-20")]
    [InlineData(2026, 4, "2027-01-20")]
    [InlineData(2025, 1, "2025-04-20")]
    public void DueDate_Quarter_IsThe20thOfTheNextMonth(int year, int number, string due) =>
        ReportRules.DueDate(new Quarter(year, number)).ShouldBe(DateOnly.Parse(due));

    [Theory]
    [InlineData("2026-10-20", false)]
    [InlineData("2026-10-21", true)]
    [InlineData("2026-10-01", false)]
    public void IsLate_SubmittedOn_CountsFromTheDueDatesEnd(string submitted, bool late) =>
        ReportRules.IsLate(new Quarter(2026, 3), DateOnly.Parse(submitted), new DateOnly(2027, 1, 1)).ShouldBe(late);

    [Theory]
    [InlineData("2026-10-20", false)]
    [InlineData("2026-10-21", true)]
    public void IsLate_NotSubmitted_IsLateOnceTheDueDateHasPassed(string today, bool late) =>
        ReportRules.IsLate(new Quarter(2026, 3), null, DateOnly.Parse(today)).ShouldBe(late);

    [Theory]
    [InlineData("2026-09-30", true)]
    [InlineData("2026-10-01", false)]
    public void CheckQuarterEnded_OnTheLastDay_IsRefusedAndTheDayAfterAllowed(string today, bool refused)
    {
        var act = () => ReportRules.CheckQuarterEnded(new Quarter(2026, 3), DateOnly.Parse(today));
        if (refused) act.ShouldThrow<DomainRuleException>().Rule.ShouldBe("ReportQuarterNotEnded");
        else act.ShouldNotThrow();
    }

    [Fact]
    public void CheckFigures_NegativeProfit_IsALossNotAnError() => Should.NotThrow(() => ReportRules.CheckFigures(F(profit: -50)));

    [Fact]
    public void CheckFigures_NegativeHeadcount_NamesTheField() =>
        Should.Throw<DomainRuleException>(() => ReportRules.CheckFigures(F(headcount: -1))).Field.ShouldBe("avgHeadcount");

    [Theory]
    [InlineData(50, 50, null)]
    [InlineData(50, 50.01, "ReportCustomerSharesOver100")]
    [InlineData(100.01, 0, "ReportCustomerShareOutOfRange")]
    [InlineData(-0.01, 0, "ReportCustomerShareOutOfRange")]
    public void CheckCustomers_Shares_AtAndAround100(double a, double b, string? rule)
    {
        var list = new[] { new CustomerShare(null, "甲", (decimal)a), new CustomerShare(null, "乙", (decimal)b) };
        var act = () => ReportRules.CheckCustomers(list, 1, new HashSet<long>());
        if (rule is null) act.ShouldNotThrow();
        else act.ShouldThrow<DomainRuleException>().Rule.ShouldBe(rule);
    }

    [Fact]
    public void CheckCustomers_TenAllowedElevenRefused()
    {
        CustomerShare[] Of(int n) => Enumerable.Range(0, n).Select(i => new CustomerShare(null, $"c{i}", 1)).ToArray();
        Should.NotThrow(() => ReportRules.CheckCustomers(Of(10), 1, new HashSet<long>()));
        Should.Throw<DomainRuleException>(() => ReportRules.CheckCustomers(Of(11), 1, new HashSet<long>())).Rule.ShouldBe("ReportCustomersTooMany");
    }

    [Theory]
    [InlineData(150, 0)]    // +50 % exactly: no warning
    [InlineData(150.01, 1)]
    [InlineData(50, 0)]     // -50 % exactly
    [InlineData(49.99, 1)]
    public void Warnings_Jump_BeyondFiftyPercentOnly(double output, int jumps) =>
        ReportRules.Warnings(F(output: (decimal)output, va: 1), F()).Count(w => w.Rule == "ReportFigureJump" && w.Field == "output").ShouldBe(jumps);

    [Fact]
    public void Warnings_TaxAboveRevenueAndValueAddedAboveOutput_AreWarningsWithoutAPreviousQuarter() =>
        ReportRules.Warnings(F(revenue: 10, tax: 11, output: 10, va: 12), null).Select(w => w.Rule)
            .ShouldBe(["ReportTaxAboveRevenue", "ReportValueAddedAboveOutput"]);

    [Theory]
    [InlineData(SubmissionState.Draft, SubmissionAction.Compile, SubmissionState.Draft)]
    [InlineData(SubmissionState.Draft, SubmissionAction.Submit, SubmissionState.Submitted)]
    [InlineData(SubmissionState.Returned, SubmissionAction.Compile, SubmissionState.Draft)]
    [InlineData(SubmissionState.Returned, SubmissionAction.Submit, SubmissionState.Submitted)]
    [InlineData(SubmissionState.Submitted, SubmissionAction.Return, SubmissionState.Returned)]
    [InlineData(SubmissionState.Submitted, SubmissionAction.Approve, SubmissionState.Approved)]
    public void SubmissionNext_AllowedSteps_LeadWhereTheTableSays(SubmissionState from, SubmissionAction action, SubmissionState to) =>
        SubmissionRules.Next(from, action).ShouldBe(to);

    [Theory]
    [InlineData(SubmissionState.Draft, SubmissionAction.Approve)]
    [InlineData(SubmissionState.Draft, SubmissionAction.Return)]
    [InlineData(SubmissionState.Submitted, SubmissionAction.Compile)]
    [InlineData(SubmissionState.Submitted, SubmissionAction.Submit)]
    [InlineData(SubmissionState.Approved, SubmissionAction.Compile)]
    [InlineData(SubmissionState.Approved, SubmissionAction.Return)]
    [InlineData(SubmissionState.Returned, SubmissionAction.Approve)]
    public void SubmissionNext_OtherSteps_AreRefusedAsConflict(SubmissionState from, SubmissionAction action)
    {
        var e = Should.Throw<DomainRuleException>(() => SubmissionRules.Next(from, action));
        e.Rule.ShouldBe("ReportSubmissionStepRefused");
        e.Kind.ShouldBe(RuleKind.Conflict);
    }
}
