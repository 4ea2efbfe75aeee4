using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Features.Billing;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Billing;

/// <summary>
/// The bill list's filters over HTTP (issue 13 item 8): every unpaid bill, the overdue ones (by the host's own clock),
/// by enterprise, and sorted; each checked against the bills read straight from the database.
/// </summary>
public sealed class BillListFilterTests(ClockedParkOpsFactory app) : IClassFixture<ClockedParkOpsFactory>
{
    private async Task<List<JsonElement>> ListAsync(HttpClient who, string query)
    {
        var res = await who.GetAsync($"/api/v1/parks/{await app.ParkIdAsync()}/bills?pageSize=500&{query}");
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        var page = await res.JsonAsync();
        var items = page.GetProperty("items").EnumerateArray().ToList();
        page.GetProperty("total").GetInt32().ShouldBe(items.Count, "the test reads every match on one page");
        return items;
    }

    private static long[] Ids(IEnumerable<JsonElement> items) => items.Select(t => t.GetProperty("id").GetInt64()).Order().ToArray();

    private sealed record Row(long Id, long EnterpriseId, BillState State, decimal Total, decimal Paid, DateOnly DueDate);

    private async Task<List<Row>> BillsAsync()
    {
        var park = await app.ParkIdAsync();
        return await app.WithDbAsync(db => db.Bills.IgnoreQueryFilters().Where(b => b.ParkId == park)
            .Select(b => new Row(b.Id, b.EnterpriseId, b.State, b.Total, b.Paid, b.DueDate)).ToListAsync());
    }

    private static bool Unpaid(Row b) => b.State is BillState.Issued or BillState.PartiallyPaid && b.Total > b.Paid;

    [Fact]
    public async Task BillList_StandingUnpaid_ListsEveryBillWithSomethingOutstandingOfEveryMonth()
    {
        var bills = await BillsAsync();
        var expected = bills.Where(Unpaid).Select(b => b.Id).Order().ToArray();
        expected.ShouldNotBeEmpty();
        expected.Length.ShouldBeLessThan(bills.Count);

        var op = await app.LoginAsync("operator");
        Ids(await ListAsync(op, "standing=unpaid")).ShouldBe(expected);
    }

    [Fact]
    public async Task BillList_StandingOverdue_ListsTheUnpaidBillsPastTheirDueDateByTheHostsClock()
    {
        var bills = await BillsAsync();
        // the host's today set to the latest due date of an unpaid bill: the bills due that day are not overdue yet, earlier ones are
        var dues = bills.Where(Unpaid).Select(b => b.DueDate).Distinct().Order().ToList();
        dues.Count.ShouldBeGreaterThan(1, "the demo has unpaid bills of several due dates");
        var today = dues[^1];
        var noonInBeijing = new DateTimeOffset(today.ToDateTime(new TimeOnly(12, 0)), TimeSpan.FromHours(8));
        app.Clock.Advance(noonInBeijing - app.Clock.GetUtcNow());
        var expected = bills.Where(b => Unpaid(b) && b.DueDate < today).Select(b => b.Id).Order().ToArray();
        expected.ShouldNotBeEmpty();

        var op = await app.LoginAsync("operator");
        Ids(await ListAsync(op, "standing=overdue")).ShouldBe(expected);
    }

    [Fact]
    public async Task BillList_UnpaidOfOneEnterprise_ListsOnlyThatEnterprisesUnpaidBills()
    {
        var bills = await BillsAsync();
        var enterprise = bills.Where(Unpaid).GroupBy(b => b.EnterpriseId).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;

        var op = await app.LoginAsync("operator");
        Ids(await ListAsync(op, $"standing=unpaid&enterpriseId={enterprise}")).ShouldBe(bills.Where(b => Unpaid(b) && b.EnterpriseId == enterprise).Select(b => b.Id).Order().ToArray());
    }

    [Fact]
    public async Task BillList_TenantAsksForAllUnpaid_SeesOnlyItsOwn()
    {
        var own = await app.EnterpriseOfAsync("tenant");
        var bills = await BillsAsync();

        var tenant = await app.LoginAsync("tenant");
        Ids(await ListAsync(tenant, "standing=unpaid")).ShouldBe(bills.Where(b => Unpaid(b) && b.EnterpriseId == own).Select(b => b.Id).Order().ToArray());
    }

    [Fact]
    public async Task BillList_SortByOutstanding_ListsTheLargestDebtFirstAndReversesOnAsk()
    {
        var op = await app.LoginAsync("operator");
        var down = (await ListAsync(op, "standing=unpaid&sort=outstanding")).Select(b => b.GetProperty("outstanding").GetDecimal()).ToList();
        down.Distinct().Count().ShouldBeGreaterThan(1);
        down.ShouldBe(down.OrderByDescending(x => x).ToList());
        var up = (await ListAsync(op, "standing=unpaid&sort=outstanding&desc=false")).Select(b => b.GetProperty("outstanding").GetDecimal()).ToList();
        up.ShouldBe(up.Order().ToList());
    }

    [Theory]
    [InlineData("standing=late", "standing")]
    [InlineData("sort=colour", "sort")]
    public async Task BillList_UnknownStandingOrSort_Is400NamingTheField(string query, string field)
    {
        var op = await app.LoginAsync("operator");
        var res = await op.GetAsync($"/api/v1/parks/{await app.ParkIdAsync()}/bills?{query}");
        await res.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Validation", field);
    }

    [Fact]
    public async Task BillListPage_AllUnpaid_ShowsEveryMonthsUnpaidBillsAndKeepsTheChoice()
    {
        var park = await app.ParkIdAsync();
        var unpaid = (await BillsAsync()).Count(Unpaid);
        var op = await app.CookieLoginAsync("operator");
        var html = await op.GetStringAsync($"/parks/{park}/bills?standing=unpaid&month=");
        System.Text.RegularExpressions.Regex.Matches(html, "data-testid=\"bill-row\"").Count.ShouldBe(Math.Min(unpaid, 50));
        html.ShouldContain("<option value=\"unpaid\" selected");
    }
}
