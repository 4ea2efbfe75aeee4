namespace ParkOps.Web.Features.Parks.Contracts;

/// <summary>A park in brief: name, code, its region (id and name) and its land in 亩.</summary>
public sealed record ParkProfile(long Id, string Name, string Code, long RegionId, string RegionName, decimal LandMu);

/// <summary>A region in brief.</summary>
public sealed record RegionProfile(long Id, string Name, string Code, long? ParentId);

/// <summary>
/// Parks and regions in brief (owner: Parks; caller: Dashboard). Reads regardless of the caller's scope: the caller
/// checks who may see what it shows.
/// </summary>
public interface IParkProfiles
{
    /// <summary>The park, or null when it does not exist.</summary>
    Task<ParkProfile?> ParkAsync(long parkId, CancellationToken ct);

    /// <summary>The parks of these ids that exist, by code.</summary>
    Task<IReadOnlyList<ParkProfile>> ParksAsync(IReadOnlyCollection<long> parkIds, CancellationToken ct);

    /// <summary>The region, or null when it does not exist.</summary>
    Task<RegionProfile?> RegionAsync(long regionId, CancellationToken ct);

    /// <summary>The parks of the region and of every region below it, by code.</summary>
    Task<IReadOnlyList<ParkProfile>> ParksUnderAsync(long regionId, CancellationToken ct);

    /// <summary>The region and every region above it, nearest first (empty when it does not exist).</summary>
    Task<IReadOnlyList<long>> RegionAncestryAsync(long regionId, CancellationToken ct);
}
