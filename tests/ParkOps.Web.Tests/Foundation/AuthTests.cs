using System.Net;
using System.Net.Http.Json;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Foundation;

[Collection(DemoCollection.Name)]
public sealed class AuthTests(ParkOpsFactory app)
{
    [Theory]
    [InlineData("admin")]
    [InlineData("operator")]
    [InlineData("gov")]
    [InlineData("tenant")]
    [InlineData("tenant2")]
    public async Task Login_DemoUser_ReturnsBearerToken(string user)
    {
        var res = await app.Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { userName = user, password = "ParkOps@2026" });
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await res.JsonAsync();
        body.GetProperty("accessToken").GetString().ShouldNotBeNullOrWhiteSpace();
        body.GetProperty("expiresIn").GetInt64().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Login_WrongPassword_Gives401ProblemDetails()
    {
        var res = await app.Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { userName = "operator", password = "wrong-password" });
        res.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        res.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task Api_WithoutToken_Gives401()
    {
        var res = await app.Anonymous().GetAsync("/api/v1/parks");
        res.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
