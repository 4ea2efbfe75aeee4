using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Browser.Tests.Infrastructure;

/// <summary>
/// The web tests' host (real database, demo park; the engine is chosen by PARKOPS_TEST_PROVIDER) served by Kestrel
/// on a free loopback port, so a real browser can reach it.
/// </summary>
public sealed class BrowserApp : ParkOpsFactory
{
    public BrowserApp() => UseKestrel(0);

    /// <summary>The only host of its run: a template would be one more seed, not one fewer.</summary>
    protected override bool CopiesTemplate => false;

    /// <summary>The address Kestrel listens on, e.g. http://127.0.0.1:41235 (the server is started on first use).</summary>
    public string BaseUrl => _baseUrl ??= Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
        .Select(a => a.Replace("://[::]", "://127.0.0.1").Replace("://+", "://127.0.0.1").Replace("://*", "://127.0.0.1").Replace("://localhost", "://127.0.0.1"))
        .First().TrimEnd('/');

    private string? _baseUrl;
}

/// <summary>All browser test classes share one demo host; each class launches its own Chromium.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserApp>
{
    public const string Name = "browser";
}
