using System.Text.RegularExpressions;
using ParkOps.Browser.Tests.Infrastructure;
using ParkOps.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ParkOps.Browser.Tests;

/// <summary>
/// The home as each role opens it (issue 13 item 2): the to-do comes first, with the items and figures the API gives
/// the same user (<c>GET /api/v1/me/todo</c>), and each item is one click from the page where it is done.
/// </summary>
public sealed class HomeToDoTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{
    private sealed record Item(string Kind, string Title, string Link, int Count, decimal? Amount);

    /// <summary>The signed-in user's to-do as the API gives it (the browser context's own session).</summary>
    private async Task<List<Item>> ApiToDoAsync(string user)
    {
        await SignInAsync(user);
        var res = await Page.APIRequest.GetAsync(App.BaseUrl.TrimEnd('/') + "/api/v1/me/todo");
        res.Ok.ShouldBeTrue($"{res.Status} {await res.TextAsync()}");
        return System.Text.Json.JsonSerializer.Deserialize<List<Item>>(await res.TextAsync(), Demo.Json)!;
    }

    [Theory]
    [InlineData("tenant", "bills.owed")]
    [InlineData("operator", "bills.overdue")]
    [InlineData("contractor", "tickets.assigned")]
    [InlineData("gov", "parks.alerts")]
    public async Task Home_ListsTheApisToDo_AndAnItemOpensWhereItIsDone(string user, string follow)
    {
        var api = await ApiToDoAsync(user);
        api.ShouldContain(i => i.Kind == follow, $"the demo gives {user} an item of kind {follow}");
        await OpenOkAsync("/");
        var items = Page.GetByTestId("todo-item");
        await Expect(items).ToHaveCountAsync(api.Count);
        await Expect(Page.GetByTestId("todo-count")).ToHaveTextAsync(api.Count.ToString());
        // the same titles, with their figures, in the same order (most pressing first)
        var titles = await Page.Locator("[data-testid=todo-item] .todo-title").AllInnerTextsAsync();
        titles.ShouldBe(api.Select(i => i.Title).ToList());
        var item = api.First(i => i.Kind == follow);
        await Page.Locator($"[data-testid=todo-item][data-kind='{follow}'] a").First.ClickAsync();
        var path = item.Link.Split('?')[0];
        await Page.WaitForPageAsync(new Regex(Regex.Escape(path) + @"(\?|$)"));
        new Uri(Page.Url).PathAndQuery.ShouldBe(item.Link);
        (await Page.InnerTextAsync("main")).ShouldNotContain("无权");
        await Expect(Page.Locator("h1")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Home_Tenant_SaysWhatItOwesAndByWhen()
    {
        var bill = (await ApiToDoAsync("tenant")).First(i => i.Kind == "bills.owed");
        await OpenOkAsync("/");
        var card = Page.Locator("[data-testid=todo-item][data-kind='bills.owed']").First;
        await Expect(card).ToContainTextAsync($"{bill.Amount:N2} 元");
        await Expect(card).ToContainTextAsync("截止 ");
        // the park's statistics are not a tenant's home
        await Expect(Page.GetByTestId("money-kpis")).ToHaveCountAsync(0);
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }

    [Fact]
    public async Task Home_Contractor_NamesItsParkInsteadOfNoPark()
    {
        await SignInAsync("contractor");
        await OpenOkAsync("/");
        await Expect(Page.GetByTestId("contractor-parks")).ToContainTextAsync("东莞长安电子元器件小微企业园");
        (await Page.InnerTextAsync("main")).ShouldNotContain("未关联任何园区");
        await Expect(Page.Locator("[data-testid=todo-item][data-kind='tickets.assigned'] [data-testid=todo-detail]").First).ToHaveTextAsync(new Regex("^(剩余|已超时) \\d+ (天 \\d+ 小时|小时 \\d+ 分钟|分钟)$"));
    }

    [Fact]
    public async Task Home_Government_ShowsTheRegionsTotals()
    {
        await SignInAsync("gov");
        await OpenOkAsync("/");
        await Expect(Page.GetByTestId("region-totals")).ToContainTextAsync("辖区合计");
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }
}

/// <summary>The tenant's to-do on a 375 px phone: cards across the screen, nothing sideways, every title on lines of its own.</summary>
public sealed class HomeToDoPhoneTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{
    private const int Width = 375;

    protected override BrowserNewContextOptions ContextOptions => new()
    {
        ViewportSize = new() { Width = Width, Height = 812 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2,
    };

    [Fact]
    public async Task Home_TenantOnAPhone_ToDoCardsFillTheWidth()
    {
        await SignInAsync("tenant");
        await OpenOkAsync("/");
        var items = Page.GetByTestId("todo-item");
        (await items.CountAsync()).ShouldBeGreaterThan(0);
        (await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(Width + 1);
        foreach (var box in await Page.Locator("[data-testid=todo-item] .todo-title").EvaluateAllAsync<double[]>("els => els.map(e => e.getBoundingClientRect().width)"))
            box.ShouldBeGreaterThan(200, "a to-do title is squeezed on the phone");
        // the first item is on the first screen: the to-do comes before anything else
        var top = await items.First.EvaluateAsync<double>("e => e.getBoundingClientRect().top");
        top.ShouldBeLessThan(400);
    }
}
