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
    public TicketState State { get; set; }
    /// <summary>Where: a unit, or a common area named in words (e.g. 3号厂房三楼走廊).</summary>
    public long? UnitId { get; set; }
    public string? CommonArea { get; set; }
    public required string Title { get; set; }
    public string Description { get; set; } = "";
    public long? RequesterUserId { get; set; }
    public string RequesterName { get; set; } = "";
    public string? RequesterPhone { get; set; }
    public long? AssigneeUserId { get; set; }
    public int EscalationLevel { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime ResponseDueAt { get; set; }
    public DateTime ResolutionDueAt { get; set; }
    public DateTime? RespondedAt { get; set; }
    public DateTime? ResolvedAt { get; set; }
    public DateTime? ClosedAt { get; set; }
    /// <summary>Set by the SLA sweep (or an action) the first time the deadline is seen missed.</summary>
    public DateTime? ResponseBreachedAt { get; set; }
    public DateTime? ResolutionBreachedAt { get; set; }
    /// <summary>Completion signature: the typed name of whoever accepted the work, and when.</summary>
    public string? SignedBy { get; set; }
    public DateTime? SignedAt { get; set; }
    public int? Rating { get; set; }
    public string? RatingComment { get; set; }
    public DateTime? RatedAt { get; set; }
    /// <summary>The request this work order was made from, and the work order made from this request.</summary>
    public long? SourceTicketId { get; set; }
    public long? WorkOrderId { get; set; }
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
