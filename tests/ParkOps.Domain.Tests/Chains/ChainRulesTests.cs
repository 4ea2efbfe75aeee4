using ParkOps.Domain.Chains;
using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Tests.Chains;

public sealed class ChainRulesTests
{
    private static readonly ChainStage[] Electronics =
    [
        new("原材料供应", StageKind.Main), new("SMT贴片", StageKind.Main), new("插件焊接", StageKind.Main), new("成品组装", StageKind.Main),
        new("质量检测", StageKind.Main), new("物流仓储", StageKind.Service), new("设备租赁", StageKind.Service),
    ];

    [Theory]
    [InlineData(0, StageStatus.Gap)]
    [InlineData(1, StageStatus.Weak)]
    [InlineData(2, StageStatus.Covered)]
    [InlineData(15, StageStatus.Covered)]
    public void StatusOf_GapWeakCovered(int firms, StageStatus expected) => ChainRules.StatusOf(firms).ShouldBe(expected);

    [Fact]
    public void Classify_CountsEachFirmOnEachOfItsStages_InTheChainsOrder()
    {
        IReadOnlyCollection<string>[] firms = [["SMT贴片", "插件焊接"], ["SMT贴片"], ["物流仓储"], ["不在链上的环节"], ["SMT贴片", "SMT贴片"]];
        var c = ChainRules.Classify(Electronics, firms);
        c.Select(x => (x.Stage.Name, x.Firms, x.Status)).ShouldBe(
        [
            ("原材料供应", 0, StageStatus.Gap), ("SMT贴片", 3, StageStatus.Covered), ("插件焊接", 1, StageStatus.Weak), ("成品组装", 0, StageStatus.Gap),
            ("质量检测", 0, StageStatus.Gap), ("物流仓储", 1, StageStatus.Weak), ("设备租赁", 0, StageStatus.Gap),
        ]);
    }

    [Fact]
    public void Completeness_IsCoveredOverAllStages_ServicesIncluded()
    {
        IReadOnlyCollection<string>[] firms = [["SMT贴片", "插件焊接"], ["物流仓储"]];
        var c = ChainRules.Completeness([.. Electronics.Select(s => s.Name)], firms);
        (c.Covered, c.Total).ShouldBe((3, 7));
        c.Percent.ShouldBe(42.9m); // 3 ÷ 7 = 42.857… %
    }

    [Fact]
    public void Completeness_NoStages_HasNoPercent_AndAllCoveredIsHundred()
    {
        ChainRules.Completeness([], [["SMT贴片"]]).Percent.ShouldBeNull();
        ChainRules.Completeness(["甲", "乙"], [["甲"], ["乙"]]).Percent.ShouldBe(100.0m);
        ChainRules.Completeness(["甲", "乙", "丙"], [["甲"], ["乙"]]).Percent.ShouldBe(66.7m); // half away from zero
    }

    [Fact]
    public void Apply_CopiesTheTemplateInOrder_WithKinds_NamesTrimmed()
    {
        var applied = ChainRules.Apply([new(" 坯布供应 ", StageKind.Main), new("染色", StageKind.Main), new("集中污水处理", StageKind.Service)]);
        applied.ShouldBe([new("坯布供应", StageKind.Main), new("染色", StageKind.Main), new("集中污水处理", StageKind.Service)]);
    }

    [Fact]
    public void Normalise_RefusesEmptyDuplicateBadAndTooMany_NamingTheStage()
    {
        Should.Throw<DomainRuleException>(() => ChainRules.Normalise([])).Rule.ShouldBe("ChainNeedsStages");
        var dup = Should.Throw<DomainRuleException>(() => ChainRules.Normalise([new("染色", StageKind.Main), new("染色", StageKind.Service)]));
        (dup.Rule, dup.Field).ShouldBe(("ChainStageDuplicate", "stages[1].name"));
        var bad = Should.Throw<DomainRuleException>(() => ChainRules.Normalise([new("甲", StageKind.Main), new("a|b", StageKind.Main)]));
        (bad.Rule, bad.Field).ShouldBe(("ChainStageNameInvalid", "stages[1].name"));
        Should.Throw<DomainRuleException>(() => ChainRules.Normalise([new(new string('长', 31), StageKind.Main)])).Rule.ShouldBe("ChainStageNameInvalid");
        Should.Throw<DomainRuleException>(() => ChainRules.Normalise([.. Enumerable.Range(1, 21).Select(i => new ChainStage($"环节{i}", StageKind.Main))])).Rule.ShouldBe("ChainTooManyStages");
    }

