using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Leasing;

/// <summary>Money paths of a lease under 50 parallel requests: its exit settlement approved once and settled once (one charge), renewed once.</summary>
public sealed class LeaseRaceTests(ParkOpsFactory app) : IClassFixture<ParkOpsFactory>
{
    private const int N = 50;

    private async Task<(HttpClient Op, long Park, long Enterprise, long Unit)> ArrangeAsync()
    {
        var op = await app.LoginAsync("operator");
        var park = await app.ParkIdAsync();
        var ent = (await app.AdmittedAsync(park))[3];
        var unit = await app.NewVacantUnitAsync(park);
        return (op, park, ent.Id, unit.Id);
    }

    [Fact]
    public async Task SettlementApproveAndSettle_FiftyAtOnceEach_OneWinsAndTheMoneyMovesOnce()
    {
        var (op, park, _, unit) = await ArrangeAsync();
        // a new enterprise without bills, a deposit of 3,000.00 and damages of 4,250.75: 1,250.75 still owed
        var ent = await app.NewTenantAsync(park, new DateOnly(2015, 1, 1), 0m);
        var created = await op.PostJsonAsync($"/api/v1/parks/{park}/leases", LeasingApi.LeaseBody(ent.Id, [unit], LeasingApi.NextMonth, 12, 3_000m));
        var id = (await created.JsonAsync()).Id();
        await op.ActOkAsync(id, "approve");
        await op.ActOkAsync(id, "sign");
        await op.ActOkAsync(id, "terminate", new { on = LeasingApi.NextMonth.AddDays(-1).ToString("yyyy-MM-dd") });
        (await op.PutAsJsonAsync($"/api/v1/leases/{id}/settlement", new { damages = 4_250.75m, damagesNote = "设备基础损坏" }, Demo.Json)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await op.PostJsonAsync($"/api/v1/leases/{id}/settlement/submit", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var approvals = await Race.PostAsync([op], N, _ => ($"/api/v1/leases/{id}/settlement/approve", new { }, null));
        approvals.Count(a => a.Status == HttpStatusCode.OK).ShouldBe(1, approvals.Tally());
        approvals.Count(a => a.Status == HttpStatusCode.Conflict && a.Rule == "SettlementTransitionNotAllowed").ShouldBe(N - 1, approvals.Tally());

        var settles = await Race.PostAsync([op], N, i => ($"/api/v1/leases/{id}/settlement/settle", new { expectedOwed = 1_250.75m }, null));
        settles.Count(a => a.Status == HttpStatusCode.OK).ShouldBe(1, settles.Tally());
        settles.Count(a => a.Status == HttpStatusCode.Conflict && a.Rule == "SettlementIsFinal").ShouldBe(N - 1, settles.Tally());
        var charges = await app.WithDbAsync(db => db.PendingCharges.Where(c => c.EnterpriseId == ent.Id).Select(c => c.Amount).ToListAsync());
        charges.ShouldBe([1_250.75m]);
        var stored = await app.LeaseAsync(id);
        stored.State.ShouldBe(Web.Features.Leasing.LeaseState.Settled);
        stored.SettlementRefund.ShouldBe(0m);
        stored.SettlementDamages.ShouldBe(4_250.75m);
    }

    [Fact]
    public async Task SettlementSettle_FiftyRetriesWithOneIdempotencyKey_OneSettlementAndTheSameAnswer()
    {
        var (op, park, _, unit) = await ArrangeAsync();
        var ent = await app.NewTenantAsync(park, new DateOnly(2015, 1, 1), 0m);
        var created = await op.PostJsonAsync($"/api/v1/parks/{park}/leases", LeasingApi.LeaseBody(ent.Id, [unit], LeasingApi.NextMonth, 12, 2_000m));
        var id = (await created.JsonAsync()).Id();
        await op.ActOkAsync(id, "approve");
        await op.ActOkAsync(id, "sign");
        await op.ActOkAsync(id, "terminate", new { on = LeasingApi.NextMonth.AddDays(-1).ToString("yyyy-MM-dd") });
        (await op.PutAsJsonAsync($"/api/v1/leases/{id}/settlement", new { deductions = new[] { new { text = "钥匙未归还", amount = 2_100.10m } } }, Demo.Json)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await op.PostJsonAsync($"/api/v1/leases/{id}/settlement/submit", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await op.PostJsonAsync($"/api/v1/leases/{id}/settlement/approve", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var key = $"settle-{id}";
        var answers = await Race.PostAsync([op], N, _ => ($"/api/v1/leases/{id}/settlement/settle", new { }, key));

        answers.ShouldAllBe(a => a.Status == HttpStatusCode.OK, answers.Tally());
        answers.Count(a => !a.Replayed).ShouldBe(1, answers.Tally());
        (await app.WithDbAsync(db => db.PendingCharges.Where(c => c.EnterpriseId == ent.Id).Select(c => c.Amount).ToListAsync())).ShouldBe([100.10m]);
    }

    [Fact]
    public async Task Renew_FiftyAtOnce_OneRenewalIntentAndTheRestAre409()
    {
        var (op, park, ent, unit) = await ArrangeAsync();
        var lease = await op.LeaseInStateAsync(park, ent, [unit], "Active");
        var answers = await Race.PostAsync([op], N, _ => ($"/api/v1/leases/{lease.Id()}/renew", new { termMonths = 12 }, null));
        answers.Count(a => a.Status == HttpStatusCode.OK).ShouldBe(1, answers.Tally());
        answers.Count(a => a.Status == HttpStatusCode.Conflict && a.Rule == "LeaseFollowUpInProgress").ShouldBe(N - 1, answers.Tally());
        (await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Leases, l => l.PreviousLeaseId == lease.Id()))).ShouldBe(1);
    }
}
