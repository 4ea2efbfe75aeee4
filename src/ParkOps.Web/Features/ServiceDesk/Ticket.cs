using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Rules;
using ParkOps.Domain.ServiceDesk;
using ParkOps.Web.Data;

namespace ParkOps.Web.Features.ServiceDesk;

/// <summary>A request as it came in, or a work order made from one (keeping every field and photo).</summary>
public enum TicketKind { Request, WorkOrder }

/// <summary>How the ticket came in: a signed-in user, or the per-unit QR link without signing in.</summary>
public enum TicketSource { Account, QrCode }

/// <summary>
/// A service-desk ticket (DOMAIN §4). Owned by its park, and by the requester's enterprise when there is one
/// (a ticket from the anonymous QR link has none: only the park's staff read it). Its own query filter: the park's
/// operators, the requester's enterprise, and the user it is assigned to (an outside contractor sees only those).
/// The ticket guards its own lifecycle: its state, deadlines met or missed, signature, rating, assignee and escalation
/// change only through the methods below, each checked against <see cref="TicketActions"/>; a new ticket starts New.
/// </summary>
public sealed class Ticket : IParkOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public long? EnterpriseId { get; set; }
    public TicketKind Kind { get; set; }
    public TicketSource Source { get; set; }
    public TicketCategory Category { get; set; }
    public TicketSeverity Severity { get; set; }
    public TicketState State { get; private set; }
    /// <summary>Where: a unit, or a common area named in words (e.g. 3号厂房三楼走廊).</summary>
    public long? UnitId { get; set; }
    public string? CommonArea { get; set; }
    public required string Title { get; set; }
    public string Description { get; set; } = "";
    public long? RequesterUserId { get; set; }
    public string RequesterName { get; set; } = "";
    public string? RequesterPhone { get; set; }
    public long? AssigneeUserId { get; private set; }
    public int EscalationLevel { get; private set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime ResponseDueAt { get; set; }
    public DateTime ResolutionDueAt { get; set; }
    public DateTime? RespondedAt { get; private set; }
    public DateTime? ResolvedAt { get; private set; }
    public DateTime? ClosedAt { get; private set; }
    /// <summary>Set by the SLA sweep (or an action) the first time the deadline is seen missed.</summary>
    public DateTime? ResponseBreachedAt { get; private set; }
    public DateTime? ResolutionBreachedAt { get; private set; }
    /// <summary>Completion signature: the typed name of whoever accepted the work, and when.</summary>
    public string? SignedBy { get; private set; }
    public DateTime? SignedAt { get; private set; }
    public int? Rating { get; private set; }
    public string? RatingComment { get; private set; }
    public DateTime? RatedAt { get; private set; }
    /// <summary>The request this work order was made from, and the work order made from this request.</summary>
    public long? SourceTicketId { get; set; }
    public long? WorkOrderId { get; private set; }

    /// <summary>
    /// Acknowledge, start, close or reopen (resolve needs a signature: <see cref="Resolve"/>). The first move out of New
    /// is the first response; closing stops the clock; reopening clears the resolution and its signature. Returns the
    /// state it left; refuses with TicketTransitionNotAllowed.
    /// </summary>
    public TicketState Move(TicketAction action, DateTime at)
    {
        if (action == TicketAction.Resolve) throw new InvalidOperationException("Resolving needs the signature: call Resolve.");
        var from = State;
        var to = TicketLifecycle.Next(from, action);
        if (from == TicketState.New) RespondedAt ??= at;
        State = to;
        if (action == TicketAction.Close) ClosedAt = at;
        if (action == TicketAction.Reopen) (ResolvedAt, ClosedAt, SignedBy, SignedAt) = (null, null, null, null);
        return from;
    }

    /// <summary>Resolves with the completion signature (the typed name of whoever accepted the work); returns the signature as stored.</summary>
    public string Resolve(DateTime at, string? typedSignature)
    {
        var next = TicketLifecycle.Next(State, TicketAction.Resolve);
        var signature = TicketLifecycle.Signature(typedSignature);
        (SignedBy, SignedAt, ResolvedAt) = (signature, at, at);
        RespondedAt ??= at;
        State = next;
        return signature;
    }

    /// <summary>A comment is taken while the ticket is not closed.</summary>
    public void EnsureTakesComments() => TicketLifecycle.EnsureCanComment(State);

    /// <summary>Assigning needs an open ticket (checked before the assignee is looked at, so a finished ticket answers 409 first).</summary>
    public void EnsureAssignable() => EnsureOpen("Assign", "已完成的工单不能再派单");

    public void Assign(long userId)
    {
        EnsureAssignable();
        AssigneeUserId = userId;
    }

    /// <summary>Lifts the escalation one level by hand; returns the new level (EscalationAtTop past the top).</summary>
    public int Escalate()
    {
        EnsureOpen("Escalate", "已完成的工单不能升级");
        EscalationLevel = Escalation.Next(EscalationLevel);
        return EscalationLevel;
    }

    /// <summary>Records the response deadline missed at <paramref name="at"/>, once; false when already recorded.</summary>
    public bool NoteResponseBreach(DateTime at)
    {
        if (ResponseBreachedAt is not null) return false;
        ResponseBreachedAt = at;
        return true;
    }

    /// <summary>Records the resolution deadline missed at <paramref name="at"/>, once; false when already recorded.</summary>
    public bool NoteResolutionBreach(DateTime at)
    {
        if (ResolutionBreachedAt is not null) return false;
        ResolutionBreachedAt = at;
        return true;
    }

    /// <summary>Raises the escalation to what the recorded breaches call for (never lowers it); true when it rose.</summary>
    public bool EscalateForBreaches()
    {
        var level = Escalation.LevelFor(EscalationLevel, ResponseBreachedAt is not null, ResolutionBreachedAt is not null);
        if (level <= EscalationLevel) return false;
        EscalationLevel = level;
        return true;
    }

    /// <summary>The requester's rating after closure (Satisfaction's rules: once, 1–5, never by whoever handled it).</summary>
    public void Rate(int? rating, string? comment, DateTime at, bool byRequester, bool handledIt)
    {
        Satisfaction.EnsureCanRate(State, byRequester, handledIt, Rating is not null, rating ?? 0);
        Rating = rating;
        RatingComment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        RatedAt = at;
    }

    /// <summary>
    /// The work order this request becomes: a new ticket of kind WorkOrder with every field of the request (category,
    /// severity, place, text, requester, due times, assignee, escalation, state). The request points at it once it is
    /// stored (<see cref="ConvertedInto"/>).
    /// </summary>
    public Ticket NewWorkOrder(DateTime now)
    {
        TicketLifecycle.EnsureCanConvert(State, Kind == TicketKind.WorkOrder, WorkOrderId is not null);
        return new Ticket
        {
            ParkId = ParkId, EnterpriseId = EnterpriseId, Kind = TicketKind.WorkOrder, Source = Source, Category = Category, Severity = Severity,
            State = State, UnitId = UnitId, CommonArea = CommonArea, Title = Title, Description = Description, RequesterUserId = RequesterUserId,
            RequesterName = RequesterName, RequesterPhone = RequesterPhone, AssigneeUserId = AssigneeUserId, EscalationLevel = EscalationLevel,
            CreatedAt = CreatedAt, UpdatedAt = now, ResponseDueAt = ResponseDueAt, ResolutionDueAt = ResolutionDueAt, RespondedAt = RespondedAt,
            ResponseBreachedAt = ResponseBreachedAt, ResolutionBreachedAt = ResolutionBreachedAt, SourceTicketId = Id,
        };
    }

    public void ConvertedInto(long workOrderId)
    {
        TicketLifecycle.EnsureCanConvert(State, Kind == TicketKind.WorkOrder, WorkOrderId is not null);
        WorkOrderId = workOrderId;
    }

    /// <summary>
    /// Whether the state (and the ticket's kind and level) leaves room for <paramref name="rule"/>; who the caller is, is
    /// the service's question.
    /// </summary>
    public bool Allows(TicketActionRule rule) => rule.AllowedFrom(State) && rule.Action switch
    {
        TicketAction.Escalate => EscalationLevel < Escalation.Top,
        TicketAction.Convert => Kind == TicketKind.Request && WorkOrderId is null,
        TicketAction.Rate => Rating is null,
        _ => true,
    };

    private void EnsureOpen(string action, string message)
    {
        if (!TicketLifecycle.IsOpen(State))
            throw new DomainRuleException(TicketLifecycle.TransitionRule, "state", message, RuleKind.Conflict) { Arguments = [State, action] };
    }
}

