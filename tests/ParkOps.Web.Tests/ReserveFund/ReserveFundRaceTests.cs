using System.Net;
using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Billing;
using ParkOps.Web.Features.Billing;
using ParkOps.Web.Features.ReserveFund;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.ReserveFund;

/// <summary>
/// The fund's money paths under 50 parallel requests on SQLite and on PostgreSQL, in park 2 (DG-HM-01, no fund in the
/// demo, default rate 0.2 %): each test funds it with a quarter of reports of its own (quarters the demo left empty),
/// then races. Afterwards the balance is exact to the 分, never negative, and equal to the sum of the entries.
/// </summary>
public sealed class ReserveFundRaceTests(ParkOpsFactory app) : IClassFixture<ParkOpsFactory>
{
    private const int N = 50;

    private async Task<(HttpClient Op, long Park, List<long> Firms)> ArrangeAsync()
    {
        var op = await app.LoginAsync("operator2");
        var park = await app.ParkIdAsync("DG-HM-01");
        return (op, park, await FundTestData.EnterprisesAsync(app, park));
    }

    /// <summary>Funds the park with one firm's contribution for quarter L-k: revenue 万元 × 20 元 at the default 0.2 %.</summary>
    private async Task FundAsync(HttpClient op, long park, long firm, int k, decimal revenueWan)
    {
        var q = FundTestData.LastQuarter(TimeProvider.System).Plus(-k);
        await FundTestData.ReportsAsync(app, park, q, (firm, revenueWan, true));
        var res = await op.PostJsonAsync($"/api/v1/parks/{park}/reserve-fund/contributions", new { quarter = q.ToString() });
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
    }

    /// <summary>The park's fund balance; a park whose fund has never moved has no account yet, and so 0 (the test may run first).</summary>
    private async Task<decimal> BalanceAsync(long park) =>
        await app.WithDbAsync(db => db.Set<FundAccount>().Where(a => a.ParkId == park).Select(a => (decimal?)a.Balance).SingleOrDefaultAsync()) ?? 0m;

    /// <summary>The balance is Σ entries, and every entry's balance-after is the running sum in id order (never below zero).</summary>
    private async Task LedgerAddsUpAsync(long park)
    {
        var entries = await app.WithDbAsync(db => db.Set<FundEntry>().Where(e => e.ParkId == park).OrderBy(e => e.Id).Select(e => new { e.Amount, e.BalanceAfter }).ToListAsync());
        var running = 0m;
        foreach (var e in entries)
        {
            running += e.Amount;
            e.BalanceAfter.ShouldBe(running);
            running.ShouldBeGreaterThanOrEqualTo(0m);
        }
        (await BalanceAsync(park)).ShouldBe(running);
    }

    private object Loan(long firm, decimal amount) => new
    {
        enterpriseId = firm, amount, purpose = "竞争测试", startDate = FundTestData.Today(TimeProvider.System).AddDays(-1),
        instalments = new[] { new { dueDate = FundTestData.Today(TimeProvider.System).AddDays(60), amount } },
    };

    [Fact]
    public async Task Disbursements_FiftyAgainstABalanceCoveringThirtyThree_ExactlyThirtyThreeSucceed()
    {
        var (op, park, firms) = await ArrangeAsync();
        await FundAsync(op, park, firms[0], 8, 1m);
        // empty the fund first, so the race starts from exactly what the next contribution brings
        var rest = await BalanceAsync(park);
        if (rest > 0) (await op.PostJsonAsync($"/api/v1/parks/{park}/reserve-fund/loans", Loan(firms[1], rest))).StatusCode.ShouldBe(HttpStatusCode.Created);
        await FundAsync(op, park, firms[0], 9, 50m); // 50 万元 × 0.2 % = 1000.00 元
        (await BalanceAsync(park)).ShouldBe(1000.00m);

        var answers = await Race.PostAsync([op], N, _ => ($"/api/v1/parks/{park}/reserve-fund/loans", Loan(firms[2 % firms.Count], 30.00m), null));
        answers.Count(a => a.Status == HttpStatusCode.Created).ShouldBe(33, answers.Tally());
        answers.Count(a => a.Status == HttpStatusCode.Conflict && a.Rule == "ReserveFundInsufficient").ShouldBe(17, answers.Tally());
        (await BalanceAsync(park)).ShouldBe(10.00m);
        (await app.WithDbAsync(db => db.Set<BridgeLoan>().CountAsync(l => l.EnterpriseId == firms[2 % firms.Count] && l.Principal == 30.00m))).ShouldBe(33);
        await LedgerAddsUpAsync(park);
    }

