using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using ParkOps.Web.Data;

namespace ParkOps.Web.Platform;

/// <summary>
/// One row per topic of in-process state (the match index, the actor scopes, the meter keys): its version goes up by
/// one in the same transaction as every change to the tables the topic is made from. A process that keeps such state
/// remembers the version it was built at and compares it with the row (one read by primary key) before it answers, so
/// a change made through any process sharing the database counts from the next answer everywhere.
/// </summary>
public sealed class ChangeVersion
{
    public required string Topic { get; set; }
    public long Version { get; set; }
}

/// <summary>The topics, and which entities' changes move each one.</summary>
public static class ChangeTopics
{
    /// <summary>The match index: open posts, the capability taxonomy, and the ratings behind the posters' credit.</summary>
    public const string Market = "market";
    /// <summary>Who may see what: users, role grants, enterprises, parks, regions (see <see cref="Infrastructure.ActorScopeCache"/>).</summary>
    public const string Scopes = "scopes";
    /// <summary>Meter keys (park, utility): only a meter changed or removed moves it; a new meter is read on first use anyway.</summary>
    public const string Meters = "meters";

    public static readonly string[] All = [Market, Scopes, Meters];

    /// <summary>The topics a tracked change of <paramref name="entity"/> in <paramref name="state"/> moves, or none.</summary>
    public static string? Of(object entity, EntityState state) => entity switch
    {
        Features.Marketplace.Post or Features.Marketplace.MarketCapability or Features.Marketplace.Collaboration => Market,
        Features.Users.User or Features.Users.RoleGrant or Features.Enterprises.Enterprise or Features.Parks.Park or Features.Parks.Region => Scopes,
        Features.Metering.Meter when state is EntityState.Modified or EntityState.Deleted => Meters,
        _ => null,
    };
}

/// <summary>Reading and moving the versions; what a context bumped and read is kept on the context (<see cref="State"/>).</summary>
public static class ChangeVersions
{
    /// <summary>One context's bookkeeping: versions read during its lease, versions it bumped, its own transaction.</summary>
    public sealed class State
    {
        internal readonly Dictionary<string, long> Read = new(StringComparer.Ordinal);
        internal readonly List<(string Topic, long Version, DbTransaction Transaction)> Uncommitted = [];
        internal readonly List<(string Topic, long Version)> Committed = [];
        internal IDbContextTransaction? OwnTransaction;
        internal int Depth;
    }

    /// <summary>
    /// The topic's version as the database has it (0 for a topic never bumped). Read once per context lease: a request
    /// sees one version throughout, and its next request reads again. A context that bumped the topic reads anew.
    /// </summary>
    public static async Task<long> ReadAsync(ParkOpsDb db, string topic, CancellationToken ct)
    {
        var st = db.Coherence;
        if (st.Read.TryGetValue(topic, out var v)) return v;
        v = await ReadFreshAsync(db, topic, ct);
        st.Read[topic] = v;
        return v;
    }

    /// <summary>The topic's version as the database has it now, not remembered on the context (a context of the caller's own).</summary>
    public static Task<long> ReadFreshAsync(ParkOpsDb db, string topic, CancellationToken ct) =>
        (db.Database.IsNpgsql() ? ReadPostgres : ReadSqlite)(db, topic, ct);

    // a compiled query keeps the SQL of the engine it first ran on: one per engine
    private static readonly Func<ParkOpsDb, string, CancellationToken, Task<long>> ReadPostgres = CompileRead();
    private static readonly Func<ParkOpsDb, string, CancellationToken, Task<long>> ReadSqlite = CompileRead();

    private static Func<ParkOpsDb, string, CancellationToken, Task<long>> CompileRead() =>
        EF.CompileAsyncQuery((ParkOpsDb db, string topic, CancellationToken ct) =>
            db.Set<ChangeVersion>().AsNoTracking().Where(c => c.Topic == topic).Select(c => c.Version).FirstOrDefault());

    /// <summary>
    /// Moves the topics by one in the context's current transaction (a writer that goes around the change tracker —
    /// <c>ExecuteUpdate</c>, <c>ExecuteDelete</c>, plain SQL — calls this inside its transaction). Returns the new versions.
    /// </summary>
    public static async Task<long[]> BumpAsync(ParkOpsDb db, IReadOnlyCollection<string> topics, CancellationToken ct)
    {
        var result = new long[topics.Count];
        var i = 0;
        // a fixed order, so two writers bumping the same topics lock their rows in the same order (no deadlock)
        foreach (var topic in topics.Order(StringComparer.Ordinal))
        {
            // an upsert, so a database whose rows were cleared (a restore, a test reset) still moves
            var v = await db.Database.SqlQuery<long>(
                $"""INSERT INTO "ChangeVersions" ("Topic", "Version") VALUES ({topic}, 1) ON CONFLICT ("Topic") DO UPDATE SET "Version" = "ChangeVersions"."Version" + 1 RETURNING "Version" AS "Value" """)
                .ToListAsync(ct);
            result[i++] = v[0];
            db.Coherence.Read.Remove(topic);
            if (db.Database.CurrentTransaction is not { } tx) db.Coherence.Committed.Add((topic, v[0]));
            else db.Coherence.Uncommitted.Add((topic, v[0], tx.GetDbTransaction()));
        }
        return result;
    }

