using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ParkOps.Browser.Tests.Infrastructure;
using ParkOps.Domain.Marketplace;
using ParkOps.Domain.ServiceDesk;
using ParkOps.Web.Features.Billing;
using ParkOps.Web.Features.Marketplace;
using ParkOps.Web.Features.ServiceDesk;
using ParkOps.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ParkOps.Browser.Tests;

/// <summary>
/// Operator lists that find things, on a 1280 px desktop (issue 13 item 8): the filter form sends its choices in the URL,
/// the list shows only what matches, the form shows the choices again, and a column heading sorts.
/// </summary>
public sealed class ListFilterPagesTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{
    [Fact]
    public async Task TicketList_OperatorFiltersByStateAndCategory_KeepsThemInTheUrlAndListsOnlyMatches()
    {
        var park = await App.ParkIdAsync();
        var expected = await App.WithDbAsync(db => db.Tickets.IgnoreQueryFilters()
            .CountAsync(t => t.ParkId == park && t.State == TicketState.InProgress && t.Category == TicketCategory.Repair));
        expected.ShouldBeGreaterThan(0);
        await SignInAsync("operator");
        await OpenOkAsync($"/parks/{park}/tickets?view=all");
        var form = Page.GetByTestId("ticket-filters");
        await form.GetByLabel("状态").SelectOptionAsync("InProgress");
        await form.GetByLabel("类别").SelectOptionAsync("repair");
        await Page.GetByTestId("ticket-filter").ClickAsync();
        await Page.WaitForPageAsync(new Regex(@"[?&]state=InProgress(&|$)"));
        Page.Url.ShouldContain("view=all");
        Page.Url.ShouldContain("category=repair");

        var rows = Page.GetByTestId("ticket-row");
        await Expect(rows).ToHaveCountAsync(Math.Min(expected, 50));
        foreach (var state in await rows.Locator("td:nth-child(6)").AllInnerTextsAsync()) state.Trim().ShouldBe("处理中");
        foreach (var category in await rows.Locator("td:nth-child(3)").AllInnerTextsAsync()) category.Trim().ShouldBe("报修");
        await Expect(form.GetByLabel("状态")).ToHaveValueAsync("InProgress");
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);

        // a column heading sorts, keeping the filters
        await Page.GetByRole(AriaRole.Link, new() { Name = "紧急程度" }).ClickAsync();
        await Page.WaitForPageAsync(new Regex(@"[?&]sort=severity(&|$)"));
        Page.Url.ShouldContain("state=InProgress");
        await Expect(rows).ToHaveCountAsync(Math.Min(expected, 50));
    }

    [Fact]
    public async Task TicketList_OperatorSearchesForAReference_FindsThatTicket()
    {
        var park = await App.ParkIdAsync();
        var ticket = await App.WithDbAsync(db => db.Tickets.IgnoreQueryFilters().Where(t => t.ParkId == park).OrderBy(t => t.Id).Skip(5).FirstAsync());
        var reference = ParkOps.Web.Features.ServiceDesk.TicketNames.Reference(ticket.Id);
        await SignInAsync("operator");
        await OpenOkAsync($"/parks/{park}/tickets?view=all");
        await Page.GetByLabel("搜索").FillAsync(reference);
        await Page.GetByTestId("ticket-filter").ClickAsync();
        await Page.WaitForPageAsync(new Regex($@"[?&]q={reference}(&|$)"));
        await Expect(Page.GetByTestId("ticket-row")).ToHaveCountAsync(1);
        await Expect(Page.GetByTestId("ticket-row")).ToContainTextAsync(ticket.Title);
        await Expect(Page.GetByLabel("搜索")).ToHaveValueAsync(reference);
    }

    [Fact]
    public async Task BillList_OperatorAsksForAllUnpaid_ListsEveryMonthsUnpaidBillsThroughTheUrl()
    {
        var park = await App.ParkIdAsync();
        var unpaid = await App.WithDbAsync(db => db.Bills.IgnoreQueryFilters()
            .CountAsync(b => b.ParkId == park && (b.State == BillState.Issued || b.State == BillState.PartiallyPaid) && b.Total > b.Paid));
        unpaid.ShouldBeGreaterThan(0);
        await SignInAsync("operator");
        await OpenOkAsync($"/parks/{park}/bills");
        var form = Page.GetByTestId("bill-filters");
        await form.GetByLabel("收款情况").SelectOptionAsync("unpaid");
        await form.GetByLabel("账期").FillAsync("");
        await Page.GetByTestId("bill-filter").ClickAsync();
        await Page.WaitForPageAsync(new Regex(@"[?&]standing=unpaid(&|$)"));

        var rows = Page.GetByTestId("bill-row");
        await Expect(rows).ToHaveCountAsync(Math.Min(unpaid, 50));
        var outstanding = await Page.GetByTestId("bill-table").Locator("tbody tr td:nth-child(5)").AllInnerTextsAsync();
        foreach (var o in outstanding) decimal.Parse(o.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture).ShouldBeGreaterThan(0m);
        await Expect(form.GetByLabel("收款情况")).ToHaveValueAsync("unpaid");
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);

        // the largest debt first, by its heading
        await Page.GetByRole(AriaRole.Link, new() { Name = "未收" }).ClickAsync();
        await Page.WaitForPageAsync(new Regex(@"[?&]sort=outstanding(&|$)"));
        Page.Url.ShouldContain("standing=unpaid");
        var sorted = (await Page.GetByTestId("bill-table").Locator("tbody tr td:nth-child(5)").AllInnerTextsAsync())
            .Select(o => decimal.Parse(o.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture)).ToList();
        sorted.ShouldBe(sorted.OrderByDescending(x => x).ToList());
    }

    [Fact]
    public async Task PostList_Opened_ShowsOpenPostsAndAllOnlyWhenAsked()
    {
        var park = await App.ParkIdAsync();
        var states = await App.WithDbAsync(db => db.Posts.IgnoreQueryFilters().Where(p => p.ParkId == park && p.State != PostState.Draft).Select(p => p.State).ToListAsync());
        var open = states.Count(s => s == PostState.Open);
        await SignInAsync("operator");
        await OpenOkAsync($"/parks/{park}/market");
        var rows = Page.GetByTestId("post-row");
        await Expect(rows).ToHaveCountAsync(Math.Min(open, 30));
        foreach (var state in await rows.Locator("td:last-child").AllInnerTextsAsync()) state.Trim().ShouldBe("发布中");
        await Expect(Page.GetByLabel("状态")).ToHaveValueAsync("Open");

        await Page.GetByLabel("状态").SelectOptionAsync("all");
        await Page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        await Page.WaitForPageAsync(new Regex(@"[?&]state=all(&|$)"));
        await Expect(rows).ToHaveCountAsync(Math.Min(states.Count, 30));
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }
}
