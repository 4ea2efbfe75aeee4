using Microsoft.EntityFrameworkCore;
using ParkOps.Browser.Tests.Infrastructure;
using ParkOps.Domain.Monitoring;
using ParkOps.Web.Features.Reporting;
using ParkOps.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ParkOps.Browser.Tests;

/// <summary>
/// Quarterly reports as a tenant files them on a 375 px phone: the list of quarters and the form fit the phone and pass
/// axe-core; the tenant fills the figures and submits, and the report is stored as submitted.
/// </summary>
public sealed class ReportingPagesTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{
    private const int Width = 375;

    protected override BrowserNewContextOptions ContextOptions => new()
    {
        ViewportSize = new() { Width = Width, Height = 812 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2,
    };

    private async Task ShouldFitThePhoneAsync() =>
        (await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(Width + 1, $"{Page.Url} is wider than the phone");

    [Fact]
    public async Task ReportForm_TenantOnAPhone_FillsAndSubmits()
    {
        var own = await App.EnterpriseOfAsync("tenant");
        // a quarter long before the demo's reports: the tenant's own, empty
        var q = Quarter.Of(DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8))).Plus(-15);
        await SignInAsync("tenant");
        (await OpenAsync($"/reporting/enterprises/{own}/reports")).Status.ShouldBe(200);
        await ShouldFitThePhoneAsync();
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);

        (await OpenAsync($"/reporting/enterprises/{own}/reports/{q}")).Status.ShouldBe(200);
        await ShouldFitThePhoneAsync();
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
        await Page.Locator("#f-output").FillAsync("612.5");
        await Page.Locator("#f-mainRevenue").FillAsync("580");
        await Page.Locator("#f-tax").FillAsync("31");
        await Page.Locator("#f-valueAdded").FillAsync("150");
        await Page.Locator("#f-avgHeadcount").FillAsync("88");
        await Page.Locator("#c0name").FillAsync("深圳某终端有限公司");
        await Page.Locator("#c0share").FillAsync("35");
        await Page.GetByTestId("report-submit").ClickAsync();
        await Expect(Page.GetByTestId("report-saved")).ToBeVisibleAsync();
        await ShouldFitThePhoneAsync();
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);

        var stored = await App.WithDbAsync(db => db.Set<QuarterlyReport>().IgnoreQueryFilters().Include(r => r.Customers)
            .SingleAsync(r => r.EnterpriseId == own && r.Year == q.Year && r.QuarterNumber == q.Number));
        stored.State.ShouldBe(ReportState.Submitted);
        stored.Output.ShouldBe(612.5m);
        stored.Customers.Single().SharePercent.ShouldBe(35m);
    }

    [Fact]
    public async Task ReportForm_CustomerSharesAbove100_ShowsTheRuleInChineseAndSavesNothing()
    {
        var own = await App.EnterpriseOfAsync("tenant");
        var q = Quarter.Of(DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8))).Plus(-16);
        await SignInAsync("tenant");
        await OpenAsync($"/reporting/enterprises/{own}/reports/{q}");
        // each share passes the field's own 0–100 check; only together are they too much (the server's rule)
        await Page.Locator("#c0name").FillAsync("甲公司");
        await Page.Locator("#c0share").FillAsync("60");
        await Page.Locator("#c1name").FillAsync("乙公司");
        await Page.Locator("#c1share").FillAsync("50");
        await Page.GetByTestId("report-draft").ClickAsync();
        await Expect(Page.GetByTestId("report-error")).ToContainTextAsync("超过 100%");
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
        (await App.WithDbAsync(db => db.Set<QuarterlyReport>().IgnoreQueryFilters().CountAsync(r => r.EnterpriseId == own && r.Year == q.Year && r.QuarterNumber == q.Number))).ShouldBe(0);
    }
}

/// <summary>The operator's quarter board and the submission page on a desktop, and the government viewer's submission page: axe clean.</summary>
public sealed class ReportingOperatorPagesTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{
    [Theory]
    [InlineData("operator", "/parks/{park}/reporting")]
    [InlineData("operator", "/parks/{park}/reporting/submissions")]
    [InlineData("gov", "/parks/{park}/reporting/submissions")]
    public async Task ReportingPage_Axe_NoSeriousViolations(string user, string page)
    {
        await SignInAsync(user);
        (await OpenAsync(page.Replace("{park}", (await App.ParkIdAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture)))).Status.ShouldBe(200);
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }
}
