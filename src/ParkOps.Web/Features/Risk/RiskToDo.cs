using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Risk;
using ParkOps.Web.Data;
using ParkOps.Web.Platform;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Risk;

/// <summary>
/// Risk's to-do items: an operator's open high alerts per park (to the alert inbox, filtered); a government viewer's
/// parks with open high alerts (a count, to the park's risk summary; no firm named).
/// </summary>
public sealed class RiskToDo(ParkOpsDb db, IStringLocalizer<Text> t) : IToDoSource
{
    public async Task<IReadOnlyList<ToDoItem>> ItemsAsync(ToDoAsk ask, CancellationToken ct)
    {
        var governed = ask.GovernedParks;
        if (!ask.Operates && governed.Length == 0) return [];
        var operated = ask.OperatedParks;
        // counts only, read past the scope filter for the government viewer's parks (the summary page shows the same counts)
        var counts = await db.Set<RiskAlert>().IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.Severity == AlertSeverity.High && a.State == AlertState.Open
                && ((ask.Operates && (operated == null || operated.Contains(a.ParkId))) || governed.Contains(a.ParkId)))
            .GroupBy(a => a.ParkId).Select(g => new { ParkId = g.Key, Count = g.Count(), First = g.Min(a => a.RaisedAt) }).ToListAsync(ct);
        return counts.OrderBy(c => c.ParkId).Select(c => ask.Actor.CanOperatePark(c.ParkId)
            ? new ToDoItem("alerts.high", t["ToDo.AlertsHigh", c.Count], $"/parks/{c.ParkId}/risk?severity=high&state=open", ToDoUrgency.Soon, c.Count, DueAt: c.First, ParkId: c.ParkId) { Role = ToDoRoles.Operator }
            : new ToDoItem("parks.alerts", t["ToDo.ParkAlertsHigh", c.Count], $"/parks/{c.ParkId}/risk-summary", ToDoUrgency.Soon, c.Count, DueAt: c.First, ParkId: c.ParkId) { Role = ToDoRoles.Government })
            .ToList();
    }
}
