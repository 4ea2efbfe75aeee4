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
using ParkOps.Domain.Billing;
using ParkOps.Domain.Pricing;

namespace ParkOps.Web.Features.Booking;

[StoredIn(typeof(Resource))]
public sealed record ResourceInput([Code] string Code, [Line] string Name, ResourceKind Kind, [Line] string? Location, [FreeText] string? Description, int Capacity,
    [Code(5)] string Opens, [Code(5)] string Closes, bool OpenOnWeekends, decimal HourlyRate, int MinMinutes, int MaxMinutes, int BufferMinutes, int HorizonDays,
    int CancelNoticeHours, bool RequiresApproval, [Line] string? RequiredQualification, QuotaGroup QuotaGroup, bool IsActive = true);

public sealed record ResourceDto(long Id, long ParkId, string Code, string Name, ResourceKind Kind, string Location, string? Description, int Capacity,
    string Opens, string Closes, bool OpenOnWeekends, decimal HourlyRate, int MinMinutes, int MaxMinutes, int BufferMinutes, int HorizonDays,
    int CancelNoticeHours, bool RequiresApproval, string? RequiredQualification, QuotaGroup QuotaGroup, bool IsActive)
{
    public static ResourceDto From(Resource r) => new(r.Id, r.ParkId, r.Code, r.Name, r.Kind, r.Location, r.Description, r.Capacity, r.Opens.ToString("HH:mm"),
        r.Closes.ToString("HH:mm"), r.OpenOnWeekends, r.HourlyRate, r.MinMinutes, r.MaxMinutes, r.BufferMinutes, r.HorizonDays, r.CancelNoticeHours,
        r.RequiresApproval, r.RequiredQualification, r.QuotaGroup, r.IsActive);
}

/// <summary>A booking request; start and end are ISO 8601 with an offset (e.g. 2026-12-09T10:00:00+08:00).</summary>
[StoredIn(typeof(ResourceBooking))]
public sealed record BookingInput([Code(40)] string? Start, [Code(40)] string? End, [Line] string? Purpose, DateOnly? RepeatWeeklyUntil = null, long? EnterpriseId = null);

/// <summary>approve | reject | usage (actualStart, actualEnd) | no-show; note for a rejection or remark.</summary>
[StoredIn(typeof(ResourceBooking))]
public sealed record BookingActionInput([Code(40)] string? ActualStart = null, [Code(40)] string? ActualEnd = null, [FreeText] string? Note = null);

public sealed record BookingDto(long Id, long ParkId, long ResourceId, string ResourceName, long EnterpriseId, string EnterpriseName, long UserId,
    DateTimeOffset Start, DateTimeOffset End, string Purpose, BookingState State, long? SeriesId, DateTimeOffset? ActualStart, DateTimeOffset? ActualEnd,
    decimal? BilledHours, decimal? FreeHours, decimal? Amount, string? Note, DateTimeOffset CreatedAt);

/// <summary>A booking as a caller may see it: details only for its own (or, for operators, the park's); others are a busy slot.</summary>
public sealed record BookingSlotDto(long Id, DateTimeOffset Start, DateTimeOffset End, bool Mine, BookingState? State, BookingDto? Booking);

public sealed record CreatedBookings(BookingDto Booking, IReadOnlyList<BookingDto> Series);

public sealed record AvailabilitySlot(DateTimeOffset Start, DateTimeOffset End, bool Free, long? BookingId);

public sealed record AvailabilityDay(DateOnly Date, bool Open, IReadOnlyList<AvailabilitySlot> Slots);

public sealed record AvailabilityDto(long ResourceId, DateOnly From, DateOnly To, string Opens, string Closes, int BufferMinutes, int MinMinutes, IReadOnlyList<AvailabilityDay> Days);

public sealed record UtilisationRow(long ResourceId, string Code, string Name, ResourceKind Kind, string Month, decimal OpenHours, decimal BookedHours,
    decimal UsedHours, int Bookings, int NoShows, decimal IdleRate, decimal Revenue);

[StoredIn(typeof(TrainingRecord))]
public sealed record TrainingRecordInput(long UserId, [Line] string Qualification, DateOnly ValidFrom, DateOnly ValidUntil, [Line] string? IssuedBy);

public sealed record TrainingRecordDto(long Id, long ParkId, long EnterpriseId, long UserId, string UserName, string Qualification, DateOnly ValidFrom, DateOnly ValidUntil, string IssuedBy);

public sealed record WaitlistDto(long Id, long ResourceId, string ResourceName, DateTimeOffset Start, DateTimeOffset End, string Purpose, WaitlistState State, DateTimeOffset CreatedAt, DateTimeOffset? OfferedAt, long? BookingId);

