using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Marketplace;
using ParkOps.Web.Data;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Features.Billing.Contracts;

namespace ParkOps.Web.Features.Marketplace;

public sealed record CreditFileDto(long EnterpriseId, string EnterpriseName, int? Score, IReadOnlyList<CreditComponent> Components, DateOnly From, DateOnly To,
    int Collaborations, int Disputes);

/// <summary>
/// The credit file (信用档案) of an enterprise over the last twelve months: rent bills paid in full by their due date
/// (billing), ratings received from collaboration partners, reports filed on time (no reporting area yet: no
/// evidence). The score and its breakdown come from <see cref="CreditScoring"/>; matching uses the score as the
/// partner-credit signal.
/// </summary>
public sealed class CreditService(ParkOpsDb db, TimeProvider clock, MarketIndex index, Billing.Contracts.IAccountStanding standing,
    Enterprises.Contracts.IEnterpriseDirectory directory, MarketSettingsService settings)
{
    public async Task<CreditFileDto> FileAsync(long enterpriseId, CancellationToken ct)
    {
        // 404 outside the caller's scope (the names answer only those the caller may see)
        if (!(await directory.NamesAsync([enterpriseId], ct)).ContainsKey(enterpriseId)) throw new NotFoundException("Enterprise", enterpriseId);
        var e = (await directory.CardsAsync([enterpriseId], ct))[enterpriseId];
        // the credit file is enterprise-confidential (DOMAIN §1): a government viewer sees it only where its region allows
        if (!db.Actor.SeesEnterpriseDetail(e.ParkId, e.Id)) throw new ForbiddenException("GovernmentSeesNoEnterpriseDetail");
        var today = Time.Today(clock);
        var scores = await ScoresAsync([e.Id], today, ct);
        var collaborations = await db.Collaborations.IgnoreQueryFilters().Where(c => c.NeedEnterpriseId == e.Id || c.OfferEnterpriseId == e.Id).CountAsync(ct);
        var disputes = await db.Collaborations.IgnoreQueryFilters().Where(c => (c.NeedEnterpriseId == e.Id || c.OfferEnterpriseId == e.Id) && c.State == CollaborationState.Disputed).CountAsync(ct);
        var s = scores[e.Id];
        return new CreditFileDto(e.Id, e.Name, s.Score, s.Components, today.AddYears(-1), today, collaborations, disputes);
    }

    /// <summary>Credit scores of many enterprises at once (three queries whatever their number).</summary>
    public async Task<Dictionary<long, CreditScore>> ScoresAsync(long[]? enterpriseIds, DateOnly today, CancellationToken ct)
    {
        var from = today.AddYears(-1);
        // rent bills due in the last twelve months, paid in full by their due date: Billing's door
        var billsBy = await standing.PunctualityAsync(enterpriseIds, from, today, ct);
        var fromTime = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var collaborations = db.Collaborations.IgnoreQueryFilters().Where(c => c.UpdatedAt >= fromTime && (c.NeedRatesQuality != null || c.OfferRatesQuality != null));
        if (enterpriseIds is not null) collaborations = collaborations.Where(c => enterpriseIds.Contains(c.NeedEnterpriseId) || enterpriseIds.Contains(c.OfferEnterpriseId));
        var rated = await collaborations.Select(c => new { c.NeedEnterpriseId, c.OfferEnterpriseId, c.NeedRatesQuality, c.NeedRatesPunctuality, c.OfferRatesQuality, c.OfferRatesPunctuality }).ToListAsync(ct);
        // the offer side is rated by the need side, and the other way round
        var received = rated.Where(r => r.NeedRatesQuality is not null).Select(r => (Id: r.OfferEnterpriseId, Q: r.NeedRatesQuality!.Value, P: r.NeedRatesPunctuality ?? r.NeedRatesQuality!.Value))
            .Concat(rated.Where(r => r.OfferRatesQuality is not null).Select(r => (Id: r.NeedEnterpriseId, Q: r.OfferRatesQuality!.Value, P: r.OfferRatesPunctuality ?? r.OfferRatesQuality!.Value)))
            .GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.Select(r => (r.Q, r.P)).ToList());
        var ids = (enterpriseIds ?? [.. billsBy.Keys.Concat(received.Keys)]).Distinct().ToArray();
        // each enterprise is scored with its own park's weights (a park without its own: DOMAIN §5's defaults)
        var cards = await directory.CardsAsync(ids, ct);
        var weights = await settings.CreditWeightsAsync([.. cards.Values.Select(c => c.ParkId).Distinct()], ct);
        return ids.ToDictionary(id => id, id =>
        {
            var paid = billsBy.GetValueOrDefault(id);
            var w = cards.TryGetValue(id, out var card) ? weights.GetValueOrDefault(card.ParkId) : null;
            return CreditScoring.Compute(paid?.BillsDue ?? 0, paid?.PaidOnTime ?? 0, received.GetValueOrDefault(id) ?? [], weights: w);
        });
    }

    /// <summary>After a rating: the enterprises' open posts go back into the index with their new credit.</summary>
    public async Task RefreshIndexAsync(long[] enterpriseIds, CancellationToken ct)
    {
        var scores = await ScoresAsync(enterpriseIds, Time.Today(clock), ct);
        foreach (var (id, s) in scores) index.SetCredit(id, s.Score);
        var open = await db.Posts.IgnoreQueryFilters().AsNoTracking().Where(p => enterpriseIds.Contains(p.EnterpriseId) && p.State == PostState.Open).ToListAsync(ct);
        foreach (var p in open) index.Apply(p, db);
        // the rating that moved the credits is in the index now, even for an enterprise without open posts
        index.Applied(db);
    }
}
