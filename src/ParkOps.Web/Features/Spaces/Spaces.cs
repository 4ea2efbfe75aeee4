using ParkOps.Web.Data;
using ParkOps.Domain.Pricing;

namespace ParkOps.Web.Features.Spaces;

public sealed class Building : IParkOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public required string Name { get; set; }
    /// <summary>Land under the building in 亩; tenants' allocated land is shared out of it by floor area.</summary>
    public decimal LandMu { get; set; }
    public decimal FloorAreaSqm { get; set; }
    public int FloorCount { get; set; }
    public string? Structure { get; set; }
}

public sealed class Floor : IParkOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public long BuildingId { get; set; }
    public int Number { get; set; }
    public decimal AreaSqm { get; set; }
    /// <summary>Permitted floor load in 吨/㎡.</summary>
    public decimal LoadTonsPerSqm { get; set; }
}

public enum UnitStatus { Vacant, Leased, Reserved, NotLeasable }

public sealed class Unit : IParkOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public long BuildingId { get; set; }
    public long FloorId { get; set; }
    public required string Code { get; set; }
    public decimal AreaSqm { get; set; }
    public SpaceUse Use { get; set; }
    public decimal LoadTonsPerSqm { get; set; }
    public UnitStatus Status { get; set; }
    /// <summary>The enterprise occupying the unit now; maintained by leasing.</summary>
    public long? OccupantEnterpriseId { get; set; }
}
