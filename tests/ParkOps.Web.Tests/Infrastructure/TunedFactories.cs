using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ParkOps.Web.Tests.Infrastructure;

/// <summary>A clock the test moves by hand: starts at the real now and only moves when told.</summary>
public sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.UtcNow;
    public override DateTimeOffset GetUtcNow() => _now;
    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>The demo park on a host whose <see cref="TimeProvider"/> is a <see cref="ManualClock"/>.</summary>
public sealed class ClockedParkOpsFactory : ParkOpsFactory
{
    public ManualClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s =>
        {
            s.RemoveAll<TimeProvider>();
            s.AddSingleton<TimeProvider>(Clock);
        });
    }
}

/// <summary>An empty host that allows only a few sign-in attempts per minute (the rate limiter's test).</summary>
public sealed class StrictLoginParkOpsFactory : ParkOpsFactory
{
    public const int Permits = 3;
    protected override bool SeedDemo => false;
    public StrictLoginParkOpsFactory() => Security.LoginPermitsPerMinute = Permits;
}

/// <summary>Starts a factory of its own for one test and disposes it (and its database) afterwards.</summary>
public sealed class OwnHost<T> : IAsyncDisposable where T : ParkOpsFactory, new()
{
    public T App { get; } = new();

    public static async Task<OwnHost<T>> StartAsync()
    {
        var h = new OwnHost<T>();
        await h.App.InitializeAsync();
        return h;
    }

    public async ValueTask DisposeAsync() => await ((IAsyncLifetime)App).DisposeAsync();
}
