using ParkOps.Domain.Enterprises;

namespace ParkOps.Domain.Tests.Enterprises;

public sealed class AdmissionTests
{
    // The demo park's settings (seed 000: Dongguan electronics components), crowded at 8 enterprises per stage.
    private static readonly AdmissionPolicy Policy = new(
        NegativeList: [.. new[] { "安全隐患多", "污染大", "效益差", "高耗能" }.Select(x => NegativeItem.Parse(x, "negativeList"))],
        LeadingIndustryPrefixes: ["C38", "C39", "M745"],
        ChainStages: ["原材料供应", "SMT贴片", "插件焊接", "成品组装", "质量检测"],
        CrowdedStageCount: 8);

    private static readonly Dictionary<string, int> Park = new()
    {
        ["原材料供应"] = 3, ["SMT贴片"] = 8, ["插件焊接"] = 5, ["成品组装"] = 9, // 质量检测 has nobody
    };

    private static AdmissionCase Case(string industry = "C3982", string[]? stages = null, string[]? hits = null,
        IReadOnlyDictionary<string, int>? perStage = null, bool expired = false) =>
        new(new ApplicantFacts(industry, [], null, null, hits ?? [], null), stages ?? ["插件焊接"], 2026, perStage ?? Park, expired);

    private static AdmissionReason[] ReasonsOf(AdmissionAssessment a) => [.. a.Reasons];

    [Fact]
    public void Assess_LeadingIndustryCoveredStage_ApprovesWithoutPriority()
    {
        var a = AdmissionReview.Assess(Policy, Case());
        a.Suggested.ShouldBe(AdmissionOutcome.Approve);
        a.Priority.ShouldBeFalse();
        ReasonsOf(a).ShouldBe([
            new AdmissionReason("LeadingIndustryFit", ReasonEffect.Supports, "C3982"),
            new AdmissionReason("StageCovered", ReasonEffect.Note, "插件焊接:5"),
        ]);
    }

    [Fact]
    public void Assess_NegativeListHit_RejectsAndNamesTheItem()
    {
        var a = AdmissionReview.Assess(Policy, Case(hits: ["污染大"]));
        a.Suggested.ShouldBe(AdmissionOutcome.Reject);
        a.Reasons.ShouldContain(new AdmissionReason("NegativeList", ReasonEffect.Blocks, "污染大"));
    }

    [Fact]
    public void Assess_NegativeListHitWhileFillingEmptyStage_RejectsWithoutPriority()
    {
        var a = AdmissionReview.Assess(Policy, Case(stages: ["质量检测"], hits: ["高耗能"]));
        a.Suggested.ShouldBe(AdmissionOutcome.Reject);
        a.Priority.ShouldBeFalse();
        a.Reasons.ShouldContain(r => r.Code == "FillsEmptyStage"); // still explained, just not a priority
    }

    [Fact]
    public void Assess_SeveralNegativeListHits_ListsEachOne()
    {
        var a = AdmissionReview.Assess(Policy, Case(hits: ["污染大", "高耗能"]));
        a.Reasons.Where(r => r.Code == "NegativeList").Select(r => r.Detail).ShouldBe(["污染大", "高耗能"]);
    }

    [Fact]
    public void Assess_HitNotOnTheParksNegativeList_IsIgnored()
    {
        // the park's operator removed 列入失信名单 from its list: a declared hit on it no longer blocks
        var a = AdmissionReview.Assess(Policy, Case(hits: ["列入失信名单"]));
        a.Suggested.ShouldBe(AdmissionOutcome.Approve);
        a.Reasons.ShouldNotContain(r => r.Code == "NegativeList");
    }

    [Theory]
    [InlineData("C3982")]
    [InlineData("C3856")]
    [InlineData("M7452")]
    public void Assess_IndustryUnderLeadingPrefix_SupportsFit(string industry)
    {
        var a = AdmissionReview.Assess(Policy, Case(industry));
        a.Reasons.ShouldContain(new AdmissionReason("LeadingIndustryFit", ReasonEffect.Supports, industry));
        a.Suggested.ShouldBe(AdmissionOutcome.Approve);
    }

    [Theory]
    [InlineData("F5162")] // 化工产品批发
    [InlineData("M7491")]
    [InlineData("C3")]    // shorter than the prefixes
    [InlineData("")]
    public void Assess_IndustryOutsideLeadingPrefixes_IsConditional(string industry)
    {
        var a = AdmissionReview.Assess(Policy, Case(industry));
        a.Suggested.ShouldBe(AdmissionOutcome.Conditional);
        a.Reasons.ShouldContain(new AdmissionReason("OutsideLeadingIndustry", ReasonEffect.Condition, industry));
        a.Reasons.ShouldNotContain(r => r.Code == "LeadingIndustryFit");
    }

    [Fact]
    public void Assess_NoLeadingPrefixesConfigured_EveryIndustryFits()
    {
        var policy = Policy with { LeadingIndustryPrefixes = [] };
        var a = AdmissionReview.Assess(policy, Case("F5162"));
        a.Suggested.ShouldBe(AdmissionOutcome.Approve);
        a.Reasons.ShouldContain(new AdmissionReason("LeadingIndustryFit", ReasonEffect.Supports, "F5162"));
    }

