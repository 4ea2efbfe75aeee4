using ParkOps.Domain.Orders;
using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Tests.Orders;

public sealed class UnifiedOrderSettlementTests
{
    [Fact]
    public void Settle_WorkedExample_ByHand()
    {
        // order 10,000.00 元, fee 3 % = 300.00 → the operator; received 9,000.00 → 8,700.00 to share.
        // fulfilled: A 5,000 × 100/100 = 5,000; B 3,000 × 50/100 = 1,500; C 2,000 × 0 = 0 → total 6,500
        // A: 8,700 × 5,000/6,500 = 6,692.307692… → 6,692.30 (remainder 0.769 分)
        // B: 8,700 × 1,500/6,500 = 2,007.692307… → 2,007.69 (remainder 0.231 分); floors 8,699.99, one 分 left → A 6,692.31
        // fee borne: 300 × 5/6.5 = 230.769230… → 230.76 (+1 → .77), 300 × 1.5/6.5 = 69.230769… → 69.23; left 1 分 → A
        var s = UnifiedOrderSettlement.Settle(9000m, 10000m, 3m,
            [new(1, 11, 5000m, 100m, 100m), new(2, 12, 3000m, 100m, 50m), new(3, 13, 2000m, 10m, 0m)]);
        s.PlatformFee.ShouldBe(300.00m);
        s.Distributable.ShouldBe(8700.00m);
        s.FulfilledTotal.ShouldBe(6500.00m);
        s.Parts.Select(p => p.Revenue).ShouldBe([6692.31m, 2007.69m, 0m]);
        s.Parts.Select(p => p.FeeBorne).ShouldBe([230.77m, 69.23m, 0m]);
        s.Parts.Select(p => p.ExtraFenOnRevenue).ShouldBe([true, false, false]);
        s.Parts[0].Explanation.ShouldContain("分包金额 5000.00 元 × 已验收交付 100 ÷ 订购 100 = 5000.00 元");
        s.Explanation.ShouldContain("订单金额 10000.00 元 × 3% = 300.00 元");
    }

    [Fact]
    public void Settle_FeeHalfUpToTheFen_AndNeverMoreThanReceived()
    {
        // 333.50 × 3 % = 10.005 → 10.01 (half up)
        UnifiedOrderSettlement.Settle(333.50m, 333.50m, 3m, [new(1, 1, 333.50m, 1m, 1m)]).PlatformFee.ShouldBe(10.01m);
        // 333.49 × 3 % = 10.0047 → 10.00
        UnifiedOrderSettlement.Settle(333.49m, 333.49m, 3m, [new(1, 1, 333.49m, 1m, 1m)]).PlatformFee.ShouldBe(10.00m);
        // received only 5.00 of a 1,000.00 order at 3 % (30.00): the fee stops at what came in, nothing left to share
        var s = UnifiedOrderSettlement.Settle(5m, 1000m, 3m, [new(1, 1, 1000m, 1m, 1m)]);
        (s.PlatformFee, s.Distributable, s.Parts[0].Revenue).ShouldBe((5m, 0m, 0m));
    }

    [Fact]
    public void Settle_TiesGoToTheLowerEnterpriseId()
    {
        // 1.00 元 to three equal parts: 0.33 each, one 分 left; equal remainders → the lowest enterprise id (5), not the first listed
        var s = UnifiedOrderSettlement.Settle(1m, 1m, 0m, [new(1, 9, 10m, 1m, 1m), new(2, 5, 10m, 1m, 1m), new(3, 7, 10m, 1m, 1m)]);
        s.Parts.Select(p => (p.EnterpriseId, p.Revenue)).ShouldBe([(9L, 0.33m), (5L, 0.34m), (7L, 0.33m)]);
    }

    [Fact]
    public void Settle_NothingFulfilled_IsRefused()
    {
        var e = Should.Throw<DomainRuleException>(() => UnifiedOrderSettlement.Settle(100m, 100m, 3m, [new(1, 1, 100m, 10m, 0m)]));
        (e.Rule, e.Field).ShouldBe(("UnifiedOrderNothingFulfilled", "parts"));
    }

    [Fact]
    public void Settle_ThousandsOfGeneratedOrders_AddUpExactlyNeverNegativeWithinOneFenOfExact()
    {
        var rnd = new Random(20261207);
        for (var run = 0; run < 5000; run++)
        {
            var n = rnd.Next(1, 12);
            var orderAmount = rnd.Next(1, 100_000_000) / 100m;
            var fee = rnd.Next(0, 1001) / 100m;
            var parts = Enumerable.Range(0, n).Select(i =>
            {
                var q = rnd.Next(1, 100_000) / 100m;
                var delivered = rnd.Next(4) == 0 ? 0m : Math.Min(q, rnd.Next(0, 100_000) / 100m);
                return new SettlementPart(i + 1, rnd.Next(1, 6), rnd.Next(0, 10_000_000) / 100m, q, delivered);
            }).ToList();
            if (parts.All(p => p.Amount * p.Delivered == 0)) parts[0] = parts[0] with { Amount = 1m, Delivered = parts[0].Quantity };
            var received = Math.Max(0.01m, Math.Round(orderAmount * (decimal)rnd.NextDouble(), 2));
            var s = UnifiedOrderSettlement.Settle(received, orderAmount, fee, parts);

            (s.PlatformFee + s.Parts.Sum(p => p.Revenue)).ShouldBe(received, $"run {run}");
            s.Parts.Sum(p => p.FeeBorne).ShouldBe(s.PlatformFee, $"run {run}");
            s.Parts.ShouldAllBe(p => p.Revenue >= 0 && p.FeeBorne >= 0);
            s.PlatformFee.ShouldBeLessThanOrEqualTo(Math.Round(orderAmount * fee / 100m, 2, MidpointRounding.AwayFromZero));
            // each share within one 分 of the exact one (computed here with doubles, only as a bound)
            var weights = parts.Select(p => (double)p.Amount * (double)p.Delivered / (double)p.Quantity).ToList();
            var total = weights.Sum();
            for (var i = 0; i < n; i++)
            {
                var exact = (double)s.Distributable * weights[i] / total;
                Math.Abs((double)s.Parts[i].Revenue - exact).ShouldBeLessThan(0.0101, $"run {run} part {i}");
                if (weights[i] == 0) s.Parts[i].Revenue.ShouldBe(0m);
            }
        }
    }
}
