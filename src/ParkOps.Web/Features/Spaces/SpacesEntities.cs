using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ParkOps.Web.Data;

namespace ParkOps.Web.Features.Spaces;

/// <summary>The spaces area's tables (ParkOpsDb applies the configurations; the sets read as db.Buildings, db.Units, …).</summary>
public static class SpacesSets
{
    extension(ParkOpsDb db)
    {
        public DbSet<Building> Buildings => db.Set<Building>();
        public DbSet<Floor> Floors => db.Set<Floor>();
        public DbSet<Unit> Units => db.Set<Unit>();
    }
}

internal sealed class BuildingConfiguration : IEntityTypeConfiguration<Building>
{
    // another area's table is named by its entity's name: a foreign key is no use of the area's types
    private const string Park = "ParkOps.Web.Features.Parks.Park";

    public void Configure(EntityTypeBuilder<Building> e)
    {
        e.ToTable("Buildings");
        e.Property(x => x.Name).HasMaxLength(100);
        e.HasIndex(x => new { x.ParkId, x.Name }).IsUnique();
        e.HasOne(Park, null).WithMany().HasForeignKey(nameof(Building.ParkId)).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class FloorConfiguration : IEntityTypeConfiguration<Floor>
{
    public void Configure(EntityTypeBuilder<Floor> e)
    {
        e.ToTable("Floors");
        e.HasIndex(x => new { x.BuildingId, x.Number }).IsUnique();
        e.HasOne<Building>().WithMany().HasForeignKey(x => x.BuildingId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class UnitConfiguration : IEntityTypeConfiguration<Unit>
{
    private const string Enterprise = "ParkOps.Web.Features.Enterprises.Enterprise";

    public void Configure(EntityTypeBuilder<Unit> e)
    {
        e.ToTable("Units");
        e.Property(x => x.Code).HasMaxLength(40);
        e.HasIndex(x => new { x.ParkId, x.Code }).IsUnique();
        e.HasOne<Building>().WithMany().HasForeignKey(x => x.BuildingId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Floor>().WithMany().HasForeignKey(x => x.FloorId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne(Enterprise, null).WithMany().HasForeignKey(nameof(Unit.OccupantEnterpriseId)).OnDelete(DeleteBehavior.SetNull);
    }
}
