using ParkOps.Domain.Monitoring;
using ParkOps.Domain.Risk;
using static ParkOps.Domain.Tests.Risk.R;

namespace ParkOps.Domain.Tests.Risk;

public sealed class ConcentrationRuleTests
{
    [Theory]
    [InlineData(new double[] { 50 }, 5000)]             // 50² + rest 50²
    [InlineData(new double[] { 100 }, 10000)]
    [InlineData(new double[] { 30, 20 }, 3800)]         // 900 + 400 + 2500
    [InlineData(new double[] { 20, 20, 20, 20, 20 }, 2000)]
    [InlineData(new double[] { 60, 50 }, 6100)]         // shares over 100 %: no negative rest
    public void Hhi_SharesAndTheUnnamedRest_SumOfSquares(double[] shares, double expected) =>
        ConcentrationRule.Hhi(shares.Select((s, i) => Out($"客户{i}", (decimal)s)).ToList()).ShouldBe((decimal)expected);

    [Fact]
    public void Hhi_NoCustomersNamed_Null() => ConcentrationRule.Hhi([]).ShouldBeNull();

    [Theory]
    [InlineData(2500.01, "high")]
    [InlineData(2500, "moderate")]
    [InlineData(1500, "moderate")]
    [InlineData(1499.99, null)]
    public void Level_Thresholds_HighAboveModerateBetween(double hhi, string? level) =>
        ConcentrationRule.Level((decimal)hhi, RiskSettings.Default).ShouldBe(level);

    [Fact]
    public void CustomerFinding_High_EvidenceNamesCustomersAndRest()
    {
        var f = ConcentrationRule.CustomerFinding(Report(5, L, null, In(16, 55), Out("华为", 15)), L, RiskSettings.Default)!;
        f.Severity.ShouldBe(AlertSeverity.High);
        f.Key.ShouldBe("concentration:customers:5");
        var e = f.Evidence.ShouldBeOfType<ConcentrationEvidence>();
        (e.Hhi, e.Level, e.UnnamedShare).ShouldBe((4150m, "high", 30m));
        // five customers of 20 % each: 2000, moderate
        ConcentrationRule.CustomerFinding(Report(5, L, null, Out("a", 20), Out("b", 20), Out("c", 20), Out("d", 20), Out("e", 20)), L, RiskSettings.Default)!
            .Severity.ShouldBe(AlertSeverity.Medium);
    }

    [Theory]
    [InlineData(30, 20, 50, null)]                      // exactly 50 %: not above
    [InlineData(30, 20.1, 49.9, AlertSeverity.Medium)]  // 50.1 %
    [InlineData(51, 10, 39, AlertSeverity.High)]        // the largest alone above 50 %
    public void ParkDependence_TopTwoAboveHalf_Raised(double a, double b, double rest, AlertSeverity? expected)
    {
        var reports = new List<QuarterReportFacts>
        {
            Report(1, L, Figures(output: (decimal)a)), Report(2, L, Figures(output: (decimal)b)),
            Report(3, L, Figures(output: (decimal)rest / 4)), Report(4, L, Figures(output: (decimal)rest / 4)),
            Report(5, L, Figures(output: (decimal)rest / 4)), Report(6, L, Figures(output: (decimal)rest / 4)),
        };
        var f = ConcentrationRule.ParkDependence(reports, L, RiskSettings.Default);
        f?.Severity.ShouldBe(expected!.Value);
        (f is null).ShouldBe(expected is null);
        if (f is not null) f.Evidence.ShouldBeOfType<ParkDependenceEvidence>().TopEnterprises.ShouldBe([1L, 2L]);
    }

    [Fact]
    public void SingleStages_StageHeldByOneFirm_Raised_GapAndSharedNot()
    {
        var firms = new[] { Firm(1, stages: "SMT贴片|插件焊接"), Firm(2, stages: "SMT贴片"), Firm(3, stages: "质量检测") };
        var found = ConcentrationRule.SingleStages(firms, ["原材料供应", "SMT贴片", "插件焊接", "质量检测"], L);
        found.Select(f => (f.EnterpriseId, f.Key)).ShouldBe([(1L, "concentration:stage:插件焊接"), (3L, "concentration:stage:质量检测")]);
    }
}
