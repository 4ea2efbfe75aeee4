using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Features.Audit;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Marketplace;

/// <summary>
/// Issue 15 §5: the match score's weights and threshold and the credit file's weights are the park's settings, read by
/// anyone of the park, set by its operators (audited, validated field by field), and used by the very next match query
/// and credit file. A host of its own: the settings change what every other marketplace test would see.
/// </summary>
public sealed class MarketSettingsTests(ParkOpsFactory app) : IClassFixture<ParkOpsFactory>
{
    private static object Body(decimal capabilityFit = 0.25m, decimal capacityFit = 0.20m, decimal windowOverlap = 0.20m, decimal partnerCredit = 0.10m,
        decimal pastCollaboration = 0.10m, decimal textSimilarity = 0.10m, decimal distance = 0.05m, decimal minScore = 0m,
        decimal rent = 0.4m, decimal collaboration = 0.4m, decimal reporting = 0.2m) => new
    {
        matchWeights = new { capabilityFit, capacityFit, windowOverlap, partnerCredit, pastCollaboration, textSimilarity, distance },
        minScore, creditWeights = new { rent, collaboration, reporting },
    };

    [Fact]
    public async Task Settings_WithoutTheParksOwn_AreTheDefaultsOfTheRules_ReadByItsTenants()
    {
        var park = await app.ParkIdAsync();
        var tenant = await app.LoginAsync("tenant");
        var s = await (await tenant.GetAsync($"/api/v1/parks/{park}/market-settings")).JsonAsync();
        // the other tests of this host put the defaults back when they end: a row may exist, with the defaults in it
        var own = await app.WithDbAsync(db => db.Set<Features.Marketplace.MarketSettings>().IgnoreQueryFilters().AnyAsync(x => x.ParkId == park));
        s.GetProperty("isDefault").GetBoolean().ShouldBe(!own);
        var m = s.GetProperty("matchWeights");
        (m.GetProperty("capabilityFit").GetDecimal(), m.GetProperty("capacityFit").GetDecimal(), m.GetProperty("windowOverlap").GetDecimal(), m.GetProperty("partnerCredit").GetDecimal(),
            m.GetProperty("pastCollaboration").GetDecimal(), m.GetProperty("textSimilarity").GetDecimal(), m.GetProperty("distance").GetDecimal())
            .ShouldBe((0.25m, 0.20m, 0.20m, 0.10m, 0.10m, 0.10m, 0.05m));
        var c = s.GetProperty("creditWeights");
        (c.GetProperty("rent").GetDecimal(), c.GetProperty("collaboration").GetDecimal(), c.GetProperty("reporting").GetDecimal()).ShouldBe((0.4m, 0.4m, 0.2m));

        var put = await tenant.PutAsJsonAsync($"/api/v1/parks/{park}/market-settings", Body());
        await put.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("credit weights adding up to 0.9", "creditWeights")]
    [InlineData("a weight above 1", "matchWeights.capabilityFit")]
    [InlineData("a weight finer than hundredths", "matchWeights.distance")]
    [InlineData("every match weight 0", "matchWeights")]
    [InlineData("a negative threshold", "minScore")]
    public async Task Settings_BadInput_Is400NamingTheField_AndNothingIsStored(string what, string field)
    {
        var park = await app.ParkIdAsync();
        var op = await app.LoginAsync("operator");
        var body = what switch
        {
            "credit weights adding up to 0.9" => Body(reporting: 0.1m),
            "a weight above 1" => Body(capabilityFit: 1.5m),
            "a weight finer than hundredths" => Body(distance: 0.055m),
            "every match weight 0" => Body(0, 0, 0, 0, 0, 0, 0),
            _ => Body(minScore: -0.1m),
        };
        var stored = (await op.GetStringAsync($"/api/v1/parks/{park}/market-settings"));
        var problem = await (await op.PutAsJsonAsync($"/api/v1/parks/{park}/market-settings", body)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.ErrorsFor(field).ShouldNotBeEmpty(what);
        problem.ErrorsFor(field).ShouldAllBe(e => ProblemAssertions.HasCjk(e));
        (await op.GetStringAsync($"/api/v1/parks/{park}/market-settings")).ShouldBe(stored);
    }

    [Fact]
    public async Task CreditWeights_OnlyRentCounts_TheScoreIsTheRentComponent()
    {
        var park = await app.ParkIdAsync();
        var op = await app.LoginAsync("operator");
        var tenantId = await app.EnterpriseOfAsync("tenant");
        var before = await (await op.GetAsync($"/api/v1/enterprises/{tenantId}/credit")).JsonAsync();
        var rent = Component(before, "RentOnTime");
        rent.GetProperty("value").ValueKind.ShouldBe(JsonValueKind.Number, "the demo tenant has rent bills due in the last twelve months");

        (await op.PutAsJsonAsync($"/api/v1/parks/{park}/market-settings", Body(rent: 1m, collaboration: 0m, reporting: 0m))).StatusCode.ShouldBe(HttpStatusCode.OK);
        try
        {
            var after = await (await op.GetAsync($"/api/v1/enterprises/{tenantId}/credit")).JsonAsync();
            Component(after, "RentOnTime").GetProperty("weight").GetDouble().ShouldBe(1.0);
            Component(after, "CollaborationRatings").GetProperty("weight").GetDouble().ShouldBe(0.0);
            // with the rent part weighted alone, the score is that part's value, rounded half away from zero
            after.GetProperty("score").GetInt32().ShouldBe((int)Math.Round(rent.GetProperty("value").GetDouble(), MidpointRounding.AwayFromZero));

            var audit = await app.WithDbAsync(db => db.AuditEntries.IgnoreQueryFilters().Where(a => a.Entity == "MarketSettings").Select(a => a.ActorName).ToListAsync());
            audit.ShouldContain("operator");
        }
        finally
        {
            (await op.PutAsJsonAsync($"/api/v1/parks/{park}/market-settings", Body())).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task Threshold_RaisedAboveSomeAnswers_TheNextQueryLeavesThemOut()
    {
        var park = await app.ParkIdAsync();
        var tenant2 = await app.LoginAsync("tenant2");
        var need = (await tenant2.CreatePostAsync(park, MarketplaceApi.Body("capacity_need", ["smt"], 100000))).GetProperty("id").GetInt64();
        var before = await ScoresAsync(tenant2, need);
        before.Count.ShouldBeGreaterThan(1, "the demo park has several SMT offers");
        // a threshold in hundredths above the lowest answer and at or below the best
        var threshold = Math.Ceiling((decimal)before.Min(b => b.Score) * 100 + 1) / 100;
        threshold.ShouldBeLessThanOrEqualTo((decimal)before.Max(b => b.Score), "the answers' scores differ by more than a hundredth");

        var op = await app.LoginAsync("operator");
        (await op.PutAsJsonAsync($"/api/v1/parks/{park}/market-settings", Body(minScore: threshold))).StatusCode.ShouldBe(HttpStatusCode.OK);
        try
        {
            var after = await ScoresAsync(tenant2, need);
            after.Select(a => a.Id).ShouldBe(before.Where(b => (decimal)b.Score >= threshold).Select(b => b.Id));
            after.Count.ShouldBeLessThan(before.Count);
        }
        finally
        {
            (await op.PutAsJsonAsync($"/api/v1/parks/{park}/market-settings", Body())).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
    }

    private static JsonElement Component(JsonElement file, string name) =>
        file.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private static async Task<List<(long Id, double Score)>> ScoresAsync(HttpClient client, long post)
    {
        var res = await client.GetAsync($"/api/v1/posts/{post}/matches?top=100");
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        return [.. (await res.JsonAsync()).EnumerateArray().Select(m => (m.GetProperty("postId").GetInt64(), m.GetProperty("score").GetDouble()))];
    }
}
