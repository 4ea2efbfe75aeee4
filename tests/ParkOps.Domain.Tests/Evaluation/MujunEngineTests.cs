using ParkOps.Domain.Evaluation;
using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Tests.Evaluation;

/// <summary>
/// The 亩均 rules, table-driven. The settings below keep DOMAIN §7's weights and cap but set every benchmark to 1, so a
/// term's points are value × weight and every expected figure can be worked out by hand in the comment beside it.
/// </summary>
public sealed class MujunEngineTests
{
    private static readonly MujunSettings Unit = MujunSettings.Default("test", 2025) with
    {
        Indicators = MujunSettings.Default("test", 2025).Indicators.Select(i => i with { Benchmark = 1m }).ToList(),
    };

    /// <summary>规下 firm with land 1 and electricity 1: both terms are tax × 50, so the score is tax × 100 (below the cap).</summary>
    private static MujunFirm Below(double tax, int years = 5, bool utility = false, double land = 1, double electricity = 1, long parcel = 0) =>
        new(false, years, utility, land, tax, 0, 0, 0, 0, null, electricity, 0, parcel);

    private static MujunFirm Above(double land, double tax, double va, double energy, double? emissions, double headcount, double rd, double revenue, int years = 5) =>
        new(true, years, false, land, tax, va, revenue, rd, energy, emissions, 0, headcount);

    private const double Eps = 1e-9;

    [Fact]
    public void Default_Settings_AreDomainSection7Of2022()
    {
        var s = MujunSettings.Default("any", 2022);
        s.Of(MuIndicator.TaxPerMu).ShouldBe(new IndicatorSetting(MuIndicator.TaxPerMu, 30, 24.097m));
        s.Of(MuIndicator.ValueAddedPerEmission).ShouldBe(new IndicatorSetting(MuIndicator.ValueAddedPerEmission, 10, 4929.81m));
        s.Of(MuIndicator.TaxPerElectricity).ShouldBe(new IndicatorSetting(MuIndicator.TaxPerElectricity, 50, 0.2352m));
        (s.CapFactor, s.ShareA, s.ShareB, s.ShareC, s.MinYearsInProduction).ShouldBe((1.5m, 0.20m, 0.60m, 0.95m, 2));
    }

    [Theory]
    // tax/land, tax/electricity → points 50×each, each capped at 75
    [InlineData(1.0, 1.0, 1.0, 100.0)]      // 50 + 50
    [InlineData(2.0, 1.0, 4.0, 100.0)]      // tax/land 2 → 100 capped 75; tax/elec 0.5 → 25
    [InlineData(3.0, 1.0, 1.0, 150.0)]      // both 3 → 150 each, capped 75 + 75
    [InlineData(1.5, 1.0, 1.5, 125.0)]      // 75 exactly at the cap + 1 → 50
    public void Score_Below_CapsEachTermAtOneAndAHalfWeights(double tax, double land, double electricity, double expected)
    {
        var r = MujunEngine.Evaluate([Below(tax, land: land, electricity: electricity)], Unit);
        r.Scores[0].ShouldBe(expected, Eps);
    }

    [Fact]
    public void Score_Above_SumsSixCappedTerms()
    {
        // tax/land 0.5 → 15; va/land 1 → 20; va/energy 0.5 → 10; va/emissions 2 → 20 capped 15; va/head 1 → 10; rd/revenue 0.1 → 1
        var r = MujunEngine.Evaluate([Above(land: 10, tax: 5, va: 10, energy: 20, emissions: 5, headcount: 10, rd: 1, revenue: 10)], Unit);
        r.Scores[0].ShouldBe(71.0, Eps);
        var terms = r.TermsOf(0);
        terms.Select(t => t.Points).ShouldBe([15.0, 20.0, 10.0, 15.0, 10.0, 1.0], Eps);
        terms.Single(t => t.Indicator == MuIndicator.ValueAddedPerEmission).Capped.ShouldBeTrue();
        terms.Single(t => t.Indicator == MuIndicator.ValueAddedPerEmission).Value.ShouldBe(2.0);
    }

