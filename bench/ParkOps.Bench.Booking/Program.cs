using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using ParkOps.Domain.Booking;
using ParkOps.Web;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Booking;
using ParkOps.Web.Features.Demo;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Infrastructure;

// Sustained booking creation over HTTP with 64 concurrent clients, on PostgreSQL and on SQLite, against a ceiling
// measured in the same run: bare single-row INSERTs into the same Bookings table of the same engine by 64 concurrent
// connections. Afterwards every live booking is checked against every other of its resource: zero overlaps.
//   dotnet run -c Release --project bench/ParkOps.Bench.Booking -- [--seconds 15] [--clients 64] [--engines Postgres,Sqlite] [--out bench/results/booking.md]
var seconds = Arg("--seconds", 15);
var warmup = Arg("--warmup", 10);
var clients = Arg("--clients", 64);
var engines = (ArgS("--engines") ?? "Postgres,Sqlite").Split(',', StringSplitOptions.RemoveEmptyEntries);
var outPath = ArgS("--out") ?? Path.Combine("bench", "results", "booking.md");
const int Resources = 200;

var results = new List<Result>();
foreach (var engine in engines)
    results.Add(await RunAsync(Enum.Parse<DatabaseProvider>(engine, true)));

var md = new StringBuilder();
md.AppendLine("# Booking benchmark");
md.AppendLine();
md.AppendLine($"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores ({System.Runtime.InteropServices.RuntimeInformation.OSDescription}), .NET {Environment.Version}, Release build.");
md.AppendLine($"{clients} concurrent HTTP clients for {seconds} s per engine, each POSTing `/api/v1/resources/{{id}}/bookings` for a random quarter hour of one of {Resources} resources over the next 300 days");
md.AppendLine("(bearer tokens of the demo users `tenant` and `tenant2`, so two enterprises compete; a taken slot answers 409). The ceiling is bare single-row INSERTs");
md.AppendLine($"into the same `Bookings` table of the same engine by {clients} concurrent workers (pooled connections, at most 32 on PostgreSQL like the app) for the same time, with no HTTP, no auth, no EF Core and no checks.");
md.AppendLine();
md.AppendLine("| engine | booked (201) | refused (409) | other | bookings/s | requests/s | p50 ms | p99 ms | bare INSERTs/s | ratio | overlaps after |");
md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (var r in results)
    md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {r.Engine} | {r.Created} | {r.Conflicts} | {r.Other} | {r.BookingsPerSecond:F0} | {r.RequestsPerSecond:F0} | {r.P50:F1} | {r.P99:F1} | {r.InsertsPerSecond:F0} | {r.BookingsPerSecond / r.InsertsPerSecond:P1} | {r.Overlaps} |"));
md.AppendLine();
md.AppendLine("How to read it: *bookings/s* counts created bookings only; *ratio* = bookings/s ÷ bare INSERTs/s of the same engine in the same run.");
md.AppendLine("Each booking request does the full work: authenticate the bearer token, resolve the caller's scope (user, grants, enterprise's park),");
md.AppendLine("load the resource, check the slot rules and the qualification, write the booking plus its audit row in one transaction");
md.AppendLine("(PostgreSQL: the exclusion constraint decides; SQLite: BEGIN IMMEDIATE, check, insert), and answer with the booking.");
md.AppendLine("*overlaps after* is a self-join of all live bookings per resource (slot plus buffer): it must be 0.");
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
await File.WriteAllTextAsync(outPath, md.ToString());
Console.WriteLine(md.ToString());
return results.All(r => r.Overlaps == 0 && r.Other == 0) ? 0 : 1;

