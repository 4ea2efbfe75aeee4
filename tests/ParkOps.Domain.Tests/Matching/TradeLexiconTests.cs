using ParkOps.Domain.Matching;

namespace ParkOps.Domain.Tests.Matching;

/// <summary>
/// The trade lexicon reads posts as factory owners write them in WeChat groups: material-dependent senses, variants of
/// one capability that do not serve each other, machines with brand, tonnage and count, certificates and trade facets.
/// Every sentence is written here by hand; the expected readings are written out.
/// </summary>
public sealed class TradeLexiconTests
{
    private static readonly CapabilityLexicon Lexicon = CapabilityLexicon.Default;
    private static readonly DateOnly Reference = new(2026, 12, 1);

    private static string Codes(CapabilityReading r) => string.Join(",", Lexicon.Taxonomy.Codes(r.Capabilities).Order(StringComparer.Ordinal));

    private static string Variants(CapabilityReading r)
    {
        var names = new List<string>();
        for (var v = r.Variants; v != 0; v &= v - 1) names.Add(Lexicon.VariantName(System.Numerics.BitOperations.TrailingZeroCount(v)));
        return string.Join(",", names.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("ABS外壳 找啤机 啤塑", "injection_molding")]
    [InlineData("铁片啤五金，25T啤机", "stamping")]
    [InlineData("啤机有空，SPCC铁件冲孔", "stamping")]
    [InlineData("啤机有空，PP塑料件", "injection_molding")]
    [InlineData("开一套注塑模，ABS外壳", "mold_making")]
    [InlineData("注塑加工 海天160T", "injection_molding")]
    [InlineData("钣金折弯 机箱", "sheet_metal")]
    [InlineData("五金冲压件 连续模冲压", "stamping")]
    [InlineData("88T热室机两台空 接锌合金小件", "die_casting")]
    [InlineData("电脑锣 钻攻 铝件加工", "cnc")]
    public void Read_SlangAndDialect_NamesTheTrade(string text, string expected) => Codes(Lexicon.Read(text)).ShouldBe(expected);

    [Theory]
    [InlineData("塑胶件喷油 UV 橡胶漆", "powder_coating", "wet_paint")]
    [InlineData("铁件静电喷粉 哑光", "powder_coating", "powder")]
    [InlineData("钣金件喷涂 铁件", "powder_coating", "powder")] // no variant word: the material says which
    [InlineData("小家电铁底座 需要静电喷粉，不要喷油的 要喷粉", "powder_coating", "powder")]
    [InlineData("瓦楞纸箱 彩盒 飞机盒", "packaging", "carton_making")]
    [InlineData("装箱 贴标 打包，纸箱我们有，只要包装服务", "packaging", "packing_service")]
    [InlineData("吸塑盒 吸塑托盘", "packaging", "blister")]
    [InlineData("螺丝滚镀彩锌", "electroplating", "on_metal")]
    [InlineData("钢结构热镀锌", "electroplating", "hot_dip")]
    [InlineData("五金连续模 拉伸模，注意：不做塑胶模", "mold_making", "press_tool")]
    public void Read_NeighbouringTrades_AreTold(string text, string capability, string variant)
    {
        var r = Lexicon.Read(text);
        Codes(r).ShouldBe(capability);
        Variants(r).ShouldBe(variant);
    }

    [Fact]
    public void Read_SilkScreenOnPlastic_IsNotTextilePrinting()
    {
        Codes(Lexicon.Read("塑胶外壳丝印 移印LOGO")).ShouldNotContain("textile_printing");
        Codes(Lexicon.Read("T恤丝印")).ShouldBe("textile_printing");
    }

    [Fact]
    public void Read_NegatedProcess_IsNotRead() =>
        Codes(Lexicon.Read("厚片吸塑 ABS面板，小批量不用开注塑模")).ShouldBe("packaging");

    [Fact]
    public void Read_MachinesWithTonnageBrandAndCount_AreFacts()
    {
        var r = Lexicon.Read("鑫宏达五金，25T到110T冲床一共14台，另有海天160T啤机");
        r.Machines.Select(m => m.ToString()).ShouldBe(["14台 25T–110T 冲床", "海天 160T 啤机"]);
        Lexicon.Read("冲床5台 16T-45T").Machines.Single().ShouldBe(new MachineFact("冲床", null, 5, 16, 45) { Class = "press" });
        Lexicon.Read("加工中心12台（发那科）").Machines.Single().Count.ShouldBe(12);
    }

    [Theory]
    [InlineData("客户要求UL认证的工厂", "UL")]
    [InlineData("需要IATF 16949，没证的别联系", "IATF16949")]
    [InlineData("ISO13485和9001都有", "ISO13485,ISO9001")]
    [InlineData("16949还没有，9001在办", "")]
    [InlineData("这个不需要UL", "")]
    public void Read_Certificates_AreNamedUnlessDenied(string text, string expected) =>
        string.Join(",", Lexicon.Read(text).Certifications.Order(StringComparer.Ordinal)).ShouldBe(expected);

    [Theory]
    [InlineData("冲压可带料，来料也接", "customer_material,supplies_material")]
    [InlineData("只做样品和小批量，大货不接", "sampling")]
    [InlineData("大货长单优先", "volume")]
    public void Read_TradeFacets_AreRead(string text, string expected) =>
        string.Join(",", Lexicon.Read(text).Facets.Order(StringComparer.Ordinal)).ShouldBe(expected);

    [Fact]
    public void Read_LaterStepOfTheChain_CountsLess() =>
        Codes(Lexicon.Read("锌合金灯座 压铸，后面还要抛光电镀（可以分开找）")).ShouldBe("die_casting");

    [Theory]
    [InlineData("月需求3万件左右", 30000, "件/月")]
    [InlineData("日产1.5万件", 15000, "件/日")]
    [InlineData("SMT 每天300万点", 3000000, "点/日")]
    [InlineData("一天几百双，大概800双/天", 800, "双/日")]
    [InlineData("每月2000条", 2000, "条/月")]
    [InlineData("两个月能出5套模", 5, "套/2月")]
    [InlineData("10套/2个月", 10, "套/2月")]
    [InlineData("走心机加工 量大，200K/月", 200000, "件/月")]
    [InlineData("每天5000pcs", 5000, "件/日")]
    [InlineData("日产8000-10000件", 9000, "件/日")]
    [InlineData("6w个/月", 60000, "件/月")]
    [InlineData("冲床8台空着", null, null)] // a machine count, not a quantity
    [InlineData("60吨冲床一台", null, null)] // a tonnage
    [InlineData("单价3元/件", null, null)] // a price
    public void Read_QuantitiesInManyUnits_AreOneRate(string text, int? quantity, string? unit)
    {
        var facts = FreeTextFacts.Read(text, Reference);
        facts.Quantity.ShouldBe(quantity is null ? null : (decimal)quantity);
        facts.Unit.ShouldBe(unit);
    }

    [Theory]
    [InlineData("件/日", 1)]
    [InlineData("件/月", 30)]
    [InlineData("套/2月", 60)]
    [InlineData("套/2个月", 60)]
    [InlineData("双/周", 7)]
    public void PeriodDays_PeriodWithACount_IsThatManyPeriods(string unit, double days) =>
        PostAnalyser.CreateDefault().PeriodDays(unit).ShouldBe((float)days);

    [Theory]
    [InlineData("pcs/日", "件")]
    [InlineData("个/天", "件")]
    [InlineData("万件/月", "件")]
    [InlineData("kg/日", "公斤")]
    [InlineData("平米", "平方米")]
    public void UnitBase_Spellings_AreOneThing(string unit, string expected) => PostAnalyser.UnitBase(unit).ShouldBe(expected);

    [Fact]
    public void Analyse_MonthlyFieldWithMultiplier_ComparesPerDay()
    {
        var analyser = PostAnalyser.CreateDefault();
        // 3万件/月 offered against 2000件/日 needed: 30000 ÷ 30 = 1000 a day, half the need
        var offer = analyser.Analyse(new MatchPost { Id = "O", Kind = PostKind.CapacityOffer, EnterpriseId = "A", Quantity = 3, Unit = "万件/月" }, Reference).Profile;
        var need = analyser.Analyse(new MatchPost { Id = "N", Kind = PostKind.CapacityNeed, EnterpriseId = "B", Quantity = 2000, Unit = "pcs/天" }, Reference).Profile;
        offer.CapacityShareOf(need).ShouldBe(0.5, 1e-9);
    }

    [Fact]
    public void Analyse_TextContradictingCodes_IsBelieved()
    {
        var post = new MatchPost
        {
            Id = "O", Kind = PostKind.CapacityOffer, EnterpriseId = "A", Capabilities = ["anodizing"],
            Title = "也有镀锌线 挂镀", Description = "我们厂隔壁车间也有一条挂镀镀锌线，铁件可以拿来镀",
        };
        var a = PostAnalyser.CreateDefault().Analyse(post, Reference);
        a.CapabilitySource.ShouldBe(CapabilitySource.TextOverCodes);
        a.Profile.Capabilities.ShouldBe(Bits128.Of(CapabilityTaxonomy.Default.IdOf("electroplating", "c")));
    }

    [Fact]
    public void Analyse_TextSupportingCodes_KeepsTheCodes()
    {
        var post = new MatchPost { Id = "N", Kind = PostKind.CapacityNeed, EnterpriseId = "A", Capabilities = ["shoe_assembly"], Title = "运动鞋成品组装外发" };
        var a = PostAnalyser.CreateDefault().Analyse(post, Reference);
        a.CapabilitySource.ShouldBe(CapabilitySource.Codes);
        a.Profile.Capabilities.ShouldBe(Bits128.Of(CapabilityTaxonomy.Default.IdOf("shoe_assembly", "c")));
    }

    [Fact]
    public void Analyse_NeedTextAskingForACertificate_RequiresIt()
    {
        var analyser = PostAnalyser.CreateDefault();
        var need = analyser.Analyse(new MatchPost { Id = "N", Kind = PostKind.CapacityNeed, EnterpriseId = "A", Title = "插头外壳注塑", Description = "客户要求UL认证的工厂" }, Reference);
        need.CertificationsRequiredInText.ShouldBe(["UL"]);
        need.Profile.CertificationsRequired.IsEmpty.ShouldBeFalse();
    }

    [Fact]
    public void Analyse_MachineForRent_IsAnEquipmentOffer()
    {
        var post = new MatchPost { Id = "O", Kind = PostKind.CapacityOffer, EnterpriseId = "A", Title = "冲床出租", Description = "扬力160T冲床一台闲置出租，按月算" };
        PostAnalyser.CreateDefault().Analyse(post, Reference).Profile.Kind.ShouldBe(PostKind.EquipmentOffer);
    }

    [Fact]
    public void Match_WetPaintShop_DoesNotAnswerPowderCoatingNeed()
    {
        var analyser = PostAnalyser.CreateDefault();
        using var index = new MatchIndex(analyser);
        index.Add(new MatchPost { Id = "O1", Kind = PostKind.CapacityOffer, EnterpriseId = "A", Title = "塑胶件喷油 UV 橡胶漆" }, Reference);
        index.Add(new MatchPost { Id = "O2", Kind = PostKind.CapacityOffer, EnterpriseId = "B", Title = "静电喷粉 铁件 钣金件" }, Reference);
        var matches = index.Match(new MatchPost { Id = "N", Kind = PostKind.CapacityNeed, EnterpriseId = "C", Title = "钣金底座 喷粉", Description = "铁底座需要静电喷粉 黑色哑光" },
            new MatchRequest(Reference));
        matches.Select(m => m.PostId).ShouldBe(["O2"]);
    }

    [Fact]
    public void Match_PressSmallerThanAsked_IsAStandIn()
    {
        var analyser = PostAnalyser.CreateDefault();
        using var index = new MatchIndex(analyser);
        index.Add(new MatchPost { Id = "O1", Kind = PostKind.EquipmentOffer, EnterpriseId = "A", Title = "110T冲床闲置 出租" }, Reference);
        index.Add(new MatchPost { Id = "O2", Kind = PostKind.EquipmentOffer, EnterpriseId = "B", Title = "200T冲床一台白班空着 可来做" }, Reference);
        var matches = index.Match(new MatchPost { Id = "N", Kind = PostKind.EquipmentNeed, EnterpriseId = "C", Title = "求租200T以上冲床" }, new MatchRequest(Reference));
        matches.Select(m => (m.PostId, m.Grade)).ShouldBe([("O2", MatchGrade.FullyUsable), ("O1", MatchGrade.WeakStandIn)]);
    }

    [Fact]
    public void Parse_OperatorSynonym_ReadsAsItsCapability()
    {
        var before = CapabilityLexicon.Parse(MatchingData.Read("synonyms"), CapabilityTaxonomy.Default);
        Codes(before.Read("找打孔佬")).ShouldBe("");
        var after = CapabilityLexicon.Parse(MatchingData.Read("synonyms"), CapabilityTaxonomy.Default, [new CapabilityLexicon.OperatorEntry("打孔佬", "cnc")]);
        Codes(after.Read("找打孔佬")).ShouldBe("cnc");
    }

    [Fact]
    public void Parse_OperatorSenseWithUnknownMaterial_IsRefused() =>
        Should.Throw<Rules.DomainRuleException>(() => CapabilityLexicon.Parse(MatchingData.Read("synonyms"), CapabilityTaxonomy.Default,
            [new CapabilityLexicon.OperatorEntry("压件", "stamping", Material: "wood")])).Field.ShouldBe("entries[0].material");
}
