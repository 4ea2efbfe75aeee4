using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Marketplace;

/// <summary>The matches of a post: the process's one index, updated as posts change, within the caller's scope.</summary>
[Collection(DemoCollection.Name)]
public sealed class MatchTests(ParkOpsFactory app)
{
    // a process nobody else in the demo or the other tests posts, so the answers are exactly the posts written here
    private const string Process = "blow_molding";

    [Fact]
    public async Task Matches_OfferWrittenAfterTheNeed_AppearsInTheNextCall_AndLeavesWhenClosed()
    {
        var park = await app.ParkIdAsync();
        var need = (await (await app.LoginAsync("tenant2")).CreatePostAsync(park, MarketplaceApi.Body("capacity_need", [Process], 500))).GetProperty("id").GetInt64();
        var tenant = await app.LoginAsync("tenant");
        var offer = (await tenant.CreatePostAsync(park, MarketplaceApi.Body("capacity_offer", [Process], 800))).GetProperty("id").GetInt64();
        var needer = await app.LoginAsync("tenant2");
        (await needer.MatchIdsAsync(need)).ShouldContain(offer);
        // and the other way round: the offer is answered by the need
        (await tenant.MatchIdsAsync(offer)).ShouldContain(need);
        (await tenant.PostAsync($"/api/v1/posts/{offer}/close", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await needer.MatchIdsAsync(need)).ShouldNotContain(offer);
    }

    [Fact]
    public async Task Matches_ChangedOffer_IsRankedWithItsNewCapacity()
    {
        var park = await app.ParkIdAsync();
        var needer = await app.LoginAsync("tenant2");
        var need = (await needer.CreatePostAsync(park, MarketplaceApi.Body("capacity_need", ["wire_harness"], 1000))).GetProperty("id").GetInt64();
        var tenant = await app.LoginAsync("tenant");
        var offerBody = MarketplaceApi.Body("capacity_offer", ["wire_harness"], 50);
        var offer = (await tenant.CreatePostAsync(park, offerBody)).GetProperty("id").GetInt64();
        Grade(await MatchesAsync(needer, need), offer).ShouldBe("WeakStandIn"); // 5 % of the need
        offerBody["quantity"] = 2000m;
        (await tenant.PutAsync($"/api/v1/posts/{offer}", System.Net.Http.Json.JsonContent.Create(offerBody, options: Demo.Json))).StatusCode.ShouldBe(HttpStatusCode.OK);
        Grade(await MatchesAsync(needer, need), offer).ShouldBe("FullyUsable");
    }

    [Fact]
    public async Task Matches_ParkOnlyOfferOfAnotherPark_IsNotAnAnswer_ButARegionWideOneIs()
    {
        var ca = await app.ParkIdAsync();
        var hm = await app.ParkIdAsync("DG-HM-01");
        var hmTenant = await app.LoginAsEnterpriseAsync(await app.FirstAdmittedAsync("DG-HM-01"));
        var parkOnly = (await hmTenant.CreatePostAsync(hm, MarketplaceApi.Body("capacity_offer", ["textile_printing"], 900, visibility: "Park"))).GetProperty("id").GetInt64();
        var regionWide = (await hmTenant.CreatePostAsync(hm, MarketplaceApi.Body("capacity_offer", ["textile_printing"], 900, visibility: "Region"))).GetProperty("id").GetInt64();
        var tenant = await app.LoginAsync("tenant");
        var need = (await tenant.CreatePostAsync(ca, MarketplaceApi.Body("capacity_need", ["textile_printing"], 500))).GetProperty("id").GetInt64();
        var ids = await tenant.MatchIdsAsync(need, 50);
        ids.ShouldContain(regionWide);
        ids.ShouldNotContain(parkOnly);
        // the other park's operator sees its own park-only post answer the region-wide question
        var op2 = await app.LoginAsync("operator2");
        (await op2.GetAsync($"/api/v1/posts/{need}")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "a park-only need of DG-CA-01 is not seen from DG-HM-01");
    }

    [Fact]
    public async Task Matches_OwnEnterprisesPosts_NeverAnswer()
    {
        var park = await app.ParkIdAsync();
        var tenant = await app.LoginAsync("tenant");
        var offer = (await tenant.CreatePostAsync(park, MarketplaceApi.Body("capacity_offer", ["coil_winding"], 900))).GetProperty("id").GetInt64();
        var need = (await tenant.CreatePostAsync(park, MarketplaceApi.Body("capacity_need", ["coil_winding"], 500))).GetProperty("id").GetInt64();
        (await tenant.MatchIdsAsync(need, 50)).ShouldNotContain(offer);
    }

    [Fact]
    public async Task Matches_Reasons_AreInTheReadersLanguage()
    {
        var park = await app.ParkIdAsync();
        var needer = await app.LoginAsync("tenant2");
        var need = (await needer.CreatePostAsync(park, MarketplaceApi.Body("capacity_need", ["conformal_coating"], 100))).GetProperty("id").GetInt64();
        var offer = (await (await app.LoginAsync("tenant")).CreatePostAsync(park, MarketplaceApi.Body("capacity_offer", ["conformal_coating"], 100))).GetProperty("id").GetInt64();
        var zh = (await MatchesAsync(needer, need)).Single(m => m.GetProperty("postId").GetInt64() == offer);
        zh.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).ShouldContain("具备所需能力：三防漆涂覆");
        needer.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));
        var en = (await MatchesAsync(needer, need)).Single(m => m.GetProperty("postId").GetInt64() == offer);
        en.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).ShouldContain("Has the asked capability: conformal coating");
        en.GetProperty("score").GetDouble().ShouldBeInRange(0, 1);
    }

    [Fact]
    public async Task Matches_TopOutOfRange_Gets400()
    {
        var tenant = await app.LoginAsync("tenant");
        var id = (await tenant.CreatePostAsync(await app.ParkIdAsync(), MarketplaceApi.Body())).GetProperty("id").GetInt64();
        await (await tenant.GetAsync($"/api/v1/posts/{id}/matches?top=0")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Validation", "top");
        await (await tenant.GetAsync($"/api/v1/posts/{id}/matches?top=1000")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Validation", "top");
    }

    private static async Task<List<JsonElement>> MatchesAsync(HttpClient client, long id)
    {
        var res = await client.GetAsync($"/api/v1/posts/{id}/matches?top=50");
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        return [.. (await res.JsonAsync()).EnumerateArray()];
    }

    private static string? Grade(List<JsonElement> matches, long id) => matches.Single(m => m.GetProperty("postId").GetInt64() == id).Str("grade");
}