async Task<Result> RunAsync(DatabaseProvider provider)
{
    // the run's own database and folder, dropped and deleted when the run ends
    await using var db = await ParkOps.Bench.BenchDatabase.CreateAsync(provider);
    var (cs, dir) = (db.ConnectionString, db.Dir);
    var port = FreePort();
    var app = ParkOpsHost.Build(["--urls", $"http://127.0.0.1:{port}"], b =>
    {
        b.Configuration["ParkOps:Database:Provider"] = provider.ToString();
        b.Configuration["ParkOps:Database:ConnectionString"] = cs;
        b.Configuration["ParkOps:DataProtection:KeysPath"] = Path.Combine(dir, "keys");
        b.Configuration["Logging:LogLevel:Default"] = "Warning";
        b.Logging.SetMinimumLevel(LogLevel.Warning);
    });
    Console.WriteLine($"{provider}: migrating and seeding the demo park (in a separate process) …");
    await ParkOps.Bench.DemoSeedProcess.RunAsync(provider, cs, dir);
    await ParkOpsHost.PrepareDatabaseAsync(app, demo: true); // finds it done
    var (parkId, resourceIds) = await AddBenchResourcesAsync(app);
    await app.StartAsync();
    var baseUrl = $"http://127.0.0.1:{port}";
    using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
    using var http = new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
    var tokens = new[] { await TokenAsync(http, "tenant"), await TokenAsync(http, "tenant2") };

    Console.WriteLine($"{provider}: {clients} clients booking for {seconds} s …");
    var today = BookingCalendar.DayOf(DateTimeOffset.UtcNow);
    var latencies = new List<double>[clients];
    long created = 0, conflicts = 0, other = 0;
    // warm-up: the same load for --warmup seconds, not counted, so the measurement sees the steady state (tiered
    // JIT done, connection pools full) rather than the first seconds of a cold process
    var stop = Stopwatch.StartNew();
    var measuring = false;
    var until = TimeSpan.FromSeconds(warmup + seconds);
    var workers = Enumerable.Range(0, clients).Select(i => Task.Run(async () =>
    {
        var rnd = new Random(1000 + i);
        var mine = latencies[i] = new List<double>(4096);
        while (stop.Elapsed < until)
        {
            var t0 = Stopwatch.GetTimestamp();
            var status = await BookOnceAsync(http, tokens[i % 2], resourceIds[rnd.Next(resourceIds.Count)], today.AddDays(1 + rnd.Next(300)), rnd.Next(95));
            if (!Volatile.Read(ref measuring)) continue;
            mine.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            if (status == HttpStatusCode.Created) Interlocked.Increment(ref created);
            else if (status == HttpStatusCode.Conflict) Interlocked.Increment(ref conflicts);
            else Interlocked.Increment(ref other);
        }
    })).ToList();
    await Task.Delay(TimeSpan.FromSeconds(warmup));
    Volatile.Write(ref measuring, true);
    var measured = Stopwatch.StartNew();
    long lastCreated = 0;
    while (!Task.WhenAll(workers).IsCompleted)
    {
        await Task.WhenAny(Task.WhenAll(workers), Task.Delay(5000));
        var now = Interlocked.Read(ref created);
        Console.WriteLine($"{provider}: {measured.Elapsed.TotalSeconds,5:F1} s  {now} booked  (+{now - lastCreated} in the last interval)");
        lastCreated = now;
    }
    await Task.WhenAll(workers);
    var elapsed = measured.Elapsed.TotalSeconds;
    var all = latencies.SelectMany(l => l).Order().ToList();
    var createdDuring = created;
    await app.StopAsync();

    await app.DisposeAsync();
    NpgsqlConnection.ClearAllPools();
    var overlaps = await OverlapsAsync(provider, cs, resourceIds);
    Console.WriteLine($"{provider}: bare INSERT ceiling …");
    var inserts = await BareInsertsAsync(provider, cs, parkId, resourceIds[0], await EnterpriseAsync(provider, cs, parkId));
    return new Result(provider.ToString(), createdDuring, conflicts, other, createdDuring / elapsed, (createdDuring + conflicts + other) / elapsed,
        Pct(all, 0.50), Pct(all, 0.99), inserts, overlaps);
}

static async Task<HttpStatusCode> BookOnceAsync(HttpClient http, string token, long resourceId, DateOnly day, int quarter)
{
    var start = BookingCalendar.At(day, TimeOnly.MinValue.AddMinutes(15 * quarter));
    using var req = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/resources/{resourceId}/bookings")
    {
        Content = JsonContent.Create(new { start = start.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture), end = start.AddMinutes(15).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture), purpose = "压测" }),
    };
    req.Headers.Authorization = new("Bearer", token);
    using var res = await http.SendAsync(req);
    await res.Content.LoadIntoBufferAsync();
    if (res.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.Conflict) && Interlocked.Increment(ref Odd.Shown) <= 3)
        Console.WriteLine($"unexpected {(int)res.StatusCode}: {await res.Content.ReadAsStringAsync()}");
    return res.StatusCode;
}

static async Task<string> TokenAsync(HttpClient http, string user)
{
    var res = await http.PostAsJsonAsync("/api/v1/auth/login", new { userName = user, password = DemoSeeder.Password });
    res.EnsureSuccessStatusCode();
    return (await res.Content.ReadFromJsonAsync<TokenDto>())!.AccessToken;
}

/// <summary>Resources open around the clock every day, 15-minute slots, no buffer, bookable 366 days ahead, no qualification or approval.</summary>
static async Task<(long ParkId, List<long> Ids)> AddBenchResourcesAsync(WebApplication app)
{
    await using var scope = app.Services.CreateAsyncScope();
    scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(ActorScope.System);
    var db = scope.ServiceProvider.GetRequiredService<ParkOpsDb>();
    var park = await db.Parks.Where(p => p.Code == "DG-CA-01").Select(p => p.Id).SingleAsync();
    var list = Enumerable.Range(1, Resources).Select(i => new Resource
    {
        ParkId = park, Code = $"BENCH-{i:D3}", Name = $"压测资源 {i}", Kind = ResourceKind.Equipment, Capacity = 1, Opens = TimeOnly.MinValue, Closes = new TimeOnly(23, 45),
        OpenOnWeekends = true, HourlyRate = 10m, MinMinutes = 15, MaxMinutes = 60, BufferMinutes = 0, HorizonDays = 366, CancelNoticeHours = 0, CreatedAt = DateTime.UtcNow,
    }).ToList();
    db.Resources.AddRange(list);
    await db.SaveChangesAsync();
    return (park, list.Select(r => r.Id).ToList());
}

