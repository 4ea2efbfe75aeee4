using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Features.Booking;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Notifications;
using ParkOps.Web.Features.Users;
using ParkOps.Web.Tests.Booking;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Notifications;

/// <summary>
/// The notices the park's operators get (issue 13 item 3): a booking that awaits their approval, and a ticket whose SLA
/// deadline passed (to the assignee as well). Each is given once, to the right audience, and its link opens the page
/// where the work is done; an enterprise user never receives an operator's notice. The host's clock is a
/// <see cref="ManualClock"/> the tests move forward only.
/// </summary>
public sealed class OperatorNoticeTests(ClockedParkOpsFactory app) : IClassFixture<ClockedParkOpsFactory>
{
    private static async Task<List<JsonElement>> NoticesAsync(HttpClient who)
    {
        var items = new List<JsonElement>();
        for (var page = 1; ; page++)
        {
            var res = await who.GetAsync($"/api/v1/notifications?page={page}");
            res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
            var body = await res.JsonAsync();
            items.AddRange(body.GetProperty("items").EnumerateArray());
            if (!body.GetProperty("hasMore").GetBoolean() || page == 20) return items;
        }
    }

    private static List<JsonElement> Of(List<JsonElement> notices, string kind, string link) =>
        notices.Where(n => n.Str("kind") == kind && n.Str("link") == link).ToList();

    private Task<long> UserIdAsync(string name) => app.WithDbAsync(db => db.Users.Where(u => u.UserName == name).Select(u => u.Id).SingleAsync());

    private static async Task ActAsync(HttpClient who, long ticket, string action, object? body = null)
    {
        var res = await who.PostAsJsonAsync($"/api/v1/tickets/{ticket}/{action}", body ?? new { });
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
    }

    private async Task OpensAsync(string user, string link, string expected)
    {
        var page = await (await CookieBrowser.SignInAsync(app, user)).SendAsync(HttpMethod.Get, link);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        page.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        html.ShouldContain(expected);
    }

