using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Features.Leasing;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Features.Reporting;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Dashboard;

/// <summary>
/// The park dashboard and the region overview over HTTP (issue 14 §4): figures of the demo computed by hand (from the
/// demo's lists in <c>DemoSeeder</c>, or from the stored rows added up here), who sees what, and bad input.
/// </summary>
public sealed class DashboardTests(ParkOpsFactory app) : IClassFixture<ParkOpsFactory>
{
    private static JsonElement Kpi(JsonElement dashboard, string kpi) =>
        dashboard.GetProperty("kpis").EnumerateArray().Single(k => k.GetProperty("kpi").GetString() == kpi);

    private static decimal? Value(JsonElement kpi) => kpi.GetProperty("value").ValueKind == JsonValueKind.Null ? null : kpi.GetProperty("value").GetDecimal();

    private async Task<JsonElement> DashboardAsync(string user, long park, string query = "")
    {
        var res = await (await app.LoginAsync(user)).GetAsync($"/api/v1/parks/{park}/dashboard{query}");
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        return await res.JsonAsync();
    }

    [Fact]
    public async Task Park2_EnterpriseShares_AsTheDemoListsThem()
    {
        var park = await app.ParkIdAsync("DG-HM-01");
        var d = await DashboardAsync("operator2", park);
        // six firms in park 2, all admitted: C1810, C1713, M7491, C1810, C1830, C1713 — leading prefixes C17|C18: 5 of 6 = 83.3 %
        var leading = Kpi(d, "leadingIndustryShare");
        Value(leading).ShouldBe(83.3m);
        (leading.GetProperty("numerator").GetDecimal(), leading.GetProperty("denominator").GetDecimal()).ShouldBe((5m, 6m));
        leading.GetProperty("meets").GetBoolean().ShouldBeTrue();
        leading.GetProperty("target").GetDecimal().ShouldBe(70m);
        // stages 面料供应|印染整理|服装设计|成衣制造|品牌销售: all but 品牌销售 have a firm — 4 of 5 = 80.0 %, no target
        var chain = Kpi(d, "chainCompleteness");
        Value(chain).ShouldBe(80.0m);
        chain.GetProperty("meets").ValueKind.ShouldBe(JsonValueKind.Null);
        Kpi(d, "occupancy").GetProperty("unit").GetString().ShouldBe("percent");
        Kpi(d, "taxPerMu").GetProperty("unit").GetString().ShouldBe("wan-yuan-per-mu");
        d.GetProperty("kpis").GetArrayLength().ShouldBe(12);
        Kpi(d, "occupancy").GetProperty("trend").GetArrayLength().ShouldBe(8);
        Kpi(d, "occupancy").GetProperty("definition").GetString()!.ShouldContain("可出租面积");
    }

    [Fact]
    public async Task Park1_LeadingShareAndOccupancy_FromTheDemoAndTheStoredUnits()
    {
        var park = await app.ParkIdAsync("DG-CA-01");
        var d = await DashboardAsync("operator", park);
        // 38 listed, 2 applicants out (rejected one extra not in): 36 in the park; not in C38|C39|M745: C3399, C4014, G5990 ×2,
        // G5430, L7114 ×2, C3525, C2929, C2231 = 10 → 26 of 36 = 72.2 %
        var leading = Kpi(d, "leadingIndustryShare");
        (leading.GetProperty("numerator").GetDecimal(), leading.GetProperty("denominator").GetDecimal()).ShouldBe((26m, 36m));
        Value(leading).ShouldBe(72.2m);
        // all seven stages have a firm
        Value(Kpi(d, "chainCompleteness")).ShouldBe(100.0m);

        // occupancy today: the units' leasable area and the area of the leases holding a unit today, added up here
        var today = DateOnly.Parse(d.GetProperty("asOf").GetString()!);
        var (leasable, leased) = await app.WithDbAsync(async db =>
        {
            var units = await db.Units.IgnoreQueryFilters().Where(u => u.ParkId == park && u.Status != UnitStatus.NotLeasable).Select(u => u.AreaSqm).ToListAsync();
            var leases = await db.Leases.IgnoreQueryFilters().Where(l => l.ParkId == park && l.State != LeaseState.Intent && l.State != LeaseState.Approved
                && l.State != LeaseState.Cancelled && l.StartDate <= today && (l.TerminatedOn ?? l.EndDate) >= today).Select(l => l.Id).ToListAsync();
            var held = await db.LeaseUnits.IgnoreQueryFilters().Where(u => leases.Contains(u.LeaseId)).Select(u => new { u.UnitId, u.AreaSqm }).ToListAsync();
            return (units.Sum(), held.GroupBy(u => u.UnitId).Sum(g => g.First().AreaSqm));
        });
        var occupancy = Kpi(d, "occupancy");
        (occupancy.GetProperty("numerator").GetDecimal(), occupancy.GetProperty("denominator").GetDecimal()).ShouldBe((leased, leasable));
        Value(occupancy).ShouldBe(Math.Round(leased / leasable * 100, 1, MidpointRounding.AwayFromZero));
        occupancy.GetProperty("meets").GetBoolean().ShouldBe(Math.Round(leased / leasable * 100, 1, MidpointRounding.AwayFromZero) >= 85m);
    }

