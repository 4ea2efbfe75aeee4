using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Benefits;

/// <summary>The five contribution indicators (DOMAIN §6, seed 000 case 9), in the order of their default weights.</summary>
public enum ContributionIndicator
{
    /// <summary>订单协作: count and amount of completed collaboration records.</summary>
    OrderCollaboration,
    /// <summary>技术共享: equipment lent, tech posts solved, joint R&amp;D.</summary>
    TechnologySharing,
    /// <summary>人才推荐与流动: referrals, in-park transfers, trainings given.</summary>
    TalentMobility,
    /// <summary>平台活跃度: active days, posts, responses.</summary>
    PlatformActivity,
    /// <summary>公共事务参与: events, drills, committee work.</summary>
    PublicAffairs,
}

/// <summary>
/// Years in the park lift the score (seed 000 case 9: "按入驻时间…确定分配权重"): factor 1 + min(years × <paramref name="PerYear"/>, <paramref name="Max"/>).
/// </summary>
public sealed record TenureMultiplier(decimal PerYear, decimal Max);

/// <summary>
/// The invested amount lifts the score (seed 000 case 9: "按投资规模"), normalised within the park like the indicators:
/// factor 1 + <paramref name="Max"/> × invested ÷ the park's largest investment (1 when nobody invested).
/// </summary>
public sealed record InvestmentMultiplier(decimal Max);

/// <summary>
/// The contribution and rebate rules of one park and year. Defaults are DOMAIN §6: weights 30/25/20/15/10, half of the
/// local retained tax returned, 30 % of that shared by score; no multipliers (a park turns them on).
/// </summary>
/// <param name="Weights">one weight per indicator in <see cref="ContributionIndicator"/> order, adding up to 1.</param>
/// <param name="RebateRate">share of the retained tax returned (the pool).</param>
/// <param name="ScorePart">share of the pool shared by contribution score; the rest goes back to each payer pro rata.</param>
public sealed record BenefitsSettings(
    IReadOnlyList<decimal> Weights,
    decimal RebateRate,
    decimal ScorePart,
    TenureMultiplier? Tenure = null,
    InvestmentMultiplier? Investment = null)
{
    public static int IndicatorCount => Enum.GetValues<ContributionIndicator>().Length;

    // seed 000 case 9: weights 30/25/20/15/10; 50 % of the local retained tax returned, 30 % of it by contribution
    public static BenefitsSettings Default { get; } = new([0.30m, 0.25m, 0.20m, 0.15m, 0.10m], RebateRate: 0.50m, ScorePart: 0.30m);

    public decimal Weight(ContributionIndicator i) => Weights[(int)i];

    /// <summary>Refuses settings the rules cannot work with: a weight per indicator, none negative, adding up to 1; rates within 0–1.</summary>
    public void Check()
    {
        if (Weights.Count != IndicatorCount)
            throw new DomainRuleException("ContributionWeightsIncomplete", "weights", $"one weight per indicator ({IndicatorCount}), got {Weights.Count}") { Arguments = [IndicatorCount] };
        if (Weights.Any(w => w < 0))
            throw new DomainRuleException("ContributionWeightMustNotBeNegative", "weights", "a weight must not be negative");
        // the score is read on a 0–100 scale (rent discounts use it), so the weights must add up to exactly 1
        if (Weights.Sum() != 1m)
            throw new DomainRuleException("ContributionWeightsMustAddUpToOne", "weights", $"the weights add up to {Weights.Sum()}, not 1") { Arguments = [Weights.Sum()] };
        if (RebateRate is < 0 or > 1)
            throw new DomainRuleException("RebateRateOutOfRange", "rebateRate", "the rebate rate must be within 0 and 1");
        if (ScorePart is < 0 or > 1)
            throw new DomainRuleException("RebateScorePartOutOfRange", "scorePart", "the score part must be within 0 and 1");
        if (Tenure is { } t && (t.PerYear < 0 || t.Max < 0))
            throw new DomainRuleException("ContributionMultiplierMustNotBeNegative", "tenure", "the tenure multiplier must not be negative");
        if (Investment is { Max: < 0 })
            throw new DomainRuleException("ContributionMultiplierMustNotBeNegative", "investment", "the investment multiplier must not be negative");
    }
}
