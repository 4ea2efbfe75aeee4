using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using ParkOps.Web;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Demo;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Features.Users;
using ParkOps.Web.Infrastructure;

// The console under load (issue 13): 50 virtual users signed in through the console's sign-in form (cookie sessions),
// each browsing the main pages of its role's menu (GET only, no think time unless --think) for a bounded time on loopback, on SQLite and
// on PostgreSQL. Per page: requests, non-200 answers, p50/p95/p99 latency seen by the client on loopback (server time plus
// the loopback round trip), the 150 ms p95 target, and the ratio to the ceiling measured in the same run: a bare
// ASP.NET Core endpoint in the same process (its own tiny WebApplication on another port, the same Kestrel defaults)
// answering a fixed HTML body the size of the median page to the same users (same cookies) for the same time.
//   dotnet run -c Release --project bench/ParkOps.Bench.Console -- [--seconds 60] [--warmup 15] [--users 50] [--engines Sqlite,Postgres] [--think 0] [--out bench/results/console.md] [--label "…"]
// --think: milliseconds a user waits after each page before the next (0: none, the load of a saturated server);
// --label: a line printed at the top of the report (e.g. that the machine was busy)
var seconds = Arg("--seconds", 60);
var warmup = Arg("--warmup", 15);
var users = Arg("--users", 50);
var engines = (ArgS("--engines") ?? "Sqlite,Postgres").Split(',', StringSplitOptions.RemoveEmptyEntries);
var outPath = ArgS("--out") ?? Path.Combine("bench", "results", "console.md");
var label = ArgS("--label");
var think = Arg("--think", 0);
const double TargetMs = 150;

// the mix of users, out of 50, roughly like real use: tenants are most of the people signed in, then the park's
// operators; the county, the platform and the maintenance contractor have a few each
(string User, string Role, int Share)[] mix =
[
    ("tenant", "tenant", 10), ("tenant2", "tenant", 10), ("operator", "operator", 15), ("gov", "gov", 5), ("admin", "admin", 5), ("contractor", "contractor", 5),
];

var results = new List<EngineResult>();
foreach (var engine in engines)
    results.Add(await RunAsync(Enum.Parse<DatabaseProvider>(engine, true)));

var md = new StringBuilder();
md.AppendLine("# Console load benchmark");
md.AppendLine();
if (label is not null) { md.AppendLine($"**{label}**"); md.AppendLine(); }
md.AppendLine($"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores ({System.Runtime.InteropServices.RuntimeInformation.OSDescription}), .NET {Environment.Version}, Release build;");
md.AppendLine($"load average at the start of each engine's run: {string.Join(", ", results.Select(r => $"{r.Engine} {r.LoadAverage}"))}.");
md.AppendLine($"{users} virtual users per engine, each signed in once through the console's sign-in form (its own cookie session) as one of the demo users:");
md.AppendLine(string.Join(", ", UserCounts().Select(c => $"{c.Count} × `{c.User}`")) + ".");
md.AppendLine($"Each user walks round the main pages of its role's menu (below) in menu order, starting at a different page than its neighbours,");
md.AppendLine(think == 0
    ? $"GET only, with no think time (the next request leaves as soon as the last answer is read), for {seconds} s after a {warmup} s warm-up that is not counted."
    : $"GET only, waiting {think} ms after each answer before the next request, for {seconds} s after a {warmup} s warm-up that is not counted.");
md.AppendLine("Latency is the client's, on loopback: from sending the request to having read the whole page. Every answer but 200 is an error (redirects are not followed; status 0 in the error list: no answer within 120 s or a reset connection).");
md.AppendLine($"The ceiling: a bare ASP.NET Core endpoint in the same process (a second, minimal `WebApplication` on another port with Kestrel's defaults, no middleware)");
md.AppendLine("answering a fixed HTML body the size of the median page of that engine's run, asked by the same users with the same cookies, with the same warm-up and time, right after the pages.");
md.AppendLine();
md.AppendLine($"| engine | page requests | errors | pages/s | p50 ms | p95 ms | p99 ms | bare requests/s | bare p50 ms | bare p95 ms | median page | pages with p95 > {TargetMs:F0} ms |");
md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (var r in results)
    md.AppendLine(string.Create(CultureInfo.InvariantCulture,
        $"| {r.Engine} | {r.All.Count:N0} | {r.All.Errors} | {r.All.Count / r.Seconds:F0} | {r.All.P50:F1} | {r.All.P95:F1} | {r.All.P99:F1} | {r.Bare.Count / r.BareSeconds:F0} | {r.Bare.P50:F1} | {r.Bare.P95:F1} | {r.MedianBytes / 1024.0:F0} KiB | {r.Pages.Count(p => p.Count == 0 || p.P95 > TargetMs)} of {r.Pages.Count} |"));
