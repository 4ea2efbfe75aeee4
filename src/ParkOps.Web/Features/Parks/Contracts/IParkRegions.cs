namespace ParkOps.Web.Features.Parks.Contracts;

/// <summary>
/// Where a park lies (owner: Parks; caller: Evaluation, whose 亩均 settings are set per region and year and hold for the
/// regions below). Reads regardless of the caller's scope: the callers check who may see what they compute.
/// </summary>
public interface IParkRegions
{
    /// <summary>The park's region and then each region above it, nearest first; empty when the park does not exist.</summary>
    Task<IReadOnlyList<long>> RegionChainAsync(long parkId, CancellationToken ct);

    /// <summary>Whether the region exists.</summary>
    Task<bool> RegionExistsAsync(long regionId, CancellationToken ct);

    /// <summary>Every region (regions carry no scope filter), by code (caller: the user form's scope picker).</summary>
    Task<IReadOnlyList<RegionLabel>> VisibleRegionsAsync(CancellationToken ct);
}

/// <summary>A region as a picker names it.</summary>
public sealed record RegionLabel(long Id, string Name, string Code);
