using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using ParkOps.Web;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Auth;
using ParkOps.Web.Features.Demo;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Tests.Infrastructure;

/// <summary>
/// The real host on a real database: SQLite (a temp file) or PostgreSQL (a fresh database per factory), chosen by
/// PARKOPS_TEST_PROVIDER (Sqlite | Postgres). PostgreSQL needs PARKOPS_TEST_PG, an admin connection string;
/// test.sh sets both and runs the suite once per engine.
/// </summary>
public class ParkOpsFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public static DatabaseProvider Provider =>
        Enum.TryParse<DatabaseProvider>(Environment.GetEnvironmentVariable("PARKOPS_TEST_PROVIDER"), true, out var p) ? p : DatabaseProvider.Sqlite;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "parkops-tests", Guid.NewGuid().ToString("N"));
    private string? _pgDatabase;
    public DatabaseOptions Database { get; }
    protected virtual bool SeedDemo => true;
    public SecurityOptions Security { get; } = new() { LoginPermitsPerMinute = 100_000 };

    public ParkOpsFactory()
    {
        Directory.CreateDirectory(_dir);
        if (Provider == DatabaseProvider.Postgres)
        {
            // created in InitializeAsync: empty, or as a copy of the run's migrated (and seeded) template
            _pgDatabase = "parkops_t_" + Guid.NewGuid().ToString("N")[..12];
            Database = new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = new NpgsqlConnectionStringBuilder(AdminConnectionString()) { Database = _pgDatabase }.ToString() };
        }
        else
            Database = new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(_dir, "parkops.db")}" };
    }

    /// <summary>
    /// Whether this host's database may start as a copy of the run's template (migrated, and seeded when
    /// <see cref="SeedDemo"/>) instead of migrating and seeding its own: true unless the subclass changes something the
    /// seed itself reads or records (a listener, a setting of the seed). The copy holds exactly what the seed wrote.
    /// </summary>
    protected virtual bool CopiesTemplate => true;

    /// <summary>Kept after dispose (the template's own maker).</summary>
    private protected bool KeepsDatabase { get; init; }

    public static string AdminConnectionString() => Environment.GetEnvironmentVariable("PARKOPS_TEST_PG")
        ?? "Host=127.0.0.1;Port=5432;Username=postgres;Password=parkops;Database=postgres";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ParkOps:DataProtection:KeysPath", Path.Combine(_dir, "keys"));
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<DatabaseOptions>();
            services.AddSingleton(Database);
            services.RemoveAll<SecurityOptions>();
            services.AddSingleton(Security);
        });
    }

    public async Task InitializeAsync()
    {
        if (CopiesTemplate) await DatabaseTemplates.CopyAsync(await DatabaseTemplates.OfAsync(SeedDemo), Database);
        else if (_pgDatabase is not null) await DatabaseTemplates.ExecAdminAsync($"CREATE DATABASE {_pgDatabase}");
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(ActorScope.System);
        await scope.ServiceProvider.GetRequiredService<Migrator>().MigrateAsync();
        if (SeedDemo && !CopiesTemplate) await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync();
    }

    /// <summary>Runs work as the system inside a fresh scope (arrange and assert straight on the database).</summary>
    public async Task<T> WithDbAsync<T>(Func<ParkOpsDb, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(ActorScope.System);
        return await work(scope.ServiceProvider.GetRequiredService<ParkOpsDb>());
    }

    public async Task<HttpClient> LoginAsync(string userName, string password = DemoSeeder.Password)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var res = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName, password });
        res.EnsureSuccessStatusCode();
        var token = (await res.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient Anonymous() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public sealed record TokenResponse(string AccessToken, long ExpiresIn);

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        if (KeepsDatabase) return;
        if (_pgDatabase is not null) await DatabaseTemplates.ExecAdminAsync($"DROP DATABASE IF EXISTS {_pgDatabase} WITH (FORCE)");
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}

/// <summary>An empty database (migrated, no demo data).</summary>
public sealed class EmptyParkOpsFactory : ParkOpsFactory
{
    protected override bool SeedDemo => false;
}

/// <summary>One demo-park host shared by the test classes of the collection (they only add data of their own).</summary>
[CollectionDefinition(Name)]
public sealed class DemoCollection : ICollectionFixture<ParkOpsFactory>
{
    public const string Name = "demo park";
}
