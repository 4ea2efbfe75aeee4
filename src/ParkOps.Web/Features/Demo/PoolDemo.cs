using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Marketplace;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Marketplace;
using ParkOps.Web.Features.Parks;

namespace ParkOps.Web.Features.Demo;

/// <summary>
/// The demo's joint procurement in DG-CA-01: an open pool of lead-free solder paste (four tiers, six members
/// committed, the second tier reached, closing in two weeks) and a closed pool of anti-static shielding bags from
/// last month with its purchase order, allocations and the members' inbox messages. Figures are fixed, so the
/// savings are the same on every start (about 10 % off the single-buyer price, as the seeds report).
/// </summary>
public static class PoolDemo
{
    public static async Task SeedAsync(ParkOpsDb db, Notifications.Contracts.INotices notices, DateOnly today, DateTime now, CancellationToken ct)
    {
        var park = await db.Parks.IgnoreQueryFilters().SingleAsync(p => p.Code == "DG-CA-01", ct);
        var ents = await db.Enterprises.IgnoreQueryFilters().Where(e => e.ParkId == park.Id && e.Status == EnterpriseStatus.Admitted).OrderBy(e => e.Id).Select(e => e.Id).ToListAsync(ct);
        if (ents.Count < 12) return;
        // deadlines at 18:00 Beijing time
        DateTime At(DateOnly d) => new DateTimeOffset(d.ToDateTime(new TimeOnly(18, 0)), TimeSpan.FromHours(8)).UtcDateTime;

        var open = new ProcurementPool
        {
            ParkId = park.Id, OpenerEnterpriseId = ents[2], Item = "无铅锡膏", Spec = "SAC305 Type4 500g/罐，有效期 6 个月", Unit = "kg", ListPrice = 320m,
            Tiers = ProcurementPool.FormatTiers([new PoolTier(50, 305m), new PoolTier(100, 295m), new PoolTier(200, 286m), new PoolTier(400, 278m)]),
            Deadline = At(today.AddDays(14)), State = PoolState.Open, CreatedBy = "demo", CreatedAt = now.AddDays(-3), UpdatedAt = now.AddDays(-1),
        };
        var closed = new ProcurementPool
        {
            ParkId = park.Id, OpenerEnterpriseId = null, Item = "防静电屏蔽袋", Spec = "200×300 mm 自封，银灰色", Unit = "千个", ListPrice = 260m,
            Tiers = ProcurementPool.FormatTiers([new PoolTier(20, 245m), new PoolTier(50, 232m), new PoolTier(100, 220m)]),
            Deadline = At(today.AddDays(-24)), State = PoolState.Closed, CreatedBy = "operator", CreatedAt = now.AddDays(-38), UpdatedAt = now.AddDays(-24), ClosedAt = now.AddDays(-24),
        };
        db.ProcurementPools.AddRange(open, closed);
        await db.SaveChangesAsync(ct);

        (int Index, decimal Quantity)[] openMembers = [(2, 40m), (5, 25m), (7, 18m), (11, 35m), (16, 12m), (20, 30m)];
        (int Index, decimal Quantity)[] closedMembers = [(3, 12m), (5, 8m), (8, 15m), (9, 6m), (14, 10m), (16, 9m), (23, 18m)];
        foreach (var (i, q) in openMembers.Where(m => m.Index < ents.Count))
            db.PoolCommitments.Add(new PoolCommitment { PoolId = open.Id, ParkId = park.Id, EnterpriseId = ents[i], Quantity = q, UpdatedBy = "demo", UpdatedAt = now.AddDays(-2) });
        var members = closedMembers.Where(m => m.Index < ents.Count).Select(m => new PoolMember(ents[m.Index], m.Quantity)).ToList();
        foreach (var m in members)
            db.PoolCommitments.Add(new PoolCommitment { PoolId = closed.Id, ParkId = park.Id, EnterpriseId = m.EnterpriseId, Quantity = m.Quantity, UpdatedBy = "demo", UpdatedAt = now.AddDays(-30) });

        var outcome = PoolRules.Close(closed.TierList, closed.ListPrice, members);
        var order = new PurchaseOrder
        {
            ParkId = park.Id, PoolId = closed.Id, Number = $"JC{closed.ClosedAt!.Value.AddHours(8):yyyyMMdd}-{closed.Id:D6}", Supplier = "东莞市长安镇某包装材料有限公司",
            TotalQuantity = outcome.TotalQuantity, UnitPrice = outcome.Tier!.UnitPrice, TotalAmount = outcome.TotalAmount, TotalSaving = outcome.TotalSaving,
            CreatedBy = "operator", CreatedAt = closed.ClosedAt.Value,
        };
        db.PurchaseOrders.Add(order);
        await db.SaveChangesAsync(ct);
        foreach (var a in outcome.Allocations)
        {
            db.PurchaseAllocations.Add(new PurchaseAllocation { OrderId = order.Id, ParkId = park.Id, EnterpriseId = a.EnterpriseId, Quantity = a.Quantity, UnitPrice = a.UnitPrice, Amount = a.Amount, Saving = a.Saving });
            notices.Send([Notifications.Contracts.Notice.ToEnterprise(park.Id, a.EnterpriseId, "PoolClosed", $"/pools/{closed.Id}", closed.Item) with { At = closed.ClosedAt.Value }]);
        }
        await db.SaveChangesAsync(ct);
    }
}
