using System.Net;
using Microsoft.Data.Sqlite;
using Npgsql;
using ParkOps.Web.Data;

namespace ParkOps.Bench;

/// <summary>
/// A benchmark's own database for one engine and its working folder (keys, the SQLite file): a new PostgreSQL database
/// on the server <c>PARKOPS_BENCH_PG</c> names, or a SQLite file in a temporary folder. Disposing drops the database
/// and deletes the folder.
/// </summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    public static string PostgresAdmin { get; } = Environment.GetEnvironmentVariable("PARKOPS_BENCH_PG") ?? "Host=127.0.0.1;Port=5432;Username=postgres;Password=parkops;Database=postgres";

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }
    /// <summary>The run's working folder (DataProtection keys, the SQLite file).</summary>
    public string Dir { get; }
    private readonly string? _pgDatabase;

    private BenchDatabase(DatabaseProvider provider, string connectionString, string dir, string? pgDatabase) =>
        (Provider, ConnectionString, Dir, _pgDatabase) = (provider, connectionString, dir, pgDatabase);

    public static async Task<BenchDatabase> CreateAsync(DatabaseProvider provider)
    {
        var dir = Path.Combine(Path.GetTempPath(), "parkops-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        if (provider != DatabaseProvider.Postgres) return new(provider, $"Data Source={Path.Combine(dir, "bench.db")}", dir, null);
        var name = "parkops_bench_" + Guid.NewGuid().ToString("N")[..8];
        await ExecAdminAsync($"CREATE DATABASE {name}");
        return new(provider, new NpgsqlConnectionStringBuilder(PostgresAdmin) { Database = name }.ToString(), dir, name);
    }

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        if (_pgDatabase is not null) await ExecAdminAsync($"DROP DATABASE IF EXISTS {_pgDatabase} WITH (FORCE)");
        try { Directory.Delete(Dir, true); } catch (IOException) { }
    }

    private static async Task ExecAdminAsync(string sql)
    {
        await using var c = new NpgsqlConnection(PostgresAdmin);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>A loopback port free at the moment of asking.</summary>
    public static int FreePort()
    {
        var l = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
