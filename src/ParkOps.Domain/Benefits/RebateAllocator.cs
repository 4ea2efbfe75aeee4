using System.Numerics;

namespace ParkOps.Domain.Benefits;

/// <summary>One enterprise's year for the tax rebate: its (rounded) contribution score and its local retained tax in 元.</summary>
public sealed record RebateInput(string Enterprise, decimal Score, decimal RetainedTax);

/// <summary>How one enterprise's rebate was reached (every figure a user sees can be explained).</summary>
/// <param name="ProRataPart">rate × (1 − score part) × its tax, shown to 10 decimals.</param>
/// <param name="ScoreShare">rate × score part × the park's tax × its score ÷ the park's scores (by tax when no one scored), shown to 10 decimals.</param>
/// <param name="Exact">the two parts added, shown to 10 decimals.</param>
/// <param name="ExtraFen">it received one of the 分 left after flooring every share (largest remainders first).</param>
/// <param name="Allocation">what it receives, in 元 to the 分.</param>
public sealed record RebateShare(string Enterprise, decimal Score, decimal RetainedTax, decimal ProRataPart, decimal ScoreShare, decimal Exact, bool ExtraFen, decimal Allocation);

/// <param name="Pool">rate × the park's retained tax, rounded half up to the 分; the allocations add up to it exactly.</param>
/// <param name="ScorePartByTax">no enterprise scored (Σs = 0), so the score part went pro rata to tax instead.</param>
/// <param name="FenLeft">the 分 handed out one each after flooring every share.</param>
public sealed record RebateResult(decimal TotalTax, decimal ScoreSum, decimal Pool, bool ScorePartByTax, int FenLeft, IReadOnlyList<RebateShare> Shares);

/// <summary>
/// The tax rebate (DOMAIN §6, issue 14): the pool is half of the year's local retained tax, rounded half up to the 分;
/// each enterprise's exact share is 0.5·t·0.7 + 0.5·Σt·0.3·s/Σs (rates from the settings). Every share is floored to
/// the 分 and the 分 still missing from the pool go one each to the largest remainders, ties by identifier (ordinal), so
/// the allocations add up to the pool exactly and none is more than 1 分 from its exact share. Computed in exact fractions.
/// </summary>
public static class RebateAllocator
{
    public const string ScoreField = "score", TaxField = "retained_tax_yuan";

    /// <summary>Every input the rule cannot use: missing or repeated identifiers, a negative score or tax.</summary>
    public static List<BenefitsInputProblem> Check(IReadOnlyList<RebateInput> inputs) =>
        BenefitsInput.Check(inputs, e => e.Enterprise, (i, e, problems) =>
        {
            if (e.Score < 0) problems.Add(new(i, ScoreField, "RebateScoreMustNotBeNegative"));
            if (e.RetainedTax < 0) problems.Add(new(i, TaxField, "RebateTaxMustNotBeNegative"));
        });

    /// <summary>
    /// Allocates the pool, index for index. Throws <see cref="Rules.DomainRuleException"/> on settings the rule cannot
    /// use or on the first input problem (call <see cref="Check"/> first to list them all).
    /// </summary>
    public static RebateResult Allocate(IReadOnlyList<RebateInput> inputs, BenefitsSettings settings)
    {
        BenefitsInput.Refuse(settings, Check(inputs));
        var n = inputs.Count;
        // Everything in whole numbers over one denominator D, so floors and remainders are exact integer divisions and
        // remainders compare directly: taxes and scores brought to their largest decimal scale, the rates to theirs.
        var (tax, taxDen) = Ratio.Scaled(inputs.Select(e => e.RetainedTax));
        var (score, _) = Ratio.Scaled(inputs.Select(e => e.Score));
        var rate = Ratio.Of(settings.RebateRate);
        var part = Ratio.Of(settings.ScorePart);
        var totalTax = Ratio.Sum(tax);
        var scoreSum = Ratio.Sum(score);
        // issue 14: when nobody scored, the score part follows the tax like the rest (no one can claim it by score)
        var byTax = scoreSum.IsZero;
        var weight = byTax ? tax : score;
        // Σ weight is 0 only when Σt is too, and then the score part is 0 whatever it is divided by
        var weightSum = BigInteger.Max(byTax ? totalTax : scoreSum, BigInteger.One);

        // share in 分 = rate·(1 − part)·t·100 + rate·part·Σt·100·w ÷ Σw, over D = rate's × part's × tax's denominators × Σw
        var rateDen = rate.Den * part.Den * taxDen;
        var den = rateDen * weightSum;
        var proRataCoef = rate.Num * (part.Den - part.Num) * 100 * weightSum;
        var scoreCoef = rate.Num * part.Num * totalTax * 100;
        // the pool: rate·Σt in 分, half up
        var poolFen = (2 * rate.Num * totalTax * 100 + rate.Den * taxDen) / (2 * rate.Den * taxDen);
        var pool = (decimal)poolFen / 100m;

        var fen = new BigInteger[n];
        var remainder = new BigInteger[n];
        var floored = BigInteger.Zero;
        for (var i = 0; i < n; i++)
        {
            // one division, last: s ÷ Σs rounded first would lose the 分 the remainders decide
            fen[i] = BigInteger.DivRem(proRataCoef * tax[i] + scoreCoef * weight[i], den, out remainder[i]);
            floored += fen[i];
        }
        // Σ exact = rate × Σt and the pool is that to within ½ 分, so between 0 and n 分 are left (each share lost < 1 分)
        var left = poolFen - floored;
        if (left.Sign < 0 || left > n)
            throw new InvalidOperationException($"rebate: {left} 分 left for {n} enterprises; the exact shares do not add up to the pool");
        var order = Enumerable.Range(0, n).ToArray();
        Array.Sort(order, (a, b) =>
        {
            var c = remainder[b].CompareTo(remainder[a]);
            return c != 0 ? c : string.CompareOrdinal(inputs[a].Enterprise, inputs[b].Enterprise);
        });
        var extra = new bool[n];
        for (var j = 0; j < (int)left; j++) extra[order[j]] = true;

        var yuanDen = den * 100;
        var shares = new RebateShare[n];
        for (var i = 0; i < n; i++)
        {
            var allocated = (decimal)(fen[i] + (extra[i] ? 1 : 0)) / 100m;
            shares[i] = new(inputs[i].Enterprise, inputs[i].Score, inputs[i].RetainedTax,
                new Ratio(proRataCoef * tax[i], yuanDen).ToDecimal(10), new Ratio(scoreCoef * weight[i], yuanDen).ToDecimal(10),
                new Ratio(fen[i] * den + remainder[i], yuanDen).ToDecimal(10), extra[i], allocated);
        }
        return new RebateResult(inputs.Sum(e => e.RetainedTax), inputs.Sum(e => e.Score), pool, byTax, (int)left, shares);
    }

}
