using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Marketplace;
using ParkOps.Domain.Matching;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Marketplace.Contracts;
using ParkOps.Web.Platform;

namespace ParkOps.Web.Features.Marketplace;

/// <summary>
/// <see cref="IEnterpriseRanking"/>: the work is asked as a sub-contract order (订单分包) of the park, matched in the
/// one match index with the park's settings and scoped to the park's own posts; the answers are read back as open
/// offers of the park and kept once per enterprise (its best).
/// </summary>
public sealed class EnterpriseRanking(ParkOpsDb db, MarketIndex index, MarketSettingsService marketSettings, PostService posts, ParkGate gate) : IEnterpriseRanking
{
    public async Task<IReadOnlyList<EnterpriseSuggestion>> RankEnterprisesAsync(long parkId, string text, decimal? quantity, string? unit, DateOnly? due, int top, CancellationToken ct)
    {
        await gate.RequireOperatorAsync(parkId, "OnlyOperatorsMayRead", ct);
        if (string.IsNullOrWhiteSpace(text) || top <= 0) return [];
        var snapshot = await index.GetAsync(db, ct);
        var today = posts.Today;
        var park = parkId.ToString(CultureInfo.InvariantCulture);
        var query = new MatchPost
        {
            Id = "unified-order", Kind = PostKind.SubcontractOrder, EnterpriseId = "0", ParkId = park, Visibility = PostVisibility.Park,
            Title = text.Trim(), Quantity = quantity, Unit = unit, From = today, To = due is { } d && d >= today ? d : null,
        };
        var analysed = snapshot.Analyser.Analyse(query, today);
        var ranking = await marketSettings.MatchSettingsAsync(parkId, snapshot.Analyser.Settings, ct);
        var results = snapshot.Index.Match(analysed, new MatchRequest(today) { Top = top * 4, Scope = new MatchScope([park], []), Settings = ranking });
        if (results.Count == 0) return [];
        var ids = results.Select(r => long.Parse(r.PostId, CultureInfo.InvariantCulture)).ToArray();
        var offers = await db.Posts.AsNoTracking().Where(p => ids.Contains(p.Id) && p.ParkId == parkId && p.State == PostState.Open)
            .Select(p => new { p.Id, p.EnterpriseId, p.Title }).ToDictionaryAsync(p => p.Id, ct);
        return results.Where(r => offers.ContainsKey(long.Parse(r.PostId, CultureInfo.InvariantCulture)))
            .Select(r => (Result: r, Offer: offers[long.Parse(r.PostId, CultureInfo.InvariantCulture)]))
            .DistinctBy(x => x.Offer.EnterpriseId).Take(top)
            .Select(x => new EnterpriseSuggestion(x.Offer.EnterpriseId, x.Result.Score, x.Result.Grade.ToString(), posts.Reasons(x.Result, snapshot), x.Offer.Id, x.Offer.Title))
            .ToList();
    }
}
