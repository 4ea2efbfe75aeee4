using System.Globalization;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using ParkOps.Browser.Tests.Infrastructure;
using ParkOps.Domain.ParkServices;
using ParkOps.Web.Features.Billing;
using ParkOps.Web.Features.ParkServices;
using ParkOps.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ParkOps.Browser.Tests;

/// <summary>The operator's service pages on the demo park: the order board's fulfil with its confirmation, the price list, the revenue structure.</summary>
public sealed class ParkServicesPagesTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{
    /// <summary>An order of tenant2's enterprise for the park's first service, with an amount no other order has (7 × 123.45 = 864.15).</summary>
    private async Task<long> OrderAsync(long park)
    {
        var enterprise = await App.EnterpriseOfAsync("tenant2");
        return await App.WithDbAsync(async db =>
        {
            var service = await db.Set<ParkService>().IgnoreQueryFilters().Where(s => s.ParkId == park && s.IsActive).OrderBy(s => s.Id).FirstAsync();
            var o = new ServiceOrder
            {
                ParkId = park, EnterpriseId = enterprise, ServiceId = service.Id, ServiceName = service.Name, Unit = service.Unit, Quantity = 7, UnitPrice = 123.45m, Amount = 864.15m,
                OrderedOn = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)), OrderedBy = "tenant2", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            };
            db.Add(o);
            await db.SaveChangesAsync();
            return o.Id;
        });
    }

    [Fact]
    public async Task Fulfil_Operator_AsksForTheConfirmationNamingTheAmountThenSaysWhereItIsBilled()
    {
        var park = await App.ParkIdAsync();
        var id = await OrderAsync(park);
        await SignInAsync("operator");
        await OpenOkAsync($"/parks/{park}/service-orders?state=Ordered");
        var row = Page.Locator($"tr[data-order-id='{id}']");
        var confirm = row.GetByTestId("svc-fulfil-confirm");
        await Expect(row.GetByTestId("svc-fulfil-form")).ToContainTextAsync("将在下一期账单中收取 ¥864.15");
        await Expect(confirm).ToHaveAttributeAsync("required", "");
        // unticked, the browser refuses to send the form
        await row.GetByTestId("svc-fulfil").ClickAsync();
        (await confirm.EvaluateAsync<bool>("c => !c.checked && !c.form.checkValidity()")).ShouldBeTrue();
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);

        await confirm.CheckAsync();
        await row.GetByTestId("svc-fulfil").ClickAsync();
        await Page.WaitForPageAsync($"**/service-orders?state=Ordered&done=fulfil:{id}");
        await Expect(Page.GetByTestId("svc-done")).ToContainTextAsync($"订单 {id}");
        await Expect(Page.GetByTestId("svc-done")).ToContainTextAsync("864.15");
        (await App.WithDbAsync(db => db.Set<ServiceOrder>().IgnoreQueryFilters().Where(o => o.Id == id).Select(o => o.State).SingleAsync())).ShouldBe(ServiceOrderState.Fulfilled);
        (await App.WithDbAsync(db => db.PendingCharges.IgnoreQueryFilters().CountAsync(c => c.SourceType == "service-order" && c.SourceId == id.ToString()))).ShouldBe(1);
        // the filter stayed in the address: the fulfilled order is no longer among the ordered ones
        await Expect(Page.Locator($"tr[data-order-id='{id}']")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task PriceList_Operator_ShowsTheDemoServicesWithTheirPriceVersions_AxeClean()
    {
        var park = await App.ParkIdAsync();
        await SignInAsync("operator");
        await OpenOkAsync($"/parks/{park}/services");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "服务价目表", Exact = true })).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("svc-row")).ToHaveCountAsync(9);
        var policy = Page.GetByTestId("svc-row").Filter(new() { HasText = "政策申报代办" });
        await Expect(policy).ToContainTextAsync("2,500.00 元/项");
        await Expect(policy).ToContainTextAsync("2,000.00 元");
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }

    [Fact]
    public async Task RevenueStructure_Operator_ChartAndTableShowTheFiguresTheApiGives_AxeClean()
    {
        var park = await App.ParkIdAsync();
        // last month's year: the demo billed it
        var year = DateTime.UtcNow.AddHours(8).AddMonths(-1).Year;
        // the API of the running server, signed in with a bearer token of its own
        using var http = new HttpClient { BaseAddress = new Uri(App.BaseUrl) };
        var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { userName = "operator", password = ParkOps.Web.Features.Demo.DemoSeeder.Password });
        login.EnsureSuccessStatusCode();
        http.DefaultRequestHeaders.Authorization = new("Bearer", (await login.Content.ReadFromJsonAsync<ParkOps.Web.Tests.Infrastructure.ParkOpsFactory.TokenResponse>())!.AccessToken);
        var api = await (await http.GetAsync($"/api/v1/parks/{park}/revenue-structure?year={year}")).JsonAsync();
        var total = api.GetProperty("total");
        await SignInAsync("operator");
        await OpenOkAsync($"/parks/{park}/revenue-structure?year={year}");
        await Expect(Page.GetByTestId("rev-chart").Locator("canvas")).ToHaveCountAsync(1);
        await Expect(Page.GetByTestId("rev-chart")).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("服务收入占比"));
        await Page.GetByTestId("rev-table-toggle").Locator("summary").ClickAsync();
        var yearRow = Page.Locator($"tr[data-period='{year}']");
        await Expect(yearRow.GetByTestId("rev-total")).ToHaveTextAsync(total.GetProperty("total").GetDecimal().ToString("N2", CultureInfo.InvariantCulture));
        var share = (total.GetProperty("serviceShare").GetDecimal() * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";
        await Expect(yearRow.GetByTestId("rev-share")).ToHaveTextAsync(share);
        foreach (var m in api.GetProperty("months").EnumerateArray().Where(m => m.GetProperty("total").GetDecimal() > 0))
            await Expect(Page.Locator($"tr[data-period='{m.GetProperty("period").GetString()}']").GetByTestId("rev-total"))
                .ToHaveTextAsync(m.GetProperty("total").GetDecimal().ToString("N2", CultureInfo.InvariantCulture));
        await Expect(Page.GetByTestId("rev-verdict")).ToContainTextAsync(share);
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }
}

