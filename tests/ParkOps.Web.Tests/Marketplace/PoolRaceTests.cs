using System.Net;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Features.Marketplace;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Marketplace;

/// <summary>A pool's money under 50 parallel requests: closed into one purchase order, commitments in it or refused.</summary>
public sealed class PoolRaceTests(ParkOpsFactory app) : IClassFixture<ParkOpsFactory>
{
    private const int N = 50;

    [Fact]
    public async Task Close_FiftyAtOnce_OnePurchaseOrderAndTheRestAre409()
    {
        var park = await app.ParkIdAsync();
        var tenant = await app.LoginAsync("tenant");
        var op = await app.LoginAsync("operator");
        var id = await tenant.CreatePoolAsync(park);
        (await tenant.CommitAsync(id, 120)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var answers = await Race.PostAsync([op, tenant], N, _ => ($"/api/v1/pools/{id}/close", new { supplier = "并发供应商" }, null));
        answers.Count(a => a.Status == HttpStatusCode.OK).ShouldBe(1, answers.Tally());
        answers.Count(a => a.Status == HttpStatusCode.Conflict && a.Rule == "PoolMustBeOpen").ShouldBe(N - 1, answers.Tally());
        (await app.WithDbAsync(db => db.PurchaseOrders.CountAsync(o => o.PoolId == id))).ShouldBe(1);
        // 120 kg at the 100-kg tier of 290 元
        var order = await app.WithDbAsync(db => db.PurchaseOrders.SingleAsync(o => o.PoolId == id));
        order.TotalAmount.ShouldBe(34_800m);
    }

    [Fact]
    public async Task CommitmentsRacingTheClose_AreEitherInTheOrderOrRefused()
    {
        var park = await app.ParkIdAsync();
        var tenant = await app.LoginAsync("tenant");
        var tenant2 = await app.LoginAsync("tenant2");
        var op = await app.LoginAsync("operator");
        var id = await tenant.CreatePoolAsync(park);
        (await tenant.CommitAsync(id, 100)).StatusCode.ShouldBe(HttpStatusCode.OK);
        // tenant2 raises its commitment 1 kg at a time while the operator closes
        var clients = Enumerable.Range(0, N).Select(i => i == 25 ? op : tenant2).ToList();
        var answers = await Race.PostAsync(clients, N, i => i == 25
            ? ($"/api/v1/pools/{id}/close", (object)new { }, null)
            : ($"/api/v1/pools/{id}/commitments", new { quantity = 1 + i }, null));
        answers[25].Status.ShouldBe(HttpStatusCode.OK, answers[25].ToString());
        var refused = answers.Where((a, i) => i != 25 && a.Status == HttpStatusCode.Conflict).ToList();
        refused.ShouldAllBe(a => a.Rule == "PoolMustBeOpen");
        answers.Where((a, i) => i != 25).Count(a => a.Status == HttpStatusCode.OK).ShouldBe(N - 1 - refused.Count, answers.Tally());
        // the order holds exactly the commitments stored when it closed
        var committed = await app.WithDbAsync(db => db.PoolCommitments.Where(c => c.PoolId == id).SumAsync(c => (double)c.Quantity));
        var order = await app.WithDbAsync(db => db.PurchaseOrders.SingleAsync(o => o.PoolId == id));
        ((double)order.TotalQuantity).ShouldBe(committed);
    }
}
