using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ParkOps.Web.Data;

namespace ParkOps.Web.Features.Marketplace;

/// <summary>
/// The marketplace's tables (shaped by <see cref="MarketplaceModel"/> and <see cref="PoolModel"/>; the sets read as
/// db.Posts, …) and the filters of those not scoped by their marker alone.
/// </summary>
public static class MarketplaceSets
{
    extension(ParkOpsDb db)
    {
        public DbSet<Post> Posts => db.Set<Post>();
        public DbSet<MarketCapability> MarketCapabilities => db.Set<MarketCapability>();
        public DbSet<Collaboration> Collaborations => db.Set<Collaboration>();
        public DbSet<ProcurementPool> ProcurementPools => db.Set<ProcurementPool>();
        public DbSet<PoolCommitment> PoolCommitments => db.Set<PoolCommitment>();
        public DbSet<PurchaseOrder> PurchaseOrders => db.Set<PurchaseOrder>();
        public DbSet<PurchaseAllocation> PurchaseAllocations => db.Set<PurchaseAllocation>();
    }
}

// a draft is its enterprise's alone; a published post is seen in its park, and a region-wide one in every park of its
// region (the city)
internal sealed class PostConfiguration : IScopedEntityConfiguration<Post>
{
    public void Configure(EntityTypeBuilder<Post> e) => e.ToTable("Posts");

    public Expression<Func<ParkOpsDb, Post, bool>> Scope => (db, x) => db.SeesAll || db.EnterpriseIds.Contains(x.EnterpriseId)
        || x.State != Domain.Marketplace.PostState.Draft && (db.VisibleParkIds.Contains(x.ParkId) || x.Visibility == Domain.Matching.PostVisibility.Region && db.MarketRegionIds.Contains(x.RegionId));
}

// a collaboration is seen by its two enterprises and their parks' readers
internal sealed class CollaborationConfiguration : IScopedEntityConfiguration<Collaboration>
{
    public void Configure(EntityTypeBuilder<Collaboration> e) => e.ToTable("Collaborations");

    public Expression<Func<ParkOpsDb, Collaboration, bool>> Scope => (db, x) => db.SeesAll || db.ReaderParkIds.Contains(x.ParkId) || db.ReaderParkIds.Contains(x.OfferParkId)
        || db.EnterpriseIds.Contains(x.NeedEnterpriseId) || db.EnterpriseIds.Contains(x.OfferEnterpriseId);
}

// the shared taxonomy is everyone's; a park's local entries are seen where the park is
internal sealed class MarketCapabilityConfiguration : IScopedEntityConfiguration<MarketCapability>
{
    public void Configure(EntityTypeBuilder<MarketCapability> e) { }

    public Expression<Func<ParkOpsDb, MarketCapability, bool>> Scope =>
        (db, x) => x.ParkId == null && db.SignedIn || db.SeesAll || x.ParkId != null && db.VisibleParkIds.Contains(x.ParkId.Value);
}
