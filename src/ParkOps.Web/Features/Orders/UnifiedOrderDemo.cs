using ParkOps.Domain.Orders;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Orders.Contracts;

namespace ParkOps.Web.Features.Orders;

/// <summary>
/// DG-CA-01's unified orders: a Bluetooth-speaker order taken last month, split SMT / wave soldering / testing, delivered
/// (the testing part short by 200 pieces), paid and settled with the same engine the API uses; and a power-adapter order
/// allocated this week, waiting for its enterprises' answers. Walked through the entities' guarded methods. Deterministic.
/// </summary>
public sealed class UnifiedOrderDemo(ParkOpsDb db) : IUnifiedOrderDemoData
{
    public async Task SeedAsync(long parkId, IReadOnlyList<long> enterpriseIds, DateOnly today, DateTime now, CancellationToken ct)
    {
        // enterpriseIds: [SMT (the demo tenant), wave soldering, testing, a second SMT firm]
        var took = now.AddDays(-40);
        var settled = new UnifiedOrder
        {
            ParkId = parkId, CustomerName = "深圳市声远科技有限公司", CustomerContact = "采购部 陈经理 0755-2668 1234", Product = "蓝牙音箱主板 PCBA（含贴片、插件焊接与功能检测）",
            Quantity = 10000, Unit = "片", Amount = 186000m, FeePercent = 3m, DueOn = today.AddDays(-10), CreatedBy = "operator", CreatedAt = took, UpdatedAt = took,
        };
        db.Add(settled);
        await db.SaveChangesAsync(ct);
        var parts = new[]
        {
            Part(settled, enterpriseIds[0], "SMT 贴片", 10000, 55m, 102300m),
            Part(settled, enterpriseIds[1], "波峰焊插件焊接", 10000, 30m, 55800m),
            Part(settled, enterpriseIds[2], "功能检测与老化", 10000, 15m, 27900m),
        };
        db.AddRange(parts);
        await db.SaveChangesAsync(ct);
        var facts = () => new UnifiedOrderFacts(parts.Length, parts.Count(p => p.State == UnifiedOrderPartState.Offered), parts.Count(p => p.State == UnifiedOrderPartState.Accepted),
            parts.Count(p => p.State == UnifiedOrderPartState.Accepted && p.DeliveredQuantity is null), settled.PaidAmount is not null);
        settled.Apply(UnifiedOrderAction.Allocate, facts(), null, took.AddHours(2));
        foreach (var p in parts) p.Answer(settled.State, true, null, "tenant", took.AddHours(20));
        settled.Apply(UnifiedOrderAction.StartProduction, facts(), null, took.AddDays(1));
        parts[0].RecordDelivery(settled.State, 10000, true, "分两批交付", now.AddDays(-15));
        parts[1].RecordDelivery(settled.State, 10000, true, null, now.AddDays(-13));
        parts[2].RecordDelivery(settled.State, 9800, true, "200 片老化设备故障未检", now.AddDays(-12));
        settled.Apply(UnifiedOrderAction.Deliver, facts(), null, now.AddDays(-12));
        settled.RecordPayment(185442m, today.AddDays(-5), "operator", now.AddDays(-5));
        var statement = UnifiedOrderSettlement.Settle(185442m, settled.Amount, settled.FeePercent, parts.Select(p => p.ForSettlement()).ToList());
        for (var i = 0; i < parts.Length; i++) parts[i].Settled(statement.Parts[i]);
        settled.Settle(facts(), statement, "operator", now.AddDays(-4));
        await db.SaveChangesAsync(ct);

        var open = new UnifiedOrder
        {
            ParkId = parkId, CustomerName = "广州市优电电源有限公司", CustomerContact = "供应链 黄小姐 020-3888 5678", Product = "65W 氮化镓快充电源适配器 SMT 贴片与组装",
            Quantity = 20000, Unit = "台", Amount = 96000m, FeePercent = 3m, DueOn = today.AddDays(30), CreatedBy = "operator", CreatedAt = now.AddDays(-2), UpdatedAt = now.AddDays(-2),
        };
        db.Add(open);
        await db.SaveChangesAsync(ct);
        var openParts = new[]
        {
            Part(open, enterpriseIds[3], "SMT 贴片（主板）", 12000, 40m, 38400m),
            Part(open, enterpriseIds[0], "SMT 贴片（副板）", 8000, 25m, 24000m),
        };
        db.AddRange(openParts);
        open.Apply(UnifiedOrderAction.Allocate, new UnifiedOrderFacts(2, 2, 0, 0, false), null, now.AddDays(-1));
        openParts[0].Answer(open.State, true, null, "demo", now.AddHours(-20));
        await db.SaveChangesAsync(ct);
    }

    private static UnifiedOrderPart Part(UnifiedOrder o, long enterprise, string work, decimal qty, decimal share, decimal amount) => new()
    {
        OrderId = o.Id, ParkId = o.ParkId, EnterpriseId = enterprise, Work = work, Quantity = qty, SharePercent = share, Amount = amount,
    };
}
