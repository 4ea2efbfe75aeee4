using FluentValidation;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.ServiceDesk;
using ParkOps.Web.Resources;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Features.ServiceDesk;

/// <summary>
/// A new ticket. <c>category</c> is one of repair, enquiry, complaint, service; <c>severity</c> one of low, normal
/// (default), high, urgent. Location: a unit of the park, or a common area in words.
/// </summary>
[StoredIn(typeof(Ticket))]
public sealed record TicketInput([Code(20)] string? Category, [Line] string? Title, [FreeText] string? Description, [Code(20)] string? Severity = null, long? UnitId = null,
    [Line] string? CommonArea = null, long? EnterpriseId = null, [Code] string? RequesterPhone = null);

/// <summary>A ticket from the anonymous per-unit QR link: the unit comes from the link, a name and phone are optional.</summary>
[StoredIn(typeof(Ticket))]
public sealed record QrTicketInput([Code(20)] string? Category, [Line] string? Title, [FreeText] string? Description, [Code(20)] string? Severity = null,
    [Line, StoredIn(typeof(Ticket), nameof(Ticket.RequesterName))] string? Name = null, [Code, StoredIn(typeof(Ticket), nameof(Ticket.RequesterPhone))] string? Phone = null);

/// <summary>The answer to an anonymous submission: a reference number to quote on the phone, nothing of the ticket.</summary>
public sealed record QrTicketReceipt(string Reference, DateTime ResponseDueAt);

/// <summary>
/// Body of <c>POST /api/v1/tickets/{id}/{action}</c>: <c>comment</c> (comment, reopen, resolve note), <c>signature</c>
/// (resolve), <c>assigneeUserId</c> (assign), <c>rating</c> + <c>comment</c> (rate).
/// </summary>
public sealed record TicketActionInput([FreeText, StoredIn(typeof(TicketEvent), nameof(TicketEvent.Body))] string? Comment = null,
    [Line, StoredIn(typeof(Ticket), nameof(Ticket.SignedBy))] string? Signature = null, long? AssigneeUserId = null, int? Rating = null);

public sealed record TicketDto(long Id, string Reference, long ParkId, long? EnterpriseId, string? EnterpriseName, string Kind, string Source, string Category,
    string Severity, TicketState State, long? UnitId, string? UnitCode, string? CommonArea, string Title, string Description, string RequesterName,
    long? AssigneeUserId, string? AssigneeName, int EscalationLevel, DateTime CreatedAt, DateTime ResponseDueAt, DateTime ResolutionDueAt,
    DateTime? RespondedAt, DateTime? ResolvedAt, DateTime? ClosedAt, SlaStatus SlaStatus, int? MinutesToBreach, bool ResponseBreached,
    bool ResolutionBreached, string? SignedBy, DateTime? SignedAt, int? Rating, string? RatingComment, long? SourceTicketId, long? WorkOrderId);

public sealed record TicketEventDto(long Id, TicketEventKind Kind, DateTime At, string ActorName, string? Body, TicketState? FromState, TicketState? ToState, IReadOnlyList<long> PhotoIds);

public sealed record TicketPhotoDto(long Id, long? EventId, string ContentType, int Size, string FileName, DateTime UploadedAt, string Url);

public sealed record TicketDetail(TicketDto Ticket, IReadOnlyList<TicketEventDto> Timeline, IReadOnlyList<TicketPhotoDto> Photos, IReadOnlyList<string> Actions);

public sealed record SlaPolicyDto(string Category, string Severity, int ResponseMinutes, int ResolutionMinutes, bool IsDefault, DateTime? UpdatedAt, string? UpdatedBy);

public sealed record SlaPolicyInput([Code(20)] string? Category, [Code(20)] string? Severity, int ResponseMinutes, int ResolutionMinutes);

public sealed record QrLinkDto(long UnitId, string UnitCode, string Url, DateTime CreatedAt);

public sealed record AssigneeDto(long UserId, string Name, string Role);

/// <summary>The API's lower-case spellings of categories and severities.</summary>
public static class TicketNames
{
    public static string Of(TicketCategory c) => c.ToString().ToLowerInvariant();
    public static string Of(TicketSeverity s) => s.ToString().ToLowerInvariant();

    public static TicketCategory? Category(string? s) => s?.Trim().ToLowerInvariant() switch
    {
        "repair" => TicketCategory.Repair, "enquiry" => TicketCategory.Enquiry, "complaint" => TicketCategory.Complaint, "service" => TicketCategory.Service, _ => null,
    };

    public static TicketSeverity? Severity(string? s) => s?.Trim().ToLowerInvariant() switch
    {
        "low" => TicketSeverity.Low, "normal" => TicketSeverity.Normal, "high" => TicketSeverity.High, "urgent" => TicketSeverity.Urgent, _ => null,
    };

    public static string Reference(long id) => $"T{id:D6}";
}

public sealed class TicketInputValidator : AbstractValidator<TicketInput>
{
    public TicketInputValidator(IStringLocalizer<Text> t)
    {
        RuleFor(x => x.Category).Must(c => TicketNames.Category(c) is not null).WithMessage(_ => t["Val.TicketCategory"]);
        RuleFor(x => x.Severity).Must(s => s is null || TicketNames.Severity(s) is not null).WithMessage(_ => t["Val.TicketSeverity"]);
        RuleFor(x => x.Title).Must(s => !string.IsNullOrWhiteSpace(s)).WithMessage(_ => t["Val.Required"]).MaximumLength(120).WithMessage(_ => t["Val.MaxLength", 120]);
        RuleFor(x => x.Description).MaximumLength(4000).WithMessage(_ => t["Val.MaxLength", 4000]);
        RuleFor(x => x.CommonArea).MaximumLength(100).WithMessage(_ => t["Val.MaxLength", 100]);
        RuleFor(x => x.RequesterPhone).MaximumLength(30).WithMessage(_ => t["Val.MaxLength", 30]);
    }
}

public sealed class QrTicketInputValidator : AbstractValidator<QrTicketInput>
{
    public QrTicketInputValidator(IStringLocalizer<Text> t)
    {
        RuleFor(x => x.Category).Must(c => TicketNames.Category(c) is not null).WithMessage(_ => t["Val.TicketCategory"]);
        RuleFor(x => x.Severity).Must(s => s is null || TicketNames.Severity(s) is not null).WithMessage(_ => t["Val.TicketSeverity"]);
        RuleFor(x => x.Title).Must(s => !string.IsNullOrWhiteSpace(s)).WithMessage(_ => t["Val.Required"]).MaximumLength(120).WithMessage(_ => t["Val.MaxLength", 120]);
        RuleFor(x => x.Description).MaximumLength(4000).WithMessage(_ => t["Val.MaxLength", 4000]);
        RuleFor(x => x.Name).MaximumLength(100).WithMessage(_ => t["Val.MaxLength", 100]);
        RuleFor(x => x.Phone).MaximumLength(30).WithMessage(_ => t["Val.MaxLength", 30]);
    }
}
