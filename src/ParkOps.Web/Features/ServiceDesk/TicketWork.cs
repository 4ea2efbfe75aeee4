using ParkOps.Web.Features.Notifications.Contracts;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Rules;
using ParkOps.Domain.ServiceDesk;
using ParkOps.Web.Data;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Resources;
using static ParkOps.Web.Features.ServiceDesk.DeskAccess;

namespace ParkOps.Web.Features.ServiceDesk;

/// <summary>
/// Working a ticket: the actions of <see cref="TicketActions"/> (the ticket itself guards each transition) and the SLA
/// sweep that records missed deadlines and escalates.
/// </summary>
public sealed class TicketWork(ParkOpsDb db, DeskAccess desk, IStringLocalizer<Text> t, INotices notices, ILogger<TicketWork> log)
{
    /// <summary>The most a comment may hold: the timeline event's 4,000 characters.</summary>
    public const int MaxComment = TicketActions.MaxComment;

    /// <summary>The ticket's latest comment event (the one an action just wrote; a photo sent with it is attached there). The ticket's query filter applies.</summary>
    public Task<long> LastCommentIdAsync(long ticketId, CancellationToken ct) =>
        db.TicketEvents.Where(e => e.TicketId == ticketId && e.Kind == TicketEventKind.Comment).OrderByDescending(e => e.Id).Select(e => e.Id).FirstAsync(ct);

    /// <summary>
    /// acknowledge, start, resolve (needs signature), close, reopen, comment, assign, escalate, convert, rate. An action
    /// the state forbids → 409 naming the rule; one the caller may not take → 403; an unknown action → 404.
    /// </summary>
    public async Task<Ticket> ActAsync(long id, string action, TicketActionInput input, CancellationToken ct)
    {
        var x = await desk.GetAsync(id, ct);
        var rule = TicketActions.Named(action) ?? throw new NotFoundException("TicketAction", action.ToLowerInvariant());
        if (!rule.Permits(desk.PartyOf(x))) throw new ForbiddenException("TicketActionNotPermitted");
        EnsureCommentFits(rule, input.Comment);
        var now = desk.Now;
        var actorName = await desk.ActorNameAsync(ct);
        var kind = TicketActionCatalog.EventOf(rule.Action);
        var result = x;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        switch (rule.Action)
        {
            case TicketAction.Acknowledge or TicketAction.Start or TicketAction.Close or TicketAction.Reopen:
                var from = x.Move(rule.Action, now);
                db.TicketEvents.Add(desk.Event(x, kind, now, actorName, Clean(input.Comment), from, x.State));
                break;
            case TicketAction.Resolve:
                var before = x.State;
                var signature = x.Resolve(now, input.Signature);
                db.TicketEvents.Add(desk.Event(x, kind, now, actorName, Join(input.Comment, $"签名：{signature}"), before, x.State));
                break;
            case TicketAction.Comment:
                x.EnsureTakesComments();
                var body = input.Comment?.Trim();
                if (string.IsNullOrEmpty(body)) throw new ValidationException([new ValidationFailure("comment", t["Val.Required"])]);
                db.TicketEvents.Add(desk.Event(x, kind, now, actorName, body, null, null));
                break;
            case TicketAction.Assign:
                x.EnsureAssignable();
                var assignee = input.AssigneeUserId ?? throw new ValidationException([new ValidationFailure("assigneeUserId", t["Val.Required"])]);
                var chosen = (await desk.AssignableAsync(x.ParkId, ct)).FirstOrDefault(a => a.UserId == assignee)
                    ?? throw new DomainRuleException("AssigneeMustWorkInPark", "assigneeUserId", "受理人须为本园区运营人员或外包服务商") { Arguments = [assignee] };
                x.Assign(assignee);
                db.TicketEvents.Add(desk.Event(x, kind, now, actorName, Join(chosen.Name, input.Comment), null, null));
                break;
            case TicketAction.Escalate:
                var level = x.Escalate();
                db.TicketEvents.Add(desk.Event(x, kind, now, actorName, Join($"第 {level} 级", input.Comment), null, null));
                break;
            case TicketAction.Convert:
                result = await ConvertAsync(x, now, actorName, ct);
                break;
            case TicketAction.Rate:
                x.Rate(input.Rating, input.Comment, now, desk.IsRequester(x), await desk.HandledAsync(x, ct));
                db.TicketEvents.Add(desk.Event(x, kind, now, actorName, Join($"{input.Rating}/5", x.RatingComment), null, null));
                break;
        }
        RecordBreaches(x, now);
        x.UpdatedAt = now;
        notices.Send(NoticesOf(x, rule.Action, input.AssigneeUserId));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return result;
    }

