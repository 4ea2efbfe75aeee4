namespace ParkOps.Web.Features.Marketplace.Contracts;

/// <summary>
/// An enterprise of the park the matching engine finds able to do a piece of work: its best open offer (capacity or
/// equipment), the score (0–1), the grade and the reasons in the reader's language.
/// </summary>
public sealed record EnterpriseSuggestion(long EnterpriseId, double Score, string Grade, IReadOnlyList<string> Reasons, long OfferPostId, string OfferTitle);

/// <summary>
/// Marketplace's matching engine for others (owner: Marketplace; caller: Orders' split suggestions): the enterprises of
/// park P able to do this work, ranked by the marketplace's own engine and the park's match settings.
/// </summary>
public interface IEnterpriseRanking
{
    /// <summary>
    /// Ranks the open offers of the park's enterprises against a sub-contract order written as <paramref name="text"/>
    /// (with its quantity, unit and due date when known) and returns the best offer per enterprise, best first, at most
    /// <paramref name="top"/>. Only the park's operators (403 otherwise; 404 for a park out of sight).
    /// </summary>
    Task<IReadOnlyList<EnterpriseSuggestion>> RankEnterprisesAsync(long parkId, string text, decimal? quantity, string? unit, DateOnly? due, int top, CancellationToken ct);
}