    [Fact]
    public async Task Repayments_FiftyOnOneLoan_NeverMoreThanOwed()
    {
        var (op, park, firms) = await ArrangeAsync();
        await FundAsync(op, park, firms[3 % firms.Count], 10, 50m);
        var created = await op.PostJsonAsync($"/api/v1/parks/{park}/reserve-fund/loans", Loan(firms[3 % firms.Count], 100.00m));
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.JsonAsync()).GetProperty("id").GetInt64();
        var before = await BalanceAsync(park);

        var answers = await Race.PostAsync([op], N, _ => ($"/api/v1/reserve-fund/loans/{id}/repayments", new { amount = 3.00m }, null));
        answers.Count(a => a.Status == HttpStatusCode.OK).ShouldBe(33, answers.Tally());
        answers.Count(a => a.Status == HttpStatusCode.UnprocessableEntity && a.Rule == "LoanRepaymentExceedsOutstanding").ShouldBe(17, answers.Tally());
        var loan = await app.WithDbAsync(db => db.Set<BridgeLoan>().Include(l => l.Instalments).SingleAsync(l => l.Id == id));
        loan.Repaid.ShouldBe(99.00m);
        loan.Instalments.Single().Paid.ShouldBe(99.00m);
        (await BalanceAsync(park)).ShouldBe(before + 99.00m);
        await LedgerAddsUpAsync(park);
    }

    [Fact]
    public async Task Contributions_FiftyRunsOfOneQuarter_ArePostedOnce()
    {
        var (op, park, firms) = await ArrangeAsync();
        var q = FundTestData.LastQuarter(TimeProvider.System).Plus(-11);
        // 10 万元 → 200.00 元, 0.0049 万元 → 0.098 元 → 0.10 元
        await FundTestData.ReportsAsync(app, park, q, (firms[4 % firms.Count], 10m, true), (firms[5 % firms.Count], 0.0049m, true));
        var before = await BalanceAsync(park);

        var answers = await Race.PostAsync([op], N, _ => ($"/api/v1/parks/{park}/reserve-fund/contributions", new { quarter = q.ToString() }, null));
        answers.Count(a => a.Status == HttpStatusCode.OK).ShouldBe(N, answers.Tally());
        answers.Count(a => a.Json.GetProperty("posted").GetInt32() == 2).ShouldBe(1, answers.Tally());
        answers.Count(a => a.Json.GetProperty("posted").GetInt32() == 0 && a.Json.GetProperty("alreadyPosted").GetInt32() == 2).ShouldBe(N - 1);
        (await app.WithDbAsync(db => db.Set<FundContribution>().CountAsync(c => c.ParkId == park && c.Year == q.Year && c.QuarterNumber == q.Number))).ShouldBe(2);
        (await app.WithDbAsync(db => db.PendingCharges.CountAsync(c => c.ParkId == park && c.Kind == BillLineKind.ReserveFund && c.SourceId.StartsWith(q.ToString())))).ShouldBe(2);
        (await BalanceAsync(park)).ShouldBe(before + 200.10m);
        await LedgerAddsUpAsync(park);
    }

    [Fact]
    public async Task Repayments_OneIdempotencyKeyFiftyTimes_RecordedOnceAndEveryoneGetsTheAnswer()
    {
        var (op, park, firms) = await ArrangeAsync();
        await FundAsync(op, park, firms[6 % firms.Count], 12, 50m);
        var created = await op.PostJsonAsync($"/api/v1/parks/{park}/reserve-fund/loans", Loan(firms[6 % firms.Count], 200.00m));
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.JsonAsync()).GetProperty("id").GetInt64();
        var key = "repay-" + Guid.NewGuid().ToString("N");

        var answers = await Race.PostAsync([op], N, _ => ($"/api/v1/reserve-fund/loans/{id}/repayments", new { amount = 12.34m, reference = "RACE" }, key));
        answers.Count(a => a.Status == HttpStatusCode.OK).ShouldBe(N, answers.Tally());
        answers.Select(a => a.Json.GetProperty("repaymentId").GetInt64()).Distinct().Count().ShouldBe(1);
        answers.Count(a => a.Replayed).ShouldBe(N - 1);
        (await app.WithDbAsync(db => db.Set<LoanRepayment>().CountAsync(r => r.LoanId == id))).ShouldBe(1);
        (await app.WithDbAsync(db => db.Set<BridgeLoan>().SingleAsync(l => l.Id == id))).Repaid.ShouldBe(12.34m);
        await LedgerAddsUpAsync(park);
    }
}
