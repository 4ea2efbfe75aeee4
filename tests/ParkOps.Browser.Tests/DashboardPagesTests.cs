using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using ParkOps.Browser.Tests.Infrastructure;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ParkOps.Browser.Tests;

/// <summary>The park dashboard and the government's region overview on the demo: the API's figures in the page, the charts drawn.</summary>
public sealed class DashboardPagesTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{
    /// <summary>How the page writes a value: one decimal and the unit for percentages and minutes, two for per-mu figures, whole counts; "无数据" without one.</summary>
    private static string Shown(JsonElement k)
    {
        if (k.GetProperty("value").ValueKind == JsonValueKind.Null) return "无数据";
        var v = k.GetProperty("value").GetDecimal();
        return k.GetProperty("unit").GetString() switch
        {
            "percent" => v.ToString("0.0", CultureInfo.InvariantCulture) + "%",
            "minutes" => v.ToString("0.0", CultureInfo.InvariantCulture) + " 分钟",
            "wan-yuan-per-mu" => v.ToString("N2", CultureInfo.InvariantCulture) + " 万元/亩",
            _ => v.ToString("N0", CultureInfo.InvariantCulture) + " 条",
        };
    }

    /// <summary>The monthly report from the dashboard: the month picked downloads that month's PDF (its name and title say which).</summary>
    [Fact]
    public async Task MonthlyReport_PickedMonth_DownloadsThatMonthsPdf()
    {
        var park = await App.ParkIdAsync();
        await SignInAsync("operator");
        await OpenOkAsync($"/parks/{park}/dashboard");
        var select = Page.Locator("#dm");
        var values = await select.Locator("option").EvaluateAllAsync<string[]>("os => os.map(o => o.value)");
        // this month first, last month chosen; pick the one before it
        (await select.InputValueAsync()).ShouldBe(values[1]);
        await select.SelectOptionAsync(values[2]);
        var download = await Page.RunAndWaitForDownloadAsync(() => Page.GetByTestId("dash-monthly-pdf").ClickAsync());
        download.SuggestedFilename.ShouldBe($"DG-CA-01-{values[2]}-monthly-report.pdf");
        var path = await download.PathAsync();
        var bytes = await File.ReadAllBytesAsync(path);
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(bytes);
        var month = DateOnly.ParseExact(values[2] + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        string.Join(" ", pdf.GetPage(1).GetWords().Select(w => w.Text)).ShouldContain($"月度运营报告（{month.Year}年{month.Month}月）");
    }

    [Fact]
    public async Task ParkDashboard_Operator_ShowsTheApisFiguresWithChartsAndDefinitions_AxeClean()
    {
        var park = await App.ParkIdAsync();
        var api = await ApiAsync("operator", $"/api/v1/parks/{park}/dashboard");
        await SignInAsync("operator");
        await OpenOkAsync($"/parks/{park}/dashboard");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "园区运营看板", Exact = false }).First).ToBeVisibleAsync();
        foreach (var k in api.GetProperty("kpis").EnumerateArray())
        {
            var code = k.GetProperty("kpi").GetString();
            var card = Page.Locator($"[data-testid='dash-kpi'][data-kpi='{code}']");
            await Expect(card.GetByTestId("dash-value")).ToHaveTextAsync(Shown(k));
            await Expect(Page.GetByTestId($"dash-chart-{code}").Locator("canvas")).ToHaveCountAsync(1);
        }
        // the definition: the name's title, and shown under it on keyboard focus
        var term = Page.Locator("[data-kpi='occupancy'] .kpi-term");
        await Expect(term).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex("可出租面积"));
        await term.FocusAsync();
        await Expect(Page.Locator("#def-occupancy")).ToBeVisibleAsync();
        // the data table one click away
        await Page.GetByTestId("dash-chart-occupancy-table-toggle").Locator("summary").ClickAsync();
        await Expect(Page.GetByTestId("dash-chart-occupancy-table")).ToBeVisibleAsync();
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);

        // the drill-down: the collaborating enterprises, as many as the numerator
        await Page.Locator("[data-kpi='collaborationRate']").GetByTestId("dash-items-link").ClickAsync();
        await Page.WaitForPageAsync("**/dashboard/collaborationRate?quarter=*");
        var collab = api.GetProperty("kpis").EnumerateArray().Single(k => k.GetProperty("kpi").GetString() == "collaborationRate");
        await Expect(Page.Locator("[data-testid='items-row'][data-counted='true']")).ToHaveCountAsync((int)collab.GetProperty("numerator").GetDecimal());
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }

    [Fact]
    public async Task RegionOverview_Government_ShowsEveryParkWithChartsAndKeepsItsQueryWhenAParkIsPicked_AxeClean()
    {
        var city = await App.WithDbAsync(async db => (await db.Regions.SingleAsync(r => r.Code == "441900")).Id);
        var api = await ApiAsync("gov", $"/api/v1/regions/{city}/parks-overview");
        await SignInAsync("gov");
        await OpenOkAsync($"/regions/{city}/parks?sort=leadingIndustryShare&dir=asc");
        await Expect(Page.GetByTestId("region-row")).ToHaveCountAsync(api.GetProperty("parks").GetArrayLength());
        var units = api.GetProperty("totals").EnumerateArray().ToDictionary(t => t.GetProperty("kpi").GetString()!, t => t);
        foreach (var p in api.GetProperty("parks").EnumerateArray())
        {
            var row = Page.Locator($"[data-testid='region-row'][data-park='{p.GetProperty("parkId").GetInt64()}']");
            foreach (var c in p.GetProperty("kpis").EnumerateArray())
            {
                var code = c.GetProperty("kpi").GetString()!;
                var shown = Shown(JsonDocument.Parse($$"""{"value":{{c.GetProperty("value").GetRawText()}},"unit":"{{units[code].GetProperty("unit").GetString()}}"}""").RootElement);
                await Expect(row.Locator($"td[data-kpi='{code}']")).ToHaveTextAsync(shown);
            }
        }
        foreach (var t in units.Values)
        {
            await Expect(Page.Locator($"[data-testid='region-total'][data-kpi='{t.GetProperty("kpi").GetString()}']").GetByTestId("region-total-value")).ToHaveTextAsync(Shown(t));
            await Expect(Page.GetByTestId($"region-chart-{t.GetProperty("kpi").GetString()}").Locator("canvas")).ToHaveCountAsync(1);
        }
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);

        // a park picked: its dashboard, with the way back to this page as it was (sort and order kept)
        await Page.GetByTestId("region-park-link").First.ClickAsync();
        await Page.WaitForPageAsync("**/dashboard?quarter=*");
        var back = Page.GetByTestId("dash-back");
        await Expect(back).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex($"^/regions/{city}/parks\\?quarter=\\d{{4}}Q\\d&sort=leadingIndustryShare&dir=asc$"));
        await Expect(Page.GetByTestId("dash-items-link")).ToHaveCountAsync(0);
        await back.ClickAsync();
        await Page.WaitForPageAsync($"**/regions/{city}/parks?*");
        await Expect(Page.Locator("#rs")).ToHaveValueAsync("leadingIndustryShare");
    }
}

/// <summary>The dashboard and the region overview on a 375 px phone: nothing wider than the screen (tables become cards).</summary>
public sealed class DashboardPhoneTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{
    protected override BrowserNewContextOptions ContextOptions => new()
    {
        ViewportSize = new() { Width = 375, Height = 812 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2,
    };

    [Theory]
    [InlineData("operator", "/parks/{park}/dashboard")]
    [InlineData("operator", "/parks/{park}/dashboard/occupancy")]
    [InlineData("gov", "/regions/{city}/parks")]
    public async Task Page_OnA375PxPhone_HasNoHorizontalOverflow(string user, string page)
    {
        var park = await App.ParkIdAsync();
        var city = await App.WithDbAsync(async db => (await db.Regions.SingleAsync(r => r.Code == "441900")).Id);
        await SignInAsync(user);
        await OpenOkAsync(page.Replace("{park}", park.ToString(CultureInfo.InvariantCulture)).Replace("{city}", city.ToString(CultureInfo.InvariantCulture)));
        (await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(376);
    }
}
