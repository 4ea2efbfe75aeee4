using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ParkOps.Web.Data;

namespace ParkOps.Web.Features.Leasing;

/// <summary>The leasing area's tables (ParkOpsDb applies the configurations; the sets read as db.Leases, …).</summary>
public static class LeasingSets
{
    extension(ParkOpsDb db)
    {
        public DbSet<RentPolicyVersion> RentPolicyVersions => db.Set<RentPolicyVersion>();
        public DbSet<Lease> Leases => db.Set<Lease>();
        public DbSet<LeaseUnit> LeaseUnits => db.Set<LeaseUnit>();
        public DbSet<LeaseFactsRevision> LeaseFactsRevisions => db.Set<LeaseFactsRevision>();
        public DbSet<LeaseSettlement> LeaseSettlements => db.Set<LeaseSettlement>();
    }
}

internal sealed class RentPolicyVersionConfiguration : IEntityTypeConfiguration<RentPolicyVersion>
{
    // another area's table is named by its entity's name: a foreign key is no use of the area's types
    private const string Park = "ParkOps.Web.Features.Parks.Park";

    public void Configure(EntityTypeBuilder<RentPolicyVersion> e)
    {
        e.ToTable("RentPolicyVersions");
        e.HasIndex(x => new { x.ParkId, x.EffectiveFrom }).IsUnique();
        e.HasOne(Park, null).WithMany().HasForeignKey(nameof(RentPolicyVersion.ParkId)).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LeaseConfiguration : IEntityTypeConfiguration<Lease>
{
    private const string Enterprise = "ParkOps.Web.Features.Enterprises.Enterprise";

    public void Configure(EntityTypeBuilder<Lease> e)
    {
        e.ToTable("Leases");
        e.Property(x => x.Code).HasMaxLength(60);
        e.Property(x => x.Notes).HasMaxLength(1000);
        e.HasIndex(x => x.Code).IsUnique();
        e.HasIndex(x => new { x.ParkId, x.State, x.EndDate });
        e.HasIndex(x => x.EnterpriseId);
        e.HasOne(Enterprise, null).WithMany().HasForeignKey(nameof(Lease.EnterpriseId)).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(x => x.Units).WithOne().HasForeignKey(x => x.LeaseId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LeaseUnitConfiguration : IEntityTypeConfiguration<LeaseUnit>
{
    private const string Unit = "ParkOps.Web.Features.Spaces.Unit";

    public void Configure(EntityTypeBuilder<LeaseUnit> e)
    {
        e.ToTable("LeaseUnits");
        e.HasIndex(x => x.LeaseId);
        // at most one lease holds a unit at a time, enforced by the database (both engines read this filter)
        e.HasIndex(x => x.UnitId).IsUnique().HasFilter("\"Holds\"").HasDatabaseName("UX_LeaseUnits_UnitId_Holding");
        e.HasOne(Unit, null).WithMany().HasForeignKey(nameof(LeaseUnit.UnitId)).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LeaseFactsRevisionConfiguration : IEntityTypeConfiguration<LeaseFactsRevision>
{
    public void Configure(EntityTypeBuilder<LeaseFactsRevision> e)
    {
        e.ToTable("LeaseFactsRevisions");
        e.Property(x => x.Reason).HasMaxLength(400);
        e.Property(x => x.CreatedBy).HasMaxLength(100);
        // one re-evaluation per lease and month: two operators naming the same month cannot both land
        e.HasIndex(x => new { x.LeaseId, x.EffectiveMonth }).IsUnique();
        e.HasOne<Lease>().WithMany().HasForeignKey(x => x.LeaseId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LeaseSettlementConfiguration : IEntityTypeConfiguration<LeaseSettlement>
{
    public void Configure(EntityTypeBuilder<LeaseSettlement> e)
    {
        e.ToTable("LeaseSettlements");
        e.Property(x => x.DamagesNote).HasMaxLength(200);
        e.Property(x => x.DeductionsJson).HasColumnType("text");
        e.Property(x => x.LinesJson).HasColumnType("text");
        e.Property(x => x.DraftedBy).HasMaxLength(100);
        e.Property(x => x.SubmittedBy).HasMaxLength(100);
        e.Property(x => x.ApprovedBy).HasMaxLength(100);
        e.Property(x => x.SettledBy).HasMaxLength(100);
        // one settlement per lease: two operators opening the draft at once cannot make two
        e.HasIndex(x => x.LeaseId).IsUnique();
        e.HasOne<Lease>().WithMany().HasForeignKey(x => x.LeaseId).OnDelete(DeleteBehavior.Cascade);
    }
}
