using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.ServiceDesk;
using ParkOps.Web.Features.ServiceDesk;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.ServiceDesk;

/// <summary>
/// The ticket list's filters over HTTP (issue 13 item 8): state, category, assignee, enterprise, a text search and the
/// sort, each checked against the demo park's tickets read straight from the database.
/// </summary>
public sealed class TicketListFilterTests(ParkOpsFactory app) : IClassFixture<ParkOpsFactory>
{
    private async Task<List<JsonElement>> ListAsync(HttpClient who, string query)
    {
        var res = await who.GetAsync($"/api/v1/parks/{await app.ParkIdAsync()}/tickets?pageSize=500&{query}");
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        var page = await res.JsonAsync();
        var items = page.GetProperty("items").EnumerateArray().ToList();
        page.GetProperty("total").GetInt32().ShouldBe(items.Count, "the test reads every match on one page");
        return items;
    }

    private static long[] Ids(IEnumerable<JsonElement> items) => items.Select(t => t.GetProperty("id").GetInt64()).Order().ToArray();

    [Fact]
    public async Task TicketList_StateCategoryAndEnterprise_ListsExactlyTheMatchingTickets()
    {
        var park = await app.ParkIdAsync();
        // the enterprise with the most tickets, and its most common state × category
        var all = await app.WithDbAsync(db => db.Tickets.IgnoreQueryFilters().Where(t => t.ParkId == park)
            .Select(t => new { t.Id, t.EnterpriseId, t.State, t.Category }).ToListAsync());
        var (enterprise, state, category) = all.Where(t => t.EnterpriseId != null).GroupBy(t => (t.EnterpriseId!.Value, t.State, t.Category))
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key.Value).First().Key;
        var expected = all.Where(t => t.EnterpriseId == enterprise && t.State == state && t.Category == category).Select(t => t.Id).Order().ToArray();
        expected.ShouldNotBeEmpty();

