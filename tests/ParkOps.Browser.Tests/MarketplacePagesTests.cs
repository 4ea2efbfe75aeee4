using Microsoft.EntityFrameworkCore;
using ParkOps.Browser.Tests.Infrastructure;
using ParkOps.Domain.Marketplace;
using ParkOps.Web.Features.Marketplace;
using ParkOps.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ParkOps.Browser.Tests;

/// <summary>
/// The marketplace as a tenant uses it on a 375 px phone: writes a need in the post form (a bad window first, which
/// the form names), then reads its matches with their reasons. The pages fit the phone and axe-core finds nothing
/// serious or critical.
/// </summary>
public sealed class MarketplacePagesTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{
    private const int Width = 375;

    protected override BrowserNewContextOptions ContextOptions => new()
    {
        ViewportSize = new() { Width = Width, Height = 812 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2,
    };

    private async Task ShouldFitThePhoneAsync() =>
        (await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(Width + 1, $"{Page.Url} is wider than the phone");

    [Fact]
    public async Task PostForm_TenantWritesANeedOnAPhone_SeesItsMatchesWithReasons()
    {
        var park = await App.ParkIdAsync();
        await SignInAsync("tenant");
        (await OpenAsync($"/parks/{park}/market/new")).Status.ShouldBe(200);
        await ShouldFitThePhoneAsync();
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);

        await Page.Locator("#pkind").SelectOptionAsync("capacity_need");
        await Page.Locator("#ptitle").FillAsync("寻找插件焊接外协");
        await Page.Locator("#pdesc").FillAsync("电源板插件与波峰焊，下周起每天约 500 块。");
        await Page.Locator("#pcaps").SelectOptionAsync("dip");
        await Page.Locator("#pqty").FillAsync("500");
        await Page.Locator("#punit").FillAsync("块/日");
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        // a window that ends before it starts is refused, and the form says so
        await Page.Locator("#pfrom").FillAsync(today.AddDays(20).ToString("yyyy-MM-dd"));
        await Page.Locator("#pto").FillAsync(today.AddDays(10).ToString("yyyy-MM-dd"));
        await Page.GetByTestId("save-post").ClickAsync();
        await Expect(Page.GetByTestId("post-errors")).ToContainTextAsync("早于开始日");
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);

        await Page.Locator("#pfrom").FillAsync(today.AddDays(7).ToString("yyyy-MM-dd"));
        await Page.Locator("#pto").FillAsync(today.AddDays(40).ToString("yyyy-MM-dd"));
        await Page.GetByTestId("save-post").ClickAsync();
        await Page.WaitForPageAsync(new System.Text.RegularExpressions.Regex(@"/market/posts/\d+\?saved=1$"));
        await Expect(Page.Locator("h1")).ToContainTextAsync("寻找插件焊接外协");

        // the demo park's DIP shops offer spare capacity: they answer at once, each with its reasons
        var matches = Page.GetByTestId("matches");
        await Expect(matches).ToBeVisibleAsync();
        await Expect(matches.Locator("li.list-group-item").First).ToContainTextAsync("具备所需能力：插件焊接");
        await ShouldFitThePhoneAsync();
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
        var id = long.Parse(new Uri(Page.Url).AbsolutePath.Split('/').Last());
        var stored = await App.WithDbAsync(db => db.Posts.IgnoreQueryFilters().SingleAsync(p => p.Id == id));
        stored.State.ShouldBe(PostState.Open);
        stored.Capabilities.ShouldBe("dip");
    }

    [Theory]
    [InlineData("/parks/{park}/market")]
    [InlineData("/parks/{park}/market?scope=region&kind=capacity_offer")]
    [InlineData("/parks/{park}/market/board")]
    [InlineData("/collaborations")]
    [InlineData("/inbox")]
    [InlineData("/enterprises/{own}/credit")]
    public async Task MarketPage_TenantOnAPhone_FitsAndAxeFindsNoSeriousViolations(string page)
    {
        await SignInAsync("tenant");
        (await OpenAsync(await PathAsync(page))).Status.ShouldBe(200);
        await ShouldFitThePhoneAsync();
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }

    [Fact]
    public async Task Board_Operator_ShowsCapabilitiesAndTheCollaborationRate()
    {
        await SignInAsync("operator");
        (await OpenAsync($"/parks/{await App.ParkIdAsync()}/market/board")).Status.ShouldBe(200);
        await Expect(Page.GetByTestId("board-table").Locator("tbody tr").First).ToBeVisibleAsync();
        await Expect(Page.Locator(".kpi").First).ToContainTextAsync("%");
        // supply against need as a chart, its table one click away with the board's quantities
        await Expect(Page.GetByTestId("board-chart").Locator("canvas")).ToHaveCountAsync(1);
        await Page.GetByTestId("board-chart-table-toggle").Locator("summary").ClickAsync();
        var offered = (await Page.GetByTestId("board-table").Locator("tbody tr").First.Locator("td").Nth(1).InnerTextAsync()).Split(' ')[0];
        await Expect(Page.GetByTestId("board-chart-table").Locator("tbody tr").First.Locator("td").First).ToHaveTextAsync(offered);
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }
}
