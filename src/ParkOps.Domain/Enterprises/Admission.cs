namespace ParkOps.Domain.Enterprises;

/// <summary>The park's admission settings (DOMAIN §2); every figure is the operator's to change.</summary>
public sealed record AdmissionPolicy(
    IReadOnlyList<NegativeItem> NegativeList,
    IReadOnlyList<string> LeadingIndustryPrefixes,
    IReadOnlyList<string> ChainStages,
    int CrowdedStageCount,
    decimal ThinStageShare = AdmissionPolicy.DefaultThinShare)
{
    /// <summary>A stage with fewer firms than this share of the crowded count is thin (DOMAIN §2; a park setting, issue 15 §5).</summary>
    public const decimal DefaultThinShare = 0.5m;
}

/// <summary>What the applicant declares, the year of the review, and what the park already has.</summary>
public sealed record AdmissionCase(
    ApplicantFacts Facts,
    IReadOnlyList<string> ChainStages,
    int ReviewYear,
    IReadOnlyDictionary<string, int> EnterprisesPerStage,
    bool HasExpiredDocuments)
{
    public string IndustryCode => Facts.IndustryCode;
}

public enum AdmissionOutcome { Approve, Conditional, Reject }

public enum ReasonEffect { Blocks, Condition, Supports, Note }

/// <summary>One reason with the rule that produced it; <see cref="Code"/> is the localisation key.</summary>
public sealed record AdmissionReason(string Code, ReasonEffect Effect, string Detail);

public sealed record AdmissionAssessment(AdmissionOutcome Suggested, IReadOnlyList<AdmissionReason> Reasons, bool Priority);

/// <summary>
/// Admission review (DOMAIN §2): negative list (rules over the declared facts, <see cref="NegativeListReview"/>) → reject; outside the leading industry → conditional; a chain
/// stage that is empty or thin in the park gives priority, a crowded one warns of homogeneous competition.
/// The operator decides; this suggests and explains.
/// </summary>
public static class AdmissionReview
{
    public static AdmissionAssessment Assess(AdmissionPolicy policy, AdmissionCase c)
    {
        var reasons = new List<AdmissionReason>(NegativeListReview.Judge(policy.NegativeList, c.Facts, c.ReviewYear));

        var leading = policy.LeadingIndustryPrefixes.Count == 0
            || policy.LeadingIndustryPrefixes.Any(p => c.IndustryCode.StartsWith(p, StringComparison.Ordinal));
        reasons.Add(leading
            ? new("LeadingIndustryFit", ReasonEffect.Supports, c.IndustryCode)
            : new("OutsideLeadingIndustry", ReasonEffect.Condition, c.IndustryCode));

        var priority = false;
        foreach (var stage in c.ChainStages.Where(policy.ChainStages.Contains))
        {
            var n = c.EnterprisesPerStage.GetValueOrDefault(stage);
            if (n == 0) { reasons.Add(new("FillsEmptyStage", ReasonEffect.Supports, stage)); priority = true; }
            else if (n < policy.CrowdedStageCount * policy.ThinStageShare) { reasons.Add(new("StrengthensThinStage", ReasonEffect.Supports, $"{stage}:{n}")); priority = true; }
            else if (n >= policy.CrowdedStageCount) reasons.Add(new("CrowdedStage", ReasonEffect.Condition, $"{stage}:{n}"));
            else reasons.Add(new("StageCovered", ReasonEffect.Note, $"{stage}:{n}"));
        }
        // a park without a chain template judges no stage
        if (policy.ChainStages.Count > 0 && c.ChainStages.Count > 0 && !c.ChainStages.Any(policy.ChainStages.Contains))
            reasons.Add(new("NoChainStage", ReasonEffect.Condition, string.Join(",", c.ChainStages)));
        if (c.HasExpiredDocuments)
            reasons.Add(new("ExpiredDocuments", ReasonEffect.Condition, ""));

        var outcome = reasons.Any(r => r.Effect == ReasonEffect.Blocks) ? AdmissionOutcome.Reject
            : reasons.Any(r => r.Effect == ReasonEffect.Condition) ? AdmissionOutcome.Conditional
            : AdmissionOutcome.Approve;
        return new(outcome, reasons, priority && outcome != AdmissionOutcome.Reject);
    }
}