md.AppendLine();
md.AppendLine("How to read it: each row below is one page (its route template) as one role sees it — the same template shows a role its own data,");
md.AppendLine("so an operator's bills and a tenant's bills are separate rows. *p95 ÷ bare* is the page's p95 over the bare endpoint's p95 of the same engine");
md.AppendLine("in the same run: how many times the floor that Kestrel, loopback, the client and this machine's load impose on any answer of that size the page costs.");
md.AppendLine($"*target* is the page's p95 against {TargetMs:F0} ms (issue 13); a page no user reached in the measured time shows — and counts as missed.");
md.AppendLine("With no think time the users keep every core busy, so the latencies include queueing: they are those of a saturated server,");
md.AppendLine("and a page's time rises with the cost of the other pages in the mix (with `--think` the users pause like people and the queue shrinks). *errors* must be 0.");
md.AppendLine("On a machine shared with other work the absolute figures mean little; the ratios to the bare endpoint say more.");
foreach (var r in results)
{
    md.AppendLine();
    md.AppendLine($"## {r.Engine}");
    md.AppendLine();
    md.AppendLine("| page | role | requests | errors | p50 ms | p95 ms | p99 ms | p95 ÷ bare | KiB | target |");
    md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---|");
    foreach (var p in r.Pages)
        md.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"| `{p.Template}` | {p.Role} | {p.Count:N0} | {p.Errors} | {p.P50:F1} | {p.P95:F1} | {p.P99:F1} | {p.P95 / r.Bare.P95:F1} | {p.MedianBytes / 1024.0:F0} | {Verdict(p.Count, p.P95)} |"));
    md.AppendLine(string.Create(CultureInfo.InvariantCulture,
        $"| all pages | all | {r.All.Count:N0} | {r.All.Errors} | {r.All.P50:F1} | {r.All.P95:F1} | {r.All.P99:F1} | {r.All.P95 / r.Bare.P95:F1} | {r.MedianBytes / 1024.0:F0} | {Verdict(r.All.Count, r.All.P95)} |"));
    md.AppendLine(string.Create(CultureInfo.InvariantCulture,
        $"| bare endpoint (ceiling) | all | {r.Bare.Count:N0} | {r.Bare.Errors} | {r.Bare.P50:F1} | {r.Bare.P95:F1} | {r.Bare.P99:F1} | 1.0 | {r.MedianBytes / 1024.0:F0} | |"));
    if (r.ErrorSamples.Count > 0)
    {
        md.AppendLine();
        md.AppendLine("Errors (first few): " + string.Join("; ", r.ErrorSamples) + ".");
    }
}
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
await File.WriteAllTextAsync(outPath, md.ToString());
Console.WriteLine(md.ToString());
return results.All(r => r.All.Errors == 0 && r.Bare.Errors == 0) ? 0 : 1;

