using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Orders;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Orders.Contracts;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Features.Orders;

public sealed class UnifiedOrderRecords(ParkOpsDb db) : IUnifiedOrderRecords
{
    public async Task<IReadOnlyList<SettledOrderPart>> SettledPartsAsync(long parkId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        // settled instants a day either side, then the Beijing day decides (UTC+8)
        var start = from.AddDays(-1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var end = to.AddDays(2).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var orders = await db.Set<UnifiedOrder>().AsNoTracking()
            .Where(o => o.ParkId == parkId && o.State == UnifiedOrderState.Settled && o.SettledAt >= start && o.SettledAt < end)
            .Select(o => new { o.Id, o.SettledAt, o.Product }).ToListAsync(ct);
        var inRange = orders.Select(o => (o.Id, Day: DateOnly.FromDateTime(Time.ToShanghai(o.SettledAt!.Value)), o.Product))
            .Where(o => o.Day >= from && o.Day <= to).ToDictionary(o => o.Id);
        if (inRange.Count == 0) return [];
        // the ids as ONE parameter (SQLite json_each, PostgreSQL an array) per 50,000, never one variable per id
        var parts = new List<(long Id, long OrderId, long EnterpriseId, decimal? FulfilledAmount, string Work)>();
        foreach (var slice in inRange.Keys.Chunk(50_000))
            parts.AddRange((await db.Set<UnifiedOrderPart>().AsNoTracking().Where(p => EF.Parameter(slice).Contains(p.OrderId) && p.FulfilledAmount != null)
                .Select(p => new { p.Id, p.OrderId, p.EnterpriseId, p.FulfilledAmount, p.Work }).ToListAsync(ct)).Select(p => (p.Id, p.OrderId, p.EnterpriseId, p.FulfilledAmount, p.Work)));
        return parts.Where(p => p.FulfilledAmount > 0).OrderBy(p => p.Id)
            .Select(p => new SettledOrderPart(p.Id, p.OrderId, p.EnterpriseId, p.FulfilledAmount!.Value, inRange[p.OrderId].Day, $"统一接单：{inRange[p.OrderId].Product}（{p.Work}）"))
            .ToList();
    }
}