    /// <summary>
    /// Who hears of an action (committed with it): the requester's enterprise when the state moved — when resolved, as a
    /// request to rate the service — and the assignee (an operator or a contractor) when the ticket is assigned to it.
    /// </summary>
    private IEnumerable<Notice> NoticesOf(Ticket x, TicketAction action, long? assignee)
    {
        var link = $"/tickets/{x.Id}";
        if (action == TicketAction.Assign && assignee is { } user) yield return Notice.ToUser(x.ParkId, user, "TicketAssigned", link, x.Title);
        // the enterprise's own users know what they just did themselves
        if (x.EnterpriseId is not { } enterprise || db.Actor.EnterpriseIds.Contains(enterprise)) yield break;
        if (action == TicketAction.Resolve) yield return Notice.ToEnterprise(x.ParkId, enterprise, "TicketPleaseRate", link, x.Title);
        else if (action is TicketAction.Acknowledge or TicketAction.Start or TicketAction.Close or TicketAction.Reopen)
            yield return Notice.ToEnterprise(x.ParkId, enterprise, "TicketStateChanged", link, x.Title, "@TicketState." + x.State);
    }

    /// <summary>
    /// Refuses a comment the timeline could not store, before anything is written (the API's request check already
    /// caps it at 4,000; the console's forms come here directly): joined with a signature, an assignee or a level it
    /// must still fit the event, and a rating's comment fits the ticket's 1,000.
    /// </summary>
    private void EnsureCommentFits(TicketActionRule rule, string? comment)
    {
        if (string.IsNullOrEmpty(comment)) return;
        if (comment.Length > rule.MaxComment) throw new ValidationException([new ValidationFailure("comment", t["Val.MaxLength", rule.MaxComment])]);
        if (TextRules.FirstRefused(comment, TextKind.MultiLine) is { } cp)
            throw new ValidationException([new ValidationFailure("comment", t["Val.TextCharacters", TextRules.Describe(cp)])]);
    }

    /// <summary>
    /// A request becomes a work order (<see cref="Ticket.NewWorkOrder"/>) with a copy of every photo; the request points
    /// at it and leaves the board.
    /// </summary>
    private async Task<Ticket> ConvertAsync(Ticket x, DateTime now, string actorName, CancellationToken ct)
    {
        var w = x.NewWorkOrder(now);
        db.Tickets.Add(w);
        await db.SaveChangesAsync(ct);
        var photos = await db.TicketPhotos.Where(p => p.TicketId == x.Id).OrderBy(p => p.Id).ToListAsync(ct);
        foreach (var p in photos)
            db.TicketPhotos.Add(new TicketPhoto { ParkId = p.ParkId, TicketId = w.Id, ContentType = p.ContentType, Size = p.Size, FileName = p.FileName, Data = p.Data, UploadedAt = p.UploadedAt, UploadedBy = p.UploadedBy });
        x.ConvertedInto(w.Id);
        db.TicketEvents.Add(desk.Event(w, TicketEventKind.Created, x.CreatedAt, x.RequesterName, null, null, w.State));
        db.TicketEvents.Add(desk.Event(w, TicketEventKind.Converted, now, actorName, TicketNames.Reference(x.Id), null, null));
        db.TicketEvents.Add(desk.Event(x, TicketEventKind.Converted, now, actorName, TicketNames.Reference(w.Id), null, null));
        return w;
    }

