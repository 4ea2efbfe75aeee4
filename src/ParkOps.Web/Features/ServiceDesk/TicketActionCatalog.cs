using ParkOps.Domain.ServiceDesk;

namespace ParkOps.Web.Features.ServiceDesk;

/// <summary>
/// What the host adds to each row of <see cref="TicketActions"/>: the timeline event it writes, how the console draws
/// its button (label <c>TicketAction.{name}</c> in Text.resx), and the hint the API document gives for its body.
/// </summary>
public sealed record TicketActionSpec(TicketActionRule Rule, TicketEventKind Event, string Button, string? BodyHint);

public static class TicketActionCatalog
{
    public static readonly IReadOnlyList<TicketActionSpec> All = TicketActions.All.Select(r => r.Action switch
    {
        TicketAction.Acknowledge => new TicketActionSpec(r, TicketEventKind.Acknowledged, "btn-primary", null),
        TicketAction.Start => new TicketActionSpec(r, TicketEventKind.Started, "btn-primary", null),
        TicketAction.Resolve => new TicketActionSpec(r, TicketEventKind.Resolved, "btn-primary", "signature"),
        TicketAction.Close => new TicketActionSpec(r, TicketEventKind.Closed, "btn-primary", null),
        TicketAction.Reopen => new TicketActionSpec(r, TicketEventKind.Reopened, "btn-outline-danger", null),
        TicketAction.Comment => new TicketActionSpec(r, TicketEventKind.Comment, "btn-outline-primary", "comment"),
        TicketAction.Assign => new TicketActionSpec(r, TicketEventKind.Assigned, "btn-primary", "assigneeUserId"),
        TicketAction.Escalate => new TicketActionSpec(r, TicketEventKind.Escalated, "btn-outline-danger", null),
        TicketAction.Convert => new TicketActionSpec(r, TicketEventKind.Converted, "btn-primary", "request → work order"),
        TicketAction.Rate => new TicketActionSpec(r, TicketEventKind.Rated, "btn-primary", "rating 1–5, comment; requester only, after closure"),
        _ => throw new InvalidOperationException($"Ticket action {r.Action} has no entry in the catalog."),
    }).ToList();

    public static TicketEventKind EventOf(TicketAction a) => All.First(s => s.Rule.Action == a).Event;

    /// <summary>The console's button class for an action name the detail page offers.</summary>
    public static string ButtonOf(string name) => All.FirstOrDefault(s => s.Rule.Name == name)?.Button ?? "btn-primary";

    /// <summary>The API document's summary of <c>POST /tickets/{id}/{action}</c>, from the same table.</summary>
    public static string Summary =>
        string.Join(" | ", All.Select(s => s.BodyHint is null ? s.Rule.Name : $"{s.Rule.Name} ({s.BodyHint})")) + ". An illegal transition gives 409 with the rule's name.";
}
