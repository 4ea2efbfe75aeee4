using System.Security.Cryptography;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Rules;
using ParkOps.Domain.ServiceDesk;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Features.Users;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Resources;
using static ParkOps.Web.Features.ServiceDesk.DeskAccess;

namespace ParkOps.Web.Features.ServiceDesk;

/// <summary>Reading tickets: the board and lists, one ticket with its timeline and the actions the caller may take, assignees.</summary>
public sealed class TicketQueries(ParkOpsDb db, DeskAccess desk, IStringLocalizer<Text> t)
{
    public Task<Ticket> GetAsync(long id, CancellationToken ct) => desk.GetAsync(id, ct);

    public Task<Page<TicketDto>> ListAsync(long parkId, string? state, string? category, bool? open, long? assigneeUserId, int? page, int? pageSize, CancellationToken ct) =>
        ListAsync(parkId, new TicketFilter(state, category, open, assigneeUserId), page, pageSize, ct);

    /// <summary>
    /// Tickets of a park through a filter (state, category, assignee, enterprise, words of the title, description,
    /// requester or reference) in the order asked (<see cref="TicketFilter.Sorts"/>); without one the board comes by time
    /// to breach and the full list newest first.
    /// </summary>
    public async Task<Page<TicketDto>> ListAsync(long parkId, TicketFilter f, int? page, int? pageSize, CancellationToken ct)
    {
        await desk.ParkForDeskAsync(parkId, ct);
        var q = db.Tickets.AsNoTracking().Where(x => x.ParkId == parkId);
        if (!string.IsNullOrWhiteSpace(f.State))
        {
            if (!Enum.TryParse<TicketState>(f.State, true, out var st) || int.TryParse(f.State, out _))
                throw new ValidationException([new ValidationFailure("state", t["Val.Unknown"])]);
            q = q.Where(x => x.State == st);
        }
        if (!string.IsNullOrWhiteSpace(f.Category))
        {
            var c = TicketNames.Category(f.Category) ?? throw new ValidationException([new ValidationFailure("category", t["Val.TicketCategory"])]);
            q = q.Where(x => x.Category == c);
        }
        if (f.AssigneeUserId is { } a) q = q.Where(x => x.AssigneeUserId == a);
        if (f.EnterpriseId is { } e) q = q.Where(x => x.EnterpriseId == e);
        if (!string.IsNullOrWhiteSpace(f.Search))
        {
            var s = f.Search.Trim();
            if (s.Length > TicketFilter.MaxSearch) throw new ValidationException([new ValidationFailure("search", t["Val.MaxLength", TicketFilter.MaxSearch])]);
            // a reference as the list prints it (T000123) finds its ticket; any other words, the tickets that carry them
            long? id = s.Length > 1 && (s[0] is 'T' or 't') && long.TryParse(s.AsSpan(1), out var n) ? n : null;
            q = q.Where(x => x.Id == id || x.Title.Contains(s) || x.Description.Contains(s) || x.RequesterName.Contains(s));
        }
        if (f.Open == true)
            q = q.Where(x => (x.State == TicketState.New || x.State == TicketState.Acknowledged || x.State == TicketState.InProgress || x.State == TicketState.Reopened) && x.WorkOrderId == null);
        var sort = string.IsNullOrWhiteSpace(f.Sort) ? (f.Open == true ? "due" : "created") : f.Sort.Trim().ToLowerInvariant();
        // "created" and "severity" read newest / worst first unless asked the other way; "due" soonest first
        var desc = f.Desc ?? sort is "created" or "severity";
        q = sort switch
        {
            // the board: by time to breach (a request turned into a work order lives on as the work order)
            "due" => desc ? q.OrderByDescending(x => x.RespondedAt == null ? x.ResponseDueAt : x.ResolutionDueAt).ThenByDescending(x => x.Id)
                : q.OrderBy(x => x.RespondedAt == null ? x.ResponseDueAt : x.ResolutionDueAt).ThenBy(x => x.Id),
            "created" => desc ? q.OrderByDescending(x => x.CreatedAt).ThenByDescending(x => x.Id) : q.OrderBy(x => x.CreatedAt).ThenBy(x => x.Id),
            // enums are stored by name: rank them in their own order, not the alphabet's
            "severity" => desc ? q.OrderByDescending(SeverityRank).ThenByDescending(x => x.CreatedAt).ThenByDescending(x => x.Id)
                : q.OrderBy(SeverityRank).ThenByDescending(x => x.CreatedAt).ThenByDescending(x => x.Id),
            "state" => desc ? q.OrderByDescending(StateRank).ThenByDescending(x => x.CreatedAt).ThenByDescending(x => x.Id)
                : q.OrderBy(StateRank).ThenByDescending(x => x.CreatedAt).ThenByDescending(x => x.Id),
            _ => throw new ValidationException([new ValidationFailure("sort", t["Val.Unknown"])]),
        };
        var p = await q.ToPageAsync(page, pageSize, ct, defaultSize: 50);
        return new Page<TicketDto>(await ToDtosAsync(p.Items, ct), p.Total, p.PageNumber, p.PageSize);
    }

    private static readonly System.Linq.Expressions.Expression<Func<Ticket, int>> SeverityRank = x =>
        x.Severity == TicketSeverity.Low ? 0 : x.Severity == TicketSeverity.Normal ? 1 : x.Severity == TicketSeverity.High ? 2 : 3;

    private static readonly System.Linq.Expressions.Expression<Func<Ticket, int>> StateRank = x =>
        x.State == TicketState.New ? 0 : x.State == TicketState.Reopened ? 1 : x.State == TicketState.Acknowledged ? 2 : x.State == TicketState.InProgress ? 3
        : x.State == TicketState.Resolved ? 4 : 5;

    /// <summary>The enterprises that have tickets in the park (the list's enterprise filter), by name; a tenant sees its own.</summary>
    public async Task<List<KeyValuePair<long, string>>> TicketEnterprisesAsync(long parkId, CancellationToken ct)
    {
        await desk.ParkForDeskAsync(parkId, ct);
        var ids = await db.Tickets.AsNoTracking().Where(x => x.ParkId == parkId && x.EnterpriseId != null).Select(x => x.EnterpriseId!.Value).Distinct().ToListAsync(ct);
        var names = await db.Enterprises.IgnoreQueryFilters().Where(e => ids.Contains(e.Id)).Select(e => new { e.Id, e.Name }).ToListAsync(ct);
        return names.OrderBy(n => n.Name, StringComparer.Ordinal).Select(n => new KeyValuePair<long, string>(n.Id, n.Name)).ToList();
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

/// <summary>What a ticket list is filtered and sorted by (all optional); <see cref="Sort"/> one of <see cref="Sorts"/>.</summary>
public sealed record TicketFilter(string? State = null, string? Category = null, bool? Open = null, long? AssigneeUserId = null, long? EnterpriseId = null,
    string? Search = null, string? Sort = null, bool? Desc = null)
{
    public const int MaxSearch = 100;
    public static readonly string[] Sorts = ["created", "due", "severity", "state"];
}
