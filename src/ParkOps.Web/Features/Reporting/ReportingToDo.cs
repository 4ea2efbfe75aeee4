using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Monitoring;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Enterprises.Contracts;
using ParkOps.Web.Platform;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Reporting;

/// <summary>
/// Reporting's to-do items for the last ended quarter: a tenant's report not yet submitted (with its due date, the 20th
/// of the month after); an operator's firms that have not submitted, per park; a government viewer's parks whose
/// quarterly submission is missing after the due date or counts late and missing firms (counts only).
/// </summary>
public sealed class ReportingToDo(ParkOpsDb db, IStringLocalizer<Text> t, IEnterpriseDirectory directory, IParkRoster roster) : IToDoSource
{
    /// <summary>A report due within this many days is "soon".</summary>
    public const int SoonDays = 14;
    /// <summary>The most parks whose roster an operator's (or the admin's) to-do reads.</summary>
    public const int MaxParks = 20;

    public async Task<IReadOnlyList<ToDoItem>> ItemsAsync(ToDoAsk ask, CancellationToken ct)
    {
        var items = new List<ToDoItem>();
        var q = Quarter.Of(ask.Today).Previous;
        var due = ReportRules.DueDate(q);
        var urgency = ask.Today > due ? ToDoUrgency.Overdue : due.DayNumber - ask.Today.DayNumber <= SoonDays ? ToDoUrgency.Soon : ToDoUrgency.Open;
        var own = ask.Actor.EnterpriseIds;
        if (own.Length > 0)
        {
            var cards = await directory.CardsAsync(own, ct);
            var reporting = cards.Values.Where(c => c.InPark).Select(c => c.Id).ToArray();
            var filed = await db.Set<QuarterlyReport>().AsNoTracking()
                .Where(r => reporting.Contains(r.EnterpriseId) && r.Year == q.Year && r.QuarterNumber == q.Number && r.State == ReportState.Submitted)
                .Select(r => r.EnterpriseId).ToListAsync(ct);
            foreach (var e in reporting.Except(filed).Order())
                items.Add(new ToDoItem("reports.due", t["ToDo.ReportDue", q.ToChinese(), due.ToString("yyyy-MM-dd"), q.ToString()], $"/reporting/enterprises/{e}/reports/{q}",
                    urgency, DueDate: due, ParkId: cards[e].ParkId));
        }
        if (ask.Operates)
        {
            var parks = ask.OperatedParks ?? (await directory.ParkIdsAsync(ct)).ToArray();
            var filed = await db.Set<QuarterlyReport>().AsNoTracking()
                .Where(r => parks.Contains(r.ParkId) && r.Year == q.Year && r.QuarterNumber == q.Number && r.State == ReportState.Submitted)
                .Select(r => r.EnterpriseId).ToListAsync(ct);
            var done = filed.ToHashSet();
            foreach (var park in parks.Order().Take(MaxParks))
            {
                var missing = (await roster.ParkRosterAsync(park, ct)).Count(e => e.Reports && !done.Contains(e.Id));
                if (missing > 0)
                    items.Add(new ToDoItem("reports.missing", t["ToDo.ReportsMissing", missing, q.ToChinese(), due.ToString("yyyy-MM-dd"), q.ToString()], $"/parks/{park}/reporting?period={q}",
                        urgency, missing, DueDate: due, ParkId: park) { Role = ToDoRoles.Operator });
            }
        }
        var governed = ask.GovernedParks;
        if (governed.Length > 0 && ask.Today > due)
        {
            // the park's own submission to the county: counts only, read past the scope filter as the county's page does
            var sent = await db.Set<ReportSubmission>().IgnoreQueryFilters().AsNoTracking()
                .Where(s => governed.Contains(s.ParkId) && s.Year == q.Year && s.QuarterNumber == q.Number)
                .Select(s => new { s.ParkId, s.State, s.EnterprisesMissing, s.EnterprisesLate }).ToListAsync(ct);
            foreach (var park in governed.Order())
            {
                var s = sent.FirstOrDefault(x => x.ParkId == park);
                if (s is null || s.State is SubmissionState.Draft or SubmissionState.Returned)
                    items.Add(new ToDoItem("parks.submission", t["ToDo.ParkSubmissionMissing", q.ToChinese(), due.ToString("yyyy-MM-dd"), q.ToString()], $"/parks/{park}/reporting/submissions",
                        ToDoUrgency.Overdue, DueDate: due, ParkId: park) { Role = ToDoRoles.Government });
                else if (s.EnterprisesMissing + s.EnterprisesLate > 0)
                    items.Add(new ToDoItem("parks.late-reports", t["ToDo.ParkLateReports", q.ToChinese(), s.EnterprisesMissing, s.EnterprisesLate, q.ToString()], $"/parks/{park}/reporting/submissions",
                        ToDoUrgency.Open, s.EnterprisesMissing + s.EnterprisesLate, DueDate: due, ParkId: park) { Role = ToDoRoles.Government });
            }
        }
        return items;
    }
}
