using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Features.Booking;
using ParkOps.Web.Features.Demo;
using ParkOps.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ParkOps.Browser.Tests.Infrastructure;

/// <summary>
/// A fresh browser context (cookies, language, viewport) and page per test on the shared host and browser. Every
/// stylesheet, script or image the pages ask for must load, and the server's Content-Security-Policy must not block
/// anything: a broken asset or a violation Chromium reports in the console fails the test when it ends.
/// </summary>
[Collection(BrowserCollection.Name)]
public abstract class BrowserTest(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : IAsyncLifetime
{
    protected BrowserApp App { get; } = app;
    protected ChromiumFixture Chromium { get; } = chromium;
    protected ITestOutputHelper Output { get; } = output;
    protected IBrowserContext Context { get; private set; } = null!;
    protected IPage Page { get; private set; } = null!;

    /// <summary>A desktop window unless a test class says otherwise.</summary>
    protected virtual BrowserNewContextOptions ContextOptions => new() { ViewportSize = new() { Width = 1280, Height = 900 } };

    private readonly List<string> _brokenAssets = [];
    private readonly List<string> _cspViolations = [];
    private static int _shot;

    public async Task InitializeAsync()
    {
        var options = ContextOptions;
        options.BaseURL = App.BaseUrl;
        options.Locale ??= "zh-CN"; // a browser in China: Accept-Language zh-CN
        // without motion: Bootstrap then drops its 0.15 s button transitions, so a button that the pointer left over it
        // after a navigation is judged (axe's contrast) in its hover colours, not half-way between two (CI, stop 26)
        options.ReducedMotion ??= ReducedMotion.Reduce;
        Context = await Chromium.Browser.NewContextAsync(options);
        // generous waits: the suite shares a 2-core machine with the server, Chromium and often a build
        Context.SetDefaultTimeout(20_000);
        Context.SetDefaultNavigationTimeout(30_000);
        Assertions.SetDefaultExpectTimeout(15_000);
        // a page fetched by enhanced navigation (blazor.web.js asks with "blazor-enhanced-nav=on") is a document, not an
        // asset: its status is the page's (a 403 page is a page), and a newer navigation may abort it
        Context.Response += (_, r) =>
        {
            if (r.Status >= 400 && r.Request.ResourceType != "document" && !IsEnhancedPage(r.Request))
                lock (_brokenAssets) _brokenAssets.Add($"{r.Status} {r.Request.ResourceType} {r.Url}");
        };
        Context.RequestFailed += (_, r) =>
        {
            // a fetch the page gave up (ERR_ABORTED: an enhanced form post's answer overtaken by the next navigation,
            // whose request headers Playwright may not report in full) is no asset that failed to load
            if (r.ResourceType != "document" && !IsEnhancedPage(r) && !(r.ResourceType == "fetch" && r.Failure == "net::ERR_ABORTED"))
                lock (_brokenAssets) _brokenAssets.Add($"failed {r.ResourceType} {r.Url}: {r.Failure}");
        };
        Page = await Context.NewPageAsync();
        Page.Console += (_, m) =>
        {
            if (m.Type == "error") Log($"console error on {Page.Url}: {m.Text}");
            if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                lock (_cspViolations) _cspViolations.Add($"{Page.Url}: {m.Text}");
        };
        Page.PageError += (_, e) => Log($"page error on {Page.Url}: {e}");
    }

    private static bool IsEnhancedPage(IRequest r) =>
        r.ResourceType == "fetch" && r.Headers.TryGetValue("accept", out var accept) && accept.Contains("blazor-enhanced-nav", StringComparison.Ordinal);

    public async Task DisposeAsync()
    {
        if (Environment.GetEnvironmentVariable("PARKOPS_BROWSER_SHOTS") is { Length: > 0 } dir)
        {
            // a look at what the test ended on: PARKOPS_BROWSER_SHOTS=.playwright-artifacts dotnet test ...
            var name = $"{GetType().Name}-{Regex.Replace(new Uri(Page.Url).PathAndQuery, "[^A-Za-z0-9]+", "_").Trim('_')}-{Interlocked.Increment(ref _shot)}.png";
            await Page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetFullPath(dir), name), FullPage = true });
        }
        await Context.CloseAsync();
        lock (_brokenAssets) _brokenAssets.ShouldBeEmpty("assets that did not load");
        lock (_cspViolations) _cspViolations.ShouldBeEmpty("Content-Security-Policy violations reported in the console");
    }

    /// <summary>The Content-Security-Policy violations Chromium reported in the console so far.</summary>
    protected IReadOnlyList<string> CspViolations { get { lock (_cspViolations) return _cspViolations.ToList(); } }

    /// <summary>For a test that causes a violation on purpose, once it has checked it.</summary>
    protected void ForgetCspViolations() { lock (_cspViolations) _cspViolations.Clear(); }

    /// <summary>Writes to the test's output; browser events may still arrive after the test has ended.</summary>
    protected void Log(string line)
    {
        try { Output.WriteLine(line); } catch (InvalidOperationException) { }
    }

    /// <summary>Opens a page and checks that Bootstrap's stylesheet arrived and applies.</summary>
    protected async Task<IResponse> OpenAsync(string path)
    {
        var res = await Page.GotoAsync(path) ?? throw new InvalidOperationException($"no response for {path}");
        ShouldStillBeSignedIn(path);
        await ShouldBeStyledAsync();
        return res;
    }

    /// <summary>Opens a page and names its status when it is not 200 (an error page would otherwise fail as "unstyled"), then checks its styles.</summary>
    protected async Task OpenOkAsync(string path)
    {
        var res = await Page.GotoAsync(path) ?? throw new InvalidOperationException($"no response for {path}");
        ShouldStillBeSignedIn(path);
        res.Status.ShouldBe(200, $"GET {path}: {await Page.InnerTextAsync("body")}");
        await ShouldBeStyledAsync();
    }

    /// <summary>A session the server no longer accepts sends the page to the sign-in form: say so, not "element not found".</summary>
    protected void ShouldStillBeSignedIn(string path)
    {
        if (_signedInAs is { } user && new Uri(Page.Url).AbsolutePath == "/login")
            throw new InvalidOperationException($"GET {path} as {user} landed on the sign-in page ({Page.Url}): the session was not accepted");
    }

    protected async Task ShouldBeStyledAsync()
    {
        var rules = await Page.EvaluateAsync<int>("""
            () => [...document.styleSheets].filter(s => s.href && s.href.endsWith('/bootstrap.min.css'))
                    .reduce((n, s) => n + s.cssRules.length, 0)
            """);
        rules.ShouldBeGreaterThan(100, $"Bootstrap's stylesheet did not apply on {Page.Url}");
    }

    private string? _signedInAs;

    /// <summary>
    /// Signs in as <paramref name="userName"/>: the session the run opened for that user through the sign-in form
    /// (<see cref="ChromiumFixture.SessionCookiesAsync"/>) is handed to this test's context. No page is opened; the
    /// test opens the one it is about. A test about signing in itself uses <see cref="SignInThroughTheFormAsync"/>.
    /// </summary>
    protected async Task SignInAsync(string userName)
    {
        await Context.AddCookiesAsync(await Chromium.SessionCookiesAsync(App.BaseUrl, userName));
        _signedInAs = userName;
    }

    /// <summary>Signs in through the login form in this test's own page and waits for the page it leads to.</summary>
    protected async Task SignInThroughTheFormAsync(string userName)
    {
        await OpenAsync("/login");
        await Page.Locator("#userName").FillAsync(userName);
        await Page.Locator("#password").FillAsync(DemoSeeder.Password);
        await Page.Locator("main form [type=submit]").ClickAsync();
        await Page.WaitForPageAsync(new Regex("^(?!.*/login).*$"));
        await Assertions.Expect(Page.GetByTestId("current-user")).ToContainTextAsync(userName);
        _signedInAs = userName;
    }

    /// <summary>Replaces {park}, {enterprise}, {applicant}, {own}, {other} and {lab} (the shared test lab) in a path with ids of the demo park.</summary>
    protected async Task<string> PathAsync(string template)
    {
        var park = await App.ParkIdAsync();
        var own = await App.EnterpriseOfAsync("tenant");
        var path = template.Replace("{park}", park.ToString()).Replace("{own}", own.ToString());
        if (path.Contains("{enterprise}")) path = path.Replace("{enterprise}", (await App.SomeEnterpriseAsync(park, own)).ToString());
        if (path.Contains("{other}")) path = path.Replace("{other}", (await App.EnterpriseOfAsync("tenant2")).ToString());
        if (path.Contains("{applicant}")) path = path.Replace("{applicant}", (await App.ApplicantAsync(park)).ToString());
        if (path.Contains("{lab}")) path = path.Replace("{lab}", (await App.WithDbAsync(db => db.Resources.Where(r => r.ParkId == park && r.Code == "B-LAB-01").Select(r => r.Id).SingleAsync())).ToString());
        return path;
    }

    /// <summary>A client of the running server signed in as a demo user (bearer token), to arrange what a page test then opens.</summary>
    protected async Task<HttpClient> ApiClientAsync(string user)
    {
        var http = new HttpClient { BaseAddress = new Uri(App.BaseUrl) };
        var login = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(http, "/api/v1/auth/login", new { userName = user, password = ParkOps.Web.Features.Demo.DemoSeeder.Password });
        login.EnsureSuccessStatusCode();
        http.DefaultRequestHeaders.Authorization = new("Bearer", (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<ParkOps.Web.Tests.Infrastructure.ParkOpsFactory.TokenResponse>(login.Content))!.AccessToken);
        return http;
    }

    /// <summary>An API answer as a demo user reads it (bearer token), for comparing a page with the API's figures.</summary>
    protected async Task<System.Text.Json.JsonElement> ApiAsync(string user, string path)
    {
        using var http = await ApiClientAsync(user);
        var res = await http.GetAsync(path);
        res.EnsureSuccessStatusCode();
        return await ParkOps.Web.Tests.Infrastructure.Demo.JsonAsync(res);
    }
}

