using ParkOps.Domain.Benefits;
using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Tests.Benefits;

/// <summary>
/// The contribution score, table-driven. Figures are chosen so each normalised value and score can be worked out by hand
/// (the comment beside each case says how): n = value ÷ park maximum × 100, score = 0.30·n₁ + 0.25·n₂ + 0.20·n₃ + 0.15·n₄ + 0.10·n₅.
/// </summary>
public sealed class ContributionEngineTests
{
    private static ContributionInput E(string id, decimal order, decimal tech, decimal talent, decimal platform, decimal publicAffairs, int years = 0, decimal invested = 0) =>
        new(id, [order, tech, talent, platform, publicAffairs], years, invested);

    private static decimal[] Scores(BenefitsSettings settings, params ContributionInput[] inputs) =>
        ContributionEngine.Evaluate(inputs, settings).Scores.Select(s => s.Score).ToArray();

    [Fact]
    public void Default_Settings_AreDomainSection6()
    {
        var s = BenefitsSettings.Default;
        s.Weights.ShouldBe([0.30m, 0.25m, 0.20m, 0.15m, 0.10m]);
        (s.RebateRate, s.ScorePart).ShouldBe((0.50m, 0.30m));
        s.Tenure.ShouldBeNull();
        s.Investment.ShouldBeNull();
    }

    [Fact]
    public void Normalise_OneEnterprise_IsHundredOnEveryIndicatorItHasAndZeroOnTheRest()
    {
        // it is the park's maximum wherever it has a value: 0.30·100 + 0 + 0.20·100 + 0.15·100 + 0.10·100 = 75
        var r = ContributionEngine.Evaluate([E("A", 5, 0, 3, 1, 2)], BenefitsSettings.Default);
        r.Scores[0].Breakdown.Select(t => t.Normalised).ShouldBe([100m, 0m, 100m, 100m, 100m]);
        r.Scores[0].Score.ShouldBe(75.00m);
    }

    [Fact]
    public void Normalise_IndicatorNobodyHas_IsZeroForAllWithoutDividingByZero()
    {
        // technology sharing is 0 everywhere: its maximum is 0, so n₂ = 0 for both.
        // A: order 2/4 → 50, talent 1/1 → 100, platform 3/6 → 50, public 0/5 → 0: 15 + 0 + 20 + 7.5 + 0 = 42.5
        // B: order 4/4 → 100, talent 0 → 0, platform 6/6 → 100, public 5/5 → 100: 30 + 0 + 0 + 15 + 10 = 55
        var r = ContributionEngine.Evaluate([E("A", 2, 0, 1, 3, 0), E("B", 4, 0, 0, 6, 5)], BenefitsSettings.Default);
        r.ParkMaxima.ShouldBe([4m, 0m, 1m, 6m, 5m]);
        r.Scores.Select(s => s.Breakdown[1].Normalised).ShouldBe([0m, 0m]);
        r.Scores.Select(s => s.Score).ShouldBe([42.50m, 55.00m]);
    }

    [Fact]
    public void Normalise_EveryIndicatorZero_ScoresEveryoneZero()
    {
        Scores(BenefitsSettings.Default, E("A", 0, 0, 0, 0, 0), E("B", 0, 0, 0, 0, 0)).ShouldBe([0m, 0m]);
    }

    [Fact]
    public void Normalise_TiedAtTheMaximum_BothGetHundred()
    {
        // A and B share the order maximum 7 → both 100 → 30; C has 3.5/7 → 50 → 15
        var r = ContributionEngine.Evaluate([E("A", 7, 0, 0, 0, 0), E("B", 7, 0, 0, 0, 0), E("C", 3.5m, 0, 0, 0, 0)], BenefitsSettings.Default);
        r.Scores.Select(s => s.Breakdown[0].Normalised).ShouldBe([100m, 100m, 50m]);
        r.Scores.Select(s => s.Score).ShouldBe([30.00m, 30.00m, 15.00m]);
    }

