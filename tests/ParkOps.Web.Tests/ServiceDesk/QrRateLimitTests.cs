using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Features.ServiceDesk;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.ServiceDesk;

/// <summary>The demo park on a host that lets the anonymous QR link take only two tickets a minute per address.</summary>
public sealed class StrictQrParkOpsFactory : ParkOpsFactory
{
    public const int Permits = 2;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ParkOps:ServiceDesk:QrPermitsPerMinute", Permits.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

public sealed class QrRateLimitTests(StrictQrParkOpsFactory app) : IClassFixture<StrictQrParkOpsFactory>
{
    [Fact]
    public async Task QrLink_MoreSubmissionsThanPermitted_Get429AndCreateNothing()
    {
        var token = await app.WithDbAsync(db => db.UnitQrCodes.OrderBy(q => q.Id).Select(q => q.Token).FirstAsync());
        var anonymous = app.Anonymous();
        var before = await app.WithDbAsync(db => db.Tickets.CountAsync());
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < StrictQrParkOpsFactory.Permits + 2; i++)
            codes.Add((await anonymous.PostAsJsonAsync($"/api/v1/qr/{token}/tickets", new { category = "repair", title = "限流 " + i })).StatusCode);
        codes.ShouldBe([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests]);
        (await app.WithDbAsync(db => db.Tickets.CountAsync())).ShouldBe(before + StrictQrParkOpsFactory.Permits);
    }
}
