using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ParkOps.Bench;
using ParkOps.Bench.Dashboard;
using ParkOps.Domain.Monitoring;
using ParkOps.Web;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Dashboard;
using ParkOps.Web.Features.Users;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Platform;

// Issue 14's two dashboard speed targets, on SQLite and PostgreSQL, each against a ceiling measured in the same run:
//   region: DashboardService.RegionAsync (GET /api/v1/regions/{id}/parks-overview) over a region of 2,000 parks, as a
//           government viewer of the region: median of the repetitions < 1 s with the kept figures current; ceiling: a
//           plain ADO.NET read of the kept rows and the parks' stamps. Also measured: the view right after every park
//           changed (it gathers them all again), against a plain read of the source rows (same tables, columns, filters);
//   park:   DashboardService.ParkAsync (GET /api/v1/parks/{id}/dashboard) of one park of 100 enterprises with five years of
//           data, as its operator, called --calls times after a warm-up: p95 < 100 ms; ceiling: the same plain read of
//           that park's rows, alternating call by call.
// usage: dotnet run -c Release --project bench/ParkOps.Bench.Dashboard -- [--engines Sqlite,Postgres] [--parks 2000]
//        [--reps 5] [--park-firms 100] [--park-years 5] [--calls 200] [--warmup 20] [--only region,park] [--out FILE]
// --out: the markdown report (default bench/results/dashboard.md of the repository the command runs in).
var culture = CultureInfo.InvariantCulture;
string? ArgS(string name) { var i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? args[i + 1] : null; }
int Arg(string name, int def) => ArgS(name) is { } s ? int.Parse(s, culture) : def;
var engines = (ArgS("--engines") ?? "Sqlite,Postgres").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(e => Enum.Parse<DatabaseProvider>(e, true)).ToList();
var regionParks = Arg("--parks", 2000);
var reps = Arg("--reps", 5);
var parkFirms = Arg("--park-firms", 100);
var parkYears = Arg("--park-years", 5);
var calls = Arg("--calls", 200);
var warmup = Arg("--warmup", 20);
var only = (ArgS("--only") ?? "region,park").Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
var outFile = ArgS("--out") ?? DefaultOut();
// the world's quarters: the region's reports cover the eight quarters of the trend and the four before (growth against a year ago)
const int RegionQuarters = 12;

static string DefaultOut()
{
    for (var d = new DirectoryInfo(Directory.GetCurrentDirectory()); d is not null; d = d.Parent)
        if (File.Exists(Path.Combine(d.FullName, "ParkOps.slnx"))) return Path.Combine(d.FullName, "bench", "results", "dashboard.md");
    return Path.Combine(AppContext.BaseDirectory, "dashboard.md");
}
static double Median(IEnumerable<double> xs) { var v = xs.Order().ToList(); return v.Count % 2 == 1 ? v[v.Count / 2] : (v[v.Count / 2 - 1] + v[v.Count / 2]) / 2; }
// nearest rank
static double Pct(IEnumerable<double> xs, double p) { var v = xs.Order().ToList(); return v[Math.Clamp((int)Math.Ceiling(p / 100 * v.Count) - 1, 0, v.Count - 1)]; }
static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
string F(double v, int d = 0) => v.ToString("N" + d, culture);
string Ms(IEnumerable<double> xs) => string.Join(", ", xs.Select(x => F(x)));
var stamp = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", culture);
var machine = $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, Release";
var command = $"dotnet run -c Release --project bench/ParkOps.Bench.Dashboard -- {string.Join(' ', args)}".TrimEnd();

