using System.Net;
using System.Net.Http.Json;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Marketplace;

/// <summary>
/// The capability taxonomy every park shares is the platform admin's to edit; a park's operators add local entries
/// of their park, seen there only and used by that park's posts and matching, never another park's.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class TaxonomyTests(ParkOpsFactory app)
{
    private static int _n = Environment.TickCount & 0xFFFF;

    private static string NewCode(string prefix) => $"{prefix}_{Interlocked.Increment(ref _n)}";

    private static object Entry(string zh, string en, params string[] related) => new { nameZh = zh, nameEn = en, category = "local", unit = "件/日", related };

    private static async Task<List<string>> CodesAsync(HttpClient client, string query = "") =>
        (await (await client.GetAsync("/api/v1/capabilities" + query)).JsonAsync()).EnumerateArray().Select(c => c.Str("code")!).ToList();

    [Theory]
    [InlineData("operator")]
    [InlineData("operator2")]
    [InlineData("tenant")]
    [InlineData("gov")]
    public async Task SharedTaxonomy_EditedByAnyoneButTheAdmin_Gets403AndChangesNothing(string user)
    {
        var before = await (await (await app.LoginAsync("admin")).GetAsync("/api/v1/capabilities")).Content.ReadAsStringAsync();
        await (await (await app.LoginAsync(user)).PutAsJsonAsync("/api/v1/capabilities/smt", Entry("贴片改名", "renamed")))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyPlatformAdminsEditSharedTaxonomy");
        await (await (await app.LoginAsync(user)).PutAsJsonAsync($"/api/v1/capabilities/{NewCode("shared")}", Entry("新工艺", "new process")))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyPlatformAdminsEditSharedTaxonomy");
        (await (await (await app.LoginAsync("admin")).GetAsync("/api/v1/capabilities")).Content.ReadAsStringAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task SharedTaxonomy_AdminAddsAnEntry_EveryParkSeesItWithItsRelatedPair()
    {
        var code = NewCode("shared");
        var res = await (await app.LoginAsync("admin")).PutAsJsonAsync($"/api/v1/capabilities/{code}", Entry("共享新工艺", "shared process", "sheet_metal"));
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        foreach (var user in new[] { "operator", "operator2", "tenant" })
        {
            var caps = await (await (await app.LoginAsync(user)).GetAsync("/api/v1/capabilities")).JsonAsync();
            var entry = caps.EnumerateArray().Single(c => c.Str("code") == code);
            entry.GetProperty("parkId").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
            caps.EnumerateArray().Single(c => c.Str("code") == "sheet_metal").GetProperty("related").EnumerateArray().Select(r => r.GetString()).ShouldContain(code);
        }
    }

    [Fact]
    public async Task SharedTaxonomy_AdminGivesABadCode_Gets400NamingTheCode() =>
        await (await (await app.LoginAsync("admin")).PutAsJsonAsync("/api/v1/capabilities/Bad Code!", Entry("x", "x")))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Validation", "code");

    [Fact]
    public async Task LocalEntry_OperatorAddsOne_SeenInItsParkOnlyAndUsedByItsPostsOnly()
    {
        var ca = await app.ParkIdAsync();
        var hm = await app.ParkIdAsync("DG-HM-01");
        var code = NewCode("local");
        var op = await app.LoginAsync("operator");
        var res = await op.PutAsJsonAsync($"/api/v1/parks/{ca}/capabilities/{code}", Entry("本园激光打标" + code[^4..], "laser marking " + code, "smt"));
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        (await res.JsonAsync()).GetProperty("parkId").GetInt64().ShouldBe(ca);

        (await CodesAsync(op)).ShouldContain(code);
        (await CodesAsync(await app.LoginAsync("tenant"))).ShouldContain(code);
        (await CodesAsync(await app.LoginAsync("operator2"))).ShouldNotContain(code);
        (await CodesAsync(await app.LoginAsync("operator2"), $"?parkId={hm}")).ShouldNotContain(code);
        (await CodesAsync(op, $"?parkId={ca}")).ShouldContain(code);
        (await op.GetAsync($"/api/v1/capabilities?parkId={hm}")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "a park the caller does not see");
        // the shared entry it relates to names it for the park that sees it, and for nobody else
        var smtForCa = (await (await op.GetAsync("/api/v1/capabilities")).JsonAsync()).EnumerateArray().Single(c => c.Str("code") == "smt");
        smtForCa.GetProperty("related").EnumerateArray().Select(r => r.GetString()).ShouldContain(code);
        var smtForHm = (await (await (await app.LoginAsync("operator2")).GetAsync("/api/v1/capabilities")).JsonAsync()).EnumerateArray().Single(c => c.Str("code") == "smt");
        smtForHm.GetProperty("related").EnumerateArray().Select(r => r.GetString()).ShouldNotContain(code);

        await (await app.LoginAsync("tenant")).CreatePostAsync(ca, MarketplaceApi.Body(capabilities: [code]));
        var hmTenant = await app.LoginAsEnterpriseAsync(await app.FirstAdmittedAsync("DG-HM-01"));
        await (await hmTenant.PostAsJsonAsync($"/api/v1/parks/{hm}/posts", MarketplaceApi.Body(capabilities: [code]), Demo.Json))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "CapabilityMustBeKnown", "capabilities[0]");
    }

    [Fact]
    public async Task LocalEntry_NamedInAPostsText_IsReadForThatParkOnly()
    {
        var ca = await app.ParkIdAsync();
        var hm = await app.ParkIdAsync("DG-HM-01");
        var code = NewCode("local");
        var name = "超声波焊接" + code[^4..];
        var op = await app.LoginAsync("operator");
        (await op.PutAsJsonAsync($"/api/v1/parks/{ca}/capabilities/{code}", Entry(name, "ultrasonic welding " + code))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var tenant = await app.LoginAsync("tenant");
        var tenant2 = await app.LoginAsync("tenant2");
        // two posts without codes: the engine reads the process from the text
        var offer = (await tenant.CreatePostAsync(ca, MarketplaceApi.Body("capacity_offer", [], 500, title: $"{name}产能富余"))).GetProperty("id").GetInt64();
        var need = (await tenant2.CreatePostAsync(ca, MarketplaceApi.Body("capacity_need", [], 200, title: $"寻找{name}外协"))).GetProperty("id").GetInt64();
        var matches = (await (await tenant2.GetAsync($"/api/v1/posts/{need}/matches?top=50")).JsonAsync()).EnumerateArray().ToList();
        var hit = matches.Single(m => m.GetProperty("postId").GetInt64() == offer);
        hit.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ShouldContain(r => r.Contains(name));
        // the same text in the other park names no capability of DG-CA-01: its region-wide need is not answered by it
        var hmTenant = await app.LoginAsEnterpriseAsync(await app.FirstAdmittedAsync("DG-HM-01"));
        var hmNeed = (await hmTenant.CreatePostAsync(hm, MarketplaceApi.Body("capacity_need", [], 200, visibility: "Region", title: $"寻找{name}外协"))).GetProperty("id").GetInt64();
        var regionOffer = (await tenant.CreatePostAsync(ca, MarketplaceApi.Body("capacity_offer", [code], 500, visibility: "Region"))).GetProperty("id").GetInt64();
        (await hmTenant.MatchIdsAsync(hmNeed, 50)).ShouldNotContain(regionOffer);
    }

    [Fact]
    public async Task LocalEntry_OtherParksOperatorOrATenant_Gets404Or403AndNothingIsAdded()
    {
        var ca = await app.ParkIdAsync();
        var code = NewCode("local");
        await (await (await app.LoginAsync("operator2")).PutAsJsonAsync($"/api/v1/parks/{ca}/capabilities/{code}", Entry("外园工艺", "other park")))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await (await app.LoginAsync("tenant")).PutAsJsonAsync($"/api/v1/parks/{ca}/capabilities/{code}", Entry("企业工艺", "tenant")))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyOperatorsMayWrite");
        (await CodesAsync(await app.LoginAsync("admin"))).ShouldNotContain(code);
    }

    [Fact]
    public async Task LocalEntry_CodeOfASharedEntryOrOfAnotherParksEntry_Gets409()
    {
        var ca = await app.ParkIdAsync();
        var hm = await app.ParkIdAsync("DG-HM-01");
        await (await (await app.LoginAsync("operator")).PutAsJsonAsync($"/api/v1/parks/{ca}/capabilities/smt", Entry("贴片", "smt")))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "CapabilityCodeMustBeUnique", "code");
        var code = NewCode("local");
        (await (await app.LoginAsync("operator2")).PutAsJsonAsync($"/api/v1/parks/{hm}/capabilities/{code}", Entry("面料工艺", "fabric " + code))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await (await app.LoginAsync("operator")).PutAsJsonAsync($"/api/v1/parks/{ca}/capabilities/{code}", Entry("同名", "same")))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "CapabilityCodeMustBeUnique", "code");
        // nor may the admin turn a park's entry into a shared one through the shared route
        await (await (await app.LoginAsync("admin")).PutAsJsonAsync($"/api/v1/capabilities/{code}", Entry("改为共享", "shared")))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "CapabilityCodeMustBeUnique", "code");
    }

    [Fact]
    public async Task LocalEntry_RelatedToAnotherParksEntry_Gets422()
    {
        var ca = await app.ParkIdAsync();
        var hm = await app.ParkIdAsync("DG-HM-01");
        var theirs = NewCode("local");
        (await (await app.LoginAsync("operator2")).PutAsJsonAsync($"/api/v1/parks/{hm}/capabilities/{theirs}", Entry("虎门工艺", "hm " + theirs))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await (await app.LoginAsync("operator")).PutAsJsonAsync($"/api/v1/parks/{ca}/capabilities/{NewCode("local")}", Entry("长安工艺", "ca", theirs)))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "CapabilityMustBeKnown", "related[0]");
    }
}