    /// <summary>Records a deadline seen missed for the first time, with its event, and lifts the escalation level.</summary>
    private bool RecordBreaches(Ticket x, DateTime now)
    {
        if (x.WorkOrderId is not null) return false;
        var changed = false;
        if (x.ResponseBreachedAt is null && (TicketLifecycle.IsOpen(x.State) || x.RespondedAt is not null) && SlaClock.ResponseBreached(x.ResponseDueAt, x.RespondedAt, now)
            && x.NoteResponseBreach(now))
        {
            db.TicketEvents.Add(desk.Event(x, TicketEventKind.ResponseBreached, now, "SLA", null, null, null));
            changed = true;
        }
        if (x.ResolutionBreachedAt is null && (TicketLifecycle.IsOpen(x.State) || x.ResolvedAt is not null) && SlaClock.ResolutionBreached(x.ResolutionDueAt, x.ResolvedAt, now)
            && x.NoteResolutionBreach(now))
        {
            db.TicketEvents.Add(desk.Event(x, TicketEventKind.ResolutionBreached, now, "SLA", null, null, null));
            changed = true;
        }
        if (!TicketLifecycle.IsOpen(x.State)) return changed;
        if (x.EscalateForBreaches())
        {
            db.TicketEvents.Add(desk.Event(x, TicketEventKind.Escalated, now, "SLA", $"第 {x.EscalationLevel} 级", null, null));
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
        if (parkId is { } p) await desk.ParkForWriteAsync(p, ct);
        var now = desk.Now;
        var q = db.Tickets.Where(x => (x.State == TicketState.New || x.State == TicketState.Acknowledged || x.State == TicketState.InProgress || x.State == TicketState.Reopened)
            && x.WorkOrderId == null
            && ((x.ResponseBreachedAt == null && x.RespondedAt == null && x.ResponseDueAt < now) || (x.ResolutionBreachedAt == null && x.ResolutionDueAt < now)));
        if (parkId is { } pid) q = q.Where(x => x.ParkId == pid);
        var due = await q.OrderBy(x => x.Id).Take(1000).ToListAsync(ct);
        var n = 0;
        foreach (var x in due)
            if (RecordBreaches(x, now)) { x.UpdatedAt = now; n++; }
        await db.SaveChangesAsync(ct);
        await NoticeBreachesAsync(parkId, now, ct);
        return n;
    }

    /// <summary>How far back the sweep looks for a recorded breach nobody was told of yet (a sweep missed, or a breach an action recorded).</summary>
    public static readonly TimeSpan BreachNoticeLookBack = TimeSpan.FromDays(1);

    /// <summary>
    /// A missed deadline of an open ticket, its work still undone, is told to the park's operators and to its assignee (unless the assignee
    /// operates the park and hears of it as one of them), once per ticket and stage: set-wise, keyed
    /// <c>ticket-breach:{id}:{response|resolution}[:assignee]</c>, so a second sweep or a second process gives none twice.
    /// </summary>
    private async Task NoticeBreachesAsync(long? parkId, DateTime now, CancellationToken ct)
    {
        var since = now - BreachNoticeLookBack;
        var q = db.Tickets.AsNoTracking().Where(x => (x.State == TicketState.New || x.State == TicketState.Acknowledged || x.State == TicketState.InProgress || x.State == TicketState.Reopened)
            && x.WorkOrderId == null && (x.ResponseBreachedAt >= since || x.ResolutionBreachedAt >= since));
        if (parkId is { } pid) q = q.Where(x => x.ParkId == pid);
        var breached = await q.OrderBy(x => x.Id).Take(1000)
            .Select(x => new { x.Id, x.ParkId, x.Title, x.AssigneeUserId, x.ResponseBreachedAt, x.ResolutionBreachedAt, x.RespondedAt, x.ResolvedAt }).ToListAsync(ct);
        if (breached.Count == 0) return;
        var operatorsOf = new Dictionary<long, HashSet<long>>();
        foreach (var park in breached.Where(x => x.AssigneeUserId is not null).Select(x => x.ParkId).Distinct())
            operatorsOf[park] = (await desk.AssignableAsync(park, ct)).Where(a => a.Role == "ParkOperator").Select(a => a.UserId).ToHashSet();
        var list = new List<Notice>();
        foreach (var x in breached)
            foreach (var (stage, at, done) in new[] { ("response", x.ResponseBreachedAt, x.RespondedAt), ("resolution", x.ResolutionBreachedAt, x.ResolvedAt) })
            {
                // only a deadline whose work is still undone: a response given since (late) needs no one's attention now
                if (at is null || at < since || done is not null) continue;
                var link = $"/tickets/{x.Id}";
                var what = stage == "response" ? "@TicketEventKind.ResponseBreached" : "@TicketEventKind.ResolutionBreached";
                var key = $"ticket-breach:{x.Id}:{stage}";
                list.Add(Notice.ToOperators(x.ParkId, "TicketBreached", link, x.Title, what) with { DedupeKey = key });
                if (x.AssigneeUserId is { } user && !operatorsOf[x.ParkId].Contains(user))
                    list.Add(Notice.ToUser(x.ParkId, user, "TicketBreached", link, x.Title, what) with { DedupeKey = key + ":assignee" });
            }
        if (list.Count == 0) return;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await notices.SendSetAsync(list, skipGiven: true, ct);
            await tx.CommitAsync(ct);
        }
        catch (System.Data.Common.DbException e)
        {
            // another process told the same breaches at the same moment (the key is unique): they are told once
            log.LogInformation(e, "Breach notices were written by another process");
        }
    }
}
