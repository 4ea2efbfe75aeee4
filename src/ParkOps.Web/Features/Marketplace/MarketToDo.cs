using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Marketplace;
using ParkOps.Web.Data;
using ParkOps.Web.Platform;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Marketplace;

/// <summary>
/// The marketplace's to-do items for a tenant: collaboration steps waiting on its side (CollaborationRules): an inquiry
/// the other side sent (agree or decline), an agreed job its offer side must deliver, a delivery it has not rated yet.
/// </summary>
public sealed class MarketToDo(ParkOpsDb db, IStringLocalizer<Text> t) : IToDoSource
{
    public async Task<IReadOnlyList<ToDoItem>> ItemsAsync(ToDoAsk ask, CancellationToken ct)
    {
        var own = ask.Actor.EnterpriseIds;
        if (own.Length == 0) return [];
        var rows = await db.Collaborations.AsNoTracking()
            .Where(c => (own.Contains(c.NeedEnterpriseId) || own.Contains(c.OfferEnterpriseId))
                && ((c.State == CollaborationState.Inquiry && !own.Contains(c.InquirerEnterpriseId))
                    || (c.State == CollaborationState.Agreed && own.Contains(c.OfferEnterpriseId))
                    || (c.State == CollaborationState.Delivered && ((own.Contains(c.NeedEnterpriseId) && c.NeedRatesQuality == null) || (own.Contains(c.OfferEnterpriseId) && c.OfferRatesQuality == null)))))
            .OrderBy(c => c.Id).Take(10)
            .Select(c => new { c.Id, c.ParkId, c.State, c.DueOn }).ToListAsync(ct);
        return rows.Select(c =>
        {
            var (kind, key) = c.State switch
            {
                CollaborationState.Inquiry => ("collaborations.reply", "ToDo.CollabReply"),
                CollaborationState.Agreed => ("collaborations.deliver", "ToDo.CollabDeliver"),
                _ => ("collaborations.rate", "ToDo.CollabRate"),
            };
            var late = c.State == CollaborationState.Agreed && c.DueOn < ask.Today;
            return new ToDoItem(kind, t[key, c.Id], $"/collaborations/{c.Id}", late ? ToDoUrgency.Overdue : ToDoUrgency.Open,
                DueDate: c.State == CollaborationState.Agreed ? c.DueOn : null, ParkId: c.ParkId);
        }).ToList();
    }
}