    [Fact]
    public async Task TaxPerMu_OfTheLastFullQuarter_IsItsSubmittedTaxOverTheLand()
    {
        var park = await app.ParkIdAsync("DG-CA-01");
        var now = DateOnly.FromDateTime(Time.ToShanghai(DateTime.UtcNow));
        var last = new ParkOps.Domain.Monitoring.Quarter(now.Year, (now.Month - 1) / 3 + 1).Previous;
        var d = await DashboardAsync("operator", park, $"?quarter={last}");
        d.GetProperty("quarter").GetString().ShouldBe(last.ToString());
        var taxes = await app.WithDbAsync(db => db.Set<QuarterlyReport>().IgnoreQueryFilters()
            .Where(r => r.ParkId == park && r.Year == last.Year && r.QuarterNumber == last.Number && r.State == ReportState.Submitted).Select(r => r.Tax).ToListAsync());
        taxes.Count.ShouldBeGreaterThan(0, "the demo files reports for the last quarter");
        var perMu = Kpi(d, "taxPerMu");
        // land of DG-CA-01: 126.5 亩
        perMu.GetProperty("denominator").GetDecimal().ShouldBe(126.5m);
        perMu.GetProperty("numerator").GetDecimal().ShouldBe(taxes.Sum());
        Value(perMu).ShouldBe(Math.Round(taxes.Sum() / 126.5m, 2, MidpointRounding.AwayFromZero));
    }

