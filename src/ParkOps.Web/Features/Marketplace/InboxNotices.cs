using ParkOps.Web.Data;
using ParkOps.Web.Features.Marketplace.Contracts;

namespace ParkOps.Web.Features.Marketplace;

/// <summary>The inbox's door for other areas: they say what to tell whom, the inbox keeps the row.</summary>
public sealed class InboxNotices(ParkOpsDb db) : IInboxNotices
{
    public async Task SendAsync(IReadOnlyCollection<InboxNotice> notices, DateTime nowUtc, CancellationToken ct)
    {
        foreach (var n in notices)
            db.Notifications.Add(new Notification { ParkId = n.ParkId, EnterpriseId = n.EnterpriseId, Kind = n.Kind, Arguments = n.Arguments, Link = n.Link, CreatedAt = nowUtc });
        await db.SaveChangesAsync(ct);
    }
}