    [Fact]
    public void Assess_EmptyStage_GivesPriority()
    {
        var a = AdmissionReview.Assess(Policy, Case(stages: ["质量检测"]));
        a.Suggested.ShouldBe(AdmissionOutcome.Approve);
        a.Priority.ShouldBeTrue();
        a.Reasons.ShouldContain(new AdmissionReason("FillsEmptyStage", ReasonEffect.Supports, "质量检测"));
    }

    [Fact]
    public void Assess_StageWithZeroCountInTheDictionary_IsEmptyToo()
    {
        var perStage = new Dictionary<string, int>(Park) { ["质量检测"] = 0 };
        var a = AdmissionReview.Assess(Policy, Case(stages: ["质量检测"], perStage: perStage));
        a.Priority.ShouldBeTrue();
        a.Reasons.ShouldContain(r => r.Code == "FillsEmptyStage");
    }

    // Thin = fewer than half the crowded count (n·2 < crowded); crowded = n ≥ crowded; in between is a note.
    [Theory]
    [InlineData(8, 1, "StrengthensThinStage", ReasonEffect.Supports, true, AdmissionOutcome.Approve)]
    [InlineData(8, 3, "StrengthensThinStage", ReasonEffect.Supports, true, AdmissionOutcome.Approve)]
    [InlineData(8, 4, "StageCovered", ReasonEffect.Note, false, AdmissionOutcome.Approve)]      // exactly half is not thin
    [InlineData(8, 7, "StageCovered", ReasonEffect.Note, false, AdmissionOutcome.Approve)]
    [InlineData(8, 8, "CrowdedStage", ReasonEffect.Condition, false, AdmissionOutcome.Conditional)]
    [InlineData(8, 20, "CrowdedStage", ReasonEffect.Condition, false, AdmissionOutcome.Conditional)]
    [InlineData(5, 2, "StrengthensThinStage", ReasonEffect.Supports, true, AdmissionOutcome.Approve)]
    [InlineData(5, 3, "StageCovered", ReasonEffect.Note, false, AdmissionOutcome.Approve)]
    [InlineData(5, 5, "CrowdedStage", ReasonEffect.Condition, false, AdmissionOutcome.Conditional)]
    [InlineData(1, 1, "CrowdedStage", ReasonEffect.Condition, false, AdmissionOutcome.Conditional)]
    public void Assess_StageCountAgainstCrowdedCount_ClassifiesTheStage(int crowded, int n, string code, ReasonEffect effect, bool priority, AdmissionOutcome outcome)
    {
        var policy = Policy with { CrowdedStageCount = crowded };
        var perStage = new Dictionary<string, int> { ["插件焊接"] = n };
        var a = AdmissionReview.Assess(policy, Case(stages: ["插件焊接"], perStage: perStage));
        a.Reasons.ShouldContain(new AdmissionReason(code, effect, $"插件焊接:{n}"));
        a.Priority.ShouldBe(priority);
        a.Suggested.ShouldBe(outcome);
    }

    [Fact]
    public void Assess_CrowdedStage_WarnsOfHomogeneousCompetition()
    {
        var a = AdmissionReview.Assess(Policy, Case(stages: ["SMT贴片"]));
        a.Suggested.ShouldBe(AdmissionOutcome.Conditional);
        a.Priority.ShouldBeFalse();
        a.Reasons.ShouldContain(new AdmissionReason("CrowdedStage", ReasonEffect.Condition, "SMT贴片:8"));
    }

    [Fact]
    public void Assess_OneEmptyAndOneCrowdedStage_ConditionalWithPriorityAndBothReasons()
    {
        var a = AdmissionReview.Assess(Policy, Case(stages: ["质量检测", "成品组装"]));
        a.Suggested.ShouldBe(AdmissionOutcome.Conditional);
        a.Priority.ShouldBeTrue();
        a.Reasons.Select(r => r.Code).ShouldBe(["LeadingIndustryFit", "FillsEmptyStage", "CrowdedStage"]);
    }

    [Fact]
    public void Assess_NoDeclaredStageInTheChain_IsConditional()
    {
        var a = AdmissionReview.Assess(Policy, Case(stages: ["物业管理", "餐饮"]));
        a.Suggested.ShouldBe(AdmissionOutcome.Conditional);
        a.Priority.ShouldBeFalse();
        a.Reasons.ShouldContain(new AdmissionReason("NoChainStage", ReasonEffect.Condition, "物业管理,餐饮"));
    }

    [Fact]
    public void Assess_OneDeclaredStageInTheChain_IgnoresTheOthers()
    {
        var a = AdmissionReview.Assess(Policy, Case(stages: ["餐饮", "质量检测"]));
        a.Reasons.Select(r => r.Code).ShouldBe(["LeadingIndustryFit", "FillsEmptyStage"]);
        a.Suggested.ShouldBe(AdmissionOutcome.Approve);
    }

