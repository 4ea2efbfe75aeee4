using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.ValueGeneration;

namespace ParkOps.Web.Data;

/// <summary>
/// Ids from a PostgreSQL sequence in blocks (hi-lo): one <c>nextval</c> reserves <see cref="Block"/> ids, so a new row's
/// id is known when it is added and a save can write it together with rows that refer to it (its audit row) in one
/// batch. The column's default is the same <c>nextval</c>, so a plain INSERT without an id still works and never
/// collides. EF Core's own hi-lo keeps one block per sequence name for the whole process, shared by every database
/// the process talks to; this one keeps a block per database.
/// </summary>
public sealed class BlockIdGenerator(string sequence, int block) : ValueGenerator<long>
{
    private readonly ConcurrentDictionary<string, HiLoValueGeneratorState> _states = new();

    public override bool GeneratesTemporaryValues => false;

    public override long Next(EntityEntry entry) =>
        State(entry).Next<long>(() => Nextval(entry.Context));

    public override ValueTask<long> NextAsync(EntityEntry entry, CancellationToken ct = default) =>
        State(entry).NextAsync<long>(c => NextvalAsync(entry.Context, c), ct);

    private HiLoValueGeneratorState State(EntityEntry entry)
    {
        var conn = entry.Context.Database.GetDbConnection();
        return _states.GetOrAdd(conn.DataSource + "/" + conn.Database, _ => new HiLoValueGeneratorState(block));
    }

    private string Sql => $"SELECT nextval('\"{sequence}\"') AS \"Value\"";

    private long Nextval(DbContext db) => db.Database.SqlQueryRaw<long>(Sql).AsEnumerable().First();

    private async Task<long> NextvalAsync(DbContext db, CancellationToken ct) => (await db.Database.SqlQueryRaw<long>(Sql).ToListAsync(ct))[0];
}
