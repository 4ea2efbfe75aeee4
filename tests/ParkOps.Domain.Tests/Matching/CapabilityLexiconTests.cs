using ParkOps.Domain.Matching;

namespace ParkOps.Domain.Tests.Matching;

/// <summary>
/// The trade synonym dictionary reads Chinese (and English) free text as capability codes. The sentences are written
/// as enterprises write needs and offers; none is copied from a judged set.
/// </summary>
public sealed class CapabilityLexiconTests
{
    private static readonly CapabilityLexicon Lexicon = CapabilityLexicon.Default;

    private static string Read(string text) => string.Join(",", Lexicon.Taxonomy.Codes(Lexicon.Read(text).Capabilities).Order(StringComparer.Ordinal));

    [Theory]
    [InlineData("找PCB板厂打样，4层板", "pcb_fab")]
    [InlineData("需要做一批FPC软板", "pcb_fab")]
    [InlineData("主板需要贴片", "smt")]
    [InlineData("求表面贴装代工，0402元件", "smt")]
    [InlineData("电路板需要手工焊接", "dip")]
    [InlineData("波峰焊外协", "dip")]
    [InlineData("PCBA需要做功能测试", "pcba_test")]
    [InlineData("找FCT测试治具和测试服务", "pcba_test")]
    [InlineData("充电器整机装配外包", "box_build")]
    [InlineData("端子线压接外发", "wire_harness")]
    [InlineData("变压器绕线外协", "coil_winding")]
    [InlineData("电路板需要喷三防漆", "conformal_coating")]
    [InlineData("找数控车床加工", "cnc")]
    [InlineData("车铣复合加工轴类零件", "cnc")]
    [InlineData("CNC machining of aluminium parts", "cnc")]
    [InlineData("五金冲压件外发", "stamping")]
    [InlineData("锌合金压铸件外协", "die_casting")]
    [InlineData("激光切割加折弯外发", "sheet_metal")]
    [InlineData("钢结构需要氩弧焊", "welding")]
    [InlineData("螺丝需要镀彩锌", "electroplating")]
    [InlineData("铝合金外壳需要氧化", "anodizing")]
    [InlineData("铁件喷塑外协", "powder_coating")]
    [InlineData("五金件去毛刺外发", "polishing")]
    [InlineData("找热处理厂，渗碳", "heat_treatment")]
    [InlineData("塑胶外壳需要开模", "mold_making")]
    [InlineData("塑胶件注塑外发", "injection_molding")]
    [InlineData("塑料瓶吹瓶外协", "blow_molding")]
    [InlineData("针织面料染整外发", "dyeing")]
    [InlineData("T恤需要数码印花", "textile_printing")]
    [InlineData("羽绒服车缝外协", "garment_sewing")]
    [InlineData("EVA鞋底外协", "shoe_sole")]
    [InlineData("飞织鞋面代工", "shoe_upper")]
    [InlineData("皮鞋需要组装", "shoe_assembly")]
    [InlineData("钢材需要做拉伸试验", "material_testing")]
    [InlineData("Need EMC testing", "emc_testing")]
    [InlineData("振动跌落试验外包", "reliability_testing")]
    [InlineData("需要贴标装箱", "packaging")]
    [InlineData("货物需要临时存放", "warehousing")]
    [InlineData("找整车零担专线", "logistics")]
    [InlineData("树脂打印外发", "printing_3d")]
    [InlineData("结构设计外包", "industrial_design")]
    public void Read_NeedSentence_NamesItsCapability(string text, string expected) => Read(text).ShouldBe(expected);

    [Theory]
    [InlineData("ＳＭＴ贴片加工", "smt")] // full-width letters
    [InlineData("ｃｎｃ 加工", "cnc")] // full-width, lower case, a space before Chinese
    [InlineData("３Ｄ打印服务", "printing_3d")]
    public void Read_FullWidthText_IsNormalisedFirst(string text, string expected) => Read(text).ShouldBe(expected);

    [Theory]
    [InlineData("插件焊接加工", "dip")] // longest phrase wins over 焊接 (welding)
    [InlineData("注塑模具设计制造", "mold_making")] // 注塑模具 over 注塑
    [InlineData("五金冲压模具制作", "mold_making")] // 冲压 only modifies the head word 模具
    [InlineData("冷热冲击试验", "reliability_testing")] // not 冲击试验 (material impact test)
    [InlineData("控制板小批量贴片", "smt")] // 控制板 is a word of its own, not 制板
    public void Read_OverlappingPhrases_LongestAndHeadWin(string text, string expected) => Read(text).ShouldBe(expected);

