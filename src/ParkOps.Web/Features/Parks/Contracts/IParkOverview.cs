namespace ParkOps.Web.Features.Parks.Contracts;

/// <summary>A park with its counts and areas: enterprises in the park (admitted, conditional, exiting), buildings, units, leasable and leased area, occupancy (leased ÷ leasable).</summary>
public sealed record ParkSummary(long Id, string Name, string Code, long RegionId, string? RegionName, string? Address, decimal LandMu,
    string? LeadingIndustry, string[] ChainStages, int Enterprises, int Buildings, int Units, decimal LeasableSqm, decimal LeasedSqm, decimal Occupancy);

/// <summary>One stage of the park's chain and the enterprises in the park that cover it.</summary>
public sealed record StageCoverage(string Stage, int Enterprises);

/// <summary>A park with its chain coverage, the chain's completeness and its enterprises counted by status.</summary>
public sealed record ParkDetail(ParkSummary Park, IReadOnlyList<StageCoverage> Chain, decimal ChainCompleteness, IReadOnlyDictionary<string, int> EnterprisesByStatus);

/// <summary>
/// Parks' contract for the parks the caller may read with their figures (owner: Parks; callers: the home page, the API).
/// Counts are read past the enterprises' scope, so a tenant sees the park's size, never another tenant's rows.
/// </summary>
public interface IParkOverview
{
    /// <summary>The parks the caller may read, by id, with their counts and areas.</summary>
    Task<List<ParkSummary>> ListAsync(CancellationToken ct);

    /// <summary>The details of parks already listed by <see cref="ListAsync"/>, in one more query for all of them.</summary>
    Task<List<ParkDetail>> DetailsAsync(IReadOnlyList<ParkSummary> parks, CancellationToken ct);
}
