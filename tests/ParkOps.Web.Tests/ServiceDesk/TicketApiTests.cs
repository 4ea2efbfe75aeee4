using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.ServiceDesk;
using ParkOps.Web.Features.Audit;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Features.ServiceDesk;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Features.Users;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.ServiceDesk;

/// <summary>
/// The service desk over HTTP on a demo host of its own whose clock the tests move (SLA deadlines, breaches): tickets,
/// lifecycle, signatures, ratings, photos, the QR link, SLA policies, the board and the report, and who sees what.
/// </summary>
public sealed class TicketApiTests(ClockedParkOpsFactory app) : IClassFixture<ClockedParkOpsFactory>
{
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC");

    private async Task<JsonElement> OpenAsync(HttpClient who, object body, long? park = null)
    {
        var res = await who.PostAsJsonAsync($"/api/v1/parks/{park ?? await app.ParkIdAsync()}/tickets", body);
        res.StatusCode.ShouldBe(HttpStatusCode.Created, await res.Content.ReadAsStringAsync());
        return await res.JsonAsync();
    }

    private static async Task<JsonElement> ActAsync(HttpClient who, long id, string action, object? body = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var res = await who.PostAsJsonAsync($"/api/v1/tickets/{id}/{action}", body ?? new { });
        res.StatusCode.ShouldBe(expected, await res.Content.ReadAsStringAsync());
        return await res.JsonAsync();
    }

    private static long Id(JsonElement t) => t.GetProperty("id").GetInt64();