/// <summary>
/// Shared resources and their bookings. The slot rules are <see cref="SlotRules"/>; this service adds who may
/// book what, and the one guarantee that matters most: two live bookings of one resource never overlap.
/// </summary>
public sealed partial class BookingService(ParkOpsDb db, EnterpriseService enterprises, TimeProvider clock, IStringLocalizer<Text> t, IChargePoster charges)
{
    public const int MaxRangeDays = 62;


    public DateTimeOffset Now => clock.GetUtcNow();
    public DateOnly Today => enterprises.Today;
    public ActorScope Actor => db.Actor;

    // ---------- resources ----------

    public async Task<Page<ResourceDto>> ResourcesAsync(long parkId, ResourceKind? kind, bool includeInactive, CancellationToken ct)
    {
        await enterprises.ParkForReadAsync(parkId, ct);
        var q = db.Resources.AsNoTracking().Where(r => r.ParkId == parkId);
        if (kind is { } k) q = q.Where(r => r.Kind == k);
        if (!includeInactive || !db.Actor.CanOperatePark(parkId)) q = q.Where(r => r.IsActive);
        var list = await q.OrderBy(r => r.Code).ToListAsync(ct);
        return new Page<ResourceDto>(list.Select(ResourceDto.From).ToList(), list.Count, 1, Math.Max(1, list.Count));
    }

    public async Task<Resource> ResourceAsync(long id, CancellationToken ct) =>
        await db.Resources.FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException("Resource", id);

