using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ParkOps.Web.Data;

namespace ParkOps.Web.Features.Users;

/// <summary>The user area's tables (ParkOpsDb applies the configurations; the sets read as db.Users, db.RoleGrants).</summary>
public static class UsersSets
{
    extension(ParkOpsDb db)
    {
        public DbSet<User> Users => db.Set<User>();
        public DbSet<RoleGrant> RoleGrants => db.Set<RoleGrant>();
    }
}

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> e)
    {
        e.ToTable("Users");
        e.Property(x => x.UserName).HasMaxLength(64);
        e.Property(x => x.DisplayName).HasMaxLength(100);
        e.HasIndex(x => x.UserName).IsUnique();
        e.HasMany(x => x.Grants).WithOne().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RoleGrantConfiguration : IEntityTypeConfiguration<RoleGrant>
{
    // another area's table is named by its entity's name: a foreign key is no use of the area's types
    private const string Park = "ParkOps.Web.Features.Parks.Park", Enterprise = "ParkOps.Web.Features.Enterprises.Enterprise", Region = "ParkOps.Web.Features.Parks.Region";

    public void Configure(EntityTypeBuilder<RoleGrant> e)
    {
        e.ToTable("RoleGrants");
        e.HasIndex(x => x.UserId);
        e.HasOne(Park, null).WithMany().HasForeignKey(nameof(RoleGrant.ParkId)).OnDelete(DeleteBehavior.Cascade);
        e.HasOne(Enterprise, null).WithMany().HasForeignKey(nameof(RoleGrant.EnterpriseId)).OnDelete(DeleteBehavior.Cascade);
        e.HasOne(Region, null).WithMany().HasForeignKey(nameof(RoleGrant.RegionId)).OnDelete(DeleteBehavior.Cascade);
    }
}