    /// <summary>
    /// The versions of <paramref name="topic"/> this context bumped and saw committed: a cache that applied the
    /// context's change itself (the match index's <c>Apply</c>) counts them as seen instead of reloading.
    /// </summary>
    public static IEnumerable<long> CommittedBy(ParkOpsDb db, string topic) =>
        db.Coherence.Committed.Where(c => c.Topic == topic).Select(c => c.Version);
}

/// <summary>
/// Bumps the topics a save changes and marks the parks it touches (<see cref="ParkChanges"/>), in the save's transaction:
/// it opens one when the caller has none (and commits it after the save and the audit rows), so a change and its
/// version and marks are committed together or not at all.
/// </summary>
/// <remarks>Registered after <see cref="AuditInterceptor"/>, whose nested save of the audit rows then runs inside this transaction.</remarks>
public sealed class CoherenceInterceptor : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private static HashSet<string>? Topics(DbContext context)
    {
        HashSet<string>? topics = null;
        context.ChangeTracker.DetectChanges();
        foreach (var e in context.ChangeTracker.Entries())
            if (e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && ChangeTopics.Of(e.Entity, e.State) is { } t)
                (topics ??= new(StringComparer.Ordinal)).Add(t);
        return topics;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData e, InterceptionResult<int> result, CancellationToken ct = default)
    {
        if (e.Context is not ParkOpsDb db) return result;
        var st = db.Coherence;
        if (st.Depth++ > 0) return result;
        var topics = Topics(db);
        var parks = ParkChanges.Touched(db.ChangeTracker);
        if (topics is null && parks is null) return result;
        try
        {
            if (db.Database.CurrentTransaction is null) st.OwnTransaction = await db.Database.BeginTransactionAsync(ct);
            if (topics is not null) await ChangeVersions.BumpAsync(db, topics, ct);
            if (parks is not null) await ParkChanges.MarkAsync(db, parks, ct);
        }
        catch
        {
            // EF Core reports no failure for a save its interceptor stopped: end what this one began
            await EndOwnAsync(st);
            throw;
        }
        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData e, InterceptionResult<int> result) =>
        SavingChangesAsync(e, result).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData e, int result, CancellationToken ct = default)
    {
        if (e.Context is not ParkOpsDb db) return result;
        var st = db.Coherence;
        if (--st.Depth > 0 || st.OwnTransaction is not { } tx) return result;
        st.OwnTransaction = null;
        try { await tx.CommitAsync(ct); }
        finally { await tx.DisposeAsync(); }
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData e, int result) =>
        SavedChangesAsync(e, result).AsTask().GetAwaiter().GetResult();

    public override async Task SaveChangesFailedAsync(DbContextErrorEventData e, CancellationToken ct = default)
    {
        if (e.Context is ParkOpsDb db && --db.Coherence.Depth == 0) await EndOwnAsync(db.Coherence);
    }

    public override void SaveChangesFailed(DbContextErrorEventData e) => SaveChangesFailedAsync(e).GetAwaiter().GetResult();

    public override async Task SaveChangesCanceledAsync(DbContextEventData e, CancellationToken ct = default)
    {
        if (e.Context is ParkOpsDb db && --db.Coherence.Depth == 0) await EndOwnAsync(db.Coherence);
    }

    public override void SaveChangesCanceled(DbContextEventData e) => SaveChangesCanceledAsync(e).GetAwaiter().GetResult();

    private static async Task EndOwnAsync(ChangeVersions.State st)
    {
        st.Depth = 0;
        if (st.OwnTransaction is not { } tx) return;
        st.OwnTransaction = null;
        // disposing rolls back: neither the change nor its version stays
        await tx.DisposeAsync();
        st.Uncommitted.Clear();
    }

    private static void Ended(DbContext? context, DbTransaction transaction, bool committed)
    {
        if (context is not ParkOpsDb db) return;
        var st = db.Coherence;
        // bumps of a transaction that was disposed without a commit are dropped with it
        if (committed) st.Committed.AddRange(st.Uncommitted.Where(u => ReferenceEquals(u.Transaction, transaction)).Select(u => (u.Topic, u.Version)));
        st.Uncommitted.Clear();
        // what was read inside the transaction may have been this transaction's own view
        st.Read.Clear();
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Ended(eventData.Context, transaction, true);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
    {
        Ended(eventData.Context, transaction, true);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Ended(eventData.Context, transaction, false);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
    {
        Ended(eventData.Context, transaction, false);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Ended(eventData.Context, transaction, false);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken ct = default)
    {
        Ended(eventData.Context, transaction, false);
        return Task.CompletedTask;
    }
}
