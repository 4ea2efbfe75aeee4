using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Marketplace;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Marketplace.Contracts;

namespace ParkOps.Web.Features.Marketplace;

public sealed class CollaborationRecords(ParkOpsDb db) : ICollaborationRecords
{
    public async Task<IReadOnlyList<CompletedCollaboration>> DeliveredAsync(long parkId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        // a dispute opened after delivery keeps its delivery date: the work was done, only its quality is argued about
        var rows = await db.Collaborations.AsNoTracking()
            .Where(c => (c.ParkId == parkId || c.OfferParkId == parkId) && c.DeliveredOn != null && c.DeliveredOn >= from && c.DeliveredOn <= to
                && (c.State == CollaborationState.Delivered || c.State == CollaborationState.Closed || c.State == CollaborationState.Disputed))
            .OrderBy(c => c.Id)
            .Select(c => new { c.Id, c.NeedEnterpriseId, c.OfferEnterpriseId, c.Amount, c.Quantity, c.Unit, c.DeliveredOn, c.NeedPostId, c.OfferPostId })
            .ToListAsync(ct);
        // the posts' kinds only, for collaborations the caller already sees (a separate query: ignoring filters in the
        // first one would lift the collaborations' filter as well)
        var postIds = rows.SelectMany(r => new[] { r.NeedPostId, r.OfferPostId }).Distinct().ToArray();
        var posts = new Dictionary<long, (Domain.Matching.PostKind Kind, string Title)>();
        // the ids as ONE parameter (SQLite json_each, PostgreSQL an array) per 50,000: a park of 100,000 firms delivers
        // tens of thousands of collaborations a year, past the engines' limits on SQL variables
        foreach (var slice in postIds.Chunk(50_000))
            foreach (var p in await db.Posts.IgnoreQueryFilters().AsNoTracking().Where(p => EF.Parameter(slice).Contains(p.Id)).Select(p => new { p.Id, p.Kind, p.Title }).ToListAsync(ct))
                posts[p.Id] = (p.Kind, p.Title);
        return rows.Select(r => new CompletedCollaboration(r.Id, r.NeedEnterpriseId, r.OfferEnterpriseId, r.Amount ?? 0, r.Quantity, r.Unit, r.DeliveredOn!.Value,
            posts[r.NeedPostId].Kind, posts[r.OfferPostId].Kind, posts[r.NeedPostId].Title)).ToList();
    }

    public async Task<IReadOnlyDictionary<long, int>> CollaboratorsAsync(long parkId, DateOnly from, DateOnly to, CancellationToken ct) =>
        (await CollaboratorsAsync([parkId], [new DayWindow(from, to)], ct))[parkId][0];

    public async Task<IReadOnlyDictionary<long, IReadOnlyList<IReadOnlyDictionary<long, int>>>> CollaboratorsAsync(IReadOnlyCollection<long> parkIds,
        IReadOnlyList<DayWindow> windows, CancellationToken ct)
    {
        var ids = parkIds.Distinct().ToArray();
        var counts = ids.ToDictionary(id => id, _ => windows.Select(_ => new Dictionary<long, int>()).ToList());
        if (ids.Length == 0 || windows.Count == 0) return Result();
        var (from, to) = (windows.Min(w => w.From), windows.Max(w => w.To));
        // the park ids as one parameter (PostgreSQL an array, SQLite json_each): a region has thousands of parks
        var rows = await db.Collaborations.IgnoreQueryFilters().AsNoTracking()
            .Where(c => (EF.Parameter(ids).Contains(c.ParkId) || EF.Parameter(ids).Contains(c.OfferParkId)) && c.DeliveredOn != null && c.DeliveredOn >= from && c.DeliveredOn <= to
                && (c.State == CollaborationState.Delivered || c.State == CollaborationState.Closed || c.State == CollaborationState.Disputed))
            .Select(c => new { c.ParkId, c.OfferParkId, c.NeedEnterpriseId, c.OfferEnterpriseId, c.DeliveredOn }).ToListAsync(ct);
        foreach (var r in rows)
        {
            var firms = r.NeedEnterpriseId == r.OfferEnterpriseId ? [r.NeedEnterpriseId] : new[] { r.NeedEnterpriseId, r.OfferEnterpriseId };
            // a collaboration with a side in the park: once per park even when both sides are in it
            foreach (var park in r.ParkId == r.OfferParkId ? [r.ParkId] : new[] { r.ParkId, r.OfferParkId })
            {
                if (!counts.TryGetValue(park, out var perWindow)) continue;
                for (var i = 0; i < windows.Count; i++)
                    if (windows[i].Contains(r.DeliveredOn!.Value))
                        foreach (var firm in firms) perWindow[i][firm] = perWindow[i].GetValueOrDefault(firm) + 1;
            }
        }
        return Result();

        IReadOnlyDictionary<long, IReadOnlyList<IReadOnlyDictionary<long, int>>> Result() =>
            counts.ToDictionary(kv => kv.Key, IReadOnlyList<IReadOnlyDictionary<long, int>> (kv) => kv.Value.Cast<IReadOnlyDictionary<long, int>>().ToList());
    }

    public async Task<IReadOnlyList<ParkOps.Domain.Chains.FirmFlow>> FlowsAsync(long parkId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var rows = await db.Collaborations.IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.ParkId == parkId && c.OfferParkId == parkId && c.DeliveredOn != null && c.DeliveredOn >= from && c.DeliveredOn <= to
                && (c.State == CollaborationState.Delivered || c.State == CollaborationState.Closed || c.State == CollaborationState.Disputed))
            .Select(c => new { c.OfferEnterpriseId, c.NeedEnterpriseId, c.Amount }).ToListAsync(ct);
        // amounts summed in memory: SQLite cannot sum decimals
        return rows.GroupBy(r => (r.OfferEnterpriseId, r.NeedEnterpriseId))
            .Select(g => new ParkOps.Domain.Chains.FirmFlow(g.Key.OfferEnterpriseId, g.Key.NeedEnterpriseId, g.Count(), g.Sum(r => r.Amount ?? 0)))
            .OrderBy(f => f.FromEnterpriseId).ThenBy(f => f.ToEnterpriseId).ToList();
    }
}
