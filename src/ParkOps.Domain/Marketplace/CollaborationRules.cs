using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Marketplace;

/// <summary>Where a collaboration stands (DOMAIN §5): inquiry → agreed → delivered → closed (rated by both); or disputed / declined.</summary>
public enum CollaborationState { Inquiry, Agreed, Delivered, Closed, Disputed, Declined }

/// <summary>The steps of a collaboration (DOMAIN §5): inquiry → agreed → delivered → rated by both → closed; disputes and declines.</summary>
public enum CollaborationStep { Agree, Decline, Deliver, Rate, Dispute }

/// <summary>Which side of a collaboration acts: the enterprise with the need, or the one with the offer.</summary>
public enum CollaborationSide { Need, Offer }

/// <summary>
/// The rules of a collaboration record. The side that did not send the inquiry agrees (amount, quantity, dates) or
/// declines it; the offer side reports delivery; each side rates the other once (quality and punctuality, 1–5) and
/// the record closes when both have; either side may raise a dispute, with a reason, while work is under way.
/// </summary>
public static class CollaborationRules
{
    /// <summary>The state after <paramref name="step"/>, or CollaborationStepMustBeAllowed (409).</summary>
    public static CollaborationState Next(CollaborationState state, CollaborationStep step, bool bothRated = false) => (state, step) switch
    {
        (CollaborationState.Inquiry, CollaborationStep.Agree) => CollaborationState.Agreed,
        (CollaborationState.Inquiry, CollaborationStep.Decline) => CollaborationState.Declined,
        (CollaborationState.Agreed, CollaborationStep.Deliver) => CollaborationState.Delivered,
        (CollaborationState.Delivered, CollaborationStep.Rate) => bothRated ? CollaborationState.Closed : CollaborationState.Delivered,
        (CollaborationState.Agreed or CollaborationState.Delivered, CollaborationStep.Dispute) => CollaborationState.Disputed,
        _ => throw new DomainRuleException("CollaborationStepMustBeAllowed", "state", $"协作处于{state}，不能{step}", RuleKind.Conflict) { Arguments = [state, step] },
    };

    public static void CheckAgreement(decimal? amount, decimal? quantity, DateOnly? startsOn, DateOnly? dueOn)
    {
        if (amount is null or <= 0) throw new DomainRuleException("AgreementAmountMustBePositive", "amount", "协议金额必须大于 0") { Arguments = [amount ?? 0] };
        if (quantity is null or <= 0) throw new DomainRuleException("PostQuantityMustBePositive", "quantity", "数量必须大于 0") { Arguments = [quantity ?? 0] };
        if (startsOn is null) throw new DomainRuleException("AgreementNeedsDates", "startsOn", "协议需要开始日期");
        if (dueOn is null) throw new DomainRuleException("AgreementNeedsDates", "dueOn", "协议需要交付日期");
        if (dueOn < startsOn)
            throw new DomainRuleException("PostWindowMustNotEndBeforeItStarts", "dueOn", "交付日期早于开始日期") { Arguments = [dueOn.Value.ToString("yyyy-MM-dd"), startsOn.Value.ToString("yyyy-MM-dd")] };
    }

    public static void CheckRating(int? quality, int? punctuality)
    {
        if (quality is not (>= 1 and <= 5)) throw new DomainRuleException("RatingMustBeOneToFive", "quality", "评分应为 1 到 5") { Arguments = [quality ?? 0] };
        if (punctuality is not (>= 1 and <= 5)) throw new DomainRuleException("RatingMustBeOneToFive", "punctuality", "评分应为 1 到 5") { Arguments = [punctuality ?? 0] };
    }

    public static void CheckReason(string? reason, string field)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainRuleException("ReasonIsRequired", field, "需要说明原因");
    }
}

/// <summary>One part of a credit score: its name, its 0–100 value (null when there is no evidence), its weight and the evidence in words.</summary>
public sealed record CreditComponent(string Name, double? Value, double Weight, string Evidence);

/// <summary>A credit score (0–100) with its breakdown; null score when no component has evidence.</summary>
public sealed record CreditScore(int? Score, IReadOnlyList<CreditComponent> Components);