public enum TicketEventKind { Created, Acknowledged, Started, Resolved, Closed, Reopened, Assigned, Escalated, Comment, ResponseBreached, ResolutionBreached, Converted, Rated, PhotoAdded, Changed }

/// <summary>One line of a ticket's timeline; comments are events with a body.</summary>
public sealed class TicketEvent : IParkOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public long TicketId { get; set; }
    public TicketEventKind Kind { get; set; }
    public DateTime At { get; set; }
    public long? ActorUserId { get; set; }
    public string ActorName { get; set; } = "";
    public string? Body { get; set; }
    public TicketState? FromState { get; set; }
    public TicketState? ToState { get; set; }
}

/// <summary>A photo on a ticket (or on one of its comments), kept in the database and checked by its bytes.</summary>
public sealed class TicketPhoto : IParkOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public long TicketId { get; set; }
    public long? EventId { get; set; }
    public required string ContentType { get; set; }
    public int Size { get; set; }
    public string FileName { get; set; } = "";
    public required byte[] Data { get; set; }
    public DateTime UploadedAt { get; set; }
    public string UploadedBy { get; set; } = "";
}

/// <summary>
/// A photo sent with a new-ticket form the server refused (issue 13 item 11): held under an unguessable token for a
/// day, so the re-rendered form keeps it (a hidden field carries the token) and the next submit stores it on the new
/// ticket. Only the sender reads it back: the same signed-in user, or the same QR form's park for an anonymous sender.
/// </summary>
public sealed class TicketPhotoHold : Data.IParkOwned
{
    public long Id { get; set; }
    public required string Token { get; set; }
    public long ParkId { get; set; }
    public long? UserId { get; set; }
    public required string ContentType { get; set; }
    public int Size { get; set; }
    public string FileName { get; set; } = "";
    public required byte[] Data { get; set; }
    public DateTime HeldAt { get; set; }
}

public static class TicketPhotoHoldModel
{
    public static void Configure(Microsoft.EntityFrameworkCore.ModelBuilder b) => b.Entity<TicketPhotoHold>(e =>
    {
        e.ToTable("TicketPhotoHolds");
        e.Property(x => x.Token).HasMaxLength(32);
        e.Property(x => x.ContentType).HasMaxLength(32);
        e.Property(x => x.FileName).HasMaxLength(200);
        e.HasIndex(x => x.Token).IsUnique();
        // no key to Parks (another area's table): a hold lives a day and is dropped by age
        e.HasIndex(x => x.HeldAt);
    });
}

/// <summary>The park's targets for one category × severity; missing ones fall back to <see cref="SlaClock.Default"/>.</summary>
public sealed class SlaPolicy : IParkOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public TicketCategory Category { get; set; }
    public TicketSeverity Severity { get; set; }
    public int ResponseMinutes { get; set; }
    public int ResolutionMinutes { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
}

/// <summary>The secret of a unit's QR link: whoever holds it may submit a ticket for that unit, and nothing else.</summary>
public sealed class UnitQrCode : IParkOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public long UnitId { get; set; }
    public required string Token { get; set; }
    public DateTime CreatedAt { get; set; }
}
