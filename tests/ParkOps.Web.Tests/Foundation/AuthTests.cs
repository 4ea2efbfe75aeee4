using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using ParkOps.Web.Tests.Infrastructure;
using static ParkOps.Web.Tests.Foundation.FoundationApi;

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

    [Theory]
    [InlineData("admin", "PlatformAdmin")]
    [InlineData("operator", "ParkOperator")]
    [InlineData("gov", "GovernmentViewer")]
    [InlineData("tenant", "EnterpriseUser")]
    [InlineData("partner", "ServicePartner")]
    public async Task Me_SignedIn_ReturnsUserWithRoles(string user, string role)
    {
        var res = await (await app.LoginAsync(user)).GetAsync("/api/v1/auth/me");
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var me = await res.JsonAsync();
        me.Str("userName").ShouldBe(user);
        me.GetProperty("userId").GetInt64().ShouldBeGreaterThan(0);
        me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ShouldBe([role]);
    }

    [Fact]
    public async Task Me_Scopes_AreTheGrantsParksAndEnterprises()
    {
        var ca = await app.ParkIdAsync();
        var hm = await app.ParkIdAsync("DG-HM-01");
        async Task<(long[] Parks, long[] Enterprises)> ScopeOf(string user)
        {
            var me = await (await (await app.LoginAsync(user)).GetAsync("/api/v1/auth/me")).JsonAsync();
            return (me.GetProperty("parkIds").EnumerateArray().Select(x => x.GetInt64()).Order().ToArray(),
                    me.GetProperty("enterpriseIds").EnumerateArray().Select(x => x.GetInt64()).ToArray());
        }
        (await ScopeOf("operator")).Parks.ShouldBe([ca]);
        (await ScopeOf("operator2")).Parks.ShouldBe([hm]);
        // the government viewer of 东莞市 sees both towns' parks (regions below its own)
        (await ScopeOf("gov")).Parks.ShouldBe(new[] { ca, hm }.Order().ToArray());
        var tenant = await ScopeOf("tenant");
        tenant.Parks.ShouldBe([ca]);
        tenant.Enterprises.ShouldBe([await app.EnterpriseOfAsync("tenant")]);
    }

    [Fact]
    public async Task Login_UnknownUser_Gives401LikeAWrongPassword()
    {
        var res = await app.Anonymous().LoginRawAsync("nobody_" + Guid.NewGuid().ToString("N")[..8], "whatever-123");
        await res.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "CredentialsMustMatch");
    }

    [Fact]
    public async Task Login_MalformedBody_Gives400Problem()
    {
        var res = await app.Anonymous().PostAsync("/api/v1/auth/login", Json("{\"userName\": \"admin\", "));
        await res.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "RequestMustBeReadable");
    }

    [Fact]
    public async Task Api_GarbageBearerToken_Gives401()
    {
        var c = app.Anonymous();
        c.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-a-token");
        (await c.GetAsync("/api/v1/parks")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    /// <summary>A deactivated account's token, issued before, must stop working: the API must not answer it as a signed-in nobody.</summary>
    [Fact]
    public async Task Api_TokenOfADeactivatedAccount_Gives401()
    {
        var admin = await app.LoginAsync("admin");
        var name = Unique("gone_");
        var id = await admin.CreateUserAsync(name, "Leaving12345x", "EnterpriseUser", enterpriseId: await app.EnterpriseOfAsync("tenant"));
        var user = await app.LoginAsync(name, "Leaving12345x");
        (await user.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.PostAsync($"/api/v1/users/{id}/deactivate", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await user.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await user.GetAsync("/api/v1/parks")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await app.Anonymous().LoginRawAsync(name, "Leaving12345x")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task LoginForm_RightPassword_SetsTheCookieThatTheApiAccepts()
    {
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var res = await browser.PostLoginFormAsync("operator", "ParkOps@2026");
        ((int)res.StatusCode).ShouldBeInRange(300, 399, await res.Content.ReadAsStringAsync());
        new Uri(new Uri("http://localhost"), res.Headers.Location!).AbsolutePath.ShouldBe("/");
        res.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith("parkops.auth=") && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));

        var me = await browser.GetAsync("/api/v1/auth/me");
        me.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await me.JsonAsync()).Str("userName").ShouldBe("operator");
        var parks = await (await browser.GetAsync("/api/v1/parks")).JsonAsync();
        parks.GetProperty("items").EnumerateArray().Select(p => p.Str("code")).ShouldBe(["DG-CA-01"]);
    }

    [Theory]
    [InlineData("/enterprises?page=2", "/enterprises")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", null)]
    [InlineData("https://evil.example/", "/")]
    public async Task LoginForm_ReturnUrl_RedirectsOnlyWithinTheSite(string returnUrl, string? expectedPath)
    {
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var token = await browser.LoginFormTokenAsync();
        var res = await browser.PostAsync($"/login?ReturnUrl={Uri.EscapeDataString(returnUrl)}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["__RequestVerificationToken"] = token, ["Input.UserName"] = "operator", ["Input.Password"] = "ParkOps@2026",
        }));
        ((int)res.StatusCode).ShouldBeInRange(300, 399, await res.Content.ReadAsStringAsync());
        var target = new Uri(new Uri("http://localhost"), res.Headers.Location!);
        target.Host.ShouldBe("localhost", $"redirected off-site to {res.Headers.Location}");
        if (expectedPath is not null) target.AbsolutePath.ShouldBe(expectedPath);
    }

    [Fact]
    public async Task LoginForm_WrongPassword_ShowsTheErrorAndSetsNoCookie()
    {
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var res = await browser.PostLoginFormAsync("operator", "not-the-password");
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await res.Content.ReadAsStringAsync()).ShouldContain("data-testid=\"login-error\"");
        res.Headers.TryGetValues("Set-Cookie", out var cookies);
        (cookies ?? []).ShouldNotContain(c => c.StartsWith("parkops.auth="));
        (await browser.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task LoginForm_WithoutAntiforgeryToken_IsRefusedWithProblemDetails()
    {
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var res = await browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["Input.UserName"] = "operator", ["Input.Password"] = "ParkOps@2026",
        }));
        await res.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "AntiforgeryTokenRequired");
        (await browser.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    /// <summary>A browser (Accept: text/html) whose form token is missing or wrong gets a readable page in its language, not an empty 400.</summary>
    [Theory]
    [InlineData(null, "zh-CN", "页面已失效")]
    [InlineData("not-a-token", "zh-CN", "页面已失效")]
    [InlineData(null, "en", "The page has expired")]
    [InlineData("not-a-token", "en", "The page has expired")]
    public async Task LoginForm_MissingOrWrongAntiforgeryToken_BrowserGetsAReadablePage(string? token, string language, string title)
    {
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await browser.GetAsync("/login");
        var form = new Dictionary<string, string> { ["_handler"] = "login", ["Input.UserName"] = "operator", ["Input.Password"] = "ParkOps@2026" };
        if (token is not null) form["__RequestVerificationToken"] = token;
        var req = new HttpRequestMessage(HttpMethod.Post, "/login") { Content = new FormUrlEncodedContent(form) };
        req.Headers.Accept.ParseAdd("text/html,application/xhtml+xml");
        req.Headers.AcceptLanguage.ParseAdd(language);
        var res = await browser.SendAsync(req);
        res.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        res.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var html = await res.Content.ReadAsStringAsync();
        html.ShouldContain($"<title>{title}</title>");
        html.ShouldContain($"lang=\"{language}\"");
        (await browser.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
