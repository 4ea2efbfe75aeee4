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
/// Booking a shared resource: the slot rules are <see cref="SlotRules"/>; this adds who may book what, and the one
/// guarantee that matters most: two live bookings of one resource never overlap, however requests race.
/// </summary>
public sealed class BookingService(ParkOpsDb db, BookingAccess access, Notifications.Contracts.INotices notices)
{
    /// <summary>
    /// A resource as the booking path reads it: untracked, through the scope's filter, compiled once per engine (a
    /// compiled query keeps the first engine's SQL, and a process may talk to both, as the benchmark does).
    /// </summary>
    private static readonly Func<ParkOpsDb, long, CancellationToken, Task<Resource?>> ResourceToBookPostgres = CompileResourceToBook();
    private static readonly Func<ParkOpsDb, long, CancellationToken, Task<Resource?>> ResourceToBookSqlite = CompileResourceToBook();

    private static Func<ParkOpsDb, long, CancellationToken, Task<Resource?>> CompileResourceToBook() =>
        EF.CompileAsyncQuery((ParkOpsDb db, long id, CancellationToken ct) => db.Set<Resource>().AsNoTracking().FirstOrDefault(r => r.Id == id));

    private Func<ParkOpsDb, long, CancellationToken, Task<Resource?>> ResourceToBook => db.Database.IsNpgsql() ? ResourceToBookPostgres : ResourceToBookSqlite;

    public async Task<CreatedBookings> CreateAsync(long resourceId, BookingInput input, CancellationToken ct)
    {
        var r = await ResourceToBook(db, resourceId, ct) ?? throw new NotFoundException("Resource", resourceId);
        var enterpriseId = await access.BookingEnterpriseAsync(r, input.EnterpriseId, ct);
        var (start, end, purpose) = access.ParseInput(input);
        if (!r.IsActive) throw new DomainRuleException("ResourceMustBeActive", "resourceId", "该资源已停用", RuleKind.Conflict) { Arguments = [r.Name] };
        var now = access.Now;
        var occurrences = input.RepeatWeeklyUntil is { } until ? Recurrence.Weekly(start, end, until) : [(start, end)];
        // every occurrence must satisfy the rules (the horizon too): a series is booked whole or not at all
        foreach (var (s, e) in occurrences) SlotRules.Check(r.Policy, s, e, now);
        await access.CheckQualificationAsync(r, start, occurrences[^1].Start, ct);
        var userId = db.Actor.UserId ?? 0;
        var state = BookingLifecycle.Initial(r.RequiresApproval && !db.Actor.CanOperatePark(r.ParkId));
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
        var enterpriseName = await access.EnterpriseNameAsync(enterpriseId, ct);
        await InsertAsync(r, rows, state == BookingState.PendingApproval ? (res, made) => AwaitsApproval(res, made, enterpriseName) : null, ct);
        var dtos = rows.Select(x => BookingQueries.ToDto(x, r.Name, enterpriseName)).ToList();
        return new CreatedBookings(dtos[0], dtos.Count > 1 ? dtos : []);
    }

    /// <summary>
    /// The park's operators hear of a booking that awaits their approval, committed with it and once per booking (a
    /// series is one notice, keyed by its first booking): the approvals page is where they decide.
    /// </summary>
    private void AwaitsApproval(Resource r, IReadOnlyList<ResourceBooking> rows, string? enterpriseName)
    {
        var first = rows[0];
        var when = BookingAccess.Local(first.Start).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        notices.Send([Notifications.Contracts.Notice.ToOperators(r.ParkId, rows.Count > 1 ? "BookingSeriesAwaitsApproval" : "BookingAwaitsApproval",
            $"/parks/{r.ParkId}/bookings/approvals", r.Name, when, enterpriseName ?? "", rows.Count.ToString(CultureInfo.InvariantCulture)) with { DedupeKey = $"booking-pending:{first.Id}" }]);
    }

    /// <summary>
    /// Writes new bookings so that no two live bookings of a resource overlap, however many requests race and on
    /// however many app instances.
    /// PostgreSQL: the exclusion constraint decides (SQLSTATE 23P01); the loser is told which booking it hit.
    /// SQLite: one writer at a time (BEGIN IMMEDIATE takes the database's write lock, across processes too); the
    /// check and the insert happen inside it, and waiting writers queue on the busy timeout rather than fail.
    /// </summary>
    private async Task InsertAsync(Resource r, List<ResourceBooking> rows, Action<Resource, IReadOnlyList<ResourceBooking>>? noticesOnceKnown, CancellationToken ct)
    {
        try { await InsertRowsAsync(r, rows, noticesOnceKnown, ct); }
        catch
        {
            // nothing was written: a notice added for the refused rows must not ride along with a later save of this context
            ForgetUnsaved();
            throw;
        }
    }

