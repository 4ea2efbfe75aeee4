using ParkOps.Domain.Monitoring;
using ParkOps.Domain.Risk;
using static ParkOps.Domain.Tests.Risk.R;

namespace ParkOps.Domain.Tests.Risk;

/// <summary>The order-drop threshold and the ripple through first- and second-degree suppliers (the demo's chain, by hand).</summary>
public sealed class OrderDropRuleTests
{
    [Theory]
    [InlineData(100, 70, 0.3)]      // exactly 30 %
    [InlineData(100, 20, 0.8)]
    [InlineData(100, 0, 1.0)]
    [InlineData(100, 70.01, null)]  // 29.99 %
    [InlineData(100, 120, null)]
    [InlineData(0, 0, null)]        // no revenue before: nothing to fall from
    public void Drop_ThirtyPercentOrMore_Counts(decimal before, decimal now, double? expected) =>
        OrderDropRule.Drop(before, now, RiskSettings.Default).ShouldBe(expected is null ? null : (decimal)expected.Value);

    // 16 the leader; 5 sells 55 % to 16, 11 sells 40 % to 16; 1 sells 35 % to 5; 9 sells 20 % to 11 and 50 % to 5
    private static List<QuarterReportFacts> Chain(decimal leaderNow) =>
    [
        Report(16, L.Previous, Figures(revenue: 1000), Out("比亚迪", 30), Out("OPPO", 20)),
        Report(16, L, Figures(revenue: leaderNow), Out("比亚迪", 30), Out("OPPO", 20)),
        Report(5, L, null, In(16, 55), Out("华为", 15)),
        Report(11, L, null, In(16, 40), In(17, 20), Out("美的", 10)),
        Report(1, L, null, In(5, 35), In(6, 25), Out("立讯", 10)),
        Report(17, L, null, Out("TCL", 60)),
    ];

    private static readonly RiskEnterprise[] Firms = [Firm(16, leader: true), Firm(5), Firm(11), Firm(1), Firm(6), Firm(17)];

    [Fact]
    public void Check_LeaderFallsEightyPercent_SuppliersWorstFirstWithSecondDegree()
    {
        var f = OrderDropRule.Check(new ReportBook(Chain(200), L), Firms, L, RiskSettings.Default).ShouldHaveSingleItem();
        f.EnterpriseId.ShouldBe(16);
        f.Severity.ShouldBe(AlertSeverity.High);
        f.Key.ShouldBe("order-drop:16:2026Q3");
        var e = f.Evidence.ShouldBeOfType<OrderDropEvidence>();
        e.Drop.ShouldBe(0.8m);
        e.RevenueBefore.ShouldBe(1000m);
        e.RevenueNow.ShouldBe(200m);
        e.Suppliers.Select(s => (s.EnterpriseId, s.Exposure, s.Degree, s.Via)).ShouldBe([(5L, 0.55m, 1, 16L), (11L, 0.40m, 1, 16L), (1L, 0.1925m, 2, 5L)]);
        // 5: 55² + 15² + 30² (the unnamed rest) = 3025 + 225 + 900; 1: 35² + 25² + 10² + 30² = 1225 + 625 + 100 + 900
        e.Suppliers.Select(s => s.CustomerHhi).ShouldBe([4150m, 400m + 1600m + 100m + 900m, 2850m]);
    }

    [Fact]
    public void Check_FallOfTwentyNinePercent_NoFinding() =>
        OrderDropRule.Check(new ReportBook(Chain(710), L), Firms, L, RiskSettings.Default).ShouldBeEmpty();

    [Fact]
    public void Check_FallOfExactlyThirtyPercent_Raised() =>
        OrderDropRule.Check(new ReportBook(Chain(700), L), Firms, L, RiskSettings.Default).ShouldHaveSingleItem();

    [Fact]
    public void Ripple_SecondDegreeThroughTwoSuppliers_KeepsTheLargerPath()
    {
        var suppliers = new Dictionary<long, List<(long, decimal)>>
        {
            [16] = [(5, 0.55m), (11, 0.40m)],
            [5] = [(9, 0.50m)],
            [11] = [(9, 0.20m)],
        };
        OrderDropRule.Ripple(16, suppliers, _ => null).Select(s => (s.EnterpriseId, s.Exposure, s.Degree, s.Via))
            .ShouldBe([(5L, 0.55m, 1, 16L), (11L, 0.40m, 1, 16L), (9L, 0.275m, 2, 5L)]);
    }

    [Fact]
    public void Ripple_FirstDegreeSupplierAlsoSecondDegree_ListedOnceAsFirst()
    {
        var suppliers = new Dictionary<long, List<(long, decimal)>> { [16] = [(5, 0.30m), (11, 0.40m)], [11] = [(5, 0.90m), (16, 0.10m)] };
        OrderDropRule.Ripple(16, suppliers, _ => null).Select(s => (s.EnterpriseId, s.Degree)).ShouldBe([(11L, 1), (5L, 1)]);
    }

    [Theory]
    [InlineData(false, 49.99, AlertSeverity.Medium)]
    [InlineData(false, 50, AlertSeverity.High)]    // a supplier at exactly 50 % exposure
    [InlineData(true, 10, AlertSeverity.High)]     // a chain leader's fall
    public void Check_Severity_HighForLeaderOrHalfExposure(bool leader, decimal share, AlertSeverity expected)
    {
        var reports = new List<QuarterReportFacts> { Report(2, L.Previous, Figures(revenue: 100)), Report(2, L, Figures(revenue: 50)), Report(3, L, null, In(2, share)) };
        OrderDropRule.Check(new ReportBook(reports, L), [Firm(2, leader), Firm(3)], L, RiskSettings.Default).Single().Severity.ShouldBe(expected);
    }

    [Fact]
    public void Check_NoSuppliersNotLeader_Low()
    {
        var reports = new List<QuarterReportFacts> { Report(2, L.Previous, Figures(revenue: 100)), Report(2, L, Figures(revenue: 50)) };
        OrderDropRule.Check(new ReportBook(reports, L), [Firm(2)], L, RiskSettings.Default).Single().Severity.ShouldBe(AlertSeverity.Low);
    }
}
