using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ParkOps.Web.Data;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary><c>ParkOps:Database</c>: which engine and where. SQLite under ./data/ is the embedded default.</summary>
public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
    public string? ConnectionString { get; set; }

    public string EffectiveConnectionString => ConnectionString is { Length: > 0 } cs ? cs
        : Provider == DatabaseProvider.Sqlite ? $"Data Source={Path.Combine("data", "parkops.db")}"
        : throw new InvalidOperationException("ParkOps:Database:ConnectionString is required for PostgreSQL");
}

public static class DatabaseSetup
{
    public static DatabaseOptions ReadOptions(IConfiguration config)
    {
        var o = new DatabaseOptions();
        config.GetSection("ParkOps:Database").Bind(o);
        return o;
    }

    public static IServiceCollection AddParkOpsDatabase(this IServiceCollection services, IConfiguration config)
    {
        var o = ReadOptions(config);
        services.AddSingleton(o);
        services.AddSingleton<AuditInterceptor>();
        services.AddSingleton<Infrastructure.ActorScopeCache>();
        services.AddSingleton<Platform.CoherenceInterceptor>();
        services.AddHostedService<SqliteCheckpointer>();
        // the options are built once and shared by every context: the interceptors keep their per-save state on the
        // context, not on themselves
        // contexts come from a pool (EF Core builds a context's internal services once, not per request: about a tenth
        // of a booking request's time before); each scope leases one and sets its actor on it
        services.AddPooledDbContextFactory<ParkOpsDb>((sp, b) =>
        {
            // read at resolve time so a test host can replace the options
            Configure(b, sp.GetRequiredService<DatabaseOptions>());
            // coherence after audit: the audit rows' nested save runs inside the transaction that bumps the change versions
            b.AddInterceptors(sp.GetRequiredService<AuditInterceptor>(), sp.GetRequiredService<Platform.CoherenceInterceptor>());
            // a failed save always reaches the caller as an exception: expected ones become 409/400 answers (a booking
            // that lost a race, a duplicate code), unexpected ones are logged as errors by ProblemExceptionHandler; EF
            // Core's own error entry for each would flood the log when many bookings race for one slot
            b.ConfigureWarnings(w => w.Log((Microsoft.EntityFrameworkCore.Diagnostics.CoreEventId.SaveChangesFailed, LogLevel.Information)));
        });
        services.AddScoped(sp =>
        {
            var db = sp.GetRequiredService<IDbContextFactory<ParkOpsDb>>().CreateDbContext();
            db.Lease(sp.GetRequiredService<Infrastructure.ICurrentActor>());
            return db;
        });
        return services;
    }

    public static void Configure(DbContextOptionsBuilder b, DatabaseOptions o)
    {
        if (o.Provider == DatabaseProvider.Sqlite)
        {
            var cs = new SqliteConnectionStringBuilder(o.EffectiveConnectionString) { DefaultTimeout = 30, Pooling = true };
            if (Path.GetDirectoryName(Path.GetFullPath(cs.DataSource)) is { } dir) Directory.CreateDirectory(dir);
            b.UseSqlite(cs.ToString()).AddInterceptors(SqliteTuning.Instance);
        }
        else
        {
            // a burst of requests (e.g. many racing bookings) queues for a pooled connection instead of opening more
            // than the server allows (PostgreSQL's default max_connections is 100, shared with other clients): 53300
            var cs = new Npgsql.NpgsqlConnectionStringBuilder(o.EffectiveConnectionString);
            var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = o.EffectiveConnectionString };
            if (!given.ContainsKey("Maximum Pool Size") && !given.ContainsKey("Max Pool Size")) cs.MaxPoolSize = 32;
            // waiting for a pooled connection counts against this timeout: give a burst time to drain on a busy machine
            if (!given.ContainsKey("Timeout")) cs.Timeout = 60;
            // the same few statements run all day (a booking's insert, the bill run's reads): Npgsql prepares a statement
            // on a connection once it has run twice, so PostgreSQL stops parsing and planning it on every call
            if (!given.ContainsKey("Max Auto Prepare")) { cs.MaxAutoPrepare = 128; cs.AutoPrepareMinUsages = 2; }
            // the application changes no session state (no SET, temporary tables, LISTEN or session advisory locks outside
            // the migrator, which unlocks its own), so a pooled connection is handed on without the reset statements
            // (RESET ALL, DISCARD …) PostgreSQL would otherwise parse and run before every request's first command
            if (!given.ContainsKey("No Reset On Close")) cs.NoResetOnClose = true;
            b.UseNpgsql(cs.ToString());
        }
    }
}

/// <summary>
/// Per-connection settings SQLite does not keep in the database file: <c>synchronous=NORMAL</c>, the setting SQLite
/// recommends with WAL (a commit is durable once the WAL is synced at checkpoints; an application crash loses nothing,
/// a power cut at most the last commits, and the file never corrupts), a 32 MB page cache instead of 2 MB, so
/// inserting into large indexes (meter readings) is not held up re-reading pages, and an automatic checkpoint only
/// past 64 MB of log, as a backstop to <see cref="SqliteCheckpointer"/> which checkpoints in the background.
/// </summary>
public sealed class SqliteTuning : Microsoft.EntityFrameworkCore.Diagnostics.DbConnectionInterceptor
{
    public static readonly SqliteTuning Instance = new();
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-32768; PRAGMA wal_autocheckpoint=16384;";

    public override void ConnectionOpened(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = Pragmas;
        cmd.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData, CancellationToken ct = default)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = Pragmas;
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
