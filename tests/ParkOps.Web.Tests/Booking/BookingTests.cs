using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Booking;
using ParkOps.Web.Features.Billing;
using ParkOps.Web.Features.Booking;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Users;
using ParkOps.Web.Tests.Infrastructure;
using static ParkOps.Web.Tests.Booking.BookingApi;
using ParkOps.Domain.Billing;

namespace ParkOps.Web.Tests.Booking;

/// <summary>
/// Booking over HTTP on the demo park. Each test books its own day (weekdays 29–58 days ahead on resources whose
/// horizon reaches that far) so the tests share one database without touching each other's slots.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class BookingTests(ParkOpsFactory app)
{
    [Fact]
    public async Task Resources_TenantListsItsPark_SeesTheSharedResourcesWithTheirRules()
    {
        var park = await app.ParkIdAsync();
        var res = await (await app.LoginAsync("tenant")).GetAsync($"/api/v1/parks/{park}/resources");
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var items = (await res.JsonAsync()).GetProperty("items").EnumerateArray().ToList();
        items.Count.ShouldBeGreaterThanOrEqualTo(3);
        items[0].Str("code").ShouldBe("A-MR-101");
        items[0].GetProperty("requiresApproval").GetBoolean().ShouldBeFalse();
        items[0].GetProperty("requiredQualification").ValueKind.ShouldBe(JsonValueKind.Null);
        var lab = items.Single(i => i.Str("code") == "B-LAB-01");
        lab.Str("opens").ShouldBe("08:30");
        lab.GetProperty("hourlyRate").GetDecimal().ShouldBe(120m);
        lab.Str("requiredQualification").ShouldBe("实验室安全培训");
    }

    [Fact]
    public async Task Resources_OtherPark_Gives404()
    {
        var hm = await app.ParkIdAsync("DG-HM-01");
        var res = await (await app.LoginAsync("tenant")).GetAsync($"/api/v1/parks/{hm}/resources");
        res.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Book_FreeSlot_Gives201WithShanghaiTimes()
    {
        var room = await app.ResourceIdAsync("A-MR-102");
        var day = Weekday(29);
        var res = await (await app.LoginAsync("tenant")).BookAsync(room, new { start = $"{day:yyyy-MM-dd}T01:00:00Z", end = $"{day:yyyy-MM-dd}T02:30:00Z", purpose = "客户洽谈" });
        var id = await res.BookedIdAsync();
        var b = (await res.JsonAsync()).GetProperty("booking");
        Iso(b, "start").ShouldBe($"{day:yyyy-MM-dd}T09:00:00+08:00");
        Iso(b, "end").ShouldBe($"{day:yyyy-MM-dd}T10:30:00+08:00");
        b.Str("state").ShouldBe("Confirmed");
        b.GetProperty("enterpriseId").GetInt64().ShouldBe(await app.EnterpriseOfAsync("tenant"));
        res.Headers.Location!.ToString().ShouldBe($"/api/v1/bookings/{id}");
        var stored = await app.WithDbAsync(db => db.Bookings.SingleAsync(x => x.Id == id));
        stored.Start.ShouldBe(new DateTime(day.Year, day.Month, day.Day, 1, 0, 0, DateTimeKind.Utc));
        stored.BlockedUntil.ShouldBe(stored.End.AddMinutes(10), "A-MR-102 keeps a 10-minute buffer");
    }

    [Fact]
    public async Task Book_OverlappingSlotOfAnotherTenant_Gives409NamingOnlyTheBookingAndItsTime()
    {
        var room = await app.ResourceIdAsync("A-MR-102");
        var day = Weekday(30);
        var first = await (await (await app.LoginAsync("tenant")).BookAsync(room, Body(day, "14:00", "15:00", "机密新品评审"))).BookedIdAsync();
        var res = await (await app.LoginAsync("tenant2")).BookAsync(room, Body(day, "14:30", "15:30"));
        var p = await res.ShouldBeProblemAsync(HttpStatusCode.Conflict, "BookingMustNotOverlap", "start");
        var conflict = p.GetProperty("conflict");
        conflict.GetProperty("bookingId").GetInt64().ShouldBe(first);
        Iso(conflict, "start").ShouldBe(At(day, "14:00"));
        Iso(conflict, "end").ShouldBe(At(day, "15:00"));
        var text = p.GetRawText();
        text.ShouldNotContain("机密新品评审");
        var tenantName = await app.WithDbAsync(async db => { var e = await app.EnterpriseOfAsync("tenant"); return await db.Enterprises.Where(x => x.Id == e).Select(x => x.Name).SingleAsync(); });
        text.ShouldNotContain(tenantName);
        p.Str("detail")!.ShouldContain($"#{first}");
    }

    [Theory]
    [InlineData("15:00", "15:30", 409)] // starts when the other ends: inside its 10-minute buffer
    [InlineData("15:15", "16:00", 201)] // a quarter hour after: beyond the buffer
    [InlineData("13:00", "13:45", 201)] // ends 15 minutes before the other starts
    [InlineData("13:15", "14:00", 409)] // ends when the other starts: its own buffer collides
    [InlineData("14:45", "15:45", 409)] // overlaps the end
    public async Task Book_NextToABooking_RespectsTheBuffer(string from, string to, int expected)
    {
        // one day for all cases: each case's outcome holds whatever the others booked before it
        var room = await app.ResourceIdAsync("A-MR-102");
        var day = Weekday(48);
        var existing = await app.WithDbAsync(db => db.Bookings.AnyAsync(x => x.ResourceId == room && x.Live && x.Start == new DateTime(day.Year, day.Month, day.Day, 6, 0, 0, DateTimeKind.Utc)));
        if (!existing) await (await (await app.LoginAsync("tenant")).BookAsync(room, Body(day, "14:00", "15:00"))).BookedIdAsync();
        var res = await (await app.LoginAsync("tenant2")).BookAsync(room, Body(day, from, to));
        ((int)res.StatusCode).ShouldBe(expected, await res.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Book_OffTheQuarterHour_Gives422()
    {
        var room = await app.ResourceIdAsync("A-MR-102");
        await (await (await app.LoginAsync("tenant")).BookAsync(room, Body(Weekday(33), "15:05", "15:45"))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "SlotMustBeOnQuarterHours", "start");
    }

    [Fact]
    public async Task Book_EndBeforeStart_Gives422NamingEnd()
    {
        var room = await app.ResourceIdAsync("A-MR-102");
        var day = Weekday(33);
        await (await (await app.LoginAsync("tenant")).BookAsync(room, Body(day, "11:00", "10:00"))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "EndMustBeAfterStart", "end");
    }

    [Fact]
    public async Task Book_OutsideOpeningHours_Gives422()
    {
        var lab = await app.ResourceIdAsync("B-LAB-01");
        var day = Weekday(33);
        var p = await (await (await app.LoginAsync("tenant")).BookAsync(lab, Body(day, "08:00", "09:00"))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "SlotMustBeWithinOpeningHours", "start");
        p.Str("detail")!.ShouldContain("08:30");
        await (await (await app.LoginAsync("tenant")).BookAsync(lab, Body(day, "20:00", "21:30"))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "SlotMustBeWithinOpeningHours", "end");
    }

    [Fact]
    public async Task Book_BeyondHorizonOrTooLong_Gives422()
    {
        var room = await app.ResourceIdAsync("A-MR-102");
        var tenant = await app.LoginAsync("tenant");
        await (await tenant.BookAsync(room, Body(Weekday(75), "10:00", "11:00"))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "BookingMustBeWithinHorizon", "start");
        await (await tenant.BookAsync(room, Body(Weekday(34), "09:00", "13:15"))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "SlotLengthMustBeWithinLimits", "end");
        await (await tenant.BookAsync(room, Body(TodayInShanghai.AddDays(-3), "10:00", "11:00"))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "BookingMustBeInTheFuture", "start");
    }

    [Fact]
    public async Task Book_WithoutValidQualification_Gives422AndBooksNothing()
    {
        // tenant2's P2 training expired last month; nobody trained for the EMC chamber
        var p2 = await app.ResourceIdAsync("B-LAB-02");
        var before = await app.WithDbAsync(db => db.Bookings.CountAsync());
        var p = await (await (await app.LoginAsync("tenant2")).BookAsync(p2, Body(Weekday(35), "10:00", "12:00"))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "QualificationRequired");
        p.Str("detail")!.ShouldContain("P2 生物安全培训");
        (await app.WithDbAsync(db => db.Bookings.CountAsync())).ShouldBe(before);
    }

    [Fact]
    public async Task Book_WithQualification_IsAccepted()
    {
        var lab = await app.ResourceIdAsync("B-LAB-01");
        await (await (await app.LoginAsync("tenant2")).BookAsync(lab, Body(Weekday(36), "09:00", "10:00"))).BookedIdAsync();
    }

    [Fact]
    public async Task Book_UnknownResource_Gives404()
    {
        await (await (await app.LoginAsync("tenant")).BookAsync(987654321, Body(Weekday(36), "09:00", "10:00"))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("2026-12-09T10:00:00", "start")]   // no offset: ambiguous
    [InlineData("下周三十点", "start")]
    [InlineData(null, "start")]
    public async Task Book_StartNotIsoWithOffset_Gives400NamingTheField(string? start, string field)
    {
        var room = await app.ResourceIdAsync("A-MR-102");
        var p = await (await (await app.LoginAsync("tenant")).BookAsync(room, new { start, end = At(Weekday(37), "11:00"), purpose = "x" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Validation", field);
        p.ErrorsFor(field).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Book_WithoutPurpose_Gives400()
    {
        var room = await app.ResourceIdAsync("A-MR-102");
        var d = Weekday(37);
        await (await (await app.LoginAsync("tenant")).BookAsync(room, new { start = At(d, "10:00"), end = At(d, "11:00"), purpose = " " })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Validation", "purpose");
    }

    [Fact]
    public async Task Book_GovernmentViewer_Gets403()
    {
        var room = await app.ResourceIdAsync("A-MR-102");
        await (await (await app.LoginAsync("gov")).BookAsync(room, Body(Weekday(37), "10:00", "11:00"))).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyEnterprisesMayBook");
    }

    [Fact]
    public async Task ResourceBookings_OtherTenantsBooking_IsOnlyABusySlot()
    {
        var room = await app.ResourceIdAsync("A-MR-102");
        var day = Weekday(38);
        var id = await (await (await app.LoginAsync("tenant")).BookAsync(room, Body(day, "10:00", "11:00", "保密采购谈判"))).BookedIdAsync();
        var q = $"/api/v1/resources/{room}/bookings?from={day:yyyy-MM-dd}&to={day:yyyy-MM-dd}";
        var asOther = await (await app.LoginAsync("tenant2")).GetAsync(q);
        var text = await asOther.Content.ReadAsStringAsync();
        asOther.StatusCode.ShouldBe(HttpStatusCode.OK);
        text.ShouldNotContain("保密采购谈判");
        var slot = JsonDocument.Parse(text).RootElement.EnumerateArray().Single(x => x.GetProperty("id").GetInt64() == id);
        slot.GetProperty("mine").GetBoolean().ShouldBeFalse();
        slot.GetProperty("booking").ValueKind.ShouldBe(JsonValueKind.Null);
        Iso(slot, "start").ShouldBe(At(day, "10:00"));
        var own = (await (await (await app.LoginAsync("tenant")).GetAsync(q)).JsonAsync()).EnumerateArray().Single(x => x.GetProperty("id").GetInt64() == id);
        own.GetProperty("mine").GetBoolean().ShouldBeTrue();
        own.GetProperty("booking").Str("purpose").ShouldBe("保密采购谈判");
        // and the booking itself is out of reach
        (await (await app.LoginAsync("tenant2")).GetAsync($"/api/v1/bookings/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Availability_AroundABooking_ShowsBusyWithBufferAndFreeElsewhere()
    {
        var room = await app.ResourceIdAsync("A-MR-101"); // 08:00–21:00, 15-minute buffer
        var day = Weekday(39);
        while (day.DayOfWeek != DayOfWeek.Tuesday) day = day.AddDays(1);
        var id = await (await (await app.LoginAsync("tenant")).BookAsync(room, Body(day, "10:00", "11:00"))).BookedIdAsync();
        var res = await (await app.LoginAsync("tenant2")).GetAsync($"/api/v1/resources/{room}/availability?from={day:yyyy-MM-dd}&to={day:yyyy-MM-dd}");
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var d = (await res.JsonAsync()).GetProperty("days").EnumerateArray().Single();
        d.GetProperty("open").GetBoolean().ShouldBeTrue();
        var slots = d.GetProperty("slots").EnumerateArray().Select(s => (Start: Iso(s, "start"), End: Iso(s, "end"), Free: s.GetProperty("free").GetBoolean(),
            Booking: s.GetProperty("bookingId").ValueKind == JsonValueKind.Null ? (long?)null : s.GetProperty("bookingId").GetInt64())).ToList();
        slots.ShouldContain((At(day, "08:00"), At(day, "09:45"), true, (long?)null));
        slots.ShouldContain((At(day, "09:45"), At(day, "11:15"), false, (long?)id));
        slots.ShouldContain((At(day, "11:15"), At(day, "21:00"), true, (long?)null));
    }

    [Theory]
    [InlineData("2026-13-01", null, "from")]
    [InlineData("2026-12-10", "2026-12-01", "to")]
    [InlineData("2026-01-01", "2026-12-31", "to")]
    public async Task Availability_BadRange_Gives400(string from, string? to, string field)
    {
        var room = await app.ResourceIdAsync("A-MR-101");
        var q = $"/api/v1/resources/{room}/availability?from={from}" + (to is null ? "" : $"&to={to}");
        await (await (await app.LoginAsync("tenant")).GetAsync(q)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Validation", field);
    }

    [Fact]
    public async Task Cancel_OwnBooking_FreesTheSlotAndOffersItToTheWaitlist()
    {
        var room = await app.ResourceIdAsync("A-MR-102");
        var day = Weekday(40);
        var tenant = await app.LoginAsync("tenant");
        var tenant2 = await app.LoginAsync("tenant2");
        var id = await (await tenant.BookAsync(room, Body(day, "16:00", "17:00"))).BookedIdAsync();
        (await tenant2.BookAsync(room, Body(day, "16:00", "17:00"))).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var join = await tenant2.PostAsJsonAsync($"/api/v1/resources/{room}/waitlist", Body(day, "16:00", "17:00", "候补会议"));
        join.StatusCode.ShouldBe(HttpStatusCode.Created, await join.Content.ReadAsStringAsync());
        var entry = (await join.JsonAsync()).GetProperty("id").GetInt64();

        var cancel = await tenant.DeleteAsync($"/api/v1/bookings/{id}");
        cancel.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await cancel.JsonAsync()).Str("state").ShouldBe("Cancelled");
        (await app.WithDbAsync(db => db.WaitlistEntries.SingleAsync(w => w.Id == entry))).State.ShouldBe(WaitlistState.Offered);

        var accept = await tenant2.PostAsync($"/api/v1/waitlist/{entry}/accept", null);
        var booked = await accept.BookedIdAsync();
        (await app.WithDbAsync(db => db.Bookings.SingleAsync(x => x.Id == booked))).EnterpriseId.ShouldBe(await app.EnterpriseOfAsync("tenant2"));
        (await app.WithDbAsync(db => db.WaitlistEntries.SingleAsync(w => w.Id == entry))).State.ShouldBe(WaitlistState.Booked);
    }

    [Fact]
    public async Task Cancel_AnotherEnterprisesBooking_Gives404AndChangesNothing()
    {
        var room = await app.ResourceIdAsync("A-MR-102");
        var id = await (await (await app.LoginAsync("tenant")).BookAsync(room, Body(Weekday(41), "09:00", "10:00"))).BookedIdAsync();
        (await (await app.LoginAsync("tenant2")).DeleteAsync($"/api/v1/bookings/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.WithDbAsync(db => db.Bookings.SingleAsync(x => x.Id == id))).State.ShouldBe(BookingState.Confirmed);
    }

    [Fact]
    public async Task Cancel_WithinTheNoticePeriod_Gives409ForTenantsButNotOperators()
    {
        // a resource of its own with a 4-hour notice, open all day, and a booking starting in 2 hours written straight
        // to the database (the quarter-hour and opening rules are not what this test is about)
        var park = await app.ParkIdAsync();
        var enterprise = await app.EnterpriseOfAsync("tenant");
        var start = DateTime.UtcNow.AddHours(2);
        var id = await app.WithDbAsync(async db =>
        {
            var r = new Resource { ParkId = park, Code = "T-NOTICE-" + Guid.NewGuid().ToString("N")[..6], Name = "取消测试设备", Opens = TimeOnly.MinValue, Closes = new TimeOnly(23, 45), OpenOnWeekends = true,
                HourlyRate = 10m, MinMinutes = 15, MaxMinutes = 600, HorizonDays = 30, CancelNoticeHours = 4, CreatedAt = DateTime.UtcNow };
            db.Resources.Add(r);
            await db.SaveChangesAsync();
            var b = new ResourceBooking { ParkId = park, EnterpriseId = enterprise, ResourceId = r.Id, UserId = 0, Start = start, End = start.AddHours(1), BlockedUntil = start.AddHours(1), Purpose = "临近取消", CreatedAt = DateTime.UtcNow };
            b.SetState(BookingState.Confirmed);
            db.Bookings.Add(b);
            await db.SaveChangesAsync();
            return b.Id;
        });
        await (await (await app.LoginAsync("tenant")).DeleteAsync($"/api/v1/bookings/{id}")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "CancellationNeedsNotice");
        (await (await app.LoginAsync("operator")).DeleteAsync($"/api/v1/bookings/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Recurring_WeeklyAcrossAMonthEnd_BooksEveryWeekAsOneSeries()
    {
        var room = await app.ResourceIdAsync("A-MR-102");
        // a Thursday whose series of four crosses a month end (one of the next weeks lies in the next month)
        var first = Weekday(29);
        while (first.DayOfWeek != DayOfWeek.Thursday || first.AddDays(21).Month == first.Month) first = first.AddDays(1);
        var until = first.AddDays(21);
        var res = await (await app.LoginAsync("tenant")).BookAsync(room, new { start = At(first, "19:00"), end = At(first, "20:00"), purpose = "周例会", repeatWeeklyUntil = until.ToString("yyyy-MM-dd") });
        var id = await res.BookedIdAsync();
        var series = (await res.JsonAsync()).GetProperty("series").EnumerateArray().ToList();
        series.Select(s => Iso(s, "start")).ShouldBe([At(first, "19:00"), At(first.AddDays(7), "19:00"), At(first.AddDays(14), "19:00"), At(first.AddDays(21), "19:00")]);
        series.ShouldAllBe(s => s.GetProperty("seriesId").GetInt64() == id);
    }

    [Fact]
    public async Task Recurring_OneWeekCollides_BooksNothingAndNamesTheCollision()
    {
        var room = await app.ResourceIdAsync("A-MR-101");
        var first = Weekday(0).AddDays(1);
        while (first.DayOfWeek != DayOfWeek.Friday) first = first.AddDays(1);
        first = first.AddDays(28);
        var blocker = await (await (await app.LoginAsync("tenant2")).BookAsync(room, Body(first.AddDays(14), "20:00", "21:00"))).BookedIdAsync();
        var before = await app.WithDbAsync(db => db.Bookings.CountAsync());
        var p = await (await (await app.LoginAsync("tenant")).BookAsync(room, new { start = At(first, "20:00"), end = At(first, "21:00"), purpose = "周五培训", repeatWeeklyUntil = first.AddDays(21).ToString("yyyy-MM-dd") }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "BookingMustNotOverlap");
        p.GetProperty("conflict").GetProperty("bookingId").GetInt64().ShouldBe(blocker);
        (await app.WithDbAsync(db => db.Bookings.CountAsync())).ShouldBe(before);
    }

    [Fact]
    public async Task Approval_ResourceNeedingApproval_IsPendingUntilTheOperatorApproves()
    {
        var hall = await app.ResourceIdAsync("A-MR-301");
        var day = Weekday(42);
        var res = await (await app.LoginAsync("tenant")).BookAsync(hall, Body(day, "14:00", "16:00", "产品发布会"));
        var id = await res.BookedIdAsync();
        (await res.JsonAsync()).GetProperty("booking").Str("state").ShouldBe("PendingApproval");
        // pending holds the slot
        (await (await app.LoginAsync("tenant2")).BookAsync(hall, Body(day, "15:00", "16:00"))).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        await (await (await app.LoginAsync("tenant")).PostAsync($"/api/v1/bookings/{id}/approve", null)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var park = await app.ParkIdAsync();
        var op = await app.LoginAsync("operator");
        var queue = await (await op.GetAsync($"/api/v1/parks/{park}/bookings?state=PendingApproval&pageSize=500")).JsonAsync();
        queue.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ShouldContain(id);
        var approved = await op.PostAsync($"/api/v1/bookings/{id}/approve", null);
        approved.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await approved.JsonAsync()).Str("state").ShouldBe("Confirmed");
        await (await op.PostAsync($"/api/v1/bookings/{id}/approve", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "BookingMustBePendingApproval");
    }

    [Fact]
    public async Task Reject_PendingBooking_FreesTheSlot()
    {
        var hall = await app.ResourceIdAsync("A-MR-301");
        var day = Weekday(43);
        var id = await (await (await app.LoginAsync("tenant")).BookAsync(hall, Body(day, "09:00", "10:00"))).BookedIdAsync();
        var rejected = await (await app.LoginAsync("operator")).PostAsJsonAsync($"/api/v1/bookings/{id}/reject", new { note = "当天已安排园区活动" });
        (await rejected.JsonAsync()).Str("state").ShouldBe("Rejected");
        await (await (await app.LoginAsync("tenant2")).BookAsync(hall, Body(day, "09:00", "10:00"))).BookedIdAsync();
    }

    /// <summary>A confirmed booking of the tenant's enterprise that started in the past, written directly (the API books only the future).</summary>
    private async Task<long> PastBookingAsync(string code, DateTimeOffset start, int minutes)
    {
        var r = await app.ResourceIdAsync(code);
        var enterprise = await app.EnterpriseOfAsync("tenant");
        var park = await app.ParkIdAsync();
        return await app.WithDbAsync(async db =>
        {
            var b = new ResourceBooking { ParkId = park, EnterpriseId = enterprise, ResourceId = r, UserId = 0, Start = start.UtcDateTime, End = start.AddMinutes(minutes).UtcDateTime, BlockedUntil = start.AddMinutes(minutes + 30).UtcDateTime, Purpose = "已使用", CreatedAt = start.UtcDateTime.AddDays(-1) };
            b.SetState(BookingState.Confirmed);
            db.Bookings.Add(b);
            await db.SaveChangesAsync();
            return b.Id;
        });
    }

    [Fact]
    public async Task Usage_RecordedByTheOperator_PostsAChargeWithRateHoursFreeHoursAndAmount()
    {
        // a month long before the demo's bookings: no free hours used yet that month
        var day = BookingCalendar.DayOf(DateTimeOffset.UtcNow).AddMonths(-14);
        day = new DateOnly(day.Year, day.Month, 10);
        var start = BookingCalendar.At(day, new TimeOnly(9, 0));
        var id = await PastBookingAsync("B-LAB-01", start, 120);
        var op = await app.LoginAsync("operator");
        var res = await op.PostAsJsonAsync($"/api/v1/bookings/{id}/usage", new { actualStart = start.ToString("O"), actualEnd = start.AddMinutes(130).ToString("O") });
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        var b = await res.JsonAsync();
        b.Str("state").ShouldBe("Completed");
        b.GetProperty("billedHours").GetDecimal().ShouldBe(2.25m); // 2 h booked + 10 min overrun → a quarter hour
        var enterprise = await app.EnterpriseOfAsync("tenant");
        var established = await app.WithDbAsync(db => db.Enterprises.Where(e => e.Id == enterprise).Select(e => e.EstablishedOn).SingleAsync());
        var free = FreeQuota.ClassOf(established, day) == EnterpriseClass.Startup ? 2.25m : 0m;
        b.GetProperty("freeHours").GetDecimal().ShouldBe(free);
        b.GetProperty("amount").GetDecimal().ShouldBe((2.25m - free) * 120m);
        var charge = await app.WithDbAsync(db => db.PendingCharges.SingleAsync(c => c.SourceType == "Booking" && c.SourceId == id.ToString()));
        charge.Kind.ShouldBe(BillLineKind.SharedResource);
        charge.Month.ShouldBe(new DateOnly(day.Year, day.Month, 1));
        charge.UnitPrice.ShouldBe(120m);
        charge.Quantity.ShouldBe(2.25m - free);
        charge.Amount.ShouldBe((2.25m - free) * 120m);
        charge.RulesJson.ShouldContain("FreeQuota");
        charge.RulesJson.ShouldContain("Overrun");
        charge.Description.ShouldContain("共享测试实验室");
        // recorded once only
        await (await op.PostAsync($"/api/v1/bookings/{id}/usage", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "UsageOnlyForConfirmedBookings");
    }

    [Fact]
    public async Task Usage_FreeQuotaOfAStartup_IsUsedBeforePaidHours()
    {
        // two uses in one month by a startup: 40 free hours, the first takes 36, the second gets 4 free and pays the rest
        var enterprise = await app.EnterpriseOfAsync("tenant");
        var day = BookingCalendar.DayOf(DateTimeOffset.UtcNow).AddMonths(-20);
        day = new DateOnly(day.Year, day.Month, 5);
        var established = await app.WithDbAsync(db => db.Enterprises.Where(e => e.Id == enterprise).Select(e => e.EstablishedOn).SingleAsync());
        var startup = FreeQuota.ClassOf(established, day) == EnterpriseClass.Startup;
        var op = await app.LoginAsync("operator");
        var ids = new List<long>();
        // nine days of four hours on the printer = 36 h, then one of six hours
        for (var i = 0; i < 10; i++)
            ids.Add(await PastBookingAsync("C-EQ-01", BookingCalendar.At(day.AddDays(i), new TimeOnly(9, 0)), i < 9 ? 240 : 360));
        foreach (var id in ids) (await op.PostAsync($"/api/v1/bookings/{id}/usage", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var lastId = ids[^1];
        var last = await app.WithDbAsync(db => db.Bookings.SingleAsync(x => x.Id == lastId));
        last.FreeHours.ShouldBe(startup ? 4m : 0m);
        last.Amount.ShouldBe((6m - (startup ? 4m : 0m)) * 80m);
        var total = await app.WithDbAsync(db => db.Bookings.Where(x => ids.Contains(x.Id)).SumAsync(x => x.FreeHours ?? 0));
        total.ShouldBe(startup ? 40m : 0m);
    }

    [Fact]
    public async Task NoShow_ChargesTheBookedSlot()
    {
        var day = BookingCalendar.DayOf(DateTimeOffset.UtcNow).AddMonths(-26);
        var id = await PastBookingAsync("A-MR-301", BookingCalendar.At(new DateOnly(day.Year, day.Month, 3), new TimeOnly(10, 0)), 90);
        var res = await (await app.LoginAsync("operator")).PostAsync($"/api/v1/bookings/{id}/no-show", null);
        var b = await res.JsonAsync();
        b.Str("state").ShouldBe("NoShow");
        b.GetProperty("billedHours").GetDecimal().ShouldBe(1.5m);
        b.GetProperty("amount").GetDecimal().ShouldBe(450m); // the hall has no free quota: 1.5 h × 300
        (await app.WithDbAsync(db => db.PendingCharges.SingleAsync(c => c.SourceId == id.ToString()))).RulesJson.ShouldContain("NoShow");
    }

    [Fact]
    public async Task NoShowCharge_PostedThroughTheChargePoster_ArrivesOnTheMonthsBill()
    {
        // a month of its own, long before the demo's bills: the tenant's bill that month is made by this run
        var day = BookingCalendar.DayOf(DateTimeOffset.UtcNow).AddMonths(-30);
        var month = new DateOnly(day.Year, day.Month, 1);
        var id = await PastBookingAsync("A-MR-301", BookingCalendar.At(new DateOnly(day.Year, day.Month, 5), new TimeOnly(14, 0)), 60);
        var op = await app.LoginAsync("operator");
        (await op.PostAsync($"/api/v1/bookings/{id}/no-show", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var park = await app.ParkIdAsync();
        var enterprise = await app.EnterpriseOfAsync("tenant");

        var run = await op.PostAsJsonAsync($"/api/v1/parks/{park}/bill-runs", new { month = month.ToString("yyyy-MM") });

        run.StatusCode.ShouldBe(HttpStatusCode.OK, await run.Content.ReadAsStringAsync());
        var bills = (await (await op.GetAsync($"/api/v1/parks/{park}/bills?month={month:yyyy-MM}&enterpriseId={enterprise}")).JsonAsync()).GetProperty("items").EnumerateArray().ToList();
        var bill = await (await op.GetAsync($"/api/v1/bills/{bills.Single().GetProperty("id").GetInt64()}")).JsonAsync();
        var line = bill.GetProperty("lines").EnumerateArray().Single(l => l.Str("sourceType") == "Booking" && l.Str("sourceId") == id.ToString());
        line.Str("kind").ShouldBe("SharedResource");
        line.GetProperty("amount").GetDecimal().ShouldBe(300m); // the hall has no free quota: a no-show pays its 1 h slot × 300
        line.GetProperty("rules").EnumerateArray().Select(r => r.Str("name")).ShouldBe(["HourlyRate", "FreeQuota", "NoShow"]);
        (await app.WithDbAsync(db => db.PendingCharges.SingleAsync(c => c.SourceId == id.ToString()))).BilledBillId.ShouldBe(bill.GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Usage_BeforeTheStartOrByATenant_IsRefused()
    {
        var room = await app.ResourceIdAsync("A-MR-102");
        var id = await (await (await app.LoginAsync("tenant")).BookAsync(room, Body(Weekday(44), "09:00", "10:00"))).BookedIdAsync();
        await (await (await app.LoginAsync("operator")).PostAsync($"/api/v1/bookings/{id}/usage", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "UsageOnlyAfterStart");
        await (await (await app.LoginAsync("tenant")).PostAsync($"/api/v1/bookings/{id}/usage", null)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await (await app.LoginAsync("operator")).PostAsync($"/api/v1/bookings/{id}/explode", null)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "BookingActionMustBeKnown", "action");
    }

    [Fact]
    public async Task Utilisation_Operator_GetsIdleRatePerResource_TenantIsRefused()
    {
        var park = await app.ParkIdAsync();
        var month = BookingCalendar.MonthOf(DateTimeOffset.UtcNow).AddMonths(-1).ToString("yyyy-MM");
        var rows = (await (await (await app.LoginAsync("operator")).GetAsync($"/api/v1/parks/{park}/resource-utilisation?month={month}")).JsonAsync()).EnumerateArray().ToList();
        rows.Count.ShouldBeGreaterThanOrEqualTo(8);
        foreach (var r in rows.Where(r => r.Str("code")!.Length <= 8 && !r.Str("code")!.StartsWith("T-", StringComparison.Ordinal)))
        {
            var open = r.GetProperty("openHours").GetDecimal();
            var used = r.GetProperty("usedHours").GetDecimal();
            open.ShouldBeGreaterThan(0);
            used.ShouldBeGreaterThan(0, $"the demo used {r.Str("code")} last month");
            r.GetProperty("idleRate").GetDecimal().ShouldBe(Utilisation.IdleRate(open, used));
        }
        await (await (await app.LoginAsync("tenant")).GetAsync($"/api/v1/parks/{park}/resource-utilisation?month={month}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await (await app.LoginAsync("operator")).GetAsync($"/api/v1/parks/{park}/resource-utilisation?month=2026-13")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Validation", "month");
    }

    [Fact]
    public async Task UtilisationHeatmap_LastMonth_SplitsTheBookedHoursByWeekdayAndHour()
    {
        var park = await app.ParkIdAsync();
        var month = BookingCalendar.MonthOf(DateTimeOffset.UtcNow).AddMonths(-1);
        var op = await app.LoginAsync("operator");
        var map = await (await op.GetAsync($"/api/v1/parks/{park}/resource-utilisation/heatmap?month={month:yyyy-MM}")).JsonAsync();
        map.Str("month").ShouldBe($"{month:yyyy-MM}");
        var days = map.GetProperty("minutes").EnumerateArray().Select(d => d.EnumerateArray().Select(h => h.GetInt32()).ToList()).ToList();
        days.Count.ShouldBe(7);
        days.ShouldAllBe(d => d.Count == 24);
        // the same bookings as the utilisation list: every booked minute lands in one cell (the list rounds each resource to 0.01 h)
        var rows = (await (await op.GetAsync($"/api/v1/parks/{park}/resource-utilisation?month={month:yyyy-MM}")).JsonAsync()).EnumerateArray().ToList();
        (days.Sum(d => d.Sum()) / 60m).ShouldBe(rows.Sum(r => r.GetProperty("bookedHours").GetDecimal()), 0.005m * rows.Count);
        // per day of the week, counted here from the stored bookings (UTC + 8 h is Shanghai)
        var (m0, m1) = (DateTime.SpecifyKind(month.ToDateTime(TimeOnly.MinValue).AddHours(-8), DateTimeKind.Utc), DateTime.SpecifyKind(month.AddMonths(1).ToDateTime(TimeOnly.MinValue).AddHours(-8), DateTimeKind.Utc));
        var stored = await app.WithDbAsync(db => db.Bookings.Where(x => x.ParkId == park && x.Live && x.Start >= m0 && x.Start < m1).Select(x => new { x.Start, x.End }).ToListAsync());
        stored.ShouldNotBeEmpty("the demo booked resources last month");
        var monday = stored.Where(b => b.Start.AddHours(8).DayOfWeek == DayOfWeek.Monday && b.Start.AddHours(8).Date == b.End.AddHours(8).AddTicks(-1).Date).Sum(b => (int)(b.End - b.Start).TotalMinutes);
        days[0].Sum().ShouldBe(monday);
        days.Sum(d => d.Sum()).ShouldBe(stored.Sum(b => (int)(b.End - b.Start).TotalMinutes));
        await (await (await app.LoginAsync("tenant")).GetAsync($"/api/v1/parks/{park}/resource-utilisation/heatmap?month={month:yyyy-MM}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public void BookedByWeekdayAndHour_SplitsABookingOverTheClockHours()
    {
        // Wednesday 2026-12-09 09:30–11:00 Shanghai, and Sunday 2026-12-13 23:00 to Monday 00:30
        var cells = Utilisation.BookedMinutesByWeekdayAndHour([
            (new DateTimeOffset(2026, 12, 9, 1, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 9, 3, 0, 0, TimeSpan.Zero)),
            (new DateTimeOffset(2026, 12, 13, 15, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 13, 16, 30, 0, TimeSpan.Zero)),
        ]);
        cells[2, 9].ShouldBe(30);
        cells[2, 10].ShouldBe(60);
        cells[2, 11].ShouldBe(0);
        cells[6, 23].ShouldBe(60);
        cells[0, 0].ShouldBe(30);
    }

    [Fact]
    public async Task Ics_OfABooking_IsAnRfc5545Event()
    {
        var room = await app.ResourceIdAsync("A-MR-102");
        var day = Weekday(45);
        var tenant = await app.LoginAsync("tenant");
        var id = await (await tenant.BookAsync(room, Body(day, "11:00", "12:30", "长用途，含逗号,分号;以及反斜杠\\，用来检验转义与折行是否正确处理的一段足够长的中文文字"))).BookedIdAsync();
        var res = await tenant.GetAsync($"/api/v1/bookings/{id}/calendar.ics");
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        res.Content.Headers.ContentType!.MediaType.ShouldBe("text/calendar");
        var bytes = await res.Content.ReadAsByteArrayAsync();
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        text.ShouldStartWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
        text.ShouldEndWith("END:VCALENDAR\r\n");
        text.Replace("\r\n", "").ShouldNotContain("\n");
        foreach (var line in text.Split("\r\n")) System.Text.Encoding.UTF8.GetByteCount(line).ShouldBeLessThanOrEqualTo(75, line);
        var unfolded = text.Replace("\r\n ", "");
        unfolded.ShouldContain($"UID:booking-{id}@parkops.cn\r\n");
        unfolded.ShouldContain($"DTSTART:{day:yyyyMMdd}T030000Z\r\n");
        unfolded.ShouldContain($"DTEND:{day:yyyyMMdd}T043000Z\r\n");
        unfolded.ShouldContain("含逗号\\,分号\\;以及反斜杠\\\\");
        (await (await app.LoginAsync("tenant2")).GetAsync($"/api/v1/bookings/{id}/calendar.ics")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Feed_SubscribedWithoutLogin_ListsTheUsersOwnBookings_AndRotatingRevokesTheOldAddress()
    {
        var tenant = await app.LoginAsync("tenant");
        var room = await app.ResourceIdAsync("A-MR-102");
        var id = await (await tenant.BookAsync(room, Body(Weekday(46), "15:00", "16:00", "订阅测试"))).BookedIdAsync();
        var url = (await (await tenant.GetAsync("/api/v1/me/calendar-feed")).JsonAsync()).Str("url")!;
        var path = new Uri(url).AbsolutePath;
        var feed = await app.Anonymous().GetAsync(path);
        feed.StatusCode.ShouldBe(HttpStatusCode.OK);
        var text = await feed.Content.ReadAsStringAsync();
        text.ShouldContain($"UID:booking-{id}@parkops.cn");
        // tenant2's bookings are not in tenant's feed
        var other = await app.WithDbAsync(db => db.Bookings.Where(b => b.EnterpriseId != db.Set<ResourceBooking>().Where(x => x.Id == id).Select(x => x.EnterpriseId).First() && b.Start > DateTime.UtcNow).Select(b => b.Id).FirstAsync());
        text.ShouldNotContain($"UID:booking-{other}@");
        var rotated = new Uri((await (await tenant.PostAsync("/api/v1/me/calendar-feed", null)).JsonAsync()).Str("url")!).AbsolutePath;
        rotated.ShouldNotBe(path);
        (await app.Anonymous().GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.Anonymous().GetAsync(rotated)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.Anonymous().GetAsync("/calendar/0000000000000000000000000000000000000000.ics")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Resource_OperatorAddsOne_BadRulesNameTheField()
    {
        var park = await app.ParkIdAsync();
        var op = await app.LoginAsync("operator");
        var good = new ResourceInput("T-EQ-" + Guid.NewGuid().ToString("N")[..6], "示波器", ResourceKind.Equipment, "5号研发楼", null, 1, "09:00", "18:00", false, 35.5m, 60, 240, 15, 30, 24, false, "示波器操作", ParkOps.Domain.Booking.QuotaGroup.LabTime);
        var res = await op.PostAsJsonAsync($"/api/v1/parks/{park}/resources", good, Demo.Json);
        res.StatusCode.ShouldBe(HttpStatusCode.Created, await res.Content.ReadAsStringAsync());
        await (await op.PostAsJsonAsync($"/api/v1/parks/{park}/resources", good, Demo.Json)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "ResourceCodeMustBeUnique", "code");
        await (await op.PostAsJsonAsync($"/api/v1/parks/{park}/resources", good with { Code = "T-X1", Closes = "08:00" }, Demo.Json)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "OpeningHoursMustBeAnInterval", "closes");
        await (await op.PostAsJsonAsync($"/api/v1/parks/{park}/resources", good with { Code = "T-X2", HourlyRate = 1.234m }, Demo.Json)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Validation", "hourlyRate");
        await (await op.PostAsJsonAsync($"/api/v1/parks/{park}/resources", good with { Code = "T-X3", MinMinutes = 20 }, Demo.Json)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "SlotLimitsMustBeQuarterHours", "minMinutes");
        await (await (await app.LoginAsync("tenant")).PostAsJsonAsync($"/api/v1/parks/{park}/resources", good with { Code = "T-X4" }, Demo.Json)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task TrainingRecord_AddedByTheOperator_LetsTheUserBook()
    {
        var park = await app.ParkIdAsync();
        var emc = await app.ResourceIdAsync("C-EQ-03");
        var day = Weekday(47);
        var tenant2 = await app.LoginAsync("tenant2");
        await (await tenant2.BookAsync(emc, Body(day, "09:00", "11:00"))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "QualificationRequired");
        var userId = await app.WithDbAsync(db => db.Users.Where(u => u.UserName == "tenant2").Select(u => u.Id).SingleAsync());
        var add = await (await app.LoginAsync("operator")).PostAsJsonAsync($"/api/v1/parks/{park}/training-records",
            new { userId, qualification = "EMC 测试操作", validFrom = TodayInShanghai.ToString("yyyy-MM-dd"), validUntil = TodayInShanghai.AddYears(1).ToString("yyyy-MM-dd") });
        add.StatusCode.ShouldBe(HttpStatusCode.Created, await add.Content.ReadAsStringAsync());
        var res = await tenant2.BookAsync(emc, Body(day, "09:00", "11:00"));
        await res.BookedIdAsync();
        (await res.JsonAsync()).GetProperty("booking").Str("state").ShouldBe("PendingApproval");
    }
}
