using System.Collections.Concurrent;
using ParkOps.Web.Features.Auth;
using ParkOps.Web.Features.Demo;

namespace ParkOps.Browser.Tests.Infrastructure;

/// <summary>
/// Debian's headless Chromium driven by Playwright: one browser for the whole run (each test still gets a context of
/// its own, which is what isolates cookies and storage; launching a browser per class cost seconds each on a busy
/// 2-core machine). The browser is never downloaded (no `playwright install`): test.sh installs the Debian packages
/// chromium and fonts-noto-cjk. PARKOPS_CHROMIUM may point at another Chromium binary.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public static string ExecutablePath => Environment.GetEnvironmentVariable("PARKOPS_CHROMIUM") is { Length: > 0 } p ? p : "/usr/bin/chromium";

    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    private readonly ConcurrentDictionary<(string BaseUrl, string User), Lazy<Task<Cookie[]>>> _sessions = new();

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException($"Chromium is not at {ExecutablePath}. Run ./test.sh (it installs the Debian packages chromium and fonts-noto-cjk) or `apt-get install chromium fonts-noto-cjk`.");
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>
    /// The session cookie of <paramref name="userName"/> on the host at <paramref name="baseUrl"/>: signed in through the
    /// console's form once per run and user, then handed to every test that signs in as that user. A session lives
    /// until it is signed out or expires (hours), and no browser test signs the demo users out. Only the session's
    /// cookie is handed on, so a language or park a test chose before signing in stays its own.
    /// </summary>
    public async Task<Cookie[]> SessionCookiesAsync(string baseUrl, string userName)
    {
        var key = (baseUrl, userName);
        var session = _sessions.GetOrAdd(key, k => new Lazy<Task<Cookie[]>>(() => SignInOnceAsync(k.BaseUrl, k.User)));
        try { return await session.Value; }
        catch
        {
            // the failure is this test's; the next test that signs in as the user tries afresh
            _sessions.TryRemove(new KeyValuePair<(string, string), Lazy<Task<Cookie[]>>>(key, session));
            throw;
        }
    }

    /// <summary>
    /// The sign-in as a person does it (form, submit, the page it leads to), held to what every browser test checks:
    /// styled pages, every asset loaded, no Content-Security-Policy violation.
    /// </summary>
    private async Task<Cookie[]> SignInOnceAsync(string baseUrl, string userName)
    {
        await using var context = await Browser.NewContextAsync(new() { BaseURL = baseUrl, Locale = "zh-CN", ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(20_000);
        context.SetDefaultNavigationTimeout(30_000);
        var problems = new List<string>();
        context.Response += (_, r) => { if (r.Status >= 400 && r.Request.ResourceType != "document") lock (problems) problems.Add($"{r.Status} {r.Request.ResourceType} {r.Url}"); };
        context.RequestFailed += (_, r) => { if (r.ResourceType != "document") lock (problems) problems.Add($"failed {r.ResourceType} {r.Url}: {r.Failure}"); };
        var page = await context.NewPageAsync();
        page.Console += (_, m) => { if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) lock (problems) problems.Add($"{page.Url}: {m.Text}"); };

        // often the host's first pages: rendered for the first time they are compiled first, which on a busy 2-core
        // machine (two hosts and browsers starting at once) can take longer than a page is otherwise allowed
        await page.GotoAsync("/login", new() { Timeout = 120_000 });
        await page.Locator("#userName").FillAsync(userName);
        await page.Locator("#password").FillAsync(DemoSeeder.Password);
        await page.Locator("main form [type=submit]").ClickAsync();
        // polled, not awaited as navigation events: on a loaded machine the page the form leads to can be there before
        // a wait for its URL subscribes, and that wait then times out on a page long loaded
        await Assertions.Expect(page.GetByTestId("current-user")).ToContainTextAsync(userName, new() { Timeout = 120_000 });
        new Uri(page.Url).AbsolutePath.ShouldNotBe("/login");
        await page.WaitForFunctionAsync("() => document.readyState === 'complete'");
        var rules = await page.EvaluateAsync<int>("""
            () => [...document.styleSheets].filter(s => s.href && s.href.endsWith('/bootstrap.min.css'))
                    .reduce((n, s) => n + s.cssRules.length, 0)
            """);
        rules.ShouldBeGreaterThan(100, $"Bootstrap's stylesheet did not apply on {page.Url} after {userName} signed in");
        lock (problems) problems.ShouldBeEmpty($"signing in as {userName}: assets that did not load or Content-Security-Policy violations");

        var cookies = (await context.CookiesAsync())
            .Where(c => c.Name.StartsWith(AuthModule.CookieName, StringComparison.Ordinal))
            .Select(c => new Cookie { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, Expires = c.Expires, HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite })
            .ToArray();
        cookies.ShouldNotBeEmpty($"signing in as {userName} set no {AuthModule.CookieName} cookie");
        return cookies;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        Playwright?.Dispose();
    }
}