async Task<EngineResult> RunAsync(DatabaseProvider provider)
{
    // the run's own database and folder, dropped and deleted when the run ends
    await using var db = await ParkOps.Bench.BenchDatabase.CreateAsync(provider);
    var (cs, dir) = (db.ConnectionString, db.Dir);
    WebApplication? bare = null;
    try
    {
        var port = FreePort();
        var app = ParkOpsHost.Build(["--urls", $"http://127.0.0.1:{port}"], b =>
        {
            b.Configuration["ParkOps:Database:Provider"] = provider.ToString();
            b.Configuration["ParkOps:Database:ConnectionString"] = cs;
            b.Configuration["ParkOps:DataProtection:KeysPath"] = Path.Combine(dir, "keys");
            // the users all sign in from 127.0.0.1 within a few seconds; the per-address limit (30 a minute) would refuse most
            b.Configuration["ParkOps:Security:LoginPermitsPerMinute"] = "100000";
            b.Configuration["Logging:LogLevel:Default"] = "Warning";
            b.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        Console.WriteLine($"{provider}: migrating and seeding the demo park (in a separate process) …");
        await ParkOps.Bench.DemoSeedProcess.RunAsync(provider, cs, dir);
        await ParkOpsHost.PrepareDatabaseAsync(app, demo: true); // finds it done
        var ids = await DemoIdsAsync(app);
        await app.StartAsync();

        // the ceiling's server: same process, same Kestrel and its defaults, nothing else; its body is set after the pages ran
        var barePort = FreePort();
        var bareBody = Array.Empty<byte>();
        var bareBuilder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = ["--urls", $"http://127.0.0.1:{barePort}"], ContentRootPath = AppContext.BaseDirectory });
        bareBuilder.Configuration["Logging:LogLevel:Default"] = "Warning";
        bareBuilder.Logging.SetMinimumLevel(LogLevel.Warning);
        bare = bareBuilder.Build();
        bare.MapGet("/bare", (HttpContext http) =>
        {
            var body = Volatile.Read(ref bareBody);
            http.Response.ContentType = "text/html; charset=utf-8";
            http.Response.ContentLength = body.Length;
            return http.Response.Body.WriteAsync(body).AsTask();
        });
        await bare.StartAsync();

        var loadAverage = LoadAverage();
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = users, PooledConnectionLifetime = TimeSpan.FromMinutes(10), UseCookies = false, AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        using var http = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(120) };

        // who browses what: the main pages of each role's menu (NavMenu.razor) in menu order, for the demo park
        var pages = new List<(string Role, string Template)>();
        var vus = new List<VirtualUser>();
        foreach (var (user, role, _) in UserCounts().SelectMany(c => Enumerable.Repeat((c.User, c.Role, 0), c.Count)))
        {
            var walk = Walk(role, user, ids).Select(p =>
            {
                var i = pages.IndexOf((role, p.Template));
                if (i < 0) { pages.Add((role, p.Template)); i = pages.Count - 1; }
                return (Page: i, p.Url);
            }).ToArray();
            vus.Add(new VirtualUser(user, role, walk));
        }
        Console.WriteLine($"{provider}: signing in {vus.Count} users through the sign-in form …");
        // one after another: sign-ins of one account from one address in parallel can lose the throttle's race
        // (SignInService.ChargeAsync: another sign-in's success deletes the pair's row between its two tries) and be refused
        foreach (var vu in vus) await SignInAsync(http, vu);

        Console.WriteLine($"{provider}: {vus.Count} users browsing for {warmup} s (warm-up) + {seconds} s …");
        var (pageSamples, pageSeconds) = await LoadAsync(provider, "pages", vus, (vu, n) => vu.Walk[n % vu.Walk.Length], http);
        var bytes = pageSamples.Where(s => s.Status == 200).Select(s => s.Bytes).Order().ToList();
        var medianBytes = bytes.Count == 0 ? 0 : bytes[bytes.Count / 2];
        Volatile.Write(ref bareBody, BareBody(medianBytes));
        Console.WriteLine($"{provider}: the same users asking the bare endpoint ({medianBytes / 1024.0:F0} KiB) for {warmup} s + {seconds} s …");
        var bareUrl = $"http://127.0.0.1:{barePort}/bare";
        var (bareSamples, bareSeconds) = await LoadAsync(provider, "bare", vus, (_, _) => (-1, bareUrl), http);

        await bare.StopAsync();
        await app.StopAsync();
        await app.DisposeAsync();

        var perPage = pages.Select((p, i) =>
        {
            var mine = pageSamples.Where(s => s.Page == i).ToList();
            var ok = mine.Where(s => s.Status == 200).Select(s => s.Bytes).Order().ToList();
            var stats = Stats.Of(mine);
            return new PageResult(p.Template, p.Role, stats.Count, stats.Errors, stats.P50, stats.P95, stats.P99, ok.Count == 0 ? 0 : ok[ok.Count / 2]);
        }).ToList();
        var errors = pageSamples.Concat(bareSamples).Where(s => s.Status != 200)
            .GroupBy(s => (s.Page, s.Status)).Take(8)
            .Select(g => $"{(g.Key.Page < 0 ? "bare" : $"`{pages[g.Key.Page].Template}` as {pages[g.Key.Page].Role}")}: {g.Key.Status} × {g.Count()}").ToList();
        return new EngineResult(provider.ToString(), loadAverage, pageSeconds, bareSeconds, Stats.Of(pageSamples), Stats.Of(bareSamples), medianBytes, perPage, errors);
    }
    finally
    {
        if (bare is not null) await bare.DisposeAsync();
    }
}

