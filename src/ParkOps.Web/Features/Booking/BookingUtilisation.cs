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

/// <summary>How much each resource was used in a month: open, booked and used hours, no-shows, idle rate, revenue.</summary>
public sealed class BookingUtilisation(ParkOpsDb db, BookingAccess access, IStringLocalizer<Text> t)
{
    public DateOnly Today => access.Today;

    public async Task<List<UtilisationRow>> UtilisationAsync(long parkId, string? month, CancellationToken ct)
    {
        var m = await MonthForReadAsync(parkId, month, ct);
        var (m0, m1) = (BookingCalendar.At(m, TimeOnly.MinValue).UtcDateTime, BookingCalendar.At(m.AddMonths(1), TimeOnly.MinValue).UtcDateTime);
        var resources = await db.Resources.AsNoTracking().Where(r => r.ParkId == parkId).OrderBy(r => r.Code).ToListAsync(ct);
        var bookings = await db.Bookings.IgnoreQueryFilters().AsNoTracking().Where(x => x.ParkId == parkId && x.Live && x.Start >= m0 && x.Start < m1)
            .Select(x => new { x.ResourceId, x.Start, x.End, x.ActualStart, x.ActualEnd, x.State, x.Amount }).ToListAsync(ct);
        return resources.Select(r =>
        {
            var mine = bookings.Where(b => b.ResourceId == r.Id).ToList();
            var open = Utilisation.OpenHoursIn(r.Policy, m);
            var booked = mine.Sum(b => (decimal)(b.End - b.Start).TotalHours);
            // used: what was actually used where recorded, the booked slot for confirmed bookings not yet recorded, nothing for a no-show
            var used = mine.Sum(b => b.State switch
            {
                BookingState.NoShow => 0m,
                BookingState.Completed when b.ActualStart is { } s && b.ActualEnd is { } e => (decimal)(e - s).TotalHours,
                _ => (decimal)(b.End - b.Start).TotalHours,
            });
            return new UtilisationRow(r.Id, r.Code, r.Name, r.Kind, m.ToString("yyyy-MM", CultureInfo.InvariantCulture), open, Math.Round(booked, 2), Math.Round(used, 2),
                mine.Count, mine.Count(b => b.State == BookingState.NoShow), Utilisation.IdleRate(open, used), mine.Sum(b => b.Amount ?? 0m));
        }).ToList();
    }

    /// <summary>The month's booked minutes (live bookings starting in the month, as in <see cref="UtilisationAsync"/>) by day of the week and hour.</summary>
    public async Task<UtilisationHeatmap> HeatmapAsync(long parkId, string? month, CancellationToken ct)
    {
        var m = await MonthForReadAsync(parkId, month, ct);
        var (m0, m1) = (BookingCalendar.At(m, TimeOnly.MinValue).UtcDateTime, BookingCalendar.At(m.AddMonths(1), TimeOnly.MinValue).UtcDateTime);
        var bookings = await db.Bookings.IgnoreQueryFilters().AsNoTracking().Where(x => x.ParkId == parkId && x.Live && x.Start >= m0 && x.Start < m1)
            .Select(x => new { x.Start, x.End }).ToListAsync(ct);
        var cells = Utilisation.BookedMinutesByWeekdayAndHour(bookings.Select(b => (
            new DateTimeOffset(DateTime.SpecifyKind(b.Start, DateTimeKind.Utc)), new DateTimeOffset(DateTime.SpecifyKind(b.End, DateTimeKind.Utc)))));
        return new UtilisationHeatmap(parkId, m.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            Enumerable.Range(0, 7).Select(d => (IReadOnlyList<int>)Enumerable.Range(0, 24).Select(h => cells[d, h]).ToList()).ToList());
    }

    private async Task<DateOnly> MonthForReadAsync(long parkId, string? month, CancellationToken ct)
    {
        await access.ParkForReadAsync(parkId, ct);
        if (!db.Actor.CanOperatePark(parkId) && !db.Actor.GovernmentParkIds.Contains(parkId)) throw new ForbiddenException("OnlyOperatorsMayRead");
        return month is null ? new DateOnly(access.Today.Year, access.Today.Month, 1)
            : ParkOps.Domain.Rules.BusinessDates.TryParseMonth(month, out var mm) ? mm
            : throw new ValidationException([new ValidationFailure("month", t["Val.Month"])]);
    }
}
