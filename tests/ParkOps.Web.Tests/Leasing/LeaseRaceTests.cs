using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Features.Billing;
using ParkOps.Web.Features.Leasing;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Leasing;

/// <summary>Money paths of a lease under 50 parallel requests: its exit settlement approved once and settled once (one charge, one credit for days billed beyond the end), renewed once.</summary>
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
    public async Task SettlementSettle_CreditForDaysBilledBeyondTheEnd_FiftyAtOnce_TheCreditIsBookedOnce()
    {
        var op = await app.LoginAsync("operator");
        // last month billed in full, the lease terminated on its 20th: the days after it are credited, then a deposit of 500.00
        var b = await app.BilledThenTerminatedAsync(op, deposit: 500m);
        var owed = b.BillTotal - b.Credit - 500m;
        (await op.PutAsJsonAsync($"/api/v1/leases/{b.Lease}/settlement", new { }, Demo.Json)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await op.PostJsonAsync($"/api/v1/leases/{b.Lease}/settlement/submit", new { expectedOwed = owed })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await op.PostJsonAsync($"/api/v1/leases/{b.Lease}/settlement/approve", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var settles = await Race.PostAsync([op], N, _ => ($"/api/v1/leases/{b.Lease}/settlement/settle", new { expectedOwed = owed }, null));

        settles.Count(a => a.Status == HttpStatusCode.OK).ShouldBe(1, settles.Tally());
        settles.Count(a => a.Status == HttpStatusCode.Conflict && a.Rule == "SettlementIsFinal").ShouldBe(N - 1, settles.Tally());
        var (bill, payments) = await app.WithDbAsync(async db => (
            await db.Bills.IgnoreQueryFilters().AsNoTracking().SingleAsync(x => x.Id == b.BillId),
            await db.Payments.IgnoreQueryFilters().AsNoTracking().Where(p => p.EnterpriseId == b.Enterprise).Select(p => new { p.Method, p.Amount }).ToListAsync()));
        payments.Where(p => p.Method == Web.Features.Billing.PaymentMethod.CreditNote).Select(p => p.Amount).ShouldBe([b.Credit]);
        payments.Where(p => p.Method == Web.Features.Billing.PaymentMethod.Deposit).Select(p => p.Amount).ShouldBe([500m]);
        bill.Paid.ShouldBe(b.Credit + 500m);
        (bill.Total - bill.Paid).ShouldBe(owed);
        (await app.WithDbAsync(db => db.PendingCharges.Where(c => c.EnterpriseId == b.Enterprise).CountAsync())).ShouldBe(0, "the owed part is on the bill already");
        await app.BooksAddUpAsync(op);
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
    public async Task SettleBesidePayments_FiftyOfEachAtOnce_TheDepositIsBookedOnceAndTheBillAddsUp()
    {
        var (op, park, _, unit) = await ArrangeAsync();
        // a deposit of 5,000.00 against one unpaid bill of 3,000.00: the settlement books 3,000.00 on it and refunds 2,000.00
        var ent = await app.NewTenantAsync(park, new DateOnly(2015, 1, 1), 0m);
        var created = await op.PostJsonAsync($"/api/v1/parks/{park}/leases", LeasingApi.LeaseBody(ent.Id, [unit], LeasingApi.NextMonth, 12, 5_000m));
        var id = (await created.JsonAsync()).Id();
        await op.ActOkAsync(id, "approve");
        await op.ActOkAsync(id, "sign");
        await op.ActOkAsync(id, "terminate", new { on = LeasingApi.NextMonth.AddDays(-1).ToString("yyyy-MM-dd") });
        var bill = await app.WithDbAsync(async db =>
        {
            var run = new Web.Features.Billing.BillRun { ParkId = park, Month = new DateOnly(2024, 3, 1), StartedBy = "test", StartedAt = DateTime.UtcNow, FinishedAt = DateTime.UtcNow };
            db.Add(run);
            await db.SaveChangesAsync();
            var b = new Web.Features.Billing.Bill
            {
                ParkId = park, EnterpriseId = ent.Id, RunId = run.Id, Number = $"TRACE-{ent.Id}", Month = new DateOnly(2024, 3, 1), State = Web.Features.Billing.BillState.Issued,
                Total = 3_000m, DueDate = new DateOnly(2024, 3, 15), IssuedAt = DateTime.UtcNow,
                Lines = [new() { ParkId = park, EnterpriseId = ent.Id, Kind = Domain.Billing.BillLineKind.Rent, SourceType = "test", SourceId = "1", Description = "租金", Amount = 3_000m }],
            };
            db.Add(b);
            await db.SaveChangesAsync();
            return b.Id;
        });
        (await op.PutAsJsonAsync($"/api/v1/leases/{id}/settlement", new { }, Demo.Json)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await op.PostJsonAsync($"/api/v1/leases/{id}/settlement/submit", new { expectedRefund = 2_000m })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await op.PostJsonAsync($"/api/v1/leases/{id}/settlement/approve", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);

        // 50 settles and 50 payments of 10.00 on the bill, all at once
        var answers = await Race.PostAsync([op], 2 * N, i => i % 2 == 0
            ? ($"/api/v1/leases/{id}/settlement/settle", new { }, null)
            : ($"/api/v1/bills/{bill}/payments", new { amount = 10m, method = "Cash", reference = $"RACE-{i}" }, null));

        var settled = answers.Where((a, i) => i % 2 == 0 && a.Status == HttpStatusCode.OK).Count();
        settled.ShouldBeLessThanOrEqualTo(1, answers.Tally());
        answers.Where((a, i) => i % 2 == 1).ShouldAllBe(a => a.Status == HttpStatusCode.OK, answers.Tally());
        var (paid, deposit, applied, credit) = await app.WithDbAsync(async db =>
        {
            var b = await db.Bills.IgnoreQueryFilters().AsNoTracking().SingleAsync(x => x.Id == bill);
            var pays = await db.Payments.IgnoreQueryFilters().AsNoTracking().Where(p => p.BillId == bill).ToListAsync();
            var c = await db.CreditBalances.IgnoreQueryFilters().AsNoTracking().Where(x => x.EnterpriseId == ent.Id).SumAsync(x => x.Amount);
            return (b.Paid, pays.Where(p => p.Method == Web.Features.Billing.PaymentMethod.Deposit).Sum(p => p.Amount), pays.Sum(p => p.Applied), c);
        });
        // the bill carries exactly what was applied to it, never more than its total; the 50 × 10.00 received are on the bill or in credit
        paid.ShouldBe(applied);
        paid.ShouldBeLessThanOrEqualTo(3_000m);
        (applied - deposit + credit).ShouldBe(500m);
        if (settled == 1)
        {
            // the settlement won before any payment: it booked the whole 3,000.00, the payments after it went to credit
            deposit.ShouldBe(3_000m);
            credit.ShouldBe(500m);
        }
        else
        {
            // a payment came first: the approved figures are out of date and nothing of the deposit was booked
            deposit.ShouldBe(0m);
            answers.Where((a, i) => i % 2 == 0).ShouldAllBe(a => a.Status == HttpStatusCode.Conflict, answers.Tally());
            (await app.LeaseAsync(id)).State.ShouldBe(Web.Features.Leasing.LeaseState.Terminated);
        }
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
