namespace ParkOps.Domain.ServiceDesk;

/// <summary>Who stands where to a ticket; an action names the parties that may try it.</summary>
[Flags]
public enum TicketParty
{
    None = 0,
    /// <summary>An operator of the ticket's park.</summary>
    Operator = 1,
    /// <summary>The user the ticket is assigned to (staff or an outside contractor).</summary>
    Assignee = 2,
    /// <summary>A member of the requester's enterprise.</summary>
    RequesterSide = 4,
    /// <summary>Anyone who can read the ticket; the action's own rule decides (rating: the requester, after closure).</summary>
    Anyone = 8,
}

/// <summary>
/// One action on a ticket, spelled once: its API name, the states it may be taken from, the state it leads to (null:
/// the state stays), who may try it, and what its comment may be. The endpoint, the service, the lifecycle and the
/// console's buttons all read this table.
/// </summary>
/// <param name="MaxComment">Characters the comment may hold: what the timeline event stores, less what the action writes beside it.</param>
public sealed record TicketActionRule(TicketAction Action, string Name, IReadOnlyList<TicketState> From, TicketState? To, TicketParty Who,
    int MaxComment, bool NeedsComment = false, bool NeedsSignature = false, bool NeedsAssignee = false, bool NeedsRating = false)
{
    public bool AllowedFrom(TicketState s) => From.Contains(s);

    public bool Permits(TicketParty caller) => Who.HasFlag(TicketParty.Anyone) || (Who & caller) != TicketParty.None;
}

public static class TicketActions
{
    /// <summary>The most an event's body holds (the TicketEvents.Body column).</summary>
    public const int MaxComment = 4000;

    /// <summary>Resolve, assign and escalate put a signature, a name or a level beside the comment: 200 characters are kept for it.</summary>
    public const int MaxJoinedComment = MaxComment - 200;

    /// <summary>A rating's comment is stored on the ticket (RatingComment, 1,000 characters).</summary>
    public const int MaxRatingComment = 1000;

    private static readonly TicketState[] Open = [TicketState.New, TicketState.Acknowledged, TicketState.InProgress, TicketState.Reopened];
    private static readonly TicketState[] NotClosed = [TicketState.New, TicketState.Acknowledged, TicketState.InProgress, TicketState.Resolved, TicketState.Reopened];

    /// <summary>
    /// The lifecycle (DOMAIN §4): starting work on a new ticket acknowledges it on the way (the first response is the start
    /// of the work); a reopened ticket goes back to work, and may be acknowledged again first. The order is the order the
    /// console shows the buttons in.
    /// </summary>
    public static readonly IReadOnlyList<TicketActionRule> All =
    [
        new(TicketAction.Acknowledge, "acknowledge", [TicketState.New, TicketState.Reopened], TicketState.Acknowledged, TicketParty.Operator | TicketParty.Assignee, MaxComment),
        new(TicketAction.Start, "start", [TicketState.New, TicketState.Acknowledged, TicketState.Reopened], TicketState.InProgress, TicketParty.Operator | TicketParty.Assignee, MaxComment),
        new(TicketAction.Resolve, "resolve", [TicketState.Acknowledged, TicketState.InProgress, TicketState.Reopened], TicketState.Resolved, TicketParty.Operator | TicketParty.Assignee,
            MaxJoinedComment, NeedsSignature: true),
        new(TicketAction.Close, "close", [TicketState.Resolved], TicketState.Closed, TicketParty.Operator | TicketParty.RequesterSide, MaxComment),
        new(TicketAction.Reopen, "reopen", [TicketState.Resolved, TicketState.Closed], TicketState.Reopened, TicketParty.Operator | TicketParty.RequesterSide, MaxComment),
        new(TicketAction.Comment, "comment", NotClosed, null, TicketParty.Operator | TicketParty.Assignee | TicketParty.RequesterSide, MaxComment, NeedsComment: true),
        new(TicketAction.Assign, "assign", Open, null, TicketParty.Operator, MaxJoinedComment, NeedsAssignee: true),
        new(TicketAction.Escalate, "escalate", Open, null, TicketParty.Operator, MaxJoinedComment),
        new(TicketAction.Convert, "convert", Open, null, TicketParty.Operator, MaxComment),
        new(TicketAction.Rate, "rate", [TicketState.Closed], null, TicketParty.Anyone, MaxRatingComment, NeedsRating: true),
    ];

    public static TicketActionRule Of(TicketAction a) => All.First(r => r.Action == a);

    /// <summary>The action the API name stands for (case-insensitive), or null for a name that is none.</summary>
    public static TicketActionRule? Named(string? name) => All.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));
}