    public async Task<Resource> SaveResourceAsync(long? parkId, long? id, ResourceInput i, CancellationToken ct)
    {
        Resource r;
        if (id is { } rid)
        {
            r = await ResourceAsync(rid, ct);
            if (!db.Actor.CanOperatePark(r.ParkId)) throw new ForbiddenException("OnlyOperatorsMayWrite");
        }
        else
        {
            await enterprises.ParkForWriteAsync(parkId!.Value, ct);
            r = new Resource { ParkId = parkId.Value, Code = "", Name = "", CreatedAt = Now.UtcDateTime };
        }
        var errors = new List<ValidationFailure>();
        if (string.IsNullOrWhiteSpace(i.Code) || i.Code.Length > 40) errors.Add(new("code", t["Val.MaxLength", 40]));
        if (string.IsNullOrWhiteSpace(i.Name) || i.Name.Length > 100) errors.Add(new("name", t["Val.MaxLength", 100]));
        if (i.Location?.Length > 100) errors.Add(new("location", t["Val.MaxLength", 100]));
        if (i.Description?.Length > 1000) errors.Add(new("description", t["Val.MaxLength", 1000]));
        if (i.RequiredQualification?.Length > 100) errors.Add(new("requiredQualification", t["Val.MaxLength", 100]));
        if (i.Capacity is < 1 or > 1000) errors.Add(new("capacity", t["Val.Range", 1, 1000]));
        if (i.HourlyRate is < 0 or > 100_000 || decimal.Round(i.HourlyRate, 2) != i.HourlyRate) errors.Add(new("hourlyRate", t["Booking.Val.Rate"]));
        if (!TimeOnly.TryParseExact(i.Opens ?? "", "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var opens)) errors.Add(new("opens", t["Booking.Val.Time"]));
        if (!TimeOnly.TryParseExact(i.Closes ?? "", "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var closes)) errors.Add(new("closes", t["Booking.Val.Time"]));
        if (!Enum.IsDefined(i.Kind)) errors.Add(new("kind", t["Val.Enum"]));
        if (!Enum.IsDefined(i.QuotaGroup)) errors.Add(new("quotaGroup", t["Val.Enum"]));
        if (errors.Count > 0) throw new ValidationException(errors);
        var policy = new SlotPolicy(opens, closes, i.OpenOnWeekends, i.MinMinutes, i.MaxMinutes, i.BufferMinutes, i.HorizonDays, i.CancelNoticeHours);
        policy.Validate();
        var code = i.Code.Trim();
        if (await db.Resources.AnyAsync(x => x.ParkId == r.ParkId && x.Code == code && x.Id != r.Id, ct))
            throw new DomainRuleException("ResourceCodeMustBeUnique", "code", "园区内资源编号须唯一", RuleKind.Conflict) { Arguments = [code] };
        r.Code = code; r.Name = i.Name.Trim(); r.Kind = i.Kind; r.Location = i.Location?.Trim() ?? ""; r.Description = i.Description;
        r.Capacity = i.Capacity; r.Opens = opens; r.Closes = closes; r.OpenOnWeekends = i.OpenOnWeekends; r.HourlyRate = i.HourlyRate;
        r.MinMinutes = i.MinMinutes; r.MaxMinutes = i.MaxMinutes; r.BufferMinutes = i.BufferMinutes; r.HorizonDays = i.HorizonDays;
        r.CancelNoticeHours = i.CancelNoticeHours; r.RequiresApproval = i.RequiresApproval;
        r.RequiredQualification = string.IsNullOrWhiteSpace(i.RequiredQualification) ? null : i.RequiredQualification.Trim();
        r.QuotaGroup = i.QuotaGroup; r.IsActive = i.IsActive;
        if (r.Id == 0) db.Resources.Add(r);
        await db.SaveChangesAsync(ct);
        return r;
    }

    // ---------- reading bookings ----------

    /// <summary>The bookings of a resource in a range: the caller's own (an operator: all of the park's) in full, others as busy slots.</summary>
    public async Task<List<BookingSlotDto>> ResourceBookingsAsync(long resourceId, string? from, string? to, CancellationToken ct)
    {
        var r = await ResourceAsync(resourceId, ct);
        var (fromDay, toDay) = Range(from, to, Today, Today.AddDays(13));
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
        return busy.Select(x => new BookingSlotDto(x.Id, Local(x.Start), Local(x.End), mine.Contains(x.EnterpriseId),
            dtos.TryGetValue(x.Id, out var d) ? d.State : null, dtos.GetValueOrDefault(x.Id))).ToList();
    }

    public async Task<ResourceBooking> BookingAsync(long id, CancellationToken ct) =>
        await db.Bookings.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("Booking", id);

    /// <summary>Bookings of a park the caller may see (a tenant: its own), newest first, filterable.</summary>
    public async Task<Page<BookingDto>> ParkBookingsAsync(long parkId, BookingState? state, long? resourceId, bool mineOnly, string? from, string? to, int? page, int? pageSize, CancellationToken ct)
    {
        await enterprises.ParkForReadAsync(parkId, ct);
        var q = db.Bookings.AsNoTracking().Where(x => x.ParkId == parkId);
        if (state is { } s) q = q.Where(x => x.State == s);
        if (resourceId is { } rid) q = q.Where(x => x.ResourceId == rid);
        if (mineOnly && db.Actor.UserId is { } uid) q = q.Where(x => x.UserId == uid);
        if (from is not null || to is not null)
        {
            var (f, tt) = Range(from, to, Today.AddYears(-5), Today.AddYears(1), limit: false);
            var (a, b) = (BookingCalendar.At(f, TimeOnly.MinValue).UtcDateTime, BookingCalendar.At(tt.AddDays(1), TimeOnly.MinValue).UtcDateTime);
            q = q.Where(x => x.Start < b && x.End > a);
        }
        var total = await q.CountAsync(ct);
        var (number, size) = PagingExtensions.Clamp(page, pageSize, 50);
        var rows = await (state == BookingState.PendingApproval ? q.OrderBy(x => x.Start) : q.OrderByDescending(x => x.Start))
            .Skip((number - 1) * size).Take(size).ToListAsync(ct);
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
        enterpriseName, x.UserId, Local(x.Start), Local(x.End), x.Purpose, x.State, x.SeriesId, x.ActualStart is { } s ? Local(s) : null,
        x.ActualEnd is { } e ? Local(e) : null, x.BilledHours, x.FreeHours, x.Amount, x.Note, Local(x.CreatedAt));

    // ---------- availability ----------

    /// <summary>
    /// Free and busy time per day within opening hours. A free slot is where a new booking may lie: it keeps the
    /// resource's buffer before the next booking, and starts after the previous booking's buffer; free gaps shorter
    /// than the minimum slot are shown as busy.
    /// </summary>
    public async Task<AvailabilityDto> AvailabilityAsync(long resourceId, string? from, string? to, CancellationToken ct)
    {
        var r = await ResourceAsync(resourceId, ct);
        var (fromDay, toDay) = Range(from, to, Today, Today.AddDays(6));
        var (a, b) = (BookingCalendar.At(fromDay, TimeOnly.MinValue).UtcDateTime, BookingCalendar.At(toDay.AddDays(1), TimeOnly.MinValue).AddMinutes(r.BufferMinutes).UtcDateTime);
        var busy = await db.Bookings.IgnoreQueryFilters().AsNoTracking()
            .Where(x => x.ResourceId == r.Id && x.Live && x.Start < b && x.BlockedUntil > a.AddMinutes(-r.BufferMinutes)).OrderBy(x => x.Start)
            .Select(x => new { x.Id, x.Start, x.BlockedUntil }).ToListAsync(ct);
        var days = new List<AvailabilityDay>();
        var policy = r.Policy;
        var now = Now;
        for (var d = fromDay; d <= toDay; d = d.AddDays(1))
        {
            if (!policy.IsOpenOn(d)) { days.Add(new AvailabilityDay(d, false, [])); continue; }
            var opens = BookingCalendar.At(d, r.Opens);
            var closes = BookingCalendar.At(d, r.Closes);
            var slots = new List<AvailabilitySlot>();
            var cursor = opens;
            // what a new booking must stay out of: [start − buffer, end + buffer)
            var blocks = busy.Select(x => (x.Id, S: Local(x.Start).AddMinutes(-r.BufferMinutes), E: Local(x.BlockedUntil)))
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

    // ---------- booking ----------

    /// <summary>
    /// A resource as the booking path reads it: untracked, through the scope's filter, compiled once per engine (a
    /// compiled query keeps the first engine's SQL, and a process may talk to both, as the benchmark does).
    /// </summary>
    private static readonly Func<ParkOpsDb, long, CancellationToken, Task<Resource?>> ResourceToBookPostgres = CompileResourceToBook();
    private static readonly Func<ParkOpsDb, long, CancellationToken, Task<Resource?>> ResourceToBookSqlite = CompileResourceToBook();

    private static Func<ParkOpsDb, long, CancellationToken, Task<Resource?>> CompileResourceToBook() =>
        EF.CompileAsyncQuery((ParkOpsDb db, long id, CancellationToken ct) => db.Resources.AsNoTracking().FirstOrDefault(r => r.Id == id));

    private Func<ParkOpsDb, long, CancellationToken, Task<Resource?>> ResourceToBook => db.Database.IsNpgsql() ? ResourceToBookPostgres : ResourceToBookSqlite;

    public async Task<CreatedBookings> CreateAsync(long resourceId, BookingInput input, CancellationToken ct)
    {
        var r = await ResourceToBook(db, resourceId, ct) ?? throw new NotFoundException("Resource", resourceId);
        var enterpriseId = await BookingEnterpriseAsync(r, input.EnterpriseId, ct);
        var (start, end, purpose) = ParseInput(input);
        if (!r.IsActive) throw new DomainRuleException("ResourceMustBeActive", "resourceId", "该资源已停用", RuleKind.Conflict) { Arguments = [r.Name] };
        var now = Now;
        var occurrences = input.RepeatWeeklyUntil is { } until ? Recurrence.Weekly(start, end, until) : [(start, end)];
        // every occurrence must satisfy the rules (the horizon too): a series is booked whole or not at all
        foreach (var (s, e) in occurrences) SlotRules.Check(r.Policy, s, e, now);
        await CheckQualificationAsync(r, start, occurrences[^1].Start, ct);
        var userId = db.Actor.UserId ?? 0;
        var state = r.RequiresApproval && !db.Actor.CanOperatePark(r.ParkId) ? BookingState.PendingApproval : BookingState.Confirmed;
        var rows = occurrences.Select(o =>
        {
            var row = new ResourceBooking
            {
                ParkId = r.ParkId, EnterpriseId = enterpriseId, ResourceId = r.Id, UserId = userId, Start = o.Start.UtcDateTime, End = o.End.UtcDateTime,
                BlockedUntil = SlotRules.BlockedUntil(o.End, r.BufferMinutes).UtcDateTime, Purpose = purpose, CreatedAt = now.UtcDateTime,
            };
            row.SetState(state);
            return row;
        }).ToList();
        await InsertAsync(r, rows, ct);
        var enterpriseName = await EnterpriseNameAsync(enterpriseId, ct);
        var dtos = rows.Select(x => ToDto(x, r.Name, enterpriseName)).ToList();
        return new CreatedBookings(dtos[0], dtos.Count > 1 ? dtos : []);
    }

    /// <summary>
    /// Writes new bookings so that no two live bookings of a resource overlap, however many requests race and on
    /// however many app instances.
    /// PostgreSQL: the exclusion constraint decides (SQLSTATE 23P01); the loser is told which booking it hit.
    /// SQLite: one writer at a time (BEGIN IMMEDIATE takes the database's write lock, across processes too); the
    /// check and the insert happen inside it, and waiting writers queue on the busy timeout rather than fail.
    /// </summary>
    private async Task InsertAsync(Resource r, List<ResourceBooking> rows, CancellationToken ct)
    {
        if (db.Database.IsSqlite())
        {
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                var conn = (SqliteConnection)db.Database.GetDbConnection();
                await using var tx = conn.BeginTransaction(deferred: false);
                await db.Database.UseTransactionAsync(tx, ct);
                try
                {
                    await EnsureFreeAsync(r, rows, ct);
                    db.Bookings.AddRange(rows);
                    await db.SaveChangesAsync(ct);
                    await LinkSeriesAsync(rows, ct);
                    await tx.CommitAsync(ct);
                }
                finally { await db.Database.UseTransactionAsync(null, ct); }
            }
            finally { await db.Database.CloseConnectionAsync(); }
            return;
        }
        for (var attempt = 1; ; attempt++)
        {
            // the ids come from the hi-lo sequence as the rows are added (BookingModel.IdSequence), so a series is linked
            // before it is written and the bookings and their audit rows go in one save, in one batch
            await db.Bookings.AddRangeAsync(rows, ct);
            if (rows.Count > 1) foreach (var x in rows) x.SeriesId = rows[0].Id;
            try
            {
                if (attempt == 1) await SaveAsOneBatchAsync(rows.Count, ct);
                else await SaveInTurnAsync(r.Id, ct);
                return;
            }
            catch (DbUpdateException ex) when (IsOverlap(ex) || (IsDeadlock(ex) && attempt < 50))
            {
                foreach (var row in rows) { db.Entry(row).State = EntityState.Detached; row.Id = 0; row.SeriesId = null; }
                if (IsOverlap(ex))
                {
                    await EnsureFreeAsync(r, rows, ct);
                    // the booking we collided with was cancelled in between: still a conflict, just no longer nameable
                    throw new DomainRuleException("BookingMustNotOverlap", "start", "该时段已被预约", RuleKind.Conflict) { Arguments = [0, SlotRules.Fmt(rows[0].StartAt), SlotRules.Fmt(rows[0].EndAt)] };
                }
                // two inserts of intersecting ranges each waited for the other's exclusion check and PostgreSQL
                // aborted this one (40P01); nothing was written, so it simply goes again and meets the winner's row
            }
        }
    }

    /// <summary>
    /// Saves the new bookings and the audit rows the interceptor adds for them. Their ids are known, so EF Core sends
    /// them as one batch, and on PostgreSQL one batch is one implicit transaction (Npgsql ends it with a single Sync:
    /// a failing statement undoes the others): no BEGIN and COMMIT round trips are needed. A long series that would
    /// not fit one batch takes EF Core's own transaction.
    /// </summary>
    private async Task SaveAsOneBatchAsync(int rows, CancellationToken ct)
    {
        if (rows > MaxSeries) { await db.SaveChangesAsync(ct); return; }
        var before = db.Database.AutoTransactionBehavior;
        db.Database.AutoTransactionBehavior = AutoTransactionBehavior.Never;
        try { await db.SaveChangesAsync(ct); }
        finally { db.Database.AutoTransactionBehavior = before; }
    }

    /// <summary>
    /// A retry after a deadlock: the save waits its turn on a transaction-scoped advisory lock of the resource, so the
    /// requests that already lost a deadlock queue behind each other instead of deadlocking again (PostgreSQL detects
    /// each deadlock only after deadlock_timeout, 1 s by default, so repeated rounds under a burst of overlapping
    /// requests add up; the likely cause of one loaded test run that passed the client's 100 s timeout). The first
    /// attempt stays one batch without a lock.
    /// </summary>
    private async Task SaveInTurnAsync(long resourceId, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var key = (int)(resourceId ^ (resourceId >> 32));
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdvisoryLockClass}, {key})", ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>The first key of the booking retries' advisory locks (the second is the resource).</summary>
    private const int AdvisoryLockClass = 4_242_001;

    /// <summary>Bookings per save that surely go in one batch (with their audit rows, far below EF Core's 1,000 statements).</summary>
    private const int MaxSeries = 200;

    private async Task LinkSeriesAsync(List<ResourceBooking> rows, CancellationToken ct)
    {
        if (rows.Count < 2) return;
        foreach (var x in rows) x.SeriesId = rows[0].Id;
        await db.SaveChangesAsync(ct);
    }

    public static bool IsOverlap(DbUpdateException ex) => ex.InnerException is Npgsql.PostgresException { SqlState: "23P01" };

    private static bool IsDeadlock(DbUpdateException ex) => ex.InnerException is Npgsql.PostgresException { SqlState: "40P01" or "40001" };

    /// <summary>BookingMustNotOverlap: refuses with the first live booking a new one collides with (its id and time, nothing else).</summary>
    private async Task EnsureFreeAsync(Resource r, IReadOnlyList<ResourceBooking> rows, CancellationToken ct)
    {
        var lo = rows.Min(x => x.Start);
        var hi = rows.Max(x => x.BlockedUntil);
        var ids = rows.Select(x => x.Id).Where(id => id != 0).ToList();
        var busy = await db.Bookings.IgnoreQueryFilters().AsNoTracking()
            .Where(x => x.ResourceId == r.Id && x.Live && x.Start < hi && x.BlockedUntil > lo && !ids.Contains(x.Id))
            .Select(x => new { x.Id, x.Start, x.End, x.BlockedUntil }).ToListAsync(ct);
        var intervals = busy.Select(x => new BusyInterval(x.Id, Local(x.Start), Local(x.BlockedUntil))).ToList();
        foreach (var row in rows)
            if (SlotRules.FirstCollision(intervals, row.StartAt, new DateTimeOffset(DateTime.SpecifyKind(row.BlockedUntil, DateTimeKind.Utc))) is { } hit)
            {
                var other = busy.First(x => x.Id == hit.BookingId);
                var ex = SlotRules.Overlap(hit.BookingId, Local(other.Start), Local(other.End));
                ex.Data["conflict"] = new Dictionary<string, object> { ["bookingId"] = hit.BookingId, ["start"] = Local(other.Start), ["end"] = Local(other.End) };
                throw ex;
            }
    }

    /// <summary>Which enterprise books: the caller's own in this park; an operator names one of the park's enterprises.</summary>
    private async Task<long> BookingEnterpriseAsync(Resource r, long? requested, CancellationToken ct)
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

    private async Task<string> EnterpriseNameAsync(long enterpriseId, CancellationToken ct) =>
        db.Actor.Enterprises.FirstOrDefault(e => e.Id == enterpriseId)?.Name
        ?? await db.Enterprises.IgnoreQueryFilters().Where(e => e.Id == enterpriseId).Select(e => e.Name).FirstAsync(ct);

    /// <summary>QualificationRequired: the booker holds a training record for the resource's qualification, valid on every booked day.</summary>
    private async Task CheckQualificationAsync(Resource r, DateTimeOffset first, DateTimeOffset last, CancellationToken ct)
    {
        if (r.RequiredQualification is not { } q || db.Actor.CanOperatePark(r.ParkId)) return;
        var uid = db.Actor.UserId;
        var (d1, d2) = (BookingCalendar.DayOf(first), BookingCalendar.DayOf(last));
        var holds = await db.TrainingRecords.AnyAsync(x => x.UserId == uid && x.Qualification == q && x.ValidFrom <= d1 && x.ValidUntil >= d2, ct);
        if (!holds) throw new DomainRuleException("QualificationRequired", "resourceId", "需持有有效培训记录才能预约") { Arguments = [q] };
    }

    private static readonly Regex HasOffset = new(@"(Z|[+-]\d{2}:\d{2})$", RegexOptions.Compiled | RegexOptions.CultureInvariant);

    private (DateTimeOffset Start, DateTimeOffset End, string Purpose) ParseInput(BookingInput i)
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

    private (DateOnly From, DateOnly To) Range(string? from, string? to, DateOnly defFrom, DateOnly defTo, bool limit = true)
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

    // ---------- changing bookings ----------

    /// <summary>Cancel (DELETE): the booker's enterprise with notice, an operator at any time before the start; the freed slot goes to the waitlist.</summary>
    public async Task<ResourceBooking> CancelAsync(long id, string? note, CancellationToken ct)
    {
        var x = await BookingAsync(id, ct);
        var byOperator = db.Actor.CanOperatePark(x.ParkId);
        if (!byOperator && !db.Actor.EnterpriseIds.Contains(x.EnterpriseId)) throw new ForbiddenException("OnlyOperatorsMayWrite");
        if (x.State is not (BookingState.PendingApproval or BookingState.Confirmed))
            throw new DomainRuleException("BookingMustBeActiveToCancel", "state", "只有待审批或已确认的预约可以取消", RuleKind.Conflict) { Arguments = [x.State] };
        var r = await db.Resources.IgnoreQueryFilters().FirstAsync(z => z.Id == x.ResourceId, ct);
        SlotRules.CheckCancellation(r.Policy, x.StartAt, Now, byOperator);
        x.SetState(BookingState.Cancelled);
        x.Note = note is { Length: > 0 } ? Cut(note, 500) : x.Note;
        x.DecidedBy = db.Actor.UserName; x.DecidedAt = Now.UtcDateTime;
        await db.SaveChangesAsync(ct);
        await OfferFreedSlotAsync(r, x, ct);
        return x;
    }

    public async Task<ResourceBooking> ActAsync(long id, string action, BookingActionInput input, CancellationToken ct)
    {
        var x = await BookingAsync(id, ct);
        if (!db.Actor.CanOperatePark(x.ParkId)) throw new ForbiddenException("OnlyOperatorsMayWrite");
        var r = await db.Resources.IgnoreQueryFilters().FirstAsync(z => z.Id == x.ResourceId, ct);
        var now = Now;
        switch (action.ToLowerInvariant())
        {
            case "approve":
            case "reject":
                if (x.State != BookingState.PendingApproval)
                    throw new DomainRuleException("BookingMustBePendingApproval", "state", "只有待审批的预约可以审批", RuleKind.Conflict) { Arguments = [x.State] };
                x.SetState(action.Equals("approve", StringComparison.OrdinalIgnoreCase) ? BookingState.Confirmed : BookingState.Rejected);
                x.Note = input.Note is { Length: > 0 } n ? Cut(n, 500) : x.Note;
                x.DecidedBy = db.Actor.UserName; x.DecidedAt = now.UtcDateTime;
                await db.SaveChangesAsync(ct);
                if (x.State == BookingState.Rejected) await OfferFreedSlotAsync(r, x, ct);
                return x;
            case "usage":
            case "no-show":
                if (x.State != BookingState.Confirmed)
                    throw new DomainRuleException("UsageOnlyForConfirmedBookings", "state", "只有已确认的预约可以登记使用", RuleKind.Conflict) { Arguments = [x.State] };
                if (x.StartAt > now)
                    throw new DomainRuleException("UsageOnlyAfterStart", "actualStart", "预约开始后才能登记使用", RuleKind.Conflict) { Arguments = [SlotRules.Fmt(x.StartAt)] };
                var noShow = action.Equals("no-show", StringComparison.OrdinalIgnoreCase);
                DateTimeOffset? aStart = null, aEnd = null;
                if (!noShow)
                {
                    var errors = new List<ValidationFailure>();
                    aStart = input.ActualStart is null ? x.StartAt : ParseInstant(input.ActualStart, "actualStart", errors);
                    aEnd = input.ActualEnd is null ? x.EndAt : ParseInstant(input.ActualEnd, "actualEnd", errors);
                    if (errors.Count > 0) throw new ValidationException(errors);
                    if (aEnd <= aStart) throw new DomainRuleException("EndMustBeAfterStart", "actualEnd", "结束时间必须晚于开始时间") { Arguments = [SlotRules.Fmt(aStart.Value), SlotRules.Fmt(aEnd.Value)] };
                    if (aEnd > now) throw new DomainRuleException("UsageMustBeInThePast", "actualEnd", "不能登记尚未发生的使用") { Arguments = [SlotRules.Fmt(aEnd.Value)] };
                    if (aStart < x.StartAt.AddHours(-12) || aEnd > x.EndAt.AddHours(12))
                        throw new DomainRuleException("UsageMustMatchTheBooking", "actualStart", "实际使用时间与预约相差过大") { Arguments = [SlotRules.Fmt(x.StartAt)] };
                }
                await RecordUsageAsync(r, x, aStart, aEnd, noShow, input.Note, ct);
                return x;
            default:
                throw new DomainRuleException("BookingActionMustBeKnown", "action", "未知操作") { Arguments = [action] };
        }
    }

    /// <summary>
    /// Usage after the fact becomes a charge for the monthly bill run: billable hours (booked slot plus overrun;
    /// a no-show pays the slot), the month's free quota of the enterprise's class used first, then the hourly rate.
    /// The charge's rules say exactly that, so the bill line explains itself.
    /// </summary>
    private async Task RecordUsageAsync(Resource r, ResourceBooking x, DateTimeOffset? aStart, DateTimeOffset? aEnd, bool noShow, string? note, CancellationToken ct)
    {
        var month = BookingCalendar.MonthOf(x.StartAt);
        var ent = await db.Enterprises.IgnoreQueryFilters().FirstAsync(e => e.Id == x.EnterpriseId, ct);
        var (m0, m1) = (BookingCalendar.At(month, TimeOnly.MinValue).UtcDateTime, BookingCalendar.At(month.AddMonths(1), TimeOnly.MinValue).UtcDateTime);
        var groupResources = db.Resources.IgnoreQueryFilters().Where(z => z.ParkId == r.ParkId && z.QuotaGroup == r.QuotaGroup).Select(z => z.Id);
        var usedBefore = r.QuotaGroup == QuotaGroup.None ? 0m : await db.Bookings.IgnoreQueryFilters()
            .Where(z => z.EnterpriseId == x.EnterpriseId && z.Id != x.Id && z.Start >= m0 && z.Start < m1 && z.FreeHours != null && groupResources.Contains(z.ResourceId))
            .SumAsync(z => z.FreeHours ?? 0m, ct);
        if (note is { Length: > 0 }) x.Note = Cut(note, 500);
        // Billing's door: the charge is saved with the booking's recorded use, in one save
        await charges.PostAsync(Charge(r, x, ent.EstablishedOn, usedBefore, aStart, aEnd, noShow), ct);
    }

    /// <summary>
    /// Records the use on the booking (actual times, billable and free hours, amount, state) and returns the charge
    /// for the bill run. <paramref name="freeHoursUsedBefore"/>: the enterprise's free hours of the same quota group
    /// already used in the booking's month.
    /// </summary>
    public static ChargePosting Charge(Resource r, ResourceBooking x, DateOnly? established, decimal freeHoursUsedBefore, DateTimeOffset? aStart, DateTimeOffset? aEnd, bool noShow)
    {
        var month = BookingCalendar.MonthOf(x.StartAt);
        var cls = FreeQuota.ClassOf(established, BookingCalendar.DayOf(x.StartAt));
        var quota = FreeQuota.DefaultHoursPerMonth(cls, r.QuotaGroup);
        var hours = FreeQuota.BillableHours(x.StartAt, x.EndAt, aEnd, noShow);
        var c = FreeQuota.Split(hours, r.HourlyRate, quota, freeHoursUsedBefore);
        x.ActualStart = aStart?.UtcDateTime; x.ActualEnd = aEnd?.UtcDateTime;
        x.BilledHours = c.Hours; x.FreeHours = c.FreeHours; x.Amount = c.Amount;
        x.SetState(noShow ? BookingState.NoShow : BookingState.Completed);
        var rules = new List<AppliedRule>
        {
            new("HourlyRate", $"{r.HourlyRate:0.00} 元/h", $"{c.Hours:0.##} h"),
            new("FreeQuota", $"{(cls == EnterpriseClass.Startup ? "初创企业" : "非初创企业")} {quota:0.##} h/月，本月此前已用 {freeHoursUsedBefore:0.##} h", $"−{c.FreeHours:0.##} h"),
        };
        if (noShow) rules.Add(new("NoShow", "未到场", "按预约时段计费"));
        else if (aEnd > x.EndAt) rules.Add(new("Overrun", $"实际结束 {SlotRules.Fmt(aEnd.Value)}", "超时按 15 分钟向上取整"));
        var local = BookingCalendar.Local(x.StartAt);
        return new ChargePosting(x.ParkId, x.EnterpriseId, month, BillLineKind.SharedResource, "Booking", x.Id.ToString(CultureInfo.InvariantCulture),
            $"{r.Name} {local:yyyy-MM-dd HH:mm}–{BookingCalendar.Local(x.EndAt):HH:mm}{(noShow ? "（未到场）" : "")}：{c.Hours:0.##} h，免费 {c.FreeHours:0.##} h，计费 {c.PaidHours:0.##} h × {r.HourlyRate:0.00} 元",
            c.PaidHours, "h", r.HourlyRate, c.Amount, rules);
    }

    private static string Cut(string s, int n) => s.Length > n ? s[..n] : s;

    // ---------- utilisation ----------

    public async Task<List<UtilisationRow>> UtilisationAsync(long parkId, string? month, CancellationToken ct)
    {
        await enterprises.ParkForReadAsync(parkId, ct);
        if (!db.Actor.CanOperatePark(parkId) && !db.Actor.GovernmentParkIds.Contains(parkId)) throw new ForbiddenException("OnlyOperatorsMayRead");
        var m = month is null ? new DateOnly(Today.Year, Today.Month, 1)
            : ParkOps.Domain.Rules.BusinessDates.TryParseMonth(month, out var mm) ? mm
            : throw new ValidationException([new ValidationFailure("month", t["Val.Month"])]);
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

    // ---------- training records ----------

    public async Task<List<TrainingRecordDto>> TrainingRecordsAsync(long parkId, CancellationToken ct)
    {
        await enterprises.ParkForReadAsync(parkId, ct);
        var rows = await db.TrainingRecords.AsNoTracking().Where(x => x.ParkId == parkId).OrderBy(x => x.UserId).ThenBy(x => x.Qualification).ToListAsync(ct);
        var uids = rows.Select(x => x.UserId).Distinct().ToList();
        var names = await db.Users.Where(u => uids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        return rows.Select(x => new TrainingRecordDto(x.Id, x.ParkId, x.EnterpriseId, x.UserId, names.GetValueOrDefault(x.UserId, ""), x.Qualification, x.ValidFrom, x.ValidUntil, x.IssuedBy)).ToList();
    }

    public async Task<TrainingRecord> AddTrainingRecordAsync(long parkId, TrainingRecordInput i, CancellationToken ct)
    {
        await enterprises.ParkForWriteAsync(parkId, ct);
        var errors = new List<ValidationFailure>();
        if (string.IsNullOrWhiteSpace(i.Qualification) || i.Qualification.Length > 100) errors.Add(new("qualification", t["Val.MaxLength", 100]));
        if (i.ValidUntil < i.ValidFrom) errors.Add(new("validUntil", t["Booking.Val.RangeOrder"]));
        if (i.IssuedBy?.Length > 100) errors.Add(new("issuedBy", t["Val.MaxLength", 100]));
        // the trainee is an enterprise user of this park
        var grant = await db.RoleGrants.Where(g => g.UserId == i.UserId && g.Role == Users.Role.EnterpriseUser && g.EnterpriseId != null).Select(g => g.EnterpriseId!.Value).ToListAsync(ct);
        var enterpriseId = await db.Enterprises.Where(e => grant.Contains(e.Id) && e.ParkId == parkId).Select(e => (long?)e.Id).FirstOrDefaultAsync(ct);
        if (enterpriseId is null) errors.Add(new("userId", t["Val.Unknown"]));
        if (errors.Count > 0) throw new ValidationException(errors);
        var x = new TrainingRecord
        {
            ParkId = parkId, EnterpriseId = enterpriseId!.Value, UserId = i.UserId, Qualification = i.Qualification.Trim(), ValidFrom = i.ValidFrom, ValidUntil = i.ValidUntil,
            IssuedBy = i.IssuedBy?.Trim() ?? db.Actor.UserName, CreatedAt = Now.UtcDateTime,
        };
        db.TrainingRecords.Add(x);
        await db.SaveChangesAsync(ct);
        return x;
    }
}
