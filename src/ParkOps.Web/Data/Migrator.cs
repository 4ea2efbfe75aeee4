using System.Data.Common;
using System.Reflection;
using Microsoft.EntityFrameworkCore;

namespace ParkOps.Web.Data;

/// <summary>
/// Versioned SQL migrations, one folder per engine (Data/Migrations/{Sqlite,Postgres}/NNNN_name.sql, embedded).
/// Each script runs once, in its own transaction, and is recorded in <c>__parkops_migrations</c>; so any earlier
/// version of a database is brought up to date by running the scripts it has not seen, in order.
/// A test compares the migrated schema with the EF Core model so the two cannot drift apart.
/// </summary>
public sealed class Migrator(ParkOpsDb db, ILogger<Migrator> log)
{
    public sealed record Script(string Version, string Sql);

    public static IReadOnlyList<Script> Scripts(DatabaseProvider provider)
    {
        var asm = typeof(Migrator).Assembly;
        var prefix = $"{asm.GetName().Name}.Data.Migrations.{provider}.";
        return asm.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var s = new StreamReader(asm.GetManifestResourceStream(n)!);
                return new Script(n[prefix.Length..^4], s.ReadToEnd());
            }).ToList();
    }

    /// <summary>Applies what is missing; returns the versions applied now.</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken ct = default)
    {
        var provider = db.Database.IsNpgsql() ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
        var conn = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            if (provider == DatabaseProvider.Sqlite)
                await Exec(conn, "PRAGMA journal_mode=WAL;", ct);
            else
                // several instances may start at once: one migrates, the others wait
                await Exec(conn, "SELECT pg_advisory_lock(727274);", ct);
            await Exec(conn, "CREATE TABLE IF NOT EXISTS __parkops_migrations (version varchar(100) PRIMARY KEY, applied_at varchar(40) NOT NULL);", ct);
            var done = new HashSet<string>();
            await using (var cmd = conn.CreateCommand())
            {
                cmd.CommandText = "SELECT version FROM __parkops_migrations";
                await using var r = await cmd.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct)) done.Add(r.GetString(0));
            }
            var applied = new List<string>();
            foreach (var s in Scripts(provider).Where(s => !done.Contains(s.Version)))
            {
                await using var tx = await conn.BeginTransactionAsync(ct);
                await using (var cmd = conn.CreateCommand())
                {
                    cmd.Transaction = tx;
                    cmd.CommandText = s.Sql;
                    await cmd.ExecuteNonQueryAsync(ct);
                }
                await using (var cmd = conn.CreateCommand())
                {
                    cmd.Transaction = tx;
                    cmd.CommandText = "INSERT INTO __parkops_migrations (version, applied_at) VALUES (@v, @a)";
                    var v = cmd.CreateParameter(); v.ParameterName = "@v"; v.Value = s.Version; cmd.Parameters.Add(v);
                    var a = cmd.CreateParameter(); a.ParameterName = "@a"; a.Value = DateTime.UtcNow.ToString("O"); cmd.Parameters.Add(a);
                    await cmd.ExecuteNonQueryAsync(ct);
                }
                await tx.CommitAsync(ct);
                log.LogInformation("Applied migration {Version}", s.Version);
                applied.Add(s.Version);
            }
            if (provider == DatabaseProvider.Postgres)
                await Exec(conn, "SELECT pg_advisory_unlock(727274);", ct);
            return applied;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task Exec(DbConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
