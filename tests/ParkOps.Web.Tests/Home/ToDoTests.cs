using System.Net;
using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Booking;
using ParkOps.Domain.Marketplace;
using ParkOps.Domain.Risk;
using ParkOps.Domain.ServiceDesk;
using ParkOps.Web.Features.Billing;
using ParkOps.Web.Features.Booking;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Leasing;
using ParkOps.Web.Features.Marketplace;
using ParkOps.Web.Features.Risk;
using ParkOps.Web.Features.ServiceDesk;
using ParkOps.Web.Features.Users;
using ParkOps.Web.Platform;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Home;

/// <summary>
/// The to-do of every role (issue 13 item 2) over <c>GET /api/v1/me/todo</c>: each source's item appears with the
/// figures read straight from the database, for the right user and not for others; a tenant never sees another
/// enterprise's items; a government viewer sees park counts, never a firm. The host's clock is fixed (a
/// <see cref="ManualClock"/> this class never moves).
/// </summary>
public sealed class ToDoTests(ClockedParkOpsFactory app) : IClassFixture<ClockedParkOpsFactory>
{
    public sealed record Item(string Kind, string Title, string Link, string Urgency, int Count, decimal? Amount, DateOnly? DueDate, DateTime? DueAt,
        string? Detail, long? ParkId, string? ParkName, string Role);

    private async Task<List<Item>> ToDoOf(string user)
    {
        var res = await (await app.LoginAsync(user)).GetAsync("/api/v1/me/todo");
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        return await res.ReadAsync<List<Item>>();
    }

    private DateTime Now => app.Clock.GetUtcNow().UtcDateTime;
    private DateOnly Today => DateOnly.FromDateTime(Now.AddHours(8));

    private Task<long> UserIdAsync(string name) => app.WithDbAsync(db => db.Users.Where(u => u.UserName == name).Select(u => u.Id).SingleAsync());

