using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Tests.Infrastructure;
using ParkOps.Domain.Pricing;

namespace ParkOps.Web.Tests.Imports;

[Collection(DemoCollection.Name)]
public sealed class UnitImportTests(ParkOpsFactory app)
{
    private static readonly string[] Header = ["楼栋", "楼层", "单元编号", "面积（㎡）", "用途", "承重", "状态"];

    private static string Url(long parkId, bool dryRun) => $"/api/v1/parks/{parkId}/units:import?dryRun={(dryRun ? "true" : "false")}";

    /// <summary>Unit codes of this test run's own (codes are unique per park).</summary>
    private static string Prefix() => "T" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    private static List<JsonElement> Problems(JsonElement report) => [.. report.GetProperty("problems").EnumerateArray()];

    [Fact]
    public async Task Import_CleanUnits_CreatesThemOnTheirFloorsWithDefaults()
    {
        var parkId = await ImportPark.EnsureAsync(app);
        var p = Prefix();
        var xlsx = TestFiles.Xlsx(Header,
            [ImportPark.Building, 1, $"{p}-101", 612.5m, "厂房", 3, "空置"],
            [ImportPark.Building, "3F", $"{p}-301", 300, "研发", null, "预留"],
            [ImportPark.Building, 2, $"{p}-201", "450.25", "Office", "0.8", null]);
        var client = await app.LoginAsync(ImportPark.Operator);

        var res = await client.PostAsync(Url(parkId, false), TestFiles.Form(xlsx, "units.xlsx"));

        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        (await res.JsonAsync()).GetProperty("created").GetInt32().ShouldBe(3);
        var units = await app.WithDbAsync(db => (from u in db.Units.IgnoreQueryFilters()
                                                 join f in db.Floors.IgnoreQueryFilters() on u.FloorId equals f.Id
                                                 where u.ParkId == parkId && u.Code.StartsWith(p)
                                                 select new { u.Code, f.Number, u.AreaSqm, u.Use, u.LoadTonsPerSqm, u.Status }).ToListAsync());
        units.Count.ShouldBe(3);
        units.Single(u => u.Code == $"{p}-101").ShouldBe(new { Code = $"{p}-101", Number = 1, AreaSqm = 612.5m, Use = SpaceUse.Factory, LoadTonsPerSqm = 3m, Status = UnitStatus.Vacant });
        units.Single(u => u.Code == $"{p}-301").ShouldBe(new { Code = $"{p}-301", Number = 3, AreaSqm = 300m, Use = SpaceUse.Lab, LoadTonsPerSqm = 0.8m, Status = UnitStatus.Reserved });
        units.Single(u => u.Code == $"{p}-201").ShouldBe(new { Code = $"{p}-201", Number = 2, AreaSqm = 450.25m, Use = SpaceUse.Office, LoadTonsPerSqm = 0.8m, Status = UnitStatus.Vacant });
    }

    [Fact]
    public async Task Import_UnknownBuildingHighFloorAndBadValues_Gives422WithEveryProblemAndWritesNothing()
    {
        var parkId = await ImportPark.EnsureAsync(app);
        var p = Prefix();
        var xlsx = TestFiles.Xlsx(Header,
            [ImportPark.Building, 1, $"{p}-101", 600, "厂房", null, null],
            ["9号楼", 1, $"{p}-102", 600, "厂房", null, null],
            [ImportPark.Building, 6, $"{p}-601", 600, "厂房", null, null],
            [ImportPark.Building, 1, $"{p}-101", 600, "厂房", null, null],
            [ImportPark.Building, 1, $"{p}-103", "大约六百", "食堂", null, "已租"]);
        var client = await app.LoginAsync(ImportPark.Operator);

        var res = await client.PostAsync(Url(parkId, false), TestFiles.Form(xlsx, "units.xlsx"));

        res.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var problems = Problems((await res.JsonAsync()).GetProperty("report"))
            .Select(x => (x.GetProperty("row").GetInt32(), x.GetProperty("column").GetString(), x.GetProperty("rule").GetString())).ToList();
        problems.ShouldBe([
            (3, "楼栋", "BuildingMustBelongToPark"),
            (4, "楼层", "FloorMustExistInBuilding"),
            (5, "单元编号", "UnitCodeMustBeUniqueInFile"),
            (6, "面积（㎡）", "ValueMustBeReadable"),
            (6, "用途", "ValueMustBeReadable"),
            (6, "状态", "LeasedStatusComesFromLease"),
        ]);
        (await app.WithDbAsync(db => db.Units.IgnoreQueryFilters().CountAsync(u => u.Code.StartsWith(p)))).ShouldBe(0);
    }

