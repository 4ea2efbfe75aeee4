using System.CommandLine;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Demo;
using ParkOps.Web.Features.Users;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Cli;

/// <summary>
/// The command-line face of the same executable: database upkeep, demo data, accounts, import/export, backup.
/// It uses the same configuration as the server (appsettings, ParkOps__Database__* environment variables).
/// </summary>
public static class CliApp
{
    private static readonly HashSet<string> Commands = ["migrate", "seed", "admin", "import", "export", "backup", "schema", "quote", "eval", "bill-run", "--help", "-h", "-?", "--version"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Commands.Contains(args[0]);

    public static Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("ParkOps 小微企业园运营平台 — server and tools. Without a command it runs the web server (--urls, --demo).");
        root.Subcommands.Add(Migrate());
        root.Subcommands.Add(Seed());
        root.Subcommands.Add(Admin());
        root.Subcommands.Add(Backup());
        root.Subcommands.Add(Schema());
        foreach (var c in CliExtensions.Commands()) root.Subcommands.Add(c);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // usage errors exit 2, like the commands' own argument checks
            foreach (var e in parsed.Errors) Console.Error.WriteLine(e.Message);
            return Task.FromResult(2);
        }
        return parsed.InvokeAsync();
    }

    /// <summary>A service scope acting as the system (sees and writes everything), on the configured database.</summary>
    public static async Task<int> WithServicesAsync(Func<IServiceProvider, CancellationToken, Task<int>> work, CancellationToken ct, bool migrate = true)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], EnvironmentName = Environments.Production, ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        ParkOpsHost.AddServices(builder.Services, builder.Configuration);
        await using var app = builder.Build();
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(ActorScope.System);
        if (migrate) await scope.ServiceProvider.GetRequiredService<Migrator>().MigrateAsync(ct);
        return await work(scope.ServiceProvider, ct);
    }

    private static Command Migrate()
    {
        var c = new Command("migrate", "Apply pending schema migrations to the configured database.");
        c.SetAction((_, ct) => WithServicesAsync(async (sp, ct) =>
        {
            var applied = await sp.GetRequiredService<Migrator>().MigrateAsync(ct);
            Console.WriteLine(applied.Count == 0 ? "Schema is up to date." : $"Applied: {string.Join(", ", applied)}");
            return 0;
        }, ct, migrate: false));
        return c;
    }

    private static Command Seed()
    {
        var demo = new Option<bool>("--demo") { Description = "Seed the demo park (only into a database without parks)." };
        var c = new Command("seed", "Seed data into the configured database.") { demo };
        c.SetAction((pr, ct) => WithServicesAsync(async (sp, ct) =>
        {
            if (!pr.GetValue(demo)) { Console.Error.WriteLine("Nothing to seed: pass --demo."); return 2; }
            var done = await sp.GetRequiredService<DemoSeeder>().SeedAsync(ct);
            Console.WriteLine(done ? $"Demo park seeded. Logins (password {DemoSeeder.Password}): admin, operator, gov, tenant, tenant2." : "The database already has parks; nothing seeded.");
            return done ? 0 : 1;
        }, ct));
        return c;
    }

    private static Command Admin()
    {
        var user = new Option<string>("--user") { Description = "User name", Required = true };
        var password = new Option<string>("--password") { Description = "Password (≥ 10 characters, letters and digits)", Required = true };
        var name = new Option<string?>("--name") { Description = "Display name" };
        var create = new Command("create", "Create a platform administrator.") { user, password, name };
        create.SetAction((pr, ct) => WithServicesAsync(async (sp, ct) =>
        {
            var db = sp.GetRequiredService<ParkOpsDb>();
            var userName = pr.GetValue(user)!;
            var pw = pr.GetValue(password)!;
            if (!UserInputValidator.PasswordIsStrong(pw)) { Console.Error.WriteLine("password: at least 10 characters with letters and digits"); return 2; }
            if (await db.Users.AnyAsync(u => u.UserName == userName, ct)) { Console.Error.WriteLine($"userName: '{userName}' exists already"); return 2; }
            var u = new User { UserName = userName, DisplayName = pr.GetValue(name) ?? userName, CreatedAt = DateTime.UtcNow };
            u.PasswordHash = sp.GetRequiredService<IPasswordHasher<User>>().HashPassword(u, pw);
            u.Grants.Add(new RoleGrant { Role = Role.PlatformAdmin });
            db.Users.Add(u);
            await db.SaveChangesAsync(ct);
            Console.WriteLine($"Platform admin '{userName}' created.");
            return 0;
        }, ct));
        return new Command("admin", "Accounts.") { create };
    }

    private static Command Backup()
    {
        var output = new Option<FileInfo>("--out") { Description = "Backup file to write (SQLite)", Required = true };
        var c = new Command("backup", "Back up the database: an online SQLite backup, or the pg_dump command for PostgreSQL.") { output };
        c.SetAction((pr, ct) => WithServicesAsync(async (sp, ct) =>
        {
            var o = sp.GetRequiredService<DatabaseOptions>();
            if (o.Provider == DatabaseProvider.Postgres)
            {
                var cs = new Npgsql.NpgsqlConnectionStringBuilder(o.EffectiveConnectionString);
                Console.WriteLine($"PostgreSQL: back up with  pg_dump -h {cs.Host} -p {cs.Port} -U {cs.Username} -Fc -f {pr.GetValue(output)!.FullName} {cs.Database}");
                return 0;
            }
            var target = pr.GetValue(output)!;
            target.Directory?.Create();
            await using var source = new Microsoft.Data.Sqlite.SqliteConnection(o.EffectiveConnectionString);
            await source.OpenAsync(ct);
            await using var dest = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={target.FullName};Pooling=False");
            await dest.OpenAsync(ct);
            source.BackupDatabase(dest);
            Console.WriteLine($"Backed up to {target.FullName} ({new FileInfo(target.FullName).Length:N0} bytes).");
            return 0;
        }, ct));
        return c;
    }

    /// <summary>For developers writing a migration: the CREATE script the EF model implies, per engine.</summary>
    private static Command Schema()
    {
        var provider = new Option<DatabaseProvider>("--provider") { Description = "Sqlite or Postgres", DefaultValueFactory = _ => DatabaseProvider.Sqlite };
        var script = new Command("script", "Print the schema the EF Core model implies (a starting point for a new migration).") { provider };
        script.SetAction((pr, _) =>
        {
            var o = new DatabaseOptions { Provider = pr.GetValue(provider), ConnectionString = pr.GetValue(provider) == DatabaseProvider.Sqlite ? "Data Source=:memory:" : "Host=localhost" };
            var b = new DbContextOptionsBuilder<ParkOpsDb>();
            DatabaseSetup.Configure(b, o);
            using var db = ParkOpsDb.Create(b.Options, new CurrentActor());
            Console.WriteLine(db.Database.GenerateCreateScript());
            return Task.FromResult(0);
        });
        return new Command("schema", "Schema tools for developers.") { script };
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
