using Microsoft.EntityFrameworkCore;
using ParkOps.Browser.Tests.Infrastructure;
using ParkOps.Web.Features.Leasing;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ParkOps.Browser.Tests;

/// <summary>The lease pages as an operator sees them: axe-core finds nothing serious or critical, also after a quote.</summary>
public sealed class LeasingPagesTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{

    [Fact]
    public async Task LeaseList_Operator_AxeFindsNoSeriousViolations()
    {
        var park = await App.ParkIdAsync();
        await SignInAsync("operator");

        await OpenOkAsync($"/parks/{park}/leases");

        await Expect(Page.GetByTestId("lease-table").Locator("tbody tr").First).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("quote")).ToBeVisibleAsync();
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }

    [Fact]
    public async Task LeaseList_ExpiringWithin90Days_AxeFindsNoSeriousViolations()
    {
        var park = await App.ParkIdAsync();
        await SignInAsync("operator");

        await OpenOkAsync($"/parks/{park}/leases?expiring=90");

        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }

    [Fact]
    public async Task LeaseDetail_Operator_AxeFindsNoSeriousViolations()
    {
        var park = await App.ParkIdAsync();
        var lease = await App.WithDbAsync(db => db.Leases.Where(l => l.ParkId == park && l.State == LeaseState.Active).OrderBy(l => l.Id).FirstAsync());
        await SignInAsync("operator");

        await OpenOkAsync($"/leases/{lease.Id}");

        await Expect(Page.Locator("h1")).ToContainTextAsync(lease.Code);
        await Expect(Page.GetByTestId("rent-schedule").Locator("tbody tr")).ToHaveCountAsync(lease.TermMonths);
        await Expect(Page.GetByTestId("lease-terminate")).ToBeVisibleAsync();
        // the rent schedule as a chart: every month of the term, the same amounts as the schedule
        await Expect(Page.GetByTestId("rent-chart").Locator("canvas")).ToHaveCountAsync(1);
        await Page.GetByTestId("rent-chart-table-toggle").Locator("summary").ClickAsync();
        await Expect(Page.GetByTestId("rent-chart-table").Locator("tbody tr")).ToHaveCountAsync(lease.TermMonths);
        var last = await Page.GetByTestId("rent-schedule").Locator("tbody tr").Last.Locator("td").Nth(3).InnerTextAsync();
        await Expect(Page.GetByTestId("rent-chart-table").Locator("tbody tr").Last.Locator("td").First).ToHaveTextAsync(last);
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }

    [Fact]
    public async Task LeaseList_AfterAQuoteOfAVacantUnit_ShowsTheScheduleAndAxeFindsNoSeriousViolations()
    {
        var park = await App.ParkIdAsync();
        var unit = await App.WithDbAsync(db => db.Units.Where(u => u.ParkId == park && u.Status == UnitStatus.Vacant).OrderBy(u => u.Code).FirstAsync());
        await SignInAsync("operator");
        await OpenOkAsync($"/parks/{park}/leases");
        var term = int.Parse(await Page.Locator("#lterm").InputValueAsync());
        term.ShouldBeGreaterThan(0);

        await Page.Locator("#lunits").SelectOptionAsync(unit.Id.ToString());
        await Page.GetByTestId("quote").ClickAsync();

        var schedule = Page.GetByTestId("rent-schedule");
        await Expect(schedule).ToBeVisibleAsync();
        await Expect(schedule.Locator("tbody tr")).ToHaveCountAsync(term);
        await Expect(Page.Locator(".alert-danger")).ToHaveCountAsync(0);
        // the form keeps what was chosen, so the quote can become an intent with one more click
        (await Page.Locator("#lunits").EvaluateAsync<string[]>("s => [...s.selectedOptions].map(o => o.value)")).ShouldBe([unit.Id.ToString()]);
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }

    [Fact]
    public async Task LeaseBoard_FilteredToVacantUnitsOfABuilding_ShowsOnlyThose_AndAUnitsQuoteLinkFillsTheCalculator()
    {
        var park = await App.ParkIdAsync();
        // a building with a vacant unit, read from the database: the unit the board must show and quote
        var unit = await App.WithDbAsync(db => db.Units.Where(u => u.ParkId == park && u.Status == UnitStatus.Vacant).OrderBy(u => u.BuildingId).ThenBy(u => u.Code).FirstAsync());
        var building = await App.WithDbAsync(db => db.Buildings.Where(b => b.Id == unit.BuildingId).Select(b => b.Name).SingleAsync());
        await SignInAsync("operator");
        await OpenOkAsync($"/parks/{park}/lease-board");

        await Page.Locator("#building").SelectOptionAsync(unit.BuildingId.ToString());
        await Page.Locator("#status").SelectOptionAsync("Vacant");
        await Page.GetByTestId("board-apply").ClickAsync();

        // the filter is in the address (a link can be shared) and the board shows one building, vacant units only
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"building={unit.BuildingId}&status=Vacant$"));
        await Expect(Page.Locator("main section h2")).ToHaveTextAsync([building]);
        var statuses = await Page.Locator("li.board-unit").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.status)");
        statuses.ShouldNotBeEmpty();
        statuses.ShouldAllBe(s => s == "Vacant");
        await Expect(Page.GetByTestId("board-shown")).ToContainTextAsync(statuses.Length.ToString());
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);

        // a vacant unit quotes: the rent calculator opens with its use and area filled in
        var card = Page.Locator("li.board-unit", new() { HasText = unit.Code });
        await Expect(card).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex(unit.Code));
        await card.GetByTestId("board-quote").ClickAsync();
        await Expect(Page.GetByTestId("calc-unit")).ToContainTextAsync(unit.Code);
        (await Page.Locator("#use0").InputValueAsync()).ShouldBe(unit.Use.ToString());
        decimal.Parse(await Page.Locator("#area0").InputValueAsync(), System.Globalization.CultureInfo.InvariantCulture).ShouldBe(unit.AreaSqm);
    }
}

