using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Web.Data;
using ParkOps.Web.Platform;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Enterprises;

/// <summary>Enterprises' to-do items for an operator: admission applications waiting for review, per park.</summary>
public sealed class EnterprisesToDo(ParkOpsDb db, IStringLocalizer<Text> t) : IToDoSource
{
    public async Task<IReadOnlyList<ToDoItem>> ItemsAsync(ToDoAsk ask, CancellationToken ct)
    {
        if (!ask.Operates) return [];
        var parks = ask.OperatedParks;
        var applicants = await db.Enterprises.AsNoTracking()
            .Where(e => (parks == null || parks.Contains(e.ParkId)) && e.Status == EnterpriseStatus.Applicant)
            .GroupBy(e => e.ParkId).Select(g => new { ParkId = g.Key, Count = g.Count() }).ToListAsync(ct);
        return applicants.OrderBy(a => a.ParkId).Select(a => new ToDoItem("enterprises.applicants", t["ToDo.Applicants", a.Count],
            $"/parks/{a.ParkId}/enterprises?status={EnterpriseStatus.Applicant}", ToDoUrgency.Open, a.Count, ParkId: a.ParkId) { Role = ToDoRoles.Operator }).ToList();
    }
}
