using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ParkOps.Web.Features.Billing;
using ParkOps.Web.Features.Metering;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Features.Users;
using ParkOps.Web.Platform;
using ParkOps.Web.Tests.Infrastructure;
using ParkOps.Web.Tests.Marketplace;
using static ParkOps.Web.Tests.Foundation.FoundationApi;

namespace ParkOps.Web.Tests.Foundation;

/// <summary>
/// Two app processes on one database (the demo host and a second host on the same database): what one changes, the
/// other's next answer shows — a post matched, a revoked grant refused, a bill run's end, a new meter's readings.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class CoherenceTests(ParkOpsFactory app)
{
    [Fact]
    public async Task Match_PostCreatedThroughOneProcess_IsMatchedByTheOthersNextRequest()
    {
        await using var hostB = new SecondProcess(app);
        var second = hostB.Host;
        var park = await app.ParkIdAsync();
        // the need lives on B, and B's index is loaded (it answered) before A writes the offer
        var neederB = await second.LoginAsync("tenant2");
        var need = (await neederB.CreatePostAsync(park, MarketplaceApi.Body("capacity_need", ["emc_testing"], 400))).GetProperty("id").GetInt64();
        var before = await neederB.MatchIdsAsync(need);

        var tenantA = await app.LoginAsync("tenant");
        var offer = (await tenantA.CreatePostAsync(park, MarketplaceApi.Body("capacity_offer", ["emc_testing"], 600))).GetProperty("id").GetInt64();
        before.ShouldNotContain(offer);
        (await neederB.MatchIdsAsync(need)).ShouldContain(offer);

        (await tenantA.PostAsync($"/api/v1/posts/{offer}/close", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await neederB.MatchIdsAsync(need)).ShouldNotContain(offer);
    }

    [Fact]
    public async Task Scope_GrantRevokedThroughOneProcess_IsRefusedAtTheOthersNextRequest()
    {
        await using var hostB = new SecondProcess(app);
        var second = hostB.Host;
        var hm = await app.ParkIdAsync("DG-HM-01");
        var admin = await app.LoginAsync("admin");
        var name = Unique("coh_op_");
        var id = await admin.CreateUserAsync(name, "Coherent12345x", "ParkOperator", parkId: hm);
        var onB = await second.LoginAsync(name, "Coherent12345x");
        (await onB.GetAsync($"/api/v1/parks/{hm}/bill-runs/progress")).StatusCode.ShouldBe(HttpStatusCode.OK, "B has resolved and cached the operator's scope");

        // revoked through A's own context (its interceptor moves the version): B has heard nothing in-process
        await app.WithDbAsync(async db =>
        {
            db.RoleGrants.RemoveRange(await db.RoleGrants.Where(g => g.UserId == id).ToListAsync());
            return await db.SaveChangesAsync();
        });
        (await onB.GetAsync($"/api/v1/parks/{hm}/bill-runs/progress")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Scope_RoleChangedThroughOneProcess_CountsAtTheOthersNextRequest()
    {
        await using var hostB = new SecondProcess(app);
        var second = hostB.Host;
        var hm = await app.ParkIdAsync("DG-HM-01");
        var admin = await app.LoginAsync("admin");
        var name = Unique("coh_role_");
        var id = await admin.CreateUserAsync(name, "Coherent12345x", "ParkOperator", parkId: hm);
        var onB = await second.LoginAsync(name, "Coherent12345x");
        (await onB.GetAsync($"/api/v1/parks/{hm}/jobs")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // the operator becomes a government viewer of the park's region: it still sees the park, no longer runs it
        var region = await app.WithDbAsync(db => db.Parks.Where(p => p.Id == hm).Select(p => p.RegionId).SingleAsync());
        await app.WithDbAsync(async db =>
        {
            var g = await db.RoleGrants.SingleAsync(g => g.UserId == id);
            g.Role = Role.GovernmentViewer;
            g.ParkId = null;
            g.RegionId = region;
            return await db.SaveChangesAsync();
        });
        await (await onB.GetAsync($"/api/v1/parks/{hm}/jobs")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyOperatorsMayRead");
    }

    [Fact]
    public async Task BillRun_RunThroughOneProcess_ShowsItsEndThroughTheOther()
    {
        await using var hostB = new SecondProcess(app);
        var second = hostB.Host;
        var park = await app.ParkIdAsync("DG-HM-01");
        var opB = await second.LoginAsync("operator2");
        var month = await app.WithDbAsync(async db => (await db.Bills.Where(b => b.ParkId == park).MaxAsync(b => b.Month)).AddMonths(1).ToString("yyyy-MM"));
        (await (await opB.GetAsync($"/api/v1/parks/{park}/bill-runs/progress?month={month}")).JsonAsync()).GetProperty("state").GetString().ShouldBe("Idle");

        var run = await (await (await app.LoginAsync("operator2")).PostAsJsonAsync($"/api/v1/parks/{park}/bill-runs", new { month })).JsonAsync();
        var created = run.GetProperty("billsCreated").GetInt32();
        created.ShouldBeGreaterThan(0);

        var p = await (await opB.GetAsync($"/api/v1/parks/{park}/bill-runs/progress?month={month}")).JsonAsync();
        p.GetProperty("state").GetString().ShouldBe("Completed");
        p.GetProperty("percent").GetInt32().ShouldBe(100);
        var job = (await (await opB.GetAsync($"/api/v1/parks/{park}/jobs")).JsonAsync()).EnumerateArray()
            .First(j => j.GetProperty("kind").GetString() == "BillRun" && j.GetProperty("key").GetString() == month);
        job.GetProperty("state").GetString().ShouldBe("Completed");
        job.GetProperty("startedBy").GetString().ShouldBe("operator2");
        job.GetProperty("summary").GetProperty("billsCreated").GetInt32().ShouldBe(created);
        job.GetProperty("finishedAt").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.String);
    }

    [Fact]
    public async Task Job_StartedThroughOneProcess_IsRunningThroughTheOther_ThenFinished()
    {
        await using var hostB = new SecondProcess(app);
        var second = hostB.Host;
        var park = await app.ParkIdAsync("DG-HM-01");
        var jobs = app.Services.GetRequiredService<Jobs>();
        var handle = await jobs.StartAsync(JobKinds.Import, park, "coherence.xlsx", "operator2", default);
        var opB = await second.LoginAsync("operator2");
        (await JobOnBAsync()).GetProperty("state").GetString().ShouldBe("Running");
        await jobs.FinishAsync(handle, false, null, "ImportRowInvalid", "row 3: unit code missing");
        var done = await JobOnBAsync();
        done.GetProperty("state").GetString().ShouldBe("Failed");
        done.GetProperty("errorRule").GetString().ShouldBe("ImportRowInvalid");
        done.GetProperty("key").GetString().ShouldBe("coherence.xlsx");

        async Task<System.Text.Json.JsonElement> JobOnBAsync() =>
            (await (await opB.GetAsync($"/api/v1/parks/{park}/jobs")).JsonAsync()).EnumerateArray().Single(j => j.GetProperty("id").GetInt64() == handle.Id);
    }

    [PostgresFact("on SQLite a running job's counts are written when it ends: the work's transaction holds the file's one write lock")]
    public async Task Job_ProgressReportedThroughOneProcess_IsShownByTheOther()
    {
        await using var hostB = new SecondProcess(app);
        var second = hostB.Host;
        var park = await app.ParkIdAsync("DG-HM-01");
        var jobs = app.Services.GetRequiredService<Jobs>();
        var handle = await jobs.StartAsync(JobKinds.BillRun, park, "2001-01", "operator2", default);
        await jobs.ReportAsync(handle, 0, 200, default);
        await jobs.WrittenAsync(handle);
        var opB = await second.LoginAsync("operator2");
        var p = await (await opB.GetAsync($"/api/v1/parks/{park}/bill-runs/progress?month=2001-01")).JsonAsync();
        p.GetProperty("state").GetString().ShouldBe("Running");
        p.GetProperty("total").GetInt32().ShouldBe(200);
        await jobs.ReportAsync(handle, 150, null, default);
        await jobs.WrittenAsync(handle);
        p = await (await opB.GetAsync($"/api/v1/parks/{park}/bill-runs/progress?month=2001-01")).JsonAsync();
        p.GetProperty("done").GetInt32().ShouldBe(150);
        p.GetProperty("percent").GetInt32().ShouldBe(75);
        await jobs.FinishAsync(handle, true, new { billsCreated = 200 }, null, null);
    }

    [Fact]
    public async Task Meter_CreatedThroughOneProcess_TakesReadingsThroughTheOther()
    {
        await using var hostB = new SecondProcess(app);
        var second = hostB.Host;
        var opB = await second.LoginAsync("operator");
        var park = await app.ParkIdAsync();
        var ent = await app.EnterpriseOfAsync("tenant");
        var unit = await app.WithDbAsync(db => db.Units.Where(u => u.OccupantEnterpriseId == ent).OrderBy(u => u.Id).Select(u => u.Id).FirstAsync());
        // B has filled its meter cache with a first batch of an existing meter
        var existing = await app.WithDbAsync(db => db.Meters.Where(m => m.ParkId == park).OrderBy(m => m.Id).Select(m => m.Id).FirstAsync());
        (await opB.PostAsJsonAsync("/api/v1/meter-readings:batch", new { readings = new[] { new { meterId = existing, at = "2001-01-31T23:00:00+08:00", value = 1m } } }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        var res = await (await app.LoginAsync("operator")).PostAsJsonAsync($"/api/v1/parks/{park}/meters",
            new { unitId = unit, utility = "Water", code = "C" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant() }, Demo.Json);
        res.StatusCode.ShouldBe(HttpStatusCode.Created, await res.Content.ReadAsStringAsync());
        var meter = (await res.JsonAsync()).GetProperty("id").GetInt64();
        var batch = await opB.PostAsJsonAsync("/api/v1/meter-readings:batch", new { readings = new[] { new { meterId = meter, at = "2026-01-31T23:00:00+08:00", value = 12m } } });
        batch.StatusCode.ShouldBe(HttpStatusCode.OK, await batch.Content.ReadAsStringAsync());
        (await batch.JsonAsync()).GetProperty("inserted").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task Jobs_ReadByEachRole_OperatorsAndAdminOnly()
    {
        var park = await app.ParkIdAsync();
        var other = await app.ParkIdAsync("DG-HM-01");
        (await (await app.LoginAsync("operator")).GetAsync($"/api/v1/parks/{park}/jobs")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await app.LoginAsync("admin")).GetAsync($"/api/v1/parks/{park}/jobs")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await (await app.LoginAsync("tenant")).GetAsync($"/api/v1/parks/{park}/jobs")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyOperatorsMayRead");
        // DOMAIN §1: the government reads aggregates and evaluations, not the operator's work log
        await (await (await app.LoginAsync("gov")).GetAsync($"/api/v1/parks/{park}/jobs")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyOperatorsMayRead");
        (await (await app.LoginAsync("operator2")).GetAsync($"/api/v1/parks/{park}/jobs")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.LoginAsync("operator")).GetAsync($"/api/v1/parks/{other}/jobs")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    /// <summary>The second host, disposed as the fixture disposes its hosts (its scratch database dropped too).</summary>
    private sealed class SecondProcess(ParkOpsFactory first) : IAsyncDisposable
    {
        public SecondProcessFactory Host { get; } = new(first);
        public ValueTask DisposeAsync() => new(((IAsyncLifetime)Host).DisposeAsync());
    }
}
