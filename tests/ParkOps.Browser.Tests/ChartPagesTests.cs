using System.Globalization;
using ParkOps.Browser.Tests.Infrastructure;
using ParkOps.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ParkOps.Browser.Tests;

/// <summary>
/// Charts (issue 13 item 5) on the pages no other browser test opens with a chart in view: the operator's home trends,
/// the desk's monthly report and the utilisation heat map. Each is drawn (a canvas), described (aria-describedby) and
/// has its data table one click away with the page's own figures. The arrears, capacity board, lease and pool charts are
/// checked in the tests that already open those pages (BillingPagesTests, MarketplacePagesTests, LeasingPagesTests, PoolPagesTests).
/// </summary>
public sealed class ChartPagesTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{
    private static decimal Number(string s) => decimal.Parse(s.Replace("元", "").Replace("%", "").Trim(), NumberStyles.Number, CultureInfo.InvariantCulture);

    [Fact]
    public async Task ChartPages_Operator_DrawTheTrendsTheReportAndTheHeatmapWithTheirTables()
    {
        var park = await App.ParkIdAsync();
        await SignInAsync("operator");

        // home: the to-do first, the trends below; this month's arrears in the trend equal the arrears figure above it
        await OpenOkAsync("/");
        await Expect(Page.GetByTestId("home-trend-chart").Locator("canvas")).ToHaveCountAsync(1);
        await Expect(Page.GetByTestId("home-ticket-chart").Locator("canvas")).ToHaveCountAsync(1);
        (await Page.EvaluateAsync<bool>("() => !!(document.querySelector('[data-testid=todo]').compareDocumentPosition(document.querySelector('[data-testid=home-trend-chart]')) & Node.DOCUMENT_POSITION_FOLLOWING)"))
            .ShouldBeTrue("the to-do comes before the charts");
        await Expect(Page.GetByTestId("home-trend-chart-desc")).ToContainTextAsync("出租率");
        await Page.GetByTestId("home-trend-chart-table-toggle").Locator("summary").ClickAsync();
        var rows = Page.GetByTestId("home-trend-chart-table").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(12);
        var arrears = await Page.GetByTestId("money-kpis").Locator(".kpi-value").First.InnerTextAsync();
        await Expect(rows.Last.Locator("td").First).ToHaveTextAsync(arrears.Replace("元", "").Trim());
        // the occupancy rate of this month's end, in 0–100 %
        Number(await rows.Last.Locator("td").Nth(1).InnerTextAsync()).ShouldBeInRange(1m, 100m);

        // the desk report: tickets by category add up to the month's count in the report table; the SLA share is the table's
        await OpenOkAsync($"/parks/{park}/tickets/report");
        await Expect(Page.GetByTestId("desk-chart").Locator("canvas")).ToHaveCountAsync(1);
        await Page.GetByTestId("desk-chart-table-toggle").Locator("summary").ClickAsync();
        var report = Page.GetByTestId("desk-report").Locator("tbody tr");
        var chart = Page.GetByTestId("desk-chart-table").Locator("tbody tr");
        await Expect(chart).ToHaveCountAsync(await report.CountAsync());
        var lastMonth = await report.CountAsync() - 2;
        var cells = await chart.Nth(lastMonth).Locator("td").AllInnerTextsAsync();
        var reportCells = await report.Nth(lastMonth).Locator("td").AllInnerTextsAsync();
        cells.Take(4).Sum(c => int.Parse(c, CultureInfo.InvariantCulture)).ShouldBe(int.Parse(reportCells[0], CultureInfo.InvariantCulture));
        cells[4].ShouldBe(reportCells[3]);
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);

        // utilisation: booked hours by day and hour; the cells add up to the month's booked hours in the table
        await OpenOkAsync($"/parks/{park}/resources/utilisation");
        await Expect(Page.GetByTestId("utilisation-heatmap").Locator("canvas")).ToHaveCountAsync(1);
        await Page.GetByTestId("utilisation-heatmap-table-toggle").Locator("summary").ClickAsync();
        await Expect(Page.GetByTestId("utilisation-heatmap-table").Locator("tbody tr")).ToHaveCountAsync(7);
        // (each cell is rounded to 0.01 h, the table's total to 0.1 h)
        var cellTexts = await Page.GetByTestId("utilisation-heatmap-table").Locator("tbody td").AllInnerTextsAsync();
        var hours = cellTexts.Sum(Number);
        var booked = Number(await Page.GetByTestId("utilisation").Locator("tfoot td").Nth(1).InnerTextAsync());
        hours.ShouldBe(booked, 0.05m + 0.005m * cellTexts.Count(c => c != "0"));
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }
}
