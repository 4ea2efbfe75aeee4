using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Npgsql;
using ParkOps.Web.Data;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Tests.Infrastructure;

/// <summary>
/// One migrated database per run (and one with the demo park seeded), made by a real host the first time a test asks
/// for it; each test host then starts on a copy (SQLite: the file; PostgreSQL: CREATE DATABASE … TEMPLATE). Seeding the
/// demo park costs about twenty seconds; a copy, well under one. What the copy holds is exactly what the seed wrote.
/// </summary>
public static class DatabaseTemplates
{
    private static readonly ConcurrentDictionary<bool, Lazy<Task<DatabaseOptions>>> Made = new();
    private static readonly SemaphoreSlim Copying = new(1, 1);

    public static Task<DatabaseOptions> OfAsync(bool demo) =>
        Made.GetOrAdd(demo, d => new Lazy<Task<DatabaseOptions>>(() => MakeAsync(d))).Value;

    private static async Task<DatabaseOptions> MakeAsync(bool demo)
    {
        var maker = new TemplateMaker(demo);
        await maker.InitializeAsync();
        await ((IAsyncLifetime)maker).DisposeAsync();
        var options = maker.Database;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Forget(options);
        return options;
    }

    public static async Task CopyAsync(DatabaseOptions template, DatabaseOptions target)
    {
        if (target.Provider == DatabaseProvider.Postgres)
        {
            var name = new NpgsqlConnectionStringBuilder(target.ConnectionString).Database!;
            var from = new NpgsqlConnectionStringBuilder(template.ConnectionString).Database!;
            // PostgreSQL refuses a second copy of a template while one is under way: one at a time
            await Copying.WaitAsync();
            try { await ExecAdminAsync($"CREATE DATABASE {name} TEMPLATE {from}"); }
            finally { Copying.Release(); }
            return;
        }
        var source = new SqliteConnectionStringBuilder(template.ConnectionString).DataSource;
        var dest = new SqliteConnectionStringBuilder(target.ConnectionString).DataSource;
        File.Copy(source, dest);
        if (File.Exists(source + "-wal")) File.Copy(source + "-wal", dest + "-wal");
    }

    public static async Task ExecAdminAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(ParkOpsFactory.AdminConnectionString());
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    private static void Forget(DatabaseOptions template)
    {
        try
        {
            if (template.Provider == DatabaseProvider.Postgres)
                ExecAdminAsync($"DROP DATABASE IF EXISTS {new NpgsqlConnectionStringBuilder(template.ConnectionString).Database} WITH (FORCE)").GetAwaiter().GetResult();
            else
                Directory.Delete(Path.GetDirectoryName(new SqliteConnectionStringBuilder(template.ConnectionString).DataSource)!, true);
        }
        catch (Exception e) when (e is IOException or NpgsqlException) { }
    }

    /// <summary>Migrates (and seeds) a database of its own and leaves it behind when disposed.</summary>
    private sealed class TemplateMaker : ParkOpsFactory
    {
        private readonly bool _demo;
        public TemplateMaker(bool demo) { _demo = demo; KeepsDatabase = true; }
        protected override bool SeedDemo => _demo;
        protected override bool CopiesTemplate => false;
    }
}
