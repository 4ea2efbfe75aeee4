using ParkOps.Domain.Grading;
using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Tests.Grading;

/// <summary>The park grading engine: caps per dimension, adjustments, thresholds, the veto, the items that cost points, evidence and the lifecycle.</summary>
public sealed class GradingRulesTests
{
    private static GradedItem S(string code, GradingDimension d, decimal max, decimal? points, bool evidence = true) =>
        new(code, d, GradingItemKind.SelfScored, max, points, HasEvidence: evidence);

    [Fact]
    public void Compute_FullMarksInEveryDimension_Is100AndA()
    {
        var items = GradingRules.Dimensions.Select((d, i) => S($"I{i}", d, i == 0 ? 20 : 10, i == 0 ? 20 : 10)).ToList();
        var r = GradingRules.Compute(items, GradeThresholds.Default);
        r.Total.ShouldBe(100m);
        r.Grade.ShouldBe("A");
        r.Lost.ShouldBeEmpty();
        r.Dimensions.Count.ShouldBe(9);
    }

    [Fact]
    public void Compute_PointsAboveAnItemsMax_AreCappedAtTheMax()
    {
        var r = GradingRules.Compute([S("A1", GradingDimension.Mujun, 10, 14), S("A2", GradingDimension.Mujun, 5, 5)], GradeThresholds.Default);
        r.Dimensions.Single(d => d.Dimension == GradingDimension.Mujun).ShouldBe(new DimensionScore(GradingDimension.Mujun, 15, 15));
        r.Total.ShouldBe(15m);
    }

    [Theory]
    [InlineData(90, "A")]
    [InlineData(89.5, "B")]
    [InlineData(75, "B")]
    [InlineData(74.5, "C")]
    [InlineData(60, "C")]
    [InlineData(59.5, "D")]
    [InlineData(0, "D")]
    public void GradeOf_AtAndAroundTheThresholds(decimal total, string grade) =>
        GradingRules.GradeOf(total, GradeThresholds.Default).ShouldBe(grade);

    [Fact]
    public void Compute_Adjustments_AddOutsideTheCapsAndDeductionsCostPoints()
    {
        var items = new List<GradedItem>
        {
            S("O1", GradingDimension.Operations, 80, 74),
            new("H1", GradingDimension.Adjustment, GradingItemKind.Adjustment, 0, null, Count: 3, PointsPerCount: 2),
            new("H2", GradingDimension.Adjustment, GradingItemKind.Adjustment, 0, null, Count: 1, PointsPerCount: -1),
            new("H3", GradingDimension.Adjustment, GradingItemKind.Adjustment, 0, null, Count: 2, PointsPerCount: -2),
        };
        var r = GradingRules.Compute(items, GradeThresholds.Default);
        r.Base.ShouldBe(74m);
        r.Adjustments.ShouldBe(1m); // +6 −1 −4
        r.Total.ShouldBe(75m);
        r.Grade.ShouldBe("B");
        r.Lost.Select(l => (l.Code, l.Lost, l.Reason)).ShouldBe([("O1", 6m, LossReason.BelowMax), ("H3", 4m, LossReason.Deduction), ("H2", 1m, LossReason.Deduction)]);
    }

    [Fact]
    public void Compute_DeductionsBelowZero_StopAtZero()
    {
        var r = GradingRules.Compute([S("O1", GradingDimension.Operations, 10, 1),
            new("H3", GradingDimension.Adjustment, GradingItemKind.Adjustment, 0, null, Count: 4, PointsPerCount: -2)], GradeThresholds.Default);
        r.Total.ShouldBe(0m);
        r.Grade.ShouldBe("D");
    }

