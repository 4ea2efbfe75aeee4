using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using ParkOps.Web.Data;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Features.Metering;

/// <summary>A new reading on SQLite, waiting in <c>MeterReadingInbox</c> to be merged into <see cref="MeterReading"/>.</summary>
public sealed class InboxReading : IParkOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public long MeterId { get; set; }
    public DateTime At { get; set; }
    public decimal Value { get; set; }
    public ReadingSource Source { get; set; }
    public DateTime RecordedAt { get; set; }
}

/// <summary>
/// SQLite only. A gateway's batch is one instant for thousands of meters; written straight into
/// <c>MeterReadings</c>, whose unique (MeterId, At) index is ordered by meter, every reading lands on a different leaf
/// page, and the commit writes each of those pages to the write-ahead log (measured: 120–170 ms to insert 10,000
/// readings and 35–170 ms to commit them; about 40,000 readings/s through the API). So new readings are appended to
/// an inbox ordered by time — (At, MeterId), also unique — which a batch fills page after page (≈ 70 ms and a 2 ms
/// commit), and moved into <c>MeterReadings</c> in the meter's order many batches at a time: by
/// <see cref="ReadingInboxMerger"/> every second, and by every reader of readings before it reads
/// (<see cref="FlushAsync"/>), so nobody ever sees a reading missing. Idempotency holds across both tables: a batch
/// goes to the inbox only when none of its instants is stored in either (the inbox's unique index and
/// <see cref="AnyStoredAsync"/>); otherwise the careful path compares it with both. PostgreSQL writes
/// <c>MeterReadings</c> directly (binary COPY) and has no inbox.
/// </summary>
public static class ReadingInbox
{
    public const string Table = "MeterReadingInbox";
    private const string Columns = """ "ParkId", "MeterId", "At", "Value", "Source", "RecordedAt" """;

    /// <summary>The table's shape (<see cref="InboxReadingConfiguration"/> applies it, with the query filter).</summary>
    public static void Configure(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<InboxReading> e)
    {
        e.ToTable(Table);
        // the rowid, no AUTOINCREMENT: the inbox is emptied by every merge
        e.Property(x => x.Id).ValueGeneratedNever();
        e.HasIndex(x => new { x.At, x.MeterId }).IsUnique();
        // no foreign key: its index (led by MeterId) would scatter the writes again; IngestAsync admits known meters only
    }

    /// <summary>Appends readings believed new, in time order (the inbox's index is filled from its end); an instant already waiting fails on the unique index.</summary>
    public static Task<int> AppendAsync(ParkOpsDb db, IReadOnlyList<(long ParkId, long MeterId, DateTime At, decimal Value)> rows, ReadingSource source, DateTime now, CancellationToken ct) =>
        InsertEachAsync(db, Table, "", rows.OrderBy(r => r.At).ThenBy(r => r.MeterId).ToList(), source, now, ct);

    /// <summary>
    /// One prepared INSERT into <paramref name="table"/> reused for every row (faster on SQLite than multi-row
    /// statements, whose parameters Microsoft.Data.Sqlite binds by name on every execution); returns the rows written.
    /// </summary>
    internal static async Task<int> InsertEachAsync(ParkOpsDb db, string table, string conflictClause, IReadOnlyList<(long ParkId, long MeterId, DateTime At, decimal Value)> rows, ReadingSource source, DateTime now, CancellationToken ct)
    {
        await using var cmd = await CommandAsync(db, ct);
        cmd.CommandText = $"""INSERT INTO "{table}" ({Columns}) VALUES ($p, $m, $a, $v, $s, $r){conflictClause}""";
        var p = Add(cmd, "$p", 0L); var m = Add(cmd, "$m", 0L); var a = Add(cmd, "$a", now); var v = Add(cmd, "$v", 0m);
        Add(cmd, "$s", source.ToString()); Add(cmd, "$r", now);
        cmd.Prepare();
        var n = 0;
        foreach (var r in rows)
        {
            p.Value = r.ParkId; m.Value = r.MeterId; a.Value = r.At; v.Value = r.Value;
            n += await cmd.ExecuteNonQueryAsync(ct);
        }
        return n;
    }

