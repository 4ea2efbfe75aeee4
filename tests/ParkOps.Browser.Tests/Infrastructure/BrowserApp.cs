using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Browser.Tests.Infrastructure;

/// <summary>
/// The web tests' host (real database, demo park; the engine is chosen by PARKOPS_TEST_PROVIDER) served by Kestrel
/// on a free loopback port, so a real browser can reach it.
/// </summary>
public sealed class BrowserApp : ParkOpsFactory
{
    public BrowserApp() => UseKestrel(0);

    /// <summary>The server's clock: the real time plus an offset a test may move (and must put back).</summary>
    public ShiftedClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // the live ticket board reads its list again every second here (15 s in production), so a test waits little
        builder.UseSetting("ParkOps:Live:TicketPollSeconds", "1");
        builder.UseSetting("ParkOps:Live:JobPollSeconds", "1");
        builder.UseSetting("ParkOps:Live:CalendarPollSeconds", "1");
        builder.ConfigureServices(s =>
        {
            s.RemoveAll<TimeProvider>();
            s.AddSingleton<TimeProvider>(Clock);
        });
    }

    // a run has two of these (one per collection below): both start on a copy of one seeded template (one seed, not two)

    /// <summary>The address Kestrel listens on, e.g. http://127.0.0.1:41235 (the server is started on first use).</summary>
    public string BaseUrl => _baseUrl ??= Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
        .Select(a => a.Replace("://[::]", "://127.0.0.1").Replace("://+", "://127.0.0.1").Replace("://*", "://127.0.0.1").Replace("://localhost", "://127.0.0.1"))
        .First().TrimEnd('/');

    private string? _baseUrl;
}

/// <summary>The system clock moved by an offset (zero unless a test moves it); timers run on real time.</summary>
public sealed class ShiftedClock : TimeProvider
{
    private long _offsetTicks;
    public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
    public void Reset() => Interlocked.Exchange(ref _offsetTicks, 0);
}

/// <summary>
/// The browser test classes share a demo host and a Chromium (a fresh context per test) within their collection; a
/// class is in this one unless it names <see cref="PageSweepCollection"/>.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserApp>, ICollectionFixture<ChromiumFixture>
{
    public const string Name = "browser";
}

/// <summary>
/// A second demo host and Chromium for the classes that sweep many pages (accessibility, the phone, the Chinese scan,
/// the policy and language checks), so xUnit runs them beside <see cref="BrowserCollection"/> (one collection per core
/// of a 2-core machine: while one stream waits on the server or the browser, the other runs). Each collection's tests
/// run one at a time on a database of their own, so no test sees another collection's changes half-way.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PageSweepCollection : ICollectionFixture<BrowserApp>, ICollectionFixture<ChromiumFixture>
{
    public const string Name = "browser: page sweeps";
}
