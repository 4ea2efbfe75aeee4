using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ParkOps.Domain.Notifications;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Billing;
using ParkOps.Web.Features.Notifications;
using ParkOps.Web.Features.Notifications.Contracts;
using ParkOps.Web.Features.Users;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Tests.Foundation;
using ParkOps.Web.Tests.Infrastructure;
using ParkOps.Web.Tests.Booking;
using ParkOps.Web.Tests.Marketplace;

namespace ParkOps.Web.Tests.Notifications;

/// <summary>
/// The notification inbox on the demo park: each producer gives the right notice to the right audience and to no one
/// else, read state per user, the unread count, the outbox rows per channel, and the scope of the read endpoints.
/// </summary>
public sealed class NotificationTests(ParkOpsFactory app) : IClassFixture<ParkOpsFactory>
{
    private static async Task<List<JsonElement>> NoticesAsync(HttpClient who, bool unread = false)
    {
        var res = await who.GetAsync($"/api/v1/notifications?unread={(unread ? "true" : "false")}&page=1");
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        return (await res.JsonAsync()).GetProperty("items").EnumerateArray().ToList();
    }

    private static async Task<int> UnreadAsync(HttpClient who)
    {
        var res = await who.GetAsync("/api/v1/notifications/unread-count");
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await res.JsonAsync()).GetProperty("unread").GetInt32();
    }

    private static List<JsonElement> Linked(List<JsonElement> notices, string link) => notices.Where(n => n.Str("link") == link).ToList();

    private async Task<long> SendAsync(Notice notice)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(ActorScope.System);
        var db = scope.ServiceProvider.GetRequiredService<ParkOpsDb>();
        scope.ServiceProvider.GetRequiredService<INotices>().Send([notice]);
        await db.SaveChangesAsync();
        return await db.Set<Notification>().IgnoreQueryFilters().MaxAsync(n => n.Id);
    }

    private Task<long> UserIdAsync(string name) => app.WithDbAsync(db => db.Users.Where(u => u.UserName == name).Select(u => u.Id).SingleAsync());

    private static async Task ActAsync(HttpClient who, long ticket, string action, object? body = null)
    {
        var res = await who.PostAsJsonAsync($"/api/v1/tickets/{ticket}/{action}", body ?? new { });
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ticket_StateChangesAssignmentAndResolution_ReachTheRequestersEnterpriseAndTheAssigneeOnly()
    {
        var tenant = await app.LoginAsync("tenant");
        var op = await app.LoginAsync("operator");
        var park = await app.ParkIdAsync();
        var created = await tenant.PostAsJsonAsync($"/api/v1/parks/{park}/tickets", new { category = "repair", title = "通知测试：配电箱跳闸" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.JsonAsync()).GetProperty("id").GetInt64();
        var link = $"/tickets/{id}";

        await ActAsync(op, id, "acknowledge");
        var mine = Linked(await NoticesAsync(tenant, unread: true), link).ShouldHaveSingleItem();
        mine.Str("kind").ShouldBe("TicketStateChanged");
        mine.Str("text").ShouldBe("工单「通知测试：配电箱跳闸」状态变为：已受理");
        mine.GetProperty("read").GetBoolean().ShouldBeFalse();

        await ActAsync(op, id, "assign", new { assigneeUserId = await UserIdAsync("contractor") });
        var contractor = await app.LoginAsync("contractor");
        Linked(await NoticesAsync(contractor), link).ShouldHaveSingleItem().Str("kind").ShouldBe("TicketAssigned");
        await ActAsync(op, id, "resolve", new { signature = "张伟" });
        Linked(await NoticesAsync(tenant), link).Select(n => n.Str("kind")).Order().ShouldBe(["TicketPleaseRate", "TicketStateChanged"]);
        // nobody else hears of it: another enterprise, the other park's operator, the government viewer
        foreach (var other in new[] { "tenant2", "operator2", "gov", "partner" })
            Linked(await NoticesAsync(await app.LoginAsync(other)), link).ShouldBeEmpty(other);
        // the assignee heard only of the assignment
        Linked(await NoticesAsync(contractor), link).Count.ShouldBe(1);
    }

    [Fact]
    public async Task ReadState_TwoUsersOfOneEnterpriseAndTwoOperators_EachKeepsItsOwn()
    {
        var park = await app.ParkIdAsync();
        var enterprise = await app.EnterpriseOfAsync("tenant");
        var tenant = await app.LoginAsync("tenant");
        var colleague = await app.LoginAsEnterpriseAsync(enterprise);
        var notice = await SendAsync(Notice.ToEnterprise(park, enterprise, "ReportReminder", "/inbox", "2026Q3"));
        var before = await UnreadAsync(colleague);
        var tenantBefore = await UnreadAsync(tenant);

        var read = await tenant.PostAsync($"/api/v1/notifications/{notice}/read", null);
        read.StatusCode.ShouldBe(HttpStatusCode.OK, await read.Content.ReadAsStringAsync());
        (await read.JsonAsync()).GetProperty("read").GetBoolean().ShouldBeTrue();
        (await tenant.PostAsync($"/api/v1/notifications/{notice}/read", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await UnreadAsync(tenant)).ShouldBe(tenantBefore - 1);
        (await UnreadAsync(colleague)).ShouldBe(before);
        (await NoticesAsync(colleague, unread: true)).Select(n => n.GetProperty("id").GetInt64()).ShouldContain(notice);
        (await NoticesAsync(tenant, unread: true)).Select(n => n.GetProperty("id").GetInt64()).ShouldNotContain(notice);

        var admin = await app.LoginAsync("admin");
        await admin.CreateUserAsync("notify_op2", "Notify123456789", "ParkOperator", parkId: park);
        var op = await app.LoginAsync("operator");
        var op2 = await app.LoginAsync("notify_op2", "Notify123456789");
        var toOperators = await SendAsync(Notice.ToOperators(park, "RiskAlert", $"/parks/{park}/risk", "@Risk.Type.zombie", "1"));
        (await op.PostAsync($"/api/v1/notifications/{toOperators}/read", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await NoticesAsync(op2, unread: true)).Select(n => n.GetProperty("id").GetInt64()).ShouldContain(toOperators);
        (await NoticesAsync(op, unread: true)).Select(n => n.GetProperty("id").GetInt64()).ShouldNotContain(toOperators);
        Linked(await NoticesAsync(op2), $"/parks/{park}/risk").First(n => n.GetProperty("id").GetInt64() == toOperators).Str("text").ShouldBe("新的高风险预警：僵尸企业风险，1 条");

        // read-all leaves the colleague with nothing unread, and the tenant's state untouched by it
        var all = await colleague.PostAsync("/api/v1/notifications/read-all", null);
        all.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await all.JsonAsync()).GetProperty("marked").GetInt32().ShouldBe(before);
        (await UnreadAsync(colleague)).ShouldBe(0);
        (await UnreadAsync(tenant)).ShouldBe(tenantBefore - 1);
    }

    [Fact]
    public async Task Scope_TenantReadingAnotherEnterprisesNotice_Is404AndItIsNotListed()
    {
        var park = await app.ParkIdAsync();
        var foreign = await SendAsync(Notice.ToEnterprise(park, await app.EnterpriseOfAsync("tenant2"), "ReportReminder", "/inbox", "2026Q3"));
        var tenant = await app.LoginAsync("tenant");
        await (await tenant.PostAsync($"/api/v1/notifications/{foreign}/read", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await NoticesAsync(tenant)).Select(n => n.GetProperty("id").GetInt64()).ShouldNotContain(foreign);
        (await NoticesAsync(await app.LoginAsync("tenant2"), unread: true)).Select(n => n.GetProperty("id").GetInt64()).ShouldContain(foreign);
        // a notice to one user is that user's alone, whatever the others' roles
        var contractorId = await UserIdAsync("contractor");
        var own = await SendAsync(Notice.ToUser(park, contractorId, "TicketAssigned", "/inbox", "私信"));
        foreach (var other in new[] { "operator", "admin", "tenant" })
            await (await (await app.LoginAsync(other)).PostAsync($"/api/v1/notifications/{own}/read", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await app.Anonymous().GetAsync("/api/v1/notifications/unread-count")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Outbox_EveryNoticeWaitsOncePerChannel_AndTheDryRunShowsItWithoutClaiming()
    {
        var park = await app.ParkIdAsync();
        var id = await SendAsync(Notice.ToEnterprise(park, await app.EnterpriseOfAsync("tenant"), "ReportReminder", "/reporting", "2026Q4"));
        var rows = await app.WithDbAsync(db => db.Set<NotificationDelivery>().Where(d => d.NotificationId == id).OrderBy(d => d.Channel).ToListAsync());
        rows.Select(r => (r.Channel, r.State, r.Attempts)).ShouldBe([(NoticeChannel.Mail, DeliveryState.Pending, 0), (NoticeChannel.WeCom, DeliveryState.Pending, 0)]);

        var output = new StringWriter();
        (await NotificationOutbox.DrainAsync(app.Services, "mail", dryRun: true, 100_000, output, TextWriter.Null, default)).ShouldBe(0);
        output.ToString().ShouldContain($"#{rows[0].Id} Mail 通知 {id} → 企业 ");
        output.ToString().ShouldContain("请尽快填报 2026Q4 季度运营数据");
        (await NotificationOutbox.DrainAsync(app.Services, "mail", dryRun: false, 10, TextWriter.Null, TextWriter.Null, default)).ShouldBe(2);
        (await NotificationOutbox.DrainAsync(app.Services, "fax", dryRun: true, 10, TextWriter.Null, TextWriter.Null, default)).ShouldBe(2);
        (await app.WithDbAsync(db => db.Set<NotificationDelivery>().Where(d => d.NotificationId == id).SumAsync(d => d.Attempts))).ShouldBe(0);

        // a sender's claim and its reports
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(ActorScope.System);
        var outbox = scope.ServiceProvider.GetRequiredService<NotificationOutbox>();
        var claimed = await outbox.ClaimAsync(NoticeChannel.WeCom, 100_000, default);
        var mine = claimed.Where(c => c.NotificationId == id).ShouldHaveSingleItem();
        mine.Attempts.ShouldBe(1);
        (await outbox.ClaimAsync(NoticeChannel.WeCom, 100_000, default)).ShouldNotContain(c => c.NotificationId == id);
        await outbox.ReportAsync(mine.DeliveryId, sent: false, "企业微信接口超时", default);
        var failed = await app.WithDbAsync(db => db.Set<NotificationDelivery>().SingleAsync(d => d.Id == mine.DeliveryId));
        (failed.State, failed.Attempts, failed.LastError).ShouldBe((DeliveryState.Pending, 1, "企业微信接口超时"));
        await outbox.ReportAsync(mine.DeliveryId, sent: true, null, default);
        (await app.WithDbAsync(db => db.Set<NotificationDelivery>().SingleAsync(d => d.Id == mine.DeliveryId))).State.ShouldBe(DeliveryState.Sent);
    }

    [Fact]
    public async Task BillRun_EachNewBill_IsNoticedToItsEnterpriseWithItsOutboxRows()
    {
        var park = await app.ParkIdAsync();
        var month = await app.WithDbAsync(async db => (await db.Bills.Where(b => b.ParkId == park).MaxAsync(b => b.Month)).AddMonths(1));
        var op = await app.LoginAsync("operator");
        var run = await op.PostAsJsonAsync($"/api/v1/parks/{park}/bill-runs", new { month = month.ToString("yyyy-MM") });
        run.StatusCode.ShouldBe(HttpStatusCode.OK, await run.Content.ReadAsStringAsync());
        var bills = await app.WithDbAsync(db => db.Bills.Where(b => b.ParkId == park && b.Month == month).Select(b => new { b.Id, b.EnterpriseId, b.Number }).ToListAsync());
        bills.Count.ShouldBeGreaterThan(0);
        var keys = bills.Select(b => $"bill-issued:{b.Id}").ToList();
        var notices = await app.WithDbAsync(db => db.Set<Notification>().IgnoreQueryFilters().Where(n => keys.Contains(n.DedupeKey!)).ToListAsync());
        notices.Select(n => (n.EnterpriseId, n.Link, n.Audience)).OrderBy(x => x.Link).ShouldBe(bills.Select(b => ((long?)b.EnterpriseId, (string?)$"/bills/{b.Id}", NoticeAudience.Enterprise)).OrderBy(x => x.Item2));
        var ids = notices.Select(n => n.Id).ToList();
        (await app.WithDbAsync(db => db.Set<NotificationDelivery>().CountAsync(d => ids.Contains(d.NotificationId)))).ShouldBe(2 * bills.Count);

        var tenantEnterprise = await app.EnterpriseOfAsync("tenant");
        var tenantBill = bills.Single(b => b.EnterpriseId == tenantEnterprise);
        var seen = Linked(await NoticesAsync(await app.LoginAsync("tenant"), unread: true), $"/bills/{tenantBill.Id}").ShouldHaveSingleItem();
        seen.Str("kind").ShouldBe("BillIssued");
        seen.Str("text")!.ShouldContain(tenantBill.Number);
        Linked(await NoticesAsync(await app.LoginAsync("tenant2")), $"/bills/{tenantBill.Id}").ShouldBeEmpty();
    }

    [Fact]
    public async Task Overdue_FirstDayAfterTheDueDate_NoticedOnceEvenWhenSweptTwice()
    {
        var bill = await app.WithDbAsync(db => db.Bills.Where(b => (b.State == BillState.Issued || b.State == BillState.PartiallyPaid) && b.Total > b.Paid)
            .OrderByDescending(b => b.DueDate).ThenBy(b => b.Id).Select(b => new { b.Id, b.EnterpriseId, b.DueDate, b.Number }).FirstAsync());
        async Task<int> SweepAsync(DateOnly day)
        {
            await using var scope = app.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(ActorScope.System);
            return await scope.ServiceProvider.GetRequiredService<OverdueNotices>().NoteAsync(day, default);
        }
        await SweepAsync(bill.DueDate);
        (await app.WithDbAsync(db => db.Set<Notification>().IgnoreQueryFilters().CountAsync(n => n.DedupeKey == $"bill-overdue:{bill.Id}"))).ShouldBe(0, "not overdue on its due date");
        (await SweepAsync(bill.DueDate.AddDays(1))).ShouldBeGreaterThan(0);
        (await SweepAsync(bill.DueDate.AddDays(2))).ShouldBe(0);
        var n = await app.WithDbAsync(db => db.Set<Notification>().IgnoreQueryFilters().SingleAsync(x => x.DedupeKey == $"bill-overdue:{bill.Id}"));
        (n.Kind, n.EnterpriseId, n.Link).ShouldBe(("BillOverdue", (long?)bill.EnterpriseId, (string?)$"/bills/{bill.Id}"));
    }

    [Fact]
    public async Task Booking_ApprovedOrRejected_TheBookerIsTold()
    {
        var hall = await app.ResourceIdAsync("A-MR-301");
        var tenant = await app.LoginAsync("tenant");
        var op = await app.LoginAsync("operator");
        var first = await (await tenant.BookAsync(hall, Booking.BookingApi.Body(Booking.BookingApi.Weekday(43), "09:00", "10:00", "通知测试一"))).BookedIdAsync();
        var second = await (await tenant.BookAsync(hall, Booking.BookingApi.Body(Booking.BookingApi.Weekday(43), "14:00", "15:00", "通知测试二"))).BookedIdAsync();
        (await op.PostAsync($"/api/v1/bookings/{first}/approve", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await op.PostAsJsonAsync($"/api/v1/bookings/{second}/reject", new { note = "场地检修" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var park = await app.ParkIdAsync();
        var day = Booking.BookingApi.Weekday(43).ToString("yyyy-MM-dd");
        var mine = Linked(await NoticesAsync(tenant, unread: true), $"/parks/{park}/bookings/mine").Where(n => n.Str("text")!.Contains(day)).ToList();
        mine.Select(n => n.Str("kind")).Order().ShouldBe(["BookingApproved", "BookingRejected"]);
        mine.ShouldContain(n => n.Str("text")!.Contains($"{day} 09:00") && n.Str("kind") == "BookingApproved");
        (await NoticesAsync(await app.LoginAsync("tenant2"))).ShouldNotContain(n => n.Str("text")!.Contains(day) && n.Str("kind")!.StartsWith("Booking"));
    }

    [Fact]
    public async Task Match_AnOfferAnsweringAnOpenNeed_TellsTheNeedsEnterpriseOnly()
    {
        var park = await app.ParkIdAsync();
        var needer = await app.LoginAsync("tenant2");
        var need = (await needer.CreatePostAsync(park, MarketplaceApi.Body("capacity_need", ["blow_molding"], 500, title: "通知测试：吹塑需求"))).GetProperty("id").GetInt64();
        await (await app.LoginAsync("tenant")).CreatePostAsync(park, MarketplaceApi.Body("capacity_offer", ["blow_molding"], 800, title: "通知测试：吹塑产能"));
        var told = Linked(await NoticesAsync(needer, unread: true), $"/market/posts/{need}").ShouldHaveSingleItem();
        told.Str("kind").ShouldBe("NewMatch");
        told.Str("text").ShouldBe("您的发布「通知测试：吹塑需求」有新的匹配：「通知测试：吹塑产能」");
        Linked(await NoticesAsync(await app.LoginAsync("tenant")), $"/market/posts/{need}").ShouldBeEmpty();
    }

    [Fact]
    public async Task Risk_ANewHighAlert_IsNoticedToTheParksOperatorsOnly()
    {
        var park = await app.ParkIdAsync();
        // the demo raised every alert already: take one high alert away, and the next run raises it anew
        await app.WithDbAsync(async db =>
        {
            var alert = await db.Set<Features.Risk.RiskAlert>().IgnoreQueryFilters().Where(a => a.ParkId == park && a.Severity == Domain.Risk.AlertSeverity.High && a.ActiveKey != null).OrderBy(a => a.Id).FirstAsync();
            db.Remove(alert);
            return await db.SaveChangesAsync();
        });
        var op = await app.LoginAsync("operator");
        var before = Linked(await NoticesAsync(op, unread: true), $"/parks/{park}/risk").Count;
        (await op.PostAsync($"/api/v1/parks/{park}/alerts/runs", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var told = Linked(await NoticesAsync(op, unread: true), $"/parks/{park}/risk");
        told.Count.ShouldBe(before + 1);
        told.ShouldContain(n => n.Str("kind") == "RiskAlert" && n.Str("text")!.EndsWith("，1 条"));
        Linked(await NoticesAsync(await app.LoginAsync("operator2")), $"/parks/{park}/risk").ShouldBeEmpty();
        Linked(await NoticesAsync(await app.LoginAsync("tenant2")), $"/parks/{park}/risk").ShouldBeEmpty();
    }
}
