namespace ParkOps.Web.Features.Spaces.Contracts;

/// <summary>One building's share of land held by a tenant: its floor area there and the land that area carries.</summary>
public sealed record BuildingLandShare(long BuildingId, decimal FloorAreaSqm, decimal LandMu);

/// <summary>
/// A tenant's allocated land (DOMAIN §3: building land × tenant floor area ÷ building floor area, summed over the
/// buildings it occupies) with the shares it is made of. <see cref="MainBuildingId"/> is the building holding most of it:
/// the parcel a "combined parcel" 亩均 evaluation puts the tenant on.
/// </summary>
public sealed record AllocatedLand(long EnterpriseId, decimal LandMu, long MainBuildingId, IReadOnlyList<BuildingLandShare> Shares);

/// <summary>Land per tenant (owner: Spaces; caller: Evaluation's 亩均 run). Reads the units occupied now, regardless of the caller's scope.</summary>
public interface ILandAllocation
{
    /// <summary>Every enterprise occupying units of the park, with its allocated land.</summary>
    Task<IReadOnlyList<AllocatedLand>> AllocatedLandAsync(long parkId, CancellationToken ct);
}
