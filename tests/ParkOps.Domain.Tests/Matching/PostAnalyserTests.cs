using ParkOps.Domain.Matching;

namespace ParkOps.Domain.Tests.Matching;

/// <summary>Quantity and window read from free text where the structured fields are missing; structured fields win.</summary>
public sealed class PostAnalyserTests
{
    private static readonly DateOnly Reference = new(2026, 12, 1);

    [Theory]
    [InlineData("寻找数控加工外协，12月14日起交付，日需求约2000件/日。", 2000, "件/日")]
    [InlineData("每天5000件左右", 5000, "件/日")]
    [InlineData("日产能3万米", 30000, "米/日")]
    [InlineData("需要200套/月", 200, "套/月")]
    [InlineData("共1.5万件", 15000, "件")]
    [InlineData("支持4-8层板，交期15天", null, null)] // 8层 is not a quantity
    public void Read_QuantityInText_IsFound(string text, int? quantity, string? unit)
    {
        var facts = FreeTextFacts.Read(text, Reference);
        facts.Quantity.ShouldBe(quantity is null ? null : (decimal)quantity);
        facts.Unit.ShouldBe(unit);
    }

    [Theory]
    [InlineData("12月14日起交付", "2026-12-14", null)]
    [InlineData("2027年1月5日至2027年2月10日", "2027-01-05", "2027-02-10")]
    [InlineData("1月10日-1月31日", "2027-01-10", "2027-01-31")] // no year: after the reference, so next year
    [InlineData("12月20日前交货", null, "2026-12-20")]
    [InlineData("12月5日开始，交期20天", "2026-12-05", "2026-12-24")]
    [InlineData("支持4-8层板", null, null)] // 4-8 is not a date
    public void Read_DatesInText_GiveTheWindow(string text, string? from, string? to)
    {
        var facts = FreeTextFacts.Read(text, Reference);
        facts.From.ShouldBe(from is null ? null : DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture));
        facts.To.ShouldBe(to is null ? null : DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Analyse_PostWithoutFields_TakesThemFromText()
    {
        var post = new MatchPost
        {
            Id = "N", Kind = PostKind.CapacityNeed, EnterpriseId = "E",
            Title = "寻找数控加工外协", Description = "寻找数控加工外协，12月14日起交付，日需求约2000件/日。",
        };
        var a = MatchingFixtures.Analyser().Analyse(post, Reference);
        a.CapabilitiesReadFromText.ShouldBeTrue();
        a.Profile.Capabilities.ShouldBe(Bits128.Of(CapabilityTaxonomy.Default.IdOf("cnc", "c")));
        a.Profile.Quantity.ShouldBe(2000f);
        a.Profile.From.ShouldBe(new DateOnly(2026, 12, 14).DayNumber);
        a.Profile.To.ShouldBe(new DateOnly(2026, 12, 14).AddDays(MatchSettings.Default.DefaultWindowDays - 1).DayNumber);
    }

    [Fact]
    public void Analyse_StructuredFields_WinOverText()
    {
        var post = new MatchPost
        {
            Id = "N", Kind = PostKind.CapacityNeed, EnterpriseId = "E", Capabilities = ["stamping"], Quantity = 300, Unit = "件/日",
            From = new DateOnly(2026, 12, 2), To = new DateOnly(2026, 12, 8),
            Title = "冲压件外协", Description = "12月14日起交付，日需求约2000件/日。",
        };
        var a = MatchingFixtures.Analyser().Analyse(post, Reference);
        a.CapabilitiesReadFromText.ShouldBeFalse();
        a.Profile.Capabilities.ShouldBe(Bits128.Of(CapabilityTaxonomy.Default.IdOf("stamping", "c")));
        (a.Profile.Quantity, a.Profile.From, a.Profile.To).ShouldBe((300f, new DateOnly(2026, 12, 2).DayNumber, new DateOnly(2026, 12, 8).DayNumber));
    }

    [Fact]
    public void Analyse_UnknownCapabilityCode_IsRefused()
    {
        var post = new MatchPost { Id = "X", Kind = PostKind.CapacityOffer, EnterpriseId = "E", Capabilities = ["teleportation"] };
        Should.Throw<Rules.DomainRuleException>(() => MatchingFixtures.Analyser().Analyse(post, Reference)).Rule.ShouldBe("CapabilityMustBeKnown");
    }

    [Theory]
    [InlineData("IATF 16949", "IATF16949")]
    [InlineData("iso-9001:2015", "ISO9001")]
    [InlineData("ＩＳＯ１３４８５", "ISO13485")]
    public void NormaliseCertification_Spellings_AreOneCertificate(string name, string expected) =>
        PostAnalyser.NormaliseCertification(name).ShouldBe(expected);

    [Theory]
    [InlineData(600, "套/月", 10, "套/日", 2.0)] // same unit: 600 a month is 20 a day
    [InlineData(500, "套/月", 2000, "件/日", 0.25)] // 套 against 件: no conversion, as posted
    [InlineData(200, "件/日", 1000, "件/日", 0.2)]
    public void CapacityShare_Units_ConvertOnlyTheSameThing(int offer, string offerUnit, int need, string needUnit, double share)
    {
        var analyser = MatchingFixtures.Analyser();
        var o = analyser.Analyse(new MatchPost { Id = "O", Kind = PostKind.CapacityOffer, EnterpriseId = "A", Quantity = offer, Unit = offerUnit }, Reference).Profile;
        var n = analyser.Analyse(new MatchPost { Id = "N", Kind = PostKind.CapacityNeed, EnterpriseId = "B", Quantity = need, Unit = needUnit }, Reference).Profile;
        o.CapacityShareOf(n).ShouldBe(share, 1e-6);
    }
}
