using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ParkOps.Web.Features.Auth;
using ParkOps.Web.Features.Users;
using ParkOps.Web.Tests.Infrastructure;
using static ParkOps.Web.Tests.Foundation.FoundationApi;

namespace ParkOps.Web.Tests.Foundation;

/// <summary>
/// Sessions that end: signing out (the API's bearer token, the console's cookie) is refused from the next request on,
/// by every app process on the database, and a copy of the cookie or token made before does not bring it back.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class SessionTests(ParkOpsFactory app)
{
    private static HttpClient WithToken(HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static string TokenOf(HttpClient client) => client.DefaultRequestHeaders.Authorization!.Parameter!;

    private Task<int> SessionsOfAsync(string user) =>
        app.WithDbAsync(db => db.Set<UserSession>().CountAsync(s => db.Set<User>().Any(u => u.Id == s.UserId && u.UserName == user)));

    [Fact]
    public async Task Logout_BearerToken_IsRefusedFromTheNextRequestOn()
    {
        var client = await app.LoginAsync("operator");
        (await client.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.PostAsync("/api/v1/auth/logout", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await client.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await client.GetAsync("/api/v1/parks")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await client.PostAsync("/api/v1/auth/logout", null)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Logout_OneOfTwoSignIns_TheOtherStaysSignedIn()
    {
        var phone = await app.LoginAsync("tenant");
        var laptop = await app.LoginAsync("tenant");
        (await phone.PostAsync("/api/v1/auth/logout", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await phone.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await laptop.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Logout_OnOneProcess_TheTokenIsRefusedAtOnceByAnother()
    {
        var second = new SecondProcessFactory(app);
        try
        {
            var token = TokenOf(await app.LoginAsync("gov"));
            var there = WithToken(second.Anonymous(), token);
            (await there.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK, "the token works on both processes");
            (await WithToken(app.Anonymous(), token).PostAsync("/api/v1/auth/logout", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
            (await there.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }
        finally { await ((IAsyncLifetime)second).DisposeAsync(); }
    }

    /// <summary>Deactivation counted only after the other process's 30-second scope cache before; now at once.</summary>
    [Fact]
    public async Task Deactivate_OnOneProcess_TheAccountIsRefusedAtOnceByAnother()
    {
        var second = new SecondProcessFactory(app);
        try
        {
            var admin = await app.LoginAsync("admin");
            var name = Unique("leaver_");
            var id = await admin.CreateUserAsync(name, "Leaving12345x");
            var there = WithToken(second.Anonymous(), TokenOf(await app.LoginAsync(name, "Leaving12345x")));
            (await there.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await admin.PostAsync($"/api/v1/users/{id}/deactivate", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
            (await there.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }
        finally { await ((IAsyncLifetime)second).DisposeAsync(); }
    }

    [Fact]
    public async Task ConsoleLogout_WithTheFormsToken_EndsTheSessionEvenForACopiedCookie()
    {
        var browser = await CookieBrowser.SignInAsync(app, "operator");
        var copied = browser.AuthCookie;
        var token = await browser.FormTokenAsync();
        var res = await browser.SendAsync(HttpMethod.Post, "/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        res.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        res.Headers.Location!.OriginalString.ShouldBe("/login");
        browser.Cookies.ShouldNotContainKey("parkops.auth", "the browser is told to drop the cookie");

        var thief = CookieBrowser.For(app);
        var me = await thief.SendAsync(HttpMethod.Get, "/api/v1/auth/me", with: r => r.Headers.Add("Cookie", copied));
        me.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var page = await thief.SendAsync(HttpMethod.Get, "/users", with: r => r.Headers.Add("Cookie", copied));
        page.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        page.Headers.Location!.AbsolutePath.ShouldBe("/login");
    }

    [Fact]
    public async Task ConsoleLogout_WithoutTheFormsToken_Gives400AndTheSessionStays()
    {
        var browser = await CookieBrowser.SignInAsync(app, "operator");
        var res = await browser.SendAsync(HttpMethod.Post, "/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>()));
        await res.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "AntiforgeryTokenRequired");
        (await browser.SendAsync(HttpMethod.Get, "/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ConsoleLogout_OnOneProcess_TheCookieIsRefusedAtOnceByAnother()
    {
        var second = new SecondProcessFactory(app);
        try
        {
            var browser = await CookieBrowser.SignInAsync(app, "tenant2");
            var copied = browser.AuthCookie;
            var there = CookieBrowser.For(second);
            (await there.SendAsync(HttpMethod.Get, "/api/v1/auth/me", with: r => r.Headers.Add("Cookie", copied))).StatusCode.ShouldBe(HttpStatusCode.OK);
            var token = await browser.FormTokenAsync();
            (await browser.SendAsync(HttpMethod.Post, "/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token })))
                .StatusCode.ShouldBe(HttpStatusCode.Redirect);
            (await there.SendAsync(HttpMethod.Get, "/api/v1/auth/me", with: r => r.Headers.Add("Cookie", copied))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }
        finally { await ((IAsyncLifetime)second).DisposeAsync(); }
    }

    [Fact]
    public async Task ConsoleLogout_NotSignedIn_GoesToTheSignInPage()
    {
        var res = await CookieBrowser.For(app).SendAsync(HttpMethod.Post, "/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>()));
        res.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        res.Headers.Location!.AbsolutePath.ShouldBe("/login");
    }

    /// <summary>Tokens and cookies issued before sessions existed carry no session id: they sign in nobody.</summary>
    [Fact]
    public async Task Token_IssuedWithoutASession_Gives401()
    {
        var options = app.Services.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(BearerTokenDefaults.AuthenticationScheme);
        var token = options.BearerTokenProtector.Protect(await OldStyleTicketAsync("operator", BearerTokenDefaults.AuthenticationScheme));
        (await WithToken(app.Anonymous(), token).GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Cookie_IssuedWithoutASession_GoesBackToSignIn()
    {
        var options = app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);
        var cookie = "parkops.auth=" + options.TicketDataFormat.Protect(await OldStyleTicketAsync("operator", CookieAuthenticationDefaults.AuthenticationScheme));
        var b = CookieBrowser.For(app);
        (await b.SendAsync(HttpMethod.Get, "/api/v1/auth/me", with: r => r.Headers.Add("Cookie", cookie))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var page = await b.SendAsync(HttpMethod.Get, "/users", with: r => r.Headers.Add("Cookie", cookie));
        page.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        page.Headers.Location!.AbsolutePath.ShouldBe("/login");
    }

    /// <summary>What the sign-in wrote before this change: the account's id and name, no session.</summary>
    private async Task<AuthenticationTicket> OldStyleTicketAsync(string user, string scheme)
    {
        var id = await app.WithDbAsync(db => db.Users.Where(u => u.UserName == user).Select(u => u.Id).SingleAsync());
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, id.ToString()), new Claim(ClaimTypes.Name, user), new Claim("display_name", user)], scheme));
        var now = DateTimeOffset.UtcNow;
        return new AuthenticationTicket(principal, new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now.AddHours(1) }, scheme);
    }

    [Fact]
    public async Task Login_EachSignIn_OpensOneSessionAndLogoutClosesIt()
    {
        var before = await SessionsOfAsync("partner");
        var client = await app.LoginAsync("partner");
        (await SessionsOfAsync("partner")).ShouldBe(before + 1);
        await client.PostAsync("/api/v1/auth/logout", null);
        (await SessionsOfAsync("partner")).ShouldBe(before);
    }
}

/// <summary>Sessions run out after <see cref="SecurityOptions.TokenHours"/> without use, and expired rows are deleted.</summary>
public sealed class SessionExpiryTests(ProxiedParkOpsFactory app) : IClassFixture<ProxiedParkOpsFactory>
{
    private Task<int> SessionsOfAsync(string user) =>
        app.WithDbAsync(db => db.Set<UserSession>().CountAsync(s => db.Set<User>().Any(u => u.Id == s.UserId && u.UserName == user)));

    [Fact]
    public async Task Session_UnusedForLongerThanItsLifetime_IsRefusedAndDeletedAtTheNextSignIn()
    {
        var idle = await app.LoginAsync("gov");
        (await SessionsOfAsync("gov")).ShouldBeGreaterThan(0);
        app.Clock.Advance(TimeSpan.FromHours(app.Security.TokenHours) + TimeSpan.FromMinutes(1));
        (await idle.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        await app.LoginAsync("tenant");
        (await SessionsOfAsync("gov")).ShouldBe(0, "expired sessions are deleted when anyone signs in");
        (await SessionsOfAsync("tenant")).ShouldBe(1);
    }

    /// <summary>The console's cookie slides while it is used; the session behind it slides with it.</summary>
    [Fact]
    public async Task Session_UsedInTheSecondHalfOfItsLife_IsExtended()
    {
        var browser = await CookieBrowser.SignInAsync(app, "operator2");
        var hours = app.Security.TokenHours;
        app.Clock.Advance(TimeSpan.FromHours(hours * 0.75));
        (await browser.SendAsync(HttpMethod.Get, "/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromHours(hours * 0.75));
        (await browser.SendAsync(HttpMethod.Get, "/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK, "1.5 lifetimes after sign-in, used at 0.75");
    }
}