var md = new StringBuilder();
md.AppendLine("# Dashboards: the region view and one park's dashboard (issue 14)");
md.AppendLine();
md.AppendLine("Targets: the region view of 2,000 parks under 1 s; the dashboard of a park of 100 enterprises with five years of data, server time p95 under 100 ms; each against a");
md.AppendLine("ceiling measured in the same run (a plain ADO.NET read of the rows the view reads: for the region view with its kept figures current, the kept rows and the parks'");
md.AppendLine("stamps; for the region view right after every park changed and for one park's dashboard, the source rows: same tables, columns and filters). Run on an idle machine with");
md.AppendLine("`dotnet run -c Release --project bench/ParkOps.Bench.Dashboard -- --engines Sqlite,Postgres` (defaults: `--parks 2000 --reps 5 --park-firms 100 --park-years 5 --calls 200 --warmup 20`).");
md.AppendLine();
md.AppendLine(culture, $"This run: `{command}`");
md.AppendLine();

foreach (var provider in engines)
{
    await using var bench = await BenchDatabase.CreateAsync(provider);
    var app = ParkOpsHost.Build([], b =>
    {
        b.Configuration["ParkOps:Database:Provider"] = provider.ToString();
        b.Configuration["ParkOps:Database:ConnectionString"] = bench.ConnectionString;
        b.Configuration["ParkOps:DataProtection:KeysPath"] = Path.Combine(bench.Dir, "keys");
        b.Configuration["ParkOps:Risk:Nightly"] = "false";
        b.Logging.SetMinimumLevel(LogLevel.Warning);
    });
    await ParkOpsHost.PrepareDatabaseAsync(app, demo: false);

    async Task<T> As<T>(ActorScope actor, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(actor);
        return await work(scope.ServiceProvider);
    }
    Task<T> WithDb<T>(Func<ParkOpsDb, Task<T>> work) => As(ActorScope.System, sp => work(sp.GetRequiredService<ParkOpsDb>()));

    var now = DateTime.UtcNow;
    var today = DateOnly.FromDateTime(Time.ToShanghai(now));
    Console.WriteLine($"{provider}: building the world ({(only.Contains("region") ? regionParks : 0)} parks, and one of {parkFirms} enterprises over {parkYears} years) …");
    var world = await WorldBuilder.BuildAsync(w => WithDb(async db => { await w(db); return 0; }), only.Contains("region") ? regionParks : 0, RegionQuarters,
        parkFirms, parkYears * 4, today, now);
    if (provider == DatabaseProvider.Postgres) await WithDb(db => db.Database.ExecuteSqlRawAsync("ANALYZE"));
    // the two people who ask: a government viewer of the region and the big park's operator, resolved as a request would resolve them
    var (govId, operatorId) = await WithDb(async db =>
    {
        var gov = new User { UserName = "bench-gov", DisplayName = "区县观察员", CreatedAt = now, Grants = [new RoleGrant { Role = Role.GovernmentViewer, RegionId = world.RegionId }] };
        var op = new User { UserName = "bench-operator", DisplayName = "园区运营", CreatedAt = now, Grants = [new RoleGrant { Role = Role.ParkOperator, ParkId = world.BigParkId }] };
        db.AddRange(gov, op);
        await db.SaveChangesAsync();
        return (gov.Id, op.Id);
    });
    var govScope = await WithDb(db => CurrentActor.ResolveAsync(db, govId, default));
    var operatorScope = await WithDb(db => CurrentActor.ResolveAsync(db, operatorId, default));
    var q = Quarter.Of(today).Previous;
    var span = Quarter.Span(q.Plus(-(DashboardService.TrendQuarters - 1)), q).ToList();
    var ends = span.Select(s => s.LastDay < today ? s.LastDay : today).ToList();
    Console.WriteLine($"{provider}: world built in {F(world.BuildSeconds, 1)} s");

    if (only.Contains("region"))
    {
        async Task<(double Ms, ReadTally Read)> Ceiling(bool kept)
        {
            var sw = Stopwatch.StartNew();
            var read = await WithDb(db => kept ? Ceilings.KeptAsync(db, world.RegionId, span) : Ceilings.DashboardAsync(db, true, world.RegionId, span, ends));
            return (sw.Elapsed.TotalMilliseconds, read);
        }
        async Task<(double Ms, RegionOverviewDto Dto)> Service()
        {
            var sw = Stopwatch.StartNew();
            var dto = await As(govScope, sp => sp.GetRequiredService<DashboardService>().RegionAsync(world.RegionId, q.ToString(), default));
            return (sw.Elapsed.TotalMilliseconds, dto);
        }
        // every park of the region changed (one mark each, as a save of its data leaves): its kept figures are stale
        Task ChangeEveryPark() => WithDb(async db => { await ParkChanges.MarkAsync(db, world.RegionParks, default); return 0; });
        Console.WriteLine($"{provider}: region warm-up …");
        for (var k = 0; k < 2; k++) { await ChangeEveryPark(); await Service(); await Ceiling(false); await Service(); await Ceiling(true); }
        var loadBefore = Load();
        var ceil = new List<double>(); var cold = new List<double>(); var keptCeil = new List<double>(); var runs = new List<double>();
        RegionOverviewDto? last = null, first = null; ReadTally read = default, keptRead = default;
        for (var r = 0; r < reps; r++)
        {
            var c = await Ceiling(false); ceil.Add(c.Ms); read = c.Read;
            await ChangeEveryPark();
            var g = await Service(); cold.Add(g.Ms); first = g.Dto;
            var kc = await Ceiling(true); keptCeil.Add(kc.Ms); keptRead = kc.Read;
            var s = await Service(); runs.Add(s.Ms); last = s.Dto;
            Console.WriteLine($"{provider}: region rep {r + 1}: ceiling {c.Ms:N0} ms, RegionAsync after every park changed {g.Ms:N0} ms; kept ceiling {kc.Ms:N0} ms, RegionAsync {s.Ms:N0} ms");
        }
        if (last!.Parks.Count != world.RegionParks.Count) throw new InvalidOperationException($"the view shows {last.Parks.Count} parks of {world.RegionParks.Count}");
        // the kept figures answer exactly what gathering answered
        if (System.Text.Json.JsonSerializer.Serialize(last) != System.Text.Json.JsonSerializer.Serialize(first)) throw new InvalidOperationException("the kept figures differ from the gathered ones");
        var withData = Enum.GetValues<ParkOps.Domain.Dashboard.Kpi>().Select(DashboardService.Code)
            .Where(k => last.Totals.Single(t => t.Kpi == k).Value is not null).ToList();
        var median = Median(runs);
        md.AppendLine(culture, $"## Region view on {provider} ({stamp} UTC, {machine}, load average {loadBefore} → {Load()})");
        md.AppendLine();
        md.AppendLine(culture, $"World: {world.Region}; plus the one-park world below; built in {F(world.BuildSeconds, 1)} s with bulk inserts.");
        md.AppendLine(culture, $"Asked: quarter {q} (its eight-quarter trends), as a government viewer of the region; {reps} repetitions after 2 unmeasured, median. Each repetition: the plain read of the source rows; every park of the region marked changed and the view asked (it gathers every park again and keeps the figures); the plain read of the kept rows; the view asked again (kept figures current). The view showed {last.Parks.Count:N0} parks, the same answer both times; region totals with a value: {withData.Count} of 12 KPIs ({string.Join(", ", withData)}).");
        md.AppendLine();
        md.AppendLine("| measurement | runs (ms) | median ms |");
        md.AppendLine("|---|---|---:|");
        md.AppendLine(culture, $"| ceiling, kept: plain ADO.NET read of the parks, their stamps and their kept quarter rows ({keptRead.Rows:N0} rows) | {Ms(keptCeil)} | {F(Median(keptCeil))} |");
        md.AppendLine(culture, $"| **`DashboardService.RegionAsync`**, kept figures current (what `GET /api/v1/regions/{{id}}/parks-overview` does between changes) | {Ms(runs)} | **{F(median)}** |");
        md.AppendLine(culture, $"| ratio view / ceiling | | {F(median / Median(keptCeil), 1)}× |");
        md.AppendLine(culture, $"| target: under 1,000 ms | | {(median < 1000 ? "met" : "**not met**")} |");
        md.AppendLine(culture, $"| ceiling, gathered: plain ADO.NET read of the source rows the view is computed from ({read.Rows:N0} rows) | {Ms(ceil)} | {F(Median(ceil))} |");
        md.AppendLine(culture, $"| `RegionAsync` after every park of the region changed (gathers all {world.RegionParks.Count:N0} and keeps them) | {Ms(cold)} | {F(Median(cold))} |");
        md.AppendLine(culture, $"| ratio gathering view / ceiling | | {F(Median(cold) / Median(ceil), 1)}× |");
        md.AppendLine();
    }

    if (only.Contains("park"))
    {
        async Task<double> Ceiling()
        {
            var sw = Stopwatch.StartNew();
            var read = await WithDb(db => Ceilings.DashboardAsync(db, false, world.BigParkId, span, ends));
            if (read.Rows == 0) throw new InvalidOperationException("the ceiling read nothing");
            return sw.Elapsed.TotalMilliseconds;
        }
        ParkDashboardDto? last = null;
        async Task<double> Service()
        {
            var sw = Stopwatch.StartNew();
            last = await As(operatorScope, sp => sp.GetRequiredService<DashboardService>().ParkAsync(world.BigParkId, q.ToString(), default));
            return sw.Elapsed.TotalMilliseconds;
        }
        Console.WriteLine($"{provider}: park warm-up ({warmup} calls) …");
        for (var k = 0; k < warmup; k++) { await Service(); await Ceiling(); }
        var loadBefore = Load();
        var ceil = new List<double>(); var runs = new List<double>();
        for (var k = 0; k < calls; k++) { ceil.Add(await Ceiling()); runs.Add(await Service()); }
        var withData = last!.Kpis.Where(k => k.Value is not null).Select(k => k.Kpi).ToList();
        Console.WriteLine($"{provider}: park p50 {Pct(runs, 50):N1} ms, p95 {Pct(runs, 95):N1} ms; ceiling p50 {Pct(ceil, 50):N1}, p95 {Pct(ceil, 95):N1}");
        md.AppendLine(culture, $"## One park's dashboard on {provider} ({stamp} UTC, {machine}, load average {loadBefore} → {Load()})");
        md.AppendLine();
        md.AppendLine(culture, $"World: {world.Big} (its own region, {parkYears} years to today).");
        md.AppendLine(culture, $"Asked: quarter {q} (its eight-quarter trends), as the park's operator; {calls} calls after {warmup} unmeasured, each in its own scope as a request, ceiling and dashboard alternating. KPIs with a value: {withData.Count} of 12 ({string.Join(", ", withData)}).");
        md.AppendLine();
        md.AppendLine("| measurement | calls | p50 ms | p95 ms | max ms |");
        md.AppendLine("|---|---:|---:|---:|---:|");
        md.AppendLine(culture, $"| ceiling: plain ADO.NET read of the park's rows the dashboard is computed from | {calls} | {F(Pct(ceil, 50), 1)} | {F(Pct(ceil, 95), 1)} | {F(ceil.Max(), 1)} |");
        md.AppendLine(culture, $"| **`DashboardService.ParkAsync`** (what `GET /api/v1/parks/{{id}}/dashboard` does) | {calls} | {F(Pct(runs, 50), 1)} | **{F(Pct(runs, 95), 1)}** | {F(runs.Max(), 1)} |");
        md.AppendLine(culture, $"| ratio dashboard / ceiling | | {F(Pct(runs, 50) / Pct(ceil, 50), 1)}× | {F(Pct(runs, 95) / Pct(ceil, 95), 1)}× | |");
        md.AppendLine(culture, $"| target: p95 under 100 ms | | | {(Pct(runs, 95) < 100 ? "met" : "**not met**")} | |");
        md.AppendLine();
    }
    await app.DisposeAsync();
}
Console.WriteLine(md);
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outFile))!);
await File.WriteAllTextAsync(outFile, md.ToString());
Console.WriteLine("written to " + outFile);
return 0;