    [Fact]
    public void Flows_GoFromTheSupplyingFirmsStagesToTheNeedingFirms_PerStagePair()
    {
        var firms = new Dictionary<long, IReadOnlyCollection<string>> { [1] = ["原材料供应"], [2] = ["SMT贴片", "插件焊接"], [3] = ["成品组装"], [4] = ["SMT贴片"] };
        FirmFlow[] pairs = [new(1, 2, 2, 1000m), new(1, 4, 1, 500m), new(2, 3, 3, 900m), new(4, 2, 1, 100m), new(9, 3, 5, 1m)];
        var flows = ChainRules.Flows(Electronics, firms, pairs);
        flows.ShouldBe(
        [
            new StageFlow("原材料供应", "SMT贴片", 3, 1500m),
            new StageFlow("SMT贴片", "成品组装", 3, 900m),
            new StageFlow("插件焊接", "成品组装", 3, 900m),
            new StageFlow("原材料供应", "插件焊接", 2, 1000m),
            new StageFlow("SMT贴片", "SMT贴片", 1, 100m),
            new StageFlow("SMT贴片", "插件焊接", 1, 100m),
        ]);
    }
}

public sealed class LeadPipelineTests
{
    [Theory]
    [InlineData(LeadStatus.Lead, LeadStatus.Contacted)]
    [InlineData(LeadStatus.Contacted, LeadStatus.Visiting)]
    [InlineData(LeadStatus.Visiting, LeadStatus.Intent)]
    public void OneStepForward_IsAllowed(LeadStatus from, LeadStatus to) => LeadPipeline.CheckMove(from, to, null, false).ShouldBeNull();

    [Theory]
    [InlineData(LeadStatus.Lead, LeadStatus.Visiting)]
    [InlineData(LeadStatus.Lead, LeadStatus.Admitted)]
    [InlineData(LeadStatus.Visiting, LeadStatus.Contacted)]
    [InlineData(LeadStatus.Admitted, LeadStatus.Dropped)]
    [InlineData(LeadStatus.Dropped, LeadStatus.Contacted)]
    public void JumpsAndMovesBack_AreRefused(LeadStatus from, LeadStatus to)
    {
        var e = Should.Throw<DomainRuleException>(() => LeadPipeline.CheckMove(from, to, "原因", true));
        (e.Rule, e.Kind).ShouldBe(("LeadStatusJumpNotAllowed", RuleKind.Conflict));
    }

    [Fact]
    public void Dropping_AndTakingUpAgain_NeedAReason()
    {
        Should.Throw<DomainRuleException>(() => LeadPipeline.CheckMove(LeadStatus.Visiting, LeadStatus.Dropped, "  ", false)).Rule.ShouldBe("LeadReasonRequired");
        LeadPipeline.CheckMove(LeadStatus.Visiting, LeadStatus.Dropped, " 已在外地落户 ", false).ShouldBe("已在外地落户");
        Should.Throw<DomainRuleException>(() => LeadPipeline.CheckMove(LeadStatus.Dropped, LeadStatus.Lead, null, false)).Rule.ShouldBe("LeadReasonRequired");
        LeadPipeline.CheckMove(LeadStatus.Dropped, LeadStatus.Lead, "重新有搬迁意向", false).ShouldBe("重新有搬迁意向");
    }

    [Fact]
    public void Admission_NeedsTheAdmittedEnterprise()
    {
        var e = Should.Throw<DomainRuleException>(() => LeadPipeline.CheckMove(LeadStatus.Intent, LeadStatus.Admitted, null, false));
        (e.Rule, e.Field).ShouldBe(("LeadAdmissionNeedsEnterprise", "enterpriseId"));
        LeadPipeline.CheckMove(LeadStatus.Intent, LeadStatus.Admitted, null, true).ShouldBeNull();
        LeadPipeline.NextOf(LeadStatus.Admitted).ShouldBeEmpty();
    }

    [Fact]
    public void Count_HasEveryStatus()
    {
        var c = LeadPipeline.Count([LeadStatus.Lead, LeadStatus.Lead, LeadStatus.Dropped]);
        c.Count.ShouldBe(6);
        (c[LeadStatus.Lead], c[LeadStatus.Dropped], c[LeadStatus.Admitted]).ShouldBe((2, 1, 0));
    }
}