    [Fact]
    public void Assess_NoStageDeclared_GivesNoChainReason()
    {
        var a = AdmissionReview.Assess(Policy, Case(stages: []));
        a.Reasons.Select(r => r.Code).ShouldBe(["LeadingIndustryFit"]);
        a.Suggested.ShouldBe(AdmissionOutcome.Approve);
    }

    // Like an empty leading-prefix list (every industry fits), a park that has not set up its chain template cannot
    // judge chain fit: it should not hold every applicant that names a stage to conditions.
    [Fact]
    public void Assess_NoChainTemplateConfigured_DoesNotMakeStagesAConditional()
    {
        var policy = Policy with { ChainStages = [] };
        var a = AdmissionReview.Assess(policy, Case(stages: ["SMT贴片"]));
        a.Reasons.ShouldNotContain(r => r.Code == "NoChainStage");
        a.Suggested.ShouldBe(AdmissionOutcome.Approve);
    }

    [Fact]
    public void Assess_ExpiredDocuments_IsConditional()
    {
        var a = AdmissionReview.Assess(Policy, Case(expired: true));
        a.Suggested.ShouldBe(AdmissionOutcome.Conditional);
        a.Reasons.ShouldContain(new AdmissionReason("ExpiredDocuments", ReasonEffect.Condition, ""));
    }

    [Fact]
    public void Assess_ExpiredDocumentsWhileFillingEmptyStage_ConditionalKeepsPriority()
    {
        var a = AdmissionReview.Assess(Policy, Case(stages: ["质量检测"], expired: true));
        a.Suggested.ShouldBe(AdmissionOutcome.Conditional);
        a.Priority.ShouldBeTrue();
    }

    [Fact]
    public void Assess_EverythingWrong_ListsEveryReasonInRuleOrderAndRejects()
    {
        var a = AdmissionReview.Assess(Policy, Case("F5162", stages: ["SMT贴片", "质量检测"], hits: ["污染大"], expired: true));
        a.Suggested.ShouldBe(AdmissionOutcome.Reject);
        a.Priority.ShouldBeFalse();
        ReasonsOf(a).ShouldBe([
            new AdmissionReason("NegativeList", ReasonEffect.Blocks, "污染大"),
            new AdmissionReason("OutsideLeadingIndustry", ReasonEffect.Condition, "F5162"),
            new AdmissionReason("CrowdedStage", ReasonEffect.Condition, "SMT贴片:8"),
            new AdmissionReason("FillsEmptyStage", ReasonEffect.Supports, "质量检测"),
            new AdmissionReason("ExpiredDocuments", ReasonEffect.Condition, ""),
        ]);
    }

    // Every code is a localisation key ("Reason.<Code>"): the set must stay the known one (negative-list kinds: NegativeListTests).
    [Fact]
    public void Assess_AllSituations_UseOnlyKnownReasonCodes()
    {
        string[] known = ["NegativeList", "LeadingIndustryFit", "OutsideLeadingIndustry", "FillsEmptyStage", "StrengthensThinStage",
            "CrowdedStage", "StageCovered", "NoChainStage", "ExpiredDocuments"];
        var seen = new HashSet<string>();
        foreach (var industry in new[] { "C3982", "F5162" })
            foreach (var stages in new[] { Array.Empty<string>(), ["质量检测"], ["原材料供应"], ["插件焊接"], ["SMT贴片"], ["餐饮"] })
                foreach (var hits in new[] { Array.Empty<string>(), ["污染大"] })
                    foreach (var expired in new[] { false, true })
                        foreach (var r in AdmissionReview.Assess(Policy, Case(industry, stages, hits, expired: expired)).Reasons)
                            seen.Add(r.Code);
        seen.OrderBy(x => x).ShouldBe(known.OrderBy(x => x));
    }
}

/// <summary>Issue 15 §5: the thin-stage rule is the park's share of its crowded count (default one half).</summary>
public sealed class ThinStageShareTests
{
    [Theory]
    [InlineData(0.25, 1, "StrengthensThinStage")]  // 1 < 8 × 0.25 = 2
    [InlineData(0.25, 2, "StageCovered")]          // 2 is not below 2
    [InlineData(0.75, 5, "StrengthensThinStage")]  // 5 < 6
    [InlineData(0.75, 6, "StageCovered")]
    [InlineData(0.5, 3, "StrengthensThinStage")]   // the default: below half of 8
    [InlineData(0.5, 4, "StageCovered")]
    public void Assess_ThinShareOfTheCrowdedCount_DecidesThin(double share, int n, string code)
    {
        var policy = new AdmissionPolicy([], [], ["插件焊接"], 8, (decimal)share);
        var a = AdmissionReview.Assess(policy, new AdmissionCase(new ApplicantFacts("C3982", [], null, null, [], null), ["插件焊接"], 2026,
            new Dictionary<string, int> { ["插件焊接"] = n }, false));
        a.Reasons.ShouldContain(r => r.Code == code && r.Detail == $"插件焊接:{n}");
    }
}
