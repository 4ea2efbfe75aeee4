using Microsoft.EntityFrameworkCore;

namespace ParkOps.Web.Features.Marketplace;

/// <summary>The joint procurement tables (migration 0010); scoped by the marker interfaces' default filters in ParkOpsDb.</summary>
public static class PoolModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<ProcurementPool>(e =>
        {
            e.ToTable("ProcurementPools");
            e.Property(x => x.Item).HasMaxLength(100);
            e.Property(x => x.Spec).HasMaxLength(200);
            e.Property(x => x.Unit).HasMaxLength(20);
            e.Property(x => x.Tiers).HasMaxLength(600);
            e.Ignore(x => x.TierList);
            e.Property(x => x.CreatedBy).HasMaxLength(64);
            e.HasIndex(x => new { x.ParkId, x.State });
            e.HasOne<Parks.Park>().WithMany().HasForeignKey(x => x.ParkId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<PoolCommitment>(e =>
        {
            e.ToTable("PoolCommitments");
            e.Property(x => x.UpdatedBy).HasMaxLength(64);
            e.HasIndex(x => new { x.PoolId, x.EnterpriseId }).IsUnique();
            e.HasIndex(x => x.EnterpriseId);
            e.HasOne<ProcurementPool>().WithMany().HasForeignKey(x => x.PoolId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Enterprises.Enterprise>().WithMany().HasForeignKey(x => x.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<PurchaseOrder>(e =>
        {
            e.ToTable("PurchaseOrders");
            e.Property(x => x.Number).HasMaxLength(40);
            e.Property(x => x.Supplier).HasMaxLength(200);
            e.Property(x => x.CreatedBy).HasMaxLength(64);
            e.HasIndex(x => x.Number).IsUnique();
            e.HasIndex(x => x.PoolId).IsUnique();
            e.HasOne<ProcurementPool>().WithMany().HasForeignKey(x => x.PoolId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<PurchaseAllocation>(e =>
        {
            e.ToTable("PurchaseAllocations");
            e.HasIndex(x => new { x.OrderId, x.EnterpriseId }).IsUnique();
            e.HasIndex(x => x.EnterpriseId);
            e.HasOne<PurchaseOrder>().WithMany().HasForeignKey(x => x.OrderId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
