using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.ParkServices;
using ParkOps.Web.Data;

namespace ParkOps.Web.Features.ParkServices;

/// <summary>
/// A paid service on the park's price list (代办, 检测, 培训…): code, name, category, unit, active flag. Its price lives
/// in <see cref="ServicePrice"/> versions; an inactive service stays listed for the operator and takes no new order.
/// </summary>
public sealed class ParkService : IParkOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public ServiceCategory Category { get; set; }
    /// <summary>次, 小时, 份, 人, 场, 项…</summary>
    public required string Unit { get; set; }
    public string? Description { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>A service's unit price from a day on (元, to the 分). Versions are only ever added; a past one never changes.</summary>
public sealed class ServicePrice : IParkOwned
{
    public long Id { get; set; }
    public long ServiceId { get; set; }
    public long ParkId { get; set; }
    public DateOnly EffectiveFrom { get; set; }
    public decimal UnitPrice { get; set; }
    public string SetBy { get; set; } = "";
    public DateTime SetAt { get; set; }
}

/// <summary>The park's target for the service share of income (per cent; no row: <see cref="RevenueStructure.DefaultTargetPercent"/>).</summary>
public sealed class ServiceSetting : IParkOwned
{
    public long ParkId { get; set; }
    public decimal TargetPercent { get; set; }
    public string SetBy { get; set; } = "";
    public DateTime SetAt { get; set; }
}

/// <summary>
/// An order of a listed service for an enterprise, priced when it is placed by the version in force on its order date
/// (unit price and amount are stored with it). Its state moves only through <see cref="Apply"/>, which checks the
/// lifecycle table <see cref="ServiceRules.Next"/>; fulfilling it posts the one service-fee charge for the next bill.
/// </summary>
public sealed class ServiceOrder : IEnterpriseOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public long EnterpriseId { get; set; }
    public long ServiceId { get; set; }
    public required string ServiceName { get; set; }
    public required string Unit { get; set; }
    public decimal Quantity { get; set; }
    public decimal UnitPrice { get; set; }
    public decimal Amount { get; set; }
    public DateOnly OrderedOn { get; set; }
    public string? Note { get; set; }
    public ServiceOrderState State { get; private set; }
    public string? Reason { get; private set; }
    /// <summary>True when an operator placed it for the enterprise.</summary>
    public bool ByOperator { get; set; }
    public string OrderedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public string? ActedBy { get; private set; }
    public DateTime? ActedAt { get; private set; }
    public DateOnly? FulfilledOn { get; private set; }
    /// <summary>The bill month the service fee was posted for.</summary>
    public DateOnly? ChargeMonth { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Moves the order by the lifecycle table; a cancel or reject names its reason.</summary>
    public void Apply(ServiceOrderAction action, string? reason, string by, DateTime at, DateOnly today)
    {
        ServiceRules.CheckReason(action, reason);
        State = ServiceRules.Next(State, action);
        if (ServiceRules.NeedsReason(action)) Reason = reason!.Trim();
        if (State == ServiceOrderState.Fulfilled) FulfilledOn = today;
        (ActedBy, ActedAt, UpdatedAt) = (by, at, at);
    }
}

public static class ServiceModel
{
    private const string Park = "ParkOps.Web.Features.Parks.Park";
    private const string Enterprise = "ParkOps.Web.Features.Enterprises.Enterprise";

    public static void Configure(ModelBuilder b)
    {
        b.Entity<ParkService>(e =>
        {
            e.ToTable("ParkServices");
            e.Property(x => x.Code).HasMaxLength(32);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.Unit).HasMaxLength(10);
            e.Property(x => x.Description).HasMaxLength(500);
            e.HasIndex(x => new { x.ParkId, x.Code }).IsUnique();
            e.HasOne(Park, null).WithMany().HasForeignKey(nameof(ParkService.ParkId)).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<ServicePrice>(e =>
        {
            e.ToTable("ServicePrices");
            e.Property(x => x.SetBy).HasMaxLength(64);
            e.HasIndex(x => new { x.ServiceId, x.EffectiveFrom }).IsUnique();
            e.HasIndex(x => x.ParkId);
            e.HasOne<ParkService>().WithMany().HasForeignKey(x => x.ServiceId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<ServiceSetting>(e =>
        {
            e.ToTable("ServiceSettings");
            e.HasKey(x => x.ParkId);
            e.Property(x => x.ParkId).ValueGeneratedNever();
            e.Property(x => x.SetBy).HasMaxLength(64);
            e.HasOne(Park, null).WithMany().HasForeignKey(nameof(ServiceSetting.ParkId)).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<ServiceOrder>(e =>
        {
            e.ToTable("ServiceOrders");
            e.Property(x => x.ServiceName).HasMaxLength(100);
            e.Property(x => x.Unit).HasMaxLength(10);
            e.Property(x => x.Note).HasMaxLength(500);
            e.Property(x => x.Reason).HasMaxLength(ServiceRules.MaxReasonLength);
            e.Property(x => x.OrderedBy).HasMaxLength(64);
            e.Property(x => x.ActedBy).HasMaxLength(64);
            e.HasIndex(x => new { x.ParkId, x.State });
            e.HasIndex(x => x.EnterpriseId);
            e.HasIndex(x => x.ServiceId);
            e.HasOne(Park, null).WithMany().HasForeignKey(nameof(ServiceOrder.ParkId)).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(Enterprise, null).WithMany().HasForeignKey(nameof(ServiceOrder.EnterpriseId)).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<ParkService>().WithMany().HasForeignKey(x => x.ServiceId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
