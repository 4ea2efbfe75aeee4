using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Marketplace;
using ParkOps.Domain.Matching;
using ParkOps.Web.Data;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Features.Marketplace;

/// <summary>One capability on the board: open offers and needs of the park (count and quantity per unit) and the balance.</summary>
public sealed record BoardRow(string Code, string Name, int Offers, decimal OfferQuantity, int Needs, decimal NeedQuantity, string Unit, decimal Balance);

/// <summary>
/// 产能余缺看板: the park's open capacity and needs by capability, and the collaboration rate — the share of the park's
/// admitted enterprises with at least one in-park collaboration (agreed, delivered or closed) this year (issue 5).
/// </summary>
public sealed record CapacityBoard(long ParkId, int Year, IReadOnlyList<BoardRow> Rows, int Enterprises, int Collaborating, decimal CollaborationRate, int OpenOffers, int OpenNeeds);

public sealed class CapacityBoardService(ParkOpsDb db, Platform.ParkGate gate, Enterprises.Contracts.IEnterpriseDirectory directory, MarketIndex index, TimeProvider clock)
{
    public async Task<CapacityBoard> BoardAsync(long parkId, CancellationToken ct)
    {
        await gate.RequireSeesAsync(parkId, ct);
        var snapshot = await index.GetAsync(db, ct);
        var settings = snapshot.Analyser.Settings;
        // the park's own published posts, whoever reads (the board counts, it does not show who)
        var posts = await db.Posts.IgnoreQueryFilters().AsNoTracking().Where(p => p.ParkId == parkId && p.State == PostState.Open)
            .Select(p => new { p.Kind, p.Capabilities, p.Quantity, p.Unit }).ToListAsync(ct);
        var rows = new List<BoardRow>();
        var isNeed = posts.Select(p => settings.IsNeed(p.Kind)).ToList();
        foreach (var cap in snapshot.Analyser.Taxonomy.Capabilities)
        {
            var ofCap = posts.Select((p, i) => (p, need: isNeed[i])).Where(x => Post.Split(x.p.Capabilities).Contains(cap.Code, StringComparer.OrdinalIgnoreCase)).ToList();
            if (ofCap.Count == 0) continue;
            var unit = ofCap.Where(x => x.p.Unit != null).GroupBy(x => x.p.Unit!).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault() ?? cap.Unit;
            // quantities are summed in the commonest unit; a post in another unit is counted, not added
            var offerQty = ofCap.Where(x => !x.need && x.p.Unit == unit).Sum(x => x.p.Quantity ?? 0);
            var needQty = ofCap.Where(x => x.need && x.p.Unit == unit).Sum(x => x.p.Quantity ?? 0);
            var name = snapshot.Capabilities.TryGetValue(cap.Code, out var c) ? (System.Globalization.CultureInfo.CurrentUICulture.Name.StartsWith("en", StringComparison.Ordinal) ? c.NameEn : c.NameZh) : cap.NameZh;
            rows.Add(new BoardRow(cap.Code, name, ofCap.Count(x => !x.need), offerQty, ofCap.Count(x => x.need), needQty, unit, offerQty - needQty));
        }
        var year = Time.Today(clock).Year;
        var start = new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(-8);
        var admitted = (await directory.ParkFirmsAsync(parkId, ct)).Where(e => e.Admitted).Select(e => e.Id).ToList();
        var pairs = await db.Collaborations.IgnoreQueryFilters()
            .Where(c => c.ParkId == parkId && c.OfferParkId == parkId && c.AgreedAt != null && c.AgreedAt >= start
                && (c.State == CollaborationState.Agreed || c.State == CollaborationState.Delivered || c.State == CollaborationState.Closed))
            .Select(c => new { c.NeedEnterpriseId, c.OfferEnterpriseId }).ToListAsync(ct);
        var set = admitted.ToHashSet();
        var collaborating = pairs.SelectMany(p => new[] { p.NeedEnterpriseId, p.OfferEnterpriseId }).Where(set.Contains).Distinct().Count();
        var rate = admitted.Count == 0 ? 0 : Math.Round(collaborating / (decimal)admitted.Count, 4);
        return new CapacityBoard(parkId, year, rows.OrderByDescending(r => r.Offers + r.Needs).ThenBy(r => r.Code).ToList(), admitted.Count, collaborating, rate,
            posts.Count(p => !settings.IsNeed(p.Kind)), posts.Count(p => settings.IsNeed(p.Kind)));
    }
}