    private void ForgetUnsaved()
    {
        foreach (var e in db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added).ToList()) e.State = EntityState.Detached;
    }

    private async Task InsertRowsAsync(Resource r, List<ResourceBooking> rows, Action<Resource, IReadOnlyList<ResourceBooking>>? noticesOnceKnown, CancellationToken ct)
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
                    // the ids are known now: the notice (keyed by the first) and the series link go in one more save, same transaction
                    noticesOnceKnown?.Invoke(r, rows);
                    await LinkSeriesAsync(rows, force: noticesOnceKnown is not null, ct);
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
            // a notice's id comes from the database, so its save is not one batch: EF Core's transaction holds it with the bookings
            noticesOnceKnown?.Invoke(r, rows);
            try
            {
                if (attempt == 1 && noticesOnceKnown is not null) await db.SaveChangesAsync(ct);
                else if (attempt == 1) await SaveAsOneBatchAsync(rows.Count, ct);
                else await SaveInTurnAsync(r.Id, ct);
                return;
            }
            catch (Exception ex) when (ex is DbUpdateException u && IsOverlap(u) || (IsDeadlock(ex) && attempt < 50))
            {
                foreach (var row in rows) { db.Entry(row).State = EntityState.Detached; row.Id = 0; row.SeriesId = null; }
                ForgetUnsaved();
                if (ex is DbUpdateException overlap && IsOverlap(overlap))
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

    private async Task LinkSeriesAsync(List<ResourceBooking> rows, bool force, CancellationToken ct)
    {
        if (rows.Count < 2) { if (force) await db.SaveChangesAsync(ct); return; }
        foreach (var x in rows) x.SeriesId = rows[0].Id;
        await db.SaveChangesAsync(ct);
    }

    public static bool IsOverlap(DbUpdateException ex) => ex.InnerException is Npgsql.PostgresException { SqlState: "23P01" };

    /// <summary>
    /// A deadlock or serialization failure (SQLSTATE class 40) anywhere in the exception's chain: from the save (wrapped
    /// in a DbUpdateException) or from the retry's advisory-lock statement (raised as it is). Nothing was written.
    /// </summary>
    private static bool IsDeadlock(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
            if (ex is Npgsql.PostgresException { SqlState: "40P01" or "40001" }) return true;
        return false;
    }

    /// <summary>BookingMustNotOverlap: refuses with the first live booking a new one collides with (its id and time, nothing else).</summary>
    private async Task EnsureFreeAsync(Resource r, IReadOnlyList<ResourceBooking> rows, CancellationToken ct)
    {
        var lo = rows.Min(x => x.Start);
        var hi = rows.Max(x => x.BlockedUntil);
        var ids = rows.Select(x => x.Id).Where(id => id != 0).ToList();
        var busy = await db.Bookings.IgnoreQueryFilters().AsNoTracking()
            .Where(x => x.ResourceId == r.Id && x.Live && x.Start < hi && x.BlockedUntil > lo && !ids.Contains(x.Id))
            .Select(x => new { x.Id, x.Start, x.End, x.BlockedUntil }).ToListAsync(ct);
        var intervals = busy.Select(x => new BusyInterval(x.Id, BookingAccess.Local(x.Start), BookingAccess.Local(x.BlockedUntil))).ToList();
        foreach (var row in rows)
            if (SlotRules.FirstCollision(intervals, row.StartAt, new DateTimeOffset(DateTime.SpecifyKind(row.BlockedUntil, DateTimeKind.Utc))) is { } hit)
            {
                var other = busy.First(x => x.Id == hit.BookingId);
                var ex = SlotRules.Overlap(hit.BookingId, BookingAccess.Local(other.Start), BookingAccess.Local(other.End));
                ex.Data["conflict"] = new Dictionary<string, object> { ["bookingId"] = hit.BookingId, ["start"] = BookingAccess.Local(other.Start), ["end"] = BookingAccess.Local(other.End) };
                throw ex;
            }
    }
}
