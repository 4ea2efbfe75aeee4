using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Chains;

/// <summary>
/// Where an investment lead (招商线索) stands: 线索 → 接洽 → 考察 → 签约意向 → 入驻, or 放弃 (dropped) from any open step.
/// </summary>
public enum LeadStatus { Lead, Contacted, Visiting, Intent, Admitted, Dropped }

/// <summary>
/// The 招商 pipeline's moves (issue 14 §3): one step forward at a time (a jump is refused), 放弃 from any open step with a
/// reason, a dropped lead taken up again as a 线索 with a reason; 入驻 only with the enterprise the lead became, admitted
/// through the park's admission review. 入驻 is final.
/// </summary>
public static class LeadPipeline
{
    public const int MaxReasonLength = 300;

    /// <summary>The open steps in order.</summary>
    public static readonly LeadStatus[] Steps = [LeadStatus.Lead, LeadStatus.Contacted, LeadStatus.Visiting, LeadStatus.Intent, LeadStatus.Admitted];

    public static bool IsOpen(LeadStatus s) => s is not (LeadStatus.Admitted or LeadStatus.Dropped);

    /// <summary>The statuses a lead may move to from here.</summary>
    public static IReadOnlyList<LeadStatus> NextOf(LeadStatus from) => from switch
    {
        LeadStatus.Admitted => [],
        LeadStatus.Dropped => [LeadStatus.Lead],
        LeadStatus.Intent => [LeadStatus.Admitted, LeadStatus.Dropped],
        _ => [Steps[Array.IndexOf(Steps, from) + 1], LeadStatus.Dropped],
    };

    /// <summary>
    /// Checks a move: <c>LeadStatusUnchanged</c> (the same status), <c>LeadStatusJumpNotAllowed</c> (not the next step, or
    /// out of 入驻; 409), <c>LeadReasonRequired</c> (放弃 or taking a dropped lead up again without a reason),
    /// <c>LeadAdmissionNeedsEnterprise</c> (入驻 without the admitted enterprise; 422). Returns the reason trimmed (null when none).
    /// </summary>
    public static string? CheckMove(LeadStatus from, LeadStatus to, string? reason, bool enterpriseAdmitted)
    {
        if (from == to) throw new DomainRuleException("LeadStatusUnchanged", "status", "线索已处于该状态", RuleKind.Conflict);
        if (!NextOf(from).Contains(to))
            throw new DomainRuleException("LeadStatusJumpNotAllowed", "status", "线索状态只能逐级推进", RuleKind.Conflict) { Arguments = [from.ToString(), to.ToString()] };
        var r = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (r is { Length: > MaxReasonLength }) throw new DomainRuleException("LeadReasonTooLong", "reason", "原因过长") { Arguments = [MaxReasonLength] };
        if ((to == LeadStatus.Dropped || from == LeadStatus.Dropped) && r is null)
            throw new DomainRuleException("LeadReasonRequired", "reason", "放弃或重新跟进须写明原因");
        if (to == LeadStatus.Admitted && !enterpriseAdmitted)
            throw new DomainRuleException("LeadAdmissionNeedsEnterprise", "enterpriseId", "入驻须关联已通过准入审核的企业");
        return r;
    }

    /// <summary>
    /// A lead's counts per status (the government viewer's aggregate and the board's column heads), every status present.
    /// </summary>
    public static IReadOnlyDictionary<LeadStatus, int> Count(IEnumerable<LeadStatus> leads)
    {
        var counts = Enum.GetValues<LeadStatus>().ToDictionary(s => s, _ => 0);
        foreach (var s in leads) counts[s]++;
        return counts;
    }
}
