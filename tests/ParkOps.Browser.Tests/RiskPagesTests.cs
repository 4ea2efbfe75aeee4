using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using ParkOps.Browser.Tests.Infrastructure;
using ParkOps.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ParkOps.Browser.Tests;

/// <summary>The risk inbox, an order drop's ripple and the government's summary, as people see them.</summary>
public sealed class RiskPagesTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{
    [Fact]
    public async Task Ripple_OperatorOpensTheChainLeadersOrderDrop_SeesBothSuppliersAndTheSecondDegree()
    {
        var park = await App.ParkIdAsync();
        await SignInAsync("operator");
        await OpenOkAsync($"/parks/{park}/risk?type=order-drop");
        var alert = Page.GetByTestId("risk-alert");
        await Expect(alert).ToHaveCountAsync(1);
        await Expect(alert).ToContainTextAsync("东莞市星辰智能终端有限公司");
        await alert.GetByTestId("risk-open").ClickAsync();
        await Page.WaitForPageAsync(new System.Text.RegularExpressions.Regex("/risk/alerts/\\d+$"));
        // the graph is drawn (ECharts' canvas, three suppliers) and its figures are one click away
        await Expect(Page.Locator("[data-ripple][data-drawn='3'] canvas").First).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("risk-evidence")).ToContainTextAsync("下降 80%");
        await Page.GetByTestId("risk-ripple-table").Locator("summary").ClickAsync();
        var rows = Page.GetByTestId("ripple-row");
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(rows.Nth(0)).ToContainTextAsync("东莞市长安捷讯电子有限公司");
        await Expect(rows.Nth(0)).ToContainTextAsync("一级供应商");
        await Expect(rows.Nth(0).GetByTestId("ripple-exposure")).ToHaveTextAsync("55%");
        await Expect(rows.Nth(1)).ToContainTextAsync("东莞市德胜插件焊接有限公司");
        await Expect(rows.Nth(1).GetByTestId("ripple-exposure")).ToHaveTextAsync("40%");
        await Expect(rows.Nth(2)).ToContainTextAsync("东莞市鑫达铜箔科技有限公司");
        await Expect(rows.Nth(2)).ToContainTextAsync("二级供应商（经 东莞市长安捷讯电子有限公司）");
        await Expect(rows.Nth(2).GetByTestId("ripple-exposure")).ToHaveTextAsync("19.25%");
        var id = Page.Url.Split('/').Last();
        await Expect(Page.GetByTestId("risk-crisis")).ToHaveAttributeAsync("href", $"/parks/{park}/reserve-fund/crises/new?alertId={id}");
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
        CspViolations.ShouldBeEmpty();
    }

    [Fact]
    public async Task Inbox_BulkAcknowledge_AsksFirstThenAcknowledges()
    {
        var park = await App.ParkIdAsync();
        await SignInAsync("operator");
        await OpenOkAsync($"/parks/{park}/risk?type=ecosystem&state=open");
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
        var boxes = Page.Locator("[data-testid=risk-alert] input[type=checkbox]");
        var chosen = new[] { await boxes.Nth(0).GetAttributeAsync("value"), await boxes.Nth(1).GetAttributeAsync("value") };
        await boxes.Nth(0).CheckAsync();
        await boxes.Nth(1).CheckAsync();
        await Page.GetByTestId("risk-bulk").ClickAsync();
        await Expect(Page.GetByTestId("risk-confirm")).ToContainTextAsync("确认将所选的 2 条预警");
        (await App.WithDbAsync(db => db.Set<ParkOps.Web.Features.Risk.RiskAlert>().CountAsync(a => chosen.Contains(a.Id.ToString()) && a.State == ParkOps.Domain.Risk.AlertState.Open))).ShouldBe(2);
        await Page.GetByTestId("risk-confirm-yes").ClickAsync();
        await Expect(Page.GetByTestId("risk-done")).ToHaveTextAsync("已确认 2 条预警");
        (await App.WithDbAsync(db => db.Set<ParkOps.Web.Features.Risk.RiskAlert>().CountAsync(a => chosen.Contains(a.Id.ToString()) && a.State == ParkOps.Domain.Risk.AlertState.Acknowledged))).ShouldBe(2);
    }

    [Fact]
    public async Task Summary_Government_CountsWithoutFirmNames_TenantRefused()
    {
        var park = await App.ParkIdAsync();
        await SignInAsync("gov");
        await OpenOkAsync($"/parks/{park}/risk-summary");
        await Expect(Page.GetByTestId("risk-summary")).ToContainTextAsync("订单骤降（供应链波及）");
        (await Page.InnerTextAsync("main")).ShouldNotContain("星辰");
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
        var res = await OpenAsync($"/parks/{park}/risk");
        res.Status.ShouldBe(403);
        await Expect(Page.GetByTestId("risk-error")).ToHaveTextAsync("风险预警仅园区运营人员可查看和处理");
    }
}

/// <summary>The inbox and an alert on a 375 px phone: nothing wider than the screen.</summary>
public sealed class RiskPagesPhoneTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{
    private const int Width = 375;

    protected override BrowserNewContextOptions ContextOptions => new()
    {
        ViewportSize = new() { Width = Width, Height = 812 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2,
    };

    [Fact]
    public async Task InboxAndRipple_OnA375PxPhone_FitAndAxeFindsNothingSerious()
    {
        var park = await App.ParkIdAsync();
        await SignInAsync("operator");
        await OpenOkAsync($"/parks/{park}/risk");
        (await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(Width + 1);
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
        await OpenOkAsync($"/parks/{park}/risk?type=order-drop");
        await Page.GetByTestId("risk-open").ClickAsync();
        await Page.WaitForPageAsync(new System.Text.RegularExpressions.Regex("/risk/alerts/\\d+$"));
        await Expect(Page.Locator("[data-ripple][data-drawn='3']")).ToBeVisibleAsync();
        (await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(Width + 1);
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }
}
