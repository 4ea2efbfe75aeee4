using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Features.Users;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Dashboard;

/// <summary>
/// A region of 2,100 parks read by a government viewer of it: the overview asks each contract once for all the parks,
/// with their ids as one parameter, so neither engine's limit on a statement's parameters (SQLite 32,766, PostgreSQL
/// 65,535) nor a list of thousands of ids in the SQL stands in the way.
/// </summary>
public sealed class RegionOfManyParksTests(ParkOpsFactory app) : IClassFixture<ParkOpsFactory>
{
    private const int Parks = 2_100;

    [Fact]
    public async Task RegionOfTwoThousandParks_ShowsEveryPark()
    {
        var region = await app.WithDbAsync(async db =>
        {
            var r = new Region { Name = "千园县", Code = "995001", Level = RegionLevel.County };
            db.Regions.Add(r);
            await db.SaveChangesAsync();
            var now = DateTime.UtcNow;
            db.Parks.AddRange(Enumerable.Range(0, Parks).Select(i => new Park { RegionId = r.Id, Name = $"千园{i}", Code = $"QY-{i:D5}", CreatedAt = now }));
            // the demo's government viewer also views this county
            var gov = await db.Users.SingleAsync(u => u.UserName == "gov");
            db.Add(new RoleGrant { UserId = gov.Id, Role = Role.GovernmentViewer, RegionId = r.Id });
            await db.SaveChangesAsync();
            return r.Id;
        });
        var res = await (await app.LoginAsync("gov")).GetAsync($"/api/v1/regions/{region}/parks-overview");
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        var body = await res.JsonAsync();
        var parks = body.GetProperty("parks").EnumerateArray().ToList();
        parks.Count.ShouldBe(Parks);
        // parks with nothing in them: no occupancy, no open alert
        parks[0].GetProperty("kpis").EnumerateArray().Single(k => k.GetProperty("kpi").GetString() == "occupancy").GetProperty("value").ValueKind.ShouldBe(JsonValueKind.Null);
        parks[^1].GetProperty("kpis").EnumerateArray().Single(k => k.GetProperty("kpi").GetString() == "openRiskAlerts").GetProperty("value").GetDecimal().ShouldBe(0m);
    }
}
