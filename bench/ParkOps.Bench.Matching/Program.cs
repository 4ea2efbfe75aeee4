using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using ParkOps.Domain.Matching;
using ParkOps.Web;
using ParkOps.Web.Features.Marketplace;

// Matching at province scale (issue 5): 1,000,000 open posts across 2,000 parks.
//   in-process: top-10 for a new post (scoped to its park and region) on the MatchIndex, against a brute-force scan of
//               the same posts with the same rules (BruteForceMatcher), adding a post and finding it in the next query;
//   over HTTP:  the real host (SQLite, demo data) whose singleton index is filled with the same 1,000,000 posts,
//               GET /api/v1/posts/{id}/matches?top=10 for demo posts, with GET /health/live as the ceiling of the run.
// usage: dotnet run -c Release --project bench/ParkOps.Bench.Matching [-- --posts N --queries N --brute N --http N --out FILE]
var opts = Args.Parse(args);
var culture = CultureInfo.InvariantCulture;
var report = new StringBuilder();
void Line(string s) { Console.WriteLine(s); report.AppendLine(s); }

var asOf = new DateOnly(2026, 12, 1);
var analyser = PostAnalyser.CreateDefault();
var caps = analyser.Taxonomy.Capabilities;
const int Parks = 2000, ParksPerRegion = 10;
var rnd = new Random(20261201);
string[] certs = ["ISO9001", "IATF16949", "ISO13485", "ISO14001", "CNAS"];

MatchPost Synthetic(int i, PostKind kind, Random r, string? park = null, string? region = null)
{
    var c1 = caps[r.Next(caps.Count)];
    var two = r.Next(4) == 0;
    var c2 = two ? caps[r.Next(caps.Count)] : c1;
    var from = asOf.AddDays(r.Next(-20, 90));
    var p = park ?? "P" + r.Next(Parks).ToString(culture);
    return new MatchPost
    {
        Id = (10_000_000 + i).ToString(culture), Kind = kind, EnterpriseId = "E" + r.Next(200_000).ToString(culture), ParkId = p,
        Region = region ?? "R" + (int.Parse(p[1..], culture) / ParksPerRegion).ToString(culture),
        Visibility = r.Next(2) == 0 ? PostVisibility.Park : PostVisibility.Region, Credit = r.Next(40, 100),
        Capabilities = two && c2.Code != c1.Code ? [c1.Code, c2.Code] : [c1.Code],
        Quantity = r.Next(1, 50) * 100, Unit = c1.Unit, From = from, To = from.AddDays(r.Next(7, 90)),
        CertificationsHeld = r.Next(3) == 0 ? [certs[r.Next(certs.Length)]] : [],
        CertificationsRequired = kind is PostKind.CapacityNeed && r.Next(5) == 0 ? [certs[r.Next(certs.Length)]] : [],
        Title = c1.NameZh + (kind == PostKind.CapacityOffer ? "产能富余" : "外协需求"),
    };
}

PostKind KindOf(Random r) => r.Next(10) switch { < 6 => PostKind.CapacityOffer, < 7 => PostKind.EquipmentOffer, < 9 => PostKind.CapacityNeed, _ => PostKind.SubcontractOrder };

Line($"# Matching benchmark ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version})");
Line("");
var sw = Stopwatch.StartNew();
var posts = new List<AnalysedPost>(opts.Posts);
for (var i = 0; i < opts.Posts; i++) posts.Add(analyser.Analyse(Synthetic(i, KindOf(rnd), rnd), asOf));
var analyseSeconds = sw.Elapsed.TotalSeconds;
GC.Collect();
var before = GC.GetTotalMemory(true);
sw.Restart();
var index = new MatchIndex(analyser, opts.Posts + 1024);
index.AddRange(posts); // adds, then Reorganise()
var buildSeconds = sw.Elapsed.TotalSeconds;
GC.Collect();
var indexBytes = GC.GetTotalMemory(true) - before;
Line($"Population: {opts.Posts:N0} open posts, {Parks:N0} parks in {Parks / ParksPerRegion} regions, {caps.Count} capabilities; analysed in {analyseSeconds:0.0} s, indexed (incl. Reorganise) in {buildSeconds:0.0} s.");
Line($"Index memory: {indexBytes / 1048576.0:0} MB managed heap growth while building ({index.ApproximateBytes() / 1048576.0:0} MB in its own arrays); process peak working set so far {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MB (includes the analysed posts kept for the brute-force baseline).");
Line("");

