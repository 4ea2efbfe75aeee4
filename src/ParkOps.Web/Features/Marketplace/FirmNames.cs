using ParkOps.Web.Features.Enterprises.Contracts;

namespace ParkOps.Web.Features.Marketplace;

internal static class FirmNames
{
    /// <summary>
    /// The names of these enterprises whatever the caller's scope (a poster's or a partner's name is part of the post,
    /// collaboration or pool the caller reads, even where the enterprise archive is not): one read through the
    /// Enterprises area's cards.
    /// </summary>
    public static async Task<Dictionary<long, string>> PublicNamesAsync(this IEnterpriseDirectory directory, IEnumerable<long> enterpriseIds, CancellationToken ct) =>
        (await directory.CardsAsync([.. enterpriseIds.Distinct()], ct)).ToDictionary(c => c.Key, c => c.Value.Name);
}