    /// <summary>An enterprise's values, the values of one that holds every park maximum, and the expected score of the first.</summary>
    public static TheoryData<decimal[], decimal[], decimal> Rounding => new()
    {
        // order 411.5 of 1000 → 41.15 × 0.30 = 12.345 exactly: half up → 12.35 (banker's rounding would give 12.34)
        { [411.5m, 0, 0, 0, 0], [1000, 1, 1, 1, 1], 12.35m },
        // technology 1 of 8 → 12.5 × 0.25 = 3.125 → 3.13 (banker's: 3.12)
        { [0, 1, 0, 0, 0], [1, 8, 1, 1, 1], 3.13m },
        // order 1 of 3 → 33.33… × 0.30 = 10 exactly (decimal division would give 9.999…); technology 1 of 3 → 8.333… → 18.333… → 18.33
        { [1, 1, 0, 0, 0], [3, 3, 1, 1, 1], 18.33m },
        // order 1 of 3 → 10 and platform 1 of 3000 → 0.0333… × 0.15 = 0.005: exactly 10.005 → 10.01
        // (in decimal, 0.30 × 33.333…3 + 0.005 is 10.00499…9 and would round down)
        { [1, 0, 0, 1, 0], [3, 1, 1, 3000, 1], 10.01m },
        // talent 2 of 3 → 0.20 × 200/3 = 40/3; public 1 of 6 → 0.10 × 100/6 = 5/3: exactly 15, though each part alone is not
        { [0, 0, 2, 0, 1], [1, 1, 3, 1, 6], 15.00m },
        // everything at the maximum: 30 + 25 + 20 + 15 + 10 = 100
        { [2, 3, 4, 5, 6], [2, 3, 4, 5, 6], 100.00m },
    };

    [Theory]
    [MemberData(nameof(Rounding))]
    public void Score_WeightedSumOfNormalisedValues_RoundsHalfUpToTwoDecimals(decimal[] values, decimal[] maxima, decimal expected)
    {
        var r = ContributionEngine.Evaluate([new("A", values), new("Max", maxima)], BenefitsSettings.Default);
        r.Scores[0].Score.ShouldBe(expected);
    }

    [Fact]
    public void Breakdown_ListsValueParkMaximumNormalisedWeightAndPoints()
    {
        // A: order 1 of 4 → 25 → 7.5 points; technology 3 of 3 → 100 → 25; the rest 0 → 0
        var r = ContributionEngine.Evaluate([E("A", 1, 3, 0, 0, 0), E("B", 4, 1, 0, 0, 0)], BenefitsSettings.Default);
        var t = r.Scores[0].Breakdown;
        t.Select(x => x.Indicator).ShouldBe(Enum.GetValues<ContributionIndicator>());
        t[0].ShouldBe(new ContributionTerm(ContributionIndicator.OrderCollaboration, 1, 4, 25m, 0.30m, 7.5m));
        t[1].ShouldBe(new ContributionTerm(ContributionIndicator.TechnologySharing, 3, 3, 100m, 0.25m, 25m));
        t[2].ShouldBe(new ContributionTerm(ContributionIndicator.TalentMobility, 0, 0, 0m, 0.20m, 0m));
        r.Scores[0].Score.ShouldBe(32.50m);
        r.Scores[0].Multiplier.ShouldBe(1m);
        r.Scores[0].Capped.ShouldBeFalse();
    }

    [Fact]
    public void Score_OwnWeights_AreUsed()
    {
        // order and technology 0.5 each, the rest 0: A has order 1 of 2 → 50 × 0.5 = 25 and technology 2 of 2 → 100 × 0.5 = 50,
        // B order 2 of 2 → 50 and technology 0 → 0; their other indicators count for nothing
        var settings = BenefitsSettings.Default with { Weights = [0.5m, 0.5m, 0, 0, 0] };
        Scores(settings, E("A", 1, 2, 9, 9, 9), E("B", 2, 0, 9, 9, 9)).ShouldBe([75.00m, 50.00m]);
    }

    [Fact]
    public void Multipliers_OffByDefault_IgnoreYearsAndInvestment()
    {
        // both at order 2 of 2 → 30, whatever their years and investment
        Scores(BenefitsSettings.Default, E("A", 2, 0, 0, 0, 0, years: 10, invested: 1_000_000), E("B", 2, 0, 0, 0, 0)).ShouldBe([30.00m, 30.00m]);
    }

