using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ParkOps.Web.Data;

namespace ParkOps.Web.Features.Parks;

/// <summary>The park area's tables (ParkOpsDb applies the configurations; the sets read as db.Parks, db.Regions).</summary>
public static class ParksSets
{
    extension(ParkOpsDb db)
    {
        public DbSet<Region> Regions => db.Set<Region>();
        public DbSet<Park> Parks => db.Set<Park>();
    }
}

internal sealed class RegionConfiguration : IEntityTypeConfiguration<Region>
{
    public void Configure(EntityTypeBuilder<Region> e)
    {
        e.ToTable("Regions");
        e.HasIndex(x => x.Code).IsUnique();
        e.Property(x => x.Name).HasMaxLength(100);
        e.Property(x => x.Code).HasMaxLength(12);
    }
}

internal sealed class ParkConfiguration : IScopedEntityConfiguration<Park>
{
    public void Configure(EntityTypeBuilder<Park> e)
    {
        e.ToTable("Parks");
        e.HasIndex(x => x.Code).IsUnique();
        e.Property(x => x.Name).HasMaxLength(100);
        e.Property(x => x.Code).HasMaxLength(32);
        e.Property(x => x.NegativeList).HasMaxLength(2000);
        e.Property(x => x.ThinStageShare).HasPrecision(4, 2);
        e.Property(x => x.ChainStages).HasMaxLength(1000);
        e.Property(x => x.ChainServices).HasMaxLength(1000);
        e.Property(x => x.PayeeName).HasMaxLength(100);
        e.Property(x => x.PayeeBank).HasMaxLength(100);
        e.Property(x => x.PayeeAccount).HasMaxLength(40);
        e.HasOne<Region>().WithMany().HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
    }

    public Expression<Func<ParkOpsDb, Park, bool>> Scope => (db, x) => db.SeesAll || db.VisibleParkIds.Contains(x.Id);
}
