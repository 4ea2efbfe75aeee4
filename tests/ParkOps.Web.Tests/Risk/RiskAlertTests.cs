using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ParkOps.Domain.Monitoring;
using ParkOps.Domain.Risk;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Features.Reporting;
using ParkOps.Web.Features.Reporting.Contracts;
using ParkOps.Web.Features.Risk;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Risk;

/// <summary>
/// Risk alerts over HTTP on the demo park: the chain leader's ripple exactly as the scenario has it, who may read what,
/// the lifecycle and its refusals, dedupe across runs, the run on new reports and the nightly run once across processes.
/// </summary>
public sealed class RiskAlertTests(ParkOpsFactory app) : IClassFixture<ParkOpsFactory>
{
    private Task<long> IdOfAsync(string name) => app.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters().Where(e => e.Name == name).Select(e => e.Id).SingleAsync());

    private async Task<List<JsonElement>> AlertsAsync(string query = "")
    {
        var park = await app.ParkIdAsync();
        var res = await (await app.LoginAsync("operator")).GetAsync($"/api/v1/parks/{park}/alerts{query}");
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        return (await res.JsonAsync()).EnumerateArray().ToList();
    }

    /// <summary>The demo's 瑞丰 recruits for a third of its headcount in the last quarter: one talent-gap warning with the share.</summary>
    [Fact]
    public async Task TalentGap_DemoFirmRecruitingAThirdOfItsHeadcount_OneEcosystemAlertWithTheShare()
    {
        var ruifeng = await IdOfAsync("东莞市瑞丰电子元件有限公司");
        var gaps = (await AlertsAsync("?type=ecosystem")).Where(a => a.GetProperty("evidence").GetProperty("kind").GetString() == "talent-gap").ToList();
        var alert = gaps.ShouldHaveSingleItem();
        alert.GetProperty("enterpriseId").GetInt64().ShouldBe(ruifeng);
        var q = alert.GetProperty("evidence").GetProperty("quarters").EnumerateArray().ShouldHaveSingleItem();
        q.GetProperty("value").GetDecimal().ShouldBe(0.3333m);
        alert.GetProperty("evidence").GetProperty("threshold").GetDecimal().ShouldBe(0.25m);
    }

    [Fact]
    public async Task OrderDrop_DemoChainLeader_SuppliersWithExposureDegreeWorstFirst()
    {
        var leader = await app.EnterpriseOfAsync("tenant2");
        var jiexun = await app.EnterpriseOfAsync("tenant");
        var desheng = await IdOfAsync("东莞市德胜插件焊接有限公司");
        var xinda = await IdOfAsync("东莞市鑫达铜箔科技有限公司");
        var alert = (await AlertsAsync("?type=order-drop")).ShouldHaveSingleItem();
        alert.GetProperty("enterpriseId").GetInt64().ShouldBe(leader);
        alert.GetProperty("type").GetString().ShouldBe("order-drop");
        alert.GetProperty("severity").GetString().ShouldBe("high");
        alert.GetProperty("state").GetString().ShouldBe("open");
        alert.EnumerateObject().Select(p => p.Name).ShouldBe(["id", "type", "severity", "state", "enterpriseId", "raisedAt", "evidence"]);
        var evidence = alert.GetProperty("evidence");
        evidence.GetProperty("drop").GetDecimal().ShouldBe(0.8m);
        evidence.GetProperty("chainLeader").GetBoolean().ShouldBeTrue();
        var suppliers = evidence.GetProperty("suppliers").EnumerateArray()
            .Select(s => (s.GetProperty("enterpriseId").GetInt64(), s.GetProperty("exposure").GetDecimal(), s.GetProperty("degree").GetInt32())).ToList();
        suppliers.ShouldBe([(jiexun, 0.55m, 1), (desheng, 0.40m, 1), (xinda, 0.1925m, 2)]);
        // 捷讯 names 星辰 55 % and 华为 15 %: 55² + 15² + the unnamed 30² = 4150
        evidence.GetProperty("suppliers")[0].GetProperty("customerHhi").GetDecimal().ShouldBe(4150m);
    }

    [Fact]
    public async Task Demo_EveryStateAndTheScenariosAlerts_Shown()
    {
        var all = await AlertsAsync();
        var zombie = await IdOfAsync("东莞市众联贴片加工有限公司");
        var late = await IdOfAsync("东莞市拓普音频科技有限公司");
        var z = all.Single(a => a.GetProperty("type").GetString() == "zombie" && a.GetProperty("enterpriseId").GetInt64() == zombie);
        z.GetProperty("evidence").GetProperty("criteria").EnumerateArray().Select(c => c.GetProperty("criterion").GetString()).ShouldBe(["quiet", "debt"]);
        var lastBefore = Quarter.Of(DateOnly.FromDateTime(Time.ToShanghai(DateTime.UtcNow))).Previous.Previous.ToString();
        var filedLate = all.Single(a => a.GetProperty("type").GetString() == "missing-report" && a.GetProperty("enterpriseId").GetInt64() == late
            && a.GetProperty("evidence").GetProperty("quarter").GetString() == lastBefore);
        filedLate.GetProperty("evidence").GetProperty("kind").GetString().ShouldBe("late");
        filedLate.GetProperty("evidence").GetProperty("daysLate").GetInt32().ShouldBeGreaterThan(0);
        all.Select(a => a.GetProperty("state").GetString()).Distinct().Order().ShouldBe(["acknowledged", "dismissed", "open", "resolved"]);
        all.Count(a => a.GetProperty("type").GetString() == "concentration").ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Alerts_EnterpriseUserOrGovernment_403_OperatorOfAnotherPark_404()
    {
        var park = await app.ParkIdAsync();
        foreach (var user in new[] { "tenant", "tenant2", "gov" })
        {
            var res = await (await app.LoginAsync(user)).GetAsync($"/api/v1/parks/{park}/alerts");
            await res.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "RiskAlertsAreForOperators");
        }
        (await (await app.LoginAsync("operator2")).GetAsync($"/api/v1/parks/{park}/alerts")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var id = (await AlertsAsync()).First().GetProperty("id").GetInt64();
        await (await (await app.LoginAsync("tenant")).PostAsync($"/api/v1/alerts/{id}/acknowledge", null)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "RiskAlertsAreForOperators");
        await (await (await app.LoginAsync("gov")).PostAsync($"/api/v1/parks/{park}/alerts/runs", null)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "RiskAlertsAreForOperators");
    }

    [Fact]
    public async Task Summary_Government_CountsWithoutFirmsOrFigures_TenantRefused()
    {
        var park = await app.ParkIdAsync();
        var res = await (await app.LoginAsync("gov")).GetAsync($"/api/v1/parks/{park}/risk-summary");
        var text = await res.Content.ReadAsStringAsync();
        res.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        var names = await app.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters().Where(e => e.ParkId == park).Select(e => e.Name).ToListAsync());
        foreach (var n in names) text.ShouldNotContain(n);
        text.ShouldNotContain("enterpriseId");
        text.ShouldNotContain("evidence");
        text.ShouldNotContain("suppliers");
        var summary = JsonDocument.Parse(text).RootElement;
        var all = await AlertsAsync();
        var active = all.Where(a => a.GetProperty("state").GetString() is "open" or "acknowledged").ToList();
        summary.GetProperty("active").GetInt32().ShouldBe(active.Count);
        var orderDrop = summary.GetProperty("byType").EnumerateArray().Single(r => r.GetProperty("type").GetString() == "order-drop");
        (orderDrop.GetProperty("high").GetInt32(), orderDrop.GetProperty("total").GetInt32()).ShouldBe((1, 1));
        summary.GetProperty("byState").GetProperty("dismissed").GetInt32().ShouldBe(1);
        await (await (await app.LoginAsync("tenant")).GetAsync($"/api/v1/parks/{park}/risk-summary")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "RiskSummaryIsForOperatorsAndGovernment");
        (await (await app.LoginAsync("operator2")).GetAsync($"/api/v1/parks/{park}/risk-summary")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Lifecycle_AcknowledgeDismissAndRefusals_AsTheTableSays()
    {
        var op = await app.LoginAsync("operator");
        var id = (await AlertsAsync("?type=ecosystem&state=open")).Last().GetProperty("id").GetInt64();
        var ack = await (await op.PostAsync($"/api/v1/alerts/{id}/acknowledge", null)).JsonAsync();
        ack.GetProperty("state").GetString().ShouldBe("acknowledged");
        await (await op.PostAsync($"/api/v1/alerts/{id}/acknowledge", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "AlertTransitionMustBeAllowed", "state");
        var noReason = await (await op.PostAsJsonAsync($"/api/v1/alerts/{id}/dismiss", new { reason = "  " })).ShouldBeProblemAsync((HttpStatusCode)422, "AlertDismissalNeedsReason", "reason");
        noReason.GetProperty("detail").GetString()!.ShouldContain("理由");
        var dismissed = await (await op.PostAsJsonAsync($"/api/v1/alerts/{id}/dismiss", new { reason = "已走访核实" })).JsonAsync();
        dismissed.GetProperty("state").GetString().ShouldBe("dismissed");
        await (await op.PostAsync($"/api/v1/alerts/{id}/resolve", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "AlertTransitionMustBeAllowed");
        (await app.WithDbAsync(db => db.Set<RiskAlert>().Where(a => a.Id == id).Select(a => new { a.Reason, a.Owner, a.ActiveKey }).SingleAsync()))
            .ShouldBe(new { Reason = (string?)"已走访核实", Owner = (string?)"operator", ActiveKey = (string?)null });
        await (await op.PostAsync("/api/v1/alerts/999999999/resolve", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task BulkAcknowledge_OpenOnesAcknowledged_OthersSkipped_ForeignIdChangesNothing()
    {
        var op = await app.LoginAsync("operator");
        var park = await app.ParkIdAsync();
        var open = (await AlertsAsync("?type=concentration&state=open")).Take(2).Select(a => a.GetProperty("id").GetInt64()).ToList();
        var acked = (await AlertsAsync("?state=acknowledged")).First().GetProperty("id").GetInt64();
        var other = await app.WithDbAsync(async db => await db.Set<RiskAlert>().Where(a => a.ParkId != park).Select(a => a.Id).FirstAsync());
        await (await op.PostAsJsonAsync($"/api/v1/parks/{park}/alerts/acknowledge", new { ids = new[] { open[0], other } })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await app.WithDbAsync(db => db.Set<RiskAlert>().Where(a => a.Id == open[0]).Select(a => a.State).SingleAsync())).ShouldBe(AlertState.Open);
        var result = await (await op.PostAsJsonAsync($"/api/v1/parks/{park}/alerts/acknowledge", new { ids = new[] { open[0], open[1], acked } })).JsonAsync();
        result.GetProperty("acknowledged").GetInt32().ShouldBe(2);
        result.GetProperty("skipped").EnumerateArray().Select(x => x.GetInt64()).ShouldBe([acked]);
        (await app.WithDbAsync(db => db.Set<RiskAlert>().Where(a => open.Contains(a.Id)).Select(a => a.State).ToListAsync())).ShouldAllBe(s => s == AlertState.Acknowledged);
        await (await op.PostAsJsonAsync($"/api/v1/parks/{park}/alerts/acknowledge", new { ids = Array.Empty<long>() })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, field: "ids");
    }

    [Theory]
    [InlineData("zh-CN", "预警类型无效")]
    [InlineData("en", "Unknown alert type")]
    public async Task Alerts_UnknownType_400NamingTheFieldInTheCallersLanguage(string language, string text)
    {
        var park = await app.ParkIdAsync();
        var req = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/parks/{park}/alerts?type=bogus");
        req.Headers.TryAddWithoutValidation("Accept-Language", language);
        var problem = await (await (await app.LoginAsync("operator")).SendAsync(req)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Validation", "type");
        problem.ErrorsFor("type").Single().ShouldContain(text);
    }

    [Fact]
    public async Task Settings_ShareAboveOne_422NamingTheField_NothingStored()
    {
        var park = await app.ParkIdAsync("DG-HM-01");
        var op2 = await app.LoginAsync("operator2");
        var settings = new RiskSettings { OrderDropShare = 1.5m };
        await (await op2.PutAsJsonAsync($"/api/v1/parks/{park}/risk-settings", settings)).ShouldBeProblemAsync((HttpStatusCode)422, "RiskSettingOutOfRange", "orderDropShare");
        (await app.WithDbAsync(db => db.Set<RiskParkSettings>().CountAsync(s => s.ParkId == park))).ShouldBe(0);
        (await op2.GetFromJsonAsync<JsonElement>($"/api/v1/parks/{park}/risk-settings")).GetProperty("orderDropShare").GetDecimal().ShouldBe(0.30m);
    }

    /// <summary>
    /// A firm's new report puts its liabilities at 90 % of its assets: Reporting tells its listeners, the zombie alert
    /// is raised; running again (now, and again) raises nothing more and the alert stays one; restored, the alert
    /// stays open for a person to close but no longer holds.
    /// </summary>
    [Fact]
    public async Task Listener_NewReportRaisesOnce_RunsAgainDoNotDuplicate_FindingGoneAlertStays()
    {
        var park = await app.ParkIdAsync();
        var firm = await IdOfAsync("东莞市华贴智能科技有限公司");
        var key = $"zombie:{firm}";
        (await app.WithDbAsync(db => db.Set<RiskAlert>().CountAsync(a => a.ParkId == park && a.DedupeKey == key))).ShouldBe(0);
        var report = await app.WithDbAsync(db => db.Set<QuarterlyReport>().Where(r => r.EnterpriseId == firm).OrderByDescending(r => r.Year).ThenByDescending(r => r.QuarterNumber).FirstAsync());
        await app.WithDbAsync(db => db.Set<QuarterlyReport>().Where(r => r.Id == report.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.TotalLiabilities, report.TotalAssets * 0.9m)));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(ActorScope.System);
            foreach (var listener in scope.ServiceProvider.GetServices<IReportFiledListener>())
                await listener.ReportsFiledAsync(park, [firm], report.Quarter, default);
        }
        var raised = await app.WithDbAsync(db => db.Set<RiskAlert>().Where(a => a.ParkId == park && a.DedupeKey == key).ToListAsync());
        raised.ShouldHaveSingleItem().State.ShouldBe(AlertState.Open);
        raised[0].EvidenceJson.ShouldContain("\"criterion\":\"debt\"");
        (await app.WithDbAsync(db => db.Set<RiskRun>().CountAsync(r => r.ParkId == park && r.Trigger == RiskRunTrigger.NewReports))).ShouldBe(1);

        var op = await app.LoginAsync("operator");
        for (var i = 0; i < 2; i++)
        {
            var run = await (await op.PostAsync($"/api/v1/parks/{park}/alerts/runs", null)).JsonAsync();
            run.GetProperty("raised").GetInt32().ShouldBe(0);
        }
        (await app.WithDbAsync(db => db.Set<RiskAlert>().CountAsync(a => a.ParkId == park && a.DedupeKey == key))).ShouldBe(1);

        await app.WithDbAsync(db => db.Set<QuarterlyReport>().Where(r => r.Id == report.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.TotalLiabilities, report.TotalLiabilities)));
        await op.PostAsync($"/api/v1/parks/{park}/alerts/runs", null);
        var after = await app.WithDbAsync(db => db.Set<RiskAlert>().Where(a => a.ParkId == park && a.DedupeKey == key).SingleAsync());
        (after.State, after.StillHolds).ShouldBe((AlertState.Open, false));
    }

    [Fact]
    public async Task Nightly_TwoProcessesWakeAtOnce_EachParkRunsOnce()
    {
        var job = app.Services.GetRequiredService<RiskNightlyJob>();
        var day = new DateOnly(2031, 5, 14);
        var parks = await app.WithDbAsync(db => db.Parks.CountAsync());
        var before = await app.WithDbAsync(db => db.Set<RiskAlert>().CountAsync());
        var runs = await Task.WhenAll(job.RunOnceAsync(day, default), job.RunOnceAsync(day, default));
        runs.Sum().ShouldBe(parks);
        (await job.RunOnceAsync(day, default)).ShouldBe(0);
        (await app.WithDbAsync(db => db.Set<RiskRun>().CountAsync(r => r.NightlyDay == day && r.FinishedAt != null))).ShouldBe(parks);
        // the demo's findings were raised when it was seeded: the night finds them again and raises none twice
        (await app.WithDbAsync(db => db.Set<RiskAlert>().CountAsync())).ShouldBe(before);
    }
}
