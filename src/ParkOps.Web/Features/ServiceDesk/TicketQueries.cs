using System.Security.Cryptography;
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

/// <summary>Reading tickets: the board and lists, one ticket with its timeline and the actions the caller may take, assignees.</summary>
public sealed class TicketQueries(ParkOpsDb db, DeskAccess desk, IStringLocalizer<Text> t)
{
    public Task<Ticket> GetAsync(long id, CancellationToken ct) => desk.GetAsync(id, ct);

    public async Task<Page<TicketDto>> ListAsync(long parkId, string? state, string? category, bool? open, long? assigneeUserId, int? page, int? pageSize, CancellationToken ct)
    {
        await desk.ParkForDeskAsync(parkId, ct);
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
        var now = desk.Now;
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
        var ticket = await desk.GetAsync(id, ct);
        var events = await db.TicketEvents.AsNoTracking().Where(e => e.TicketId == id).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(ct);
        var photos = await db.TicketPhotos.AsNoTracking().Where(p => p.TicketId == id).OrderBy(p => p.Id)
            .Select(p => new TicketPhotoDto(p.Id, p.EventId, p.ContentType, p.Size, p.FileName, p.UploadedAt, "")).ToListAsync(ct);
        photos = photos.Select(p => p with { Url = $"/api/v1/tickets/{id}/photos/{p.Id}" }).ToList();
        var timeline = events.Select(e => new TicketEventDto(e.Id, e.Kind, e.At, e.ActorName, e.Body, e.FromState, e.ToState,
            photos.Where(p => p.EventId == e.Id).Select(p => p.Id).ToList())).ToList();
        var handled = await desk.HandledAsync(ticket, ct);
        return new TicketDetail((await ToDtosAsync([ticket], ct))[0], timeline, photos, desk.Offered(ticket, handled));
    }

    public async Task<List<AssigneeDto>> AssigneesAsync(long parkId, CancellationToken ct)
    {
        await desk.ParkForWriteAsync(parkId, ct);
        return await desk.AssignableAsync(parkId, ct);
    }
}
