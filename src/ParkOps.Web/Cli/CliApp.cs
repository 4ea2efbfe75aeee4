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
    /// <summary>How the executable was asked to run.</summary>
    public enum Invocation { Server, Command, Usage }

    private static readonly string[] HelpOptions = ["--help", "-h", "-?", "--version"];
    /// <summary>Options the server takes (README): <c>--urls</c>, <c>--demo</c>, the host's own, and settings as <c>--ParkOps:…=value</c>.</summary>
    private static readonly string[] ServerOptions = ["urls", "demo", "environment", "contentRoot", "applicationName", "webroot"];
    private static readonly string[] SettingSections = ["ParkOps", "Logging", "Kestrel"];

    /// <summary>The verbs the command line knows, read from the commands themselves.</summary>
    public static IReadOnlyList<string> Verbs => Root().Subcommands.Select(c => c.Name).ToList();

    /// <summary>
    /// Server when there is no verb, the verb <c>serve</c>, or only the server's documented options; a command when the
    /// first word is a known verb or asks for help; otherwise usage (nothing starts, no database is touched).
    /// </summary>
    public static Invocation Classify(string[] args)
    {
        if (args.Length == 0) return Invocation.Server;
        if (HelpOptions.Contains(args[0]) || Verbs.Contains(args[0])) return Invocation.Command;
        var rest = args[0] == "serve" ? args[1..] : args;
        return ServerArgs(rest) ? Invocation.Server : Invocation.Usage;
    }

    /// <summary>The arguments for the server (<c>serve</c> dropped).</summary>
    public static string[] ServerArguments(string[] args) => args.Length > 0 && args[0] == "serve" ? args[1..] : args;

    private static bool ServerArgs(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (!a.StartsWith("--", StringComparison.Ordinal) || a.Length == 2) return false;
            var name = a[2..].Split('=', 2)[0];
            var known = ServerOptions.Contains(name, StringComparer.OrdinalIgnoreCase) || SettingSections.Any(p => name.Equals(p, StringComparison.OrdinalIgnoreCase)
                || name.StartsWith(p + ":", StringComparison.OrdinalIgnoreCase) || name.StartsWith(p + "__", StringComparison.OrdinalIgnoreCase));
            if (!known) return false;
            // "--name value": the value is the next word (--demo takes none)
            if (!a.Contains('=') && !name.Equals("demo", StringComparison.OrdinalIgnoreCase))
            {
                if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal)) return false;
                i++;
            }
        }
        return true;
    }

    /// <summary>Says what was not understood, the nearest verb, and the usage; exits 2.</summary>
    public static int Usage(string[] args, TextWriter error)
    {
        var word = args.FirstOrDefault(a => a != "serve") ?? "";
        var plain = word.TrimStart('-').Split('=', 2)[0];
        var candidates = word.StartsWith('-') ? ServerOptions.Select(o => "--" + o) : Verbs.Append("serve");
        var nearest = candidates.Select(c => (c, d: Distance(plain, c.TrimStart('-')))).OrderBy(x => x.d).First();
        error.WriteLine(word.StartsWith('-') ? $"未知选项 / unknown option: {word}" : $"未知命令 / unknown command: {word}");
        if (nearest.d <= Math.Max(2, plain.Length / 3)) error.WriteLine($"是不是要用 / did you mean: {nearest.c}");
        error.WriteLine();
        error.WriteLine("用法 / usage:");
        error.WriteLine("  ParkOps.Web [serve] [--urls URL] [--demo] [--ParkOps:Setting=value …]   运行服务器 / run the server");
        error.WriteLine("  ParkOps.Web <command> [options]                                         命令 / a command");
        error.WriteLine();
        error.WriteLine("命令 / commands:");
        foreach (var c in Root().Subcommands) error.WriteLine($"  {c.Name,-10} {c.Description}");
        error.WriteLine();
        error.WriteLine("ParkOps.Web <command> --help 查看某个命令的选项 / shows a command's options.");
        return 2;
    }

    /// <summary>Levenshtein distance, case-insensitive (for "did you mean").</summary>
    private static int Distance(string a, string b)
    {
        a = a.ToLowerInvariant(); b = b.ToLowerInvariant();
        var d = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) d[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            var prev = d[0]; d[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var tmp = d[j];
                d[j] = Math.Min(Math.Min(d[j] + 1, d[j - 1] + 1), prev + (a[i - 1] == b[j - 1] ? 0 : 1));
                prev = tmp;
            }
        }
        return d[b.Length];
    }

    private static RootCommand Root()
    {
        var root = new RootCommand("ParkOps 小微企业园运营平台 — server and tools. Without a command (or with `serve`) it runs the web server (--urls, --demo).");
        root.Subcommands.Add(Migrate());
        root.Subcommands.Add(Seed());
        root.Subcommands.Add(Admin());
        root.Subcommands.Add(Backup());
        root.Subcommands.Add(Schema());
        foreach (var c in CliExtensions.Commands()) root.Subcommands.Add(c);
        return root;
    }

    public static Task<int> RunAsync(string[] args)
    {
        var parsed = Root().Parse(args);
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
