using Microsoft.EntityFrameworkCore;

namespace ParkOps.Web.Data;

/// <summary>
/// Pessimistic locks for money writes, held until the caller's transaction ends. On PostgreSQL a row lock
/// (<c>SELECT … FOR UPDATE</c>) or a transaction-scoped advisory lock; every statement after it in READ COMMITTED
/// sees what the previous holder committed. On SQLite nothing to do: a transaction begun by EF Core is
/// <c>BEGIN IMMEDIATE</c>, so it holds the database's one write lock from its first statement and nobody can change
/// a row between our read and our write.
/// Lock order, to keep clear of deadlocks: a bill before its enterprise's credit balance.
/// </summary>
public static class RowLocks
{
    /// <summary>Locks the rows of <paramref name="table"/> whose <paramref name="column"/> equals <paramref name="key"/>.</summary>
    public static async Task ForUpdateAsync(ParkOpsDb db, string table, string column, long key, CancellationToken ct)
    {
        RequireTransaction(db);
        if (!db.Database.IsNpgsql()) return;
        // identifiers come from code, never from input (checked against the model); the key is a parameter
        if (!Tables.Contains((table, column))) throw new ArgumentException($"{table}.{column} is not a lockable key");
        var sql = "SELECT 1 FROM \"" + table + "\" WHERE \"" + column + "\" = {0} FOR UPDATE";
        await db.Database.ExecuteSqlRawAsync(sql, [key], ct);
    }

    /// <summary>The keys money writes lock by.</summary>
    private static readonly HashSet<(string, string)> Tables = [("Bills", "Id"), ("CreditBalances", "EnterpriseId"), ("Leases", "Id"), ("ProcurementPools", "Id"), ("FundAccounts", "ParkId"), ("ServiceOrders", "Id"), ("UnifiedOrders", "Id")];

    /// <summary>A lock on a name and a number (e.g. a park's bill run), for work that has no single row to lock.</summary>
    public static async Task AdvisoryAsync(ParkOpsDb db, int space, long key, CancellationToken ct)
    {
        RequireTransaction(db);
        if (!db.Database.IsNpgsql()) return;
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({space}, {(int)(key % int.MaxValue)})", ct);
    }

    private static void RequireTransaction(ParkOpsDb db)
    {
        if (db.Database.CurrentTransaction is null) throw new InvalidOperationException("A lock is taken inside a transaction");
    }

    /// <summary>Lock spaces of <see cref="AdvisoryAsync"/> (the first number of PostgreSQL's two-key advisory locks).</summary>
    public static class Spaces
    {
        public const int BillRun = 4242002;
    }
}
