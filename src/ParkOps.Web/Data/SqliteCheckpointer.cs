using Microsoft.Data.Sqlite;

namespace ParkOps.Web.Data;

/// <summary>
/// SQLite (WAL mode) copies the write-ahead log back into the database file in a checkpoint, by default inside the
/// commit that pushes the log past 1,000 pages: a request that writes a lot (a 10,000-reading batch) then pays for
/// the checkpoint as well, every second time or so. Here the checkpoints run in the background every second, without
/// blocking anyone (PASSIVE); the connections' own automatic checkpoint stays as a backstop at a larger size
/// (<see cref="SqliteTuning"/>), should this one fall behind. Does nothing on PostgreSQL.
/// </summary>
public sealed class SqliteCheckpointer(DatabaseOptions options, ILogger<SqliteCheckpointer> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        if (options.Provider != DatabaseProvider.Sqlite) return;
        var cs = new SqliteConnectionStringBuilder(options.EffectiveConnectionString) { Pooling = false }.ToString();
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
        {
            try
            {
                if (!File.Exists(new SqliteConnectionStringBuilder(cs).DataSource + "-wal")) continue;
                await using var conn = new SqliteConnection(cs);
                await conn.OpenAsync(stop);
                await using var cmd = conn.CreateCommand();
                cmd.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
                await cmd.ExecuteNonQueryAsync(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { return; }
            catch (SqliteException e)
            {
                // busy or locked: the next tick tries again
                log.LogDebug(e, "Background checkpoint skipped");
            }
        }
    }
}
