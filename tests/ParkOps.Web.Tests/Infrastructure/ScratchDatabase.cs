using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using ParkOps.Web.Data;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Tests.Infrastructure;

/// <summary>
/// An empty database of the engine the run asked for (a temp SQLite file or a fresh PostgreSQL database), with no
/// host around it: for migration and schema tests that must start from nothing.
/// </summary>
public sealed class ScratchDatabase : IAsyncDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "parkops-tests", "scratch-" + Guid.NewGuid().ToString("N"));
    private readonly string? _pgDatabase;

    public DatabaseOptions Options { get; }
    public DatabaseProvider Provider => Options.Provider;

    private ScratchDatabase(DatabaseOptions options, string? pgDatabase)
    {
        Options = options;
        _pgDatabase = pgDatabase;
    }

    public static async Task<ScratchDatabase> CreateAsync(DatabaseProvider? provider = null)
    {
        var p = provider ?? ParkOpsFactory.Provider;
        if (p == DatabaseProvider.Postgres)
        {
            var name = "parkops_s_" + Guid.NewGuid().ToString("N")[..12];
            await using (var conn = new NpgsqlConnection(ParkOpsFactory.AdminConnectionString()))
            {
                await conn.OpenAsync();
                await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", conn);
                await cmd.ExecuteNonQueryAsync();
            }
            var cs = new NpgsqlConnectionStringBuilder(ParkOpsFactory.AdminConnectionString()) { Database = name }.ToString();
            return new ScratchDatabase(new DatabaseOptions { Provider = p, ConnectionString = cs }, name);
        }
        var db = new ScratchDatabase(new DatabaseOptions { Provider = p }, null);
        Directory.CreateDirectory(db._dir);
        db.Options.ConnectionString = $"Data Source={Path.Combine(db._dir, "scratch.db")}";
        return db;
    }

    /// <summary>A context on this database as the system actor, configured exactly as the host configures its own.</summary>
    public ParkOpsDb NewContext()
    {
        var b = new DbContextOptionsBuilder<ParkOpsDb>();
        DatabaseSetup.Configure(b, Options);
        var actor = new CurrentActor();
        actor.Set(ActorScope.System);
        return ParkOpsDb.Create(b.Options, actor);
    }

    public async Task<IReadOnlyList<string>> MigrateAsync()
    {
        await using var db = NewContext();
        return await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync();
    }

    /// <summary>Runs one statement straight on the database.</summary>
    public async Task ExecAsync(string sql)
    {
        await using var db = NewContext();
        await db.Database.OpenConnectionAsync();
        await using var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task<List<string>> ColumnAsync(string sql)
    {
        await using var db = NewContext();
        await db.Database.OpenConnectionAsync();
        await using var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.CommandText = sql;
        var list = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) list.Add(Convert.ToString(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        return list;
    }

    public async Task<SchemaSnapshot> SnapshotAsync()
    {
        await using var db = NewContext();
        await db.Database.OpenConnectionAsync();
        return await SchemaSnapshot.ReadAsync(db.Database.GetDbConnection(), Provider);
    }

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        if (_pgDatabase is not null)
        {
            await using var conn = new NpgsqlConnection(ParkOpsFactory.AdminConnectionString());
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_pgDatabase} WITH (FORCE)", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        try { if (Directory.Exists(_dir)) Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
