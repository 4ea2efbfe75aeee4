using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Orders;
using ParkOps.Web.Features.Orders;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Orders;

/// <summary>Unified orders written straight into Orders' tables (walked through the entities' guarded methods), for scope and matrix fixtures.</summary>
public static class OrderTestData
{
    /// <summary>
    /// A settled order of the park whose one part is the enterprise's (fully delivered, paid 1,000.00 at 3 %): every
    /// write on it after the access check is refused for its state (409), its reads answer 200.
    /// </summary>
    public static async Task<long> OrderOfAsync(ParkOpsFactory app, long parkId, long enterpriseId) => (await ExistingOrNewAsync(app, parkId, enterpriseId)).Order;

    public static async Task<long> PartOfAsync(ParkOpsFactory app, long parkId, long enterpriseId) => (await ExistingOrNewAsync(app, parkId, enterpriseId)).Part;

    private static async Task<(long Order, long Part)> ExistingOrNewAsync(ParkOpsFactory app, long parkId, long enterpriseId)
    {
        var found = await app.WithDbAsync(db => db.Set<UnifiedOrderPart>().IgnoreQueryFilters()
            .Where(p => p.ParkId == parkId && p.EnterpriseId == enterpriseId && p.Work == "探测工序").OrderBy(p => p.Id).Select(p => new { p.OrderId, p.Id }).FirstOrDefaultAsync());
        return found is null ? await SettledOrderOfAsync(app, parkId, enterpriseId) : (found.OrderId, found.Id);
    }

    public static Task<(long Order, long Part)> SettledOrderOfAsync(ParkOpsFactory app, long parkId, long enterpriseId) =>
        app.WithDbAsync(async db =>
        {
            var now = DateTime.UtcNow;
            var o = new UnifiedOrder
            {
                ParkId = parkId, CustomerName = "探测客户", CustomerContact = "测试", Product = "探测订单", Quantity = 10, Unit = "件", Amount = 1000m, FeePercent = 3m,
                DueOn = DateOnly.FromDateTime(now).AddDays(10), CreatedBy = "test", CreatedAt = now, UpdatedAt = now,
            };
            db.Add(o);
            await db.SaveChangesAsync();
            var p = new UnifiedOrderPart { OrderId = o.Id, ParkId = parkId, EnterpriseId = enterpriseId, Work = "探测工序", Quantity = 10, SharePercent = 100, Amount = 1000m };
            db.Add(p);
            await db.SaveChangesAsync();
            UnifiedOrderFacts Facts() => new(1, p.State == UnifiedOrderPartState.Offered ? 1 : 0, p.State == UnifiedOrderPartState.Accepted ? 1 : 0,
                p.State == UnifiedOrderPartState.Accepted && p.DeliveredQuantity is null ? 1 : 0, o.PaidAmount is not null);
            o.Apply(UnifiedOrderAction.Allocate, Facts(), null, now);
            p.Answer(o.State, true, null, "test", now);
            o.Apply(UnifiedOrderAction.StartProduction, Facts(), null, now);
            p.RecordDelivery(o.State, 10, true, null, now);
            o.Apply(UnifiedOrderAction.Deliver, Facts(), null, now);
            o.RecordPayment(1000m, DateOnly.FromDateTime(now), "test", now);
            var s = UnifiedOrderSettlement.Settle(1000m, 1000m, 3m, [p.ForSettlement()]);
            p.Settled(s.Parts[0]);
            o.Settle(Facts(), s, "test", now);
            await db.SaveChangesAsync();
            return (o.Id, p.Id);
        });

    /// <summary>A delivered, unpaid order of the park (amount, fee %) with one accepted, delivered part per (enterprise, amount, quantity, delivered).</summary>
    public static Task<long> DeliveredOrderAsync(ParkOpsFactory app, long parkId, decimal amount, decimal feePercent, params (long Enterprise, decimal Amount, decimal Quantity, decimal Delivered)[] parts) =>
        app.WithDbAsync(async db =>
        {
            var now = DateTime.UtcNow;
            var o = new UnifiedOrder
            {
                ParkId = parkId, CustomerName = "竞争客户", CustomerContact = "测试", Product = "竞争订单", Quantity = parts.Sum(p => p.Quantity), Unit = "件", Amount = amount,
                FeePercent = feePercent, DueOn = DateOnly.FromDateTime(now).AddDays(10), CreatedBy = "test", CreatedAt = now, UpdatedAt = now,
            };
            db.Add(o);
            await db.SaveChangesAsync();
            var rows = parts.Select(x => new UnifiedOrderPart { OrderId = o.Id, ParkId = parkId, EnterpriseId = x.Enterprise, Work = "竞争工序", Quantity = x.Quantity, SharePercent = 1, Amount = x.Amount }).ToList();
            db.AddRange(rows);
            await db.SaveChangesAsync();
            UnifiedOrderFacts Facts() => new(rows.Count, rows.Count(p => p.State == UnifiedOrderPartState.Offered), rows.Count(p => p.State == UnifiedOrderPartState.Accepted),
                rows.Count(p => p.State == UnifiedOrderPartState.Accepted && p.DeliveredQuantity is null), o.PaidAmount is not null);
            o.Apply(UnifiedOrderAction.Allocate, Facts(), null, now);
            foreach (var r in rows) r.Answer(o.State, true, null, "test", now);
            o.Apply(UnifiedOrderAction.StartProduction, Facts(), null, now);
            for (var i = 0; i < rows.Count; i++) rows[i].RecordDelivery(o.State, parts[i].Delivered, true, null, now);
            o.Apply(UnifiedOrderAction.Deliver, Facts(), null, now);
            await db.SaveChangesAsync();
            return o.Id;
        });
}