    [Fact]
    public void Score_AboveWithoutEmissions_GetsTheMeanCappedTermOfRatedAboveFirmsThatHaveIt()
    {
        var firms = new[]
        {
            Above(1, 0, 1, 1, emissions: 2, 1, 0, 1),            // va/em 0.5 → 5
            Above(1, 0, 1, 1, emissions: 1, 1, 0, 1),            // va/em 1 → 10
            Above(1, 0, 1, 1, emissions: 0.1, 1, 0, 1),          // va/em 10 → 100 capped 15
            Above(1, 0, 1, 1, emissions: null, 1, 0, 1),         // missing → (5 + 10 + 15) / 3 = 10
            Above(1, 0, 1, 1, emissions: 0.01, 1, 0, 1, years: 1), // class T: its capped 15 does not count
        };
        var r = MujunEngine.Evaluate(firms, Unit);
        var t = r.TermsOf(3).Single(x => x.Indicator == MuIndicator.ValueAddedPerEmission);
        t.Points.ShouldBe(10.0, Eps);
        t.Imputed.ShouldBeTrue();
        t.Value.ShouldBeNull();
        r.EmissionMean!.Value.ShouldBe(10.0, Eps);
        // the other terms: va/land 1 → 20, va/energy 1 → 20, va/head 1 → 10, tax 0, rd 0 → 50 + 10
        r.Scores[3].ShouldBe(60.0, Eps);
    }

    [Fact]
    public void Score_NoAboveFirmHasEmissions_TheTermIsZeroForAll()
    {
        var r = MujunEngine.Evaluate([Above(1, 0, 1, 1, null, 1, 0, 1)], Unit);
        r.EmissionMean.ShouldBeNull();
        r.Scores[0].ShouldBe(50.0, Eps);
    }

    [Theory]
    // taxes of a 规下 group → scores tax × 100; expected classes by p = rank / size: A ≤ .20, B ≤ .60, C ≤ .95, else D
    [InlineData(new[] { 1.0 }, "D")]                                   // 1/1 = 1.0
    [InlineData(new[] { 1.0, 0.5 }, "BD")]                             // 1/2 = .5, 2/2 = 1
    [InlineData(new[] { 1.0, 0.5, 0.2 }, "BCD")]                       // .33, .67, 1
    [InlineData(new[] { 1.0, 0.8, 0.8, 0.6, 0.4 }, "ABBCD")]           // ranks 1 2 2 4 5 → .2 .4 .4 .8 1
    [InlineData(new[] { 0.5, 0.5, 0.5 }, "BBB")]                       // all tie at rank 1 → p = 1/3 → B
    public void Class_ByRankWithinGroup_AsTheSharesSay(double[] taxes, string expected)
    {
        var r = MujunEngine.Evaluate(taxes.Select(t => Below(t)).ToArray(), Unit);
        var got = string.Concat(r.Classes.Select(c => c.ToString()));
        got.ShouldBe(expected);
    }

    [Fact]
    public void Rank_Ties_ShareTheBestRankAndTheNextRankSkips()
    {
        var r = MujunEngine.Evaluate([Below(1.0), Below(0.8), Below(0.8), Below(0.6), Below(0.4)], Unit);
        r.Ranks.ShouldBe([1, 2, 2, 4, 5]);
        r.GroupSizes.ShouldAllBe(n => n == 5);
    }

    [Fact]
    public void Class_TwentyFirms_FourA_EightB_SevenC_OneD()
    {
        // ranks 1..20: A ranks 1–4 (≤ .20), B 5–12 (≤ .60), C 13–19 (≤ .95), D 20
        var r = MujunEngine.Evaluate(Enumerable.Range(0, 20).Select(k => Below(1.0 - k * 0.01)).ToArray(), Unit);
        string.Concat(r.Classes.Select(c => c.ToString())).ShouldBe("AAAABBBBBBBBCCCCCCCD");
    }

    [Fact]
    public void Class_AboveAndBelow_AreRankedSeparately()
    {
        // a weak 规上 firm alone in its group and a strong 规下 pair: each group ranks on its own
        var r = MujunEngine.Evaluate([Above(1, 0, 0.01, 1, 1, 1, 0, 1), Below(1.0), Below(0.5)], Unit);
        r.Classes.ShouldBe([MuClass.D, MuClass.B, MuClass.D]);
        r.GroupSizes.ShouldBe([1, 2, 2]);
    }

