using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Features.Billing;
using ParkOps.Web.Features.Leasing;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Billing;

/// <summary>The bill run over many parks (POST /api/v1/bill-runs and the CLI's bill-run) on a host of its own.</summary>
public sealed class MultiParkBillRunTests(ParkOpsFactory app) : IClassFixture<ParkOpsFactory>
{
    /// <summary>The current month: the demo bills the twelve before it in both parks.</summary>
    private static string ThisMonth() => DateTime.UtcNow.AddHours(8).ToString("yyyy-MM");

    private Task<(int Bills, int Runs)> CountsAsync(long park, string month) => app.WithDbAsync(async db =>
    {
        var m = DateOnly.ParseExact(month + "-01", "yyyy-MM-dd");
        return (await db.Bills.CountAsync(b => b.ParkId == park && b.Month == m), await db.BillRuns.CountAsync(r => r.ParkId == park && r.Month == m));
    });

    [Fact]
    public async Task AllParks_OneParkFails_ItKeepsNothingTheOthersBillAndARerunBillsOnlyWhatIsMissing()
    {
        var admin = await app.LoginAsync("admin");
        var month = ThisMonth();
        var ca = await app.ParkIdAsync("DG-CA-01");
        var hm = await app.ParkIdAsync("DG-HM-01");
        // 虎门's rent policy made to start after its leases: every rent line there breaks RentPolicyMustBeInForce
        var saved = await app.WithDbAsync(async db =>
        {
            var versions = await db.RentPolicyVersions.Where(v => v.ParkId == hm).ToListAsync();
            var from = versions.ToDictionary(v => v.Id, v => v.EffectiveFrom);
            foreach (var (v, i) in versions.Select((v, i) => (v, i))) v.EffectiveFrom = new DateOnly(2099, 1, 1).AddMonths(i);
            await db.SaveChangesAsync();
            return from;
        });

        var first = await (await admin.PostAsJsonAsync("/api/v1/bill-runs", new { month })).JsonAsync();
        first.GetProperty("parks").GetInt32().ShouldBe(2);
        first.GetProperty("failed").GetInt32().ShouldBe(1);
        var outcomes = first.GetProperty("outcomes").EnumerateArray().ToDictionary(o => o.GetProperty("parkCode").GetString()!);
        outcomes["DG-HM-01"].GetProperty("errorRule").GetString().ShouldBe("RentPolicyMustBeInForce");
        outcomes["DG-HM-01"].GetProperty("error").GetString().ShouldNotBeNullOrWhiteSpace();
        var caBills = outcomes["DG-CA-01"].GetProperty("run").GetProperty("billsCreated").GetInt32();
        caBills.ShouldBeGreaterThan(0);
        first.GetProperty("billsCreated").GetInt32().ShouldBe(caBills);
        (await CountsAsync(ca, month)).ShouldBe((caBills, 1));
        // the failed park's run rolled back whole: no bill, no run record
        (await CountsAsync(hm, month)).ShouldBe((0, 0));

        await app.WithDbAsync(async db =>
        {
            foreach (var v in await db.RentPolicyVersions.Where(v => v.ParkId == hm).ToListAsync()) v.EffectiveFrom = saved[v.Id];
            return await db.SaveChangesAsync();
        });
        var second = await (await admin.PostAsJsonAsync("/api/v1/bill-runs", new { month })).JsonAsync();
        second.GetProperty("failed").GetInt32().ShouldBe(0);
        var again = second.GetProperty("outcomes").EnumerateArray().ToDictionary(o => o.GetProperty("parkCode").GetString()!, o => o.GetProperty("run"));
        again["DG-CA-01"].GetProperty("billsCreated").GetInt32().ShouldBe(0);
        again["DG-CA-01"].GetProperty("billsExisting").GetInt32().ShouldBe(caBills);
        var hmBills = again["DG-HM-01"].GetProperty("billsCreated").GetInt32();
        hmBills.ShouldBeGreaterThan(0);
        (await CountsAsync(hm, month)).ShouldBe((hmBills, 1));
        (await CountsAsync(ca, month)).ShouldBe((caBills, 1));

        // the CLI runs the same thing: a third run of the month creates nothing and exits 0
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        (await BillingCli.RunAsync(app.Services, month, [], stdout, stderr, default)).ShouldBe(0, stderr.ToString());
        stdout.ToString().ShouldContain("\"billsCreated\": 0");
        (await CountsAsync(ca, month)).ShouldBe((caBills, 1));
        (await CountsAsync(hm, month)).ShouldBe((hmBills, 1));
    }

    [Fact]
    public async Task Refusals_TenantBadMonthForeignParkAndUnknownCode_WriteNothing()
    {
        var month = ThisMonth();
        var hm = await app.ParkIdAsync("DG-HM-01");
        var bills = await app.WithDbAsync(db => db.Bills.CountAsync());

        var tenant = await app.LoginAsync("tenant");
        (await tenant.PostAsJsonAsync("/api/v1/bill-runs", new { month })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var op = await app.LoginAsync("operator");
        var bad = await op.PostAsJsonAsync("/api/v1/bill-runs", new { month = "2026-13" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.JsonAsync()).GetProperty("field").GetString().ShouldBe("month");
        // the operator of 长安 may not bill 虎门 (which it cannot even see)
        var foreign = await op.PostAsJsonAsync("/api/v1/bill-runs", new { month, parkIds = new[] { hm } });
        foreign.StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var stderr = new StringWriter();
        (await BillingCli.RunAsync(app.Services, month, ["NO-SUCH-PARK"], new StringWriter(), stderr, default)).ShouldBe(2);
        stderr.ToString().ShouldContain("NO-SUCH-PARK");
        (await BillingCli.RunAsync(app.Services, "2026/10", [], new StringWriter(), stderr, default)).ShouldBe(2);

        (await app.WithDbAsync(db => db.Bills.CountAsync())).ShouldBe(bills);
    }
}