    private static MultipartFormDataContent Photo(byte[] bytes, string name, string type = "image/jpeg")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(type);
        return new MultipartFormDataContent { { file, "file", name } };
    }

    [Fact]
    public async Task Create_TenantOpensRepair_IsOwnedByItsEnterpriseWithTheDefaultTwoHourResponse()
    {
        var tenant = await app.LoginAsync("tenant");
        var before = app.Clock.GetUtcNow().UtcDateTime;
        var t = await OpenAsync(tenant, new { category = "repair", title = "三楼走廊灯不亮", description = "测试报修" });
        t.Str("category").ShouldBe("repair");
        t.Str("severity").ShouldBe("normal");
        t.Str("state").ShouldBe("New");
        t.Str("reference").ShouldBe(TicketNames.Reference(Id(t)));
        t.GetProperty("enterpriseId").GetInt64().ShouldBe(await app.EnterpriseOfAsync("tenant"));
        // repair × normal has no park policy in the demo: the default, respond within 2 h
        (t.GetProperty("responseDueAt").GetDateTime().ToUniversalTime() - before).ShouldBe(TimeSpan.FromHours(2), TimeSpan.FromSeconds(1));
        t.GetProperty("minutesToBreach").GetInt32().ShouldBeInRange(119, 120);
    }

    [Theory]
    [InlineData("plumbing")]
    [InlineData("")]
    [InlineData(null)]
    public async Task Create_UnknownCategory_Is400NamingCategory(string? category)
    {
        var tenant = await app.LoginAsync("tenant");
        var res = await tenant.PostAsJsonAsync($"/api/v1/parks/{await app.ParkIdAsync()}/tickets", new { category, title = "灯不亮", description = "x" });
        var p = await res.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Validation", "category");
        p.ErrorsFor("category").ShouldNotBeEmpty();
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Create_EmptyTitle_Is400NamingTitle(string title)
    {
        var tenant = await app.LoginAsync("tenant");
        var before = await app.WithDbAsync(db => db.Tickets.CountAsync());
        var res = await tenant.PostAsJsonAsync($"/api/v1/parks/{await app.ParkIdAsync()}/tickets", new { category = "enquiry", title, description = "x" });
        await res.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Validation", "title");
        (await app.WithDbAsync(db => db.Tickets.CountAsync())).ShouldBe(before);
    }

    [Fact]
    public async Task Create_UnknownSeverityOrAnotherTenantsUnit_IsRefusedWithTheField()
    {
        var tenant = await app.LoginAsync("tenant");
        var park = await app.ParkIdAsync();
        var bad = await tenant.PostAsJsonAsync($"/api/v1/parks/{park}/tickets", new { category = "repair", title = "x", severity = "apocalyptic" });
        await bad.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Validation", "severity");
        var other = await app.EnterpriseOfAsync("tenant2");
        var unit = await app.WithDbAsync(db => db.Units.Where(u => u.OccupantEnterpriseId == other).Select(u => u.Id).FirstAsync());
        var foreign = await tenant.PostAsJsonAsync($"/api/v1/parks/{park}/tickets", new { category = "repair", title = "x", unitId = unit });
        await foreign.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "TenantReportsOwnUnits", "unitId");
    }

    [Fact]
    public async Task Get_AnotherTenantsTicket_Is404AndNotInItsList()
    {
        var t = await OpenAsync(await app.LoginAsync("tenant"), new { category = "complaint", title = "噪音", description = "夜间噪音" });
        var tenant2 = await app.LoginAsync("tenant2");
        (await tenant2.GetAsync($"/api/v1/tickets/{Id(t)}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await tenant2.PostAsJsonAsync($"/api/v1/tickets/{Id(t)}/comment", new { comment = "x" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var list = await (await tenant2.GetAsync($"/api/v1/parks/{await app.ParkIdAsync()}/tickets?pageSize=500")).JsonAsync();
        var own = await app.EnterpriseOfAsync("tenant2");
        list.GetProperty("items").EnumerateArray().ShouldAllBe(i => i.GetProperty("enterpriseId").GetInt64() == own);
        list.GetProperty("items").EnumerateArray().Count().ShouldBeGreaterThan(0, "the demo gives tenant2 tickets of its own");
    }

    [Fact]
    public async Task Government_ReadsTheReportButNoTicket()
    {
        var gov = await app.LoginAsync("gov");
        var park = await app.ParkIdAsync();
        var any = await app.WithDbAsync(db => db.Tickets.Where(x => x.ParkId == park).Select(x => x.Id).FirstAsync());
        (await gov.GetAsync($"/api/v1/tickets/{any}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await (await gov.GetAsync($"/api/v1/parks/{park}/tickets")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "GovernmentSeesAggregatesOnly");
        (await gov.GetAsync($"/api/v1/parks/{park}/tickets/report")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await (await app.LoginAsync("tenant")).GetAsync($"/api/v1/parks/{park}/tickets/report")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Lifecycle_FromNewToClosedWithSignatureAndRating_RecordsEveryStep()
    {
        var tenant = await app.LoginAsync("tenant");
        var op = await app.LoginAsync("operator");
        var t = await OpenAsync(tenant, new { category = "repair", title = "水龙头漏水", description = "三楼男卫", commonArea = "3号厂房三楼男卫" });
        var id = Id(t);
        (await ActAsync(op, id, "acknowledge")).GetProperty("ticket").Str("state").ShouldBe("Acknowledged");
        (await ActAsync(op, id, "start")).GetProperty("ticket").Str("state").ShouldBe("InProgress");
        var unsigned = await op.PostAsJsonAsync($"/api/v1/tickets/{id}/resolve", new { });
        await unsigned.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "CompletionNeedsSignature", "signature");
        var resolved = await ActAsync(op, id, "resolve", new { signature = "张伟", comment = "已更换阀芯" });
        resolved.GetProperty("ticket").Str("signedBy").ShouldBe("张伟");
        resolved.GetProperty("ticket").GetProperty("signedAt").ValueKind.ShouldBe(JsonValueKind.String);
        (await ActAsync(tenant, id, "close")).GetProperty("ticket").Str("state").ShouldBe("Closed");
        var rated = await ActAsync(tenant, id, "rate", new { rating = 5, comment = "很快" });
        rated.GetProperty("ticket").GetProperty("rating").GetInt32().ShouldBe(5);
        var kinds = rated.GetProperty("timeline").EnumerateArray().Select(e => e.Str("kind")).ToList();
        kinds.ShouldBe(["Created", "Acknowledged", "Started", "Resolved", "Closed", "Rated"]);
        var again = await tenant.PostAsJsonAsync($"/api/v1/tickets/{id}/rate", new { rating = 4 });
        await again.ShouldBeProblemAsync(HttpStatusCode.Conflict, "TicketRatedOnce");
    }

    [Fact]
    public async Task Action_IllegalTransition_Is409NamingTheRule()
    {
        var tenant = await app.LoginAsync("tenant");
        var t = await OpenAsync(tenant, new { category = "enquiry", title = "电费疑问" });
        var res = await tenant.PostAsJsonAsync($"/api/v1/tickets/{Id(t)}/close", new { });
        await res.ShouldBeProblemAsync(HttpStatusCode.Conflict, "TicketTransitionNotAllowed", "state");
        var op = await app.LoginAsync("operator");
        await (await op.PostAsJsonAsync($"/api/v1/tickets/{Id(t)}/reopen", new { })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "TicketTransitionNotAllowed");
        (await op.PostAsJsonAsync($"/api/v1/tickets/{Id(t)}/fly", new { })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // a tenant does not work its own ticket
        await (await tenant.PostAsJsonAsync($"/api/v1/tickets/{Id(t)}/acknowledge", new { })).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "TicketActionNotPermitted");
    }

    [Fact]
    public async Task Rate_ByStaffOrBeforeClosure_IsRefused()
    {
        var tenant = await app.LoginAsync("tenant");
        var op = await app.LoginAsync("operator");
        var id = Id(await OpenAsync(tenant, new { category = "service", title = "门禁卡补办" }));
        await (await tenant.PostAsJsonAsync($"/api/v1/tickets/{id}/rate", new { rating = 5 })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "RateAfterClosure");
        await ActAsync(op, id, "start");
        await ActAsync(op, id, "resolve", new { signature = "王晓东" });
        await ActAsync(op, id, "close");
        await (await op.PostAsJsonAsync($"/api/v1/tickets/{id}/rate", new { rating = 5 })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "OnlyRequesterMayRate");
        await (await tenant.PostAsJsonAsync($"/api/v1/tickets/{id}/rate", new { rating = 6 })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "RatingOneToFive");
        (await app.WithDbAsync(db => db.Tickets.Where(x => x.Id == id).Select(x => x.Rating).SingleAsync())).ShouldBeNull();
    }

    [Fact]
    public async Task Contractor_SeesOnlyTicketsAssignedToIt()
    {
        var tenant = await app.LoginAsync("tenant");
        var op = await app.LoginAsync("operator");
        var park = await app.ParkIdAsync();
        var assigned = Id(await OpenAsync(tenant, new { category = "repair", title = "配电箱跳闸" }));
        var other = Id(await OpenAsync(tenant, new { category = "repair", title = "货梯门" }));
        var contractorId = await app.WithDbAsync(db => db.Users.Where(u => u.UserName == "contractor").Select(u => u.Id).SingleAsync());
        await ActAsync(op, assigned, "assign", new { assigneeUserId = contractorId });
        var contractor = await app.LoginAsync("contractor");
        (await contractor.GetAsync($"/api/v1/tickets/{assigned}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await contractor.GetAsync($"/api/v1/tickets/{other}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var list = await (await contractor.GetAsync($"/api/v1/parks/{park}/tickets?pageSize=500")).JsonAsync();
        var ids = list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("assigneeUserId").GetInt64()).Distinct().ToList();
        ids.ShouldBe([contractorId]);
        // it works its tickets, but does not assign or see the park's other data
        (await ActAsync(contractor, assigned, "start")).GetProperty("ticket").Str("state").ShouldBe("InProgress");
        await (await contractor.PostAsJsonAsync($"/api/v1/tickets/{assigned}/assign", new { assigneeUserId = contractorId })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await contractor.GetAsync($"/api/v1/parks/{park}/enterprises")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // a tenant is no assignee
        var tenantUser = await app.WithDbAsync(db => db.Users.Where(u => u.UserName == "tenant").Select(u => u.Id).SingleAsync());
        await (await op.PostAsJsonAsync($"/api/v1/tickets/{other}/assign", new { assigneeUserId = tenantUser })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "AssigneeMustWorkInPark", "assigneeUserId");
    }

    [Fact]
    public async Task QrLink_AnonymousSubmits_GetsAReferenceOnlyAndCannotRead()
    {
        var op = await app.LoginAsync("operator");
        var unit = await app.WithDbAsync(db => db.Units.Where(u => u.ParkId == db.Set<Park>().Where(p => p.Code == "DG-CA-01").Select(p => p.Id).First()).OrderBy(u => u.Id).Select(u => u.Id).FirstAsync());
        var link = await (await op.PostAsync($"/api/v1/units/{unit}/qr-link", null)).JsonAsync();
        var token = link.Str("url")!.Split("/q/")[1];
        var anonymous = app.Anonymous();
        var res = await anonymous.PostAsJsonAsync($"/api/v1/qr/{token}/tickets", new { category = "repair", title = "门口灯坏了", description = "访客报修", phone = "13800000000" });
        res.StatusCode.ShouldBe(HttpStatusCode.Created, await res.Content.ReadAsStringAsync());
        var receipt = await res.JsonAsync();
        receipt.EnumerateObject().Select(p => p.Name).OrderBy(n => n).ShouldBe(["reference", "responseDueAt"]);
        var id = long.Parse(receipt.Str("reference")![1..]);
        (await anonymous.GetAsync($"/api/v1/tickets/{id}")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.GetAsync($"/api/v1/parks/{await app.ParkIdAsync()}/tickets")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        // the anonymous form posts only: nothing of a ticket can be read back through the link
        (await anonymous.GetAsync($"/api/v1/qr/{token}/tickets")).StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        var seen = await (await op.GetAsync($"/api/v1/tickets/{id}")).JsonAsync();
        seen.GetProperty("ticket").Str("source").ShouldBe("QrCode");
        seen.GetProperty("ticket").GetProperty("unitId").GetInt64().ShouldBe(unit);
        seen.GetProperty("ticket").GetProperty("enterpriseId").ValueKind.ShouldBe(JsonValueKind.Null);
        // bad input and an unknown or replaced link
        await (await anonymous.PostAsJsonAsync($"/api/v1/qr/{token}/tickets", new { category = "magic", title = "x" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Validation", "category");
        (await anonymous.PostAsJsonAsync("/api/v1/qr/not-a-token/tickets", new { category = "repair", title = "x" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await op.PostAsync($"/api/v1/units/{unit}/qr-link", null);
        (await anonymous.PostAsJsonAsync($"/api/v1/qr/{token}/tickets", new { category = "repair", title = "x" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Photos_CheckedByContentAndServedOnlyToReaders()
    {
        var tenant = await app.LoginAsync("tenant");
        var id = Id(await OpenAsync(tenant, new { category = "repair", title = "墙面开裂" }));
        var ok = await tenant.PostAsync($"/api/v1/tickets/{id}/photos", Photo(Png, "crack.png", "image/png"));
        ok.StatusCode.ShouldBe(HttpStatusCode.Created, await ok.Content.ReadAsStringAsync());
        var url = (await ok.JsonAsync()).Str("url")!;
        var own = await tenant.GetAsync(url);
        own.StatusCode.ShouldBe(HttpStatusCode.OK);
        own.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        (await own.Content.ReadAsByteArrayAsync()).ShouldBe(Png);
        (await (await app.LoginAsync("tenant2")).GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.LoginAsync("gov")).GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.LoginAsync("operator")).GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.OK);
        // the audit log records the photo by its size, not its bytes
        var audit = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Entity == "TicketPhoto").OrderByDescending(a => a.Id).Select(a => a.After).FirstAsync());
        audit.ShouldNotBeNull();
        audit.ShouldContain($"({Png.Length} bytes)");
        audit.ShouldNotContain(Convert.ToBase64String(Png));

        // a text file that claims to be a JPEG, and one too large: refused by content, nothing stored
        var before = await app.WithDbAsync(db => db.TicketPhotos.CountAsync(p => p.TicketId == id));
        var fake = await tenant.PostAsync($"/api/v1/tickets/{id}/photos", Photo("not an image"u8.ToArray(), "photo.jpg"));
        await fake.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "PhotoMustBeJpegPngOrWebp", "file");
        var big = new byte[PhotoCheck.MaxBytes + 10];
        big[0] = 0xFF; big[1] = 0xD8; big[2] = 0xFF;
        var tooBig = await tenant.PostAsync($"/api/v1/tickets/{id}/photos", Photo(big, "big.jpg"));
        await tooBig.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "PhotoTooLarge", "file");
        var none = await tenant.PostAsync($"/api/v1/tickets/{id}/photos", new MultipartFormDataContent { { new StringContent("x"), "other" } });
        await none.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Validation", "file");
        (await app.WithDbAsync(db => db.TicketPhotos.CountAsync(p => p.TicketId == id))).ShouldBe(before);
    }

    [Fact]
    public async Task Comment_WithPhoto_AppearsOnTheTimeline_EmptyIs400()
    {
        var tenant = await app.LoginAsync("tenant");
        var op = await app.LoginAsync("operator");
        var id = Id(await OpenAsync(tenant, new { category = "enquiry", title = "实验室开放时间" }));
        var detail = await ActAsync(op, id, "comment", new { comment = "周末 9:00–17:00 开放" });
        var comment = detail.GetProperty("timeline").EnumerateArray().Last(e => e.Str("kind") == "Comment");
        comment.Str("body").ShouldBe("周末 9:00–17:00 开放");
        var form = Photo(Png, "schedule.png", "image/png");
        form.Add(new StringContent(comment.GetProperty("id").GetInt64().ToString()), "eventId");
        (await op.PostAsync($"/api/v1/tickets/{id}/photos", form)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var after = await (await tenant.GetAsync($"/api/v1/tickets/{id}")).JsonAsync();
        after.GetProperty("timeline").EnumerateArray().Last(e => e.Str("kind") == "Comment").GetProperty("photoIds").GetArrayLength().ShouldBe(1);
        await (await tenant.PostAsJsonAsync($"/api/v1/tickets/{id}/comment", new { comment = " " })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Validation", "comment");
    }

    [Fact]
    public async Task Convert_RequestToWorkOrder_KeepsEveryFieldAndPhoto()
    {
        var tenant = await app.LoginAsync("tenant");
        var op = await app.LoginAsync("operator");
        var id = Id(await OpenAsync(tenant, new { category = "service", title = "大件货物进场", description = "周五 8 吨设备", severity = "high", commonArea = "南门货运通道" }));
        (await tenant.PostAsync($"/api/v1/tickets/{id}/photos", Photo(Png, "truck.png", "image/png"))).StatusCode.ShouldBe(HttpStatusCode.Created);
        await ActAsync(op, id, "acknowledge");
        var wo = (await ActAsync(op, id, "convert")).GetProperty("ticket");
        wo.Str("kind").ShouldBe("WorkOrder");
        wo.GetProperty("sourceTicketId").GetInt64().ShouldBe(id);
        var original = (await (await op.GetAsync($"/api/v1/tickets/{id}")).JsonAsync()).GetProperty("ticket");
        original.GetProperty("workOrderId").GetInt64().ShouldBe(Id(wo));
        foreach (var f in new[] { "category", "severity", "title", "description", "commonArea", "requesterName", "state", "responseDueAt", "resolutionDueAt", "respondedAt", "enterpriseId" })
            wo.GetProperty(f).ToString().ShouldBe(original.GetProperty(f).ToString(), f);
        var photos = await app.WithDbAsync(db => db.TicketPhotos.Where(p => p.TicketId == Id(wo)).Select(p => p.Data).ToListAsync());
        photos.Count.ShouldBe(1);
        photos[0].ShouldBe(Png);
        await (await op.PostAsJsonAsync($"/api/v1/tickets/{id}/convert", new { })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "TicketAlreadyAWorkOrder");
        // the tenant reads the work order of its request
        (await tenant.GetAsync($"/api/v1/tickets/{Id(wo)}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SlaPolicy_OperatorSetsTargets_NewTicketsUseThem_BadTargetsNameTheField()
    {
        var op = await app.LoginAsync("operator");
        var park = await app.ParkIdAsync();
        var set = await op.PutAsJsonAsync($"/api/v1/parks/{park}/sla-policies", new[] { new { category = "enquiry", severity = "low", responseMinutes = 45, resolutionMinutes = 600 } });
        set.StatusCode.ShouldBe(HttpStatusCode.OK, await set.Content.ReadAsStringAsync());
        var row = (await set.JsonAsync()).EnumerateArray().Single(p => p.Str("category") == "enquiry" && p.Str("severity") == "low");
        row.GetProperty("responseMinutes").GetInt32().ShouldBe(45);
        row.GetProperty("isDefault").GetBoolean().ShouldBeFalse();
        var t = await OpenAsync(await app.LoginAsync("tenant"), new { category = "enquiry", title = "发票开具", severity = "low" });
        (t.GetProperty("responseDueAt").GetDateTime() - t.GetProperty("createdAt").GetDateTime()).ShouldBe(TimeSpan.FromMinutes(45));
        (t.GetProperty("resolutionDueAt").GetDateTime() - t.GetProperty("createdAt").GetDateTime()).ShouldBe(TimeSpan.FromMinutes(600));

        var bad = await op.PutAsJsonAsync($"/api/v1/parks/{park}/sla-policies", new[] { new { category = "repair", severity = "low", responseMinutes = 120, resolutionMinutes = 60 } });
        await bad.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "ResolutionNotBeforeResponse", "resolutionMinutes");
        var unknown = await op.PutAsJsonAsync($"/api/v1/parks/{park}/sla-policies", new[] { new { category = "laundry", severity = "low", responseMinutes = 120, resolutionMinutes = 600 } });
        await unknown.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Validation", "policies[0].category");
        var tenant = await app.LoginAsync("tenant");
        await (await tenant.PutAsJsonAsync($"/api/v1/parks/{park}/sla-policies", new[] { new { category = "repair", severity = "low", responseMinutes = 1, resolutionMinutes = 2 } })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await tenant.GetAsync($"/api/v1/parks/{park}/sla-policies")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Sweep_ClockPassesTheResponseDeadline_RecordsTheBreachEscalatesAndTopsTheBoard()
    {
        var tenant = await app.LoginAsync("tenant");
        var op = await app.LoginAsync("operator");
        var park = await app.ParkIdAsync();
        // urgent repair: the demo park answers within 30 minutes
        var urgent = Id(await OpenAsync(tenant, new { category = "repair", title = "配电房冒烟", severity = "urgent" }));
        app.Clock.Advance(TimeSpan.FromMinutes(31));
        var swept = await (await op.PostAsync($"/api/v1/parks/{park}/tickets:sweep", null)).JsonAsync();
        swept.GetProperty("recorded").GetInt32().ShouldBeGreaterThan(0);
        var t = await (await op.GetAsync($"/api/v1/tickets/{urgent}")).JsonAsync();
        t.GetProperty("ticket").GetProperty("responseBreached").GetBoolean().ShouldBeTrue();
        t.GetProperty("ticket").GetProperty("escalationLevel").GetInt32().ShouldBe(1);
        t.GetProperty("ticket").Str("slaStatus").ShouldBe("Breached");
        t.GetProperty("timeline").EnumerateArray().Select(e => e.Str("kind")).ShouldContain("ResponseBreached");
        // a second sweep finds nothing new for it
        await op.PostAsync($"/api/v1/parks/{park}/tickets:sweep", null);
        (await app.WithDbAsync(db => db.TicketEvents.CountAsync(e => e.TicketId == urgent && e.Kind == TicketEventKind.ResponseBreached))).ShouldBe(1);

        // the board is ordered by time to breach, most overdue first
        var board = await (await op.GetAsync($"/api/v1/parks/{park}/tickets?open=true&pageSize=500")).JsonAsync();
        var minutes = board.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("minutesToBreach").GetInt32()).ToList();
        minutes.ShouldBe(minutes.Order().ToList());
        board.GetProperty("items").EnumerateArray().ShouldAllBe(i => i.Str("state") != "Closed" && i.Str("state") != "Resolved");

        // escalating by hand climbs one level; the resolution deadline lifts it to level 2
        (await ActAsync(op, urgent, "escalate")).GetProperty("ticket").GetProperty("escalationLevel").GetInt32().ShouldBe(2);
        app.Clock.Advance(TimeSpan.FromHours(4));
        await op.PostAsync($"/api/v1/parks/{park}/tickets:sweep", null);
        var late = (await (await op.GetAsync($"/api/v1/tickets/{urgent}")).JsonAsync()).GetProperty("ticket");
        late.GetProperty("resolutionBreached").GetBoolean().ShouldBeTrue();
        late.GetProperty("escalationLevel").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task Report_MonthsOfTheDemo_ShowSatisfactionAndResponseTimes()
    {
        var op = await app.LoginAsync("operator");
        var report = await (await op.GetAsync($"/api/v1/parks/{await app.ParkIdAsync()}/tickets/report?months=4")).JsonAsync();
        var months = report.GetProperty("months").EnumerateArray().ToList();
        months.Count.ShouldBe(4);
        months.Sum(m => m.GetProperty("created").GetInt32()).ShouldBeGreaterThan(50);
        var rated = months.Where(m => m.GetProperty("rated").GetInt32() > 0).ToList();
        rated.ShouldNotBeEmpty();
        rated.ShouldAllBe(m => m.GetProperty("satisfiedShare").GetDecimal() >= 0 && m.GetProperty("satisfiedShare").GetDecimal() <= 1);
        months.Where(m => m.GetProperty("responded").GetInt32() > 0).ShouldAllBe(m => m.GetProperty("averageResponseMinutes").GetDouble() > 0);
        // the demo has breached and met targets
        months.Select(m => m.GetProperty("responseMetShare")).Where(s => s.ValueKind == JsonValueKind.Number).ShouldContain(s => s.GetDecimal() < 1);
        // the chart's tickets by category: every month's categories add up to its count, and they are the requests opened since the first month
        months.ShouldAllBe(m => m.GetProperty("createdByCategory").EnumerateObject().Sum(c => c.Value.GetInt32()) == m.GetProperty("created").GetInt32());
        var first = DateTime.ParseExact(months[0].Str("month") + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal).AddHours(-8); // Shanghai midnight in UTC
        var park = await app.ParkIdAsync();
        var byCategory = await app.WithDbAsync(db => db.Tickets.Where(x => x.ParkId == park && x.Kind == TicketKind.Request && x.CreatedAt >= first)
            .GroupBy(x => x.Category).Select(g => new { g.Key, N = g.Count() }).ToListAsync());
        foreach (var name in new[] { "repair", "enquiry", "complaint", "service" })
            months.Sum(m => m.GetProperty("createdByCategory").GetProperty(name).GetInt32())
                .ShouldBe(byCategory.Where(c => c.Key.ToString().Equals(name, StringComparison.OrdinalIgnoreCase)).Sum(c => c.N), name);
        await (await op.GetAsync($"/api/v1/parks/{await app.ParkIdAsync()}/tickets/report?months=0")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Validation", "months");
    }
}
