using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Users;

namespace ParkOps.Web.Tests.Infrastructure;

/// <summary>
/// The test server has no network: this sets the connection's remote address from the header <see cref="Header"/>,
/// before anything else runs, so a test can send a request as a reverse proxy (or any other peer) would. The forwarded
/// headers middleware then decides by that address whether to believe <c>X-Forwarded-*</c>.
/// </summary>
public sealed class PeerAddressStartupFilter : IStartupFilter
{
    public const string Header = "X-Test-Peer";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((http, n) =>
        {
            if (http.Request.Headers.TryGetValue(Header, out var peer)) http.Connection.RemoteIpAddress = IPAddress.Parse(peer.ToString());
            return n(http);
        });
        next(app);
    };
}

/// <summary>
/// The demo park on a host with a <see cref="ManualClock"/> whose requests can come from chosen peers, and whose
/// password checks are counted per account (<see cref="Hasher"/>).
/// </summary>
public class ProxiedParkOpsFactory : ParkOpsFactory
{
    public ManualClock Clock { get; } = new();
    public CountingPasswordHasher Hasher { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s =>
        {
            s.RemoveAll<TimeProvider>();
            s.AddSingleton<TimeProvider>(Clock);
            s.AddSingleton<IStartupFilter, PeerAddressStartupFilter>();
            s.RemoveAll<IPasswordHasher<User>>();
            s.AddSingleton<IPasswordHasher<User>>(Hasher);
        });
    }
}

/// <summary>ASP.NET Core's hasher, counting how often each account's password was checked (the work a guess costs).</summary>
public sealed class CountingPasswordHasher : IPasswordHasher<User>
{
    private readonly PasswordHasher<User> _inner = new();
    private readonly ConcurrentDictionary<string, int> _checks = new();

    public int ChecksOf(string userName) => _checks.GetValueOrDefault(userName);

    public string HashPassword(User user, string password) => _inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(User user, string hashedPassword, string providedPassword)
    {
        _checks.AddOrUpdate(user.UserName, 1, (_, n) => n + 1);
        return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}

/// <summary>An empty host (no demo) whose requests can come from chosen peers; tests set <see cref="ParkOpsFactory.Security"/> before first use.</summary>
public class PeerParkOpsFactory : ParkOpsFactory
{
    protected override bool SeedDemo => false;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.AddSingleton<IStartupFilter, PeerAddressStartupFilter>());
    }
}

/// <summary>The rate limiter's host: few sign-in attempts per minute, requests from chosen peers.</summary>
public sealed class StrictPeerParkOpsFactory : PeerParkOpsFactory
{
    public StrictPeerParkOpsFactory() => Security.LoginPermitsPerMinute = StrictLoginParkOpsFactory.Permits;
}

/// <summary>A host that trusts only the proxy 10.9.8.7 and the network 10.20.0.0/16 (not loopback).</summary>
public sealed class ConfiguredProxyParkOpsFactory : PeerParkOpsFactory
{
    public const string Proxy = "10.9.8.7";
    public const string Network = "10.20.0.0/16";

    public ConfiguredProxyParkOpsFactory()
    {
        Security.KnownProxies = [Proxy];
        Security.KnownNetworks = [Network];
    }
}

/// <summary>A host whose OpenAPI document and page are open to anonymous users (ParkOps:Security:OpenApiAnonymous=true).</summary>
public sealed class OpenDocsParkOpsFactory : ParkOpsFactory
{
    protected override bool SeedDemo => false;
    public OpenDocsParkOpsFactory() => Security.OpenApiAnonymous = true;
}

/// <summary>
/// A second app process on the database (and data-protection keys) of <paramref name="first"/>, as two instances behind
/// one load balancer: each has its own caches, only the database is shared.
/// </summary>
public sealed class SecondProcessFactory(ParkOpsFactory first) : ParkOpsFactory
{
    protected override bool SeedDemo => false;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ParkOps:DataProtection:KeysPath", first.Services.GetRequiredService<IConfiguration>()["ParkOps:DataProtection:KeysPath"]);
        builder.ConfigureServices(s =>
        {
            s.RemoveAll<DatabaseOptions>();
            s.AddSingleton(first.Database);
        });
    }
}

public static class PeerClients
{
    /// <summary>A client whose requests come from <paramref name="peer"/>, optionally forwarding for a client and a scheme.</summary>
    public static HttpClient ClientFrom(this ParkOpsFactory app, string peer, string? forwardedFor = null, string? forwardedProto = null, bool cookies = true)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = cookies });
        client.DefaultRequestHeaders.Add(PeerAddressStartupFilter.Header, peer);
        if (forwardedFor is not null) client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        if (forwardedProto is not null) client.DefaultRequestHeaders.Add("X-Forwarded-Proto", forwardedProto);
        return client;
    }
}
