using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Features.Audit;
using ParkOps.Web.Features.Users;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Foundation;

/// <summary>Security headers on every kind of response, and pages that keep to the Content-Security-Policy.</summary>
[Collection(DemoCollection.Name)]
public sealed partial class SecurityHeadersTests(ParkOpsFactory app)
{
    private static string Header(HttpResponseMessage res, string name) =>
        res.Headers.TryGetValues(name, out var v) ? string.Join(",", v) : res.Content.Headers.TryGetValues(name, out var c) ? string.Join(",", c) : "";

    private static Dictionary<string, string> Directives(string csp) =>
        csp.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(' ', 2)).ToDictionary(d => d[0], d => d.Length > 1 ? d[1] : "");

    [Theory]
    [InlineData("/login", HttpStatusCode.OK)]
    [InlineData("/css/app.css", HttpStatusCode.OK)]
    [InlineData("/api/v1/parks", HttpStatusCode.Unauthorized)]
    [InlineData("/api/v1/enterprises/999999999", HttpStatusCode.NotFound)]
    [InlineData("/health/live", HttpStatusCode.OK)]
    [InlineData("/openapi/v1.json", HttpStatusCode.Unauthorized)]
    public async Task Response_AnyKind_CarriesTheSecurityHeaders(string path, HttpStatusCode status)
    {
        var client = status == HttpStatusCode.NotFound ? await app.LoginAsync("tenant") : app.Anonymous();
        var res = await client.GetAsync(path);
        res.StatusCode.ShouldBe(status);
        var csp = Directives(Header(res, "Content-Security-Policy"));
        csp["script-src"].ShouldBe("'self'");
        csp["frame-ancestors"].ShouldBe("'none'");
        csp["object-src"].ShouldBe("'none'");
        csp["default-src"].ShouldBe("'self'");
        Header(res, "X-Content-Type-Options").ShouldBe("nosniff");
        Header(res, "Referrer-Policy").ShouldBe("strict-origin-when-cross-origin");
        Header(res, "X-Frame-Options").ShouldBe("DENY");
    }

    [Fact]
    public async Task Response_PlainHttp_HasNoHsts()
    {
        var res = await app.Anonymous().GetAsync("/login");
        res.Headers.Contains("Strict-Transport-Security").ShouldBeFalse();
    }

    /// <summary>
    /// The pages keep to the policy: no inline script and no inline event handler (the policy would block them and the
    /// page would silently lose its behaviour). The browser tests watch the same pages for reported violations.
    /// </summary>
    [Theory]
    [InlineData("operator", "/")]
    [InlineData("operator", "/parks/{park}/enterprises")]
    [InlineData("operator", "/parks/{park}/bills")]
    [InlineData("operator", "/parks/{park}/lease-board")]
    [InlineData("operator", "/parks/{park}/tickets")]
    [InlineData("operator", "/parks/{park}/qr")]
    [InlineData("operator", "/parks/{park}/resources")]
    [InlineData("operator", "/parks/{park}/market")]
    [InlineData("operator", "/users")]
    [InlineData("tenant", "/")]
    [InlineData(null, "/login")]
    public async Task Page_Rendered_HasNoInlineScriptOrEventHandler(string? user, string path)
    {
        var client = user is null ? app.Anonymous() : await app.CookieLoginAsync(user);
        var res = await client.GetAsync(path.Replace("{park}", (await app.ParkIdAsync()).ToString()));
        var html = await res.Content.ReadAsStringAsync();
        res.StatusCode.ShouldBe(HttpStatusCode.OK, html.Length > 300 ? html[..300] : html);
        ScriptTag().Matches(html).Select(m => m.Value).Where(tag => !tag.Contains(" src=")).ShouldBeEmpty("inline <script>");
        EventHandler().Matches(html).Select(m => m.Value).ShouldBeEmpty("inline event handlers");
        html.ShouldNotContain("javascript:");
    }

    [GeneratedRegex(@"<script\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();

    [GeneratedRegex(@"<[a-z][^>]*\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex EventHandler();
}

/// <summary>
/// Forwarded headers count only from trusted proxies: the scheme (Secure cookies, HSTS) and the client address (rate
/// limit, sign-in backoff, the audit's source) are the ones the proxy reports, and nobody else can claim them.
/// </summary>
public sealed class ForwardedHeadersTests
{
    private static IEnumerable<string> SetCookies(HttpResponseMessage res) => res.Headers.TryGetValues("Set-Cookie", out var v) ? v : [];

    private static bool IsSecure(string setCookie) => setCookie.Split(';').Any(p => p.Trim().Equals("secure", StringComparison.OrdinalIgnoreCase));

    /// <summary>An account on the empty host, written straight to the database.</summary>
    private static Task EnsureUserAsync(ParkOpsFactory app, string name, string password, Role role) => app.WithDbAsync(async db =>
    {
        if (await db.Users.AnyAsync(u => u.UserName == name)) return 0;
        var user = new User { UserName = name, DisplayName = name, CreatedAt = DateTime.UtcNow };
        user.PasswordHash = new PasswordHasher<User>().HashPassword(user, password);
        user.Grants.Add(new RoleGrant { Role = role });
        db.Users.Add(user);
        return await db.SaveChangesAsync();
    });

    /// <summary>The sign-in page's antiforgery cookie and the sign-in cookie, as Set-Cookie headers.</summary>
    private static async Task<(string Antiforgery, string Auth, HttpResponseMessage Page)> SignInCookiesAsync(ParkOpsFactory app, HttpClient client)
    {
        await EnsureUserAsync(app, "proxied", "Proxied12345", Role.ServicePartner);
        var page = await client.GetAsync("/login");
        var antiforgery = SetCookies(page).Single(c => c.StartsWith(".AspNetCore.Antiforgery."));
        // the client keeps no cookies (a Secure one would not go back over the test's plain HTTP): send the antiforgery cookie by hand
        var res = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login", ["__RequestVerificationToken"] = ConsoleForms.AntiforgeryToken(await page.Content.ReadAsStringAsync()),
                ["Input.UserName"] = "proxied", ["Input.Password"] = "Proxied12345",
            }),
            Headers = { { "Cookie", antiforgery.Split(';')[0] } },
        });
        res.StatusCode.ShouldBe(HttpStatusCode.Found);
        return (antiforgery, SetCookies(res).Single(c => c.StartsWith("parkops.auth=")), page);
    }

    [Fact]
    public async Task SignIn_HttpsForwardedByTheLoopbackProxy_CookiesAreSecureAndHstsIsSent()
    {
        await using var host = await OwnHost<PeerParkOpsFactory>.StartAsync();
        var viaProxy = host.App.ClientFrom("127.0.0.1", forwardedFor: "203.0.113.10", forwardedProto: "https", cookies: false);
        var (antiforgery, auth, page) = await SignInCookiesAsync(host.App, viaProxy);
        IsSecure(antiforgery).ShouldBeTrue(antiforgery);
        IsSecure(auth).ShouldBeTrue(auth);
        page.Headers.GetValues("Strict-Transport-Security").Single().ShouldBe("max-age=31536000");
    }

    [Fact]
    public async Task SignIn_PlainHttpThroughTheProxy_CookiesAreNotSecure()
    {
        await using var host = await OwnHost<PeerParkOpsFactory>.StartAsync();
        var viaProxy = host.App.ClientFrom("127.0.0.1", forwardedFor: "203.0.113.11", forwardedProto: "http", cookies: false);
        var (antiforgery, auth, page) = await SignInCookiesAsync(host.App, viaProxy);
        IsSecure(antiforgery).ShouldBeFalse(antiforgery);
        IsSecure(auth).ShouldBeFalse(auth);
        page.Headers.Contains("Strict-Transport-Security").ShouldBeFalse();
    }

    [Fact]
    public async Task SignIn_HttpsClaimedByAnUntrustedPeer_IsIgnored()
    {
        await using var host = await OwnHost<PeerParkOpsFactory>.StartAsync();
        var stranger = host.App.ClientFrom("203.0.113.66", forwardedFor: "198.51.100.1", forwardedProto: "https", cookies: false);
        var (_, auth, page) = await SignInCookiesAsync(host.App, stranger);
        IsSecure(auth).ShouldBeFalse(auth);
        page.Headers.Contains("Strict-Transport-Security").ShouldBeFalse();
    }

    [Fact]
    public async Task ConfiguredProxies_OnlyTheyAreBelieved_LoopbackNoLonger()
    {
        await using var host = await OwnHost<ConfiguredProxyParkOpsFactory>.StartAsync();
        async Task<bool> HstsFrom(string peer) =>
            (await host.App.ClientFrom(peer, forwardedFor: "203.0.113.12", forwardedProto: "https").GetAsync("/login")).Headers.Contains("Strict-Transport-Security");
        (await HstsFrom(ConfiguredProxyParkOpsFactory.Proxy)).ShouldBeTrue("the configured proxy");
        (await HstsFrom("10.20.3.4")).ShouldBeTrue("a proxy in the configured network");
        (await HstsFrom("127.0.0.1")).ShouldBeFalse("loopback is trusted only by default");
        (await HstsFrom("10.21.0.1")).ShouldBeFalse("outside the network");
    }

    [Fact]
    public async Task RateLimit_BehindTheProxy_CountsEachClientOnItsOwn()
    {
        await using var host = await OwnHost<StrictPeerParkOpsFactory>.StartAsync();
        var first = host.App.ClientFrom("127.0.0.1", forwardedFor: "203.0.113.20");
        for (var i = 0; i < StrictLoginParkOpsFactory.Permits; i++)
            (await first.LoginRawAsync("someone", "wrong-" + i)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await first.LoginRawAsync("someone", "wrong-again")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        var second = host.App.ClientFrom("127.0.0.1", forwardedFor: "203.0.113.21");
        (await second.LoginRawAsync("someone", "wrong")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "another client behind the same proxy has its own budget");
    }

    [Fact]
    public async Task RateLimit_ForwardedForFromAnUntrustedPeer_CountsAgainstThePeer()
    {
        await using var host = await OwnHost<StrictPeerParkOpsFactory>.StartAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= StrictLoginParkOpsFactory.Permits; i++)
            statuses.Add((await host.App.ClientFrom("203.0.113.30", forwardedFor: $"198.51.100.{i + 1}").LoginRawAsync("someone", "wrong-" + i)).StatusCode);
        statuses[^1].ShouldBe(HttpStatusCode.TooManyRequests, "a made-up X-Forwarded-For buys no fresh budget: " + string.Join(",", statuses));
    }

    /// <summary>Proxies come from appsettings as a list, or from one environment variable as a comma-separated value.</summary>
    [Fact]
    public void SecurityOptions_ProxiesListedEitherWay_AreAllTrusted()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ParkOps:Security:KnownProxies"] = "10.0.0.5, 10.0.0.6",
            ["ParkOps:Security:KnownNetworks:0"] = "10.1.0.0/16",
            ["ParkOps:Security:KnownNetworks:1"] = "192.168.7.0/24",
            ["ParkOps:Security:MaxFailedLogins"] = "7",
        }).Build();
        var options = ParkOps.Web.Features.Auth.SecurityOptions.From(config);
        options.MaxFailedLogins.ShouldBe(7);
        var forwarded = new Microsoft.AspNetCore.Builder.ForwardedHeadersOptions();
        options.Apply(forwarded);
        forwarded.KnownProxies.Select(p => p.ToString()).ShouldBe(["10.0.0.5", "10.0.0.6"]);
        forwarded.KnownIPNetworks.Select(n => n.ToString()).ShouldBe(["10.1.0.0/16", "192.168.7.0/24"]);
    }

    [Fact]
    public void SecurityOptions_ProxyThatIsNoAddress_FailsNamingTheSetting()
    {
        var options = new ParkOps.Web.Features.Auth.SecurityOptions { KnownProxies = ["nginx.local"] };
        Should.Throw<InvalidOperationException>(() => options.Apply(new Microsoft.AspNetCore.Builder.ForwardedHeadersOptions()))
            .Message.ShouldContain("ParkOps:Security:KnownProxies");
    }

    /// <summary>The audit trail names the client the proxy reports, not the proxy; an untrusted peer's claim is not believed.</summary>
    [Fact]
    public async Task Audit_WriteThroughTheProxy_RecordsTheClientsAddress()
    {
        await using var host = await OwnHost<PeerParkOpsFactory>.StartAsync();
        await EnsureUserAsync(host.App, "proxyadmin", "Proxied12345", Role.PlatformAdmin);
        async Task<string?> SourceOfAWriteAsync(HttpClient client)
        {
            var login = await client.LoginRawAsync("proxyadmin", "Proxied12345");
            login.StatusCode.ShouldBe(HttpStatusCode.OK);
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", (await login.JsonAsync()).Str("accessToken"));
            var id = await client.CreateUserAsync(FoundationApi.Unique("audited_"), "Audited12345x");
            return await host.App.WithDbAsync(db => db.AuditEntries.Where(a => a.Entity == "User" && a.EntityKey == id.ToString()).Select(a => a.Source).SingleAsync());
        }
        (await SourceOfAWriteAsync(host.App.ClientFrom("127.0.0.1", forwardedFor: "203.0.113.41"))).ShouldBe("203.0.113.41");
        (await SourceOfAWriteAsync(host.App.ClientFrom("203.0.113.50", forwardedFor: "198.51.100.99"))).ShouldBe("203.0.113.50");
    }
}
