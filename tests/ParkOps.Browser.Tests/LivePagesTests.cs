using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Browser.Tests.Infrastructure;
using ParkOps.Web.Features.Booking;
using ParkOps.Web.Features.Demo;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ParkOps.Browser.Tests;

/// <summary>
/// Live pages (interactive server components): a ticket created through the API appears on a board that is already
/// open, and the SLA countdown moves with the server's clock; a booking made meanwhile turns an open calendar's free
/// steps busy — all without reloading the page.
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
        // the ticket comes once the board is live: one made before its circuit starts is simply part of the first list
        await Expect(Page.GetByTestId("ticket-table")).ToHaveAttributeAsync("data-interactive", "true");

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

    [Fact]
    public async Task OpenCalendar_SomeoneBooksMeanwhile_TheStepsTurnBusyAndAreAnnounced_WithoutAReload()
    {
        var park = await App.ParkIdAsync();
        var lab = await App.WithDbAsync(db => db.Resources.Where(r => r.ParkId == park && r.Code == "B-LAB-01").Select(r => r.Id).SingleAsync());
        var day = ParkOps.Domain.Booking.BookingCalendar.DayOf(DateTimeOffset.UtcNow).AddDays(47);
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) day = day.AddDays(1);
        await SignInAsync("operator");
        await OpenAsync($"/resources/{lab}?day={day:yyyy-MM-dd}&view=day");
        await Expect(Page.GetByTestId("calendar")).ToHaveAttributeAsync("data-interactive", "true");
        await Page.EvaluateAsync("() => { window.__sameDocument = true; }");
        await Expect(Page.Locator($"a[data-slot='{day:yyyy-MM-dd}T14:00']")).ToBeVisibleAsync();

        using var tenant = await ApiAsync("tenant");
        var booked = await tenant.PostAsJsonAsync($"/api/v1/resources/{lab}/bookings", new { start = $"{day:yyyy-MM-dd}T14:00:00+08:00", end = $"{day:yyyy-MM-dd}T15:00:00+08:00", purpose = "实时日历测试" });
        ((int)booked.StatusCode).ShouldBe(201, await booked.Content.ReadAsStringAsync());
        var own = await App.EnterpriseOfAsync("tenant");
        var enterprise = await App.WithDbAsync(db => db.Enterprises.Where(e => e.Id == own).Select(e => e.Name).SingleAsync());

        // the two steps of the booking turn busy, marked as just taken, and the operator reads who booked
        var cell = Page.Locator($"td[data-busy='{day:yyyy-MM-dd}T14:30']");
        await Expect(cell).ToHaveAttributeAsync("data-new", "true");
        await Expect(cell).ToContainTextAsync(enterprise);
        await Expect(Page.Locator($"a[data-slot='{day:yyyy-MM-dd}T14:00']")).ToHaveCountAsync(0);
        await Expect(Page.GetByTestId("calendar-live")).ToContainTextAsync("刚被预约");
        (await Page.EvaluateAsync<bool>("() => window.__sameDocument === true")).ShouldBeTrue("the calendar was reloaded");
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