/// <summary>A tenant's lease pages on a 375 px phone: nothing scrolls sideways, and axe-core finds nothing serious.</summary>
public sealed class LeasingPhoneTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{
    private const int Width = 375;


    protected override BrowserNewContextOptions ContextOptions => new()
    {
        ViewportSize = new() { Width = Width, Height = 812 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2,
    };

    private async Task ShouldNotOverflowAsync()
    {
        (await Page.EvaluateAsync<int>("() => window.innerWidth")).ShouldBe(Width);
        var scrollWidth = await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        if (scrollWidth <= Width + 1) return;
        // name the elements that stick out, to make the failure useful
        var wide = await Page.EvaluateAsync<string[]>($$"""
            () => [...document.querySelectorAll('body *')]
              .filter(e => e.getBoundingClientRect().right > {{Width + 1}} && !e.closest('.table-responsive, .collapse:not(.show)'))
              .slice(0, 10).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + String(e.className).trim().replace(/\s+/g, '.') : '') + ' right=' + Math.round(e.getBoundingClientRect().right))
            """);
        scrollWidth.ShouldBeLessThanOrEqualTo(Width + 1, $"page {Page.Url} is wider than the phone; wide elements: {string.Join(", ", wide)}");
    }

    [Fact]
    public async Task LeaseList_TenantOnA375PxPhone_HasNoHorizontalOverflow()
    {
        var park = await App.ParkIdAsync();
        var own = await App.EnterpriseOfAsync("tenant");
        var code = await App.WithDbAsync(db => db.Leases.Where(l => l.EnterpriseId == own).OrderBy(l => l.Id).Select(l => l.Code).FirstAsync());
        await SignInAsync("tenant");

        await OpenOkAsync($"/parks/{park}/leases");

        await Expect(Page.GetByTestId("lease-table")).ToContainTextAsync(code);
        await Expect(Page.GetByTestId("quote")).ToHaveCountAsync(0);
        await ShouldNotOverflowAsync();
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }

    [Fact]
    public async Task LeaseDetail_TenantOnA375PxPhone_HasNoHorizontalOverflow()
    {
        var own = await App.EnterpriseOfAsync("tenant");
        var lease = await App.WithDbAsync(db => db.Leases.Where(l => l.EnterpriseId == own).OrderBy(l => l.Id).FirstAsync());
        await SignInAsync("tenant");

        await OpenOkAsync($"/leases/{lease.Id}");

        await Expect(Page.GetByTestId("rent-schedule")).ToBeVisibleAsync();
        await ShouldNotOverflowAsync();
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }
}
