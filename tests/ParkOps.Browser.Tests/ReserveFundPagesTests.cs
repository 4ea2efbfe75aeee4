using Microsoft.EntityFrameworkCore;
using ParkOps.Browser.Tests.Infrastructure;
using ParkOps.Web.Features.ReserveFund;
using ParkOps.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ParkOps.Browser.Tests;

/// <summary>The reserve fund's pages on the demo park: the operator's overview, loan and crisis; the tenant's own page.</summary>
public sealed class ReserveFundPagesTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{
    [Fact]
    public async Task Overview_Operator_ShowsBalanceChartLedgerAndLoans_AxeClean()
    {
        var park = await App.ParkIdAsync();
        await SignInAsync("operator");
        await OpenOkAsync($"/parks/{park}/reserve-fund");
        await Expect(Page.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Name = "风险准备金", Exact = true })).ToBeVisibleAsync();
        // ECharts drew into the chart's box (a canvas), and the same numbers are in the table one click away
        await Expect(Page.GetByTestId("fund-chart").Locator("canvas")).ToHaveCountAsync(1);
        await Page.Locator("details summary").ClickAsync();
        await Expect(Page.GetByTestId("fund-history").Locator("tbody tr").First).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("fund-loans")).ToContainTextAsync("东莞市长安捷讯电子有限公司");
        await Expect(Page.GetByTestId("fund-ledger")).ToContainTextAsync("过桥借款发放");
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }

    [Fact]
    public async Task LoanAndCrisis_Operator_ScheduleAndClosedCrisisInChinese_AxeClean()
    {
        var park = await App.ParkIdAsync();
        var loan = await App.WithDbAsync(db => db.Set<BridgeLoan>().Where(l => l.ParkId == park && l.Purpose.StartsWith("支付原材料")).Select(l => l.Id).FirstAsync());
        var crisis = await App.WithDbAsync(db => db.Set<Crisis>().Where(c => c.ParkId == park && c.Title == "星辰智能订单骤降").Select(c => c.Id).FirstAsync());
        await SignInAsync("operator");
        await OpenOkAsync($"/parks/{park}/reserve-fund/loans/{loan}");
        await Expect(Page.GetByTestId("instalment")).ToHaveCountAsync(6);
        await Expect(Page.GetByTestId("instalment").First).ToContainTextAsync("已还");
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
        await OpenOkAsync($"/parks/{park}/reserve-fund/crises/{crisis}");
        await Expect(Page.GetByTestId("crisis-state")).ToHaveTextAsync("已关闭");
        await Expect(Page.GetByTestId("crisis-firms").Locator("li")).ToHaveCountAsync(4);
        await Expect(Page.GetByTestId("crisis-outcome")).ToBeVisibleAsync();
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }

    [Fact]
    public async Task NewCrisis_FromTheRipplesLink_PreTicksTheAffectedFirms()
    {
        var park = await App.ParkIdAsync();
        var jiexun = await App.EnterpriseOfAsync("tenant");
        var xingchen = await App.EnterpriseOfAsync("tenant2");
        await SignInAsync("operator");
        await OpenOkAsync($"/parks/{park}/reserve-fund/crises/new?alertId=41&enterprises={xingchen},{jiexun}");
        await Expect(Page.GetByTestId("crisis-from-alert")).ToContainTextAsync("#41");
        await Expect(Page.Locator($"#firm-{jiexun}")).ToBeCheckedAsync();
        await Expect(Page.Locator($"#firm-{xingchen}")).ToBeCheckedAsync();
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }

    [Fact]
    public async Task Rate_OperatorSetsAFutureQuartersRate_ConfirmedThenListed()
    {
        var park = await App.ParkIdAsync();
        await SignInAsync("operator");
        await OpenOkAsync($"/parks/{park}/reserve-fund");
        // the last quarter offered (a year ahead): no bill of this run's other tests reaches it
        var last = await Page.Locator("#rfrom option").Last.GetAttributeAsync("value");
        await Page.Locator("#rfrom").SelectOptionAsync(last!);
        await Page.Locator("#rpct").FillAsync("0.35");
        await Expect(Page.Locator("#rconfirm")).ToHaveAttributeAsync("required", "");
        await Page.Locator("#rconfirm").CheckAsync();
        await Page.GetByTestId("fund-rate-save").ClickAsync();
        await Page.WaitForPageAsync($"**/reserve-fund?rate={last}");
        await Expect(Page.GetByTestId("fund-done")).ToContainTextAsync("新比例自");
        await Expect(Page.GetByTestId("fund-rates")).ToContainTextAsync("0.35%");
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }

    [Fact]
    public async Task OwnPage_Tenant_SeesItsLoanScheduleAndContributions_AxeClean()
    {
        var own = await App.EnterpriseOfAsync("tenant");
        await SignInAsync("tenant");
        await OpenOkAsync($"/enterprises/{own}/reserve-fund");
        await Expect(Page.GetByTestId("my-loan")).ToHaveCountAsync(1);
        await Expect(Page.GetByTestId("my-contributions").Locator("li").First).ToContainTextAsync("元");
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }
}
