using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.ServiceDesk;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Features.Users;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Features.ServiceDesk;

/// <summary>
/// Who the caller is to the desk and to one ticket, shared by the desk's use cases: the park check, the caller's party
/// to a ticket (what <see cref="TicketActions"/> names), the timeline's event rows and the actor's display name.
/// </summary>
public sealed class DeskAccess(ParkOpsDb db, EnterpriseService enterprises, TimeProvider clock)
{
    public ActorScope Actor => db.Actor;
    public DateTime Now => clock.GetUtcNow().UtcDateTime;

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

    public Task ParkForWriteAsync(long parkId, CancellationToken ct) => enterprises.ParkForWriteAsync(parkId, ct);

    public Task ParkForReadAsync(long parkId, CancellationToken ct) => enterprises.ParkForReadAsync(parkId, ct);

    public async Task<Ticket> GetAsync(long id, CancellationToken ct) =>
        await db.Tickets.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("Ticket", id);

    /// <summary>Every party the caller is to the ticket (an operator who also holds the requester's role is both).</summary>
    public TicketParty PartyOf(Ticket x) =>
        (Actor.CanOperatePark(x.ParkId) ? TicketParty.Operator : TicketParty.None)
        | (x.AssigneeUserId is { } a && a == Actor.UserId ? TicketParty.Assignee : TicketParty.None)
        | (x.EnterpriseId is { } e && Actor.EnterpriseIds.Contains(e) ? TicketParty.RequesterSide : TicketParty.None);

    public bool IsRequester(Ticket x) => x.RequesterUserId is { } r && r == Actor.UserId;

    /// <summary>Whether the caller took part in handling the ticket (staff): such a person never rates it.</summary>
    public async Task<bool> HandledAsync(Ticket x, CancellationToken ct)
    {
        if ((PartyOf(x) & (TicketParty.Operator | TicketParty.Assignee)) != TicketParty.None) return true;
        if (Actor.UserId is not { } uid) return false;
        return await db.TicketEvents.AnyAsync(e => e.TicketId == x.Id && e.ActorUserId == uid && (e.Kind == TicketEventKind.Acknowledged
            || e.Kind == TicketEventKind.Started || e.Kind == TicketEventKind.Resolved || e.Kind == TicketEventKind.Assigned), ct);
    }

    /// <summary>The actions to offer the caller now: the caller's party may try it, and the ticket's state leaves room for it.</summary>
    public IReadOnlyList<string> Offered(Ticket x, bool handled)
    {
        var party = PartyOf(x);
        return TicketActions.All.Where(r => r.Permits(party) && x.Allows(r)
            && (r.Action != TicketAction.Rate || (IsRequester(x) && !handled))).Select(r => r.Name).ToList();
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

    public async Task<string> ActorNameAsync(CancellationToken ct) =>
        Actor.UserId is { } uid ? await db.Users.AsNoTracking().Where(u => u.Id == uid).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? Actor.UserName : Actor.UserName;

    /// <summary>A timeline row; "SLA" is the sweep, which acts for nobody.</summary>
    public TicketEvent Event(Ticket x, TicketEventKind kind, DateTime at, string? actorName, string? body, TicketState? from, TicketState? to) => new()
    {
        ParkId = x.ParkId, TicketId = x.Id, Kind = kind, At = at, ActorUserId = actorName == "SLA" ? null : Actor.UserId,
        ActorName = actorName ?? x.RequesterName, Body = body, FromState = from, ToState = to,
    };

    public static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    public static string? Join(string? a, string? b) => Clean(a) is { } x ? Clean(b) is { } y ? $"{x} · {y}" : x : Clean(b);
}
