using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Marketplace;

/// <summary>
/// The trade lexicon as operators edit it: a phrase the platform admin adds is read in the very next match query; the
/// match reasons say in the reader's language what was read from the posts' text.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class LexiconTests(ParkOpsFactory app)
{
    private static object Entry(string capability, string? level = null, string? material = null) => new { capability, level, material, source = "测试园区车间叫法" };

    private static async Task<List<JsonElement>> MatchesAsync(HttpClient client, long id)
    {
        var res = await client.GetAsync($"/api/v1/posts/{id}/matches?top=100");
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        return [.. (await res.JsonAsync()).EnumerateArray()];
    }

    [Fact]
    public async Task Lexicon_OperatorAddsASynonym_TheNextQueryReadsIt()
    {
        var park = await app.ParkIdAsync();
        var needer = await app.LoginAsync("tenant2");
        // a shop-floor word the shipped lexicon does not know: the need names no capability and answers nothing yet
        var needBody = MarketplaceApi.Body("capacity_need", [], 100, title: "找烧红佬 一批轴");
        needBody["description"] = "急，月底要";
        var need = (await needer.CreatePostAsync(park, needBody)).GetProperty("id").GetInt64();
        var offer = (await (await app.LoginAsync("tenant")).CreatePostAsync(park, MarketplaceApi.Body("capacity_offer", ["heat_treatment"], 500))).GetProperty("id").GetInt64();
        (await MatchesAsync(needer, need)).ShouldBeEmpty();

        var admin = await app.LoginAsync("admin");
        var put = await admin.PutAsJsonAsync("/api/v1/matching/lexicon/烧红佬", Entry("heat_treatment"));
        put.StatusCode.ShouldBe(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());

        var after = await MatchesAsync(needer, need);
        var answer = after.Single(m => m.GetProperty("postId").GetInt64() == offer);
        answer.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).ShouldContain("从描述中识别出能力：热处理（烧红佬）");

        (await admin.DeleteAsync("/api/v1/matching/lexicon/烧红佬")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await MatchesAsync(needer, need)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Lexicon_AdminAddsAPhrase_EveryoneReadsItWithItsSource()
    {
        var admin = await app.LoginAsync("admin");
        (await admin.PutAsJsonAsync("/api/v1/matching/lexicon/ＣＮＣ佬", Entry("cnc", "generic"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var lexicon = await (await (await app.LoginAsync("tenant")).GetAsync("/api/v1/matching/lexicon")).JsonAsync();
        // stored as the lexicon reads it: full-width folded, Latin lower-cased
        var entry = lexicon.GetProperty("entries").EnumerateArray().Single(e => e.Str("phrase") == "cnc佬");
        (entry.Str("capability"), entry.Str("level"), entry.Str("source")).ShouldBe(("cnc", "generic", "测试园区车间叫法"));
        lexicon.GetProperty("builtinPhrases").GetInt32().ShouldBeGreaterThan(1000);
        lexicon.GetProperty("materials").EnumerateArray().Select(m => m.GetString()).ShouldContain("plastic");
    }

    [Fact]
    public async Task LexiconPage_AdminSeesEntriesAndTheForm_TenantSeesEntriesOnly()
    {
        var admin = await app.LoginAsync("admin");
        (await admin.PutAsJsonAsync("/api/v1/matching/lexicon/电脑锣佬", Entry("cnc"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = WebUtility.HtmlDecode(await (await app.CookieLoginAsync("admin")).GetStringAsync("/admin/lexicon"));
        page.ShouldContain("电脑锣佬");
        page.ShouldContain("添加说法");
        var tenantPage = WebUtility.HtmlDecode(await (await app.CookieLoginAsync("tenant")).GetStringAsync("/admin/lexicon"));
        tenantPage.ShouldContain("电脑锣佬");
        tenantPage.ShouldNotContain("添加说法");
    }

    [Theory]
    [InlineData("operator")]
    [InlineData("tenant")]
    [InlineData("gov")]
    public async Task Lexicon_EditedByAnyoneButTheAdmin_Gets403(string user) =>
        await (await (await app.LoginAsync(user)).PutAsJsonAsync("/api/v1/matching/lexicon/冲压佬", Entry("stamping")))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyPlatformAdminsEditLexicon");

    [Fact]
    public async Task Lexicon_UnknownCapability_Gets422NamingTheField() =>
        await (await (await app.LoginAsync("admin")).PutAsJsonAsync("/api/v1/matching/lexicon/瞬移佬", Entry("teleportation")))
            .ShouldBeProblemAsync((HttpStatusCode)422, "CapabilityMustBeKnown", "capability");

    [Fact]
    public async Task Lexicon_UnknownMaterial_Gets422NamingTheField() =>
        await (await (await app.LoginAsync("admin")).PutAsJsonAsync("/api/v1/matching/lexicon/压件", Entry("stamping", material: "wood")))
            .ShouldBeProblemAsync((HttpStatusCode)422, "LexiconMaterialMustBeKnown", "material");

    [Fact]
    public async Task Lexicon_UnknownLevel_Gets400NamingTheField() =>
        await (await (await app.LoginAsync("admin")).PutAsJsonAsync("/api/v1/matching/lexicon/压件", Entry("stamping", level: "sometimes")))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Validation", "level");

    [Fact]
    public async Task Matches_AnswerText_ReasonSaysWhatWasRead_InTheReadersLanguage()
    {
        var park = await app.ParkIdAsync();
        var needer = await app.LoginAsync("tenant2");
        var need = (await needer.CreatePostAsync(park, MarketplaceApi.Body("capacity_need", ["die_casting"], 100))).GetProperty("id").GetInt64();
        var offerBody = MarketplaceApi.Body("capacity_offer", ["die_casting"], 500);
        offerBody["description"] = "力劲280T压铸机3台，可带料";
        var offer = (await (await app.LoginAsync("tenant")).CreatePostAsync(park, offerBody)).GetProperty("id").GetInt64();
        var zh = (await MatchesAsync(needer, need)).Single(m => m.GetProperty("postId").GetInt64() == offer);
        zh.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).ShouldContain("对方文中写明 3台 力劲 280T 压铸机，可带料");
        needer.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));
        var en = (await MatchesAsync(needer, need)).Single(m => m.GetProperty("postId").GetInt64() == offer);
        en.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).ShouldContain("The answer's text says 3台 力劲 280T 压铸机, supplies the material");
    }
}
