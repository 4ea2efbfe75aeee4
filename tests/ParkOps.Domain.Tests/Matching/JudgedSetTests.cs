using ParkOps.Domain.Matching;

namespace ParkOps.Domain.Tests.Matching;

/// <summary>
/// Matching quality on judged sets (format parkops-marketplace-judged/1): the public sample (a copy of
/// shared/data/matching-sample.json) and four sets of our own (JudgedSets/, built by make_sets.py with other
/// enterprises and other wording; their judgments apply the note's definition, not the engine).
/// </summary>
public sealed class JudgedSetTests
{
    private static JudgedSetEvaluation Evaluate(string file) =>
        JudgedSetEvaluation.Run(JudgedSet.Parse(File.ReadAllText(MatchingFixtures.JudgedSetPath(file))), PostAnalyser.CreateDefault());

    [Fact]
    public void Sample_NdcgAt10_IsAtLeast095()
    {
        var e = Evaluate("matching-sample.json");
        e.Queries.Count.ShouldBe(16);
        e.Mean.ShouldBeGreaterThanOrEqualTo(0.95);
    }

    [Theory]
    [InlineData("JudgedSets/judged-gt.json")] // garment, textile and footwear park
    [InlineData("JudgedSets/judged-mc.json")] // machining and surface finishing park
    [InlineData("JudgedSets/judged-el.json")] // electronics park
    [InlineData("JudgedSets/judged-hx.json")] // household appliances and hardware park
    public void OwnSet_NdcgAt10_IsAtLeast090(string file)
    {
        var e = Evaluate(file);
        e.Queries.Count.ShouldBeGreaterThanOrEqualTo(10);
        e.Mean.ShouldBeGreaterThanOrEqualTo(0.90);
    }

    [Fact]
    public void OwnSets_HaveQueriesUnderstoodOnlyFromText()
    {
        foreach (var file in new[] { "judged-gt.json", "judged-mc.json", "judged-el.json", "judged-hx.json" })
        {
            var set = JudgedSet.Parse(File.ReadAllText(MatchingFixtures.JudgedSetPath("JudgedSets/" + file)));
            set.Queries.Count(q => q.Post.Capabilities.Count == 0).ShouldBeGreaterThanOrEqualTo(5, file);
        }
    }

    [Fact]
    public void Parse_Sample_ReadsEnterprisesIntoPosts()
    {
        var set = JudgedSet.Parse(File.ReadAllText(MatchingFixtures.JudgedSetPath("matching-sample.json")));
        set.AsOf.ShouldBe(new DateOnly(2026, 12, 1));
        (set.Enterprises.Count, set.Posts.Count).ShouldBe((14, 60));
        var post = set.Posts.Single(p => p.Id == "O1000");
        (post.Kind, post.EnterpriseId, post.ParkId, post.Credit, post.Quantity, post.Unit).ShouldBe((PostKind.CapacityOffer, "E112", "P1", 57, 200m, "件/日"));
        post.CertificationsHeld.ShouldBe(["ISO9001"]);
        set.Queries[0].Judgments.ShouldBe(new Dictionary<string, int> { ["O1005"] = 1, ["O1012"] = 3 });
    }

    private const string Minimal = """
        {"format": "parkops-marketplace-judged/1", "as_of": "2026-12-01",
         "enterprises": [{"id": "E1", "park": "P1", "credit": 60, "certifications": []}],
         "posts": [{"id": "O1", "kind": "capacity_offer", "enterprise": "E1", "capabilities": ["cnc"], "quantity": 10, "unit": "件/日", "from": "2026-12-01", "to": "2026-12-31"}],
         "queries": [{"id": "N1", "kind": "capacity_need", "enterprise": "E1", "capabilities": ["cnc"], "quantity": 10, "unit": "件/日", "from": "2026-12-01", "to": "2026-12-31", "certifications_required": [], "judgments": {JUDGED}}]}
        """;

    [Theory]
    [InlineData("{\"format\": ", "$")]
    [InlineData("""{"format": "something-else/2", "as_of": "2026-12-01"}""", "format")]
    [InlineData("""{"format": "parkops-marketplace-judged/1", "as_of": "1.12.2026"}""", "as_of")]
    public void Parse_MalformedFile_NamesThePlace(string json, string path) =>
        Should.Throw<JudgedSetException>(() => JudgedSet.Parse(json)).Path.ShouldBe(path);

    [Theory]
    [InlineData("\"O9\": 3", "queries[0].judgments.O9")] // unknown post
    [InlineData("\"O1\": 5", "queries[0].judgments.O1")] // grade out of range
    public void Parse_BadJudgment_NamesThePlace(string judged, string path) =>
        Should.Throw<JudgedSetException>(() => JudgedSet.Parse(Minimal.Replace("JUDGED", judged, StringComparison.Ordinal))).Path.ShouldBe(path);

    [Fact]
    public void Parse_PostOfUnknownEnterprise_IsRefused() =>
        Should.Throw<JudgedSetException>(() => JudgedSet.Parse(Minimal.Replace("\"enterprise\": \"E1\", \"capabilities\"", "\"enterprise\": \"E7\", \"capabilities\"", StringComparison.Ordinal)
            .Replace("JUDGED", "", StringComparison.Ordinal))).Path.ShouldBe("posts[0].enterprise");

    [Fact]
    public void Run_UnknownCapabilityCode_IsRefusedWithItsPlace()
    {
        var set = JudgedSet.Parse(Minimal.Replace("[\"cnc\"], \"quantity\": 10, \"unit\": \"件/日\", \"from\": \"2026-12-01\", \"to\": \"2026-12-31\"}]", "[\"warp_drive\"], \"quantity\": 10, \"unit\": \"件/日\", \"from\": \"2026-12-01\", \"to\": \"2026-12-31\"}]", StringComparison.Ordinal)
            .Replace("JUDGED", "", StringComparison.Ordinal));
        Should.Throw<JudgedSetException>(() => JudgedSetEvaluation.Run(set, PostAnalyser.CreateDefault())).Path.ShouldStartWith("posts[0]");
    }
}