    [Fact]
    public async Task GovernmentViewer_ReadsTheSameFigures_ButNotTheListsBehindThem()
    {
        var park = await app.ParkIdAsync("DG-CA-01");
        var asOp = await DashboardAsync("operator", park);
        var asGov = await DashboardAsync("gov", park);
        foreach (var k in new[] { "occupancy", "leadingIndustryShare", "chainCompleteness", "openRiskAlerts", "serviceRevenueShare" })
            Value(Kpi(asGov, k)).ShouldBe(Value(Kpi(asOp, k)), k);
        asGov.GetProperty("itemsVisible").GetBoolean().ShouldBeFalse();
        asOp.GetProperty("itemsVisible").GetBoolean().ShouldBeTrue();
        await (await (await app.LoginAsync("gov")).GetAsync($"/api/v1/parks/{park}/dashboard/collaborationRate/items"))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "GovernmentSeesAggregatesOnly");
    }

    [Fact]
    public async Task Tenant_IsRefused_AndAnotherParksOperatorFindsNoPark()
    {
        var park = await app.ParkIdAsync("DG-CA-01");
        await (await (await app.LoginAsync("tenant")).GetAsync($"/api/v1/parks/{park}/dashboard"))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "ParkAggregatesAreForOperatorsAndGovernment");
        await (await (await app.LoginAsync("tenant")).GetAsync($"/api/v1/parks/{park}/dashboard/occupancy/items"))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "ParkAggregatesAreForOperatorsAndGovernment");
        (await (await app.LoginAsync("operator2")).GetAsync($"/api/v1/parks/{park}/dashboard")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Items_AddUpToTheNumerator()
    {
        var park = await app.ParkIdAsync("DG-CA-01");
        var op = await app.LoginAsync("operator");
        var d = await DashboardAsync("operator", park);
        foreach (var kpi in new[] { "occupancy", "collaborationRate", "leadingIndustryShare", "openRiskAlerts" })
        {
            var items = await (await op.GetAsync($"/api/v1/parks/{park}/dashboard/{kpi}/items")).JsonAsync();
            var rows = items.GetProperty("items").EnumerateArray().ToList();
            var counted = rows.Where(r => r.GetProperty("counted").GetBoolean()).ToList();
            var numerator = Kpi(d, kpi).GetProperty("numerator").GetDecimal();
            if (kpi == "occupancy") counted.Sum(r => r.GetProperty("value").GetDecimal()).ShouldBe(numerator, kpi);
            else counted.Count.ShouldBe((int)numerator, kpi);
            if (kpi is "collaborationRate" or "leadingIndustryShare") rows.Count.ShouldBe((int)Kpi(d, kpi).GetProperty("denominator").GetDecimal(), kpi);
        }
        var park2 = await app.ParkIdAsync("DG-HM-01");
        var stages = await (await (await app.LoginAsync("operator2")).GetAsync($"/api/v1/parks/{park2}/dashboard/chainCompleteness/items")).JsonAsync();
        var gaps = stages.GetProperty("items").EnumerateArray().Where(r => !r.GetProperty("counted").GetBoolean()).Select(r => r.GetProperty("label").GetString()).ToList();
        gaps.ShouldBe(["品牌销售"]);
        (await op.GetAsync($"/api/v1/parks/{park}/dashboard/nonsense/items")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Quarter_BadOrNotBegun_IsRefusedNamingTheField()
    {
        var park = await app.ParkIdAsync("DG-CA-01");
        var op = await app.LoginAsync("operator");
        await (await op.GetAsync($"/api/v1/parks/{park}/dashboard?quarter=2026Q9")).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "DashboardQuarterFormat", "quarter");
        await (await op.GetAsync($"/api/v1/parks/{park}/dashboard?quarter=2099Q1")).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "DashboardQuarterInFuture", "quarter");
    }

    [Fact]
    public async Task Region_ShowsBothParksAndTotalsFromTheirNumerators()
    {
        var city = await app.WithDbAsync(async db => (await db.Regions.SingleAsync(r => r.Code == "441900")).Id);
        var province = await app.WithDbAsync(async db => (await db.Regions.SingleAsync(r => r.Code == "440000")).Id);
        var gov = await app.LoginAsync("gov");
        var res = await gov.GetAsync($"/api/v1/regions/{city}/parks-overview");
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        var r = await res.JsonAsync();
        r.GetProperty("regionName").GetString().ShouldBe("东莞市");
        r.GetProperty("parks").EnumerateArray().Select(p => p.GetProperty("code").GetString()).ShouldBe(["DG-CA-01", "DG-HM-01"]);
        // leading industry: (26 + 5) ÷ (36 + 6) = 73.8 %; chain: (7 + 4) ÷ (7 + 5) = 91.7 %
        var totals = r.GetProperty("totals");
        JsonElement T(string k) => totals.EnumerateArray().Single(x => x.GetProperty("kpi").GetString() == k);
        Value(T("leadingIndustryShare")).ShouldBe(73.8m);
        Value(T("chainCompleteness")).ShouldBe(91.7m);
        T("occupancy").GetProperty("trend").GetArrayLength().ShouldBe(8);
        var p2 = r.GetProperty("parks").EnumerateArray().Single(p => p.GetProperty("code").GetString() == "DG-HM-01");
        p2.GetProperty("kpis").EnumerateArray().Single(k => k.GetProperty("kpi").GetString() == "leadingIndustryShare").GetProperty("value").GetDecimal().ShouldBe(83.3m);

        // a region above the viewer's, and any region for an operator or a tenant: not there
        (await gov.GetAsync($"/api/v1/regions/{province}/parks-overview")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.LoginAsync("operator")).GetAsync($"/api/v1/regions/{city}/parks-overview")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.LoginAsync("tenant")).GetAsync($"/api/v1/regions/{city}/parks-overview")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
