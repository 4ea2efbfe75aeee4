namespace ParkOps.Web.Features.Spaces.Contracts;

/// <summary>A unit of a park as a summary sees it: code, building, area, use and whether it may be leased at all.</summary>
public sealed record ParkUnit(long Id, string Code, string Building, decimal AreaSqm, string Use, bool Leasable);

/// <summary>A unit as a form's picker lists it: code, area and use.</summary>
public sealed record UnitChoice(long Id, string Code, decimal AreaSqm, string Use);

/// <summary>
/// Which units <see cref="IParkUnits.VisibleUnitsAsync"/> lists: of this park (null: any), only vacant ones, only those
/// occupied by these enterprises (null: any occupant or none), at most <see cref="Max"/> (null: all).
/// </summary>
public sealed record UnitPick(long? ParkId = null, bool VacantOnly = false, IReadOnlyCollection<long>? OccupiedBy = null, int? Max = null);

/// <summary>
/// The park's units (owner: Spaces; caller: Dashboard's occupancy, whose denominator is the leasable area). Reads past
/// the caller's scope: the caller decides who may see what it computes — except <see cref="VisibleUnitsAsync"/>.
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

    /// <summary>
    /// The units the caller may see (the caller's scope applies) that the pick names, by code (callers: the pages' unit
    /// pickers — lease form, ticket form, QR links — and the home's own units).
    /// </summary>
    Task<IReadOnlyList<UnitChoice>> VisibleUnitsAsync(UnitPick pick, CancellationToken ct);
}
