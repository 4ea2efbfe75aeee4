using Microsoft.EntityFrameworkCore;
using ParkOps.Browser.Tests.Infrastructure;
using ParkOps.Domain.Marketplace;
using ParkOps.Web.Features.Marketplace;
using ParkOps.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ParkOps.Browser.Tests;

/// <summary>
/// Joint procurement as a tenant uses it on a 375 px phone: the pool list and the demo's open solder-paste pool fit
/// the phone and pass axe-core; the tenant commits a quantity with the form and the total grows by it.
/// </summary>
public sealed class PoolPagesTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{
    private const int Width = 375;

    protected override BrowserNewContextOptions ContextOptions => new()
    {
        ViewportSize = new() { Width = Width, Height = 812 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2,
    };

    private async Task ShouldFitThePhoneAsync() =>
        (await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(Width + 1, $"{Page.Url} is wider than the phone");

    [Fact]
    public async Task PoolPages_TenantOnAPhone_FitAndCommitsAQuantity()
    {
        var park = await App.ParkIdAsync();
        var poolId = await App.WithDbAsync(db => db.ProcurementPools.IgnoreQueryFilters().Where(p => p.ParkId == park && p.State == PoolState.Open && p.Item == "无铅锡膏").Select(p => p.Id).FirstAsync());
        var before = await App.WithDbAsync(db => db.PoolCommitments.IgnoreQueryFilters().Where(c => c.PoolId == poolId).SumAsync(c => c.Quantity));
        var own = await App.EnterpriseOfAsync("tenant");
        var mine = await App.WithDbAsync(db => db.PoolCommitments.IgnoreQueryFilters().Where(c => c.PoolId == poolId && c.EnterpriseId == own).Select(c => (decimal?)c.Quantity).FirstOrDefaultAsync()) ?? 0;
        await SignInAsync("tenant");
        (await OpenAsync($"/parks/{park}/pools")).Status.ShouldBe(200);
        await ShouldFitThePhoneAsync();
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);

        (await OpenAsync($"/pools/{poolId}")).Status.ShouldBe(200);
        await ShouldFitThePhoneAsync();
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
        await Expect(Page.GetByTestId("pool-tiers")).ToContainTextAsync("✓");
        // the tier progress chart fits the phone; its table carries the quantity committed so far
        await Expect(Page.GetByTestId("pool-chart").Locator("canvas")).ToHaveCountAsync(1);
        (await Page.GetByTestId("pool-chart").BoundingBoxAsync())!.Width.ShouldBeLessThanOrEqualTo(Width);
        await Page.GetByTestId("pool-chart-table-toggle").Locator("summary").ClickAsync();
        await Expect(Page.GetByTestId("pool-chart-table").Locator("tbody tr").First.Locator("td").Nth(1))
            .ToHaveTextAsync(before.ToString("#,0.##", System.Globalization.CultureInfo.InvariantCulture));
        await ShouldFitThePhoneAsync();
        await Page.Locator("#cqty").FillAsync((mine + 7).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Page.GetByTestId("pool-commit").ClickAsync();
        await Expect(Page.Locator("[role=status]")).ToBeVisibleAsync();
        var after = await App.WithDbAsync(db => db.PoolCommitments.IgnoreQueryFilters().Where(c => c.PoolId == poolId).SumAsync(c => c.Quantity));
        after.ShouldBe(before + 7);
    }
}
