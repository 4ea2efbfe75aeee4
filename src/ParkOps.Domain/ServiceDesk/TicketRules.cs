using ParkOps.Domain.Rules;

namespace ParkOps.Domain.ServiceDesk;

/// <summary>报修 / 咨询 / 投诉 / 服务申请 (DOMAIN §4). The API spells them repair, enquiry, complaint, service.</summary>
public enum TicketCategory { Repair, Enquiry, Complaint, Service }

/// <summary>How bad it is; the SLA targets are set per category × severity.</summary>
public enum TicketSeverity { Low, Normal, High, Urgent }

/// <summary>New → Acknowledged → InProgress → Resolved → Closed; Resolved or Closed → Reopened → InProgress.</summary>
public enum TicketState { New, Acknowledged, InProgress, Resolved, Closed, Reopened }

/// <summary>What someone does to a ticket; each names one transition (or none, for the actions that keep the state).</summary>
public enum TicketAction { Acknowledge, Start, Resolve, Close, Reopen, Comment, Assign, Escalate, Convert, Rate }

/// <summary>The ticket lifecycle as a pure rule: which action moves which state where.</summary>
public static class TicketLifecycle
{
    public const string TransitionRule = "TicketTransitionNotAllowed";

    /// <summary>
    /// The state after <paramref name="action"/>, or a 409 naming <see cref="TransitionRule"/>. Starting work on a
    /// new ticket acknowledges it on the way (the first response is the start of the work); a reopened ticket goes
    /// back to work, and may be acknowledged again first.
    /// </summary>
    public static TicketState Next(TicketState from, TicketAction action) =>
        TicketActions.Of(action) is { To: { } to } rule && rule.From.Contains(from)
            ? to
            : throw new DomainRuleException(TransitionRule, "state", $"工单不能从 {from} 执行 {action}", RuleKind.Conflict) { Arguments = [from, action] };

    public static bool CanDo(TicketState from, TicketAction action) => TicketActions.Of(action) is { To: not null } rule && rule.From.Contains(from);

    /// <summary>Open tickets run against their SLA; resolved and closed ones have stopped the clock.</summary>
    public static bool IsOpen(TicketState s) => s is TicketState.New or TicketState.Acknowledged or TicketState.InProgress or TicketState.Reopened;

    /// <summary>The first response has been given once the ticket left New.</summary>
    public static bool IsResponded(TicketState s) => s is not TicketState.New;

    /// <summary>A comment is allowed while the ticket is not closed (a closed ticket is reopened first).</summary>
    public static void EnsureCanComment(TicketState s)
    {
        if (s == TicketState.Closed)
            throw new DomainRuleException("ClosedTicketTakesNoComments", "state", "已关闭的工单不能再评论，请先重新打开", RuleKind.Conflict);
    }

    /// <summary>
    /// Completion signature: the person who accepts the work types their name; resolving a repair needs it, so the
    /// record shows who confirmed the repair was done and when.
    /// </summary>
    public static string Signature(string? typedName)
    {
        var name = typedName?.Trim() ?? "";
        if (name.Length == 0)
            throw new DomainRuleException("CompletionNeedsSignature", "signature", "完成确认须填写签名（姓名）");
        if (name.Length > 50)
            throw new DomainRuleException("SignatureTooLong", "signature", "签名最多 50 个字符") { Arguments = [50] };
        return name;
    }

    /// <summary>Only a request that is not yet a work order, and still open, becomes one.</summary>
    public static void EnsureCanConvert(TicketState s, bool isWorkOrder, bool alreadyConverted)
    {
        if (isWorkOrder || alreadyConverted)
            throw new DomainRuleException("TicketAlreadyAWorkOrder", "kind", "该工单已是或已转为维修工单", RuleKind.Conflict);
        if (!IsOpen(s))
            throw new DomainRuleException(TransitionRule, "state", "只有未完成的请求可以转为工单", RuleKind.Conflict) { Arguments = [s, "Convert"] };
    }
}

/// <summary>Satisfaction after closure (DOMAIN §4: target ≥ 90 % satisfied, seed 004).</summary>
public static class Satisfaction
{
    /// <summary>A rating of 4 or 5 counts as satisfied.</summary>
    public const int SatisfiedFrom = 4;

    public static bool IsSatisfied(int rating) => rating >= SatisfiedFrom;

    /// <summary>
    /// Only the requester rates, only once, only after closure, 1–5; a member of staff who handled the ticket never
    /// rates it, even if they also hold the requester's role.
    /// </summary>
    public static void EnsureCanRate(TicketState state, bool isRequester, bool handledIt, bool alreadyRated, int rating)
    {
        if (!isRequester || handledIt)
            throw new DomainRuleException("OnlyRequesterMayRate", "rating", "只有报修人可以评价，处理人员不能评价");
        if (state != TicketState.Closed)
            throw new DomainRuleException("RateAfterClosure", "state", "工单关闭后才能评价", RuleKind.Conflict) { Arguments = [state] };
        if (alreadyRated)
            throw new DomainRuleException("TicketRatedOnce", "rating", "每张工单只能评价一次", RuleKind.Conflict);
        if (rating is < 1 or > 5)
            throw new DomainRuleException("RatingOneToFive", "rating", "评分须在 1 到 5 之间") { Arguments = [rating] };
    }

    /// <summary>Share of satisfied ratings (0–1), or null when nobody rated.</summary>
    public static decimal? Share(IReadOnlyCollection<int> ratings) =>
        ratings.Count == 0 ? null : Math.Round((decimal)ratings.Count(IsSatisfied) / ratings.Count, 4);
}
