using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Web.Data;
using ParkOps.Web.Platform;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Billing;

/// <summary>
/// Billing's to-do items: a tenant's open bills (what it owes and by when, overdue first); an operator's overdue and
/// unpaid bills per park (linking to the bill list's standing filters); a government viewer's parks whose overdue share
/// of the last year's billing reaches <see cref="AttentionShare"/> (totals only, no firm named).
/// </summary>
public sealed class BillingToDo(ParkOpsDb db, IStringLocalizer<Text> t) : IToDoSource
{
    /// <summary>Overdue outstanding over the year's billed total from which a government viewer is asked to look at a park.</summary>
    public const decimal AttentionShare = 0.05m;
    /// <summary>Bills due within this many days are "soon".</summary>
    public const int SoonDays = 7;

    public async Task<IReadOnlyList<ToDoItem>> ItemsAsync(ToDoAsk ask, CancellationToken ct)
    {
        var items = new List<ToDoItem>();
        var own = ask.Actor.EnterpriseIds;
        if (own.Length > 0)
        {
            var bills = await db.Bills.AsNoTracking()
                .Where(b => own.Contains(b.EnterpriseId) && (b.State == BillState.Issued || b.State == BillState.PartiallyPaid))
                .Select(b => new { b.Id, b.ParkId, b.Month, b.Total, b.Paid, b.DueDate }).ToListAsync(ct);
            foreach (var b in bills.Where(b => b.Total > b.Paid).OrderBy(b => b.DueDate).ThenBy(b => b.Id).Take(12))
            {
                var owed = b.Total - b.Paid;
                var late = ask.Today.DayNumber - b.DueDate.DayNumber;
                var month = b.Month.ToString("yyyy-MM");
                var title = late > 0 ? t["ToDo.BillOverdue", month, owed.ToString("N2"), late] : t["ToDo.BillDue", month, owed.ToString("N2"), b.DueDate.ToString("yyyy-MM-dd")];
                items.Add(new ToDoItem("bills.owed", title, $"/bills/{b.Id}", late > 0 ? ToDoUrgency.Overdue : -late <= SoonDays ? ToDoUrgency.Soon : ToDoUrgency.Open,
                    1, owed, b.DueDate, ParkId: b.ParkId));
            }
        }
        if (ask.Operates)
        {
            var parks = ask.OperatedParks;
            var open = await db.Bills.AsNoTracking()
                .Where(b => (parks == null || parks.Contains(b.ParkId)) && (b.State == BillState.Issued || b.State == BillState.PartiallyPaid))
                .Select(b => new { b.ParkId, b.Total, b.Paid, b.DueDate }).ToListAsync(ct);
            foreach (var park in open.Where(b => b.Total > b.Paid).GroupBy(b => b.ParkId).OrderBy(g => g.Key))
            {
                // decimals are summed here: SQLite cannot sum them in SQL
                var overdue = park.Where(b => b.DueDate < ask.Today).ToList();
                if (overdue.Count > 0)
                    items.Add(new ToDoItem("bills.overdue", t["ToDo.BillsOverdue", overdue.Count, overdue.Sum(b => b.Total - b.Paid).ToString("N2")],
                        $"/parks/{park.Key}/bills?standing=overdue", ToDoUrgency.Overdue, overdue.Count, overdue.Sum(b => b.Total - b.Paid),
                        overdue.Min(b => b.DueDate), ParkId: park.Key) { Role = ToDoRoles.Operator });
                var notYet = park.Where(b => b.DueDate >= ask.Today).ToList();
                if (notYet.Count > 0)
                    items.Add(new ToDoItem("bills.unpaid", t["ToDo.BillsUnpaid", notYet.Count, notYet.Sum(b => b.Total - b.Paid).ToString("N2")],
                        $"/parks/{park.Key}/bills?standing=unpaid", ToDoUrgency.Open, notYet.Count, notYet.Sum(b => b.Total - b.Paid),
                        notYet.Min(b => b.DueDate), ParkId: park.Key) { Role = ToDoRoles.Operator });
            }
        }
        var governed = ask.GovernedParks;
        if (governed.Length > 0)
        {
            // totals read past the bills' scope filter (a government viewer sees no bill), as IParkArrears does; no firm is named
            var from = ask.Today.AddDays(-365);
            var rows = await db.Bills.IgnoreQueryFilters().AsNoTracking()
                .Where(b => governed.Contains(b.ParkId) && b.State != BillState.Cancelled && b.DueDate >= from)
                .Select(b => new { b.ParkId, b.State, b.Total, b.Paid, b.DueDate }).ToListAsync(ct);
            foreach (var park in rows.GroupBy(b => b.ParkId).OrderBy(g => g.Key))
            {
                var billed = park.Sum(b => b.Total);
                var overdue = park.Where(b => b.State is BillState.Issued or BillState.PartiallyPaid && b.DueDate < ask.Today).Sum(b => b.Total - b.Paid);
                if (billed <= 0 || overdue / billed < AttentionShare) continue;
                var share = overdue / billed;
                items.Add(new ToDoItem("parks.arrears", t["ToDo.ParkArrears", overdue.ToString("N2"), share.ToString("P1")], $"/parks/{park.Key}/arrears",
                    share >= 2 * AttentionShare ? ToDoUrgency.Overdue : ToDoUrgency.Soon, 1, overdue, ParkId: park.Key) { Role = ToDoRoles.Government });
            }
        }
        return items;
    }
}
