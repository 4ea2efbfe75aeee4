using System.Net.Http.Headers;
using System.Net.Http.Json;
using ParkOps.Browser.Tests.Infrastructure;
using ParkOps.Web.Features.Demo;
using ParkOps.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ParkOps.Browser.Tests;

/// <summary>
/// The live ticket board (an interactive server component): a ticket created through the API appears on a board that is
/// already open, and the SLA countdown moves with the server's clock, both without reloading the page.
/// </summary>
public sealed class LiveTicketBoardTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{
    private async Task<HttpClient> ApiAsync(string user)
    {
        var http = new HttpClient { BaseAddress = new Uri(App.BaseUrl) };
        var res = await http.PostAsJsonAsync("/api/v1/auth/login", new { userName = user, password = DemoSeeder.Password });
        res.EnsureSuccessStatusCode();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await res.Content.ReadFromJsonAsync<ParkOpsFactory.TokenResponse>())!.AccessToken);
        return http;
    }

    [Fact]
    public async Task OpenBoard_TicketCreatedThroughTheApi_AppearsAndIsAnnounced_CountdownMovesWithTheServerClock()
    {
        var park = await App.ParkIdAsync();
        var title = "实时看板测试 " + Random.Shared.Next(100_000, 1_000_000);
        await SignInAsync("operator");
        // the filter (a search for this title) stays in the address
        await OpenAsync($"/parks/{park}/tickets?q={Uri.EscapeDataString(title)}");
        await Page.EvaluateAsync("() => { window.__sameDocument = true; }");
        await Expect(Page.GetByTestId("ticket-row")).ToHaveCountAsync(0);

        using var tenant = await ApiAsync("tenant");
        var created = await tenant.PostAsJsonAsync($"/api/v1/parks/{park}/tickets", new { category = "repair", severity = "urgent", title, description = "三楼走廊灯不亮" });
        created.EnsureSuccessStatusCode();

        var row = Page.GetByTestId("ticket-row").Filter(new() { HasText = title });
        await Expect(row).ToBeVisibleAsync();
        await Expect(row).ToHaveAttributeAsync("data-new", "true");
        await Expect(Page.GetByTestId("ticket-live")).ToContainTextAsync(title);
        var badge = row.GetByTestId("sla-badge");
        await Expect(badge).ToContainTextAsync("剩余");
        var before = await badge.InnerTextAsync();

        try
        {
            // 90 minutes later on the server: the countdown says so without a reload
            App.Clock.Advance(TimeSpan.FromMinutes(90));
            await Expect(badge).Not.ToHaveTextAsync(before);
        }
        finally { App.Clock.Reset(); }
        (await Page.EvaluateAsync<bool>("() => window.__sameDocument === true")).ShouldBeTrue("the board was reloaded");
        (await Page.EvaluateAsync<bool>("() => /[A-Za-z]{3,}/.test(document.querySelector('[data-testid=ticket-table]').innerText)")).ShouldBeFalse("English on the Chinese board");
    }
}

/// <summary>Enhanced forms on a 375 px phone: a post keeps the page (no reload) and brings its error into view.</summary>
public sealed class EnhancedFormPhoneTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{
    protected override BrowserNewContextOptions ContextOptions => new()
    {
        ViewportSize = new() { Width = 375, Height = 667 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2,
    };

    [Fact]
    public async Task EmptyEnterpriseForm_PostedFromTheBottomOfThePage_ErrorSummaryIsInViewAndFocused_NoReload()
    {
        var park = await App.ParkIdAsync();
        await SignInAsync("operator");
        await OpenAsync($"/parks/{park}/enterprises/new");
        await Page.EvaluateAsync("() => { window.__sameDocument = true; }");
        var save = Page.GetByTestId("save-enterprise");
        await save.ScrollIntoViewIfNeededAsync();
        (await Page.EvaluateAsync<double>("() => window.scrollY")).ShouldBeGreaterThan(200, "the form is taller than the phone");
        await save.TapAsync();
        await Page.WaitForPatchedAsync();

        var summary = Page.Locator("main .alert-danger");
        await Expect(summary).ToBeVisibleAsync();
        await Expect(summary).ToBeInViewportAsync();
        await Expect(summary).ToBeFocusedAsync();
        (await Page.EvaluateAsync<bool>("() => window.__sameDocument === true")).ShouldBeTrue("the post reloaded the page");
        Page.Url.ShouldEndWith($"/parks/{park}/enterprises/new");
    }
}
