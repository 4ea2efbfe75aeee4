using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;

namespace ParkOps.Web.Data;

/// <summary>
/// SQLite lets one connection write at a time; the others wait in its busy handler, which sleeps and retries (up to
/// 100 ms between tries), so two requests that write a lot take turns slowly. Writers of this process queue here
/// instead and go the moment the one before commits. Other processes on the same file still meet SQLite's own lock.
/// On PostgreSQL there is nothing to queue for: <see cref="EnterAsync"/> returns null.
/// </summary>
public static class SqliteWriteGate
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new();

    public static async Task<IDisposable?> EnterAsync(DbContext db, CancellationToken ct)
    {
        if (!db.Database.IsSqlite()) return null;
        var gate = Gates.GetOrAdd(db.Database.GetDbConnection().DataSource, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        return new Release(gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _done;
        public void Dispose() { if (Interlocked.Exchange(ref _done, 1) == 0) gate.Release(); }
    }
}
