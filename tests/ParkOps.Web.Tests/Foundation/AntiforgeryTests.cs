using System.Net;
using System.Net.Http.Json;
using System.Text;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Tests.Infrastructure;
using static ParkOps.Web.Tests.Foundation.FoundationApi;

namespace ParkOps.Web.Tests.Foundation;

/// <summary>
/// API writes that the console's cookie authenticates need the antiforgery token (header <c>RequestVerificationToken</c>),
/// because a browser sends its cookie with a request another site makes it send; bearer tokens need none.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class AntiforgeryTests(ParkOpsFactory app)
{
    private Task<int> EnterprisesNamedAsync(string name) =>
        app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Enterprises, e => e.Name == name));

    [Fact]
    public async Task ApiWrite_CookieWithoutToken_Gives400AndWritesNothing()
    {
        var browser = await CookieBrowser.SignInAsync(app, "operator");
        var park = await app.ParkIdAsync();
        var body = NewEnterprise();
        var res = await browser.SendAsync(HttpMethod.Post, $"/api/v1/parks/{park}/enterprises", Json(body));
        await res.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "AntiforgeryTokenRequired");
        (await EnterprisesNamedAsync(body["name"]!.GetValue<string>())).ShouldBe(0);
    }

    /// <summary>The probe's bypass: a form post (what a cross-site form sends) was rewritten to JSON and written.</summary>
    [Fact]
    public async Task ApiWrite_CookieFormPostWithoutToken_Gives400AndWritesNothing()
    {
        var browser = await CookieBrowser.SignInAsync(app, "operator");
        var park = await app.ParkIdAsync();
        var body = NewEnterprise();
        var res = await browser.SendAsync(HttpMethod.Post, $"/api/v1/parks/{park}/enterprises",
            new StringContent(body.ToJsonString(), Encoding.UTF8, "application/x-www-form-urlencoded"));
        await res.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "AntiforgeryTokenRequired");
        (await EnterprisesNamedAsync(body["name"]!.GetValue<string>())).ShouldBe(0);
    }

    [Fact]
    public async Task ApiWrite_CookieWithThePagesTokenInTheHeader_IsAccepted()
    {
        var browser = await CookieBrowser.SignInAsync(app, "operator");
        var park = await app.ParkIdAsync();
        var token = await browser.FormTokenAsync();
        var body = NewEnterprise();
        var res = await browser.SendAsync(HttpMethod.Post, $"/api/v1/parks/{park}/enterprises", Json(body), r => r.Headers.Add("RequestVerificationToken", token));
        res.StatusCode.ShouldBe(HttpStatusCode.Created, await res.Content.ReadAsStringAsync());
        (await EnterprisesNamedAsync(body["name"]!.GetValue<string>())).ShouldBe(1);
    }

    [Fact]
    public async Task ApiWrite_CookieWithAnotherUsersToken_Gives400()
    {
        var tenant = await CookieBrowser.SignInAsync(app, "tenant");
        var tenantsToken = await tenant.FormTokenAsync();
        var op = await CookieBrowser.SignInAsync(app, "operator");
        var park = await app.ParkIdAsync();
        var res = await op.SendAsync(HttpMethod.Post, $"/api/v1/parks/{park}/enterprises", Json(NewEnterprise()), r => r.Headers.Add("RequestVerificationToken", tenantsToken));
        await res.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "AntiforgeryTokenRequired");
    }

    [Theory]
    [InlineData("en", "The page has expired")]
    [InlineData("zh-CN", "页面已失效")]
    public async Task ApiWrite_CookieWithoutToken_ProblemIsInTheCallersLanguage(string language, string title)
    {
        var browser = await CookieBrowser.SignInAsync(app, "operator");
        var res = await browser.SendAsync(HttpMethod.Post, "/api/v1/auth/logout", null, r => r.Headers.AcceptLanguage.ParseAdd(language));
        var problem = await res.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "AntiforgeryTokenRequired");
        problem.Str("title").ShouldBe(title);
        (await browser.SendAsync(HttpMethod.Get, "/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK, "the refused sign-out changed nothing");
    }

    /// <summary>Reading with the cookie stays as it was: the console's own script polls the bill run's progress that way.</summary>
    [Fact]
    public async Task ApiRead_CookieWithoutToken_IsAnswered()
    {
        var browser = await CookieBrowser.SignInAsync(app, "operator");
        var park = await app.ParkIdAsync();
        (await browser.SendAsync(HttpMethod.Get, $"/api/v1/parks/{park}/bill-runs/progress")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ApiWrite_BearerToken_NeedsNoAntiforgeryToken()
    {
        var op = await app.LoginAsync("operator");
        var park = await app.ParkIdAsync();
        var res = await op.PostAsJsonAsync($"/api/v1/parks/{park}/enterprises", NewEnterprise());
        res.StatusCode.ShouldBe(HttpStatusCode.Created, await res.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ApiWrite_CookieAndTokenLogout_EndsTheConsoleSession()
    {
        var browser = await CookieBrowser.SignInAsync(app, "tenant2");
        var copied = browser.AuthCookie;
        var token = await browser.FormTokenAsync();
        (await browser.SendAsync(HttpMethod.Post, "/api/v1/auth/logout", null, r => r.Headers.Add("RequestVerificationToken", token))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await CookieBrowser.For(app).SendAsync(HttpMethod.Get, "/api/v1/auth/me", with: r => r.Headers.Add("Cookie", copied))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