    [Fact]
    public async Task ToDo_Anonymous_Is401()
    {
        (await app.Anonymous().GetAsync("/api/v1/me/todo")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Tenant_OpenBills_OneItemEachWithWhatItOwesAndTheDueDate_AndNotForTenant2()
    {
        var own = await app.EnterpriseOfAsync("tenant");
        var bills = await app.WithDbAsync(db => db.Bills.IgnoreQueryFilters()
            .Where(b => b.EnterpriseId == own && (b.State == BillState.Issued || b.State == BillState.PartiallyPaid))
            .Select(b => new { b.Id, b.Total, b.Paid, b.DueDate }).ToListAsync());
        var open = bills.Where(b => b.Total > b.Paid).OrderBy(b => b.DueDate).ToList();
        open.ShouldNotBeEmpty("the demo tenant has last month's bill open");

        var items = (await ToDoOf("tenant")).Where(i => i.Kind == "bills.owed").ToList();
        items.Select(i => i.Link).ShouldBe(open.Select(b => $"/bills/{b.Id}"));
        foreach (var (item, bill) in items.Zip(open))
        {
            item.Amount.ShouldBe(bill.Total - bill.Paid);
            item.DueDate.ShouldBe(bill.DueDate);
            item.Title.ShouldContain((bill.Total - bill.Paid).ToString("N2"));
            item.Urgency.ShouldBe(bill.DueDate < Today ? "Overdue" : bill.DueDate.DayNumber - Today.DayNumber <= 7 ? "Soon" : "Open");
            item.Role.ShouldBe("tenant");
        }
        var other = await ToDoOf("tenant2");
        other.Select(i => i.Link).ShouldNotContain(l => open.Any(b => l == $"/bills/{b.Id}"));
    }

    [Fact]
    public async Task Operator_OverdueBills_CountAndAmountOfItsPark_AndNothingOfIt_ForOperator2()
    {
        var park = await app.ParkIdAsync();
        var rows = await app.WithDbAsync(db => db.Bills.IgnoreQueryFilters()
            .Where(b => b.ParkId == park && (b.State == BillState.Issued || b.State == BillState.PartiallyPaid))
            .Select(b => new { b.Total, b.Paid, b.DueDate }).ToListAsync());
        var overdue = rows.Where(b => b.Total > b.Paid && b.DueDate < Today).ToList();
        overdue.ShouldNotBeEmpty();

        var item = (await ToDoOf("operator")).Single(i => i.Kind == "bills.overdue");
        item.Count.ShouldBe(overdue.Count);
        item.Amount.ShouldBe(overdue.Sum(b => b.Total - b.Paid));
        item.Link.ShouldBe($"/parks/{park}/bills?standing=overdue");
        item.Title.ShouldBe($"{overdue.Count} 张账单逾期未缴，共 {overdue.Sum(b => b.Total - b.Paid):N2} 元");
        item.Urgency.ShouldBe("Overdue");
        (await ToDoOf("operator2")).ShouldNotContain(i => i.ParkId == park);
    }

    [Fact]
    public async Task Contractor_AssignedTickets_ByTimeToBreach_WithTheTimeLeftInChinese()
    {
        var me = await UserIdAsync("contractor");
        var open = await app.WithDbAsync(db => db.Tickets.IgnoreQueryFilters()
            .Where(x => x.AssigneeUserId == me && x.WorkOrderId == null
                && (x.State == TicketState.New || x.State == TicketState.Acknowledged || x.State == TicketState.InProgress || x.State == TicketState.Reopened))
            .Select(x => new { x.Id, Due = x.RespondedAt == null ? x.ResponseDueAt : x.ResolutionDueAt }).ToListAsync());
        open.ShouldNotBeEmpty("the demo assigns the contractor a ticket");
        var expected = open.OrderBy(x => x.Due).ThenBy(x => x.Id).ToList();

        var items = (await ToDoOf("contractor")).Where(i => i.Kind == "tickets.assigned").ToList();
        items.Select(i => i.Link).ShouldBe(expected.Select(x => $"/tickets/{x.Id}"));
        foreach (var (item, t) in items.Zip(expected))
        {
            item.Role.ShouldBe("contractor");
            item.ParkName.ShouldBe("东莞长安电子元器件小微企业园");
            var left = t.Due - Now;
            var minutes = (long)Math.Floor(Math.Abs(left.TotalMinutes));
            var span = minutes >= 1440 ? $"{minutes / 1440} 天 {minutes % 1440 / 60} 小时" : minutes >= 60 ? $"{minutes / 60} 小时 {minutes % 60} 分钟" : $"{minutes} 分钟";
            item.Detail.ShouldBe(left >= TimeSpan.Zero ? $"剩余 {span}" : $"已超时 {span}");
        }
        // nobody else is handed the contractor's tickets as its own
        (await ToDoOf("operator")).ShouldNotContain(i => i.Kind == "tickets.assigned");
    }

    [Fact]
    public async Task Requester_ClosedUnratedTickets_AwaitItsRating_AndOnlyItsOwn()
    {
        async Task<long[]> ToRate(string user)
        {
            var uid = await UserIdAsync(user);
            return await app.WithDbAsync(db => db.Tickets.IgnoreQueryFilters()
                .Where(x => x.RequesterUserId == uid && x.EnterpriseId != null && x.State == TicketState.Closed && x.Rating == null).Select(x => x.Id).ToArrayAsync());
        }
        var t2 = await ToRate("tenant2");
        t2.ShouldNotBeEmpty();
        var items = (await ToDoOf("tenant2")).Where(i => i.Kind == "tickets.rate").ToList();
        items.Select(i => i.Link).Order().ShouldBe(t2.Select(id => $"/tickets/{id}").Order());
        items.ShouldAllBe(i => i.Title.EndsWith("已关闭，请评价"));
        (await ToDoOf("tenant")).Select(i => i.Link).ShouldNotContain(l => t2.Any(id => l == $"/tickets/{id}"));
    }

    [Fact]
    public async Task Operator_BreachedAndUnassignedTickets_CountedFromTheDatabase()
    {
        var park = await app.ParkIdAsync();
        var open = await app.WithDbAsync(db => db.Tickets.IgnoreQueryFilters()
            .Where(x => x.ParkId == park && x.WorkOrderId == null
                && (x.State == TicketState.New || x.State == TicketState.Acknowledged || x.State == TicketState.InProgress || x.State == TicketState.Reopened))
            .Select(x => new { x.State, x.AssigneeUserId, Due = x.RespondedAt == null ? x.ResponseDueAt : x.ResolutionDueAt }).ToListAsync());
        var items = await ToDoOf("operator");
        var late = open.Count(x => x.Due < Now);
        late.ShouldBeGreaterThan(0);
        items.Single(i => i.Kind == "tickets.breached").Count.ShouldBe(late);
        var unassigned = open.Count(x => x.AssigneeUserId == null && x.State == TicketState.New);
        items.Single(i => i.Kind == "tickets.unassigned").Count.ShouldBe(unassigned);
        items.Single(i => i.Kind == "tickets.unassigned").Link.ShouldBe($"/parks/{park}/tickets?state=New");
    }

    [Fact]
    public async Task Bookings_TenantSeesItsNextOnes_OperatorTheApprovalsWaiting()
    {
        var park = await app.ParkIdAsync();
        var own = await app.EnterpriseOfAsync("tenant");
        var until = Now.AddDays(7);
        var mine = await app.WithDbAsync(db => db.Bookings.IgnoreQueryFilters()
            .Where(b => b.EnterpriseId == own && (b.State == BookingState.Confirmed || b.State == BookingState.PendingApproval) && b.End > Now && b.Start < until)
            .Select(b => b.Start).ToListAsync());
        mine.Count.ShouldBeGreaterThan(3, "the demo tenant has a busy week");
        var tenant = await ToDoOf("tenant");
        tenant.Where(i => i.Kind == "bookings.upcoming").Select(i => i.DueAt).ShouldBe(mine.Order().Take(3).Select(s => (DateTime?)s));
        tenant.Single(i => i.Kind == "bookings.more").Count.ShouldBe(mine.Count - 3);

        var pending = await app.WithDbAsync(db => db.Bookings.IgnoreQueryFilters()
            .CountAsync(b => b.ParkId == park && b.State == BookingState.PendingApproval && b.End > Now));
        pending.ShouldBeGreaterThan(0);
        var item = (await ToDoOf("operator")).Single(i => i.Kind == "bookings.approvals");
        item.Count.ShouldBe(pending);
        item.Title.ShouldBe($"{pending} 个预约待审批");
        item.Link.ShouldBe($"/parks/{park}/bookings/approvals");
        (await ToDoOf("tenant")).ShouldNotContain(i => i.Kind == "bookings.approvals");
    }

    [Fact]
    public async Task Operator_ExpiringLeasesApplicantsAndHighAlerts_CountedFromTheDatabase()
    {
        var park = await app.ParkIdAsync();
        var until = Today.AddDays(30);
        var today = Today;
        var ending = await app.WithDbAsync(db => db.Leases.IgnoreQueryFilters()
            .Where(l => l.ParkId == park && (l.State == LeaseState.Active || l.State == LeaseState.Signed) && l.EndDate >= today && l.EndDate <= until).Select(l => l.EndDate).ToListAsync());
        var applicants = await app.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters().CountAsync(e => e.ParkId == park && e.Status == EnterpriseStatus.Applicant));
        var high = await app.WithDbAsync(db => db.Set<RiskAlert>().IgnoreQueryFilters().CountAsync(a => a.ParkId == park && a.Severity == AlertSeverity.High && a.State == AlertState.Open));
        ending.ShouldNotBeEmpty(); applicants.ShouldBeGreaterThan(0); high.ShouldBeGreaterThan(0);

        var items = await ToDoOf("operator");
        var leases = items.Single(i => i.Kind == "leases.expiring");
        leases.Count.ShouldBe(ending.Count);
        leases.DueDate.ShouldBe(ending.Min());
        leases.Link.ShouldBe($"/parks/{park}/leases?expiring=30");
        items.Single(i => i.Kind == "enterprises.applicants").Count.ShouldBe(applicants);
        items.Single(i => i.Kind == "enterprises.applicants").Link.ShouldBe($"/parks/{park}/enterprises?status=Applicant");
        items.Single(i => i.Kind == "alerts.high").Count.ShouldBe(high);
        foreach (var user in new[] { "tenant", "tenant2", "contractor" })
            (await ToDoOf(user)).ShouldNotContain(i => i.Role == "operator" || i.Role == "government");
    }

    [Fact]
    public async Task Operator_FailedImportInTheLastWeek_IsListed_ForItsParkOnly()
    {
        var park = await app.ParkIdAsync();
        await app.WithDbAsync(async db =>
        {
            db.Set<Job>().Add(new Job { Kind = JobKinds.Import, ParkId = park, State = JobState.Failed, StartedAt = Now.AddDays(-1), FinishedAt = Now.AddDays(-1), StartedBy = "operator", ErrorRule = "Test" });
            return await db.SaveChangesAsync();
        });
        var failed = await app.WithDbAsync(db => db.Set<Job>().IgnoreQueryFilters().CountAsync(j => j.ParkId == park && j.State == JobState.Failed && j.StartedAt >= Now.AddDays(-7)));
        var item = (await ToDoOf("operator")).Single(i => i.Kind == "jobs.failed");
        item.Count.ShouldBe(failed);
        item.Title.ShouldBe($"近 7 天有 {failed} 项导入或账单运行失败");
        item.Link.ShouldBe($"/parks/{park}/jobs");
        (await ToDoOf("operator2")).ShouldNotContain(i => i.Kind == "jobs.failed" && i.ParkId == park);
    }

    [Fact]
    public async Task Tenant_CollaborationStepsWaitingOnIt_AreListed()
    {
        var own = await app.EnterpriseOfAsync("tenant");
        var waiting = await app.WithDbAsync(db => db.Collaborations.IgnoreQueryFilters()
            .Where(c => (c.NeedEnterpriseId == own || c.OfferEnterpriseId == own) && (
                (c.State == CollaborationState.Inquiry && c.InquirerEnterpriseId != own)
                || (c.State == CollaborationState.Agreed && c.OfferEnterpriseId == own)
                || (c.State == CollaborationState.Delivered && ((c.NeedEnterpriseId == own && c.NeedRatesQuality == null) || (c.OfferEnterpriseId == own && c.OfferRatesQuality == null)))))
            .Select(c => c.Id).ToListAsync());
        waiting.ShouldNotBeEmpty();
        var items = (await ToDoOf("tenant")).Where(i => i.Kind.StartsWith("collaborations.")).ToList();
        items.Select(i => i.Link).Order().ShouldBe(waiting.Select(id => $"/collaborations/{id}").Order());
    }

    [Fact]
    public async Task Tenant_NewMatchesNotLookedAt_AreListedUntilThePostIsOpened()
    {
        var park = await app.ParkIdAsync();
        var needer = await app.LoginAsync("tenant2");
        var need = (await Marketplace.MarketplaceApi.CreatePostAsync(needer, park, Marketplace.MarketplaceApi.Body("capacity_need", ["blow_molding"], 500, title: "待办测试：吹塑需求"))).GetProperty("id").GetInt64();
        var offers = await app.LoginAsync("tenant");
        await Marketplace.MarketplaceApi.CreatePostAsync(offers, park, Marketplace.MarketplaceApi.Body("capacity_offer", ["blow_molding"], 800, title: "待办测试：吹塑产能一"));
        await Marketplace.MarketplaceApi.CreatePostAsync(offers, park, Marketplace.MarketplaceApi.Body("capacity_offer", ["blow_molding"], 900, title: "待办测试：吹塑产能二"));

        var item = (await ToDoOf("tenant2")).Where(i => i.Kind == "market.matches" && i.Link == $"/market/posts/{need}#matches").ShouldHaveSingleItem();
        (item.Title, item.Count, item.ParkId, item.Role).ShouldBe(("您的发布「待办测试：吹塑需求」有 2 条新的匹配", 2, (long?)park, "tenant"));
        (await ToDoOf("tenant")).ShouldNotContain(i => i.Link.StartsWith($"/market/posts/{need}"));

        // one click: the post's page shows its matches, and having looked at them the item is gone
        var page = await (await CookieBrowser.SignInAsync(app, "tenant2")).SendAsync(HttpMethod.Get, item.Link);
        var html = await page.Content.ReadAsStringAsync();
        page.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        html.ShouldContain("id=\"matches\"");
        (await ToDoOf("tenant2")).ShouldNotContain(i => i.Kind == "market.matches" && i.Link.StartsWith($"/market/posts/{need}"));
    }

    [Fact]
    public async Task Reporting_OperatorCountsMissingFirms_TenantWhoFiledHasNoReportItem()
    {
        var park = await app.ParkIdAsync();
        var items = await ToDoOf("operator");
        var q = ParkOps.Domain.Monitoring.Quarter.Of(Today).Previous;
        var missing = items.Single(i => i.Kind == "reports.missing");
        missing.Link.ShouldBe($"/parks/{park}/reporting?period={q}");
        missing.DueDate.ShouldBe(ParkOps.Domain.Monitoring.ReportRules.DueDate(q));
        // the board the operator reaches from the item counts the same firms as missing or in draft
        var board = await (await (await app.LoginAsync("operator")).GetAsync($"/api/v1/parks/{park}/reports?year={q.Year}&quarter={q.Number}")).JsonAsync();
        var counts = board.GetProperty("counts");
        missing.Count.ShouldBe(counts.GetProperty("missing").GetInt32() + counts.GetProperty("draft").GetInt32());
    }

    [Fact]
    public async Task Government_SeesParksThatNeedAttention_CountsOnly_NeverAFirm()
    {
        var items = await ToDoOf("gov");
        items.ShouldNotBeEmpty();
        items.ShouldAllBe(i => i.Role == "government" && i.ParkId != null);
        items.ShouldAllBe(i => !i.Link.Contains("/enterprises/") && !i.Link.Contains("/bills") && !i.Link.Contains("/tickets"));
        var park = await app.ParkIdAsync();
        var high = await app.WithDbAsync(db => db.Set<RiskAlert>().IgnoreQueryFilters().CountAsync(a => a.ParkId == park && a.Severity == AlertSeverity.High && a.State == AlertState.Open));
        var alerts = items.Single(i => i.Kind == "parks.alerts" && i.ParkId == park);
        alerts.Count.ShouldBe(high);
        alerts.Link.ShouldBe($"/parks/{park}/risk-summary");
        // the firms' names appear nowhere in the viewer's to-do
        var names = await app.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters().Where(e => e.ParkId == park).Select(e => e.Name).ToListAsync());
        items.ShouldAllBe(i => !names.Any(n => i.Title.Contains(n)));
    }
}