    [Fact]
    public async Task Booking_AwaitingApproval_TellsTheParksOperatorsOnce_AndLeadsToTheApprovals()
    {
        var park = await app.ParkIdAsync();
        var hall = await app.ResourceIdAsync("A-MR-301");
        var day = BookingApi.Weekday(45);
        var tenant = await app.LoginAsync("tenant");
        var id = await (await tenant.BookAsync(hall, BookingApi.Body(day, "09:00", "10:00", "待审批通知测试"))).BookedIdAsync();
        (await app.WithDbAsync(db => db.Bookings.Where(b => b.Id == id).Select(b => b.State).SingleAsync())).ShouldBe(Domain.Booking.BookingState.PendingApproval);
        var link = $"/parks/{park}/bookings/approvals";
        var op = await app.LoginAsync("operator");

        var told = Of(await NoticesAsync(op), "BookingAwaitsApproval", link).Where(n => n.Str("text")!.Contains($"{day:yyyy-MM-dd} 09:00")).ShouldHaveSingleItem();
        var enterprise = await app.WithDbAsync(db => db.Enterprises.Where(e => e.Id == db.Set<ResourceBooking>().Where(b => b.Id == id).Select(b => b.EnterpriseId).Single()).Select(e => e.Name).SingleAsync());
        told.Str("text").ShouldBe($"{enterprise} 预约了 {await app.WithDbAsync(db => db.Resources.Where(r => r.Id == hall).Select(r => r.Name).SingleAsync())}（{day:yyyy-MM-dd} 09:00），待您审批");
        (await app.WithDbAsync(db => db.Set<Notification>().IgnoreQueryFilters().CountAsync(n => n.DedupeKey == $"booking-pending:{id}"))).ShouldBe(1);
        await OpensAsync("operator", link, "待审批通知测试");

        // deciding gives the booker its own notice, not a second one to the operators
        (await op.PostAsync($"/api/v1/bookings/{id}/approve", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        Of(await NoticesAsync(op), "BookingAwaitsApproval", link).Count(n => n.Str("text")!.Contains($"{day:yyyy-MM-dd} 09:00")).ShouldBe(1);
        // nobody else: the booker's and another enterprise, the other park's operator
        foreach (var other in new[] { "tenant", "tenant2", "operator2", "contractor" })
            (await NoticesAsync(await app.LoginAsync(other))).ShouldNotContain(n => n.Str("kind") == "BookingAwaitsApproval", other);

        // a booking that needs no approval (the operator's, made for an enterprise) tells nobody
        var mine = await (await op.BookAsync(hall, new { start = BookingApi.At(day, "14:00"), end = BookingApi.At(day, "15:00"), purpose = "运营代订", enterpriseId = await app.EnterpriseOfAsync("tenant") })).BookedIdAsync();
        (await app.WithDbAsync(db => db.Set<Notification>().IgnoreQueryFilters().CountAsync(n => n.DedupeKey == $"booking-pending:{mine}"))).ShouldBe(0);
    }

    [Fact]
    public async Task Ticket_SlaBreached_TellsTheOperatorsAndTheAssigneeOncePerStage_NeverTheEnterprise()
    {
        var park = await app.ParkIdAsync();
        var tenant = await app.LoginAsync("tenant");
        var op = await app.LoginAsync("operator");
        // urgent repair: the demo park answers within 30 minutes
        var created = await tenant.PostAsJsonAsync($"/api/v1/parks/{park}/tickets", new { category = "repair", title = "超时通知测试：配电房冒烟", severity = "urgent" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.JsonAsync()).GetProperty("id").GetInt64();
        var link = $"/tickets/{id}";

        app.Clock.Advance(TimeSpan.FromMinutes(31));
        (await op.PostAsync($"/api/v1/parks/{park}/tickets:sweep", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        Of(await NoticesAsync(op), "TicketBreached", link).ShouldHaveSingleItem().Str("text").ShouldBe("工单「超时通知测试：配电房冒烟」响应超时，请尽快处理");
        // a second sweep (or a second process) gives none twice
        (await op.PostAsync($"/api/v1/parks/{park}/tickets:sweep", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        Of(await NoticesAsync(op), "TicketBreached", link).Count.ShouldBe(1);

        // assigned to the contractor, the resolution deadline passes: the operators and the assignee hear of it
        await ActAsync(op, id, "acknowledge");
        await ActAsync(op, id, "assign", new { assigneeUserId = await UserIdAsync("contractor") });
        app.Clock.Advance(TimeSpan.FromHours(4));
        (await op.PostAsync($"/api/v1/parks/{park}/tickets:sweep", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await op.PostAsync($"/api/v1/parks/{park}/tickets:sweep", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        Of(await NoticesAsync(op), "TicketBreached", link).Select(n => n.Str("text")).Order()
            .ShouldBe(["工单「超时通知测试：配电房冒烟」响应超时，请尽快处理", "工单「超时通知测试：配电房冒烟」解决超时，请尽快处理"]);
        var contractor = await app.LoginAsync("contractor");
        Of(await NoticesAsync(contractor), "TicketBreached", link).ShouldHaveSingleItem().Str("text").ShouldBe("工单「超时通知测试：配电房冒烟」解决超时，请尽快处理");
        (await app.WithDbAsync(db => db.Set<Notification>().IgnoreQueryFilters().Where(n => n.DedupeKey!.StartsWith($"ticket-breach:{id}:")).Select(n => n.DedupeKey).ToListAsync()))
            .Order().ShouldBe([$"ticket-breach:{id}:resolution", $"ticket-breach:{id}:resolution:assignee", $"ticket-breach:{id}:response"]);

        // the requester's enterprise, another enterprise and the other park's operator hear nothing of it
        foreach (var other in new[] { "tenant", "tenant2", "operator2" })
            Of(await NoticesAsync(await app.LoginAsync(other)), "TicketBreached", link).ShouldBeEmpty(other);
        (await NoticesAsync(tenant)).ShouldNotContain(n => n.Str("kind") == "TicketBreached", "an enterprise user never receives an operator's notice");
        await OpensAsync("operator", link, "超时通知测试：配电房冒烟");
        await OpensAsync("contractor", link, "超时通知测试：配电房冒烟");
    }
}
