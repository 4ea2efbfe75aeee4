using System.Globalization;
using System.Numerics;
using ParkOps.Domain.Benefits;

namespace ParkOps.Domain.Orders;

/// <summary>A part as settlement sees it: who, its amount, ordered and delivered quantity (0 when the customer did not accept it).</summary>
public sealed record SettlementPart(long PartId, long EnterpriseId, decimal Amount, decimal Quantity, decimal Delivered);

/// <summary>
/// One part's settlement: its fulfilled amount (amount × delivered ÷ ordered, shown to the 分), its fulfilled share of the
/// order (0–1, shown to 6 places), the platform fee it bears and the revenue it receives (both to the 分, floored with the
/// remaining 分 to the largest remainders), whether it received one of those remaining 分 (fee, revenue), and the text that
/// says how, in Chinese.
/// </summary>
public sealed record SettledPart(long PartId, long EnterpriseId, decimal FulfilledAmount, decimal FulfilledShare, decimal FeeBorne, decimal Revenue,
    bool ExtraFenOnFee, bool ExtraFenOnRevenue, string Explanation)
{
    /// <summary>What the part earned of the amount received before the fee: revenue + the fee it bears.</summary>
    public decimal Gross => Revenue + FeeBorne;
}

/// <summary>The order's settlement: received = platform fee + Σ revenue, exactly.</summary>
public sealed record UnifiedOrderStatement(decimal Received, decimal OrderAmount, decimal FeePercent, decimal PlatformFee, decimal Distributable,
    decimal FulfilledTotal, IReadOnlyList<SettledPart> Parts, string Explanation);

/// <summary>
/// Shares a unified order's revenue by fulfilled share (DOMAIN §6 "unified-order and brand revenue: shared by
/// participation"). The platform fee = order amount × fee rate, half up to the 分 (never more than was received) goes to
/// the operator; the rest of the amount received is shared among the parts in proportion to their fulfilled amounts
/// (part amount × delivered ÷ ordered). Each share is floored to the 分 and the 分 still missing go one each to the
/// largest remainders (ties: enterprise id ascending, then part id), so fee + shares = received exactly. The fee is
/// attributed to the parts the same way (what each part "bears"). Exact arithmetic (whole numbers and fractions): no
/// remainder is decided by decimal rounding.
/// </summary>
public static class UnifiedOrderSettlement
{
    public static UnifiedOrderStatement Settle(decimal received, decimal orderAmount, decimal feePercent, IReadOnlyList<SettlementPart> parts)
    {
        if (received <= 0 || received != decimal.Round(received, 2))
            throw new Rules.DomainRuleException("UnifiedOrderPaymentInvalid", "amount", "回款金额须大于 0，精确到分") { Arguments = [orderAmount] };
        var weights = parts.Select(p => p.Quantity <= 0 || p.Delivered <= 0 || p.Amount <= 0 ? Ratio.Of(0) : Ratio.Of(p.Amount) * Ratio.Of(Math.Min(p.Delivered, p.Quantity)) / Ratio.Of(p.Quantity)).ToArray();
        var total = Ratio.Of(0);
        foreach (var w in weights) total += w;
        if (!(total > Ratio.Of(0)))
            throw new Rules.DomainRuleException("UnifiedOrderNothingFulfilled", "parts", "没有任何分包的交付被客户验收，无法按履约份额分配", Rules.RuleKind.Conflict);

        var receivedFen = ToFen(received);
        var feeFen = BigInteger.Min(receivedFen, FeeFen(orderAmount, feePercent));
        var restFen = receivedFen - feeFen;
        var fee = Allocate(feeFen, weights, total, parts);
        var revenue = Allocate(restFen, weights, total, parts);

        var inv = CultureInfo.InvariantCulture;
        var totalShown = total.ToDecimal(2);
        var result = new List<SettledPart>(parts.Count);
        for (var i = 0; i < parts.Count; i++)
        {
            var p = parts[i];
            var fulfilled = weights[i].ToDecimal(2);
            var share = (weights[i] / total).ToDecimal(6);
            var feeBorne = (decimal)fee.Fen[i] / 100m;
            var rev = (decimal)revenue.Fen[i] / 100m;
            var text = string.Create(inv,
                $"履约金额 = 分包金额 {p.Amount:0.00} 元 × 已验收交付 {Math.Min(p.Delivered, p.Quantity):0.##} ÷ 订购 {p.Quantity:0.##} = {fulfilled:0.00} 元；"
                + $"履约份额 = {fulfilled:0.00} ÷ 全部履约 {totalShown:0.00} = {share * 100:0.####}%；"
                + $"分得收入 = 可分配 {(decimal)restFen / 100m:0.00} 元 × 履约份额，按分向下取整{(revenue.Extra[i] ? "，余数较大再加 1 分" : "")} = {rev:0.00} 元；"
                + $"承担平台服务费 {feeBorne:0.00} 元{(fee.Extra[i] ? "（含余数 1 分）" : "")}");
            result.Add(new SettledPart(p.PartId, p.EnterpriseId, fulfilled, share, feeBorne, rev, fee.Extra[i], revenue.Extra[i], text));
        }
        var explanation = string.Create(inv,
            $"回款 {received:0.00} 元；平台服务费 = 订单金额 {orderAmount:0.00} 元 × {feePercent:0.##}% = {(decimal)feeFen / 100m:0.00} 元（四舍五入到分{(feeFen == receivedFen && receivedFen < FeeFen(orderAmount, feePercent) ? "，以回款为限" : "")}），归园区运营方；"
            + $"其余 {(decimal)restFen / 100m:0.00} 元按各分包履约金额占比分配，每份向下取整到分，剩余的分按余数从大到小逐一补足（余数相同按企业编号从小到大），合计等于回款。");
        return new UnifiedOrderStatement(received, orderAmount, feePercent, (decimal)feeFen / 100m, (decimal)restFen / 100m, totalShown, result, explanation);
    }

