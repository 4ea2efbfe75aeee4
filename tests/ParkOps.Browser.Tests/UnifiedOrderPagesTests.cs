using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using ParkOps.Browser.Tests.Infrastructure;
using ParkOps.Domain.Orders;
using ParkOps.Web.Features.Orders;
using ParkOps.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ParkOps.Browser.Tests;

/// <summary>Unified orders in the console: the operator records and splits an order and offers it; the tenant accepts its part on a 375 px phone.</summary>
public sealed partial class UnifiedOrderPagesTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{
    [Fact]
    public async Task Settings_OperatorSetsTheParksDefaultFee_TheNewOrderFormStartsFromIt_AndABadRateIsAnsweredInWords()
    {
        // 虎门 and its operator: the other order tests of the shared demo work in 长安 at the platform's 3 %
        var park = await App.ParkIdAsync("DG-HM-01");
        await SignInAsync("operator2");
        await OpenOkAsync($"/parks/{park}/unified-orders");
        try
        {
            await Expect(Page.GetByTestId("uo-fee-now")).ToHaveTextAsync("本园区尚未设置，新订单按平台默认费率 3%");
            await Expect(Page.Locator("#ufee")).ToHaveValueAsync("3");
            await Page.Locator("#udfee").FillAsync("101");
            await Page.Locator("#udfee").EvaluateAsync("e => e.removeAttribute('max')");
            await Page.GetByTestId("uo-settings-save").ClickAsync();
            await Expect(Page.GetByTestId("uo-error")).ToContainTextAsync("平台服务费率须在 0 至 100% 之间");
            (await App.WithDbAsync(db => db.Set<UnifiedOrderSettings>().IgnoreQueryFilters().CountAsync(x => x.ParkId == park))).ShouldBe(0);

            await Page.Locator("#udfee").FillAsync("5.5");
            await Page.GetByTestId("uo-settings-save").ClickAsync();
            await Page.WaitForPageAsync("**/unified-orders?done=settings");
            await Expect(Page.GetByTestId("uo-done")).ToHaveTextAsync("已将本园区统一接单的默认平台服务费率设为 5.5%，之后新录入的订单按此费率。");
            await Expect(Page.GetByTestId("uo-fee-now")).ToContainTextAsync("本园区默认费率 5.5%（operator2 于");
            await Expect(Page.Locator("#ufee")).ToHaveValueAsync("5.5");
            (await App.WithDbAsync(db => db.Set<UnifiedOrderSettings>().IgnoreQueryFilters().Where(x => x.ParkId == park).Select(x => x.DefaultFeePercent).SingleAsync())).ShouldBe(5.5m);
            await Page.ShouldHaveNoSeriousViolationsAsync(Log);
        }
        finally
        {
            await App.WithDbAsync(db => db.Set<UnifiedOrderSettings>().IgnoreQueryFilters().Where(x => x.ParkId == park).ExecuteDeleteAsync());
        }
    }

    [Fact]
    public async Task Operator_CreatesAndSplitsAnOrder_TenantAcceptsItsPartOnAPhone()
    {
        var park = await App.ParkIdAsync();
        var t1 = await App.EnterpriseOfAsync("tenant");
        var t2 = await App.EnterpriseOfAsync("tenant2");
        await SignInAsync("operator");
        await OpenOkAsync($"/parks/{park}/unified-orders");
        var form = Page.GetByTestId("uo-new-form");
        await form.GetByLabel("客户").FillAsync("佛山市浏览器测试电器有限公司");
        await form.GetByLabel("联系方式").FillAsync("采购 李先生 0757-1234 5678");
        await form.GetByLabel("交货日期").FillAsync(DateTime.UtcNow.AddHours(8).AddDays(15).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await form.GetByLabel("产品与工艺").FillAsync("智能插座控制板贴片与组装");
        await form.GetByLabel("数量").FillAsync("500");
        await form.GetByLabel("单位").FillAsync("片");
        await form.GetByLabel("订单金额（元）").FillAsync("8888.88");
        await Page.GetByTestId("uo-create").ClickAsync();
        await Page.WaitForPageAsync(CreatedUrl());
        await Expect(Page.GetByTestId("uo-done")).ToContainTextAsync("已录入订单");
        var id = long.Parse(CreatedUrl().Match(Page.Url).Groups[1].Value, CultureInfo.InvariantCulture);
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);

        // split: tenant 60 %, tenant2 40 %; the amounts are left to the order's amount × share
        var rows = Page.GetByTestId("uo-split-row");
        await rows.Nth(0).GetByTestId("uo-split-enterprise").SelectOptionAsync(t1.ToString(CultureInfo.InvariantCulture));
        await rows.Nth(0).GetByTestId("uo-split-work").FillAsync("SMT 贴片");
        await rows.Nth(0).GetByTestId("uo-split-qty").FillAsync("500");
        await rows.Nth(0).GetByTestId("uo-split-share").FillAsync("60");
        await rows.Nth(1).GetByTestId("uo-split-enterprise").SelectOptionAsync(t2.ToString(CultureInfo.InvariantCulture));
        await rows.Nth(1).GetByTestId("uo-split-work").FillAsync("成品组装");
        await rows.Nth(1).GetByTestId("uo-split-qty").FillAsync("500");
        await rows.Nth(1).GetByTestId("uo-split-share").FillAsync("40");
        await Page.GetByTestId("uo-save-split").ClickAsync();
        await Page.WaitForPageAsync($"**/unified-orders/{id}?done=split");
        await Expect(Page.GetByTestId("uo-done")).ToContainTextAsync("2 个分包，份额合计 100%");
        await Expect(Page.GetByTestId("uo-parts")).ToContainTextAsync("5,333.33"); // 8,888.88 × 60 % = 5,333.328 → 5,333.33
        await Page.GetByTestId("uo-allocate").ClickAsync();
        await Page.WaitForPageAsync($"**/unified-orders/{id}?done=allocate");
        await Expect(Page.GetByTestId("uo-state")).ToHaveTextAsync("待企业确认");

        // the tenant on a phone: its list, its part, accept
        await SignInAsync("tenant");
        await Page.SetViewportSizeAsync(375, 812);
        await OpenOkAsync($"/parks/{park}/my-unified-orders");
        var row = Page.Locator($"tr[data-order-id='{id}']");
        await Expect(row).ToContainTextAsync("待确认");
        await row.GetByTestId("uo-my-open").ClickAsync();
        await Page.WaitForPageAsync($"**/my/unified-orders/{id}");
        await Expect(Page.GetByTestId("uo-my-part")).ToHaveCountAsync(1); // its own part only, not tenant2's
        await Expect(Page.GetByTestId("uo-my-part")).ToContainTextAsync("SMT 贴片");
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
        (await Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth")).ShouldBeTrue("the part page scrolls sideways on a 375 px phone");
        await Page.GetByTestId("uo-accept").ClickAsync();
        await Page.WaitForPageAsync($"**/my/unified-orders/{id}?done=accept");
        await Expect(Page.GetByTestId("uo-done")).ToContainTextAsync("已接受分包：SMT 贴片");
        await Expect(Page.GetByTestId("uo-my-part-state")).ToHaveTextAsync("已接受");
        (await App.WithDbAsync(db => db.Set<UnifiedOrderPart>().IgnoreQueryFilters().Where(p => p.OrderId == id && p.EnterpriseId == t1).Select(p => p.State).SingleAsync()))
            .ShouldBe(UnifiedOrderPartState.Accepted);
    }

    [GeneratedRegex(@"/unified-orders/(\d+)\?done=created")]
    private static partial Regex CreatedUrl();
}
