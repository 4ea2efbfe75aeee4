using ParkOps.Domain.ParkServices;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Features.ParkServices;

/// <summary>A new service with its first price (from <see cref="EffectiveFrom"/>, default today).</summary>
[StoredIn(typeof(ParkService))]
public sealed record ServiceInput([Code] string? Code, [Line] string? Name, ServiceCategory Category, [Line] string? Unit, decimal UnitPrice,
    [FreeText] string? Description = null, DateOnly? EffectiveFrom = null, bool IsActive = true);

/// <summary>What may change on a listed service (its code stays; its price changes by a new version).</summary>
[StoredIn(typeof(ParkService))]
public sealed record ServiceUpdateInput([Line] string? Name, ServiceCategory Category, [Line] string? Unit, [FreeText] string? Description = null, bool IsActive = true);

/// <summary>A new price from a day on (today or later).</summary>
public sealed record ServicePriceInput(DateOnly EffectiveFrom, decimal UnitPrice);

public sealed record ServicePriceDto(DateOnly EffectiveFrom, decimal UnitPrice, string SetBy, DateTime SetAt);

/// <summary>A listed service with the price in force today (null before its first version starts) and every version.</summary>
public sealed record ServiceDto(long Id, long ParkId, string Code, string Name, ServiceCategory Category, string Unit, string? Description, bool IsActive,
    decimal? UnitPrice, IReadOnlyList<ServicePriceDto> Prices);

/// <summary>
/// An order: <see cref="EnterpriseId"/> is required when an operator orders for a tenant; an enterprise user orders for
/// its own enterprise (left out: the one it belongs to in this park).
/// </summary>
[StoredIn(typeof(ServiceOrder))]
public sealed record ServiceOrderInput(long ServiceId, decimal Quantity, [FreeText] string? Note = null, long? EnterpriseId = null);

/// <summary>The reason of a cancel or reject (required there; ignored by accept and fulfil).</summary>
[StoredIn(typeof(ServiceOrder))]
public sealed record ServiceOrderActionInput([Line] string? Reason = null);

public sealed record ServiceOrderDto(long Id, long ParkId, long EnterpriseId, string? EnterpriseName, long ServiceId, string ServiceName, string Unit,
    decimal Quantity, decimal UnitPrice, decimal Amount, DateOnly OrderedOn, string? Note, ServiceOrderState State, string? Reason, bool ByOperator,
    string OrderedBy, DateTime CreatedAt, string? ActedBy, DateTime? ActedAt, DateOnly? FulfilledOn, DateOnly? ChargeMonth)
{
    public static ServiceOrderDto From(ServiceOrder o, string? enterpriseName) => new(o.Id, o.ParkId, o.EnterpriseId, enterpriseName, o.ServiceId, o.ServiceName, o.Unit,
        o.Quantity, o.UnitPrice, o.Amount, o.OrderedOn, o.Note, o.State, o.Reason, o.ByOperator, o.OrderedBy, o.CreatedAt, o.ActedBy, o.ActedAt, o.FulfilledOn, o.ChargeMonth);
}

/// <summary>The park's service-share target, per cent.</summary>
public sealed record ServiceTargetInput(decimal TargetPercent);
