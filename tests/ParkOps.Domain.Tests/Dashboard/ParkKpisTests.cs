using ParkOps.Domain.Dashboard;
using ParkOps.Domain.Monitoring;

namespace ParkOps.Domain.Tests.Dashboard;

public sealed class ParkKpisTests
{
    private static readonly Quarter Q = new(2026, 3);
    private static readonly KpiTargets T = KpiTargets.Default;

    private static KpiValue Of(Kpi kpi, ParkQuarterFacts f, KpiTargets? t = null) => ParkKpis.Compute(kpi, f, t ?? T);

    [Fact]
    public void Occupancy_LeasedOverLeasable_AtTheTargetMeetsIt()
    {
        // 3,400 ㎡ of 4,000 leasable = 85.0 %, the target exactly
        var v = Of(Kpi.Occupancy, new ParkQuarterFacts(Q) { LeasedSqm = 3400m, LeasableSqm = 4000m });
        v.Value.ShouldBe(85.0m);
        v.Unit.ShouldBe("percent");
        v.Target.ShouldBe(85m);
        v.Meets.ShouldBe(true);
        (v.Numerator, v.Denominator).ShouldBe((3400m, 4000m));
    }

    [Fact]
    public void Occupancy_BelowTarget_DoesNotMeetIt()
    {
        // 3,000 ÷ 4,000 = 75.0 %
        var v = Of(Kpi.Occupancy, new ParkQuarterFacts(Q) { LeasedSqm = 3000m, LeasableSqm = 4000m });
        v.Value.ShouldBe(75.0m);
        v.Meets.ShouldBe(false);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    public void Occupancy_NoLeasableArea_IsNoData(int? leasable)
    {
        var v = Of(Kpi.Occupancy, new ParkQuarterFacts(Q) { LeasedSqm = 0m, LeasableSqm = leasable });
        v.Value.ShouldBeNull();
        v.Meets.ShouldBeNull();
        v.Numerator.ShouldBeNull();
    }

    [Fact]
    public void NoFiguresAtAll_EveryKpiIsNoDataExceptNone()
    {
        var all = ParkKpis.Compute(new ParkQuarterFacts(Q), T);
        all.Select(v => v.Kpi).ShouldBe(Enum.GetValues<Kpi>());
        all.ShouldAllBe(v => v.Value == null && v.Meets == null);
    }

    [Theory]
    // (this year's quarter, the same quarter a year before) → growth %, meets 15 %?
    [InlineData(115.0, 100.0, 15.0, true)]
    [InlineData(90.0, 100.0, -10.0, false)]
    [InlineData(100.5, 87.3, 15.1, true)]   // 13.2 / 87.3 = 0.151203 → 15.1
    public void TaxGrowth_QuarterOnTheSameQuarterAYearBefore(double tax, double ago, double expected, bool meets)
    {
        var v = Of(Kpi.TaxGrowth, new ParkQuarterFacts(Q) { Tax = (decimal)tax, TaxYearAgo = (decimal)ago });
        v.Value.ShouldBe((decimal)expected);
        v.Meets.ShouldBe(meets);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0.0)]
    public void TaxGrowth_NothingAYearBefore_IsNoData(double? ago)
    {
        Of(Kpi.TaxGrowth, new ParkQuarterFacts(Q) { Tax = 50m, TaxYearAgo = (decimal?)ago }).Value.ShouldBeNull();
    }

    [Fact]
    public void PerMu_TaxAndOutputOverLand_TwoDecimalsNoTarget()
    {
        // 253 万元 ÷ 126.5 亩 = 2.00; 1,000 ÷ 126.5 = 7.9051… → 7.91
        var f = new ParkQuarterFacts(Q) { Tax = 253m, Output = 1000m, LandMu = 126.5m };
        var tax = Of(Kpi.TaxPerMu, f);
        tax.Value.ShouldBe(2.00m);
        tax.Unit.ShouldBe("wan-yuan-per-mu");
        tax.Target.ShouldBeNull();
        tax.Meets.ShouldBeNull();
        Of(Kpi.OutputPerMu, f).Value.ShouldBe(7.91m);
    }

    [Theory]
    // minutes added up, requests answered → average, meets ≤ 120?
    [InlineData(300, 4, 75.0, true)]
    [InlineData(500, 3, 166.7, false)]   // 166.666… → 166.7
    [InlineData(360, 3, 120.0, true)]
    public void ResponseTime_AverageMinutes_AtMostTheTarget(int minutes, int responded, double expected, bool meets)
    {
        var v = Of(Kpi.ResponseTime, new ParkQuarterFacts(Q) { ResponseMinutesTotal = minutes, Responded = responded });
        v.Value.ShouldBe((decimal)expected);
        v.Unit.ShouldBe("minutes");
        v.Direction.ShouldBe(KpiDirection.AtMost);
        v.Meets.ShouldBe(meets);
    }

