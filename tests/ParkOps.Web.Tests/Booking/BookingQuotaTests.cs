using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Booking;
using ParkOps.Web.Features.Billing;
using ParkOps.Web.Features.Booking;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Booking;

/// <summary>
/// Issue 15 §5: the free monthly hours are the park's setting, in versions from a month's first day (seed 004's 40/8/0/4 h
/// until a park sets its own). A host of its own: versions are added to the demo park.
/// </summary>
public sealed class BookingQuotaTests(ClockedParkOpsFactory app) : IClassFixture<ClockedParkOpsFactory>
{
    private DateOnly ThisMonth => BookingCalendar.MonthOf(app.Clock.GetUtcNow());

    private static object Version(DateOnly from, decimal sl = 40m, decimal sm = 8m, decimal el = 0m, decimal em = 4m) =>
        new { effectiveFrom = from.ToString("yyyy-MM-dd"), startupLabHours = sl, startupMeetingHours = sm, establishedLabHours = el, establishedMeetingHours = em };

    [Fact]
    public async Task Get_WithoutVersions_GivesSeed004sHours_AsTheDefault()
    {
        var park = await app.ParkIdAsync("DG-HM-01");
        var s = await (await (await app.LoginAsync("operator2")).GetAsync($"/api/v1/parks/{park}/booking-quotas")).JsonAsync();
        s.GetProperty("isDefault").GetBoolean().ShouldBeTrue();
        var f = s.GetProperty("inForce");
        (f.GetProperty("startupLabHours").GetDecimal(), f.GetProperty("startupMeetingHours").GetDecimal(), f.GetProperty("establishedLabHours").GetDecimal(), f.GetProperty("establishedMeetingHours").GetDecimal())
            .ShouldBe((40m, 8m, 0m, 4m));
        s.GetProperty("versions").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Post_NextMonth_IsStoredWithItsAuthor_AndATenantReadsIt()
    {
        var park = await app.ParkIdAsync();
        var from = ThisMonth.AddMonths(3);
        var res = await (await app.LoginAsync("operator")).PostAsJsonAsync($"/api/v1/parks/{park}/booking-quotas", Version(from, 20m, 6.5m, 4m, 2.25m));
        res.StatusCode.ShouldBe(HttpStatusCode.Created, await res.Content.ReadAsStringAsync());
        var s = await (await (await app.LoginAsync("tenant")).GetAsync($"/api/v1/parks/{park}/booking-quotas")).JsonAsync();
        var v = s.GetProperty("versions").EnumerateArray().Single(x => x.Str("effectiveFrom") == from.ToString("yyyy-MM-dd"));
        (v.GetProperty("startupLabHours").GetDecimal(), v.GetProperty("startupMeetingHours").GetDecimal(), v.GetProperty("establishedLabHours").GetDecimal(), v.GetProperty("establishedMeetingHours").GetDecimal())
            .ShouldBe((20m, 6.5m, 4m, 2.25m));
        v.Str("createdBy").ShouldBe("operator");
    }

    [Fact]
    public async Task Post_ThisMonth_NotAFirstDay_BadHours_AndTwiceTheSameMonth_AreRefusedNamingTheField()
    {
        var park = await app.ParkIdAsync();
        var op = await app.LoginAsync("operator");
        var url = $"/api/v1/parks/{park}/booking-quotas";
        var before = await app.WithDbAsync(db => db.Set<BookingQuotaVersion>().IgnoreQueryFilters().CountAsync());
        await (await op.PostAsJsonAsync(url, Version(ThisMonth))).ShouldBeProblemAsync((HttpStatusCode)422, "QuotaMustStartInAComingMonth", "effectiveFrom");
        await (await op.PostAsJsonAsync(url, Version(ThisMonth.AddMonths(5).AddDays(3)))).ShouldBeProblemAsync((HttpStatusCode)422, "QuotaMustStartOnAMonth", "effectiveFrom");
        await (await op.PostAsJsonAsync(url, Version(ThisMonth.AddMonths(5), sm: 745m))).ShouldBeProblemAsync((HttpStatusCode)422, "QuotaHoursOutOfRange", "startupMeetingHours");
        await (await op.PostAsJsonAsync(url, Version(ThisMonth.AddMonths(5), el: 1.1m))).ShouldBeProblemAsync((HttpStatusCode)422, "QuotaHoursOutOfRange", "establishedLabHours");
        await (await op.PostAsJsonAsync(url, Version(ThisMonth.AddMonths(5), em: -1m))).ShouldBeProblemAsync((HttpStatusCode)422, "QuotaHoursOutOfRange", "establishedMeetingHours");
        (await app.WithDbAsync(db => db.Set<BookingQuotaVersion>().IgnoreQueryFilters().CountAsync())).ShouldBe(before);

        (await op.PostAsJsonAsync(url, Version(ThisMonth.AddMonths(6)))).StatusCode.ShouldBe(HttpStatusCode.Created);
        await (await op.PostAsJsonAsync(url, Version(ThisMonth.AddMonths(6), 1m))).ShouldBeProblemAsync(HttpStatusCode.Conflict, "QuotaVersionsMustDiffer", "effectiveFrom");
        await (await (await app.LoginAsync("tenant")).PostAsJsonAsync(url, Version(ThisMonth.AddMonths(7)))).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Post_FiftyOperatorsAddingOneMonth_OneVersionLands_TheOthersAre409()
    {
        var park = await app.ParkIdAsync();
        var from = ThisMonth.AddMonths(9);
        var op = await app.LoginAsync("operator");
        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => op.PostAsJsonAsync($"/api/v1/parks/{park}/booking-quotas", Version(from, i))));
        answers.Count(a => a.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        answers.Count(a => a.StatusCode == HttpStatusCode.Conflict).ShouldBe(49);
        (await app.WithDbAsync(db => db.Set<BookingQuotaVersion>().IgnoreQueryFilters().CountAsync(v => v.ParkId == park && v.EffectiveFrom == from))).ShouldBe(1);
    }

    /// <summary>
    /// A use is charged with the hours in force in its month: a version set (back then) for a month long past gives 1.5 h
    /// free of a 2 h lab booking to any enterprise class; the month before it still has seed 004's hours.
    /// </summary>
    [Fact]
    public async Task Usage_InAMonthWithAVersion_SpendsThatVersionsHours_AndNamesItOnTheCharge()
    {
        var park = await app.ParkIdAsync();
        var month = ThisMonth.AddMonths(-30);
        await app.WithDbAsync(async db =>
        {
            db.Set<BookingQuotaVersion>().Add(new BookingQuotaVersion { ParkId = park, EffectiveFrom = month, StartupLabHours = 1.5m, StartupMeetingHours = 8m, EstablishedLabHours = 1.5m, EstablishedMeetingHours = 4m, CreatedAt = DateTime.UnixEpoch, CreatedBy = "operator" });
            await db.SaveChangesAsync();
            return 0;
        });
        var lab = await app.ResourceIdAsync("B-LAB-01");
        var enterprise = await app.EnterpriseOfAsync("tenant");
        var start = BookingCalendar.At(month.AddDays(9), new TimeOnly(9, 0));
        var id = await app.WithDbAsync(async db =>
        {
            var b = new ResourceBooking { ParkId = park, EnterpriseId = enterprise, ResourceId = lab, UserId = 0, Start = start.UtcDateTime, End = start.AddHours(2).UtcDateTime, BlockedUntil = start.AddHours(2).UtcDateTime, Purpose = "额度测试", CreatedAt = start.UtcDateTime.AddDays(-1) };
            b.SetState(BookingState.Confirmed);
            db.Bookings.Add(b);
            await db.SaveChangesAsync();
            return b.Id;
        });
        var res = await (await app.LoginAsync("operator")).PostAsync($"/api/v1/bookings/{id}/usage", null);
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        var booked = await res.JsonAsync();
        booked.GetProperty("freeHours").GetDecimal().ShouldBe(1.5m);
        var charge = await app.WithDbAsync(db => db.PendingCharges.SingleAsync(c => c.SourceType == "Booking" && c.SourceId == id.ToString()));
        charge.Quantity.ShouldBe(0.5m);
        charge.Amount.ShouldBe(0.5m * charge.UnitPrice);
        charge.RulesJson.ShouldContain($"园区 {month:yyyy-MM} 起额度");
    }
}
