using System.Net;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Leasing;

/// <summary>Money paths of a lease under 50 parallel requests: settled against its deposit once, renewed once.</summary>
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
    public async Task Settle_FiftyAtOnce_SettlesOnceAndTheRestAre409()
    {
        var (op, park, ent, unit) = await ArrangeAsync();
        var lease = await op.LeaseInStateAsync(park, ent, [unit], "Active");
        await op.ActOkAsync(lease.Id(), "terminate", new { on = LeasingApi.NextMonth.AddDays(9).ToString("yyyy-MM-dd") });
        var answers = await Race.PostAsync([op], N, i => ($"/api/v1/leases/{lease.Id()}/settle", new { damages = 100m + i }, null));
        answers.Count(a => a.Status == HttpStatusCode.OK).ShouldBe(1, answers.Tally());
        answers.Count(a => a.Status == HttpStatusCode.Conflict && a.Rule == "LeaseTransitionNotAllowed").ShouldBe(N - 1, answers.Tally());
        // the settlement stored is the winner's, whole
        var winner = answers.Single(a => a.Status == HttpStatusCode.OK).Json;
        var stored = await app.LeaseAsync(lease.Id());
        stored.SettlementDamages.ShouldBe(winner.GetProperty("settlementDamages").GetDecimal());
        stored.SettlementRefund.ShouldBe(lease.GetProperty("deposit").GetDecimal() - stored.SettlementArrears - stored.SettlementDamages);
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