    [Fact]
    public void ResponseTime_NothingAnswered_IsNoData() =>
        Of(Kpi.ResponseTime, new ParkQuarterFacts(Q) { ResponseMinutesTotal = 0m, Responded = 0 }).Value.ShouldBeNull();

    [Fact]
    public void Shares_OfEnterprisesRatingsAndStages()
    {
        var f = new ParkQuarterFacts(Q)
        {
            Enterprises = 34, LeadingIndustryEnterprises = 23, CollaboratingEnterprises = 26,
            CohortAtStart = 32, CohortStillIn = 30, Rated = 10, Satisfied = 9, ChainStages = 7, StagesCovered = 5,
        };
        Of(Kpi.LeadingIndustryShare, f).Value.ShouldBe(67.6m);   // 23/34 = 0.67647
        Of(Kpi.LeadingIndustryShare, f).Meets.ShouldBe(false);
        Of(Kpi.CollaborationRate, f).Value.ShouldBe(76.5m);      // 26/34 = 0.76470
        Of(Kpi.CollaborationRate, f).Meets.ShouldBe(true);
        Of(Kpi.SurvivalRate, f).Value.ShouldBe(93.8m);           // 30/32 = 0.9375, half away from zero
        Of(Kpi.Satisfaction, f).Value.ShouldBe(90.0m);
        Of(Kpi.Satisfaction, f).Meets.ShouldBe(true);
        var chain = Of(Kpi.ChainCompleteness, f);
        chain.Value.ShouldBe(71.4m);                              // 5/7 = 0.714285
        chain.Meets.ShouldBeNull();
    }

    [Fact]
    public void ServiceShare_TheParksOwnTargetCounts()
    {
        var f = new ParkQuarterFacts(Q) { ServiceRevenue = 3000m, TotalRevenue = 10000m };
        Of(Kpi.ServiceRevenueShare, f).Meets.ShouldBe(true);
        var v = Of(Kpi.ServiceRevenueShare, f, T with { ServiceSharePercent = 35m });
        v.Value.ShouldBe(30.0m);
        v.Target.ShouldBe(35m);
        v.Meets.ShouldBe(false);
    }

    [Fact]
    public void OpenAlerts_ACountWithoutTarget_ZeroIsAValue()
    {
        Of(Kpi.OpenRiskAlerts, new ParkQuarterFacts(Q) { OpenAlerts = 3 }).Value.ShouldBe(3m);
        var none = Of(Kpi.OpenRiskAlerts, new ParkQuarterFacts(Q) { OpenAlerts = 0 });
        none.Value.ShouldBe(0m);
        none.Meets.ShouldBeNull();
        Of(Kpi.OpenRiskAlerts, new ParkQuarterFacts(Q)).Value.ShouldBeNull();
    }

    [Fact]
    public void Combine_AddsNumeratorsAndDenominators_OverParksWithData()
    {
        var a = ParkKpis.Compute(new ParkQuarterFacts(Q) { LeasedSqm = 3000m, LeasableSqm = 4000m, Tax = 115m, TaxYearAgo = 100m, OpenAlerts = 2 }, T);
        var b = ParkKpis.Compute(new ParkQuarterFacts(Q) { LeasedSqm = 1000m, LeasableSqm = 1000m, Tax = 50m, TaxYearAgo = 100m, OpenAlerts = 3 }, T);
        var c = ParkKpis.Compute(new ParkQuarterFacts(Q), T);
        var all = a.Concat(b).Concat(c).ToList();
        // (3,000 + 1,000) ÷ (4,000 + 1,000) = 80.0 %; park c (no data) neither adds nor dilutes
        ParkKpis.Combine(Kpi.Occupancy, Q, all, T).Value.ShouldBe(80.0m);
        // ((115 − 100) + (50 − 100)) ÷ (100 + 100) = −35 ÷ 200 = −17.5 %
        ParkKpis.Combine(Kpi.TaxGrowth, Q, all, T).Value.ShouldBe(-17.5m);
        ParkKpis.Combine(Kpi.OpenRiskAlerts, Q, all, T).Value.ShouldBe(5m);
        ParkKpis.Combine(Kpi.Satisfaction, Q, all, T).Value.ShouldBeNull();
    }
}
