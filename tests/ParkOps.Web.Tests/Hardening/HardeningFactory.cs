using Microsoft.AspNetCore.Hosting;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Hardening;

/// <summary>
/// The demo park on a host of its own for the bad-input tests: they send thousands of requests (some of them through
/// the anonymous QR form, whose rate limit is raised here) and may leave odd but valid rows behind.
/// </summary>
public sealed class HardeningFactory : ParkOpsFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ParkOps:ServiceDesk:QrPermitsPerMinute", "1000000");
    }
}

[CollectionDefinition(Name)]
public sealed class HardeningCollection : ICollectionFixture<HardeningFactory>
{
    public const string Name = "hardening";
}
