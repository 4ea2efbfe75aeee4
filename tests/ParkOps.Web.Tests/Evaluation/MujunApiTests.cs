using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Features.Demo;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Evaluation;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Features.Reporting;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Evaluation;

/// <summary>The demo park's 亩均 evaluation over HTTP, on a host of its own (the tests publish and change reports).</summary>
public sealed class MujunApiTests(ClockedParkOpsFactory app) : IClassFixture<ClockedParkOpsFactory>
{
    private DateOnly Today => DateOnly.FromDateTime(Time.ToShanghai(app.Clock.GetUtcNow().UtcDateTime));
    private int Year => EvaluationDemo.DemoYear(Today);

    private async Task<JsonElement> ParkListAsync(string user, long park)
    {
        var res = await (await app.LoginAsync(user)).GetAsync($"/api/v1/parks/{park}/mujun?year={Year}");
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        return await res.JsonAsync();
    }

    [Fact]
    public async Task ParkResult_DemoYear_HoldsEveryClassWithTermsForTheOperator()
    {
        var rows = (await ParkListAsync("operator", await app.ParkIdAsync())).EnumerateArray().ToList();
        rows.Select(r => r.Str("class")).Distinct().Order().ShouldBe(["A", "B", "C", "D", "T"]);
        var rated = rows.First(r => r.Str("class") == "A");
        rated.GetProperty("score").GetDecimal().ShouldBeGreaterThan(0);
        var terms = rated.GetProperty("terms").EnumerateArray().ToList();
        terms.Count.ShouldBeOneOf(2, 6);
        terms.ShouldAllBe(t => t.GetProperty("benchmark").GetDecimal() > 0 && t.GetProperty("weight").GetDecimal() > 0);
        rows.Where(r => r.Str("class") == "T").ShouldAllBe(r => r.GetProperty("score").ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public async Task ParkResult_GovernmentViewer_SeesClassAndScoreButNoTerm()
    {
        var rows = (await ParkListAsync("gov", await app.ParkIdAsync())).EnumerateArray().ToList();
        rows.ShouldNotBeEmpty();
        rows.ShouldAllBe(r => r.GetProperty("terms").GetArrayLength() == 0);
        rows.Select(r => r.Str("class")).ShouldContain("A");
        rows.First(r => r.Str("class") == "A").GetProperty("score").ValueKind.ShouldBe(JsonValueKind.Number);
    }

    [Fact]
    public async Task ParkResult_EnterpriseUser_IsRefused()
    {
        var res = await (await app.LoginAsync("tenant")).GetAsync($"/api/v1/parks/{await app.ParkIdAsync()}/mujun?year={Year}");
        await res.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "MujunParkListNotForEnterprises");
    }

    [Fact]
    public async Task EnterpriseResult_Own_TaxPerMuIsTheYearsTaxOverAllocatedLand()
    {
        var e = await app.EnterpriseOfAsync("tenant");
        // the expectation from the stored rows: Σ tax of the four reports ÷ (building land × occupied area ÷ building floor area)
        var tax = await app.WithDbAsync(db => db.Set<QuarterlyReport>().Where(r => r.EnterpriseId == e && r.Year == Year).SumAsync(r => r.Tax));
        var land = await app.WithDbAsync(async db =>
        {
            var units = await db.Units.Where(u => u.OccupantEnterpriseId == e).Select(u => new { u.BuildingId, u.AreaSqm }).ToListAsync();
            var buildings = await db.Buildings.ToDictionaryAsync(b => b.Id);
            return units.Sum(u => buildings[u.BuildingId].LandMu * u.AreaSqm / buildings[u.BuildingId].FloorAreaSqm);
        });
        var res = await (await app.LoginAsync("tenant")).GetAsync($"/api/v1/enterprises/{e}/mujun?year={Year}");
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await res.JsonAsync();
        body.Str("sizeClass").ShouldBe("above");
        var terms = body.GetProperty("terms").EnumerateArray().ToList();
        terms.Count.ShouldBe(6);
        var t = terms.Single(x => x.Str("indicator") == "tax-per-mu");
        t.GetProperty("value").GetDouble().ShouldBe((double)(tax / land), 1e-5);
        t.GetProperty("benchmark").GetDecimal().ShouldBe(24.097m);
        t.GetProperty("weight").GetDecimal().ShouldBe(30m);
        t.GetProperty("points").GetDouble().ShouldBe(Math.Min((double)(tax / land) / 24.097 * 30, 45), 1e-3);
        var cls = body.Str("class");
        (body.GetProperty("lift").ValueKind == JsonValueKind.Null).ShouldBe(cls == "A");
        body.Str("supportPlan").ShouldBe(cls switch { "A" => "优先发展", "B" => "提升发展", "C" => "调控帮扶", _ => "倒逼整治" });
    }

    [Fact]
    public async Task EnterpriseResult_AnotherEnterprise_IsNotFound()
    {
        var other = await app.EnterpriseOfAsync("tenant2");
        var res = await (await app.LoginAsync("tenant")).GetAsync($"/api/v1/enterprises/{other}/mujun?year={Year}");
        await res.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task EnterpriseResult_ClassBelowA_LiftReachesTheLowestScoreOfTheNextClass()
    {
        var park = await app.ParkIdAsync();
        var rows = (await ParkListAsync("operator", park)).EnumerateArray().ToList();
        var c = rows.First(r => r.Str("class") == "C");
        var res = await (await app.LoginAsync("operator")).GetAsync($"/api/v1/enterprises/{c.GetProperty("enterpriseId").GetInt64()}/mujun?year={Year}");
        var body = await res.JsonAsync();
        var sizeAbove = body.Str("sizeClass") == "above";
        // the lowest B score of the same group, read from the stored results (not from the lift itself)
        var lowestB = await app.WithDbAsync(db => db.Set<MujunResultRow>()
            .Where(r => r.ParkId == park && r.Class == "B" && r.AboveScale == sizeAbove && db.Set<MujunRun>().Any(x => x.Id == r.RunId && x.Version == 1 && x.Year == Year))
            .MinAsync(r => r.RawScore!.Value));
        var lift = body.GetProperty("lift");
        lift.Str("targetClass").ShouldBe("B");
        var ownRaw = await app.WithDbAsync(db => db.Set<MujunResultRow>().Where(r => r.EnterpriseId == c.GetProperty("enterpriseId").GetInt64()
            && db.Set<MujunRun>().Any(x => x.Id == r.RunId && x.Version == 1 && x.Year == Year)).Select(r => r.RawScore!.Value).SingleAsync());
        lift.GetProperty("pointsLacking").GetDouble().ShouldBe(lowestB - ownRaw, 0.011);
    }

    [Fact]
    public async Task RunAndPublish_NewVersion_SetsEveryEvaluatedEnterprisesClass()
    {
        var park = await app.ParkIdAsync();
        var op = await app.LoginAsync("operator");
        // classes wiped first, so that only the publication can set them
        await app.WithDbAsync(db => db.Enterprises.Where(e => e.ParkId == park).ExecuteUpdateAsync(s => s.SetProperty(e => e.MuClass, (string?)null)));
        var draftRes = await op.PostAsJsonAsync($"/api/v1/parks/{park}/mujun/runs", new { year = Year });
        draftRes.StatusCode.ShouldBe(HttpStatusCode.Created, await draftRes.Content.ReadAsStringAsync());
        var draft = await draftRes.JsonAsync();
        draft.Str("state").ShouldBe("draft");
        var id = draft.GetProperty("id").GetInt64();
        var stored = await app.WithDbAsync(db => db.Enterprises.Where(e => e.ParkId == park && e.MuClass != null).CountAsync());
        stored.ShouldBe(0);

        var pub = await op.PostAsync($"/api/v1/parks/{park}/mujun/runs/{id}/publish", null);
        pub.StatusCode.ShouldBe(HttpStatusCode.OK, await pub.Content.ReadAsStringAsync());
        var published = await pub.JsonAsync();
        published.Str("state").ShouldBe("published");
        var version = published.GetProperty("version").GetInt32();
        version.ShouldBeGreaterThan(1); // the demo published version 1
        var expected = published.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("enterpriseId").GetInt64(), r => r.Str("class"));
        var ids = expected.Keys.ToArray();
        var classes = await app.WithDbAsync(db => db.Enterprises.Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.MuClass));
        classes.OrderBy(k => k.Key).Select(k => (k.Key, k.Value)).ShouldBe(expected.OrderBy(k => k.Key).Select(k => (k.Key, (string?)k.Value)));
        // each class names where it comes from: this year's evaluation, this version, and no operator's source (issue 15 §4)
        var provenance = await app.WithDbAsync(db => db.Enterprises.Where(e => ids.Contains(e.Id)).Select(e => new { e.MuClassYear, e.MuClassVersion, e.MuClassSource }).Distinct().ToListAsync());
        provenance.ShouldHaveSingleItem().ShouldBe(new { MuClassYear = (int?)Year, MuClassVersion = (int?)version, MuClassSource = (string?)null });

        var again = await op.PostAsync($"/api/v1/parks/{park}/mujun/runs/{id}/publish", null);
        await again.ShouldBeProblemAsync(HttpStatusCode.Conflict, "MujunRunAlreadyPublished");
        // the park list is the newest version's
        var list = await ParkListAsync("operator", park);
        list.EnumerateArray().Select(r => (r.GetProperty("enterpriseId").GetInt64(), r.Str("class"))).OrderBy(x => x.Item1).ShouldBe(expected.OrderBy(k => k.Key).Select(k => (k.Key, k.Value)));
    }