    [Fact]
    public void Multipliers_Tenure_AddsPerYearUpToItsMaximum()
    {
        // 2 % a year up to 10 %: A base order 1 of 2 → 15, 3 years → × 1.06 = 15.90; B base 30, 10 years → × 1.10 = 33.00
        var settings = BenefitsSettings.Default with { Tenure = new TenureMultiplier(0.02m, 0.10m) };
        var r = ContributionEngine.Evaluate([E("A", 1, 0, 0, 0, 0, years: 3), E("B", 2, 0, 0, 0, 0, years: 10)], settings);
        r.Scores.Select(s => s.Score).ShouldBe([15.90m, 33.00m]);
        r.Scores.Select(s => s.Multiplier).ShouldBe([1.06m, 1.10m]);
    }

    [Fact]
    public void Multipliers_Investment_NormalisedWithinThePark()
    {
        // up to 20 %: A invested 50 of the park's largest 100 → × 1.10, base 30 → 33.00; B 100 of 100 → × 1.20, base 15 → 18.00
        var settings = BenefitsSettings.Default with { Investment = new InvestmentMultiplier(0.20m) };
        Scores(settings, E("A", 2, 0, 0, 0, 0, invested: 50), E("B", 1, 0, 0, 0, 0, invested: 100)).ShouldBe([33.00m, 18.00m]);
    }

    [Fact]
    public void Multipliers_AboveHundred_HeldAtHundred()
    {
        // one enterprise: 100 × 1.10 = 110 → held at 100
        var settings = BenefitsSettings.Default with { Tenure = new TenureMultiplier(0.05m, 0.10m) };
        var r = ContributionEngine.Evaluate([E("A", 1, 1, 1, 1, 1, years: 5)], settings);
        r.Scores[0].Score.ShouldBe(100.00m);
        r.Scores[0].Capped.ShouldBeTrue();
    }

    [Fact]
    public void Check_BadInput_ListsEveryFieldWithItsRule()
    {
        var problems = ContributionEngine.Check(
        [
            E("A", -1, 0, 0, 0, 0),
            E("B", 0, 0, 0, 0, -0.01m, years: -1),
            E("A", 0, 0, 0, 0, 0),
            E(" ", 0, 0, 0, 0, 0, invested: -5),
            new("C", [1, 2, 3]),
        ]);
        problems.ShouldBe(new BenefitsInputProblem[]
        {
            new(0, "order_collaboration", "ContributionFigureMustNotBeNegative"),
            new(1, "public_affairs", "ContributionFigureMustNotBeNegative"),
            new(1, "years_in_park", "ContributionFigureMustNotBeNegative"),
            new(2, "enterprise", "BenefitsEnterpriseRepeated"),
            new(3, "enterprise", "BenefitsEnterpriseRequired"),
            new(3, "invested_yuan", "ContributionFigureMustNotBeNegative"),
            new(4, "values", "ContributionValuesIncomplete"),
        });
    }

    [Fact]
    public void Evaluate_NegativeValue_RefusesNamingRuleAndField()
    {
        var ex = Should.Throw<DomainRuleException>(() => ContributionEngine.Evaluate([E("A", 1, -2, 0, 0, 0)], BenefitsSettings.Default));
        (ex.Rule, ex.Field).ShouldBe(("ContributionFigureMustNotBeNegative", "technology_sharing"));
    }

    [Theory]
    [InlineData(new[] { 0.30, 0.25, 0.20, 0.15 }, "ContributionWeightsIncomplete")]
    [InlineData(new[] { 0.30, 0.25, 0.20, 0.15, 0.05 }, "ContributionWeightsMustAddUpToOne")]
    [InlineData(new[] { 0.60, 0.25, 0.20, 0.15, -0.20 }, "ContributionWeightMustNotBeNegative")]
    public void Settings_UnusableWeights_AreRefused(double[] weights, string rule)
    {
        var settings = BenefitsSettings.Default with { Weights = weights.Select(w => (decimal)w).ToArray() };
        Should.Throw<DomainRuleException>(() => ContributionEngine.Evaluate([E("A", 1, 1, 1, 1, 1)], settings)).Rule.ShouldBe(rule);
    }
}
