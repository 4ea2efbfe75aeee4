using System.Numerics;

namespace ParkOps.Domain.Benefits;

/// <summary>
/// One enterprise's raw indicator values for one park and year, in <see cref="ContributionIndicator"/> order.
/// <paramref name="YearsInPark"/> and <paramref name="Invested"/> (元) count only when the settings turn their multiplier on.
/// </summary>
public sealed record ContributionInput(string Enterprise, IReadOnlyList<decimal> Values, int YearsInPark = 0, decimal Invested = 0);

/// <summary>One line of the breakdown shown to the enterprise: its value, the park's largest, the normalised value (0–100), weight and points.</summary>
/// <param name="Normalised">value ÷ park maximum × 100 (0 when the maximum is 0), shown to 10 decimals.</param>
/// <param name="Points">weight × normalised, shown to 10 decimals; the score is rounded from the exact sum, not from these.</param>
public sealed record ContributionTerm(ContributionIndicator Indicator, decimal Value, decimal ParkMax, decimal Normalised, decimal Weight, decimal Points);

/// <param name="Score">0–100, rounded half up to 2 decimals: what the rebate and the rent discount use.</param>
/// <param name="Multiplier">tenure × investment factor (1 with both off), shown to 10 decimals.</param>
/// <param name="Capped">the multiplied score went above 100 and was held at 100.</param>
public sealed record ContributionScore(string Enterprise, decimal Score, IReadOnlyList<ContributionTerm> Breakdown, decimal Multiplier, bool Capped);

/// <param name="ParkMaxima">the largest value of each indicator in the park and year, in <see cref="ContributionIndicator"/> order.</param>
public sealed record ContributionResult(BenefitsSettings Settings, IReadOnlyList<decimal> ParkMaxima, IReadOnlyList<ContributionScore> Scores);

/// <summary>
/// The collaboration contribution score (DOMAIN §6, issue 14), pure and in memory: each indicator normalised within the
/// park and year (value ÷ park maximum × 100, all 0 when the maximum is 0), the score the weighted sum, optionally
/// multiplied by tenure and investment factors and held at 100, rounded half up to 2 decimals. Computed in exact
/// fractions so a score that lies exactly on a half hundredth always rounds up.
/// </summary>
public static class ContributionEngine
{
    /// <summary>The input field of each indicator, in <see cref="ContributionIndicator"/> order (the CSV columns of the batch tool).</summary>
    public static readonly string[] Fields = ["order_collaboration", "technology_sharing", "talent_mobility", "platform_activity", "public_affairs"];

    public const string YearsInParkField = "years_in_park", InvestedField = "invested_yuan";

    /// <summary>Every input the rules cannot use: missing or repeated identifiers, a negative value, a list of the wrong length.</summary>
    public static List<BenefitsInputProblem> Check(IReadOnlyList<ContributionInput> inputs) =>
        BenefitsInput.Check(inputs, e => e.Enterprise, (i, e, problems) =>
        {
            if (e.Values is null || e.Values.Count != Fields.Length)
            {
                problems.Add(new(i, "values", "ContributionValuesIncomplete"));
                return;
            }
            for (var k = 0; k < Fields.Length; k++)
                if (e.Values[k] < 0) problems.Add(new(i, Fields[k], "ContributionFigureMustNotBeNegative"));
            if (e.YearsInPark < 0) problems.Add(new(i, YearsInParkField, "ContributionFigureMustNotBeNegative"));
            if (e.Invested < 0) problems.Add(new(i, InvestedField, "ContributionFigureMustNotBeNegative"));
        });

    /// <summary>
    /// Scores every enterprise, index for index. Throws <see cref="Rules.DomainRuleException"/> on settings the rules
    /// cannot use or on the first input problem (call <see cref="Check"/> first to list them all).
    /// </summary>
    public static ContributionResult Evaluate(IReadOnlyList<ContributionInput> inputs, BenefitsSettings settings)
    {
        BenefitsInput.Refuse(settings, Check(inputs));
        var n = inputs.Count;
        var k = Fields.Length;
        var maxima = new decimal[k];
        decimal maxInvested = 0;
        foreach (var e in inputs)
        {
            for (var j = 0; j < k; j++) maxima[j] = Math.Max(maxima[j], e.Values[j]);
            maxInvested = Math.Max(maxInvested, e.Invested);
        }
        // The weighted sum over one denominator: each column in whole numbers at its own scale (value ÷ maximum does not
        // depend on it), the weights at theirs; D = weights' denominator × every non-zero maximum.
        var column = new BigInteger[k][];
        var top = new BigInteger[k];
        for (var j = 0; j < k; j++)
        {
            var jj = j;
            (column[j], _) = Ratio.Scaled(inputs.Select(e => e.Values[jj]));
            top[j] = column[j].Length == 0 ? BigInteger.Zero : column[j].Max();
        }
        var (weight, weightDen) = Ratio.Scaled(settings.Weights);
        var den = weightDen;
        var coef = new BigInteger[k];
        for (var j = 0; j < k; j++)
        {
            if (top[j].IsZero) continue;
            den *= top[j];
            coef[j] = weight[j] * 100;
            for (var l = 0; l < k; l++)
                if (l != j && !top[l].IsZero) coef[j] *= top[l];
        }
        var hundred = Ratio.Of(100);
        var scores = new ContributionScore[n];
        for (var i = 0; i < n; i++)
        {
            var e = inputs[i];
            var terms = new ContributionTerm[k];
            var num = BigInteger.Zero;
            for (var j = 0; j < k; j++)
            {
                // DOMAIN §6: within park and year; an indicator nobody scored on gives everyone 0, not a division by zero
                if (top[j].IsZero) { terms[j] = new((ContributionIndicator)j, e.Values[j], 0, 0, settings.Weights[j], 0); continue; }
                num += coef[j] * column[j][i];
                // the breakdown is for reading; decimal's 28 digits are plenty there, the score is rounded from the exact sum
                var normalised = e.Values[j] / maxima[j] * 100m;
                terms[j] = new((ContributionIndicator)j, e.Values[j], maxima[j], Math.Round(normalised, 10, MidpointRounding.AwayFromZero),
                    settings.Weights[j], Math.Round(settings.Weights[j] * normalised, 10, MidpointRounding.AwayFromZero));
            }
            var sum = new Ratio(num, den);
            var factor = Factor(e, settings, maxInvested);
            var multiplied = sum * factor;
            var capped = multiplied > hundred;
            if (capped) multiplied = hundred;
            scores[i] = new(e.Enterprise, multiplied.RoundHalfUpToHundredths(), terms, factor.ToDecimal(10), capped);
        }
        return new ContributionResult(settings, maxima, scores);
    }

    private static Ratio Factor(ContributionInput e, BenefitsSettings s, decimal maxInvested)
    {
        var one = Ratio.Of(1);
        var factor = one;
        if (s.Tenure is { } t)
            factor *= one + Ratio.Min(Ratio.Of(e.YearsInPark) * Ratio.Of(t.PerYear), Ratio.Of(t.Max));
        if (s.Investment is { } inv && maxInvested > 0)
            factor *= one + Ratio.Of(inv.Max) * Ratio.Of(e.Invested) / Ratio.Of(maxInvested);
        return factor;
    }
}
