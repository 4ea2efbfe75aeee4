using System.Globalization;
using ParkOps.Domain.Marketplace;
using ParkOps.Web.Data;

namespace ParkOps.Web.Features.Marketplace;

/// <summary>
/// A joint procurement pool (联合采购, DOMAIN §5): an item bought together by tenants of one park at volume price
/// tiers. Opened by an enterprise (<see cref="OpenerEnterpriseId"/>) or by the park's operator (null); seen by
/// everyone of the park. <see cref="Tiers"/> is stored as "minQuantity:unitPrice|…" in invariant culture. The pool guards
/// its state: given when it is made, it ends only by <see cref="End"/> (<see cref="PoolRules.Next"/>).
/// </summary>
public sealed class ProcurementPool : IParkOwned
{
    private PoolState _state;
    private DateTime? _closedAt;

    public long Id { get; set; }
    public long ParkId { get; set; }
    public long? OpenerEnterpriseId { get; set; }
    public required string Item { get; set; }
    public string Spec { get; set; } = "";
    public required string Unit { get; set; }
    /// <summary>What a single buyer pays per unit: the base of each member's saving.</summary>
    public decimal ListPrice { get; set; }
    public string Tiers { get; set; } = "";
    /// <summary>Commitments are taken until this instant (UTC).</summary>
    public DateTime Deadline { get; set; }
    public PoolState State { get => _state; init => _state = value; }
    public string CreatedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? ClosedAt { get => _closedAt; init => _closedAt = value; }

    /// <summary>Refuses (PoolMustBeOpen) unless the pool may still end by <paramref name="action"/>; changes nothing.</summary>
    public void EnsureCan(PoolAction action) => PoolRules.Next(_state, action);

    /// <summary>Ends the pool by <paramref name="action"/> at <paramref name="now"/>.</summary>
    public void End(PoolAction action, DateTime now)
    {
        _state = PoolRules.Next(_state, action);
        (_closedAt, UpdatedAt) = (now, now);
    }

    public IReadOnlyList<PoolTier> TierList => ParseTiers(Tiers);

    public static string FormatTiers(IEnumerable<PoolTier> tiers) =>
        string.Join('|', tiers.Select(t => $"{t.MinQuantity.ToString(CultureInfo.InvariantCulture)}:{t.UnitPrice.ToString(CultureInfo.InvariantCulture)}"));

    public static IReadOnlyList<PoolTier> ParseTiers(string s) => s.Split('|', StringSplitOptions.RemoveEmptyEntries)
        .Select(p => p.Split(':')).Select(p => new PoolTier(decimal.Parse(p[0], CultureInfo.InvariantCulture), decimal.Parse(p[1], CultureInfo.InvariantCulture))).ToList();
}

/// <summary>An enterprise's committed quantity in a pool: one per enterprise, changeable while the pool is open.</summary>
public sealed class PoolCommitment : IEnterpriseOwned
{
    public long Id { get; set; }
    public long PoolId { get; set; }
    public long ParkId { get; set; }
    public long EnterpriseId { get; set; }
    public decimal Quantity { get; set; }
    public string UpdatedBy { get; set; } = "";
    public DateTime UpdatedAt { get; set; }
}

/// <summary>The one purchase order a pool becomes at close: the tier price reached, totals, an optional supplier.</summary>
public sealed class PurchaseOrder : IParkOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public long PoolId { get; set; }
    public required string Number { get; set; }
    public string? Supplier { get; set; }
    public decimal TotalQuantity { get; set; }
    public decimal UnitPrice { get; set; }
    public decimal TotalAmount { get; set; }
    public decimal TotalSaving { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}

/// <summary>One member's line of a purchase order: its quantity, the tier price, its amount and its saving (分).</summary>
public sealed class PurchaseAllocation : IEnterpriseOwned
{
    public long Id { get; set; }
    public long OrderId { get; set; }
    public long ParkId { get; set; }
    public long EnterpriseId { get; set; }
    public decimal Quantity { get; set; }
    public decimal UnitPrice { get; set; }
    public decimal Amount { get; set; }
    public decimal Saving { get; set; }
}
