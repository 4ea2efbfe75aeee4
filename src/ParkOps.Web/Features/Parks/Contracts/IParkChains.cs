using ParkOps.Domain.Chains;

namespace ParkOps.Web.Features.Parks.Contracts;

/// <summary>
/// A park's industry chain: its leading industry in words, the GB/T 4754 code prefixes that count as it, and the chain's
/// stages in order; <see cref="Services"/> names those of them that are supporting services (配套服务), the rest are main stages.
/// </summary>
public sealed record ParkChain(long ParkId, string? LeadingIndustry, IReadOnlyList<string> IndustryPrefixes, IReadOnlyList<string> Stages)
{
    public IReadOnlyList<string> Services { get; init; } = [];

    /// <summary>The stages in order with their kind.</summary>
    public IReadOnlyList<ChainStage> Kinded => [.. Stages.Select(s => new ChainStage(s, Services.Contains(s) ? StageKind.Service : StageKind.Main))];
}

/// <summary>
/// A park's industry chain (owner: Parks; callers: Marketplace, whose forms offer the chain's capabilities first; Chains,
/// which draws the map and applies templates). The chain is public knowledge of a park: read regardless of the caller's
/// scope; an unknown park has an empty chain.
/// </summary>
public interface IParkChains
{
    Task<ParkChain> ChainAsync(long parkId, CancellationToken ct);

    /// <summary>The chains of these parks in one read (caller: Dashboard's region view); an unknown park has an empty chain.</summary>
    Task<IReadOnlyDictionary<long, ParkChain>> ChainAsync(IReadOnlyCollection<long> parkIds, CancellationToken ct);

    /// <summary>
    /// Sets the park's chain (stages in order with their kind, checked by <see cref="ChainRules.Normalise"/>) and, when
    /// given, its leading industry and GB/T 4754 prefixes: the park's operators (others who see the park 403
    /// <c>OnlyOperatorsMayWrite</c>, a park out of sight 404). Saved at once.
    /// </summary>
    Task<ParkChain> SetChainAsync(long parkId, IReadOnlyList<ChainStage> stages, string? leadingIndustry, IReadOnlyList<string>? industryPrefixes, CancellationToken ct);
}
