using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ParkOps.Bench.Metering;
using ParkOps.Domain.Metering;
using ParkOps.Web;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Audit;
using ParkOps.Web.Features.Billing;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Leasing;
using ParkOps.Web.Features.Metering;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Infrastructure;
using ParkOps.Domain.Pricing;

// Usage: ParkOps.Bench.Metering billrun|ingest Sqlite|Postgres [parks=1000] [leasesPerPark=100]
// billrun: 100,000 active leases over 1,000 parks, 200,000 meters with a month of readings; times the bill run of
//          every park, the rerun (nothing to do), and the ceiling: a bare bulk insert of the same bills and lines.
// ingest:  readings through POST /api/v1/meter-readings:batch in 10,000-reading batches on a real Kestrel server,
//          against the ceiling: a bare bulk insert of as many readings into the same table.
// ingest takes --clients N (concurrent gateways, default 1) and --warmup N (unmeasured batches per client first, default 5)
// billrun takes --warm-parks N (extra parks billed first, unmeasured; default 50) and runs every park through BillRunner
// (the multi-park run of POST /api/v1/bill-runs and the CLI's bill-run) with its default parallelism
int Named(string name, int def) { var i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : def; }
var clients = Named("--clients", 1);
var warmupBatches = Named("--warmup", 5);
// billrun: parks billed first, unmeasured, so the measured run sees a server whose code is compiled (default 50)
var warmParks = Named("--warm-parks", 50);
args = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || !args[i - 1].StartsWith("--", StringComparison.Ordinal))).ToArray();
var mode = args.ElementAtOrDefault(0) ?? "billrun";
var provider = Enum.Parse<DatabaseProvider>(args.ElementAtOrDefault(1) ?? "Sqlite");
var parks = int.Parse(args.ElementAtOrDefault(2) ?? "1000", CultureInfo.InvariantCulture);
var perPark = int.Parse(args.ElementAtOrDefault(3) ?? "100", CultureInfo.InvariantCulture);
var dir = Path.Combine(Path.GetTempPath(), "parkops-bench-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(dir);
string cs;
if (provider == DatabaseProvider.Postgres)
{
    var name = "bench_" + Guid.NewGuid().ToString("N")[..8];
    var admin = Environment.GetEnvironmentVariable("PARKOPS_TEST_PG") ?? "Host=127.0.0.1;Port=5432;Username=postgres;Password=parkops;Database=postgres";
    await using (var c = new NpgsqlConnection(admin)) { await c.OpenAsync(); await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", c); await cmd.ExecuteNonQueryAsync(); }
    cs = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
}
else cs = $"Data Source={Path.Combine(dir, "bench.db")}";

var port = 5600 + Random.Shared.Next(300);
var app = ParkOpsHost.Build(["--urls", $"http://127.0.0.1:{port}"], b =>
{
    b.Configuration["ParkOps:Database:Provider"] = provider.ToString();
    b.Configuration["ParkOps:Database:ConnectionString"] = cs;
    b.Configuration["ParkOps:Security:LoginPermitsPerMinute"] = "1000";
    b.Logging.SetMinimumLevel(LogLevel.Warning);
});
// the ingest world is the demo park, seeded by the CLI in a separate process so this one only runs the server
if (mode == "ingest") await ParkOps.Bench.DemoSeedProcess.RunAsync(provider, cs, dir);
await ParkOpsHost.PrepareDatabaseAsync(app, demo: false);
var report = new List<string>();
void Say(string s) { Console.WriteLine(s); report.Add(s); }
Say($"## {mode} on {provider} ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores)");

async Task<T> WithDb<T>(Func<ParkOpsDb, IServiceProvider, Task<T>> work)
{
    await using var scope = app.Services.CreateAsyncScope();
    scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(ActorScope.System);
    return await work(scope.ServiceProvider.GetRequiredService<ParkOpsDb>(), scope.ServiceProvider);
}

var now = DateTime.UtcNow;
var today = DateOnly.FromDateTime(Time.ToShanghai(now));
var month = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);

if (mode == "billrun")
{
    var sw = Stopwatch.StartNew();
    await WithDb(async (db, _) =>
    {
        long id = 1_000_000;
        var region = new Region { Id = id, Name = "基准区", Code = "990001", Level = RegionLevel.County };
        await Bulk.InsertAsync(db, [region]);
        var parkRows = new List<Park>(); var buildings = new List<Building>(); var floors = new List<Floor>(); var units = new List<Unit>();
        var ents = new List<Enterprise>(); var leases = new List<Lease>(); var lus = new List<LeaseUnit>(); var policies = new List<RentPolicyVersion>();
        var meters = new List<Meter>(); var readings = new List<MeterReading>(); var tariffs = new List<UtilityTariff>();
        var start = month.AddMonths(-24);
        var mStart = MeteringService.StartOf(month);
        var mEnd = MeteringService.StartOf(month.AddMonths(1)).AddHours(-1);
        var classes = new[] { "A", "B", "C", "D", null };
        for (var p = -warmParks; p < parks; p++)
        {
            var parkId = ++id;
            var code = p < 0 ? $"BW-{-p:D4}" : $"BP-{p:D4}";
            parkRows.Add(new Park { Id = parkId, RegionId = region.Id, Name = $"基准园区{code}", Code = code, CreatedAt = now });
            var bId = ++id; var fId = ++id;
            buildings.Add(new Building { Id = bId, ParkId = parkId, Name = "1号厂房", LandMu = 50, FloorAreaSqm = 100_000, FloorCount = 1 });
            floors.Add(new Floor { Id = fId, ParkId = parkId, BuildingId = bId, Number = 1, AreaSqm = 100_000, LoadTonsPerSqm = 3 });
            policies.Add(new RentPolicyVersion { Id = ++id, ParkId = parkId, EffectiveFrom = new DateOnly(2020, 1, 1), FactoryPrice = 28, LabPrice = 45, OfficePrice = 40, WarehousePrice = 18, DormitoryPrice = 15, PropertyFeePerSqm = 3.5m, CreatedAt = now });
            tariffs.Add(new UtilityTariff { Id = ++id, ParkId = parkId, Utility = Utility.Electricity, EffectiveFrom = new DateOnly(2020, 1, 1), UnitPrice = 0.85m, ClassCSurcharge = 0.10m, ClassDSurcharge = 0.30m, CreatedAt = now });
            tariffs.Add(new UtilityTariff { Id = ++id, ParkId = parkId, Utility = Utility.Water, EffectiveFrom = new DateOnly(2020, 1, 1), UnitPrice = 4.2m, ClassCSurcharge = 0.15m, ClassDSurcharge = 0.30m, CreatedAt = now });
            for (var l = 0; l < perPark; l++)
            {
                var eId = ++id; var uId = ++id; var lId = ++id;
                var area = 200 + (l * 37) % 800;
                ents.Add(new Enterprise { Id = eId, ParkId = parkId, CreditCode = $"91{eId:D16}", Name = $"基准企业{p}-{l}", IndustryCode = "C3982", Status = EnterpriseStatus.Admitted, MuClass = classes[l % 5], CreatedAt = now, UpdatedAt = now });
                units.Add(new Unit { Id = uId, ParkId = parkId, BuildingId = bId, FloorId = fId, Code = $"U{l:D4}", AreaSqm = area, Use = SpaceUse.Factory, LoadTonsPerSqm = 3, Status = UnitStatus.Leased, OccupantEnterpriseId = eId });
                leases.Add(new Lease { Id = lId, ParkId = parkId, EnterpriseId = eId, Code = $"{code}-{l:D4}", State = LeaseState.Active, StartDate = start, TermMonths = 60, EndDate = start.AddMonths(60).AddDays(-1), CreatedAt = now, UpdatedAt = now });
                lus.Add(new LeaseUnit { Id = ++id, LeaseId = lId, ParkId = parkId, EnterpriseId = eId, UnitId = uId, AreaSqm = area, Use = SpaceUse.Factory, Holds = true });
                foreach (var u in new[] { Utility.Electricity, Utility.Water })
                {
                    var mId = ++id;
                    meters.Add(new Meter { Id = mId, ParkId = parkId, UnitId = uId, Utility = u, Code = $"{(u == Utility.Electricity ? 'E' : 'W')}-{l:D4}", CreatedAt = now });
                    var v0 = 1000m + l;
                    readings.Add(new MeterReading { Id = ++id, ParkId = parkId, MeterId = mId, At = mStart.AddMinutes(30), Value = v0, Source = ReadingSource.Api, RecordedAt = now });
                    readings.Add(new MeterReading { Id = ++id, ParkId = parkId, MeterId = mId, At = mEnd, Value = v0 + (u == Utility.Electricity ? area * 12.3m : area * 0.081m), Source = ReadingSource.Api, RecordedAt = now });
                }
            }
        }
        await Bulk.InsertAsync(db, parkRows); await Bulk.InsertAsync(db, buildings); await Bulk.InsertAsync(db, floors); await Bulk.InsertAsync(db, ents);
        await Bulk.InsertAsync(db, units); await Bulk.InsertAsync(db, policies); await Bulk.InsertAsync(db, tariffs); await Bulk.InsertAsync(db, leases);
        await Bulk.InsertAsync(db, lus); await Bulk.InsertAsync(db, meters); await Bulk.InsertAsync(db, readings);
        Say($"- world: {parks:N0} parks, {parks * perPark:N0} active leases, {parks * perPark * 2:N0} meters, {parks * perPark * 4:N0} readings in {month:yyyy-MM} (built in {sw.Elapsed.TotalSeconds:N1} s), and {warmParks} more parks of the same shape billed first to warm the process up");
        return 0;
    });
    var parkIds = await WithDb((db, _) => db.Parks.Where(p => p.Code.StartsWith("BP-")).OrderBy(p => p.Id).Select(p => p.Id).ToListAsync());
    var warmIds = await WithDb((db, _) => db.Parks.Where(p => p.Code.StartsWith("BW-")).OrderBy(p => p.Id).Select(p => p.Id).ToListAsync());
    var firstMeasured = parkIds.Min();
    var runner = app.Services.GetRequiredService<BillRunner>();

    async Task<(double Seconds, int Bills)> RunAll(List<long> ids)
    {
        var t = Stopwatch.StartNew();
        var result = await runner.RunAsync(ActorScope.System, new MultiBillRunRequest(month.ToString("yyyy-MM", CultureInfo.InvariantCulture), ids), default);
        if (result.Failed > 0) throw new InvalidOperationException(string.Join("; ", result.Outcomes.Where(o => o.Run is null).Take(5).Select(o => $"{o.ParkCode}: {o.ErrorRule} {o.Error}")));
        return (t.Elapsed.TotalSeconds, result.BillsCreated);
    }
    if (warmIds.Count > 0)
    {
        var (warmS, _) = await RunAll(warmIds);
        Say($"- warm-up: {warmIds.Count} parks billed in {warmS:N1} s (not counted)");
    }
    else Say("- no warm-up: the measured run starts in a cold process");
    Say($"- parks at a time: {runner.Parallelism}");
    var (runS, created) = await RunAll(parkIds);
    var counts = await WithDb(async (db, _) => (Bills: await db.Bills.CountAsync(b => b.ParkId >= firstMeasured), Lines: await db.BillLines.CountAsync(b => b.ParkId >= firstMeasured),
        Audit: await db.AuditEntries.CountAsync(a => a.ParkId >= firstMeasured)));
    var (rerunS, again) = await RunAll(parkIds);
    Say($"- bill run, every park: {runS:N1} s for {created:N0} bills, {counts.Lines:N0} lines ({counts.Audit:N0} audit rows written with them) — target < 30 s");
    Say($"- rerun (nothing to do): {rerunS:N1} s, {again} bills created — target < 5 s");

    // ceiling: the same number of bills and lines written bare, in the next month (no pricing, no audit, no EF)
    var ceiling = await WithDb(async (db, _) =>
    {
        var bills = await db.Bills.AsNoTracking().Include(b => b.Lines).Where(b => b.ParkId >= firstMeasured).ToListAsync();
        long id = 50_000_000;
        var nb = new List<Bill>(bills.Count); var nl = new List<BillLine>(counts.Lines);
        foreach (var b in bills)
        {
            var copy = new Bill { Id = ++id, ParkId = b.ParkId, EnterpriseId = b.EnterpriseId, RunId = b.RunId, Number = "C" + b.Number, Month = b.Month.AddMonths(1), State = b.State, Total = b.Total, DueDate = b.DueDate, IssuedAt = b.IssuedAt };
            nb.Add(copy);
            foreach (var l in b.Lines) nl.Add(new BillLine { Id = ++id, BillId = copy.Id, ParkId = l.ParkId, EnterpriseId = l.EnterpriseId, Kind = l.Kind, SourceType = l.SourceType, SourceId = l.SourceId, Description = l.Description, Quantity = l.Quantity, Unit = l.Unit, UnitPrice = l.UnitPrice, Amount = l.Amount, RulesJson = l.RulesJson });
        }
        var t = Stopwatch.StartNew();
        await Bulk.InsertAsync(db, nb);
        await Bulk.InsertAsync(db, nl);
        return t.Elapsed.TotalSeconds;
    });
    Say($"- ceiling (bare bulk insert of the same {counts.Bills:N0} bills + {counts.Lines:N0} lines): {ceiling:N1} s");
    Say($"- ratio bill run / ceiling: {runS / ceiling:N1}×; rerun / ceiling: {rerunS / ceiling:N2}×");
}
else
{
    await app.StartAsync();
    var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(5) };
    var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { userName = "admin", password = ParkOps.Web.Features.Demo.DemoSeeder.Password });
    login.EnsureSuccessStatusCode();
    var token = (await login.Content.ReadFromJsonAsync<Dictionary<string, object>>())!["accessToken"].ToString();
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    const int meterCount = 10_000, batches = 20;
    var meterIds = await WithDb(async (db, _) =>
    {
        var park = await db.Parks.OrderBy(p => p.Id).FirstAsync();
        var units = await db.Units.Where(u => u.ParkId == park.Id).Select(u => u.Id).ToListAsync();
        long id = 10_000_000;
        var ms = Enumerable.Range(0, meterCount * clients * 2).Select(i => new Meter { Id = ++id, ParkId = park.Id, UnitId = units[i % units.Count], Utility = Utility.Electricity, Code = $"BENCH-{i:D6}", CreatedAt = now }).ToList();
        await Bulk.InsertAsync(db, ms);
        return ms.Select(m => m.Id).ToList();
    });
    // each client (a gateway) reports its own 10,000 meters, one instant per batch
    var apiMeters = meterIds.Take(meterCount * clients).ToList();
    var t0 = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    ReadingBatch Batch(int client, int k) => new(apiMeters.Skip(client * meterCount).Take(meterCount).Select((m, i) => new ReadingInput(m, t0.AddHours(k), 1000 + k * 10 + i % 7)).ToList());
    async Task PostAsync(ReadingBatch b)
    {
        var res = await http.PostAsJsonAsync("/api/v1/meter-readings:batch", b);
        if (!res.IsSuccessStatusCode) throw new InvalidOperationException(await res.Content.ReadAsStringAsync());
    }
    // warm-up, not counted: the same load for a few batches per client (JIT tiers, connection pools)
    await Task.WhenAll(Enumerable.Range(0, clients).Select(async c => { for (var k = 1; k <= warmupBatches; k++) await PostAsync(Batch(c, -k)); }));
    var bodies = Enumerable.Range(0, clients).Select(c => Enumerable.Range(0, batches).Select(k => Batch(c, k)).ToList()).ToList();
    Console.WriteLine("measuring …");
    var sw = Stopwatch.StartNew();
    await Task.WhenAll(bodies.Select(async mine => { foreach (var b in mine) await PostAsync(b); }));
    var postedS = sw.Elapsed.TotalSeconds;
    // SQLite: what is still in the reading inbox is merged into the table now, and counted in the measured time
    var merged = await WithDb((db, _) => ReadingInbox.FlushAsync(db, default));
    var apiS = sw.Elapsed.TotalSeconds;
    var total = meterCount * batches * clients;
    sw.Restart();
    var resend = await http.PostAsJsonAsync("/api/v1/meter-readings:batch", bodies[0][0]);
    var resendS = sw.Elapsed.TotalSeconds;
    var resendBody = await resend.Content.ReadAsStringAsync();
    // ceiling: as many readings, same shape, into the same table, by the engine's plain bulk path, in as many
    // concurrent streams as there were clients
    var parkId = await WithDb((db, _) => db.Parks.OrderBy(p => p.Id).Select(p => p.Id).FirstAsync());
    var ceilMeters = meterIds.Skip(meterCount * clients).ToList();
    var streams = Enumerable.Range(0, clients).Select(c => ceilMeters.Skip(c * meterCount).Take(meterCount)
        .SelectMany(m => Enumerable.Range(0, batches).Select(k => (m, k)))
        .Select((x, i) => new MeterReading { Id = 90_000_000 + c * 10_000_000 + i, ParkId = parkId, MeterId = x.m, At = t0.AddHours(x.k), Value = 1000 + x.k, Source = ReadingSource.Api, RecordedAt = now }).ToList()).ToList();
    var bareCount = streams.Sum(x => x.Count);
    var ceil = Stopwatch.StartNew();
    // SQLite has one writer at a time: its streams queue on the database lock, as the API's batches do
    await Task.WhenAll(streams.Select(rows => WithDb(async (db, _) => { await Bulk.InsertAsync(db, rows); return 0; })));
    var ceilS = ceil.Elapsed.TotalSeconds;
    var stored = await WithDb((db, _) => db.MeterReadings.CountAsync(r => apiMeters.Contains(r.MeterId)));
    Say($"- API, {clients} concurrent client(s) after {warmupBatches} warm-up batch(es) each: {total:N0} readings in {batches * clients} batches of {meterCount:N0}: {apiS:N2} s = {total / apiS:N0} readings/s (target ≥ 50,000/s); stored {stored:N0} (incl. {meterCount * clients * warmupBatches:N0} warm-up)");
    if (provider == DatabaseProvider.Sqlite) Say($"- of which the final merge of the inbox (waiting for a background merge under way, then {merged:N0} readings left): {apiS - postedS:N2} s");
    Say($"- idempotent resend of one batch: {resendS * 1000:N0} ms, answer {resendBody}");
    Say($"- ceiling (bare bulk insert of {bareCount:N0} readings, same table and indexes, {clients} stream(s)): {ceilS:N2} s = {bareCount / ceilS:N0} readings/s");
    Say($"- ratio API / ceiling: {(total / apiS) / (bareCount / ceilS):P0}");
    await app.StopAsync();
}

var outFile = Path.Combine(AppContext.BaseDirectory, $"result-{mode}-{provider}{(mode == "ingest" ? $"-c{clients}" : "")}.md");
await File.WriteAllLinesAsync(outFile, report);
Console.WriteLine("written " + outFile);
if (provider == DatabaseProvider.Postgres)
{
    // the world is hundreds of megabytes: do not leave it behind
    NpgsqlConnection.ClearAllPools();
    await using var c = new NpgsqlConnection(Environment.GetEnvironmentVariable("PARKOPS_TEST_PG") ?? "Host=127.0.0.1;Port=5432;Username=postgres;Password=parkops;Database=postgres");
    await c.OpenAsync();
    await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {new NpgsqlConnectionStringBuilder(cs).Database} WITH (FORCE)", c);
    await drop.ExecuteNonQueryAsync();
}
try { Directory.Delete(dir, true); } catch (IOException) { }
return 0;
