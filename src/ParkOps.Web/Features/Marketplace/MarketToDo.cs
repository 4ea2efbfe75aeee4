using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Marketplace;
using ParkOps.Web.Data;
using ParkOps.Web.Platform;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Marketplace;

/// <summary>
/// The marketplace's to-do items for a tenant: collaboration steps waiting on its side (CollaborationRules): an inquiry
/// the other side sent (agree or decline), an agreed job its offer side must deliver, a delivery it has not rated yet;
/// and its open posts with new matches it has not looked at (the unread <c>NewMatch</c> notices <see cref="PostService"/>
/// gave, read through the inbox's contract; opening the post marks them seen).
/// </summary>
public sealed class MarketToDo(ParkOpsDb db, IStringLocalizer<Text> t, Notifications.Contracts.IUnreadNotices unread) : IToDoSource
{
    /// <summary>The link of a post's matches: the post page's "matches for me" section.</summary>
    public static string MatchesLink(long postId) => $"/market/posts/{postId}#matches";

    private async Task<IEnumerable<ToDoItem>> NewMatchesAsync(long[] own, CancellationToken ct)
    {
        var links = await unread.UnreadByLinkAsync(PostService.NewMatchKind, 20, ct);
        var counts = new Dictionary<long, int>();
        foreach (var l in links)
            if (l.Link.StartsWith(PostService.PostLinkPrefix, StringComparison.Ordinal) && long.TryParse(l.Link.AsSpan(PostService.PostLinkPrefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
                counts[id] = l.Count;
        if (counts.Count == 0) return [];
        var ids = counts.Keys.ToArray();
        var posts = await db.Posts.AsNoTracking().Where(p => ids.Contains(p.Id) && p.State == PostState.Open && own.Contains(p.EnterpriseId))
            .Select(p => new { p.Id, p.ParkId, p.Title }).ToListAsync(ct);
        return posts.OrderBy(p => p.Id).Select(p => new ToDoItem("market.matches", t["ToDo.NewMatches", p.Title, counts[p.Id]], MatchesLink(p.Id), ToDoUrgency.Open,
            Count: counts[p.Id], ParkId: p.ParkId));
    }

    public async Task<IReadOnlyList<ToDoItem>> ItemsAsync(ToDoAsk ask, CancellationToken ct)
    {
        var own = ask.Actor.EnterpriseIds;
        if (own.Length == 0) return [];
        var matches = await NewMatchesAsync(own, ct);
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
        }).Concat(matches).ToList();
    }
}
