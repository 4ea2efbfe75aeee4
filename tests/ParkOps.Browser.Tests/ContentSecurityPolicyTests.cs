using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Browser.Tests.Infrastructure;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ParkOps.Browser.Tests;

/// <summary>
/// The pages work under the Content-Security-Policy the server sends (scripts only from the site's own files): every
/// violation the browser reports fails the test, and the page's script-driven behaviour still happens.
/// </summary>
[Collection(PageSweepCollection.Name)]
public sealed class ContentSecurityPolicyTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{
    /// <summary>
    /// Violations as the page reports them (<c>securitypolicyviolation</c> events; the listener is installed by the
    /// browser before any page script, so the policy does not apply to it); <see cref="BrowserTest"/> also collects the
    /// ones Chromium logs in the console.
    /// </summary>
    private Task WatchAsync() => Context.AddInitScriptAsync("""
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', e =>
            window.__cspViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));
        """);

    private async Task<string[]> ReportedAsync() =>
        await Page.EvaluateAsync<string[]>("() => window.__cspViolations || []");

    private async Task ShouldHaveNoViolationsAsync(string where)
    {
        var reported = await ReportedAsync();
        CspViolations.Concat(reported.Select(r => $"event on {where}: {r}")).ShouldBeEmpty($"CSP violations on {where}");
    }

    [MarkupTheory]
    [InlineData("operator", "/")]
    [InlineData("operator", "/parks/{park}/enterprises")]
    [InlineData("operator", "/parks/{park}/bills")]
    [InlineData("operator", "/parks/{park}/lease-board")]
    [InlineData("operator", "/parks/{park}/tickets")]
    [InlineData("operator", "/parks/{park}/resources")]
    [InlineData("operator", "/parks/{park}/market")]
    [InlineData("operator", "/users")]
    [InlineData("tenant", "/")]
    [InlineData("tenant", "/parks/{park}/bills")]
    public async Task Page_UnderThePolicy_ReportsNoViolation(string user, string path)
    {
        await WatchAsync();
        await SignInThroughTheFormAsync(user);
        await ShouldHaveNoViolationsAsync("the sign-in and the home page");
        await OpenOkAsync(await PathAsync(path));
        // Bootstrap's script ran (it is what opens the navigation's menus)
        (await Page.EvaluateAsync<bool>("() => typeof window.bootstrap === 'object'")).ShouldBeTrue();
        await ShouldHaveNoViolationsAsync(path);
    }

    [MarkupFact]
    public async Task ApiDocs_UnderThePolicy_ShowTheOperationsWithoutViolation()
    {
        await WatchAsync();
        await SignInAsync("operator");
        await Page.GotoAsync("/api-docs/index.html");
        // the viewer's own script (index.js, swagger-ui) fetched the document and drew its operations; the host builds
        // the document on its first request, which on a busy 2-core machine took longer than the usual 15 s
        await Expect(Page.Locator("h1")).ToContainTextAsync("ParkOps API", new() { Timeout = 60_000 });
        await Expect(Page.Locator(".opblock-summary-path").First).ToBeVisibleAsync();
        await ShouldHaveNoViolationsAsync("/api-docs");
    }

    /// <summary>The bill run's form shows its progress bar from its own script file (billrun-progress.js) when submitted.</summary>
    [Fact]
    public async Task BillRunForm_Submitted_TheProgressScriptShowsTheBar()
    {
        await WatchAsync();
        await SignInAsync("operator");
        await OpenOkAsync(await PathAsync("/parks/{park}/bills"));
        var bar = Page.Locator("#billrun-progress");
        await Expect(bar).ToBeHiddenAsync();
        // the page's script listens first; this later listener keeps the run itself from being posted, so the bar stays in view
        await Page.EvaluateAsync("() => document.getElementById('billrun-form').addEventListener('submit', e => e.preventDefault())");
        await Page.GetByTestId("run-bills").ClickAsync();
        await Expect(bar).ToBeVisibleAsync();
        await Expect(bar).ToContainTextAsync("%");
        await ShouldHaveNoViolationsAsync("the bill run form");
    }

    /// <summary>The QR sticker page's print button (an inline onclick before the policy) prints through console.js.</summary>
    [MarkupFact]
    public async Task QrPrintButton_Clicked_PrintsThroughTheSitesScript()
    {
        await WatchAsync();
        var park = await App.ParkIdAsync();
        var unit = await App.WithDbAsync(db => db.Units.Where(u => u.ParkId == park).OrderBy(u => u.Code).Select(u => u.Id).FirstAsync());
        using (var api = new HttpClient { BaseAddress = new Uri(App.BaseUrl) })
        {
            var login = await api.PostAsJsonAsync("/api/v1/auth/login", new { userName = "operator", password = ParkOps.Web.Features.Demo.DemoSeeder.Password });
            var token = (await login.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<ParkOps.Web.Tests.Infrastructure.ParkOpsFactory.TokenResponse>())!.AccessToken;
            api.DefaultRequestHeaders.Authorization = new("Bearer", token);
            (await api.PostAsync($"/api/v1/units/{unit}/qr-link", null)).EnsureSuccessStatusCode();
        }
        await SignInAsync("operator");
        await OpenOkAsync($"/parks/{park}/qr?unit={unit}");
        await Page.EvaluateAsync("() => { window.__printed = 0; window.print = () => { window.__printed++; }; }");
        await Page.GetByTestId("qr-print").ClickAsync();
        (await Page.EvaluateAsync<int>("() => window.__printed")).ShouldBe(1);
        await ShouldHaveNoViolationsAsync("the QR page");
    }

    /// <summary>The watch itself: a script injected into the page is blocked and reported, so the tests above can fail.</summary>
    [MarkupFact]
    public async Task InjectedInlineScript_IsBlockedAndReported()
    {
        await WatchAsync();
        await OpenAsync("/login");
        await Page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.__injected = true'; document.body.appendChild(s); }");
        await Page.WaitForFunctionAsync("() => window.__cspViolations.length > 0");
        (await Page.EvaluateAsync<bool>("() => window.__injected === true")).ShouldBeFalse("the policy blocks inline script");
        (await ReportedAsync()).ShouldContain(v => v.StartsWith("script-src"));
        CspViolations.ShouldContain(v => v.Contains("Content Security Policy"), "Chromium logs it in the console too");
        ForgetCspViolations();
    }
}
