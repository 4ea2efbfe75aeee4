using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Features.Users;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Foundation;

/// <summary>
/// What only the platform admin may do answers everyone else 403 with a rule that says so (not a rule about something
/// else), before the input is looked at, in the caller's language, and changes nothing.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class AdminOnlyTests(ParkOpsFactory app)
{
    private static HttpRequestMessage English(HttpMethod method, string path, object? body)
    {
        var req = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        req.Headers.TryAddWithoutValidation("Accept-Language", "en");
        return req;
    }

    [Theory]
    [InlineData("operator")]
    [InlineData("gov")]
    [InlineData("tenant")]
    [InlineData("partner")]
    public async Task CreatePark_ByAnyoneButTheAdmin_Gets403OnlyPlatformAdminsCreateParks(string user)
    {
        var client = await app.LoginAsync(user);
        var before = await app.WithDbAsync(db => db.Parks.IgnoreQueryFilters().CountAsync());
        var body = new { regionId = 1, name = "越权园区", code = "NOPE-" + user, landMu = 10 };
        var zh = await (await client.PostAsJsonAsync("/api/v1/parks", body)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyPlatformAdminsCreateParks");
        zh.Str("detail").ShouldBe("只有平台管理员可以创建园区");
        var en = await (await client.SendAsync(English(HttpMethod.Post, "/api/v1/parks", body))).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyPlatformAdminsCreateParks");
        en.Str("detail").ShouldBe("Only platform admins may create parks");
        // an invalid body gets the same answer: who may ask is settled before what is asked
        await (await client.PostAsJsonAsync("/api/v1/parks", new { regionId = 1, name = "", code = "?" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyPlatformAdminsCreateParks");
        (await app.WithDbAsync(db => db.Parks.IgnoreQueryFilters().CountAsync())).ShouldBe(before);
    }

    [Theory]
    [InlineData("operator")]
    [InlineData("gov")]
    public async Task CreateRegion_ByAnyoneButTheAdmin_Gets403OnlyPlatformAdminsManageRegions(string user)
    {
        var res = await (await app.LoginAsync(user)).SendAsync(English(HttpMethod.Post, "/api/v1/regions", new { name = "越权区", code = "990001", level = "County" }));
        (await res.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyPlatformAdminsManageRegions")).Str("detail").ShouldBe("Only platform admins may create regions or change their settings");
    }

    [Theory]
    [InlineData("activate")]
    [InlineData("deactivate")]
    public async Task SetUserActive_ByAnOperator_Gets403OnlyPlatformAdminsManageAccounts(string action)
    {
        var tenant = await app.WithDbAsync(db => db.Users.Where(u => u.UserName == "tenant").Select(u => u.Id).SingleAsync());
        await (await (await app.LoginAsync("operator")).PostAsync($"/api/v1/users/{tenant}/{action}", null))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyPlatformAdminsManageAccounts");
        (await app.WithDbAsync(db => db.Users.Where(u => u.Id == tenant).Select(u => u.IsActive).SingleAsync())).ShouldBeTrue();
    }

    [Theory]
    [InlineData("gov")]
    [InlineData("tenant")]
    [InlineData("contractor")]
    public async Task Accounts_ReadOrCreatedByNeitherAdminNorOperator_Gets403BeforeTheInputIsRead(string user)
    {
        var client = await app.LoginAsync(user);
        await (await client.GetAsync("/api/v1/users")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyAdminsAndOperatorsManageAccounts");
        await (await client.PostAsJsonAsync("/api/v1/users", new { userName = "", password = "x", role = "PlatformAdmin" }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyAdminsAndOperatorsManageAccounts");
    }
}