static async Task<long> EnterpriseAsync(DatabaseProvider provider, string cs, long parkId)
{
    await using var conn = Open(provider, cs);
    await conn.OpenAsync();
    await using var cmd = conn.CreateCommand();
    cmd.CommandText = $"SELECT MIN(\"Id\") FROM \"Enterprises\" WHERE \"ParkId\" = {parkId}";
    return Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
}

/// <summary>Live bookings of the bench resources whose blocked intervals intersect another's of the same resource.</summary>
static async Task<long> OverlapsAsync(DatabaseProvider provider, string cs, List<long> ids)
{
    await using var conn = Open(provider, cs);
    await conn.OpenAsync();
    await using var cmd = conn.CreateCommand();
    cmd.CommandTimeout = 600;
    var live = provider == DatabaseProvider.Postgres ? "a.\"Live\" AND b.\"Live\"" : "a.\"Live\" = 1 AND b.\"Live\" = 1";
    cmd.CommandText = $"""
        SELECT COUNT(*) FROM "Bookings" a JOIN "Bookings" b ON a."ResourceId" = b."ResourceId" AND a."Id" < b."Id"
        WHERE {live} AND a."Start" < b."BlockedUntil" AND b."Start" < a."BlockedUntil"
        """;
    return Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
}

/// <summary>
/// The ceiling: single-row INSERTs (autocommit) into the Bookings table by N concurrent connections, as cancelled rows
/// far in the past (so they take no slot), with plain ADO.NET. SQLite serialises writers itself; its busy timeout lets them wait.
/// </summary>
async Task<double> BareInsertsAsync(DatabaseProvider provider, string cs, long parkId, long resourceId, long enterpriseId)
{
    long count = 0;
    var stop = Stopwatch.StartNew();
    var until = TimeSpan.FromSeconds(seconds);
    var workers = Enumerable.Range(0, clients).Select(i => Task.Run(async () =>
    {
        var ccs = provider == DatabaseProvider.Sqlite ? new SqliteConnectionStringBuilder(cs) { DefaultTimeout = 60 }.ToString() : cs;
        var n = 0;
        while (stop.Elapsed < until)
        {
            // a pooled connection per INSERT, from a pool of the app's size (32 on PostgreSQL), as the app's requests get theirs
            await using var conn = Open(provider, ccs);
            await conn.OpenAsync();
            await using var cmd = conn.CreateCommand();
            var start = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(15 * (i * 1_000_000L + n++));
            cmd.CommandText = """
                INSERT INTO "Bookings" ("ParkId","EnterpriseId","ResourceId","UserId","Start","End","BlockedUntil","Purpose","State","Live","CreatedAt")
                VALUES (@p, @e, @r, 0, @s, @t, @t, '基线', 'Cancelled', @l, @c)
                """;
            Add(cmd, "@p", parkId); Add(cmd, "@e", enterpriseId); Add(cmd, "@r", resourceId);
            Add(cmd, "@s", provider == DatabaseProvider.Sqlite ? start.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : start);
            Add(cmd, "@t", provider == DatabaseProvider.Sqlite ? start.AddMinutes(15).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : start.AddMinutes(15));
            Add(cmd, "@l", false); Add(cmd, "@c", provider == DatabaseProvider.Sqlite ? DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : DateTime.UtcNow);
            await cmd.ExecuteNonQueryAsync();
            Interlocked.Increment(ref count);
        }
    })).ToList();
    await Task.WhenAll(workers);
    return count / stop.Elapsed.TotalSeconds;
}

static void Add(DbCommand cmd, string name, object value)
{
    var p = cmd.CreateParameter();
    p.ParameterName = name;
    p.Value = value;
    cmd.Parameters.Add(p);
}

static DbConnection Open(DatabaseProvider provider, string cs) => provider == DatabaseProvider.Postgres
    ? new NpgsqlConnection(new NpgsqlConnectionStringBuilder(cs) { MaxPoolSize = 32, Timeout = 60 }.ToString()) : new SqliteConnection(cs);

static double Pct(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

static int FreePort() => ParkOps.Bench.BenchDatabase.FreePort();

int Arg(string name, int def) => ArgS(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : def;
string? ArgS(string name) { var i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? args[i + 1] : null; }

sealed record TokenDto(string AccessToken);

/// <summary>The first few unexpected answers are printed, so a broken run says why.</summary>
static class Odd { public static int Shown; }

sealed record Result(string Engine, long Created, long Conflicts, long Other, double BookingsPerSecond, double RequestsPerSecond, double P50, double P99, double InsertsPerSecond, long Overlaps);
