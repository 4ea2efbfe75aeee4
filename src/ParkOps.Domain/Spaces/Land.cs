namespace ParkOps.Domain.Spaces;

public static class Land
{
    /// <summary>1 亩 = 10000/15 ㎡ (≈ 666.67 ㎡).</summary>
    public const decimal SqmPerMu = 10000m / 15m;

    /// <summary>
    /// DOMAIN §3: a tenant's allocated land = building land × tenant floor area ÷ building floor area; needed for
    /// 亩均 figures of tenants who share a building.
    /// </summary>
    public static decimal AllocatedMu(decimal buildingLandMu, decimal buildingFloorAreaSqm, decimal tenantFloorAreaSqm)
    {
        if (buildingFloorAreaSqm <= 0) return 0;
        return buildingLandMu * tenantFloorAreaSqm / buildingFloorAreaSqm;
    }

    /// <summary>Occupancy = leased ÷ leasable area (DOMAIN §10); 0 when nothing is leasable.</summary>
    public static decimal Occupancy(decimal leasedSqm, decimal leasableSqm) => leasableSqm <= 0 ? 0 : leasedSqm / leasableSqm;
}
