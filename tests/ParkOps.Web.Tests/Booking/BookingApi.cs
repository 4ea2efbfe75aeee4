using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Booking;
using ParkOps.Web.Features.Booking;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Booking;

/// <summary>Helpers for the booking tests: demo resources by code, and weekdays ahead in the Shanghai calendar.</summary>
public static class BookingApi
{
    public static Task<long> ResourceIdAsync(this ParkOpsFactory app, string code, string park = "DG-CA-01") =>
        app.WithDbAsync(db => db.Resources.Where(r => r.Code == code && db.Set<Park>().Any(p => p.Id == r.ParkId && p.Code == park)).Select(r => r.Id).SingleAsync());

    public static DateOnly TodayInShanghai => BookingCalendar.DayOf(DateTimeOffset.UtcNow);

    /// <summary>
    /// A Monday–Friday ahead. Below 29 it is the first weekday on or after today + <paramref name="days"/>. From 29 on every
    /// number has a day of its own whatever today is: the (days − 29)-th weekday after the first one on or after today + 15
    /// (clear of the demo's bookings, which reach today + 14), so two tests that book one room on different numbers never
    /// share a day (29 → about today + 15, 53 → at most today + 51, inside the 60-day horizon; 75 stays beyond it).
    /// </summary>
    public static DateOnly Weekday(int days)
    {
        if (days < 29) return NextWeekday(TodayInShanghai.AddDays(days));
        var d = NextWeekday(TodayInShanghai.AddDays(15));
        for (var i = 29; i < days; i++) d = NextWeekday(d.AddDays(1));
        return d;
    }

    private static DateOnly NextWeekday(DateOnly d)
    {
        while (d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) d = d.AddDays(1);
        return d;
    }

    public static string At(DateOnly day, string hhmm) => $"{day:yyyy-MM-dd}T{hhmm}:00+08:00";

    public static object Body(DateOnly day, string from, string to, string purpose = "测试预约") => new { start = At(day, from), end = At(day, to), purpose };

    public static Task<HttpResponseMessage> BookAsync(this HttpClient c, long resourceId, object body) =>
        c.PostAsJsonAsync($"/api/v1/resources/{resourceId}/bookings", body);

    public static async Task<long> BookedIdAsync(this HttpResponseMessage res)
    {
        var text = await res.Content.ReadAsStringAsync();
        ((int)res.StatusCode).ShouldBe(201, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("booking").GetProperty("id").GetInt64();
    }

    public static string Iso(JsonElement e, string name) => e.GetProperty(name).GetString()!;

    public static DateTimeOffset Parse(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture);
}
