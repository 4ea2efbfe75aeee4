using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Tests.Infrastructure;
using static ParkOps.Web.Tests.Foundation.FoundationApi;
using ParkOps.Domain.Pricing;

namespace ParkOps.Web.Tests.Foundation;

/// <summary>Units over HTTP: create, read, change, filter. A host of its own: new units move the demo park's occupancy.</summary>
public sealed class SpaceTests(ParkOpsFactory app) : IClassFixture<ParkOpsFactory>
{
    private async Task<(HttpClient Op, long Park, long Building)> OperatorAsync()
    {
        var park = await app.ParkIdAsync();
        var building = await app.WithDbAsync(db => db.Buildings.Where(b => b.ParkId == park && b.FloorCount >= 3).OrderBy(b => b.Id).Select(b => b.Id).FirstAsync());
        return (await app.LoginAsync("operator"), park, building);
    }

    private static JsonObject NewUnit(long building, string code, decimal area = 123.45m, int floor = 2) => new()
    {
        ["buildingId"] = building, ["floorNumber"] = floor, ["code"] = code, ["areaSqm"] = area, ["use"] = "Lab", ["loadTonsPerSqm"] = 0.8m, ["status"] = "Vacant",
    };

    [Fact]
    public async Task CreateUnit_ValidInput_Gives201WithTheUnit()
    {
        var (op, park, building) = await OperatorAsync();
        var code = Unique("T-");
        var before = await app.CountsAsync();
        var res = await op.PostAsync($"/api/v1/parks/{park}/units", Json(NewUnit(building, code)));
        res.StatusCode.ShouldBe(HttpStatusCode.Created, await res.Content.ReadAsStringAsync());
        var unit = await res.JsonAsync();
        res.Headers.Location!.ToString().ShouldBe($"/api/v1/units/{unit.GetProperty("id").GetInt64()}");
        unit.Str("code").ShouldBe(code);
        unit.GetProperty("areaSqm").GetDecimal().ShouldBe(123.45m);
        unit.GetProperty("floorNumber").GetInt32().ShouldBe(2);
        unit.Str("status").ShouldBe("Vacant");
        (await app.CountsAsync()).Units.ShouldBe(before.Units + 1);
    }

    [Fact]
    public async Task GetUnit_AsOperator_ShowsItsOccupant()
    {
        var (op, park, _) = await OperatorAsync();
        var leased = await app.WithDbAsync(db => db.Units.Where(u => u.ParkId == park && u.OccupantEnterpriseId != null).OrderBy(u => u.Id).FirstAsync());
        var res = await op.GetAsync($"/api/v1/units/{leased.Id}");
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        var unit = await res.JsonAsync();
        unit.GetProperty("occupantEnterpriseId").GetInt64().ShouldBe(leased.OccupantEnterpriseId!.Value);
        unit.Str("occupantName").ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task UpdateUnit_NewArea_IsReturnedAndStored()
    {
        var (op, park, building) = await OperatorAsync();
        var code = Unique("U-");
        await app.WithDbAsync(async db =>
        {
            var floor = await db.Floors.Where(f => f.BuildingId == building && f.Number == 1).Select(f => f.Id).FirstAsync();
            db.Units.Add(new Unit { ParkId = park, BuildingId = building, FloorId = floor, Code = code, AreaSqm = 100m, Use = SpaceUse.Factory, LoadTonsPerSqm = 3m, Status = UnitStatus.Vacant });
            return await db.SaveChangesAsync();
        });
        var id = await app.WithDbAsync(db => db.Units.Where(u => u.Code == code && u.ParkId == park).Select(u => u.Id).SingleAsync());
        var res = await op.PutAsync($"/api/v1/units/{id}", Json(NewUnit(building, code, 250.5m, 1)));
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        (await res.JsonAsync()).GetProperty("areaSqm").GetDecimal().ShouldBe(250.5m);
        (await app.WithDbAsync(db => db.Units.SingleAsync(u => u.Id == id))).AreaSqm.ShouldBe(250.5m);
    }

    [Fact]
    public async Task ListUnits_FilteredByBuildingAndStatus_HoldsOnlyThose()
    {
        var (op, park, building) = await OperatorAsync();
        var expected = await app.WithDbAsync(db => db.Units.CountAsync(u => u.BuildingId == building && u.Status == UnitStatus.Leased));
        expected.ShouldBeGreaterThan(0);
        var res = await op.GetAsync($"/api/v1/parks/{park}/units?buildingId={building}&status=Leased");
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        var page = await res.JsonAsync();
        page.GetProperty("total").GetInt32().ShouldBe(expected);
        page.GetProperty("items").EnumerateArray().ShouldAllBe(u => u.GetProperty("buildingId").GetInt64() == building && u.Str("status") == "Leased");
    }

    [Fact]
    public async Task ListUnits_SearchByUnitCode_FindsIt()
    {
        var (op, park, _) = await OperatorAsync();
        var code = await app.WithDbAsync(db => db.Units.Where(u => u.ParkId == park).OrderBy(u => u.Id).Select(u => u.Code).FirstAsync());
        var res = await op.GetAsync($"/api/v1/parks/{park}/units?search={Uri.EscapeDataString(code)}");
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        (await res.JsonAsync()).GetProperty("items").EnumerateArray().Select(u => u.Str("code")).ShouldContain(code);
    }

    [Fact]
    public async Task ListUnits_Unfiltered_DefaultsToPagesOf500()
    {
        var (op, park, _) = await OperatorAsync();
        var page = await (await op.GetAsync($"/api/v1/parks/{park}/units")).JsonAsync();
        page.GetProperty("pageSize").GetInt32().ShouldBe(500);
        page.GetProperty("total").GetInt32().ShouldBe(await app.WithDbAsync(db => db.Units.CountAsync(u => u.ParkId == park)));
    }
}