    [Theory]
    [InlineData(1, false, true, "T")]    // under 2 years
    [InlineData(2, false, true, "D")]    // 2 years is enough (alone in the group → D)
    [InlineData(9, true, true, "T")]     // utility
    [InlineData(9, true, false, "D")]    // a region that rates utilities
    public void Exclusion_UtilitiesAndYoungFirms_AreNotRated(int years, bool utility, bool excludeUtilities, string expected)
    {
        var r = MujunEngine.Evaluate([Below(1.0, years: years, utility: utility)], Unit with { ExcludeUtilities = excludeUtilities });
        r.Classes[0].ToString().ShouldBe(expected);
        (r.RoundedScore(0) is null).ShouldBe(expected == "T");
    }

    [Fact]
    public void Exclusion_ExcludedFirms_DoNotCountInTheGroupSize()
    {
        // two rated: B and D; the T firm (best figures) takes no rank
        var r = MujunEngine.Evaluate([Below(1.4, years: 1), Below(1.0), Below(0.5)], Unit);
        r.Classes.ShouldBe([MuClass.T, MuClass.B, MuClass.D]);
    }

    [Fact]
    public void CombinedParcel_TenantsOfOneParcel_ShareOneResult()
    {
        // parcel 7: land 1+1, tax 1+3, electricity 10+10 → tax/land 2 → 100 capped 75; tax/elec 0.2 → 10; score 85
        var firms = new[] { Below(1, electricity: 10, parcel: 7), Below(3, electricity: 10, parcel: 7), Below(0.5) };
        var r = MujunEngine.Evaluate(firms, Unit with { CombinedParcel = true });
        r.Scores[0].ShouldBe(85.0, Eps);
        r.Scores[1].ShouldBe(85.0, Eps);
        r.Unit[0].ShouldBe(r.Unit[1]);
        // two units: the parcel (rank 1 of 2 → B) and the lone firm (score 100 × 0.5 = 50, rank 2 → D)
        r.Classes.ShouldBe([MuClass.B, MuClass.B, MuClass.D]);
        r.GroupSizes.ShouldBe([2, 2, 2]);
    }

    [Fact]
    public void CombinedParcel_SettingOff_EvaluatesEachTenant()
    {
        // alone: 50 + 1×50/10 = 55; 3 → capped 75 + 0.3×50 = 15 → 90
        var r = MujunEngine.Evaluate([Below(1, electricity: 10, parcel: 7), Below(3, electricity: 10, parcel: 7)], Unit);
        r.Scores[0].ShouldBe(55.0, Eps);
        r.Scores[1].ShouldBe(90.0, Eps);
    }

    [Fact]
    public void Evaluate_EachFirmItsOwnUnit_UnratedFirmsHaveNoUnitScoreRankOrTerms()
    {
        // a young firm and a utility (T), a 规下 firm alone in its group (100 → rank 1 of 1 → D: floor(0.95 × 1) = 0), a 规上
        // firm without emissions and nobody to take a mean from (15 + 20 + 10 + 0 + 10 + 1 = 56)
        var r = MujunEngine.Evaluate([Below(1, years: 1), Below(1, utility: true), Below(1),
            Above(land: 10, tax: 5, va: 10, energy: 20, emissions: null, headcount: 10, rd: 1, revenue: 10)], Unit);
        r.Unit.ShouldBe([-1, -1, 2, 3]);
        r.Classes.ShouldBe([MuClass.T, MuClass.T, MuClass.D, MuClass.D]);
        double.IsNaN(r.Scores[0]).ShouldBeTrue();
        double.IsNaN(r.Scores[1]).ShouldBeTrue();
        r.Scores[2].ShouldBe(100.0, Eps);
        r.Scores[3].ShouldBe(56.0, Eps);
        r.Ranks.ShouldBe([0, 0, 1, 1]);
        r.GroupSizes.ShouldBe([0, 0, 1, 1]);
        r.Above.ShouldBe([false, false, false, true]);
        r.EmissionImputed.ShouldBe([false, false, false, true]);
        r.EmissionMean.ShouldBeNull();
        r.RoundedScore(0).ShouldBeNull();
        r.TermsOf(1).ShouldBeEmpty();
        r.Values.Take(2 * MujunResult.Terms).ShouldAllBe(v => v == 0);
        r.LiftOf(0).ShouldBeNull();
    }