/// <summary>The tenant's 园区服务 page on a 375 px phone: services as cards, an order placed and followed.</summary>
public sealed class ParkServicesPhoneTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{
    protected override BrowserNewContextOptions ContextOptions => new()
    {
        ViewportSize = new() { Width = 375, Height = 812 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2,
    };

    [Fact]
    public async Task Order_TenantOnAPhone_OrdersFromACardAndSeesTheOrderInItsList()
    {
        var park = await App.ParkIdAsync();
        await SignInAsync("tenant");
        await OpenOkAsync($"/parks/{park}/my-services");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "园区服务", Exact = true })).ToBeVisibleAsync();
        var card = Page.GetByTestId("svc-card").Filter(new() { HasText = "可靠性试验" });
        await Expect(card).ToBeVisibleAsync();
        (await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(376);
        await card.GetByTestId("svc-qty").FillAsync("2.5");
        await card.GetByTestId("svc-order").ClickAsync();
        await Page.WaitForPageAsync("**/my-services?done=ordered:*");
        // 2.5 小时 × 350.00 = 875.00
        await Expect(Page.GetByTestId("svc-done")).ToContainTextAsync("可靠性试验");
        await Expect(Page.GetByTestId("svc-done")).ToContainTextAsync("875.00");
        var id = long.Parse(Page.Url.Split("ordered:")[1], CultureInfo.InvariantCulture);
        var row = Page.Locator($"tr[data-order-id='{id}']");
        await Expect(row).ToContainTextAsync("已下单");
        await Expect(row).ToBeVisibleAsync();
        (await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(376);
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }
}
