using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.ServiceDesk;
using ParkOps.Web.Data;
using ParkOps.Web.Platform;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.ServiceDesk;

/// <summary>
/// The service desk's to-do items: a requester's closed tickets awaiting its rating; an operator's breached and
/// unassigned open tickets per park; a contractor's tickets assigned to it, by time to breach ("剩余 4 天 20 小时").
/// </summary>
public sealed class DeskToDo(ParkOpsDb db, IStringLocalizer<Text> t) : IToDoSource
{
    /// <summary>A ticket due within this many hours is "soon".</summary>
    public const int SoonHours = 24;

    public async Task<IReadOnlyList<ToDoItem>> ItemsAsync(ToDoAsk ask, CancellationToken ct)
    {
        var items = new List<ToDoItem>();
        var me = ask.Actor.UserId;
        var own = ask.Actor.EnterpriseIds;
        if (me is not null && own.Length > 0)
        {
            // only the requester rates (TicketRules.EnsureCanRate), once, after closure
            var toRate = await db.Tickets.AsNoTracking()
                .Where(x => x.RequesterUserId == me && x.EnterpriseId != null && own.Contains(x.EnterpriseId.Value) && x.State == TicketState.Closed && x.Rating == null)
                .OrderByDescending(x => x.ClosedAt).Take(10).Select(x => new { x.Id, x.ParkId, x.Title, x.ClosedAt }).ToListAsync(ct);
            items.AddRange(toRate.Select(x => new ToDoItem("tickets.rate", t["ToDo.TicketRate", TicketNames.Reference(x.Id), x.Title], $"/tickets/{x.Id}",
                ToDoUrgency.Open, ParkId: x.ParkId)));
        }
        if (me is not null && ask.Actor.ContractorParkIds.Length > 0)
        {
            var mine = await Open(db.Tickets.AsNoTracking()).Where(x => x.AssigneeUserId == me)
                .Select(x => new { x.Id, x.ParkId, x.Title, Due = x.RespondedAt == null ? x.ResponseDueAt : x.ResolutionDueAt })
                .OrderBy(x => x.Due).ThenBy(x => x.Id).Take(30).ToListAsync(ct);
            items.AddRange(mine.Select(x => new ToDoItem("tickets.assigned", t["ToDo.TicketAssigned", TicketNames.Reference(x.Id), x.Title], $"/tickets/{x.Id}",
                x.Due < ask.Now ? ToDoUrgency.Overdue : x.Due <= ask.Now.AddHours(SoonHours) ? ToDoUrgency.Soon : ToDoUrgency.Open,
                DueAt: x.Due, Detail: ToDoText.Left(t, x.Due, ask.Now), ParkId: x.ParkId) { Role = ToDoRoles.Contractor }));
        }
        if (ask.Operates)
        {
            var parks = ask.OperatedParks;
            var open = await Open(db.Tickets.AsNoTracking()).Where(x => parks == null || parks.Contains(x.ParkId))
                .Select(x => new { x.ParkId, x.State, x.AssigneeUserId, Due = x.RespondedAt == null ? x.ResponseDueAt : x.ResolutionDueAt }).ToListAsync(ct);
            foreach (var park in open.GroupBy(x => x.ParkId).OrderBy(g => g.Key))
            {
                var late = park.Where(x => x.Due < ask.Now).ToList();
                if (late.Count > 0)
                    items.Add(new ToDoItem("tickets.breached", t["ToDo.TicketsBreached", late.Count], $"/parks/{park.Key}/tickets", ToDoUrgency.Overdue, late.Count,
                        DueAt: late.Min(x => x.Due), ParkId: park.Key) { Role = ToDoRoles.Operator });
                var unassigned = park.Count(x => x.AssigneeUserId == null && x.State == TicketState.New);
                if (unassigned > 0)
                    items.Add(new ToDoItem("tickets.unassigned", t["ToDo.TicketsUnassigned", unassigned], $"/parks/{park.Key}/tickets?state=New", ToDoUrgency.Soon, unassigned,
                        ParkId: park.Key) { Role = ToDoRoles.Operator });
            }
        }
        return items;
    }

    /// <summary>Open tickets as the board shows them (a request turned into a work order lives on as the work order).</summary>
    private static IQueryable<Ticket> Open(IQueryable<Ticket> q) =>
        q.Where(x => (x.State == TicketState.New || x.State == TicketState.Acknowledged || x.State == TicketState.InProgress || x.State == TicketState.Reopened) && x.WorkOrderId == null);
}
