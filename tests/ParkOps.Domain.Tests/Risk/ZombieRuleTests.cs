using ParkOps.Domain.Monitoring;
using ParkOps.Domain.Risk;
using static ParkOps.Domain.Tests.Risk.R;

namespace ParkOps.Domain.Tests.Risk;

/// <summary>The four zombie criteria at and around their thresholds (baseline output 100, electricity 10,000 kWh: 10 % is 10 and 1,000).</summary>
public sealed class ZombieRuleTests
{
    private static Dictionary<Quarter, QuarterReportFacts> Slide(decimal out1, decimal pow1, decimal out0, decimal pow0) => Book(
        Report(1, L.Plus(-5)), Report(1, L.Plus(-4)), Report(1, L.Plus(-3)), Report(1, L.Plus(-2)),
        Report(1, L.Previous, Figures(output: out1, power: pow1)), Report(1, L, Figures(output: out0, power: pow0)));

    [Theory]
    [InlineData(9.99, 999, 9.99, 999, true)]      // both quarters, both figures just under 10 %
    [InlineData(10, 999, 9.99, 999, false)]       // output exactly 10 % in L-1 is not below
    [InlineData(9.99, 1000, 9.99, 999, false)]    // electricity exactly 10 % in L-1
    [InlineData(9.99, 999, 10, 999, false)]       // output exactly 10 % in L
    [InlineData(9.99, 999, 9.99, 1000, false)]    // electricity exactly 10 % in L
    [InlineData(0, 0, 0, 0, true)]                // stopped entirely
    [InlineData(50, 500, 5, 500, false)]          // only the last quarter quiet
    public void Quiet_AtAndAroundTenPercent_HoldsOnlyStrictlyBelowInBothQuarters(decimal out1, decimal pow1, decimal out0, decimal pow0, bool holds)
    {
        var c = ZombieRule.Quiet(Slide(out1, pow1, out0, pow0), L, RiskSettings.Default);
        (c is not null).ShouldBe(holds);
        if (holds)
        {
            c!.Criterion.ShouldBe("quiet");
            c.Figures["baselineOutput"].ShouldBe(100m);
            c.Figures["baselineElectricity"].ShouldBe(10_000m);
            c.Figures["output0"].ShouldBe(out0);
            c.Figures["electricity1"].ShouldBe(pow1);
        }
    }

    [Fact]
    public void Quiet_MeanOfTheFourBefore_IsTheBaseline()
    {
        // baseline 40, 80, 120, 160 → mean 100; 9.99 below 10 holds, 10.5 would not
        var book = Book(Report(1, L.Plus(-5), Figures(output: 40)), Report(1, L.Plus(-4), Figures(output: 80)), Report(1, L.Plus(-3), Figures(output: 120)),
            Report(1, L.Plus(-2), Figures(output: 160)), Report(1, L.Previous, Figures(output: 9.99m, power: 1)), Report(1, L, Figures(output: 9.99m, power: 1)));
        ZombieRule.Quiet(book, L, RiskSettings.Default)!.Figures["baselineOutput"].ShouldBe(100m);
        book[L] = Report(1, L, Figures(output: 10.5m, power: 1));
        ZombieRule.Quiet(book, L, RiskSettings.Default).ShouldBeNull();
    }

    [Fact]
    public void Quiet_LatestQuarterNotReported_DoesNotHold()
    {
        var book = Slide(1, 1, 1, 1);
        book.Remove(L);
        ZombieRule.Quiet(book, L, RiskSettings.Default).ShouldBeNull();
    }

    [Theory]
    [InlineData(2, false)]
    [InlineData(3, true)]
    [InlineData(4, true)]
    public void Arrears_ThreeMonthsOrMore_IsACriterion(int months, bool holds)
    {
        var f = ZombieRule.Check(1, Book(Report(1, L)), L, months, RiskSettings.Default);
        (f is not null).ShouldBe(holds);
        if (holds) f!.Evidence.ShouldBeOfType<ZombieEvidence>().Criteria.Single().Figures["arrearsMonths"].ShouldBe(months);
    }

    [Theory]
    [InlineData(850, false)]   // exactly 85 % is not above
    [InlineData(851, true)]
    [InlineData(849, false)]
    public void Debt_AboveEightyFivePercent_IsACriterion(decimal liabilities, bool holds)
    {
        var c = ZombieRule.Debt(Book(Report(1, L.Previous, Figures(liabilities: 990)), Report(1, L, Figures(assets: 1000, liabilities: liabilities))), L, RiskSettings.Default);
        (c is not null).ShouldBe(holds);
        if (holds) c!.Figures["ratio"].ShouldBe(0.851m);
    }

    [Fact]
    public void Debt_NoAssets_DoesNotHold() =>
        ZombieRule.Debt(Book(Report(1, L, Figures(assets: 0, liabilities: 10))), L, RiskSettings.Default).ShouldBeNull();

    private static Dictionary<Quarter, QuarterReportFacts> Years(decimal y2023, decimal y2024, decimal y2025)
    {
        var list = new List<QuarterReportFacts>();
        foreach (var (year, total) in new[] { (2023, y2023), (2024, y2024), (2025, y2025) })
            for (var n = 1; n <= 4; n++)
                list.Add(Report(1, new Quarter(year, n), Figures(profit: n == 1 ? total - 3m : 1m)));
        list.Add(Report(1, new Quarter(2026, 1), Figures(profit: 50)));   // 2026 is not complete: not counted
        return Book([.. list]);
    }

    [Theory]
    [InlineData(-1, -1, -1, true)]
    [InlineData(-1, -1, 0, false)]   // a year that broke even is not a loss
    [InlineData(0, -1, -1, false)]
    [InlineData(-0.01, -200, -0.01, true)]
    public void Losses_EachOfTheLastThreeCompleteYears_IsACriterion(decimal y2023, decimal y2024, decimal y2025, bool holds)
    {
        var c = ZombieRule.Losses(Years(y2023, y2024, y2025), L, RiskSettings.Default);
        (c is not null).ShouldBe(holds);
        if (holds) c!.Figures.ShouldBe(new Dictionary<string, decimal> { ["netProfit2025"] = y2025, ["netProfit2024"] = y2024, ["netProfit2023"] = y2023 });
    }

    [Fact]
    public void Losses_OnlyTwoCompleteYears_DoesNotHold()
    {
        var book = Years(-1, -1, -1);
        book.Remove(new Quarter(2023, 2));
        ZombieRule.Losses(book, L, RiskSettings.Default).ShouldBeNull();
    }

    [Fact]
    public void Check_TwoCriteria_HighWithBothNamed()
    {
        var book = Slide(1, 1, 1, 1);
        book[L] = Report(1, L, Figures(output: 1, power: 1, assets: 100, liabilities: 90));
        var f = ZombieRule.Check(1, book, L, 0, RiskSettings.Default)!;
        f.Severity.ShouldBe(AlertSeverity.High);
        f.Key.ShouldBe("zombie:1");
        f.Evidence.ShouldBeOfType<ZombieEvidence>().Criteria.Select(c => c.Criterion).ShouldBe(["quiet", "debt"]);
        ZombieRule.Check(1, Book(Report(1, L, Figures(assets: 100, liabilities: 90))), L, 0, RiskSettings.Default)!.Severity.ShouldBe(AlertSeverity.Medium);
    }
}