    [Fact]
    public async Task Run_MissingQuarterlyReport_LeavesTheFirmOutWithTheReason()
    {
        var park = await app.ParkIdAsync();
        var e = await app.EnterpriseOfAsync("tenant2");
        await app.WithDbAsync(db => db.Set<QuarterlyReport>().Where(r => r.EnterpriseId == e && r.Year == Year && r.QuarterNumber == 2)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, ReportState.Draft)));
        try
        {
            var res = await (await app.LoginAsync("operator")).PostAsJsonAsync($"/api/v1/parks/{park}/mujun/runs", new { year = Year });
            res.StatusCode.ShouldBe(HttpStatusCode.Created);
            var run = await res.JsonAsync();
            var left = run.GetProperty("notEvaluated").EnumerateArray().Single(n => n.GetProperty("enterpriseId").GetInt64() == e);
            left.Str("reason").ShouldBe("MujunReportsMissing");
            left.Str("detail").ShouldBe($"{Year}Q2");
            run.GetProperty("results").EnumerateArray().ShouldNotContain(r => r.GetProperty("enterpriseId").GetInt64() == e);
        }
        finally
        {
            await app.WithDbAsync(db => db.Set<QuarterlyReport>().Where(r => r.EnterpriseId == e && r.Year == Year && r.QuarterNumber == 2)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, ReportState.Submitted)));
        }
    }

    [Fact]
    public async Task Run_YearNotEnded_IsRefusedNamingTheYear()
    {
        var res = await (await app.LoginAsync("operator")).PostAsJsonAsync($"/api/v1/parks/{await app.ParkIdAsync()}/mujun/runs", new { year = Today.Year });
        await res.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "MujunYearNotEnded", "year");
    }

    [Theory]
    [InlineData(null)]
    [InlineData(1999)]
    public async Task Run_MissingOrImpossibleYear_IsABadRequestOnYear(int? year)
    {
        var res = await (await app.LoginAsync("operator")).PostAsJsonAsync($"/api/v1/parks/{await app.ParkIdAsync()}/mujun/runs", new { year });
        (await res.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("year");
    }

    [Fact]
    public async Task Run_ByEnterpriseUser_IsRefused()
    {
        var res = await (await app.LoginAsync("tenant")).PostAsJsonAsync($"/api/v1/parks/{await app.ParkIdAsync()}/mujun/runs", new { year = Year });
        await res.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyOperatorsMayRunMujun");
    }

    [Fact]
    public async Task Settings_AdminSetsABenchmark_NewVersionHoldsForTheRegionsRuns()
    {
        var region = await app.WithDbAsync(db => db.Regions.Where(r => r.Code == "441900118").Select(r => r.Id).SingleAsync());
        var admin = await app.LoginAsync("admin");
        var before = await (await admin.GetAsync($"/api/v1/regions/{region}/mujun-settings?year=2001")).JsonAsync();
        before.GetProperty("isDefault").GetBoolean().ShouldBeTrue();
        var put = await admin.PutAsJsonAsync($"/api/v1/regions/{region}/mujun-settings?year=2001", new { indicators = new[] { new { indicator = "tax-per-mu", weight = 30m, benchmark = 30m } } });
        put.StatusCode.ShouldBe(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        var after = await (await (await app.LoginAsync("operator")).GetAsync($"/api/v1/regions/{region}/mujun-settings?year=2001")).JsonAsync();
        after.GetProperty("version").GetInt32().ShouldBe(1);
        after.GetProperty("indicators").EnumerateArray().Single(i => i.Str("indicator") == "tax-per-mu").GetProperty("benchmark").GetDecimal().ShouldBe(30m);
        after.GetProperty("indicators").EnumerateArray().Single(i => i.Str("indicator") == "value-added-per-mu").GetProperty("benchmark").GetDecimal().ShouldBe(136.16m);
    }

    [Fact]
    public async Task Settings_SharesOutOfOrder_AreRefused()
    {
        var region = await app.WithDbAsync(db => db.Regions.Where(r => r.Code == "441900118").Select(r => r.Id).SingleAsync());
        var res = await (await app.LoginAsync("admin")).PutAsJsonAsync($"/api/v1/regions/{region}/mujun-settings?year=2002", new { shareA = 0.7m, shareB = 0.6m });
        await res.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "MujunSharesMustRise");
    }

    [Fact]
    public async Task Settings_Operator_MayNotEdit()
    {
        var region = await app.WithDbAsync(db => db.Regions.Where(r => r.Code == "441900118").Select(r => r.Id).SingleAsync());
        var res = await (await app.LoginAsync("operator")).PutAsJsonAsync($"/api/v1/regions/{region}/mujun-settings?year=2003", new { capFactor = 2m });
        await res.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyPlatformAdminsMayEditMujunSettings");
    }
}
