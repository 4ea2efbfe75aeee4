using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Booking;
using ParkOps.Domain.Rules;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Billing;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Booking;

/// <summary>Reading bookings: a resource's calendar (own bookings in full, others' as busy slots), a park's lists, free and busy time.</summary>
public sealed class BookingQueries(ParkOpsDb db, BookingAccess access)
{
    public DateTimeOffset Now => access.Now;
    public DateOnly Today => access.Today;

    public Task<Resource> ResourceAsync(long id, CancellationToken ct) => access.ResourceAsync(id, ct);

    /// <summary>The bookings of a resource in a range: the caller's own (an operator: all of the park's) in full, others as busy slots.</summary>
    public async Task<List<BookingSlotDto>> ResourceBookingsAsync(long resourceId, string? from, string? to, CancellationToken ct)
    {
        var r = await access.ResourceAsync(resourceId, ct);
        var (fromDay, toDay) = access.Range(from, to, access.Today, access.Today.AddDays(13));
        var (a, b) = (BookingCalendar.At(fromDay, TimeOnly.MinValue).UtcDateTime, BookingCalendar.At(toDay.AddDays(1), TimeOnly.MinValue).UtcDateTime);
        // every live booking of the resource, read past the enterprise filter but projected to times only
        var busy = await db.Bookings.IgnoreQueryFilters().AsNoTracking()
            .Where(x => x.ResourceId == r.Id && x.Live && x.Start < b && x.End > a).OrderBy(x => x.Start)
            .Select(x => new { x.Id, x.Start, x.End, x.EnterpriseId }).ToListAsync(ct);
        // the ones the caller may read in full come through the scoped set
        var ids = busy.Select(x => x.Id).ToList();
        var visible = (await db.Bookings.AsNoTracking().Where(x => ids.Contains(x.Id)).ToListAsync(ct)).ToDictionary(x => x.Id);
        var dtos = (await ToDtosAsync(visible.Values.ToList(), ct)).ToDictionary(x => x.Id);
        var mine = db.Actor.EnterpriseIds;
        return busy.Select(x => new BookingSlotDto(x.Id, BookingAccess.Local(x.Start), BookingAccess.Local(x.End), mine.Contains(x.EnterpriseId),
            dtos.TryGetValue(x.Id, out var d) ? d.State : null, dtos.GetValueOrDefault(x.Id))).ToList();
    }

    public Task<ResourceBooking> BookingAsync(long id, CancellationToken ct) => access.BookingAsync(id, ct);

    /// <summary>Bookings of a park the caller may see (a tenant: its own), newest first, filterable.</summary>
    public async Task<Page<BookingDto>> ParkBookingsAsync(long parkId, BookingState? state, long? resourceId, bool mineOnly, string? from, string? to, int? page, int? pageSize, CancellationToken ct)
    {
        await access.ParkForReadAsync(parkId, ct);
        var q = db.Bookings.AsNoTracking().Where(x => x.ParkId == parkId);
        if (state is { } s) q = q.Where(x => x.State == s);
        if (resourceId is { } rid) q = q.Where(x => x.ResourceId == rid);
        if (mineOnly && db.Actor.UserId is { } uid) q = q.Where(x => x.UserId == uid);
        if (from is not null || to is not null)
        {
            var (f, tt) = access.Range(from, to, access.Today.AddYears(-5), access.Today.AddYears(1), limit: false);
            var (a, b) = (BookingCalendar.At(f, TimeOnly.MinValue).UtcDateTime, BookingCalendar.At(tt.AddDays(1), TimeOnly.MinValue).UtcDateTime);
            q = q.Where(x => x.Start < b && x.End > a);
        }
        var total = await q.CountAsync(ct);
        var (number, size) = PagingExtensions.Clamp(page, pageSize, 50);
        var rows = await (state == BookingState.PendingApproval ? q.OrderBy(x => x.Start) : q.OrderByDescending(x => x.Start))
            .Skip((number - 1) * size).Take(size).ToListAsync(ct);
        return new Page<BookingDto>(await ToDtosAsync(rows, ct), total, number, size);
    }

    /// <summary>
    /// The caller's own bookings of a park as "my bookings" lists them: those not yet over first, soonest first (what
    /// was just booked is near the top, not behind bookings months ahead), then those over, latest first. Two ordered
    /// reads joined at the page boundary, so each keeps its index order.
    /// </summary>
    public async Task<Page<BookingDto>> MineAsync(long parkId, int? page, int? pageSize, CancellationToken ct)
    {
        await access.ParkForReadAsync(parkId, ct);
        var (number, size) = PagingExtensions.Clamp(page, pageSize, 50);
        if (db.Actor.UserId is not { } uid) return new Page<BookingDto>([], 0, number, size);
        var now = access.Now.UtcDateTime;
        var mine = db.Bookings.AsNoTracking().Where(x => x.ParkId == parkId && x.UserId == uid);
        var upcoming = mine.Where(x => x.End > now);
        var past = mine.Where(x => x.End <= now);
        var upcomingCount = await upcoming.CountAsync(ct);
        var total = upcomingCount + await past.CountAsync(ct);
        var skip = (number - 1) * size;
        var rows = skip < upcomingCount
            ? await upcoming.OrderBy(x => x.Start).ThenBy(x => x.Id).Skip(skip).Take(size).ToListAsync(ct)
            : [];
        if (rows.Count < size)
            rows.AddRange(await past.OrderByDescending(x => x.Start).ThenByDescending(x => x.Id).Skip(Math.Max(0, skip - upcomingCount)).Take(size - rows.Count).ToListAsync(ct));
        return new Page<BookingDto>(await ToDtosAsync(rows, ct), total, number, size);
    }