    [Fact]
    public async Task Import_UnitCodeAlreadyInPark_IsReported()
    {
        var demoPark = await app.ParkIdAsync();
        var csv = TestFiles.Csv("utf8", "楼栋,楼层,单元编号,面积,用途", "1号厂房,1,1-101,600,厂房");
        var client = await app.LoginAsync("operator");

        var res = await client.PostAsync(Url(demoPark, true), TestFiles.Form(csv, "units.csv"));

        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var problem = Problems(await res.JsonAsync()).ShouldHaveSingleItem();
        problem.GetProperty("rule").GetString().ShouldBe("UnitCodeMustBeUnique");
        problem.GetProperty("column").GetString().ShouldBe("单元编号");
    }

    [Fact]
    public async Task Import_MissingRequiredColumn_Gives400NamingIt()
    {
        var parkId = await ImportPark.EnsureAsync(app);
        var csv = TestFiles.Csv("utf8", "楼栋,单元编号,面积,用途,备注", "1号楼,X-1,100,厂房,靠近电梯");
        var client = await app.LoginAsync(ImportPark.Operator);

        var res = await client.PostAsync(Url(parkId, true), TestFiles.Form(csv, "units.csv"));

        res.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await res.JsonAsync()).GetProperty("errors").GetProperty("file")[0].GetString().ShouldBe(Texts.Zh("Import.ColumnsMissing", "楼层"));
    }

    [Fact]
    public async Task Export_Units_ReadsBackThroughTheImporter()
    {
        var demoPark = await app.ParkIdAsync();
        var op = await app.LoginAsync("operator");
        var total = await app.WithDbAsync(db => db.Units.IgnoreQueryFilters().CountAsync(u => u.ParkId == demoPark));

        var export = await op.GetAsync($"/api/v1/parks/{demoPark}/units/export");

        export.StatusCode.ShouldBe(HttpStatusCode.OK);
        export.Content.Headers.ContentDisposition!.FileNameStar!.ShouldMatch(@"^units-DG-CA-01-\d{8}\.xlsx$");
        var dry = await op.PostAsync(Url(demoPark, true), TestFiles.Form(await export.Content.ReadAsByteArrayAsync(), "units.xlsx"));
        var report = await dry.JsonAsync();
        report.GetProperty("rows").GetInt32().ShouldBe(total);
        report.GetProperty("ignoredColumns").EnumerateArray().Single().GetProperty("column").GetString().ShouldBe("承租企业");
        // every unit is already there, so every row is a duplicate code (and leased ones also say so)
        Problems(report).Where(x => x.GetProperty("rule").GetString() == "UnitCodeMustBeUnique").Count().ShouldBe(total);
    }

    [Fact]
    public async Task Export_Units_HonoursTheStatusFilter()
    {
        var demoPark = await app.ParkIdAsync();
        var op = await app.LoginAsync("operator");
        var vacant = await app.WithDbAsync(db => db.Units.IgnoreQueryFilters().CountAsync(u => u.ParkId == demoPark && u.Status == UnitStatus.Vacant));

        var export = await op.GetAsync($"/api/v1/parks/{demoPark}/units/export?status=Vacant");
        export.StatusCode.ShouldBe(HttpStatusCode.OK);

        var dry = await op.PostAsync(Url(demoPark, true), TestFiles.Form(await export.Content.ReadAsByteArrayAsync(), "vacant.xlsx"));
        (await dry.JsonAsync()).GetProperty("rows").GetInt32().ShouldBe(vacant);
    }

    [Theory]
    [InlineData("admin", HttpStatusCode.OK)]
    [InlineData("operator", HttpStatusCode.OK)]
    [InlineData("tenant", HttpStatusCode.Forbidden)]
    public async Task Export_AuditLog_IsForOperatorsAndAdmins(string user, HttpStatusCode expected)
    {
        var client = await app.LoginAsync(user);

        var res = await client.GetAsync("/api/v1/audit/export?entity=Enterprise");

        res.StatusCode.ShouldBe(expected);
        if (expected == HttpStatusCode.OK)
            res.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    }

    [Fact]
    public async Task Template_UnknownKind_Gives404()
    {
        var client = await app.LoginAsync("operator");
        (await client.GetAsync("/api/v1/imports/templates/leases.xlsx")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
