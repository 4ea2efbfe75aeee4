using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ParkOps.Browser.Tests.Infrastructure;
using ParkOps.Web.Features.ServiceDesk;
using ParkOps.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ParkOps.Browser.Tests;

/// <summary>The service desk on a 375 px phone (tenant, anonymous QR) and on the operator's desktop.</summary>
public sealed class ServiceDeskPhoneTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{
    private const int Width = 375;

    protected override BrowserNewContextOptions ContextOptions => new()
    {
        ViewportSize = new() { Width = Width, Height = 812 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2,
    };

    private async Task ShouldFitThePhoneAsync() =>
        (await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(Width + 1, $"{Page.Url} is wider than the phone");

    [Fact]
    public async Task Tenant_OpensARepairTicketOnAPhone_OperatorSeesItOnTheBoard()
    {
        await SignInAsync("tenant");
        var park = await App.ParkIdAsync();
        await OpenAsync($"/parks/{park}/tickets/new");
        await ShouldFitThePhoneAsync();
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
        var title = "车间空调不制冷 " + Random.Shared.Next(100_000, 1_000_000); // digits: the Chinese page scan reads ticket titles
        await Page.GetByLabel("类别").SelectOptionAsync("repair");
        await Page.GetByLabel("紧急程度").SelectOptionAsync("high");
        await Page.GetByLabel("标题").FillAsync(title);
        await Page.GetByLabel("详细描述").FillAsync("二楼 SMT 车间空调不制冷，温度 32 度。");
        await Page.GetByTestId("ticket-submit").TapAsync();
        await Expect(Page.GetByTestId("ticket-created")).ToBeVisibleAsync();
        await Expect(Page.Locator("h1")).ToContainTextAsync(title);
        await Expect(Page.GetByTestId("ticket-state")).ToHaveTextAsync("新提交");
        await ShouldFitThePhoneAsync();
        var reference = Regex.Match(await Page.Locator("h1").InnerTextAsync(), @"T\d{6}").Value;

        // the operator, on a desktop, finds it on the board with its time to breach
        var desk = await Chromium.Browser.NewContextAsync(new() { BaseURL = App.BaseUrl, Locale = "zh-CN", ViewportSize = new() { Width = 1280, Height = 900 } });
        try
        {
            await desk.AddCookiesAsync(await Chromium.SessionCookiesAsync(App.BaseUrl, "operator"));
            var page = await desk.NewPageAsync();
            await page.GotoAsync($"/parks/{park}/tickets");
            var row = page.GetByTestId("ticket-row").Filter(new() { HasText = reference });
            await Expect(row).ToBeVisibleAsync();
            await Expect(row).ToContainTextAsync(title);
            await Expect(row.GetByTestId("sla-badge")).ToContainTextAsync("剩余");
            await row.GetByRole(AriaRole.Link, new() { Name = reference }).ClickAsync();
            await page.GetByTestId("act-acknowledge").ClickAsync();
            await Expect(page.GetByTestId("ticket-state")).ToHaveTextAsync("已受理");
        }
        finally { await desk.CloseAsync(); }
    }

    [Fact]
    public async Task QrLink_AnonymousVisitorOnAPhone_SubmitsAndSeesOnlyAReference()
    {
        var token = await App.WithDbAsync(db => db.UnitQrCodes.OrderBy(q => q.Id).Select(q => q.Token).FirstAsync());
        await OpenAsync($"/q/{token}");
        await ShouldFitThePhoneAsync();
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
        await Page.GetByLabel("标题").FillAsync("门口感应灯不亮");
        await Page.GetByRole(AriaRole.Button, new() { Name = "提交" }).TapAsync();
        var receipt = Page.GetByTestId("qr-receipt");
        await Expect(receipt).ToContainTextAsync(new Regex(@"T\d{6}"));
        (await Page.Locator("main").InnerTextAsync()).ShouldNotContain("门口感应灯不亮");
    }
}

/// <summary>The operator's service desk pages on a desktop: accessible, keyboard-usable.</summary>
public sealed class ServiceDeskPagesTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{
    [Theory]
    [InlineData("/parks/{park}/tickets?view=all")]
    [InlineData("/parks/{park}/sla")]
    [InlineData("/parks/{park}/qr")]
    public async Task OperatorPage_HasNoSeriousAccessibilityViolations(string path)
    {
        await SignInAsync("operator");
        var res = await OpenAsync(await PathAsync(path));
        res.Status.ShouldBe(200);
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }

    [Fact]
    public async Task TicketDetail_WithTimelineAndPhoto_IsAccessible()
    {
        var id = await App.WithDbAsync(db => db.TicketPhotos.OrderBy(p => p.Id).Select(p => p.TicketId).FirstAsync());
        await SignInAsync("operator");
        (await OpenAsync($"/tickets/{id}")).Status.ShouldBe(200);
        await Expect(Page.GetByTestId("timeline")).ToBeVisibleAsync();
        await Expect(Page.Locator("img.img-thumbnail").First).ToBeVisibleAsync();
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }

    [Fact]
    public async Task QrPage_DrawsTheUnitsCode()
    {
        await SignInAsync("operator");
        await OpenAsync(await PathAsync("/parks/{park}/qr"));
        await Expect(Page.GetByTestId("qr-card").Locator("svg")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("qr-url")).ToContainTextAsync("/q/");
    }
}
