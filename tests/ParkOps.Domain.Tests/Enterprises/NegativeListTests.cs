using ParkOps.Domain.Enterprises;
using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Tests.Enterprises;

/// <summary>Issue 15 §6: the negative list as rules over the applicant's declared facts, each hit with its fact.</summary>
public sealed class NegativeListTests
{
    private static NegativeItem[] List(params string[] items) => [.. items.Select(i => NegativeItem.Parse(i, "negativeList"))];

    private static ApplicantFacts Facts(string industry = "C3982", string[]? processes = null, string? emission = null,
        EarlierGrade? earlier = null, string[]? tags = null, string? description = null) =>
        new(industry, processes ?? [], emission, earlier, tags ?? [], description);

    [Theory]
    [InlineData("行业:C26", NegativeItemKind.Industry, "C26", "industry:C26")]
    [InlineData("industry:c3360", NegativeItemKind.Industry, "C3360", "industry:C3360")]
    [InlineData("工艺：电镀", NegativeItemKind.Process, "电镀", "process:电镀")]
    [InlineData(" process:喷涂 ", NegativeItemKind.Process, "喷涂", "process:喷涂")]
    [InlineData("排污:重点管理", NegativeItemKind.Emission, "重点管理", "emission:重点管理")]
    [InlineData("曾评D:3", NegativeItemKind.EarlierClassD, "3", "class-d:3")]
    [InlineData("class-d:", NegativeItemKind.EarlierClassD, "", "class-d:")]
    [InlineData("标签:污染大", NegativeItemKind.Tag, "污染大", "污染大")]
    [InlineData("污染大", NegativeItemKind.Tag, "污染大", "污染大")]
    public void Parse_KindAndValue_InEitherLanguage(string text, NegativeItemKind kind, string value, string stored)
    {
        var item = NegativeItem.Parse(text, "negativeList[0]");
        item.ShouldBe(new NegativeItem(kind, value));
        item.Stored.ShouldBe(stored);
        NegativeItem.Parse(item.Stored, "x").ShouldBe(item);   // what is stored reads back the same
        NegativeItem.Parse(item.Chinese, "x").ShouldBe(item);  // and so does what the Chinese page shows
    }

    [Theory]
    [InlineData("颜色:红", "NegativeItemKindUnknown")]
    [InlineData("行业:26", "NegativeIndustryPrefixInvalid")]
    [InlineData("行业:C26A", "NegativeIndustryPrefixInvalid")]
    [InlineData("行业:Z12", "NegativeIndustryPrefixInvalid")]
    [InlineData("行业:C123456", "NegativeIndustryPrefixInvalid")]
    [InlineData("曾评D:0", "NegativeClassDYearsInvalid")]
    [InlineData("曾评D:21", "NegativeClassDYearsInvalid")]
    [InlineData("曾评D:三", "NegativeClassDYearsInvalid")]
    [InlineData("排污:很多", "NegativeEmissionCategoryUnknown")]
    [InlineData("工艺:", "NegativeItemValueRequired")]
    public void Parse_BadItem_IsRefusedNamingTheField(string text, string rule)
    {
        var ex = Should.Throw<DomainRuleException>(() => NegativeItem.Parse(text, "negativeList[3]"));
        ex.Rule.ShouldBe(rule);
        ex.Field.ShouldBe("negativeList[3]");
    }

    [Theory]
    [InlineData("C2614", true)]   // 有机化学原料制造 under C26
    [InlineData("C26", true)]
    [InlineData("C2", false)]     // a shorter code is not inside the prefix
    [InlineData("C3982", false)]
    public void Industry_PrefixOfTheDeclaredCode_Blocks(string industry, bool hit)
    {
        var reasons = NegativeListReview.Judge(List("行业:C26"), Facts(industry), 2026);
        if (hit) reasons.ShouldBe([new AdmissionReason("NegativeIndustry", ReasonEffect.Blocks, $"C26|{industry}")]);
        else reasons.ShouldBeEmpty();
    }

