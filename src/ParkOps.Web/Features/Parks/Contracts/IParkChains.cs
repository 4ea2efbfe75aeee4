namespace ParkOps.Web.Features.Parks.Contracts;

/// <summary>A park's industry chain: its leading industry in words, the GB/T 4754 code prefixes that count as it, and the chain's stages in order.</summary>
public sealed record ParkChain(long ParkId, string? LeadingIndustry, IReadOnlyList<string> IndustryPrefixes, IReadOnlyList<string> Stages);

/// <summary>
/// A park's industry chain (owner: Parks; caller: Marketplace, whose forms offer the chain's capabilities first). The
/// chain is public knowledge of a park: read regardless of the caller's scope; an unknown park has an empty chain.
/// </summary>
public interface IParkChains
{
    Task<ParkChain> ChainAsync(long parkId, CancellationToken ct);
}