    public async Task<List<BookingDto>> ToDtosAsync(IReadOnlyList<ResourceBooking> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return [];
        var rids = rows.Select(x => x.ResourceId).Distinct().ToList();
        var eids = rows.Select(x => x.EnterpriseId).Distinct().ToList();
        var names = await db.Resources.IgnoreQueryFilters().Where(r => rids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Name, ct);
        // the rows were read through the scope, so naming their enterprises reveals nothing new
        var ents = await db.Enterprises.IgnoreQueryFilters().Where(e => eids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Name, ct);
        return rows.Select(x => ToDto(x, names.GetValueOrDefault(x.ResourceId, ""), ents.GetValueOrDefault(x.EnterpriseId, ""))).ToList();
    }

    public static BookingDto ToDto(ResourceBooking x, string resourceName, string enterpriseName) => new(x.Id, x.ParkId, x.ResourceId, resourceName, x.EnterpriseId,
        enterpriseName, x.UserId, BookingAccess.Local(x.Start), BookingAccess.Local(x.End), x.Purpose, x.State, x.SeriesId, x.ActualStart is { } s ? BookingAccess.Local(s) : null,
        x.ActualEnd is { } e ? BookingAccess.Local(e) : null, x.BilledHours, x.FreeHours, x.Amount, x.Note, BookingAccess.Local(x.CreatedAt));

    // ---------- availability ----------

    /// <summary>
    /// Free and busy time per day within opening hours. A free slot is where a new booking may lie: it keeps the
    /// resource's buffer before the next booking, and starts after the previous booking's buffer; free gaps shorter
    /// than the minimum slot are shown as busy.
    /// </summary>
    public async Task<AvailabilityDto> AvailabilityAsync(long resourceId, string? from, string? to, CancellationToken ct)
    {
        var r = await access.ResourceAsync(resourceId, ct);
        var (fromDay, toDay) = access.Range(from, to, access.Today, access.Today.AddDays(6));
        var (a, b) = (BookingCalendar.At(fromDay, TimeOnly.MinValue).UtcDateTime, BookingCalendar.At(toDay.AddDays(1), TimeOnly.MinValue).AddMinutes(r.BufferMinutes).UtcDateTime);
        var busy = await db.Bookings.IgnoreQueryFilters().AsNoTracking()
            .Where(x => x.ResourceId == r.Id && x.Live && x.Start < b && x.BlockedUntil > a.AddMinutes(-r.BufferMinutes)).OrderBy(x => x.Start)
            .Select(x => new { x.Id, x.Start, x.BlockedUntil }).ToListAsync(ct);
        var days = new List<AvailabilityDay>();
        var policy = r.Policy;
        var now = access.Now;
        for (var d = fromDay; d <= toDay; d = d.AddDays(1))
        {
            if (!policy.IsOpenOn(d)) { days.Add(new AvailabilityDay(d, false, [])); continue; }
            var opens = BookingCalendar.At(d, r.Opens);
            var closes = BookingCalendar.At(d, r.Closes);
            var slots = new List<AvailabilitySlot>();
            var cursor = opens;
            // what a new booking must stay out of: [start − buffer, end + buffer)
            var blocks = busy.Select(x => (x.Id, S: BookingAccess.Local(x.Start).AddMinutes(-r.BufferMinutes), E: BookingAccess.Local(x.BlockedUntil)))
                .Where(x => x.S < closes && x.E > opens).ToList();
            // the past of today is not bookable either
            if (now > cursor) { var past = Min(Ceil15(now), closes); if (past > cursor) slots.Add(new AvailabilitySlot(cursor, past, false, null)); cursor = past; }
            foreach (var blk in blocks)
            {
                var s = Max(blk.S, opens);
                var e = Min(blk.E, closes);
                if (e <= cursor) continue;
                if (s > cursor) AddFree(slots, cursor, s, r.MinMinutes);
                slots.Add(new AvailabilitySlot(Max(s, cursor), e, false, blk.Id));
                cursor = e;
            }
            if (cursor < closes) AddFree(slots, cursor, closes, r.MinMinutes);
            days.Add(new AvailabilityDay(d, true, Merge(slots)));
        }
        return new AvailabilityDto(r.Id, fromDay, toDay, r.Opens.ToString("HH:mm"), r.Closes.ToString("HH:mm"), r.BufferMinutes, r.MinMinutes, days);
    }

    private static void AddFree(List<AvailabilitySlot> slots, DateTimeOffset s, DateTimeOffset e, int minMinutes) =>
        slots.Add(new AvailabilitySlot(s, e, (e - s).TotalMinutes >= minMinutes, null));

    private static List<AvailabilitySlot> Merge(List<AvailabilitySlot> slots)
    {
        var merged = new List<AvailabilitySlot>();
        foreach (var s in slots.Where(s => s.End > s.Start))
        {
            if (merged.Count > 0 && merged[^1] is var last && last.Free == s.Free && last.BookingId == s.BookingId && last.End == s.Start)
                merged[^1] = last with { End = s.End };
            else merged.Add(s);
        }
        return merged;
    }

    private static DateTimeOffset Ceil15(DateTimeOffset t)
    {
        var l = BookingCalendar.Local(t);
        var floor = new DateTimeOffset(l.Year, l.Month, l.Day, l.Hour, l.Minute / 15 * 15, 0, l.Offset);
        return floor == l ? floor : floor.AddMinutes(15);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
