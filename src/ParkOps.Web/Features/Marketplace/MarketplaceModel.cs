using Microsoft.EntityFrameworkCore;

namespace ParkOps.Web.Features.Marketplace;

/// <summary>The marketplace's tables (migration 0008); their query filters are declared in ParkOpsDb, which owns the caller's scope.</summary>
public static class MarketplaceModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<Post>(e =>
        {
            e.Property(x => x.Title).HasMaxLength(Domain.Marketplace.PostRules.MaxTitle);
            e.Property(x => x.Description).HasMaxLength(Domain.Marketplace.PostRules.MaxDescription);
            e.Property(x => x.Unit).HasMaxLength(20);
            e.Property(x => x.PriceUnit).HasMaxLength(20);
            e.Property(x => x.Location).HasMaxLength(200);
            e.Property(x => x.ExternalRef).HasMaxLength(64);
            e.Property(x => x.CreatedBy).HasMaxLength(64);
            e.HasIndex(x => new { x.ParkId, x.State, x.Kind });
            e.HasIndex(x => new { x.RegionId, x.Visibility, x.State });
            e.HasIndex(x => x.EnterpriseId);
            e.HasIndex(x => new { x.ParkId, x.ExternalRef }).IsUnique();
            e.HasOne<Enterprises.Enterprise>().WithMany().HasForeignKey(x => x.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<MarketCapability>(e =>
        {
            e.ToTable("Capabilities");
            e.Property(x => x.Code).HasMaxLength(40);
            e.Property(x => x.NameZh).HasMaxLength(100);
            e.Property(x => x.NameEn).HasMaxLength(100);
            e.Property(x => x.Category).HasMaxLength(40);
            e.Property(x => x.Unit).HasMaxLength(40);
            e.Property(x => x.Related).HasMaxLength(1000);
            e.HasIndex(x => x.Code).IsUnique();
            e.HasIndex(x => x.ParkId);
            e.HasOne<Parks.Park>().WithMany().HasForeignKey(x => x.ParkId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<MarketSettings>(e =>
        {
            e.ToTable("MarketSettings");
            e.HasKey(x => x.ParkId);
            e.Property(x => x.ParkId).ValueGeneratedNever();
            // every weight and the threshold: a share from 0 to 1 in hundredths (0040)
            foreach (var share in typeof(MarketSettings).GetProperties().Where(p => p.PropertyType == typeof(decimal)))
                e.Property(share.Name).HasPrecision(3, 2);
            e.Property(x => x.UpdatedBy).HasMaxLength(64);
            e.HasOne<Parks.Park>().WithMany().HasForeignKey(x => x.ParkId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<MarketLexiconEntry>(e =>
        {
            e.ToTable("LexiconEntries");
            e.Property(x => x.Phrase).HasMaxLength(40);
            e.Property(x => x.Capability).HasMaxLength(40);
            e.Property(x => x.Level).HasMaxLength(10);
            e.Property(x => x.Material).HasMaxLength(20);
            e.Property(x => x.Source).HasMaxLength(200);
            e.Property(x => x.CreatedBy).HasMaxLength(64);
            e.HasIndex(x => x.Phrase).IsUnique();
        });
        b.Entity<Collaboration>(e =>
        {
            e.Property(x => x.Message).HasMaxLength(1000);
            e.Property(x => x.Unit).HasMaxLength(20);
            e.Property(x => x.DisputeReason).HasMaxLength(1000);
            e.Property(x => x.DeclineReason).HasMaxLength(1000);
            e.Property(x => x.CreatedBy).HasMaxLength(64);
            e.HasIndex(x => new { x.ParkId, x.State });
            e.HasIndex(x => x.NeedEnterpriseId);
            e.HasIndex(x => x.OfferEnterpriseId);
            e.HasOne<Post>().WithMany().HasForeignKey(x => x.NeedPostId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Post>().WithMany().HasForeignKey(x => x.OfferPostId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