// queries: new needs (and some offers) of random parks, each scoped to its park and its region
var queries = Enumerable.Range(0, opts.Queries).Select(i =>
{
    var q = Synthetic(20_000_000 + i, rnd.Next(4) == 0 ? PostKind.CapacityOffer : PostKind.CapacityNeed, rnd);
    return (Post: analyser.Analyse(q, asOf), Request: new MatchRequest(asOf) { Top = 10, Scope = new MatchScope([q.ParkId!], [q.Region!]) });
}).ToList();
foreach (var (p, r) in queries.Take(50)) index.Match(p, r); // warm-up
var brute = new BruteForceMatcher(analyser);
foreach (var p in posts) brute.Add(p);
// province-wide (no scope: the platform's view, every post a candidate) and scoped (a tenant: its park and its region)
foreach (var scoped in new[] { false, true })
{
    var lat = new List<double>();
    var found = 0;
    foreach (var (p, r0) in queries)
    {
        var r = scoped ? r0 : r0 with { Scope = null };
        var t = Stopwatch.GetTimestamp();
        found += index.Match(p, r).Count;
        lat.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
    }
    var (p50, p99, max, mean) = Stats(lat);
    Line(scoped ? "## In-process, scoped: MatchIndex.Match, top 10, the caller's park + region" : "## In-process, province-wide: MatchIndex.Match, top 10, no scope");
    Line($"{queries.Count:N0} queries: p50 {p50:0.00} ms, p99 {p99:0.00} ms (target ≤ 20 ms), max {max:0.00} ms, mean {mean:0.00} ms; {found / (double)queries.Count:0.0} answers per query.");

    // brute force on the same rules, over a sample of the same queries; answers must be identical
    var bruteLat = new List<double>();
    var indexLatSame = new List<double>();
    var mismatches = 0;
    foreach (var (p, r0) in queries.Take(opts.Brute))
    {
        var r = scoped ? r0 : r0 with { Scope = null };
        var t = Stopwatch.GetTimestamp();
        var b = brute.Match(p, r);
        bruteLat.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        t = Stopwatch.GetTimestamp();
        var x = index.Match(p, r);
        indexLatSame.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        if (!b.Select(m => (m.PostId, m.Score)).SequenceEqual(x.Select(m => (m.PostId, m.Score)))) mismatches++;
    }
    var bruteMean = bruteLat.Average();
    var indexMeanSame = indexLatSame.Average();
    Line($"Brute force (every post scored with the same rules) on {bruteLat.Count} of these queries: mean {bruteMean:0.0} ms, p99 {Stats(bruteLat).P99:0.0} ms; the index on the same queries: mean {indexMeanSame:0.00} ms.");
    Line($"Speed-up over brute force: {bruteMean / indexMeanSame:0}× (target ≥ 50×); answers identical on {bruteLat.Count - mismatches}/{bruteLat.Count} queries.");
    Line("");
}

// a new post is visible to the very next query
var probe = queries[0];
var fresh = Synthetic(30_000_000, PostKind.CapacityOffer, rnd, probe.Post.Post.ParkId, probe.Post.Post.Region) with
{
    Capabilities = probe.Post.Post.Capabilities, Quantity = (probe.Post.Post.Quantity ?? 1) * 10, Unit = probe.Post.Post.Unit,
    From = probe.Post.Post.From, To = probe.Post.Post.To, CertificationsHeld = probe.Post.Post.CertificationsRequired, Credit = 100, Visibility = PostVisibility.Park,
};
var adds = new List<double>();
var tAdd = Stopwatch.GetTimestamp();
index.Add(fresh, asOf);
adds.Add(Stopwatch.GetElapsedTime(tAdd).TotalMilliseconds);
var next = index.Match(probe.Post, probe.Request);
var visible = next.Any(m => m.PostId == fresh.Id);
for (var i = 1; i < 1000; i++)
{
    var extra = Synthetic(30_000_000 + i, KindOf(rnd), rnd);
    var t = Stopwatch.GetTimestamp();
    index.Add(extra, asOf);
    adds.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
}
Line($"Adding a post: p50 {Stats(adds).P50:0.000} ms, p99 {Stats(adds).P99:0.000} ms over 1,000 adds; the added post is in the very next query's answers: {(visible ? "yes" : "NO")} (rank {next.ToList().FindIndex(m => m.PostId == fresh.Id) + 1}).");
Line($"Peak working set (in-process part): {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MB.");
Line("");
brute = null!;
posts.Clear();
posts.TrimExcess();

if (opts.Http > 0) await HttpAsync();

var outPath = opts.Out ?? Path.Combine(FindRoot(), "bench", "results", "matching.md");
Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
await File.WriteAllTextAsync(outPath, report.ToString());
Console.WriteLine($"written to {outPath}");
return 0;

