using ParkOps.Domain.Matching;

namespace ParkOps.Domain.Tests.Matching;

/// <summary>Which capabilities a park's industry chain uses: by its industry's code prefixes, and by its stage names.</summary>
public sealed class ChainCapabilitiesTests
{
    [Fact]
    public void CategoriesOf_ElectronicsPrefixes_AreElectronicsAndTesting_NotTextiles()
    {
        var c = ChainCapabilities.CategoriesOf(["C38", "C39", "M745"]);
        c.ShouldContain("electronics");
        c.ShouldContain("testing");
        c.ShouldNotContain("textile");
        c.ShouldNotContain("footwear");
    }

    [Fact]
    public void CategoriesOf_NarrowerAndBroaderPrefixes_MatchTheTable()
    {
        ChainCapabilities.CategoriesOf(["c1711"]).ShouldContain("textile");
        var broad = ChainCapabilities.CategoriesOf(["C1"]);
        broad.ShouldContain("textile");
        broad.ShouldContain("footwear");
        ChainCapabilities.CategoriesOf(["", " "]).ShouldBeEmpty();
        ChainCapabilities.CategoriesOf(["F51"]).ShouldBeEmpty();
    }

    [Fact]
    public void InChain_ByCategoryOrByStageName()
    {
        var textile = ChainCapabilities.CategoriesOf(["C18"]);
        ChainCapabilities.InChain("textile", "染色", textile, []).ShouldBeTrue();
        ChainCapabilities.InChain("electronics", "SMT贴片", textile, []).ShouldBeFalse();
        ChainCapabilities.InChain("electronics", "SMT贴片", textile, ["SMT贴片"]).ShouldBeTrue();
        ChainCapabilities.InChain("services", "仓储", new HashSet<string>(), ["物流仓储"]).ShouldBeTrue();
        ChainCapabilities.InChain("metal", "焊", new HashSet<string>(), ["插件焊接"]).ShouldBeFalse();
    }
}
