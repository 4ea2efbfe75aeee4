using ParkOps.Domain.Rules;

namespace ParkOps.Domain.ServiceDesk;

/// <summary>Response and resolution targets of one category × severity, in minutes.</summary>
public sealed record SlaTarget(int ResponseMinutes, int ResolutionMinutes)
{
    public const int MaxMinutes = 60 * 24 * 90;

    public void Validate()
    {
        if (ResponseMinutes is < 1 or > MaxMinutes)
            throw new DomainRuleException("SlaTargetInRange", "responseMinutes", "响应时限须在 1 分钟到 90 天之间") { Arguments = [1, MaxMinutes] };
        if (ResolutionMinutes is < 1 or > MaxMinutes)
            throw new DomainRuleException("SlaTargetInRange", "resolutionMinutes", "解决时限须在 1 分钟到 90 天之间") { Arguments = [1, MaxMinutes] };
        if (ResolutionMinutes < ResponseMinutes)
            throw new DomainRuleException("ResolutionNotBeforeResponse", "resolutionMinutes", "解决时限不能短于响应时限");
    }
}

/// <summary>Where an open ticket stands against its SLA at one instant.</summary>
public enum SlaStatus { OnTrack, AtRisk, Breached, Met }

/// <summary>
/// The SLA clock (DOMAIN §4). The clock runs in elapsed time: Asia/Shanghai has no daylight saving, so an
/// instant plus N minutes is the same on the wall clock and in UTC, and the park's targets are round-the-clock
/// (a burst pipe at 23:00 is not waiting for the morning). Instants are UTC; the caller passes "now".
/// </summary>
public static class SlaClock
{
    /// <summary>seed 004: respond within 2 hours by default. Resolution defaults grow as severity falls.</summary>
    public static SlaTarget Default(TicketCategory category, TicketSeverity severity) => severity switch
    {
        TicketSeverity.Urgent => new(60, 8 * 60),
        TicketSeverity.High => new(120, 24 * 60),
        TicketSeverity.Normal => new(120, category == TicketCategory.Repair ? 48 * 60 : 72 * 60),
        _ => new(120, 5 * 24 * 60),
    };

    /// <summary>A ticket is "at risk" when less than this share of its window is left.</summary>
    public const decimal AtRiskShare = 0.25m;

    public static (DateTime ResponseDue, DateTime ResolutionDue) Due(DateTime createdUtc, SlaTarget t) =>
        (createdUtc.AddMinutes(t.ResponseMinutes), createdUtc.AddMinutes(t.ResolutionMinutes));

    /// <summary>
    /// The deadline that matters now: the response deadline until the first response, then the resolution deadline;
    /// null when the ticket is no longer open.
    /// </summary>
    public static DateTime? NextDeadline(TicketState state, DateTime responseDue, DateTime resolutionDue) =>
        !TicketLifecycle.IsOpen(state) ? null : TicketLifecycle.IsResponded(state) ? resolutionDue : responseDue;

    /// <summary>Minutes to the next deadline (negative once past it); null when the clock has stopped.</summary>
    public static int? MinutesToBreach(TicketState state, DateTime responseDue, DateTime resolutionDue, DateTime nowUtc) =>
        NextDeadline(state, responseDue, resolutionDue) is { } d ? (int)Math.Floor((d - nowUtc).TotalMinutes) : null;

    public static SlaStatus Status(TicketState state, DateTime createdUtc, DateTime responseDue, DateTime resolutionDue, DateTime? respondedAt, DateTime? resolvedAt, DateTime nowUtc)
    {
        if (!TicketLifecycle.IsOpen(state))
            return (respondedAt is { } r && r > responseDue) || (resolvedAt is { } s && s > resolutionDue) ? SlaStatus.Breached : SlaStatus.Met;
        if (respondedAt is { } ra && ra > responseDue) return SlaStatus.Breached;
        var deadline = NextDeadline(state, responseDue, resolutionDue)!.Value;
        if (nowUtc > deadline) return SlaStatus.Breached;
        var window = (deadline - createdUtc).TotalMinutes;
        return window > 0 && (decimal)((deadline - nowUtc).TotalMinutes / window) < AtRiskShare ? SlaStatus.AtRisk : SlaStatus.OnTrack;
    }

    /// <summary>Whether the response deadline was missed: responded late, or still unanswered past the deadline.</summary>
    public static bool ResponseBreached(DateTime responseDue, DateTime? respondedAt, DateTime nowUtc) =>
        respondedAt is { } r ? r > responseDue : nowUtc > responseDue;

    /// <summary>Whether the resolution deadline was missed: resolved late, or still unresolved past the deadline.</summary>
    public static bool ResolutionBreached(DateTime resolutionDue, DateTime? resolvedAt, DateTime nowUtc) =>
        resolvedAt is { } r ? r > resolutionDue : nowUtc > resolutionDue;
}

/// <summary>
/// Escalation ladder: level 0 the assignee, 1 the duty supervisor (值班主管), 2 the park manager (园区经理),
/// 3 the operating company's head (运营公司负责人). A missed response deadline lifts a ticket to level 1, a missed
/// resolution deadline to level 2; an operator may escalate one level at a time by hand, up to the top.
/// </summary>
public static class Escalation
{
    public const int Top = 3;

    /// <summary>The level the breaches call for (never lower than the current level: escalation only goes up).</summary>
    public static int LevelFor(int current, bool responseBreached, bool resolutionBreached) =>
        Math.Max(current, resolutionBreached ? 2 : responseBreached ? 1 : 0);

    public static int Next(int current)
    {
        if (current >= Top)
            throw new DomainRuleException("EscalationAtTop", "escalationLevel", "已升级到最高级别", RuleKind.Conflict) { Arguments = [Top] };
        return current + 1;
    }
}