async Task HttpAsync()
{
    Line("## Over HTTP: GET /api/v1/posts/{id}/matches?top=10 on the real host");
    var dir = Path.Combine(Path.GetTempPath(), "parkops-bench-" + Guid.NewGuid().ToString("N")[..8]);
    Directory.CreateDirectory(dir);
    Environment.SetEnvironmentVariable("ParkOps__Database__Provider", "Sqlite");
    Environment.SetEnvironmentVariable("ParkOps__Database__ConnectionString", $"Data Source={Path.Combine(dir, "bench.db")}");
    Environment.SetEnvironmentVariable("ParkOps__Security__LoginPermitsPerMinute", "100000");
    var app = ParkOpsHost.Build(["--urls", "http://127.0.0.1:0"], b => b.Logging.SetMinimumLevel(LogLevel.Warning));
    await ParkOpsHost.PrepareDatabaseAsync(app, demo: true);
    await app.StartAsync();
    try
    {
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        // the demo's posts are in the database; the province's million go straight into the process's one index
        var market = app.Services.GetRequiredService<MarketIndex>();
        var snapshot = await market.GetAsync(default);
        var dbPosts = snapshot.Index.Count;
        var r2 = new Random(7);
        var sw2 = Stopwatch.StartNew();
        snapshot.Index.AddRange(Enumerable.Range(0, opts.Posts).Select(i => snapshot.Analyser.Analyse(Synthetic(i, KindOf(r2), r2), asOf)));
        Line($"Host: SQLite with the demo data ({dbPosts} open posts of the two demo parks) plus {opts.Posts:N0} posts added to the same singleton index in {sw2.Elapsed.TotalSeconds:0} s; the caller (tenant of DG-CA-01) sees its park and its region.");
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { userName = "tenant", password = ParkOps.Web.Features.Demo.DemoSeeder.Password });
        var token = (await login.Content.ReadFromJsonAsync<Token>())!.AccessToken;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var park = (await http.GetFromJsonAsync<PageOf>("/api/v1/parks/1/posts?state=Open&pageSize=200"))!;
        var ids = park.Items.Select(i => i.Id).ToList();
        for (var i = 0; i < 20; i++) { await http.GetAsync($"/api/v1/posts/{ids[i % ids.Count]}/matches?top=10"); await http.GetAsync("/health/live"); }
        var httpLat = new List<double>();
        var ceiling = new List<double>();
        for (var i = 0; i < opts.Http; i++)
        {
            var t = Stopwatch.GetTimestamp();
            var res = await http.GetAsync($"/api/v1/posts/{ids[i % ids.Count]}/matches?top=10");
            await res.Content.ReadAsByteArrayAsync();
            httpLat.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            if (!res.IsSuccessStatusCode) throw new InvalidOperationException($"matches answered {(int)res.StatusCode}");
            t = Stopwatch.GetTimestamp();
            (await http.GetAsync("/health/live")).EnsureSuccessStatusCode();
            ceiling.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }
        var h = Stats(httpLat);
        var c = Stats(ceiling);
        Line($"{httpLat.Count:N0} requests over {ids.Count} demo posts: p50 {h.P50:0.00} ms, p99 {h.P99:0.00} ms (target ≤ 50 ms), max {h.Max:0.00} ms.");
        Line($"Ceiling in the same run, GET /health/live (authentication, routing, no work): p50 {c.P50:0.00} ms, p99 {c.P99:0.00} ms; matches p99 = {h.P99 / c.P99:0.0}× the ceiling's p99.");
        Line($"Each request: the bearer token and the caller's scope (two queries), the post (one query), the scoped index query over all {snapshot.Index.Count:N0} posts, then the visible answers read back from the database (two queries) and their reasons localised.");
        Line($"Peak working set (whole run): {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MB.");
    }
    finally
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(dir, true); } catch (IOException) { }
    }
}

static (double P50, double P99, double Max, double Mean) Stats(List<double> xs)
{
    var s = xs.OrderBy(x => x).ToArray();
    double At(double q) => s[Math.Min(s.Length - 1, (int)Math.Ceiling(q * s.Length) - 1)];
    return (At(0.50), At(0.99), s[^1], s.Average());
}

static string FindRoot()
{
    var d = new DirectoryInfo(AppContext.BaseDirectory);
    while (d is not null && !File.Exists(Path.Combine(d.FullName, "ParkOps.slnx"))) d = d.Parent;
    return d?.FullName ?? Directory.GetCurrentDirectory();
}

sealed record Token(string AccessToken);
sealed record PageItem(long Id);
sealed record PageOf(List<PageItem> Items);

sealed record Args(int Posts, int Queries, int Brute, int Http, string? Out)
{
    public static Args Parse(string[] a)
    {
        string? Get(string name) { var i = Array.IndexOf(a, name); return i >= 0 && i + 1 < a.Length ? a[i + 1] : null; }
        int Int(string name, int d) => int.TryParse(Get(name), out var v) ? v : d;
        return new Args(Int("--posts", 1_000_000), Int("--queries", 2_000), Int("--brute", 30), Int("--http", 1_000), Get("--out"));
    }
}
