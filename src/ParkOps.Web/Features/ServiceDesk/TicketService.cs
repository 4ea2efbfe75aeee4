using System.Security.Cryptography;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Rules;
using ParkOps.Domain.ServiceDesk;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Users;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.ServiceDesk;

/// <summary>
/// Tickets, their lifecycle, SLA clock, breaches and escalation, photos, satisfaction. The rules themselves are in
/// ParkOps.Domain.ServiceDesk; this service loads, checks who may act, applies them and records the timeline.
/// </summary>
public sealed class TicketService(ParkOpsDb db, EnterpriseService enterprises, IValidator<TicketInput> validator, IValidator<QrTicketInput> qrValidator,
    TimeProvider clock, IStringLocalizer<Text> t)
{
    /// <summary>The most SLA targets one request may set (4 categories × 4 severities, each at most a few times).</summary>
    public const int MaxPolicies = 64;

    public static readonly string[] AllActions = ["acknowledge", "start", "resolve", "close", "reopen", "comment", "assign", "escalate", "convert", "rate"];

    private ActorScope Actor => db.Actor;
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    // ---------- SLA policies ----------

    public async Task<SlaTarget> TargetAsync(long parkId, TicketCategory c, TicketSeverity s, CancellationToken ct)
    {
        var p = await db.SlaPolicies.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(x => x.ParkId == parkId && x.Category == c && x.Severity == s, ct);
        return p is null ? SlaClock.Default(c, s) : new SlaTarget(p.ResponseMinutes, p.ResolutionMinutes);
    }

    /// <summary>Every category × severity with its targets: the park's own where set, the defaults elsewhere.</summary>
    public async Task<List<SlaPolicyDto>> PoliciesAsync(long parkId, CancellationToken ct)
    {
        await ParkForDeskAsync(parkId, ct);
        var own = await db.SlaPolicies.IgnoreQueryFilters().AsNoTracking().Where(x => x.ParkId == parkId).ToListAsync(ct);
        return (from c in Enum.GetValues<TicketCategory>()
                from s in Enum.GetValues<TicketSeverity>()
                let p = own.FirstOrDefault(x => x.Category == c && x.Severity == s)
                let d = SlaClock.Default(c, s)
                select p is null
                    ? new SlaPolicyDto(TicketNames.Of(c), TicketNames.Of(s), d.ResponseMinutes, d.ResolutionMinutes, true, null, null)
                    : new SlaPolicyDto(TicketNames.Of(c), TicketNames.Of(s), p.ResponseMinutes, p.ResolutionMinutes, false, p.UpdatedAt, p.UpdatedBy)).ToList();
    }

    /// <summary>Sets targets (operators of the park); applies to tickets opened from now on, open ones keep their due times.</summary>
    public async Task<List<SlaPolicyDto>> SetPoliciesAsync(long parkId, IReadOnlyList<SlaPolicyInput> inputs, CancellationToken ct)
    {
        await enterprises.ParkForWriteAsync(parkId, ct);
        if (inputs is null || inputs.Count == 0) throw new ValidationException([new ValidationFailure("policies", t["Val.Required"])]);
        var parsed = new List<(TicketCategory C, TicketSeverity S, SlaTarget T)>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var x = inputs[i];
            var c = TicketNames.Category(x.Category) ?? throw new ValidationException([new ValidationFailure($"policies[{i}].category", t["Val.TicketCategory"])]);
            var s = TicketNames.Severity(x.Severity) ?? throw new ValidationException([new ValidationFailure($"policies[{i}].severity", t["Val.TicketSeverity"])]);
            var target = new SlaTarget(x.ResponseMinutes, x.ResolutionMinutes);
            target.Validate();
            parsed.Add((c, s, target));
        }
        var now = Now;
        var own = await db.SlaPolicies.Where(x => x.ParkId == parkId).ToListAsync(ct);
        foreach (var (c, s, target) in parsed)
        {
            var p = own.FirstOrDefault(x => x.Category == c && x.Severity == s);
            if (p is null) { p = new SlaPolicy { ParkId = parkId, Category = c, Severity = s }; db.SlaPolicies.Add(p); own.Add(p); }
            p.ResponseMinutes = target.ResponseMinutes;
            p.ResolutionMinutes = target.ResolutionMinutes;
            p.UpdatedAt = now;
            p.UpdatedBy = Actor.UserName;
        }
        await db.SaveChangesAsync(ct);
        return await PoliciesAsync(parkId, ct);
    }

    // ---------- creating ----------

    public async Task<Ticket> CreateAsync(long parkId, TicketInput input, CancellationToken ct)
    {
        await ParkForDeskAsync(parkId, ct);
        var isOperator = Actor.CanOperatePark(parkId);
        var ownEnterprises = await db.Enterprises.Where(e => e.ParkId == parkId && Actor.EnterpriseIds.Contains(e.Id)).Select(e => e.Id).ToListAsync(ct);
        if (!isOperator && ownEnterprises.Count == 0) throw new ForbiddenException("OnlyTenantsAndOperatorsOpenTickets");
        await validator.EnsureValidAsync(input, ct);
        long? enterpriseId;
        if (input.EnterpriseId is { } eid)
        {
            // an operator may open a ticket on behalf of any enterprise of the park; a tenant only for its own
            var ok = isOperator ? await db.Enterprises.AnyAsync(e => e.Id == eid && e.ParkId == parkId, ct) : ownEnterprises.Contains(eid);
            if (!ok) throw new DomainRuleException("EnterpriseMustBelongToPark", "enterpriseId", "企业不在该园区") { Arguments = [eid] };
            enterpriseId = eid;
        }
        else enterpriseId = ownEnterprises.Count > 0 ? ownEnterprises.Min() : null;
        await EnsureLocationAsync(parkId, input.UnitId, input.CommonArea, enterpriseId, isOperator, ct);
        var user = Actor.UserId is { } uid ? await db.Users.AsNoTracking().Where(u => u.Id == uid).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) : null;
        var ticket = await NewTicketAsync(parkId, TicketNames.Category(input.Category)!.Value, TicketNames.Severity(input.Severity) ?? TicketSeverity.Normal,
            input.Title!.Trim(), input.Description?.Trim() ?? "", input.UnitId, Clean(input.CommonArea), ct);
        ticket.EnterpriseId = enterpriseId;
        ticket.Source = TicketSource.Account;
        ticket.RequesterUserId = Actor.UserId;
        ticket.RequesterName = user ?? Actor.UserName;
        ticket.RequesterPhone = Clean(input.RequesterPhone);
        return await SaveNewAsync(ticket, ct);
    }

    /// <summary>The anonymous QR form: the token names the unit; the caller learns a reference number and nothing else.</summary>
    public async Task<QrTicketReceipt> CreateFromQrAsync(string token, QrTicketInput input, CancellationToken ct)
    {
        var link = await QrLinkAsync(token, ct) ?? throw new NotFoundException("QrLink", "?");
        await qrValidator.EnsureValidAsync(input, ct);
        var ticket = await NewTicketAsync(link.ParkId, TicketNames.Category(input.Category)!.Value, TicketNames.Severity(input.Severity) ?? TicketSeverity.Normal,
            input.Title!.Trim(), input.Description?.Trim() ?? "", link.UnitId, null, ct);
        ticket.Source = TicketSource.QrCode;
        ticket.RequesterName = Clean(input.Name) ?? "";
        ticket.RequesterPhone = Clean(input.Phone);
        await SaveNewAsync(ticket, ct);
        return new QrTicketReceipt(TicketNames.Reference(ticket.Id), ticket.ResponseDueAt);
    }

    public Task<UnitQrCode?> QrLinkAsync(string token, CancellationToken ct) =>
        string.IsNullOrEmpty(token) || token.Length > 64 ? Task.FromResult<UnitQrCode?>(null)
            : db.UnitQrCodes.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(q => q.Token == token, ct);

    /// <summary>The unit's code and park name for the anonymous form (nothing about who occupies it).</summary>
    public async Task<(string UnitCode, string ParkName)?> QrPlaceAsync(UnitQrCode link, CancellationToken ct)
    {
        var unit = await db.Units.IgnoreQueryFilters().AsNoTracking().Where(u => u.Id == link.UnitId).Select(u => u.Code).FirstOrDefaultAsync(ct);
        var park = await db.Parks.IgnoreQueryFilters().AsNoTracking().Where(p => p.Id == link.ParkId).Select(p => p.Name).FirstOrDefaultAsync(ct);
        return unit is null || park is null ? null : (unit, park);
    }

    private async Task<Ticket> NewTicketAsync(long parkId, TicketCategory c, TicketSeverity s, string title, string description, long? unitId, string? area, CancellationToken ct)
    {
        var now = Now;
        var (responseDue, resolutionDue) = SlaClock.Due(now, await TargetAsync(parkId, c, s, ct));
        return new Ticket
        {
            ParkId = parkId, Kind = TicketKind.Request, Category = c, Severity = s, State = TicketState.New, Title = title, Description = description,
            UnitId = unitId, CommonArea = area, CreatedAt = now, UpdatedAt = now, ResponseDueAt = responseDue, ResolutionDueAt = resolutionDue,
        };
    }

    private async Task<Ticket> SaveNewAsync(Ticket ticket, CancellationToken ct)
    {
        db.Tickets.Add(ticket);
        await db.SaveChangesAsync(ct);
        db.TicketEvents.Add(Event(ticket, TicketEventKind.Created, ticket.CreatedAt, ticket.RequesterName is { Length: > 0 } n ? n : "QR", null, null, TicketState.New));
        await db.SaveChangesAsync(ct);
        return ticket;
    }

    private async Task EnsureLocationAsync(long parkId, long? unitId, string? area, long? enterpriseId, bool isOperator, CancellationToken ct)
    {
        if (unitId is null) return;
        var unit = await db.Units.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(u => u.Id == unitId && u.ParkId == parkId, ct)
            ?? throw new DomainRuleException("UnitMustBelongToPark", "unitId", "单元不存在或不属于该园区") { Arguments = [unitId] };
        // a tenant reports its own units (or a common area): another tenant's unit is not its to report
        if (!isOperator && unit.OccupantEnterpriseId != enterpriseId)
            throw new DomainRuleException("TenantReportsOwnUnits", "unitId", "只能为本企业的单元报修，公共区域请填写位置") { Arguments = [unit.Code] };
    }

    // ---------- reading ----------

    /// <summary>The park for the desk: operators, its tenants and contractors working there may use it.</summary>
    public async Task ParkForDeskAsync(long parkId, CancellationToken ct)
    {
        if (Actor.ContractorParkIds.Contains(parkId) && !Actor.CanSeePark(parkId))
        {
            if (!await db.Parks.IgnoreQueryFilters().AnyAsync(p => p.Id == parkId, ct)) throw new NotFoundException("Park", parkId);
            return;
        }
        await enterprises.ParkForReadAsync(parkId, ct);
        // a government viewer reads the desk's aggregates (the report), never tickets
        if (!Actor.IsPlatformAdmin && !Actor.OperatorParkIds.Contains(parkId) && !Actor.EnterpriseParkIds.Contains(parkId))
            throw new ForbiddenException("GovernmentSeesAggregatesOnly");
    }

    public async Task<Ticket> GetAsync(long id, CancellationToken ct) =>
        await db.Tickets.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("Ticket", id);

    public async Task<Page<TicketDto>> ListAsync(long parkId, string? state, string? category, bool? open, long? assigneeUserId, int? page, int? pageSize, CancellationToken ct)
    {
        await ParkForDeskAsync(parkId, ct);
        var q = db.Tickets.AsNoTracking().Where(x => x.ParkId == parkId);
        if (!string.IsNullOrWhiteSpace(state))
        {
            if (!Enum.TryParse<TicketState>(state, true, out var st) || int.TryParse(state, out _))
                throw new ValidationException([new ValidationFailure("state", t["Val.Unknown"])]);
            q = q.Where(x => x.State == st);
        }
        if (!string.IsNullOrWhiteSpace(category))
        {
            var c = TicketNames.Category(category) ?? throw new ValidationException([new ValidationFailure("category", t["Val.TicketCategory"])]);
            q = q.Where(x => x.Category == c);
        }
        if (assigneeUserId is { } a) q = q.Where(x => x.AssigneeUserId == a);
        if (open == true)
        {
            // the board: open tickets (a request turned into a work order lives on as the work order), by time to breach
            q = q.Where(x => (x.State == TicketState.New || x.State == TicketState.Acknowledged || x.State == TicketState.InProgress || x.State == TicketState.Reopened) && x.WorkOrderId == null)
                .OrderBy(x => x.RespondedAt == null ? x.ResponseDueAt : x.ResolutionDueAt).ThenBy(x => x.Id);
        }
        else q = q.OrderByDescending(x => x.CreatedAt).ThenByDescending(x => x.Id);
        var p = await q.ToPageAsync(page, pageSize, ct, defaultSize: 50);
        return new Page<TicketDto>(await ToDtosAsync(p.Items, ct), p.Total, p.PageNumber, p.PageSize);
    }

    public async Task<List<TicketDto>> ToDtosAsync(IReadOnlyList<Ticket> tickets, CancellationToken ct)
    {
        var entIds = tickets.Where(x => x.EnterpriseId != null).Select(x => x.EnterpriseId!.Value).Distinct().ToArray();
        var names = await db.Enterprises.IgnoreQueryFilters().Where(e => entIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Name, ct);
        var unitIds = tickets.Where(x => x.UnitId != null).Select(x => x.UnitId!.Value).Distinct().ToArray();
        var codes = await db.Units.IgnoreQueryFilters().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Code, ct);
        var userIds = tickets.Where(x => x.AssigneeUserId != null).Select(x => x.AssigneeUserId!.Value).Distinct().ToArray();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var now = Now;
        return tickets.Select(x => new TicketDto(x.Id, TicketNames.Reference(x.Id), x.ParkId, x.EnterpriseId, x.EnterpriseId is { } e ? names.GetValueOrDefault(e) : null,
            x.Kind.ToString(), x.Source.ToString(), TicketNames.Of(x.Category), TicketNames.Of(x.Severity), x.State, x.UnitId, x.UnitId is { } u ? codes.GetValueOrDefault(u) : null,
            x.CommonArea, x.Title, x.Description, x.RequesterName, x.AssigneeUserId, x.AssigneeUserId is { } a ? users.GetValueOrDefault(a) : null, x.EscalationLevel,
            x.CreatedAt, x.ResponseDueAt, x.ResolutionDueAt, x.RespondedAt, x.ResolvedAt, x.ClosedAt,
            SlaClock.Status(x.State, x.CreatedAt, x.ResponseDueAt, x.ResolutionDueAt, x.RespondedAt, x.ResolvedAt, now),
            x.WorkOrderId is null ? SlaClock.MinutesToBreach(x.State, x.ResponseDueAt, x.ResolutionDueAt, now) : null,
            SlaClock.ResponseBreached(x.ResponseDueAt, x.RespondedAt, now), TicketLifecycle.IsOpen(x.State) || x.ResolvedAt is not null
                ? SlaClock.ResolutionBreached(x.ResolutionDueAt, x.ResolvedAt, now) : false,
            x.SignedBy, x.SignedAt, x.Rating, x.RatingComment, x.SourceTicketId, x.WorkOrderId)).ToList();
    }

    public async Task<TicketDetail> DetailAsync(long id, CancellationToken ct)
    {
        var ticket = await GetAsync(id, ct);
        var events = await db.TicketEvents.AsNoTracking().Where(e => e.TicketId == id).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(ct);
        var photos = await db.TicketPhotos.AsNoTracking().Where(p => p.TicketId == id).OrderBy(p => p.Id)
            .Select(p => new TicketPhotoDto(p.Id, p.EventId, p.ContentType, p.Size, p.FileName, p.UploadedAt, "")).ToListAsync(ct);
        photos = photos.Select(p => p with { Url = $"/api/v1/tickets/{id}/photos/{p.Id}" }).ToList();
        var timeline = events.Select(e => new TicketEventDto(e.Id, e.Kind, e.At, e.ActorName, e.Body, e.FromState, e.ToState,
            photos.Where(p => p.EventId == e.Id).Select(p => p.Id).ToList())).ToList();
        var handled = await HandledAsync(ticket, ct);
        return new TicketDetail((await ToDtosAsync([ticket], ct))[0], timeline, photos, AllActions.Where(a => May(ticket, a, handled)).ToList());
    }

    // ---------- acting ----------

    private bool IsOperator(Ticket x) => Actor.CanOperatePark(x.ParkId);
    private bool IsAssignee(Ticket x) => x.AssigneeUserId is { } a && a == Actor.UserId;
    private bool IsRequesterSide(Ticket x) => x.EnterpriseId is { } e && Actor.EnterpriseIds.Contains(e);
    private bool IsRequester(Ticket x) => x.RequesterUserId is { } r && r == Actor.UserId;

    /// <summary>Whether the caller took part in handling the ticket (staff): such a person never rates it.</summary>
    private async Task<bool> HandledAsync(Ticket x, CancellationToken ct)
    {
        if (IsOperator(x) || IsAssignee(x)) return true;
        if (Actor.UserId is not { } uid) return false;
        return await db.TicketEvents.AnyAsync(e => e.TicketId == x.Id && e.ActorUserId == uid && (e.Kind == TicketEventKind.Acknowledged
            || e.Kind == TicketEventKind.Started || e.Kind == TicketEventKind.Resolved || e.Kind == TicketEventKind.Assigned), ct);
    }

    /// <summary>Who may try what (the rules still decide whether the state allows it).</summary>
    private bool Permitted(Ticket x, string action) => action switch
    {
        "acknowledge" or "start" or "resolve" => IsOperator(x) || IsAssignee(x),
        "close" or "reopen" => IsOperator(x) || IsRequesterSide(x),
        "comment" => IsOperator(x) || IsAssignee(x) || IsRequesterSide(x),
        "assign" or "escalate" or "convert" => IsOperator(x),
        "rate" => true, // the satisfaction rule names who may rate
        _ => false,
    };

    /// <summary>The actions to offer the caller now: permitted and allowed by the state.</summary>
    private bool May(Ticket x, string action, bool handled)
    {
        if (!Permitted(x, action)) return false;
        return action switch
        {
            "acknowledge" => TicketLifecycle.CanDo(x.State, TicketAction.Acknowledge),
            "start" => TicketLifecycle.CanDo(x.State, TicketAction.Start),
            "resolve" => TicketLifecycle.CanDo(x.State, TicketAction.Resolve),
            "close" => TicketLifecycle.CanDo(x.State, TicketAction.Close),
            "reopen" => TicketLifecycle.CanDo(x.State, TicketAction.Reopen),
            "comment" => x.State != TicketState.Closed,
            "assign" => TicketLifecycle.IsOpen(x.State),
            "escalate" => TicketLifecycle.IsOpen(x.State) && x.EscalationLevel < Escalation.Top,
            "convert" => x.Kind == TicketKind.Request && x.WorkOrderId is null && TicketLifecycle.IsOpen(x.State),
            "rate" => x.State == TicketState.Closed && IsRequester(x) && !handled && x.Rating is null,
            _ => false,
        };
    }

    /// <summary>
    /// acknowledge, start, resolve (needs signature), close, reopen, comment, assign, escalate, convert, rate. An action
    /// the state forbids → 409 naming the rule; one the caller may not take → 403; an unknown action → 404.
    /// </summary>
    public async Task<Ticket> ActAsync(long id, string action, TicketActionInput input, CancellationToken ct)
    {
        var x = await GetAsync(id, ct);
        action = action.ToLowerInvariant();
        if (!AllActions.Contains(action)) throw new NotFoundException("TicketAction", action);
        if (!Permitted(x, action)) throw new ForbiddenException("TicketActionNotPermitted");
        EnsureCommentFits(action, input.Comment);
        var now = Now;
        var actorName = await ActorNameAsync(ct);
        var from = x.State;
        Ticket result = x;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        switch (action)
        {
            case "acknowledge":
                Move(x, TicketAction.Acknowledge, now, actorName, TicketEventKind.Acknowledged, input.Comment);
                break;
            case "start":
                Move(x, TicketAction.Start, now, actorName, TicketEventKind.Started, input.Comment);
                break;
            case "resolve":
                var next = TicketLifecycle.Next(x.State, TicketAction.Resolve);
                var signature = TicketLifecycle.Signature(input.Signature);
                x.SignedBy = signature;
                x.SignedAt = now;
                x.ResolvedAt = now;
                x.RespondedAt ??= now;
                x.State = next;
                db.TicketEvents.Add(Event(x, TicketEventKind.Resolved, now, actorName, Join(input.Comment, $"签名 / signed: {signature}"), from, next));
                break;
            case "close":
                Move(x, TicketAction.Close, now, actorName, TicketEventKind.Closed, input.Comment);
                x.ClosedAt = now;
                break;
            case "reopen":
                Move(x, TicketAction.Reopen, now, actorName, TicketEventKind.Reopened, input.Comment);
                x.ResolvedAt = null;
                x.ClosedAt = null;
                x.SignedBy = null;
                x.SignedAt = null;
                break;
            case "comment":
                TicketLifecycle.EnsureCanComment(x.State);
                var body = input.Comment?.Trim();
                if (string.IsNullOrEmpty(body)) throw new ValidationException([new ValidationFailure("comment", t["Val.Required"])]);
                if (body.Length > 4000) throw new ValidationException([new ValidationFailure("comment", t["Val.MaxLength", 4000])]);
                db.TicketEvents.Add(Event(x, TicketEventKind.Comment, now, actorName, body, null, null));
                break;
            case "assign":
                if (!TicketLifecycle.IsOpen(x.State))
                    throw new DomainRuleException(TicketLifecycle.TransitionRule, "state", "已完成的工单不能再派单", RuleKind.Conflict) { Arguments = [x.State, "Assign"] };
                var assignee = input.AssigneeUserId ?? throw new ValidationException([new ValidationFailure("assigneeUserId", t["Val.Required"])]);
                var who = await AssignableAsync(x.ParkId, ct);
                var chosen = who.FirstOrDefault(a => a.UserId == assignee)
                    ?? throw new DomainRuleException("AssigneeMustWorkInPark", "assigneeUserId", "受理人须为本园区运营人员或外包服务商") { Arguments = [assignee] };
                x.AssigneeUserId = assignee;
                db.TicketEvents.Add(Event(x, TicketEventKind.Assigned, now, actorName, Join(chosen.Name, input.Comment), null, null));
                break;
            case "escalate":
                if (!TicketLifecycle.IsOpen(x.State))
                    throw new DomainRuleException(TicketLifecycle.TransitionRule, "state", "已完成的工单不能升级", RuleKind.Conflict) { Arguments = [x.State, "Escalate"] };
                x.EscalationLevel = Escalation.Next(x.EscalationLevel);
                db.TicketEvents.Add(Event(x, TicketEventKind.Escalated, now, actorName, Join($"L{x.EscalationLevel}", input.Comment), null, null));
                break;
            case "convert":
                TicketLifecycle.EnsureCanConvert(x.State, x.Kind == TicketKind.WorkOrder, x.WorkOrderId is not null);
                result = await ConvertAsync(x, now, actorName, ct);
                break;
            case "rate":
                var handled = await HandledAsync(x, ct);
                Satisfaction.EnsureCanRate(x.State, IsRequester(x), handled, x.Rating is not null, input.Rating ?? 0);
                if (input.Comment is { Length: > 1000 }) throw new ValidationException([new ValidationFailure("comment", t["Val.MaxLength", 1000])]);
                x.Rating = input.Rating;
                x.RatingComment = Clean(input.Comment);
                x.RatedAt = now;
                db.TicketEvents.Add(Event(x, TicketEventKind.Rated, now, actorName, Join($"{input.Rating}/5", x.RatingComment), null, null));
                break;
        }
        RecordBreaches(x, now);
        x.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return result;
    }

    /// <summary>The most a comment may hold: the timeline event's 4,000 characters, less what resolve, assign and escalate put before or after it.</summary>
    public const int MaxComment = 4000;
    private const int MaxJoinedComment = MaxComment - 200;

    /// <summary>
    /// Refuses a comment the timeline could not store, before anything is written (the API's request check already
    /// caps it at 4,000; the console's forms come here directly): joined with a signature, an assignee or a level it
    /// must still fit the event, and a rating's comment fits the ticket's 1,000.
    /// </summary>
    private void EnsureCommentFits(string action, string? comment)
    {
        if (string.IsNullOrEmpty(comment)) return;
        var max = action switch { "rate" => 1000, "resolve" or "assign" or "escalate" => MaxJoinedComment, _ => MaxComment };
        if (comment.Length > max) throw new ValidationException([new ValidationFailure("comment", t["Val.MaxLength", max])]);
        if (TextRules.FirstRefused(comment, TextKind.MultiLine) is { } cp)
            throw new ValidationException([new ValidationFailure("comment", t["Val.TextCharacters", TextRules.Describe(cp)])]);
    }

    private void Move(Ticket x, TicketAction a, DateTime now, string actorName, TicketEventKind kind, string? comment)
    {
        var from = x.State;
        var to = TicketLifecycle.Next(from, a);
        if (from == TicketState.New) x.RespondedAt ??= now;
        x.State = to;
        db.TicketEvents.Add(Event(x, kind, now, actorName, Clean(comment), from, to));
    }

    /// <summary>
    /// A request becomes a work order: a new ticket of kind WorkOrder with every field of the request (category,
    /// severity, place, text, requester, due times, assignee, escalation) and a copy of every photo; the request
    /// points at it and leaves the board.
    /// </summary>
    private async Task<Ticket> ConvertAsync(Ticket x, DateTime now, string actorName, CancellationToken ct)
    {
        var w = new Ticket
        {
            ParkId = x.ParkId, EnterpriseId = x.EnterpriseId, Kind = TicketKind.WorkOrder, Source = x.Source, Category = x.Category, Severity = x.Severity,
            State = x.State, UnitId = x.UnitId, CommonArea = x.CommonArea, Title = x.Title, Description = x.Description, RequesterUserId = x.RequesterUserId,
            RequesterName = x.RequesterName, RequesterPhone = x.RequesterPhone, AssigneeUserId = x.AssigneeUserId, EscalationLevel = x.EscalationLevel,
            CreatedAt = x.CreatedAt, UpdatedAt = now, ResponseDueAt = x.ResponseDueAt, ResolutionDueAt = x.ResolutionDueAt, RespondedAt = x.RespondedAt,
            ResponseBreachedAt = x.ResponseBreachedAt, ResolutionBreachedAt = x.ResolutionBreachedAt, SourceTicketId = x.Id,
        };
        db.Tickets.Add(w);
        await db.SaveChangesAsync(ct);
        var photos = await db.TicketPhotos.Where(p => p.TicketId == x.Id).OrderBy(p => p.Id).ToListAsync(ct);
        foreach (var p in photos)
            db.TicketPhotos.Add(new TicketPhoto { ParkId = p.ParkId, TicketId = w.Id, ContentType = p.ContentType, Size = p.Size, FileName = p.FileName, Data = p.Data, UploadedAt = p.UploadedAt, UploadedBy = p.UploadedBy });
        x.WorkOrderId = w.Id;
        db.TicketEvents.Add(Event(w, TicketEventKind.Created, x.CreatedAt, x.RequesterName, null, null, w.State));
        db.TicketEvents.Add(Event(w, TicketEventKind.Converted, now, actorName, TicketNames.Reference(x.Id), null, null));
        db.TicketEvents.Add(Event(x, TicketEventKind.Converted, now, actorName, TicketNames.Reference(w.Id), null, null));
        return w;
    }

    /// <summary>Records a deadline seen missed for the first time, with its event, and lifts the escalation level.</summary>
    private bool RecordBreaches(Ticket x, DateTime now)
    {
        if (x.WorkOrderId is not null) return false;
        var changed = false;
        if (x.ResponseBreachedAt is null && (TicketLifecycle.IsOpen(x.State) || x.RespondedAt is not null) && SlaClock.ResponseBreached(x.ResponseDueAt, x.RespondedAt, now))
        {
            x.ResponseBreachedAt = now;
            db.TicketEvents.Add(Event(x, TicketEventKind.ResponseBreached, now, "SLA", null, null, null));
            changed = true;
        }
        if (x.ResolutionBreachedAt is null && (TicketLifecycle.IsOpen(x.State) || x.ResolvedAt is not null) && SlaClock.ResolutionBreached(x.ResolutionDueAt, x.ResolvedAt, now))
        {
            x.ResolutionBreachedAt = now;
            db.TicketEvents.Add(Event(x, TicketEventKind.ResolutionBreached, now, "SLA", null, null, null));
            changed = true;
        }
        if (!TicketLifecycle.IsOpen(x.State)) return changed;
        var level = Escalation.LevelFor(x.EscalationLevel, x.ResponseBreachedAt is not null, x.ResolutionBreachedAt is not null);
        if (level > x.EscalationLevel)
        {
            x.EscalationLevel = level;
            db.TicketEvents.Add(Event(x, TicketEventKind.Escalated, now, "SLA", $"L{level}", null, null));
            changed = true;
        }
        return changed;
    }

    /// <summary>
    /// The SLA sweep: every open ticket whose deadline has passed gets its breach recorded and is escalated. Run by
    /// the background sweeper each minute and by operators on demand; running it twice changes nothing the second time.
    /// </summary>
    public async Task<int> SweepAsync(long? parkId, CancellationToken ct)
    {
        if (parkId is { } p) await enterprises.ParkForWriteAsync(p, ct);
        var now = Now;
        var q = db.Tickets.Where(x => (x.State == TicketState.New || x.State == TicketState.Acknowledged || x.State == TicketState.InProgress || x.State == TicketState.Reopened)
            && x.WorkOrderId == null
            && ((x.ResponseBreachedAt == null && x.RespondedAt == null && x.ResponseDueAt < now) || (x.ResolutionBreachedAt == null && x.ResolutionDueAt < now)));
        if (parkId is { } pid) q = q.Where(x => x.ParkId == pid);
        var due = await q.OrderBy(x => x.Id).Take(1000).ToListAsync(ct);
        var n = 0;
        foreach (var x in due)
            if (RecordBreaches(x, now)) { x.UpdatedAt = now; n++; }
        await db.SaveChangesAsync(ct);
        return n;
    }

    /// <summary>Park staff and contractors of the park: who a ticket may be assigned to.</summary>
    public async Task<List<AssigneeDto>> AssignableAsync(long parkId, CancellationToken ct)
    {
        var rows = await db.RoleGrants.AsNoTracking()
            .Where(g => g.ParkId == parkId && (g.Role == Role.ParkOperator || g.Role == Role.Contractor))
            .Join(db.Users.AsNoTracking().Where(u => u.IsActive), g => g.UserId, u => u.Id, (g, u) => new { u.Id, u.DisplayName, g.Role })
            .ToListAsync(ct);
        return rows.GroupBy(r => r.Id).Select(g => new AssigneeDto(g.Key, g.First().DisplayName, g.First().Role.ToString())).OrderBy(a => a.Role).ThenBy(a => a.UserId).ToList();
    }

    public async Task<List<AssigneeDto>> AssigneesAsync(long parkId, CancellationToken ct)
    {
        await enterprises.ParkForWriteAsync(parkId, ct);
        return await AssignableAsync(parkId, ct);
    }

    // ---------- photos ----------

    /// <summary>The ticket a photo is about to be added to, checked before the upload is read (scope first, then content).</summary>
    public async Task<Ticket> PhotoTargetAsync(long ticketId, CancellationToken ct)
    {
        var x = await GetAsync(ticketId, ct);
        if (!(IsOperator(x) || IsAssignee(x) || IsRequesterSide(x))) throw new ForbiddenException("TicketActionNotPermitted");
        TicketLifecycle.EnsureCanComment(x.State);
        return x;
    }

    public async Task<TicketPhoto> AddPhotoAsync(long ticketId, byte[] bytes, string? fileName, long? eventId, CancellationToken ct)
    {
        var x = await PhotoTargetAsync(ticketId, ct);
        var type = ImageCheck.ContentType(bytes, "file");
        if (eventId is { } ev && !await db.TicketEvents.AnyAsync(e => e.Id == ev && e.TicketId == ticketId, ct))
            throw new DomainRuleException("PhotoBelongsToTicketComment", "eventId", "评论不属于该工单") { Arguments = [ev] };
        if (await db.TicketPhotos.CountAsync(p => p.TicketId == ticketId, ct) >= PhotoCheck.MaxPerTicket)
            throw new DomainRuleException("TooManyPhotos", "file", "每张工单的照片数已达上限", RuleKind.Conflict) { Arguments = [PhotoCheck.MaxPerTicket] };
        var photo = await StorePhotoAsync(x, bytes, type, fileName, eventId, await ActorNameAsync(ct), ct);
        return photo;
    }

    /// <summary>Stores a checked photo and notes it on the timeline (the anonymous QR form uses this too).</summary>
    public async Task<TicketPhoto> StorePhotoAsync(Ticket x, byte[] bytes, string type, string? fileName, long? eventId, string by, CancellationToken ct)
    {
        var now = Now;
        var name = Path.GetFileName(fileName ?? "");
        if (name.Length > 200) name = name[^200..];
        var photo = new TicketPhoto { ParkId = x.ParkId, TicketId = x.Id, EventId = eventId, ContentType = type, Size = bytes.Length, FileName = name, Data = bytes, UploadedAt = now, UploadedBy = by };
        db.TicketPhotos.Add(photo);
        if (eventId is null) db.TicketEvents.Add(Event(x, TicketEventKind.PhotoAdded, now, by, name, null, null));
        await db.SaveChangesAsync(ct);
        return photo;
    }

    /// <summary>The anonymous form's photo, checked like any other, on the ticket it has just created.</summary>
    public async Task AddQrPhotoAsync(string reference, byte[] bytes, string? fileName, CancellationToken ct)
    {
        var type = ImageCheck.ContentType(bytes, "file");
        var id = long.Parse(reference.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
        var x = await db.Tickets.IgnoreQueryFilters().FirstAsync(t => t.Id == id, ct);
        await StorePhotoAsync(x, bytes, type, fileName, null, x.RequesterName is { Length: > 0 } n ? n : "QR", ct);
    }

    public async Task<TicketPhoto> PhotoAsync(long ticketId, long photoId, CancellationToken ct)
    {
        await GetAsync(ticketId, ct);
        return await db.TicketPhotos.AsNoTracking().FirstOrDefaultAsync(p => p.Id == photoId && p.TicketId == ticketId, ct) ?? throw new NotFoundException("Photo", photoId);
    }

    // ---------- QR links ----------

    public async Task<QrLinkDto?> QrLinkOfUnitAsync(long unitId, string baseUrl, CancellationToken ct)
    {
        var unit = await UnitForOperatorAsync(unitId, ct);
        var link = await db.UnitQrCodes.AsNoTracking().FirstOrDefaultAsync(q => q.UnitId == unitId, ct);
        return link is null ? null : new QrLinkDto(unit.Id, unit.Code, QrUrl(baseUrl, link.Token), link.CreatedAt);
    }

    /// <summary>Issues the unit's QR link, or replaces it (the old link stops working: e.g. a sticker was misused).</summary>
    public async Task<QrLinkDto> IssueQrLinkAsync(long unitId, string baseUrl, CancellationToken ct)
    {
        var unit = await UnitForOperatorAsync(unitId, ct);
        var link = await db.UnitQrCodes.FirstOrDefaultAsync(q => q.UnitId == unitId, ct);
        if (link is null) { link = new UnitQrCode { ParkId = unit.ParkId, UnitId = unit.Id, Token = "" }; db.UnitQrCodes.Add(link); }
        link.Token = NewToken();
        link.CreatedAt = Now;
        await db.SaveChangesAsync(ct);
        return new QrLinkDto(unit.Id, unit.Code, QrUrl(baseUrl, link.Token), link.CreatedAt);
    }

    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');

    public static string QrUrl(string baseUrl, string token) => $"{baseUrl.TrimEnd('/')}/q/{token}";

    private async Task<Spaces.Unit> UnitForOperatorAsync(long unitId, CancellationToken ct)
    {
        var unit = await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.Id == unitId, ct) ?? throw new NotFoundException("Unit", unitId);
        if (!Actor.CanOperatePark(unit.ParkId)) throw new ForbiddenException("OnlyOperatorsMayWrite");
        return unit;
    }

    // ---------- report ----------

    /// <summary>
    /// Months (Asia/Shanghai) of the desk: tickets opened, how fast they were answered, the share that met each
    /// target, and the share of ratings that were satisfied (4 or 5; target ≥ 90 %, seed 004). Aggregates only: the
    /// park's operators and its government viewers read it.
    /// </summary>
    public async Task<DeskReport> ReportAsync(long parkId, int? months, CancellationToken ct)
    {
        await enterprises.ParkForReadAsync(parkId, ct);
        if (!Actor.IsPlatformAdmin && !Actor.OperatorParkIds.Contains(parkId) && !Actor.GovernmentParkIds.Contains(parkId))
            throw new ForbiddenException("OnlyOperatorsMayReadDeskReport");
        var n = months ?? 12;
        if (n is < 1 or > 36) throw new ValidationException([new ValidationFailure("months", t["Val.Range", 1, 36])]);
        var now = Now;
        var local = Time.ToShanghai(now);
        var firstMonth = new DateTime(local.Year, local.Month, 1).AddMonths(-(n - 1));
        var fromUtc = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(firstMonth, DateTimeKind.Unspecified), Time.Shanghai);
        var rows = await db.Tickets.IgnoreQueryFilters().AsNoTracking().Where(x => x.ParkId == parkId && x.CreatedAt >= fromUtc && x.Kind == TicketKind.Request)
            .Select(x => new { x.CreatedAt, x.RespondedAt, x.ResponseDueAt, x.ResolvedAt, x.ResolutionDueAt, x.Rating, x.WorkOrderId, x.State })
            .ToListAsync(ct);
        var list = new List<DeskMonth>();
        for (var m = firstMonth; m <= new DateTime(local.Year, local.Month, 1); m = m.AddMonths(1))
        {
            var inMonth = rows.Where(r => { var l = Time.ToShanghai(r.CreatedAt); return l.Year == m.Year && l.Month == m.Month; }).ToList();
            var responded = inMonth.Where(r => r.RespondedAt is not null).ToList();
            var minutes = responded.Select(r => (r.RespondedAt!.Value - r.CreatedAt).TotalMinutes).Order().ToList();
            var resolved = inMonth.Where(r => r.ResolvedAt is not null).ToList();
            var ratings = inMonth.Where(r => r.Rating is not null).Select(r => r.Rating!.Value).ToList();
            list.Add(new DeskMonth(m.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), inMonth.Count, responded.Count,
                minutes.Count == 0 ? null : Math.Round(minutes.Average(), 1), minutes.Count == 0 ? null : Math.Round(Median(minutes), 1),
                responded.Count == 0 ? null : Math.Round((decimal)responded.Count(r => r.RespondedAt <= r.ResponseDueAt) / responded.Count, 4),
                resolved.Count, resolved.Count == 0 ? null : Math.Round((decimal)resolved.Count(r => r.ResolvedAt <= r.ResolutionDueAt) / resolved.Count, 4),
                ratings.Count, Satisfaction.Share(ratings), ratings.Count == 0 ? null : Math.Round(ratings.Average(), 2)));
        }
        var open = await db.Tickets.IgnoreQueryFilters().AsNoTracking().Where(x => x.ParkId == parkId && x.WorkOrderId == null
            && (x.State == TicketState.New || x.State == TicketState.Acknowledged || x.State == TicketState.InProgress || x.State == TicketState.Reopened))
            .Select(x => new { x.State, x.ResponseDueAt, x.ResolutionDueAt, x.RespondedAt }).ToListAsync(ct);
        var breached = open.Count(o => SlaClock.MinutesToBreach(o.State, o.ResponseDueAt, o.ResolutionDueAt, now) < 0 || (o.RespondedAt is { } r && r > o.ResponseDueAt));
        return new DeskReport(parkId, list, open.Count, breached, 0.90m);
    }

    private static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;

    // ---------- helpers ----------

    private async Task<string> ActorNameAsync(CancellationToken ct) =>
        Actor.UserId is { } uid ? await db.Users.AsNoTracking().Where(u => u.Id == uid).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? Actor.UserName : Actor.UserName;

    private TicketEvent Event(Ticket x, TicketEventKind kind, DateTime at, string? actorName, string? body, TicketState? from, TicketState? to) => new()
    {
        ParkId = x.ParkId, TicketId = x.Id, Kind = kind, At = at, ActorUserId = actorName == "SLA" ? null : Actor.UserId,
        ActorName = actorName ?? x.RequesterName, Body = body, FromState = from, ToState = to,
    };

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static string? Join(string? a, string? b) => Clean(a) is { } x ? Clean(b) is { } y ? $"{x} · {y}" : x : Clean(b);
}
