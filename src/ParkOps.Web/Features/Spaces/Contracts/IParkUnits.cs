namespace ParkOps.Web.Features.Spaces.Contracts;

/// <summary>A unit of a park as a summary sees it: code, building, area, use and whether it may be leased at all.</summary>
public sealed record ParkUnit(long Id, string Code, string Building, decimal AreaSqm, string Use, bool Leasable);

/// <summary>
/// The park's units (owner: Spaces; caller: Dashboard's occupancy, whose denominator is the leasable area). Reads past
/// the caller's scope: the caller decides who may see what it computes.
/// </summary>
public interface IParkUnits
{
    /// <summary>Every unit of the park, by building and code.</summary>
    Task<IReadOnlyList<ParkUnit>> UnitsAsync(long parkId, CancellationToken ct);

    /// <summary>
    /// The leasable area of each of these parks (the area of the units that may be leased, added up), set-wise in one
    /// read whatever the number of parks (caller: Dashboard's region view); a park without units has 0.
    /// </summary>
    Task<IReadOnlyDictionary<long, decimal>> LeasableAreasAsync(IReadOnlyCollection<long> parkIds, CancellationToken ct);
}