/// <summary>
/// Every user loops for warm-up + measured time; a request counts when it left after the warm-up ended. Returns the
/// counted samples and the measured seconds.
/// </summary>
async Task<(List<Sample> Samples, double Seconds)> LoadAsync(DatabaseProvider provider, string what, List<VirtualUser> vus, Func<VirtualUser, int, (int Page, string Url)> next, HttpClient http)
{
    var stop = Stopwatch.StartNew();
    var measuring = false;
    var until = TimeSpan.FromSeconds(warmup + seconds);
    var samples = new List<Sample>[vus.Count];
    long done = 0;
    var workers = vus.Select((vu, i) => Task.Run(async () =>
    {
        var mine = samples[i] = new List<Sample>(8192);
        for (var n = i; stop.Elapsed < until; n++) // starting at the user's own index: neighbours start on different pages
        {
            var (page, url) = next(vu, n);
            var counted = Volatile.Read(ref measuring);
            var t0 = Stopwatch.GetTimestamp();
            var (status, bytes) = await GetAsync(http, vu, url);
            var ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            if (think > 0) await Task.Delay(think);
            if (!counted) continue;
            mine.Add(new Sample(page, ms, status, bytes));
            Interlocked.Increment(ref done);
        }
    })).ToList();
    await Task.WhenAny(Task.WhenAll(workers), Task.Delay(TimeSpan.FromSeconds(warmup)));
    Volatile.Write(ref measuring, true);
    var measured = Stopwatch.StartNew();
    long last = 0;
    while (!Task.WhenAll(workers).IsCompleted)
    {
        await Task.WhenAny(Task.WhenAll(workers), Task.Delay(5000));
        var now = Interlocked.Read(ref done);
        Console.WriteLine($"{provider} {what}: {measured.Elapsed.TotalSeconds,5:F1} s  {now} requests  (+{now - last} in the last interval)");
        last = now;
    }
    await Task.WhenAll(workers);
    return (samples.SelectMany(s => s).ToList(), measured.Elapsed.TotalSeconds);
}

/// <summary>One page as a browser asks for it (the user's cookies); no answer (timeout, reset) counts as status 0, an error.</summary>
static async Task<(int Status, int Bytes)> GetAsync(HttpClient http, VirtualUser vu, string url)
{
    try { return await GetOnceAsync(http, vu, url); }
    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
    {
        if (Interlocked.Increment(ref Odd.Shown) <= 5) Console.WriteLine($"no answer for {vu.User} at {url}: {e.Message}");
        return (0, 0);
    }
}

static async Task<(int Status, int Bytes)> GetOnceAsync(HttpClient http, VirtualUser vu, string url)
{
    using var req = new HttpRequestMessage(HttpMethod.Get, url);
    req.Headers.Add("Cookie", vu.CookieHeader);
    req.Headers.Add("Accept", "text/html");
    using var res = await http.SendAsync(req);
    var body = await res.Content.ReadAsByteArrayAsync();
    vu.Take(res);
    if (res.StatusCode != HttpStatusCode.OK && Interlocked.Increment(ref Odd.Shown) <= 5)
        Console.WriteLine($"unexpected {(int)res.StatusCode} for {vu.User} at {url} {res.Headers.Location}: {Encoding.UTF8.GetString(body)[..Math.Min(body.Length, 300)]}");
    return ((int)res.StatusCode, body.Length);
}

/// <summary>The console's sign-in form, as a browser fills it: the page (antiforgery cookie and field), then the post; the answer must redirect.</summary>
static async Task SignInAsync(HttpClient http, VirtualUser vu)
{
    using (var page = new HttpRequestMessage(HttpMethod.Get, "/login"))
    using (var res = await http.SendAsync(page))
    {
        vu.Take(res);
        var html = await res.Content.ReadAsStringAsync();
        var m = Regex.Match(html, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"");
        if (!m.Success) m = Regex.Match(html, "value=\"([^\"]+)\"[^>]*name=\"__RequestVerificationToken\"");
        if (!m.Success) throw new InvalidOperationException("the sign-in page has no antiforgery field");
        using var post = new HttpRequestMessage(HttpMethod.Post, "/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login", ["__RequestVerificationToken"] = WebUtility.HtmlDecode(m.Groups[1].Value), ["Input.UserName"] = vu.User, ["Input.Password"] = DemoSeeder.Password,
            }),
        };
        post.Headers.Add("Cookie", vu.CookieHeader);
        using var signed = await http.SendAsync(post);
        vu.Take(signed);
        if (signed.StatusCode != HttpStatusCode.Found || !vu.Cookies.ContainsKey("parkops.auth"))
            throw new InvalidOperationException($"{vu.User} could not sign in: {(int)signed.StatusCode} {await signed.Content.ReadAsStringAsync()}");
    }
}

