using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Booking;
using ParkOps.Web.Data;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Platform;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Booking;

/// <summary>
/// Booking's to-do items: a tenant's bookings in the next <see cref="AheadDays"/> days (confirmed or awaiting approval);
/// an operator's bookings waiting for approval per park.
/// </summary>
public sealed class BookingToDo(ParkOpsDb db, IStringLocalizer<Text> t) : IToDoSource
{
    public const int AheadDays = 7;
    /// <summary>Bookings listed one by one; the rest of the week is one item.</summary>
    public const int Shown = 3;

    public async Task<IReadOnlyList<ToDoItem>> ItemsAsync(ToDoAsk ask, CancellationToken ct)
    {
        var items = new List<ToDoItem>();
        var own = ask.Actor.EnterpriseIds;
        if (own.Length > 0)
        {
            var until = ask.Now.AddDays(AheadDays);
            var ahead = await db.Bookings.AsNoTracking()
                .Where(b => own.Contains(b.EnterpriseId) && (b.State == BookingState.Confirmed || b.State == BookingState.PendingApproval) && b.End > ask.Now && b.Start < until)
                .OrderBy(b => b.Start).ThenBy(b => b.Id).Take(Shown + 50)
                .Join(db.Resources.AsNoTracking(), b => b.ResourceId, r => r.Id, (b, r) => new { b.Id, b.ParkId, b.Start, b.End, b.State, r.Name })
                .ToListAsync(ct);
            foreach (var b in ahead.OrderBy(b => b.Start).ThenBy(b => b.Id).Take(Shown))
            {
                var start = Time.ToShanghai(b.Start);
                var when = $"{start:MM-dd HH:mm}–{Time.ToShanghai(b.End):HH:mm}";
                var title = b.State == BookingState.PendingApproval ? t["ToDo.BookingPending", b.Name, when] : t["ToDo.BookingAhead", b.Name, when];
                items.Add(new ToDoItem("bookings.upcoming", title, $"/parks/{b.ParkId}/bookings/mine", b.Start <= ask.Now.AddDays(1) ? ToDoUrgency.Soon : ToDoUrgency.Information,
                    DueAt: b.Start, Detail: ToDoText.Left(t, b.Start, ask.Now), ParkId: b.ParkId));
            }
            // the rest of the week in one line, to the caller's list of bookings
            foreach (var park in ahead.OrderBy(b => b.Start).ThenBy(b => b.Id).Skip(Shown).GroupBy(b => b.ParkId))
                items.Add(new ToDoItem("bookings.more", t["ToDo.BookingsMore", park.Count(), AheadDays], $"/parks/{park.Key}/bookings/mine", ToDoUrgency.Information, park.Count(),
                    DueAt: park.Min(b => b.Start), ParkId: park.Key));
        }
        if (ask.Operates)
        {
            var parks = ask.OperatedParks;
            var pending = await db.Bookings.AsNoTracking()
                .Where(b => (parks == null || parks.Contains(b.ParkId)) && b.State == BookingState.PendingApproval && b.End > ask.Now)
                .GroupBy(b => b.ParkId).Select(g => new { ParkId = g.Key, Count = g.Count(), First = g.Min(b => b.Start) }).ToListAsync(ct);
            items.AddRange(pending.OrderBy(p => p.ParkId).Select(p => new ToDoItem("bookings.approvals", t["ToDo.BookingApprovals", p.Count], $"/parks/{p.ParkId}/bookings/approvals",
                ToDoUrgency.Soon, p.Count, DueAt: p.First, ParkId: p.ParkId) { Role = ToDoRoles.Operator }));
        }
        return items;
    }
}
