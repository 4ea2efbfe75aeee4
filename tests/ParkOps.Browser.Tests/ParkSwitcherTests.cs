using ParkOps.Browser.Tests.Infrastructure;
using ParkOps.Web.Features.Billing;
using ParkOps.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ParkOps.Browser.Tests;

/// <summary>Multi-park roles (issue 13 item 9): the park switcher, a menu that follows the chosen park, and the government viewer's menu without operator tools.</summary>
public sealed class ParkSwitcherTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{
    [Fact]
    public async Task ParkSwitcher_GovernmentSwitchesToTheSecondPark_StaysOnTheKindOfPageAndTheMenuFollows()
    {
        var (p1, p2) = (await App.ParkIdAsync(), await App.ParkIdAsync("DG-HM-01"));
        await SignInAsync("gov");
        await OpenOkAsync($"/parks/{p1}/enterprises");
        await Expect(Page.GetByTestId("nav-mujun")).ToHaveAttributeAsync("href", $"/parks/{p1}/mujun");

        await Page.GetByTestId("park-switcher").ClickAsync();
        await Page.Locator($"[data-testid=park-switcher-menu] [data-park-id='{p2}']").ClickAsync();

        await Page.WaitForPageAsync($"**/parks/{p2}/enterprises");
        await Expect(Page.GetByTestId("park-switcher")).ToContainTextAsync("虎门");
        await Expect(Page.GetByTestId("nav-mujun")).ToHaveAttributeAsync("href", $"/parks/{p2}/mujun");
        await Expect(Page.Locator($"nav a[href^='/parks/{p1}/']")).ToHaveCountAsync(0);
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);

        // a page that names no park keeps the choice
        await OpenOkAsync("/");
        await Expect(Page.GetByTestId("nav-mujun")).ToHaveAttributeAsync("href", $"/parks/{p2}/mujun");
    }

    [Fact]
    public async Task Menu_Government_HasNoOperatorToolsAndTheHomeCountsArrears()
    {
        var park = await App.ParkIdAsync();
        await SignInAsync("gov");
        await OpenOkAsync($"/parks/{park}/enterprises");
        foreach (var tool in new[] { "bills", "leases", "meters", "rent-calculator", "tariffs", "ledger-checks", "settings", "import" })
            await Expect(Page.Locator($"nav a[href='/parks/{park}/{tool}']")).ToHaveCountAsync(0);
        await Expect(Page.GetByTestId("nav-admin")).ToHaveCountAsync(0);
        await Expect(Page.Locator($"nav a[href='/parks/{park}/arrears']")).ToHaveCountAsync(1);

        await OpenOkAsync("/");
        await Expect(Page.GetByTestId("money-kpis").First).ToBeVisibleAsync();
        // the demo park has overdue bills: the government viewer's total is not the false zero it was
        await Expect(Page.GetByTestId("money-kpis").First.Locator(".kpi-value").First).Not.ToHaveTextAsync("0.00 元");
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }

    [Fact]
    public async Task BillPage_Tenant_ShowsThePayeeBlock()
    {
        var own = await App.EnterpriseOfAsync("tenant");
        var bill = await App.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(
            db.Bills.Where(b => b.EnterpriseId == own && b.State != ParkOps.Web.Features.Billing.BillState.Cancelled).OrderByDescending(b => b.Id)));
        await SignInAsync("tenant");
        await OpenOkAsync($"/bills/{bill.Id}");
        await Expect(Page.GetByTestId("payee-block")).ToContainTextAsync("收款单位");
        await Expect(Page.GetByTestId("payee-reference")).ToHaveTextAsync(bill.Number);
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }
}