    [Theory]
    [InlineData("运动鞋订单需要成型外协", "shoe_assembly")] // 成型 about shoes
    [InlineData("精密注塑成型加工", "injection_molding")]
    [InlineData("电路板焊接外发", "dip")] // 焊接 about boards
    [InlineData("不锈钢管焊接", "welding")]
    [InlineData("原材料需要送检", "material_testing")]
    [InlineData("产品需要做电磁兼容认证测试", "emc_testing")]
    [InlineData("纸箱印刷", "packaging")]
    [InlineData("布料需要印刷图案", "textile_printing")]
    public void Read_ContextualPhrase_TakesTheMeaningOfItsContext(string text, string expected) => Read(text).ShouldBe(expected);

    [Theory]
    [InlineData("注塑件需要喷涂", "powder_coating")] // the part is the object, spraying is asked
    [InlineData("机柜表面喷粉", "powder_coating")] // 机柜 is a product of sheet metal, not the process
    [InlineData("整机老化测试", "reliability_testing")]
    [InlineData("电子产品总装与包装入库", "box_build")]
    [InlineData("五金件需要热处理和电镀", "electroplating,heat_treatment")] // two processes asked
    public void Read_ObjectAndProcess_ReadsTheProcess(string text, string expected) => Read(text).ShouldBe(expected);

    [Theory]
    [InlineData("新品要开一套模", "mold_making")]
    [InlineData("帮忙冲一批垫片", "stamping")]
    public void Read_VerbSplitFromObject_IsCaughtByPattern(string text, string expected) => Read(text).ShouldBe(expected);

    [Theory]
    [InlineData("pcba加工", "smt")] // pcb is not read inside pcba
    [InlineData("game console repair", "")] // sole is not read inside console
    public void Read_LatinPhrase_MatchesWholeWordsOnly(string text, string expected) => Read(text).ShouldBe(expected);

    [Theory]
    [InlineData("")]
    [InlineData("欢迎园区企业联系")]
    [InlineData("12月14日起交付，日需求约2000件/日")]
    public void Read_TextWithoutTradeWords_NamesNothing(string text) => Lexicon.Read(text).Capabilities.IsEmpty.ShouldBeTrue();

    [Fact]
    public void Read_Hits_NamePhraseAndStrength()
    {
        var hit = Lexicon.Read("寻找数控加工外协").Hits.ShouldHaveSingleItem();
        (Lexicon.Taxonomy[hit.Capability].Code, hit.Phrase, hit.Weight).ShouldBe(("cnc", "数控加工", 1.0));
    }

    [Fact]
    public void Dictionary_EveryCapability_HasSeveralPhrasesOfItsOwn()
    {
        // the shipped data names each of the 35 capabilities with at least three phrases besides its taxonomy names
        using var doc = System.Text.Json.JsonDocument.Parse(MatchingData.Read("synonyms"));
        var caps = doc.RootElement.GetProperty("capabilities");
        foreach (var c in Lexicon.Taxonomy.Capabilities)
        {
            var phrases = caps.GetProperty(c.Code).EnumerateObject().SelectMany(l => l.Value.EnumerateArray()).Count();
            phrases.ShouldBeGreaterThanOrEqualTo(3, c.Code);
        }
        Lexicon.Taxonomy.Count.ShouldBe(35);
    }

    [Fact]
    public void Parse_UnknownCapabilityCode_IsRefused()
    {
        var e = Should.Throw<Rules.DomainRuleException>(() =>
            CapabilityLexicon.Parse("""{"capabilities": {"laser_magic": {"strong": ["激光魔法"]}}}""", CapabilityTaxonomy.Default));
        e.Rule.ShouldBe("CapabilityMustBeKnown");
    }

    [Fact]
    public void Parse_DictionaryAsData_ChangesTheReading()
    {
        var lexicon = CapabilityLexicon.Parse("""{"capabilities": {"welding": {"strong": ["烧焊师傅"]}}}""", CapabilityTaxonomy.Default);
        lexicon.Taxonomy.Codes(lexicon.Read("找个烧焊师傅").Capabilities).ShouldBe(["welding"]);
        lexicon.Read("找数控加工").Capabilities.IsEmpty.ShouldBeTrue(); // no dictionary entry: only taxonomy names are known
    }
}
