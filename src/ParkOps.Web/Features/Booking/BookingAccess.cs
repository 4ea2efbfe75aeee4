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

/// <summary>
/// What the booking area's use cases share: the clock and the business day, the park checks, which enterprise books,
/// the qualification rule, and the parsing of instants, days and ranges (Asia/Shanghai).
/// </summary>
public sealed class BookingAccess(ParkOpsDb db, EnterpriseService enterprises, TimeProvider clock, IStringLocalizer<Text> t)
{
    public const int MaxRangeDays = 62;

    public DateTimeOffset Now => clock.GetUtcNow();
    public DateOnly Today => enterprises.Today;
    public ActorScope Actor => db.Actor;

    public Task ParkForReadAsync(long parkId, CancellationToken ct) => enterprises.ParkForReadAsync(parkId, ct);

    public Task ParkForWriteAsync(long parkId, CancellationToken ct) => enterprises.ParkForWriteAsync(parkId, ct);

    public async Task<Resource> ResourceAsync(long id, CancellationToken ct) =>
        await db.Resources.FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException("Resource", id);

    public async Task<ResourceBooking> BookingAsync(long id, CancellationToken ct) =>
        await db.Bookings.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("Booking", id);

    /// <summary>Which enterprise books: the caller's own in this park; an operator names one of the park's enterprises.</summary>
    public async Task<long> BookingEnterpriseAsync(Resource r, long? requested, CancellationToken ct)
    {
        var a = db.Actor;
        if (a.CanOperatePark(r.ParkId))
        {
            if (requested is null) throw new DomainRuleException("BookingNeedsAnEnterprise", "enterpriseId", "运营人员代订须指定企业");
            var ok = await db.Enterprises.AnyAsync(e => e.Id == requested && e.ParkId == r.ParkId, ct);
            if (!ok) throw new ValidationException([new ValidationFailure("enterpriseId", t["Val.Unknown"])]);
            return requested.Value;
        }
        if (a.EnterpriseIds.Length == 0) throw new ForbiddenException("OnlyEnterprisesMayBook");
        // the caller's enterprises and their parks came with its scope: no query
        var inPark = a.Enterprises.Where(e => e.ParkId == r.ParkId).Select(e => e.Id).ToList();
        if (inPark.Count == 0) throw new NotFoundException("Resource", r.Id);
        if (requested is { } req)
            return inPark.Contains(req) ? req : throw new ValidationException([new ValidationFailure("enterpriseId", t["Val.Unknown"])]);
        return inPark[0];
    }

    public async Task<string> EnterpriseNameAsync(long enterpriseId, CancellationToken ct) =>
        db.Actor.Enterprises.FirstOrDefault(e => e.Id == enterpriseId)?.Name
        ?? await db.Enterprises.IgnoreQueryFilters().Where(e => e.Id == enterpriseId).Select(e => e.Name).FirstAsync(ct);

    /// <summary>QualificationRequired: the booker holds a training record for the resource's qualification, valid on every booked day.</summary>
    public async Task CheckQualificationAsync(Resource r, DateTimeOffset first, DateTimeOffset last, CancellationToken ct)
    {
        if (r.RequiredQualification is not { } q || db.Actor.CanOperatePark(r.ParkId)) return;
        var uid = db.Actor.UserId;
        var (d1, d2) = (BookingCalendar.DayOf(first), BookingCalendar.DayOf(last));
        var holds = await db.TrainingRecords.AnyAsync(x => x.UserId == uid && x.Qualification == q && x.ValidFrom <= d1 && x.ValidUntil >= d2, ct);
        if (!holds) throw new DomainRuleException("QualificationRequired", "resourceId", "需持有有效培训记录才能预约") { Arguments = [q] };
    }

    private static readonly Regex HasOffset = new(@"(Z|[+-]\d{2}:\d{2})$", RegexOptions.Compiled | RegexOptions.CultureInvariant);

    public (DateTimeOffset Start, DateTimeOffset End, string Purpose) ParseInput(BookingInput i)
    {
        var errors = new List<ValidationFailure>();
        var start = ParseInstant(i.Start, "start", errors);
        var end = ParseInstant(i.End, "end", errors);
        var purpose = i.Purpose?.Trim() ?? "";
        if (purpose.Length == 0) errors.Add(new("purpose", t["Val.Required"]));
        else if (purpose.Length > 200) errors.Add(new("purpose", t["Val.MaxLength", 200]));
        if (errors.Count > 0) throw new ValidationException(errors);
        return (start, end, purpose);
    }

    public DateTimeOffset ParseInstant(string? s, string field, List<ValidationFailure> errors)
    {
        if (string.IsNullOrWhiteSpace(s)) { errors.Add(new(field, t["Val.Required"])); return default; }
        if (!HasOffset.IsMatch(s.Trim()) || !DateTimeOffset.TryParse(s.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var v) || v.Year is < 2000 or > 2100)
        {
            errors.Add(new(field, t["Booking.Val.Instant"]));
            return default;
        }
        return v;
    }

    public (DateOnly From, DateOnly To) Range(string? from, string? to, DateOnly defFrom, DateOnly defTo, bool limit = true)
    {
        var errors = new List<ValidationFailure>();
        var f = from is null ? defFrom : ParseDay(from, "from", errors);
        var tt = to is null ? (from is null ? defTo : f.AddDays(defTo.DayNumber - defFrom.DayNumber)) : ParseDay(to, "to", errors);
        if (errors.Count == 0 && tt < f) errors.Add(new("to", t["Booking.Val.RangeOrder"]));
        if (errors.Count == 0 && limit && tt.DayNumber - f.DayNumber >= MaxRangeDays) errors.Add(new("to", t["Booking.Val.RangeLength", MaxRangeDays]));
        if (errors.Count > 0) throw new ValidationException(errors);
        return (f, tt);
    }

    private DateOnly ParseDay(string s, string field, List<ValidationFailure> errors)
    {
        if (DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) && d.Year is >= 2000 and <= 2100) return d;
        if (HasOffset.IsMatch(s) && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var v) && v.Year is >= 2000 and <= 2100) return BookingCalendar.DayOf(v);
        errors.Add(new(field, t["Booking.Val.Day"]));
        return default;
    }

    public static DateTimeOffset Local(DateTime utc) => BookingCalendar.Local(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));

    public void EnsureValidId(long id, string field)
    {
        if (id <= 0) throw new ValidationException([new ValidationFailure(field, t["Val.Positive"])]);
    }
}