    [Fact]
    public void Process_Declared_Blocks_MentionedOnly_IsACondition()
    {
        NegativeListReview.Judge(List("工艺:电镀"), Facts(processes: ["注塑", "电镀"]), 2026)
            .ShouldBe([new AdmissionReason("NegativeProcess", ReasonEffect.Blocks, "电镀")]);
        // not declared, but the description says so: the operator is asked to check, the list does not decide alone
        NegativeListReview.Judge(List("工艺:电镀"), Facts(description: "五金件加工，外协电镀后组装"), 2026)
            .ShouldBe([new AdmissionReason("NegativeProcessMentioned", ReasonEffect.Condition, "电镀")]);
        // declared and mentioned: one block, not a block and a condition
        NegativeListReview.Judge(List("工艺:电镀"), Facts(processes: ["电镀"], description: "电镀"), 2026).Count.ShouldBe(1);
        NegativeListReview.Judge(List("工艺:电镀"), Facts(processes: ["喷涂"], description: "注塑"), 2026).ShouldBeEmpty();
    }

    [Fact]
    public void Emission_SameCategory_Blocks()
    {
        NegativeListReview.Judge(List("排污:重点管理"), Facts(emission: "重点管理"), 2026)
            .ShouldBe([new AdmissionReason("NegativeEmission", ReasonEffect.Blocks, "重点管理")]);
        NegativeListReview.Judge(List("排污:重点管理"), Facts(emission: "简化管理"), 2026).ShouldBeEmpty();
        NegativeListReview.Judge(List("排污:重点管理"), Facts(emission: null), 2026).ShouldBeEmpty();
    }

    // "曾评D:3" = graded D in one of the last three years counting the review year: 2024, 2025 or 2026 for a 2026 review.
    [Theory]
    [InlineData("D", 2026, true)]
    [InlineData("D", 2024, true)]
    [InlineData("D", 2023, false)]
    [InlineData("C", 2026, false)]
    public void EarlierClassD_WithinTheYears_Blocks(string cls, int year, bool hit)
    {
        var reasons = NegativeListReview.Judge(List("曾评D:3"), Facts(earlier: new EarlierGrade(cls, year, "乐清市")), 2026);
        if (hit) reasons.ShouldBe([new AdmissionReason("NegativeClassD", ReasonEffect.Blocks, $"{year}|乐清市|3")]);
        else reasons.ShouldBeEmpty();
    }

    [Fact]
    public void EarlierClassD_WithoutYears_BlocksWhenever()
    {
        NegativeListReview.Judge(List("曾评D:"), Facts(earlier: new EarlierGrade("D", 2012, "瑞安市")), 2026)
            .ShouldBe([new AdmissionReason("NegativeClassDEver", ReasonEffect.Blocks, "2012|瑞安市|")]);
    }

    [Fact]
    public void Tag_OnTheFirm_BlocksAsBefore()
    {
        NegativeListReview.Judge(List("污染大", "标签:高耗能"), Facts(tags: ["高耗能"]), 2026)
            .ShouldBe([new AdmissionReason("NegativeList", ReasonEffect.Blocks, "高耗能")]);
    }

    [Fact]
    public void SeveralItems_EachHitNamedInListOrder_AndTheReviewRejects()
    {
        var policy = new AdmissionPolicy(List("行业:C33", "工艺:电镀", "工艺:喷涂", "排污:重点管理"), ["C33"], [], 8);
        var facts = Facts("C3360", processes: ["喷涂", "电镀"], emission: "重点管理");
        var a = AdmissionReview.Assess(policy, new AdmissionCase(facts, [], 2026, new Dictionary<string, int>(), false));
        a.Suggested.ShouldBe(AdmissionOutcome.Reject);
        a.Reasons.Where(r => r.Effect == ReasonEffect.Blocks).Select(r => r.Code)
            .ShouldBe(["NegativeIndustry", "NegativeProcess", "NegativeProcess", "NegativeEmission"]);
        a.Reasons.Where(r => r.Code == "NegativeProcess").Select(r => r.Detail).ShouldBe(["电镀", "喷涂"]);
    }

    [Fact]
    public void OnlyAMentionedProcess_MakesTheReviewConditional()
    {
        var policy = new AdmissionPolicy(List("工艺:电镀"), ["C33"], [], 8);
        var a = AdmissionReview.Assess(policy, new AdmissionCase(Facts("C3311", description: "需要电镀"), [], 2026, new Dictionary<string, int>(), false));
        a.Suggested.ShouldBe(AdmissionOutcome.Conditional);
    }
}
