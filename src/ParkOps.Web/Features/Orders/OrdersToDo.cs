using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Orders;
using ParkOps.Web.Data;
using ParkOps.Web.Platform;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Orders;

/// <summary>
/// Unified orders' to-do items. A tenant: each part offered to one of its enterprises that waits for its answer (the
/// order cannot go into production before every part is answered, <see cref="UnifiedOrderRules.Next"/>). An operator:
/// each order of its parks whose next step is the operator's — every part answered (start production, or re-split when
/// none was accepted), production past the due date, a delivered order without the customer's payment, a paid order
/// to settle. Two narrow queries; a part names only the caller's own enterprise's figures.
/// </summary>
public sealed class OrdersToDo(ParkOpsDb db, IStringLocalizer<Text> t) : IToDoSource
{
    public const string AnswerKind = "orders.answer", ReadyKind = "orders.ready", ResplitKind = "orders.resplit",
        LateKind = "orders.late", PaymentKind = "orders.payment", SettleKind = "orders.settle";

    public async Task<IReadOnlyList<ToDoItem>> ItemsAsync(ToDoAsk ask, CancellationToken ct)
    {
        var items = new List<ToDoItem>();
        var own = ask.Actor.EnterpriseIds;
        if (own.Length > 0)
        {
            var offered = await db.Set<UnifiedOrderPart>().AsNoTracking()
                .Where(p => own.Contains(p.EnterpriseId) && p.State == UnifiedOrderPartState.Offered)
                .Join(db.Set<UnifiedOrder>().AsNoTracking().Where(o => o.State == UnifiedOrderState.Allocated), p => p.OrderId, o => o.Id,
                    (p, o) => new { o.Id, o.ParkId, o.Product, o.Unit, o.DueOn, p.Work, p.Quantity, p.Amount })
                .OrderBy(x => x.DueOn).ThenBy(x => x.Id).Take(20).ToListAsync(ct);
            items.AddRange(offered.Select(x => new ToDoItem(AnswerKind, t["ToDo.OrderPartAnswer", x.Product, x.Work, x.Quantity.ToString("0.##"), x.Unit, x.Amount.ToString("N2")],
                $"/my/unified-orders/{x.Id}", ToDoUrgency.Soon, Amount: x.Amount, DueDate: x.DueOn, ParkId: x.ParkId)));
        }
        if (ask.Operates)
        {
            var parks = ask.OperatedParks;
            var open = new[] { UnifiedOrderState.Allocated, UnifiedOrderState.InProduction, UnifiedOrderState.Delivered };
            var orders = await db.Set<UnifiedOrder>().AsNoTracking()
                .Where(o => (parks == null || parks.Contains(o.ParkId)) && open.Contains(o.State))
                .Select(o => new
                {
                    o.Id, o.ParkId, o.Product, o.State, o.DueOn, Paid = o.PaidAmount != null,
                    Offered = db.Set<UnifiedOrderPart>().Count(p => p.OrderId == o.Id && p.State == UnifiedOrderPartState.Offered),
                    Accepted = db.Set<UnifiedOrderPart>().Count(p => p.OrderId == o.Id && p.State == UnifiedOrderPartState.Accepted),
                })
                .OrderBy(o => o.DueOn).ThenBy(o => o.Id).Take(50).ToListAsync(ct);
            foreach (var o in orders)
            {
                var late = o.DueOn < ask.Today;
                (string Kind, string Title, ToDoUrgency Urgency)? item = o.State switch
                {
                    UnifiedOrderState.Allocated when o.Offered == 0 && o.Accepted > 0 => (ReadyKind, t["ToDo.OrderReady", o.Product], ToDoUrgency.Open),
                    UnifiedOrderState.Allocated when o.Offered == 0 => (ResplitKind, t["ToDo.OrderResplit", o.Product], ToDoUrgency.Soon),
                    UnifiedOrderState.InProduction when late => (LateKind, t["ToDo.OrderLate", o.Product, o.DueOn.ToString("yyyy-MM-dd")], ToDoUrgency.Overdue),
                    UnifiedOrderState.Delivered when !o.Paid => (PaymentKind, t["ToDo.OrderPayment", o.Product], ToDoUrgency.Open),
                    UnifiedOrderState.Delivered => (SettleKind, t["ToDo.OrderSettle", o.Product], ToDoUrgency.Soon),
                    _ => null,
                };
                if (item is { } i)
                    items.Add(new ToDoItem(i.Kind, i.Title, $"/unified-orders/{o.Id}",
                        // past the due date before delivery, every step is late; after delivery the customer's side is
                        late && o.State != UnifiedOrderState.Delivered ? ToDoUrgency.Overdue : i.Urgency,
                        DueDate: o.DueOn, ParkId: o.ParkId) { Role = ToDoRoles.Operator });
            }
        }
        return items;
    }
}