    /// <summary>The platform fee in 分: order amount × fee rate %, half up.</summary>
    public static BigInteger FeeFen(decimal orderAmount, decimal feePercent) =>
        // 元 × % = 分 (×100 ÷ 100), half up
        (Ratio.Of(orderAmount) * Ratio.Of(feePercent) + new Ratio(1, 2)).Floor();

    private static BigInteger ToFen(decimal yuan) => (Ratio.Of(yuan) * Ratio.Of(100)).Floor();

    /// <summary>amount (分) × wᵢ ÷ Σw floored, the rest one 分 each to the largest remainders (ties: enterprise id, part id).</summary>
    private static (BigInteger[] Fen, bool[] Extra) Allocate(BigInteger amountFen, Ratio[] weights, Ratio total, IReadOnlyList<SettlementPart> parts)
    {
        var n = weights.Length;
        var fen = new BigInteger[n];
        var rem = new Ratio[n];
        var extra = new bool[n];
        var given = BigInteger.Zero;
        for (var i = 0; i < n; i++)
        {
            var exact = new Ratio(amountFen, 1) * weights[i] / total;
            fen[i] = exact.Floor();
            rem[i] = exact + new Ratio(-fen[i], 1);
            given += fen[i];
        }
        var left = (int)(amountFen - given);
        var order = Enumerable.Range(0, n).ToList();
        order.Sort((a, b) =>
        {
            if (rem[a] > rem[b]) return -1;
            if (rem[b] > rem[a]) return 1;
            var c = parts[a].EnterpriseId.CompareTo(parts[b].EnterpriseId);
            return c != 0 ? c : parts[a].PartId.CompareTo(parts[b].PartId);
        });
        foreach (var i in order.Take(left)) { fen[i] += 1; extra[i] = true; }
        return (fen, extra);
    }
}
