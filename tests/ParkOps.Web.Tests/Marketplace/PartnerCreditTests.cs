using System.Net;
using System.Text.Json;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Marketplace;

/// <summary>
/// A match names the other enterprise's credit as a band, never its score: the score is that enterprise's credit
/// detail (DOMAIN §1). Cut-offs: good from 80, fair from 60, poor below.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class PartnerCreditTests(ParkOpsFactory app)
{
    private static readonly Dictionary<string, string> Bands = new()
    {
        ["good"] = "对方信用良好（信用分 ≥ 80）", ["fair"] = "对方信用一般（信用分 60–79）", ["poor"] = "对方信用较差（信用分 < 60）",
    };

    private static string BandOf(int score) => score >= 80 ? Bands["good"] : score >= 60 ? Bands["fair"] : Bands["poor"];

    [Fact]
    public async Task Matches_PartnerCredit_IsTheBandOfTheOthersScoreNeverTheScore()
    {
        var park = await app.ParkIdAsync();
        var tenant2 = await app.LoginAsync("tenant2");
        var need = (await tenant2.CreatePostAsync(park, MarketplaceApi.Body("capacity_need", ["smt"], 100000))).GetProperty("id").GetInt64();
        var res = await tenant2.GetAsync($"/api/v1/posts/{need}/matches?top=20");
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var matches = (await res.JsonAsync()).EnumerateArray().ToList();
        var op = await app.LoginAsync("operator");
        var checkedCount = 0;
        foreach (var m in matches)
        {
            var reasons = m.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToList();
            reasons.ShouldNotContain(r => r.StartsWith("对方信用分", StringComparison.Ordinal));
            var credit = reasons.Where(r => r.StartsWith("对方信用", StringComparison.Ordinal)).ToList();
            var partner = m.GetProperty("post").GetProperty("enterpriseId").GetInt64();
            var file = await (await op.GetAsync($"/api/v1/enterprises/{partner}/credit")).JsonAsync();
            if (file.GetProperty("score").ValueKind != JsonValueKind.Number) { credit.ShouldBeEmpty(); continue; }
            credit.ShouldBe([BandOf(file.GetProperty("score").GetInt32())]);
            checkedCount++;
        }
        checkedCount.ShouldBeGreaterThan(0, "the demo's SMT offers come from enterprises with a credit score");
    }

    [Fact]
    public async Task Matches_InEnglish_NameTheBandWithItsCutOff()
    {
        var park = await app.ParkIdAsync();
        var tenant2 = await app.LoginAsync("tenant2");
        var need = (await tenant2.CreatePostAsync(park, MarketplaceApi.Body("capacity_need", ["smt"], 100000))).GetProperty("id").GetInt64();
        var req = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/posts/{need}/matches?top=20");
        req.Headers.TryAddWithoutValidation("Accept-Language", "en");
        var reasons = (await (await tenant2.SendAsync(req)).JsonAsync()).EnumerateArray().SelectMany(m => m.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!)).ToList();
        var credit = reasons.Where(r => r.StartsWith("Partner has", StringComparison.Ordinal)).ToList();
        credit.ShouldNotBeEmpty();
        credit.ShouldAllBe(r => r == "Partner has good credit (score 80 or above)" || r == "Partner has fair credit (score 60–79)" || r == "Partner has poor credit (score below 60)");
    }
}
