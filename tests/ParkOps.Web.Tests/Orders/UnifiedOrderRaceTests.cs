using System.Net;
using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Orders;
using ParkOps.Web.Features.Audit;
using ParkOps.Web.Features.Orders;
using ParkOps.Web.Tests.Infrastructure;
using ParkOps.Web.Tests.ReserveFund;

namespace ParkOps.Web.Tests.Orders;

/// <summary>
/// The unified-order money path under 50 parallel requests on SQLite and PostgreSQL (park 2, DG-HM-01): fifty payments
/// record one; fifty payments with one Idempotency-Key answer the same; fifty settlements settle once, and the statement
/// adds up exactly to the payment.
/// </summary>
public sealed class UnifiedOrderRaceTests(ParkOpsFactory app) : IClassFixture<ParkOpsFactory>
{
    private const int N = 50;

    private async Task<(HttpClient Op, HttpClient Op2, long Order, List<long> Firms)> ArrangeAsync()
    {
        var park = await app.ParkIdAsync("DG-HM-01");
        var firms = (await FundTestData.EnterprisesAsync(app, park)).Take(3).ToList();
        // three parts of 3,333.33 each, fully delivered, one short: 1,000.00 of 10,000.00 at 3.33 %
        var order = await OrderTestData.DeliveredOrderAsync(app, park, 10000m, 3.33m, (firms[0], 3333.33m, 7, 7), (firms[1], 3333.33m, 7, 7), (firms[2], 3333.34m, 9, 5));
        return (await app.LoginAsync("operator2"), await app.LoginAsync("operator2"), order, firms);
    }

    [Fact]
    public async Task Payment_FiftyAtOnce_OneRecorded()
    {
        var (op, op2, id, _) = await ArrangeAsync();
        var answers = await Race.PostAsync([op, op2], N, i => ($"/api/v1/unified-orders/{id}/payment", new { amount = 9000m + i / 100m }, null));
        answers.Count(a => a.Status == HttpStatusCode.OK).ShouldBe(1, answers.Tally());
        answers.Count(a => a.Status == HttpStatusCode.Conflict && a.Rule == "UnifiedOrderAlreadyPaid").ShouldBe(N - 1, answers.Tally());
        var paid = await app.WithDbAsync(db => db.Set<UnifiedOrder>().IgnoreQueryFilters().Where(o => o.Id == id).Select(o => o.PaidAmount).SingleAsync());
        answers.Single(a => a.Status == HttpStatusCode.OK).Json.GetProperty("paidAmount").GetDecimal().ShouldBe(paid!.Value);
    }

    [Fact]
    public async Task Payment_FiftyWithOneIdempotencyKey_OneRecordedEveryoneGetsIt()
    {
        var (op, _, id, _) = await ArrangeAsync();
        var key = "uo-pay-" + Guid.NewGuid().ToString("N");
        var answers = await Race.PostAsync([op], N, _ => ($"/api/v1/unified-orders/{id}/payment", new { amount = 9876.54m }, key));
        answers.Count(a => a.Status == HttpStatusCode.OK).ShouldBe(N, answers.Tally());
        answers.Count(a => a.Replayed).ShouldBe(N - 1);
        (await app.WithDbAsync(db => db.Set<UnifiedOrder>().IgnoreQueryFilters().Where(o => o.Id == id).Select(o => o.PaidAmount).SingleAsync())).ShouldBe(9876.54m);
    }

    [Fact]
    public async Task Settle_FiftyAtOnce_SettledOnce_TotalsExact()
    {
        var (op, op2, id, firms) = await ArrangeAsync();
        (await op.PostJsonAsync($"/api/v1/unified-orders/{id}/payment", new { amount = 9999.99m })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var answers = await Race.PostAsync([op, op2], N, _ => ($"/api/v1/unified-orders/{id}/settle", new { }, null));
        answers.Count(a => a.Status == HttpStatusCode.OK).ShouldBe(1, answers.Tally());
        answers.Count(a => a.Status == HttpStatusCode.Conflict && a.Rule == "UnifiedOrderTransitionNotAllowed").ShouldBe(N - 1, answers.Tally());

        var order = await app.WithDbAsync(db => db.Set<UnifiedOrder>().IgnoreQueryFilters().SingleAsync(o => o.Id == id));
        var parts = await app.WithDbAsync(db => db.Set<UnifiedOrderPart>().IgnoreQueryFilters().Where(p => p.OrderId == id).OrderBy(p => p.Id).ToListAsync());
        order.State.ShouldBe(UnifiedOrderState.Settled);
        // by hand: fee 10,000.00 × 3.33 % = 333.00; 9,666.99 shared by fulfilled 3,333.33, 3,333.33 and 3,333.34 × 5/9 = 1,851.855…
        order.PlatformFee.ShouldBe(333.00m);
        (order.PlatformFee!.Value + parts.Sum(p => p.Revenue!.Value)).ShouldBe(9999.99m);
        parts.Sum(p => p.FeeBorne!.Value).ShouldBe(333.00m);
        parts.ShouldAllBe(p => p.Revenue >= 0);
        parts.Select(p => p.FulfilledAmount).ShouldBe([3333.33m, 3333.33m, 1851.86m]);
        // the two equal parts get equal floors; if one 分 decides between them it goes to the lower enterprise id
        parts[0].Revenue!.Value.ShouldBeGreaterThanOrEqualTo(parts[1].Revenue!.Value);
        (await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Entity == nameof(UnifiedOrder) && a.EntityKey == id.ToString() && a.Action == "Updated"))).ShouldBeGreaterThan(0);
    }
}