    [Theory]
    [InlineData("land_mu")]
    [InlineData("energy_tce")]
    [InlineData("avg_headcount")]
    [InlineData("main_revenue_wan")]
    [InlineData("emissions_t")]
    public void Check_AboveZeroDenominator_IsRefusedNamingTheField(string field)
    {
        var f = Above(1, 1, 1, 1, 1, 1, 1, 1);
        f = field switch
        {
            "land_mu" => f with { LandMu = 0 },
            "energy_tce" => f with { EnergyTce = 0 },
            "avg_headcount" => f with { AvgHeadcount = 0 },
            "main_revenue_wan" => f with { MainRevenueWan = 0 },
            _ => f with { EmissionsT = 0 },
        };
        var ex = Should.Throw<DomainRuleException>(() => MujunEngine.Evaluate([Below(1), f], Unit));
        ex.Rule.ShouldBe("MujunDenominatorMustBePositive");
        ex.Field.ShouldBe(field);
        ex.Arguments[0].ShouldBe(1);
    }

    [Fact]
    public void Check_BelowZeroElectricity_IsRefused()
    {
        var problems = MujunEngine.Check([Below(1, electricity: 0), Below(-1)], Unit);
        problems.Select(p => (p.Index, p.Field, p.Rule)).ShouldBe([(0, "electricity_wan_kwh", "MujunDenominatorMustBePositive"), (1, "tax_wan", "MujunFigureMustNotBeNegative")]);
    }

    [Fact]
    public void Check_UnratedFirmWithZeroLand_IsNotAProblem()
    {
        MujunEngine.Check([Below(1, years: 0, land: 0)], Unit).ShouldBeEmpty();
        MujunEngine.Evaluate([Below(1, years: 0, land: 0)], Unit).Classes[0].ShouldBe(MuClass.T);
    }

    [Theory]
    [InlineData(0.125, "0.13")]
    [InlineData(2.675, "2.68")]      // 2.67499999… as a double; 15 significant digits make it 2.675, then half away from zero
    [InlineData(110.304082, "110.30")]
    [InlineData(99.785496, "99.79")]
    public void Round_HalfAwayFromZeroOnFifteenDigits(double score, string expected) =>
        MujunEngine.Round(score).ToString(System.Globalization.CultureInfo.InvariantCulture).ShouldBe(expected);

    [Fact]
    public void Lift_ClassC_LacksThePointsToTheLowestB_AndNamesTheValueThatAloneClosesIt()
    {
        // scores 100 80 60 40 20 → A B B C D; the C firm (40 = 20 + 20) needs 20 more to tie the lowest B (60):
        // either term alone from 20 to 40 points → value 0.8 (benchmark 1, weight 50)
        var r = MujunEngine.Evaluate([Below(1.0), Below(0.8), Below(0.6), Below(0.4), Below(0.2)], Unit);
        var lift = r.LiftOf(3)!;
        lift.Target.ShouldBe(MuClass.B);
        lift.PointsLacking.ShouldBe(20.0, 1e-9);
        lift.Steps.Select(s => s.Needed!.Value).ShouldBe([0.8, 0.8], 1e-9);
        r.LiftOf(0).ShouldBeNull();
    }

    [Fact]
    public void Lift_GapBeyondTheCap_HasNoSingleIndicatorValue()
    {
        // scores 145 130 120 90 10 → A B B C D; the D firm (5 + 5) lacks 80 to reach 90: 85 points in one term exceeds the cap 75
        var r = MujunEngine.Evaluate([Below(1.45), Below(1.3), Below(1.2), Below(0.9), Below(0.1)], Unit);
        var lift = r.LiftOf(4)!;
        lift.Target.ShouldBe(MuClass.C);
        lift.PointsLacking.ShouldBe(80.0, 1e-9);
        lift.Steps.ShouldAllBe(s => s.Needed == null);
    }

    [Fact]
    public void Lift_BetterClassHeldByNobody_AimsAtTheNextHeldOne()
    {
        // two firms: B and D (no A or C possible); the D firm's next held class is B at 100
        var r = MujunEngine.Evaluate([Below(1.0), Below(0.5)], Unit);
        var lift = r.LiftOf(1)!;
        lift.Target.ShouldBe(MuClass.B);
        lift.PointsLacking.ShouldBe(50.0, 1e-9);
    }

    [Fact]
    public void Settings_SharesOutOfOrder_AreRefused()
    {
        var ex = Should.Throw<DomainRuleException>(() => (Unit with { ShareA = 0.7m }).Check());
        ex.Rule.ShouldBe("MujunSharesMustRise");
    }
}
