using ParkOps.Domain.Monitoring;
using ParkOps.Domain.Risk;
using ParkOps.Domain.Rules;
using static ParkOps.Domain.Tests.Risk.R;

namespace ParkOps.Domain.Tests.Risk;

public sealed class ReportAndEcosystemRuleTests
{
    [Fact]
    public void DueOn_TwentiethOfTheNextMonth() => ReportRule.DueOn(new Quarter(2026, 3), RiskSettings.Default).ShouldBe(new DateOnly(2026, 10, 20));

    [Theory]
    [InlineData("2026-10-20", null, null)]          // the due day itself: not yet missing
    [InlineData("2026-10-21", null, "missing")]
    [InlineData("2026-11-30", "2026-10-20", null)]  // submitted on the due day: on time
    [InlineData("2026-11-30", "2026-10-21", "late")]
    public void Check_LatestQuarter_MissingAfterDueLateIfSubmittedAfter(string today, string? submitted, string? kind)
    {
        var filings = new List<ReportFiling> { new(1, L.Previous, new DateOnly(2026, 7, 10)) };
        if (submitted is not null) filings.Add(new ReportFiling(1, L, DateOnly.Parse(submitted)));
        var found = ReportRule.Check([Firm(1)], filings, L, DateOnly.Parse(today), RiskSettings.Default);
        found.Select(f => ((ReportEvidence)f.Evidence).Kind).ShouldBe(kind is null ? [] : [kind]);
        if (kind == "missing") ((ReportEvidence)found[0].Evidence).DaysLate.ShouldBe(1);
        if (kind == "late") found[0].Key.ShouldBe("missing-report:1:2026Q3");
    }

    [Fact]
    public void Check_FirmEstablishedAfterTheQuarter_NotAsked()
    {
        var found = ReportRule.Check([Firm(1, est: new DateOnly(2026, 10, 1))], [], L, new DateOnly(2026, 12, 1), RiskSettings.Default);
        found.ShouldBeEmpty();
    }

    [Fact]
    public void Check_DraftOnly_IsMissing()
    {
        var found = ReportRule.Check([Firm(1)], [new ReportFiling(1, L, null), new ReportFiling(1, L.Previous, new DateOnly(2026, 7, 1))], L, new DateOnly(2026, 12, 1), RiskSettings.Default);
        found.Single().Severity.ShouldBe(AlertSeverity.Medium);
    }

    [Theory]
    [InlineData(new double[] { 1, 2, 3 }, 2)]
    [InlineData(new double[] { 4, 1, 3, 2 }, 2.5)]
    [InlineData(new double[] { 7 }, 7)]
    public void Median_OddAndEven(double[] values, double expected) =>
        EcosystemRule.Median(values.Select(v => (decimal)v)).ShouldBe((decimal)expected);

    // five firms, 100 ㎡ each; outputs 100, 100, 100, 100 and x: median 100, threshold 80
    [Theory]
    [InlineData(79.99, 79.99, true)]
    [InlineData(80, 79.99, false)]     // exactly 80 % in L-1 is not below
    [InlineData(79.99, 80, false)]
    public void OutputDensity_BelowEightyPercentOfMedianTwoQuarters_Raised(double prev, double now, bool raised)
    {
        var reports = new List<QuarterReportFacts>();
        foreach (var q in new[] { L.Previous, L })
        {
            for (var id = 1; id <= 4; id++) reports.Add(Report(id, q, Figures(output: 100, patents: 5)));
            reports.Add(Report(5, q, Figures(output: (decimal)(q == L ? now : prev), patents: 5)));
        }
        var firms = Enumerable.Range(1, 5).Select(i => Firm(i, area: 100)).ToList();
        var found = EcosystemRule.Check(new ReportBook(reports, L), firms, L, RiskSettings.Default);
        found.Where(f => f.Key == "ecosystem:output-density:5").Any().ShouldBe(raised);
        found.Where(f => f.Key.StartsWith("ecosystem:patent-density", StringComparison.Ordinal)).ShouldBeEmpty();
        if (raised)
        {
            var e = found.Single().Evidence.ShouldBeOfType<EcosystemEvidence>();
            e.Quarters.Select(q => (q.Quarter, q.Value, q.Benchmark)).ShouldBe([("2026Q2", 0.7999m, 1m), ("2026Q3", 0.7999m, 1m)]);
        }
    }

    [Fact]
    public void PatentDensity_PerHundredEmployees_AgainstMedian()
    {
        // 50 employees: 5 patents = 10 per 100 (median); 3 patents = 6 per 100 < 8
        var reports = new List<QuarterReportFacts>();
        foreach (var q in new[] { L.Previous, L })
            for (var id = 1; id <= 3; id++) reports.Add(Report(id, q, Figures(patents: id == 3 ? 3 : 5)));
        var found = EcosystemRule.Check(new ReportBook(reports, L), [Firm(1), Firm(2), Firm(3)], L, RiskSettings.Default);
        found.Select(f => f.Key).ShouldBe(["ecosystem:patent-density:3"]);
        ((EcosystemEvidence)found[0].Evidence).Quarters[1].Value.ShouldBe(6m);
    }

    // 50 employees (the fixture's headcount): 12 open posts = 24 %, 12.5 would be 25 % (not above), 13 = 26 %
    [Theory]
    [InlineData(12, false)]
    [InlineData(13, true)]
    [InlineData(null, false)]   // not stated: not judged
    public void TalentGap_OpenPostsAboveAQuarterOfHeadcount_Raised(int? open, bool raised)
    {
        var reports = new List<QuarterReportFacts> { Report(1, L, Figures() with { OpenPosts = open }), Report(2, L, Figures() with { OpenPosts = 1 }) };
        var found = EcosystemRule.Check(new ReportBook(reports, L), [Firm(1), Firm(2)], L, RiskSettings.Default)
            .Where(f => f.Key.StartsWith("ecosystem:talent-gap", StringComparison.Ordinal)).ToList();
        found.Select(f => f.Key).ShouldBe(raised ? ["ecosystem:talent-gap:1"] : []);
        if (raised)
        {
            var e = found[0].Evidence.ShouldBeOfType<EcosystemEvidence>();
            e.Kind.ShouldBe("talent-gap");
            e.Quarters.Single().Value.ShouldBe(0.26m);
            e.Threshold.ShouldBe(0.25m);
        }
    }

    [Fact]
    public void TalentGap_ExactlyAQuarter_NotRaised()
    {
        var reports = new List<QuarterReportFacts> { Report(1, L, Figures() with { AvgHeadcount = 40, OpenPosts = 10 }) };
        EcosystemRule.Check(new ReportBook(reports, L), [Firm(1)], L, RiskSettings.Default).ShouldBeEmpty();
    }
}
