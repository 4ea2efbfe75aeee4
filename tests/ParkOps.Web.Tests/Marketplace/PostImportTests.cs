using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Marketplace;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Marketplace;

/// <summary>Judged-set import (parkops-marketplace-judged/1): all or nothing, and the imported posts are matchable at once.</summary>
public sealed class PostImportTests : IClassFixture<ParkOpsFactory>
{
    private readonly ParkOpsFactory _app;
    public PostImportTests(ParkOpsFactory app) => _app = app;

    private static string Sample() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Marketplace", "matching-sample.json"));

    private Task<int> PostCountAsync() => _app.WithDbAsync(db => db.Posts.IgnoreQueryFilters().CountAsync());

    private async Task<HttpResponseMessage> ImportAsync(string user, string json, string park = "DG-HM-01") =>
        await (await _app.LoginAsync(user)).PostAsync($"/api/v1/parks/{await _app.ParkIdAsync(park)}/posts:import", new StringContent(json, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task Import_Sample_WritesEveryPostAndQuery_AndAQueryFindsItsJudgedBest()
    {
        var res = await ImportAsync("operator2", Sample());
        var text = await res.Content.ReadAsStringAsync();
        res.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        var result = JsonDocument.Parse(text).RootElement;
        result.GetProperty("posts").GetInt32().ShouldBe(60);
        result.GetProperty("queries").GetInt32().ShouldBe(16);
        var ids = result.GetProperty("ids");
        // N100 asks in words only (寻找数控加工外协, 2000 件/日): O1012 is judged fully usable, O1005 a weak stand-in
        var matches = await (await (await _app.LoginAsync("operator2")).GetAsync($"/api/v1/posts/{ids.GetProperty("N100").GetInt64()}/matches?top=10")).JsonAsync();
        var ranked = matches.EnumerateArray().Select(m => m.GetProperty("post").Str("externalRef")).ToList();
        ranked.First().ShouldBe("O1012");
        ranked.ShouldContain("O1005");
        ranked.IndexOf("O1005").ShouldBeGreaterThan(ranked.IndexOf("O1012"));

        // importing the same ids again is refused whole
        var before = await PostCountAsync();
        await (await ImportAsync("operator2", Sample())).ShouldBeProblemAsync(HttpStatusCode.Conflict, "ImportedPostMustBeNew", "posts[0].id");
        (await PostCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Import_QueryJudgingAnUnknownPost_Gets422AndImportsNothing()
    {
        var doc = JsonNode.Parse(Sample())!;
        var q = doc["queries"]![2]!;
        q["judgments"]!.AsObject()["O9999"] = 3;
        var before = await PostCountAsync();
        var enterprises = await _app.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters().CountAsync());
        var problem = await (await ImportAsync("operator", doc.ToJsonString(), "DG-CA-01")).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "JudgedSetMustBeValid", "queries[2].judgments.O9999");
        problem.Str("detail")!.ShouldContain("O9999");
        (await PostCountAsync()).ShouldBe(before);
        (await _app.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters().CountAsync())).ShouldBe(enterprises);
    }

    [Fact]
    public async Task Import_UnknownCapabilityInTheLastPost_Gets422AndImportsNothing()
    {
        var doc = JsonNode.Parse(Sample())!;
        var posts = doc["posts"]!.AsArray();
        posts[^1]!["capabilities"] = new JsonArray("quantum_welding");
        var before = await PostCountAsync();
        await (await ImportAsync("operator", doc.ToJsonString(), "DG-CA-01"))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "CapabilityMustBeKnown", $"posts[{posts.Count - 1}].capabilities[0]");
        (await PostCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Import_WindowEndingBeforeItStarts_Gets422NamingThePost()
    {
        var doc = JsonNode.Parse(Sample())!;
        doc["posts"]![3]!["from"] = "2026-12-20";
        doc["posts"]![3]!["to"] = "2026-12-01";
        await (await ImportAsync("operator", doc.ToJsonString(), "DG-CA-01")).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "JudgedSetMustBeValid", "posts[3].to");
    }

    [Fact]
    public async Task Import_NotJson_Gets422()
    {
        await (await ImportAsync("operator", "{ not json", "DG-CA-01")).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "JudgedSetMustBeValid");
    }

    [Fact]
    public async Task Import_ByATenant_Gets403AndImportsNothing()
    {
        var before = await PostCountAsync();
        await (await ImportAsync("tenant", Sample(), "DG-CA-01")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await PostCountAsync()).ShouldBe(before);
    }
}