    [Fact]
    public void Compute_AVeto_ForcesDWhateverThePoints()
    {
        var items = GradingRules.Dimensions.Select((d, i) => S($"I{i}", d, i == 0 ? 20 : 10, i == 0 ? 20 : 10)).ToList();
        items.Add(new GradedItem("V1", GradingDimension.Adjustment, GradingItemKind.Veto, 0, null, Count: 1, HasEvidence: true));
        var r = GradingRules.Compute(items, GradeThresholds.Default);
        r.Total.ShouldBe(100m);
        r.Grade.ShouldBe("D");
        r.ForcedD.ShouldBeTrue();
        r.Lost[0].ShouldBe(new LostPoints("V1", GradingDimension.Adjustment, 0, LossReason.Veto));
    }

    [Fact]
    public void Compute_ARuleItemWithoutData_GetsNoPointsAndIsListedAsNoData()
    {
        var r = GradingRules.Compute([new GradedItem("M1", GradingDimension.Mujun, GradingItemKind.Rule, 10, null),
            new GradedItem("V0", GradingDimension.Adjustment, GradingItemKind.Veto, 0, null, Count: null)], GradeThresholds.Default);
        r.Total.ShouldBe(0m);
        r.ForcedD.ShouldBeFalse();
        r.Lost.ShouldBe([new LostPoints("M1", GradingDimension.Mujun, 10, LossReason.NoData)]);
    }

    [Fact]
    public void CheckEvidence_ScoredItemWithoutEvidence_IsRefusedNamingTheItem()
    {
        var ex = Should.Throw<DomainRuleException>(() => GradingRules.CheckEvidence(
            [S("A1", GradingDimension.Mujun, 10, 0, false), S("A2", GradingDimension.Mujun, 10, 5, true), S("B1", GradingDimension.Digital, 5, 2.5m, false)], c => "名" + c));
        ex.Rule.ShouldBe("GradingEvidenceMissing");
        ex.Arguments.ShouldBe(["B1", "名B1"]);
    }

    [Fact]
    public void CheckEvidence_DeclaredVetoWithoutEvidence_IsRefused() =>
        Should.Throw<DomainRuleException>(() => GradingRules.CheckEvidence(
            [new GradedItem("V1", GradingDimension.Adjustment, GradingItemKind.Veto, 0, null, Count: 1)], c => c)).Rule.ShouldBe("GradingEvidenceMissing");

    [Theory]
    [InlineData(-0.5)]
    [InlineData(10.5)]
    [InlineData(3.25)]
    public void CheckPoints_OutsideTheRangeOrNotInHalfSteps_IsRefused(decimal points) =>
        Should.Throw<DomainRuleException>(() => GradingRules.CheckPoints("A1", points, 10)).Rule.ShouldBe("GradingPointsOutOfRange");

    [Fact]
    public void CheckThresholds_NotFalling_IsRefused() =>
        Should.Throw<DomainRuleException>(() => GradingRules.CheckThresholds(new GradeThresholds(70, 75, 60))).Rule.ShouldBe("GradingThresholdsOrder");

    [Theory]
    [InlineData(GradingState.Draft, GradingAction.Submit, GradingState.Submitted)]
    [InlineData(GradingState.Returned, GradingAction.Save, GradingState.Returned)]
    [InlineData(GradingState.Submitted, GradingAction.Adjust, GradingState.Submitted)]
    [InlineData(GradingState.Submitted, GradingAction.Return, GradingState.Returned)]
    [InlineData(GradingState.Submitted, GradingAction.Approve, GradingState.Approved)]
    public void Next_AllowedSteps(GradingState from, GradingAction a, GradingState to) => GradingRules.Next(from, a).ShouldBe(to);

    [Theory]
    [InlineData(GradingState.Submitted, GradingAction.Save)]
    [InlineData(GradingState.Approved, GradingAction.Save)]
    [InlineData(GradingState.Draft, GradingAction.Approve)]
    [InlineData(GradingState.Approved, GradingAction.Return)]
    public void Next_RefusedSteps_Are409(GradingState from, GradingAction a)
    {
        var ex = Should.Throw<DomainRuleException>(() => GradingRules.Next(from, a));
        (ex.Rule, ex.Kind).ShouldBe(("GradingStepRefused", RuleKind.Conflict));
    }
}