/// <summary>
/// The main pages of a role's menu (src/ParkOps.Web/Components/Layout/NavMenu.razor) for the demo park, in menu order,
/// with their route templates (the pages' @page). No page that writes, no detail page of one record.
/// </summary>
static List<(string Template, string Url)> Walk(string role, string user, DemoIds ids)
{
    var p = ids.ParkId;
    (string, string) Park(string rest) => ($"/parks/{{ParkId}}{rest}", $"/parks/{p}{rest}");
    switch (role)
    {
        case "operator":
            return [("/", "/"), ("/inbox", "/inbox"), Park("/dashboard"), Park("/enterprises"), Park("/reporting"), Park("/mujun"), Park("/contribution"), Park("/spaces"), Park("/leases"),
                Park("/lease-board"), Park("/rent-calculator"), Park("/bills"), Park("/arrears"), Park("/reserve-fund"), Park("/meters"), Park("/tickets"), Park("/resources"),
                Park("/service-orders"), Park("/revenue-structure"), Park("/risk"), Park("/market"), Park("/market/board"), ("/collaborations", "/collaborations"), Park("/pools"),
                ("/users", "/users"), ("/audit", "/audit")];
        case "tenant":
            var e = ids.EnterpriseOf[user];
            return [("/", "/"), ("/inbox", "/inbox"), ("/enterprises/{Id}", $"/enterprises/{e}"), ("/reporting/enterprises/{EnterpriseId}/reports", $"/reporting/enterprises/{e}/reports"),
                ("/enterprises/{Id}/mujun", $"/enterprises/{e}/mujun"), ("/enterprises/{Id}/contribution", $"/enterprises/{e}/contribution"), Park("/spaces"), Park("/leases"),
                Park("/rent-calculator"), Park("/bills"), ("/enterprises/{EnterpriseId}/reserve-fund", $"/enterprises/{e}/reserve-fund"), Park("/meters"), Park("/tickets"),
                Park("/resources"), Park("/bookings/mine"), Park("/my-services"), Park("/market"), Park("/market/board"), ("/collaborations", "/collaborations"), Park("/pools")];
        case "gov":
            return [("/", "/"), ("/inbox", "/inbox"), Park("/dashboard"), Park("/enterprises"), Park("/reporting/submissions"), Park("/mujun"), Park("/contribution"), Park("/spaces"),
                Park("/lease-board"), Park("/arrears"), Park("/reserve-fund"), Park("/tickets/report"), Park("/resources"), Park("/revenue-structure"), Park("/risk-summary"),
                Park("/market"), Park("/market/board"), ("/collaborations", "/collaborations"), Park("/pools")];
        case "admin":
            return [("/", "/"), ("/inbox", "/inbox"), Park("/enterprises"), Park("/mujun"), Park("/bills"), Park("/risk"), Park("/market"),
                ("/admin/parks", "/admin/parks"), ("/admin/lexicon", "/admin/lexicon"), ("/users", "/users"), ("/audit", "/audit")];
        case "contractor":
            return [("/", "/"), ("/inbox", "/inbox"), ($"/parks/{{ParkId}}/tickets", $"/parks/{ids.ContractorParkId}/tickets")];
        default: throw new ArgumentOutOfRangeException(nameof(role), role, null);
    }
}

/// <summary>The demo park (DG-CA-01), the enterprises of the demo tenants and the contractor's park, read from the seeded database.</summary>
static async Task<DemoIds> DemoIdsAsync(WebApplication app)
{
    await using var scope = app.Services.CreateAsyncScope();
    scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(ActorScope.System);
    var db = scope.ServiceProvider.GetRequiredService<ParkOpsDb>();
    var park = await db.Parks.Where(p => p.Code == "DG-CA-01").Select(p => p.Id).SingleAsync();
    var grants = (await db.Users.Include(u => u.Grants).Where(u => u.UserName == "tenant" || u.UserName == "tenant2" || u.UserName == "contractor").ToListAsync())
        .SelectMany(u => u.Grants.Select(g => new { u.UserName, g.Role, g.EnterpriseId, g.ParkId })).ToList();
    return new DemoIds(park,
        grants.Where(g => g.Role == Role.EnterpriseUser).ToDictionary(g => g.UserName, g => g.EnterpriseId!.Value),
        grants.Single(g => g.Role == Role.Contractor).ParkId!.Value);
}