        var op = await app.LoginAsync("operator");
        var found = await ListAsync(op, $"state={state}&category={category.ToString().ToLowerInvariant()}&enterpriseId={enterprise}");
        Ids(found).ShouldBe(expected);
        (await ListAsync(op, $"enterpriseId={enterprise}")).Count.ShouldBe(all.Count(t => t.EnterpriseId == enterprise));
    }

    [Fact]
    public async Task TicketList_AssigneeFilter_ListsTheTicketsAssignedToThatUser()
    {
        var park = await app.ParkIdAsync();
        var assigned = await app.WithDbAsync(db => db.Tickets.IgnoreQueryFilters().Where(t => t.ParkId == park && t.AssigneeUserId != null)
            .Select(t => new { t.Id, Assignee = t.AssigneeUserId!.Value }).ToListAsync());
        var user = assigned.GroupBy(t => t.Assignee).OrderByDescending(g => g.Count()).First().Key;

        var op = await app.LoginAsync("operator");
        Ids(await ListAsync(op, $"assigneeUserId={user}")).ShouldBe(assigned.Where(t => t.Assignee == user).Select(t => t.Id).Order().ToArray());
    }

    [Fact]
    public async Task TicketList_SearchForAWordOfATitle_FindsTheTicketsThatCarryIt()
    {
        var park = await app.ParkIdAsync();
        var all = await app.WithDbAsync(db => db.Tickets.IgnoreQueryFilters().Where(t => t.ParkId == park)
            .Select(t => new { t.Id, t.Title, t.Description, t.RequesterName }).ToListAsync());
        // two characters of the title of the first ticket: a word people would type, found in some tickets but not all
        var word = all.OrderBy(t => t.Id).Select(t => t.Title.Trim()).First(t => t.Length >= 2)[..2];
        var expected = all.Where(t => t.Title.Contains(word) || t.Description.Contains(word) || t.RequesterName.Contains(word)).Select(t => t.Id).Order().ToArray();
        expected.Length.ShouldBeLessThan(all.Count);

        var op = await app.LoginAsync("operator");
        Ids(await ListAsync(op, $"search={Uri.EscapeDataString(word)}")).ShouldBe(expected);
    }

    [Fact]
    public async Task TicketList_SearchForAReference_FindsThatTicketAlone()
    {
        var park = await app.ParkIdAsync();
        var id = await app.WithDbAsync(db => db.Tickets.IgnoreQueryFilters().Where(t => t.ParkId == park).OrderBy(t => t.Id).Skip(3).Select(t => t.Id).FirstAsync());

        var op = await app.LoginAsync("operator");
        Ids(await ListAsync(op, $"search={TicketNames.Reference(id)}")).ShouldBe([id]);
    }

    [Fact]
    public async Task TicketList_TenantFiltersByAnotherEnterprise_SeesNothingOfIt()
    {
        var park = await app.ParkIdAsync();
        var other = await app.EnterpriseOfAsync("tenant2");
        (await app.WithDbAsync(db => db.Tickets.IgnoreQueryFilters().CountAsync(t => t.ParkId == park && t.EnterpriseId == other))).ShouldBeGreaterThan(0);

        var tenant = await app.LoginAsync("tenant");
        (await ListAsync(tenant, $"enterpriseId={other}")).ShouldBeEmpty();
    }

    [Fact]
    public async Task TicketList_SortBySeverityDescending_PutsUrgentFirstAndReversesOnAsk()
    {
        var op = await app.LoginAsync("operator");
        var rank = new Dictionary<string, int> { ["low"] = 0, ["normal"] = 1, ["high"] = 2, ["urgent"] = 3 };
        var down = (await ListAsync(op, "sort=severity")).Select(t => rank[t.Str("severity")!]).ToList();
        down.Distinct().Count().ShouldBeGreaterThan(1, "the demo has tickets of several severities");
        down.ShouldBe(down.OrderByDescending(x => x).ToList());
        var up = (await ListAsync(op, "sort=severity&desc=false")).Select(t => rank[t.Str("severity")!]).ToList();
        up.ShouldBe(up.Order().ToList());
    }

    [Fact]
    public async Task TicketList_SortByCreatedAscending_ListsOldestFirst()
    {
        var park = await app.ParkIdAsync();
        var expected = await app.WithDbAsync(db => db.Tickets.IgnoreQueryFilters().Where(t => t.ParkId == park).OrderBy(t => t.CreatedAt).ThenBy(t => t.Id).Select(t => t.Id).ToListAsync());
        var op = await app.LoginAsync("operator");
        (await ListAsync(op, "sort=created&desc=false")).Select(t => t.GetProperty("id").GetInt64()).ToList().ShouldBe(expected);
    }

    [Fact]
    public async Task TicketList_UnknownSort_Is400NamingSort()
    {
        var op = await app.LoginAsync("operator");
        var res = await op.GetAsync($"/api/v1/parks/{await app.ParkIdAsync()}/tickets?sort=colour");
        await res.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Validation", "sort");
    }

    [Fact]
    public async Task TicketList_SearchOverAHundredCharacters_Is400NamingSearch()
    {
        var op = await app.LoginAsync("operator");
        var res = await op.GetAsync($"/api/v1/parks/{await app.ParkIdAsync()}/tickets?search={new string('灯', TicketFilter.MaxSearch + 1)}");
        await res.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Validation", "search");
    }

    [Fact]
    public async Task TicketBoardPage_FilteredByState_ShowsOnlyThatStateAndKeepsTheFilterInTheForm()
    {
        var park = await app.ParkIdAsync();
        var inProgress = await app.WithDbAsync(db => db.Tickets.IgnoreQueryFilters().CountAsync(t => t.ParkId == park && t.State == TicketState.InProgress));
        inProgress.ShouldBeGreaterThan(0);
        var op = await app.CookieLoginAsync("operator");
        var html = await op.GetStringAsync($"/parks/{park}/tickets?view=all&state=InProgress");
        System.Text.RegularExpressions.Regex.Matches(html, "data-testid=\"ticket-row\"").Count.ShouldBe(Math.Min(inProgress, 50));
        html.ShouldContain("<option value=\"InProgress\" selected");
    }
}
