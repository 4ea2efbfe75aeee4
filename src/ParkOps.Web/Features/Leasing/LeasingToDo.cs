using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Web.Data;
using ParkOps.Web.Platform;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Leasing;

/// <summary>
/// Leasing's to-do items for an operator, per park: leases ending within <see cref="ExpiringDays"/> days (the 7- and
/// 30-day reminder stages), lease intents waiting for approval, and exit settlements submitted for approval.
/// </summary>
public sealed class LeasingToDo(ParkOpsDb db, IStringLocalizer<Text> t) : IToDoSource
{
    public const int ExpiringDays = 30;

    public async Task<IReadOnlyList<ToDoItem>> ItemsAsync(ToDoAsk ask, CancellationToken ct)
    {
        if (!ask.Operates) return [];
        var items = new List<ToDoItem>();
        var parks = ask.OperatedParks;
        var until = ask.Today.AddDays(ExpiringDays);
        var leases = await db.Leases.AsNoTracking()
            .Where(l => (parks == null || parks.Contains(l.ParkId))
                && (((l.State == LeaseState.Active || l.State == LeaseState.Signed) && l.EndDate >= ask.Today && l.EndDate <= until) || l.State == LeaseState.Intent))
            .Select(l => new { l.ParkId, l.State, l.EndDate }).ToListAsync(ct);
        foreach (var park in leases.GroupBy(l => l.ParkId).OrderBy(g => g.Key))
        {
            var ending = park.Where(l => l.State != LeaseState.Intent).ToList();
            if (ending.Count > 0)
            {
                var first = ending.Min(l => l.EndDate);
                items.Add(new ToDoItem("leases.expiring", t["ToDo.LeasesExpiring", ending.Count, ExpiringDays, first.ToString("yyyy-MM-dd")], $"/parks/{park.Key}/leases?expiring={ExpiringDays}",
                    first.DayNumber - ask.Today.DayNumber <= 7 ? ToDoUrgency.Soon : ToDoUrgency.Open, ending.Count, DueDate: first, ParkId: park.Key) { Role = ToDoRoles.Operator });
            }
            var intents = park.Count(l => l.State == LeaseState.Intent);
            if (intents > 0)
                items.Add(new ToDoItem("leases.intents", t["ToDo.LeaseIntents", intents], $"/parks/{park.Key}/leases?state=Intent", ToDoUrgency.Open, intents, ParkId: park.Key) { Role = ToDoRoles.Operator });
        }
        var settlements = await db.LeaseSettlements.AsNoTracking()
            .Where(s => (parks == null || parks.Contains(s.ParkId)) && s.State == SettlementState.Submitted)
            .Select(s => new { s.ParkId, s.LeaseId, s.SubmittedAt }).ToListAsync(ct);
        foreach (var park in settlements.GroupBy(s => s.ParkId).OrderBy(g => g.Key))
        {
            var n = park.Count();
            var link = n == 1 ? $"/leases/{park.First().LeaseId}/settlement" : $"/parks/{park.Key}/leases?state=Terminated";
            items.Add(new ToDoItem("settlements.approve", t["ToDo.SettlementsToApprove", n], link, ToDoUrgency.Soon, n, ParkId: park.Key) { Role = ToDoRoles.Operator });
        }
        return items;
    }
}