/// <summary>A well-formed HTML page of exactly <paramref name="size"/> bytes.</summary>
static byte[] BareBody(int size)
{
    const string head = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>bare</title></head><body><p>";
    const string tail = "</p></body></html>";
    var fill = Math.Max(0, size - Encoding.UTF8.GetByteCount(head + tail));
    return Encoding.UTF8.GetBytes(head + new string('x', fill) + tail);
}

List<(string User, string Role, int Count)> UserCounts()
{
    // the shares scaled to --users, largest remainders first, so they add up to exactly --users
    var total = mix.Sum(m => m.Share);
    var exact = mix.Select(m => (m.User, m.Role, Exact: (double)m.Share * users / total)).ToList();
    var counts = exact.Select(x => (x.User, x.Role, Count: (int)Math.Floor(x.Exact))).ToList();
    var missing = users - counts.Sum(c => c.Count);
    foreach (var i in Enumerable.Range(0, exact.Count).OrderByDescending(i => exact[i].Exact - Math.Floor(exact[i].Exact)).Take(missing))
        counts[i] = (counts[i].User, counts[i].Role, counts[i].Count + 1);
    return counts.Where(c => c.Count > 0).ToList();
}

static string LoadAverage()
{
    try { return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
    catch (IOException) { return "n/a"; }
    catch (UnauthorizedAccessException) { return "n/a"; }
}

static string Verdict(int count, double p95) => count == 0 ? "—" : p95 <= TargetMs ? "pass" : "**fail**";

static int FreePort() => ParkOps.Bench.BenchDatabase.FreePort();

int Arg(string name, int def) => ArgS(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : def;
string? ArgS(string name) { var i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? args[i + 1] : null; }

/// <summary>One signed-in person: the cookies the server set (kept by hand, like a browser) and the pages it walks round.</summary>
sealed class VirtualUser(string user, string role, (int Page, string Url)[] walk)
{
    public string User { get; } = user;
    public string Role { get; } = role;
    public (int Page, string Url)[] Walk { get; } = walk;
    public Dictionary<string, string> Cookies { get; } = [];
    private string _header = "";

    public string CookieHeader => _header;

    /// <summary>Keeps what an answer sets (a sliding sign-in renews its cookie) and forgets what it deletes.</summary>
    public void Take(HttpResponseMessage res)
    {
        if (!res.Headers.TryGetValues("Set-Cookie", out var set)) return;
        foreach (var header in set)
        {
            var nameValue = header.Split(';')[0];
            var eq = nameValue.IndexOf('=');
            var (name, value) = (nameValue[..eq].Trim(), nameValue[(eq + 1)..].Trim());
            if (value.Length == 0 || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase)) Cookies.Remove(name);
            else Cookies[name] = value;
        }
        _header = string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}"));
    }
}

readonly record struct Sample(int Page, double Ms, int Status, int Bytes);

sealed record Stats(int Count, int Errors, double P50, double P95, double P99)
{
    public static Stats Of(IEnumerable<Sample> samples)
    {
        var list = samples.ToList();
        var ms = list.Select(s => s.Ms).Order().ToList();
        return new Stats(list.Count, list.Count(s => s.Status != 200), Pct(ms, 0.50), Pct(ms, 0.95), Pct(ms, 0.99));
    }

    private static double Pct(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
}

sealed record DemoIds(long ParkId, Dictionary<string, long> EnterpriseOf, long ContractorParkId);

sealed record PageResult(string Template, string Role, int Count, int Errors, double P50, double P95, double P99, int MedianBytes);

sealed record EngineResult(string Engine, string LoadAverage, double Seconds, double BareSeconds, Stats All, Stats Bare, int MedianBytes, List<PageResult> Pages, List<string> ErrorSamples);

/// <summary>The first few unexpected answers are printed, so a broken run says why.</summary>
static class Odd { public static int Shown; }