    /// <summary>
    /// Whether <c>MeterReadings</c> holds a reading of one of these meters between the two instants (both included):
    /// one index probe per meter. A gateway's batch is one instant, so this is exact for it; for a batch over a span it
    /// may also find other instants of the span, which only sends the batch the careful way.
    /// </summary>
    public static async Task<bool> AnyStoredAsync(ParkOpsDb db, long[] meterIds, DateTime min, DateTime max, CancellationToken ct)
    {
        await using var cmd = await CommandAsync(db, ct);
        cmd.CommandText = """
            SELECT EXISTS (SELECT 1 FROM json_each($ids) AS k CROSS JOIN "MeterReadings" r ON r."MeterId" = k.value
                           WHERE r."At" >= $min AND r."At" <= $max)
            """;
        Add(cmd, "$ids", JsonSerializer.Serialize(meterIds));
        Add(cmd, "$min", min);
        Add(cmd, "$max", max);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct)) != 0;
    }

    /// <summary>
    /// Moves every waiting reading into <c>MeterReadings</c>, in the meter's order (each leaf page of its index is
    /// written once for all the batches waiting), in the caller's transaction or in one of its own. Returns how many
    /// moved; on PostgreSQL, or with nothing waiting, does nothing.
    /// </summary>
    public static async Task<int> FlushAsync(ParkOpsDb db, CancellationToken ct)
    {
        if (!db.Database.IsSqlite()) return 0;
        if (!await WaitingAsync(db, ct)) return 0;
        if (db.Database.CurrentTransaction is not null) return await MoveAsync(db, ct);
        using var turn = await SqliteWriteGate.EnterAsync(db, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var moved = await MoveAsync(db, ct);
        await tx.CommitAsync(ct);
        return moved;
    }

    private static async Task<bool> WaitingAsync(ParkOpsDb db, CancellationToken ct)
    {
        await using var cmd = await CommandAsync(db, ct);
        cmd.CommandText = $"""SELECT EXISTS (SELECT 1 FROM "{Table}")""";
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct)) != 0;
    }

    private static async Task<int> MoveAsync(ParkOpsDb db, CancellationToken ct)
    {
        await using var cmd = await CommandAsync(db, ct);
        // a reading reaches the inbox only when neither table holds its instant, so the INSERT meets no duplicate
        cmd.CommandText = $"""
            INSERT INTO "MeterReadings" ({Columns}) SELECT {Columns} FROM "{Table}" ORDER BY "MeterId", "At";
            DELETE FROM "{Table}";
            """;
        // the count is the two statements' together: each row inserted once and deleted once
        return await cmd.ExecuteNonQueryAsync(ct) / 2;
    }

    /// <summary>A command on the context's (opened) connection, in its transaction if there is one.</summary>
    internal static async Task<DbCommand> CommandAsync(ParkOpsDb db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return cmd;
    }

    internal static DbParameter Add(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
        return p;
    }
}

/// <summary>
/// Merges the SQLite reading inbox every <c>ParkOps:Metering:InboxMergeMilliseconds</c> (default 1,000; 0 turns the
/// background merge off, readers still merge before they read). Does nothing on PostgreSQL.
/// </summary>
public sealed class ReadingInboxMerger(IServiceScopeFactory scopes, DatabaseOptions options, IConfiguration config, ILogger<ReadingInboxMerger> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        if (options.Provider != DatabaseProvider.Sqlite) return;
        var ms = config.GetValue("ParkOps:Metering:InboxMergeMilliseconds", 1000);
        if (ms <= 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(ms));
        while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(ActorScope.System);
                await ReadingInbox.FlushAsync(scope.ServiceProvider.GetRequiredService<ParkOpsDb>(), stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { return; }
            catch (Exception e)
            {
                // readers merge before they read, so nothing is lost or hidden: the next tick tries again
                log.LogWarning(e, "Merging the reading inbox failed");
            }
        }
    }
}
