namespace ParkOps.Web.Features.Enterprises.Contracts;

/// <summary>
/// An enterprise of a park as a roster lists it: who must report (<see cref="Reports"/>: admitted, conditional or
/// exiting) and its unified social credit code (files name firms by it).
/// </summary>
public sealed record RosterEntry(long Id, string Name, string CreditCode, bool Reports);

/// <summary>The enterprises of one park (owner: Enterprises; caller: Reporting's quarter board, import and export).</summary>
public interface IParkRoster
{
    /// <summary>Every enterprise of the park, by name; 404 (NotFoundException) when the park does not exist or the caller cannot see it.</summary>
    Task<IReadOnlyList<RosterEntry>> ParkRosterAsync(long parkId, CancellationToken ct);
}
