using ParkOps.Domain.Matching;
using static ParkOps.Domain.Tests.Matching.MatchingFixtures;

namespace ParkOps.Domain.Tests.Matching;

/// <summary>Every match explains itself: reason codes with their parameters.</summary>
public sealed class MatchReasonsTests
{
    private static IReadOnlyList<string> Reasons(MatchResult m) => [.. m.Reasons.Select(r => r.ToString())];

    [Fact]
    public void Reasons_FullMatch_NameCapabilityWindowCapacityCertificationsAndCreditBand()
    {
        var m = Single(Need(certsRequired: "IATF16949"), Offer("O1", quantity: 600, fromDay: 12, days: 20, certsHeld: "IATF16949", credit: 72));
        Reasons(m).ShouldBe(["Grade FullyUsable", "CapabilityMatch cnc", "WindowOverlap 80%", "CertificationsHeld IATF16949", "CapacityShare 0.6", "PartnerCredit Fair"]);
    }

    [Theory]
    [InlineData(100, "PartnerCredit Good")]
    [InlineData(80, "PartnerCredit Good")]
    [InlineData(79, "PartnerCredit Fair")]
    [InlineData(60, "PartnerCredit Fair")]
    [InlineData(59, "PartnerCredit Poor")]
    [InlineData(0, "PartnerCredit Poor")]
    public void Reasons_PartnerCredit_ShowBandNeverTheScore(int credit, string expected)
    {
        var reasons = Reasons(Single(Need(), Offer("O1", credit: credit)));
        reasons.ShouldContain(expected);
        reasons.ShouldNotContain(r => r.Contains(credit.ToString(System.Globalization.CultureInfo.InvariantCulture)) && r.StartsWith("PartnerCredit", StringComparison.Ordinal));
    }

    [Fact]
    public void Reasons_MissingCertification_IsNamed() =>
        Reasons(Single(Need(certsRequired: "IATF16949,ISO9001"), Offer("O1", certsHeld: "ISO9001")))
            .ShouldContain("CertificationMissing IATF16949");

    [Fact]
    public void Reasons_RelatedCapability_NamesNeedAndOffer() =>
        Reasons(Single(Need(caps: "dip"), Offer("O1", caps: "smt"))).ShouldContain("RelatedCapability dip~smt");

    [Fact]
    public void Reasons_NeedReadFromText_SaysWhichPhrase()
    {
        var need = Need(caps: "", title: "寻找数控加工外协");
        Reasons(Single(need, Offer("O1"))).ShouldContain("CapabilityFromText cnc(数控加工)");
    }

    [Fact]
    public void Reasons_SimilarTextPartnerAndPark_AreNamed()
    {
        var m = Match(Need(title: "铝合金精密件CNC加工"), [Offer("O1", title: "铝合金精密件CNC加工中心", park: "P1", enterprise: "E-1")],
            partners: new HashSet<string> { "E-1" }).ShouldHaveSingleItem();
        var reasons = Reasons(m);
        reasons.ShouldContain(r => r.StartsWith("TextSimilarity 0.", StringComparison.Ordinal));
        reasons.ShouldContain("PastCollaboration");
        reasons.ShouldContain("SamePark");
    }
}
