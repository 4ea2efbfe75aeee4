using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Features.Marketplace;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Marketplace;

/// <summary>Posts through the API: writing, bad input, lifecycle and who sees what.</summary>
[Collection(DemoCollection.Name)]
public sealed class PostTests(ParkOpsFactory app)
{
    private Task<int> PostCountAsync() => app.WithDbAsync(db => db.Posts.IgnoreQueryFilters().CountAsync());

    [Fact]
    public async Task Post_TenantWritesAnOffer_IsReadableAndInTheParkList()
    {
        var park = await app.ParkIdAsync();
        var tenant = await app.LoginAsync("tenant");
        var created = await tenant.CreatePostAsync(park, MarketplaceApi.Body(capabilities: ["smt", "dip"]));
        created.Str("state").ShouldBe("Open");
        created.Str("kind").ShouldBe("capacity_offer");
        created.GetProperty("enterpriseId").GetInt64().ShouldBe(await app.EnterpriseOfAsync("tenant"));
        var id = created.GetProperty("id").GetInt64();
        var read = await (await tenant.GetAsync($"/api/v1/posts/{id}")).JsonAsync();
        read.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()).ShouldBe(["smt", "dip"]);
        var list = await (await (await app.LoginAsync("operator")).GetAsync($"/api/v1/parks/{park}/posts?kind=capacity_offer&capability=dip&pageSize=500")).JsonAsync();
        list.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetInt64()).ShouldContain(id);
    }

    [Fact]
    public async Task Post_UnknownCapabilityCode_Gets422NamingTheCodeAndWritesNothing()
    {
        var before = await PostCountAsync();
        var res = await (await app.LoginAsync("tenant")).PostAsJsonAsync($"/api/v1/parks/{await app.ParkIdAsync()}/posts", MarketplaceApi.Body(capabilities: ["smt", "laser_magic"]), Demo.Json);
        var problem = await res.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "CapabilityMustBeKnown", "capabilities[1]");
        problem.Str("detail")!.ShouldContain("laser_magic");
        (await PostCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Post_WindowEndsBeforeItStarts_Gets422OnTo()
    {
        var body = MarketplaceApi.Body();
        (body["from"], body["to"]) = (MarketplaceApi.Today.AddDays(20), MarketplaceApi.Today.AddDays(10));
        var res = await (await app.LoginAsync("tenant")).PostAsJsonAsync($"/api/v1/parks/{await app.ParkIdAsync()}/posts", body, Demo.Json);
        await res.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "PostWindowMustNotEndBeforeItStarts", "to");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public async Task Post_QuantityNotPositive_Gets422OnQuantity(int quantity)
    {
        var res = await (await app.LoginAsync("tenant")).PostAsJsonAsync($"/api/v1/parks/{await app.ParkIdAsync()}/posts", MarketplaceApi.Body(quantity: quantity), Demo.Json);
        await res.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "PostQuantityMustBePositive", "quantity");
    }

    [Fact]
    public async Task Post_OneMegabyteDescription_Gets400OnDescriptionAndWritesNothing()
    {
        var before = await PostCountAsync();
        var body = MarketplaceApi.Body();
        body["description"] = new string('协', 1024 * 1024);
        var res = await (await app.LoginAsync("tenant")).PostAsJsonAsync($"/api/v1/parks/{await app.ParkIdAsync()}/posts", body, Demo.Json);
        (await res.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Validation", "description")).ErrorsFor("description").ShouldNotBeEmpty();
        (await PostCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Post_UnknownKind_Gets422OnKind()
    {
        var res = await (await app.LoginAsync("tenant")).PostAsJsonAsync($"/api/v1/parks/{await app.ParkIdAsync()}/posts", MarketplaceApi.Body(kind: "bargain"), Demo.Json);
        await res.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "PostKindMustBeKnown", "kind");
    }

    [Fact]
    public async Task Post_TenantWritesForAnotherEnterprise_Gets403()
    {
        var body = MarketplaceApi.Body();
        body["enterpriseId"] = await app.EnterpriseOfAsync("tenant2");
        var res = await (await app.LoginAsync("tenant")).PostAsJsonAsync($"/api/v1/parks/{await app.ParkIdAsync()}/posts", body, Demo.Json);
        await res.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyOwnerMayChangePost");
    }

    [Fact]
    public async Task Post_Draft_IsPrivateToItsEnterprise()
    {
        var park = await app.ParkIdAsync();
        var tenant = await app.LoginAsync("tenant");
        var id = (await tenant.CreatePostAsync(park, MarketplaceApi.Body(publish: false))).GetProperty("id").GetInt64();
        (await tenant.GetAsync($"/api/v1/posts/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        foreach (var other in new[] { "tenant2", "operator", "gov" })
        {
            var client = await app.LoginAsync(other);
            (await client.GetAsync($"/api/v1/posts/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound, other);
            var list = await (await client.GetAsync($"/api/v1/parks/{park}/posts?state=Draft&pageSize=500")).JsonAsync();
            list.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetInt64()).ShouldNotContain(id, other);
        }
    }

    [Fact]
    public async Task Post_ParkOnlyPost_IsInvisibleToATenantOfAnotherPark_ButARegionPostIsVisible()
    {
        var ca = await app.ParkIdAsync();
        var tenant = await app.LoginAsync("tenant");
        var parkOnly = (await tenant.CreatePostAsync(ca, MarketplaceApi.Body(visibility: "Park"))).GetProperty("id").GetInt64();
        var regionWide = (await tenant.CreatePostAsync(ca, MarketplaceApi.Body(visibility: "Region"))).GetProperty("id").GetInt64();
        var hmTenant = await app.LoginAsEnterpriseAsync(await app.FirstAdmittedAsync("DG-HM-01"));
        (await hmTenant.GetAsync($"/api/v1/posts/{parkOnly}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await hmTenant.GetAsync($"/api/v1/posts/{regionWide}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var hm = await app.ParkIdAsync("DG-HM-01");
        var region = await (await hmTenant.GetAsync($"/api/v1/parks/{hm}/posts?scope=region&pageSize=500")).JsonAsync();
        var ids = region.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetInt64()).ToList();
        ids.ShouldContain(regionWide);
        ids.ShouldNotContain(parkOnly);
        // the other park's list itself stays out of reach
        (await hmTenant.GetAsync($"/api/v1/parks/{ca}/posts")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Post_Lifecycle_DraftPublishCloseThenNoReopen()
    {
        var tenant = await app.LoginAsync("tenant");
        var id = (await tenant.CreatePostAsync(await app.ParkIdAsync(), MarketplaceApi.Body(publish: false))).GetProperty("id").GetInt64();
        (await (await tenant.PostAsync($"/api/v1/posts/{id}/publish", null)).JsonAsync()).Str("state").ShouldBe("Open");
        (await (await tenant.PostAsync($"/api/v1/posts/{id}/match", null)).JsonAsync()).Str("state").ShouldBe("Matched");
        (await (await tenant.PostAsync($"/api/v1/posts/{id}/reopen", null)).JsonAsync()).Str("state").ShouldBe("Open");
        (await (await tenant.PostAsync($"/api/v1/posts/{id}/close", null)).JsonAsync()).Str("state").ShouldBe("Closed");
        await (await tenant.PostAsync($"/api/v1/posts/{id}/publish", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "PostTransitionMustBeAllowed");
        var body = MarketplaceApi.Body();
        await (await tenant.PutAsJsonAsync($"/api/v1/posts/{id}", body, Demo.Json)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "PostMustBeEditable");
    }

    [Fact]
    public async Task Post_AnotherTenantChangesIt_Gets403()
    {
        var id = (await (await app.LoginAsync("tenant")).CreatePostAsync(await app.ParkIdAsync(), MarketplaceApi.Body())).GetProperty("id").GetInt64();
        var other = await app.LoginAsync("tenant2");
        await (await other.PostAsync($"/api/v1/posts/{id}/close", null)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyOwnerMayChangePost");
        await (await other.PutAsJsonAsync($"/api/v1/posts/{id}", MarketplaceApi.Body(), Demo.Json)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyOwnerMayChangePost");
    }

    [Fact]
    public async Task Capability_OperatorAddsALocalOne_PostsOfTheParkMayUseItAndTenantsMayNotEdit()
    {
        var park = await app.ParkIdAsync();
        var op = await app.LoginAsync("operator");
        var res = await op.PutAsJsonAsync($"/api/v1/parks/{park}/capabilities/laser_cutting", new { nameZh = "激光切割", nameEn = "laser cutting", category = "metal", unit = "件/日", related = new[] { "sheet_metal" } }, Demo.Json);
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        var caps = await (await op.GetAsync("/api/v1/capabilities")).JsonAsync();
        var sheet = caps.EnumerateArray().Single(c => c.Str("code") == "sheet_metal");
        sheet.GetProperty("related").EnumerateArray().Select(r => r.GetString()).ShouldContain("laser_cutting");
        var tenant = await app.LoginAsync("tenant");
        await tenant.CreatePostAsync(park, MarketplaceApi.Body(capabilities: ["laser_cutting"]));
        await (await tenant.PutAsJsonAsync("/api/v1/capabilities/smt", new { nameZh = "贴片", nameEn = "smt" }, Demo.Json))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyPlatformAdminsEditSharedTaxonomy");
        await (await op.PutAsJsonAsync($"/api/v1/parks/{park}/capabilities/Bad Code!", new { nameZh = "x", nameEn = "x" }, Demo.Json))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Validation", "code");
    }
}
