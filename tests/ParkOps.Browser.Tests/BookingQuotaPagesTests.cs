using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ParkOps.Browser.Tests.Infrastructure;
using ParkOps.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ParkOps.Browser.Tests;

/// <summary>Issue 15 §5: the free monthly booking hours as a park setting — a tenant reads them on a phone, an operator adds a version.</summary>
public sealed class BookingQuotaPagesTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{
    [Fact]
    public async Task Operator_AddsNextYearsHours_AfterConfirming_TheVersionIsListed()
    {
        var park = await App.ParkIdAsync("DG-HM-01");
        await SignInAsync("operator2");
        await OpenAsync($"/parks/{park}/booking-quotas");
        await Expect(Page.GetByTestId("quota-source")).ToContainTextAsync("默认额度");
        await Expect(Page.GetByTestId("quota-in-force")).ToContainTextAsync("40 小时/月");
        await Page.Locator("#qmonth").FillAsync("2098-03");
        await Page.Locator("#qsl").FillAsync("32");
        await Page.Locator("#qconfirm").CheckAsync();
        await Page.GetByTestId("quota-save").ClickAsync();
        await Page.WaitForPageAsync(new Regex(@"added=2098-03"));
        await Expect(Page.GetByTestId("quota-done")).ToContainTextAsync("2098-03");
        await Expect(Page.GetByTestId("quota-versions")).ToContainTextAsync("2098-03");
        (await App.WithDbAsync(db => db.Set<ParkOps.Web.Features.Booking.BookingQuotaVersion>().IgnoreQueryFilters()
            .Where(v => v.ParkId == park && v.EffectiveFrom == new DateOnly(2098, 3, 1)).Select(v => new { v.StartupLabHours, v.StartupMeetingHours, v.CreatedBy }).SingleAsync()))
            .ShouldBe(new { StartupLabHours = 32m, StartupMeetingHours = 8m, CreatedBy = "operator2" });
    }

    [Fact]
    public async Task Tenant_ReadsTheFreeHours_WithoutAForm()
    {
        var park = await App.ParkIdAsync();
        await SignInAsync("tenant");
        await OpenAsync($"/parks/{park}/booking-quotas");
        await Expect(Page.GetByTestId("quota-in-force")).ToContainTextAsync("小时/月");
        await Expect(Page.GetByTestId("quota-form")).ToHaveCountAsync(0);
    }
}
