namespace ParkOps.Web.Features.Grading.Contracts;

/// <summary>A park's grading of a year in brief: its state (draft | submitted | returned | approved) and, once approved, the grade and total.</summary>
public sealed record ParkGradingState(long ParkId, string State, string? Grade, decimal? Total);

/// <summary>
/// The grading states of many parks (owner: Grading; caller: the region overview, which links each park to its
/// assessment). One query within the caller's scope; a park without an assessment of the year is left out.
/// </summary>
public interface IParkGradingStates
{
    Task<IReadOnlyDictionary<long, ParkGradingState>> StatesAsync(IReadOnlyCollection<long> parkIds, int year, CancellationToken ct);
}
