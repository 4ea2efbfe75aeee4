using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Data;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Foundation;

/// <summary>
/// The hand-written SQL migrations against the EF Core model, on the engine of the run (test.sh runs both): an empty
/// database migrated by the scripts must hold exactly what EF Core would create from the model, and the bookkeeping
/// must make every later run a no-op.
/// </summary>
public sealed class MigrationTests
{
    private static DatabaseProvider Provider => ParkOpsFactory.Provider;

    [Fact]
    public async Task Migrations_OnAnEmptyDatabase_MatchTheSchemaTheModelImplies()
    {
        await using var migrated = await ScratchDatabase.CreateAsync();
        await using var modelled = await ScratchDatabase.CreateAsync();
        await migrated.MigrateAsync();
        await using (var db = modelled.NewContext())
            (await db.Database.EnsureCreatedAsync()).ShouldBeTrue();

        var scripts = await migrated.SnapshotAsync();
        var model = await modelled.SnapshotAsync();
        model.Tables.Count.ShouldBeGreaterThanOrEqualTo(12, "the model's own schema was read");

        var diff = SchemaSnapshot.Diff(model, "EF model", scripts, $"{Provider} migrations");
        diff.ShouldBeEmpty($"the {Provider} migration scripts and the EF Core model disagree:\n  " + string.Join("\n  ", diff) + "\n");
    }

    /// <summary>The comparison itself must see a difference, or the test above could not fail.</summary>
    [Fact]
    public async Task SchemaDiff_ColumnAndIndexChanged_AreReported()
    {
        await using var migrated = await ScratchDatabase.CreateAsync();
        await migrated.MigrateAsync();
        var before = await migrated.SnapshotAsync();
        await migrated.ExecAsync("ALTER TABLE \"Enterprises\" ADD COLUMN \"Extra\" integer NULL");
        await migrated.ExecAsync("DROP INDEX \"IX_Enterprises_ParkId_Name\"");
        await migrated.ExecAsync("CREATE UNIQUE INDEX \"IX_Enterprises_ParkId_Name\" ON \"Enterprises\" (\"ParkId\", \"Name\")");
        var diff = SchemaSnapshot.Diff(before, "before", await migrated.SnapshotAsync(), "after");
        diff.Count.ShouldBe(2, string.Join("\n", diff));
        diff.ShouldContain(d => d.StartsWith("column Enterprises.Extra: only in after"));
        diff.ShouldContain(d => d.StartsWith("Enterprises(ParkId,Name):") && d.Contains("UNIQUE"));
    }

    [Fact]
    public async Task Migrate_Twice_AppliesNothingTheSecondTime()
    {
        await using var scratch = await ScratchDatabase.CreateAsync();
        var first = await scratch.MigrateAsync();
        first.ShouldBe(Migrator.Scripts(Provider).Select(s => s.Version).ToList());
        var schema = await scratch.SnapshotAsync();
        (await scratch.MigrateAsync()).ShouldBeEmpty();
        SchemaSnapshot.Diff(schema, "after first", await scratch.SnapshotAsync(), "after second").ShouldBeEmpty();
    }

    [Fact]
    public async Task Migrate_EmptyDatabase_RecordsEveryScriptOnce()
    {
        await using var scratch = await ScratchDatabase.CreateAsync();
        await scratch.MigrateAsync();
        await scratch.MigrateAsync();
        var recorded = await scratch.ColumnAsync("SELECT version FROM __parkops_migrations ORDER BY version");
        recorded.ShouldBe(Migrator.Scripts(Provider).Select(s => s.Version).ToList());
        var stamps = await scratch.ColumnAsync("SELECT applied_at FROM __parkops_migrations");
        foreach (var stamp in stamps)
            DateTimeOffset.TryParse(stamp, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out _).ShouldBeTrue(stamp);
    }

    /// <summary>
    /// An older installation has run every script but the newest: migrating runs exactly the newest ones and ends at
    /// the current schema. (With one script, "older" is the empty database.)
    /// </summary>
    [Fact]
    public async Task Migrate_DatabaseOneVersionBehind_AppliesOnlyTheNewestScript()
    {
        var scripts = Migrator.Scripts(Provider);
        await using var old = await ScratchDatabase.CreateAsync();
        await old.ExecAsync("CREATE TABLE IF NOT EXISTS __parkops_migrations (version varchar(100) PRIMARY KEY, applied_at varchar(40) NOT NULL)");
        foreach (var s in scripts.SkipLast(1))
        {
            await old.ExecAsync(s.Sql);
            await old.ExecAsync($"INSERT INTO __parkops_migrations (version, applied_at) VALUES ('{s.Version}', '2026-01-01T00:00:00Z')");
        }
        (await old.MigrateAsync()).ShouldBe([scripts[^1].Version]);

        await using var fresh = await ScratchDatabase.CreateAsync();
        await fresh.MigrateAsync();
        SchemaSnapshot.Diff(await fresh.SnapshotAsync(), "fresh", await old.SnapshotAsync(), "upgraded").ShouldBeEmpty();
    }

    [Fact]
    public async Task Migrate_ScriptFails_RecordsNothingAndLeavesNoHalfSchema()
    {
        await using var scratch = await ScratchDatabase.CreateAsync();
        // a table in the way of the first script's second CREATE TABLE: the script fails part-way through
        await scratch.ExecAsync("CREATE TABLE \"Regions\" (\"Id\" integer)");
        await Should.ThrowAsync<Exception>(() => scratch.MigrateAsync());
        (await scratch.ColumnAsync("SELECT version FROM __parkops_migrations")).ShouldBeEmpty();
        var tables = (await scratch.SnapshotAsync()).Tables.Keys;
        string.Join(",", tables).ShouldBe("Regions", "the failed script's first tables were rolled back with it");

        await scratch.ExecAsync("DROP TABLE \"Regions\"");
        (await scratch.MigrateAsync()).ShouldBe(Migrator.Scripts(Provider).Select(s => s.Version).ToList());
    }

    [Fact]
    public void Migrations_BothEngines_HaveTheSameVersions()
    {
        var sqlite = Migrator.Scripts(DatabaseProvider.Sqlite).Select(s => s.Version).ToList();
        var postgres = Migrator.Scripts(DatabaseProvider.Postgres).Select(s => s.Version).ToList();
        sqlite.ShouldNotBeEmpty();
        postgres.ShouldBe(sqlite, "a migration needs a script for both engines, with the same name");
        sqlite.ShouldAllBe(v => System.Text.RegularExpressions.Regex.IsMatch(v, "^[0-9]{4}_[a-z0-9_]+$"));
    }
}