/// <summary>
/// The credit file's score (DOMAIN §5 信用档案): rent paid on time, collaboration ratings received, reports filed on
/// time (safety findings join when that area exists). Each component is 0–100; the score is their weighted mean over
/// the components that have evidence, so a young enterprise is not punished for having no history.
/// </summary>
public static class CreditScoring
{
    public const double RentWeight = 0.4, CollaborationWeight = 0.4, ReportingWeight = 0.2;

    /// <summary>The weights DOMAIN §5 names; a park may set its own (<see cref="CreditWeights"/>).</summary>
    public static CreditWeights DefaultWeights { get; } = new(RentWeight, CollaborationWeight, ReportingWeight);

    /// <param name="billsDue">Bills due so far in the period; <paramref name="billsOnTime"/> of them paid in full by their due date.</param>
    /// <param name="ratings">Ratings received: (quality, punctuality) pairs, 1–5 each.</param>
    /// <param name="reportsDue">Reports due; <paramref name="reportsOnTime"/> filed by their deadline (0 due = no evidence).</param>
    /// <param name="weights">The park's weights (null: <see cref="DefaultWeights"/>); a component weighted 0 counts for nothing.</param>
    public static CreditScore Compute(int billsDue, int billsOnTime, IReadOnlyList<(int Quality, int Punctuality)> ratings, int reportsDue = 0, int reportsOnTime = 0,
        CreditWeights? weights = null)
    {
        var w = weights ?? DefaultWeights;
        var parts = new List<CreditComponent>
        {
            new("RentOnTime", billsDue == 0 ? null : 100.0 * billsOnTime / billsDue, w.Rent, $"{billsOnTime}/{billsDue}"),
            new("CollaborationRatings", ratings.Count == 0 ? null : ratings.Average(r => (r.Quality + r.Punctuality) / 2.0 - 1) / 4 * 100, w.Collaboration,
                ratings.Count == 0 ? "0" : $"{ratings.Count}: {ratings.Average(r => r.Quality):0.0}/{ratings.Average(r => r.Punctuality):0.0}"),
            new("ReportsOnTime", reportsDue == 0 ? null : 100.0 * reportsOnTime / reportsDue, w.Reporting, $"{reportsOnTime}/{reportsDue}"),
        };
        // a component with evidence but no weight does not take part (its weight would divide by nothing)
        var known = parts.Where(p => p.Value is not null && p.Weight > 0).ToList();
        if (known.Count == 0) return new CreditScore(null, parts);
        var score = known.Sum(p => p.Value!.Value * p.Weight) / known.Sum(p => p.Weight);
        return new CreditScore((int)Math.Round(score, MidpointRounding.AwayFromZero), parts);
    }
}

/// <summary>
/// A park's weights of the credit file's three components (DOMAIN §5: 0.4 rent on time, 0.4 collaboration ratings,
/// 0.2 reports on time by default). Each is a share in hundredths from 0 to 1 and they add up to 1, so a weight reads
/// as "this part counts for 40 %".
/// </summary>
public sealed record CreditWeights(double Rent, double Collaboration, double Reporting)
{
    /// <summary>Refuses weights that are not hundredths in 0–1 or do not add up to 1 (DomainRuleException naming the field).</summary>
    public void Validate(string prefix = "credit")
    {
        foreach (var (name, value) in new[] { ("rent", Rent), ("collaboration", Collaboration), ("reporting", Reporting) })
            if (value is < 0 or > 1 || Math.Abs(value * 100 - Math.Round(value * 100)) > 1e-9)
                throw new DomainRuleException("CreditWeightOutOfRange", $"{prefix}.{name}", $"权重应在 0 到 1 之间，最多两位小数：{value}") { Arguments = [value] };
        if (Math.Abs(Rent + Collaboration + Reporting - 1) > 1e-9)
            throw new DomainRuleException("CreditWeightsMustAddUpToOne", prefix, $"三项权重之和应为 1（现为 {Rent + Collaboration + Reporting:0.##}）") { Arguments = [Math.Round(Rent + Collaboration + Reporting, 2)] };
    }
}
