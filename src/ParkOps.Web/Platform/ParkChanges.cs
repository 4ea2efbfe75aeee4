using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using ParkOps.Web.Data;

namespace ParkOps.Web.Platform;

/// <summary>
/// One mark per park per committed change to the park's data: inserted in the same transaction as the change (by
/// <see cref="CoherenceInterceptor"/> for every save, by <see cref="SetWriter"/> for set-wise inserts, by the few writers
/// that go around the change tracker). A park's <em>stamp</em> is the sum of its marks' weights: it only grows, and it
/// grows with every commit that touched the park, so a figure kept with the stamp it was computed at is current exactly
/// while the stamp is unchanged. Inserts only: two writers of one park never wait for each other on a mark.
/// </summary>
public sealed class ParkChange : IDerivedParkRow
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    /// <summary>1 for a change; a compacted mark carries the weight of the marks it replaced (the stamp stays the same).</summary>
    public long Weight { get; set; }
}

/// <summary>Marking, reading and compacting parks' stamps (<see cref="ParkChange"/>).</summary>
public static class ParkChanges
{
    /// <summary>
    /// The parks a tracked change touches: every park-owned row added, changed or removed (its park, and its former park
    /// when it moved), and the parks an <see cref="ITouchesParks"/> row names (a park's own row changed or removed, both
    /// parks of a collaboration). Ids not yet given (a park created in the same save) are left out: nothing was computed
    /// for that park before.
    /// </summary>
    public static HashSet<long>? Touched(ChangeTracker tracker)
    {
        HashSet<long>? parks = null;
        void Add(long id) { if (id > 0) (parks ??= []).Add(id); }
        foreach (var e in tracker.Entries())
        {
            if (e.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted) || e.Entity is IDerivedParkRow) continue;
            if (e.Entity is ITouchesParks touches)
                foreach (var id in touches.TouchedParkIds) Add(id);
            if (e.Entity is IParkOwned owned)
            {
                Add(owned.ParkId);
                if (e.State == EntityState.Modified && e.Metadata.FindProperty(nameof(IParkOwned.ParkId)) is { } prop
                    && e.OriginalValues[prop] is long before) Add(before);
            }
        }
        return parks;
    }

    /// <summary>Marks the parks changed, in the context's current transaction (a writer around the change tracker calls this inside its own).</summary>
    public static async Task MarkAsync(ParkOpsDb db, IEnumerable<long> parkIds, CancellationToken ct)
    {
        var ids = parkIds.Where(id => id > 0).Distinct().Order().ToArray();
        if (ids.Length == 0) return;
        foreach (var slice in ids.Chunk(500))
        {
            // the ids go as parameters ({0}, {1} …); only their placeholders are written into the statement
            var sql = "INSERT INTO \"ParkChanges\" (\"ParkId\", \"Weight\") VALUES " + string.Join(", ", slice.Select((_, i) => "({" + i + "}, 1)"));
            await db.Database.ExecuteSqlRawAsync(sql, slice.Cast<object>().ToArray(), ct);
        }
    }

    /// <summary>The parks' stamps now (0 for a park never marked), whoever asks (the caller checks who may see the parks). Read before the data a figure is computed from.</summary>
    public static async Task<Dictionary<long, long>> StampsAsync(ParkOpsDb db, IReadOnlyCollection<long> parkIds, CancellationToken ct)
    {
        if (parkIds.Count == 0) return [];
        var ids = parkIds.ToArray();
        var rows = await db.Set<ParkChange>().IgnoreQueryFilters().AsNoTracking().Where(c => EF.Parameter(ids).Contains(c.ParkId))
            .GroupBy(c => c.ParkId).Select(g => new { g.Key, Stamp = g.Sum(c => c.Weight) }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Key, r => r.Stamp);
    }

    /// <summary>
    /// Replaces each of the parks' marks (when there are more than a few) with one mark of their summed weight, so the
    /// stamps read no more rows than there are parks; every stamp stays what it was. Marks committed meanwhile are not
    /// seen by the snapshot this runs in and stay (PostgreSQL: REPEATABLE READ; SQLite: one writer at a time). A
    /// compaction that loses to another is dropped: it only saves reading.
    /// </summary>
    public static async Task CompactAsync(ParkOpsDb db, IReadOnlyCollection<long> parkIds, CancellationToken ct)
    {
        if (parkIds.Count == 0 || db.Database.CurrentTransaction is not null) return;
        var ids = parkIds.ToArray();
        try
        {
            await using var tx = db.Database.IsNpgsql() ? await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct) : await db.Database.BeginTransactionAsync(ct);
            var many = await db.Set<ParkChange>().IgnoreQueryFilters().AsNoTracking().Where(c => EF.Parameter(ids).Contains(c.ParkId))
                .GroupBy(c => c.ParkId).Where(g => g.Count() > 8)
                .Select(g => new { g.Key, Weight = g.Sum(c => c.Weight), Last = g.Max(c => c.Id) }).ToListAsync(ct);
            if (many.Count == 0) return;
            foreach (var m in many)
                await db.Set<ParkChange>().IgnoreQueryFilters().Where(c => c.ParkId == m.Key && c.Id <= m.Last).ExecuteDeleteAsync(ct);
            db.Set<ParkChange>().AddRange(many.Select(m => new ParkChange { ParkId = m.Key, Weight = m.Weight }));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (Exception e) when (e is DbUpdateException or Npgsql.PostgresException { SqlState: "40001" or "40P01" } or InvalidOperationException { InnerException: Npgsql.PostgresException })
        {
            db.ChangeTracker.Clear();
        }
    }

    public static void Configure(ModelBuilder b) =>
        b.Entity<ParkChange>(e =>
        {
            e.ToTable("ParkChanges");
            // a park's stamp is read off the index alone
            e.HasIndex(x => new { x.ParkId, x.Weight });
        });
}
