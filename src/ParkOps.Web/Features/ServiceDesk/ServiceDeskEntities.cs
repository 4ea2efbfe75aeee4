using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ParkOps.Web.Data;

namespace ParkOps.Web.Features.ServiceDesk;

/// <summary>The service desk's tables (ParkOpsDb applies the configurations; the sets read as db.Tickets, …).</summary>
public static class ServiceDeskSets
{
    extension(ParkOpsDb db)
    {
        public DbSet<Ticket> Tickets => db.Set<Ticket>();
        public DbSet<TicketEvent> TicketEvents => db.Set<TicketEvent>();
        public DbSet<TicketPhoto> TicketPhotos => db.Set<TicketPhoto>();
        public DbSet<SlaPolicy> SlaPolicies => db.Set<SlaPolicy>();
        public DbSet<UnitQrCode> UnitQrCodes => db.Set<UnitQrCode>();
    }
}

// A ticket is read by its park's operators, by the requester's enterprise and by the user it is assigned to (an outside
// contractor sees only those); its timeline and photos go with it.
internal sealed class TicketConfiguration : IScopedEntityConfiguration<Ticket>
{
    // another area's table is named by its entity's name: a foreign key is no use of the area's types
    private const string Park = "ParkOps.Web.Features.Parks.Park", Enterprise = "ParkOps.Web.Features.Enterprises.Enterprise", Unit = "ParkOps.Web.Features.Spaces.Unit";

    public void Configure(EntityTypeBuilder<Ticket> e)
    {
        e.ToTable("Tickets");
        e.Property(x => x.Title).HasMaxLength(120);
        e.Property(x => x.Description).HasMaxLength(4000);
        e.Property(x => x.CommonArea).HasMaxLength(100);
        e.Property(x => x.RequesterName).HasMaxLength(100);
        e.Property(x => x.RequesterPhone).HasMaxLength(30);
        e.Property(x => x.SignedBy).HasMaxLength(50);
        e.Property(x => x.RatingComment).HasMaxLength(1000);
        e.HasIndex(x => new { x.ParkId, x.State });
        e.HasIndex(x => x.EnterpriseId);
        e.HasIndex(x => x.AssigneeUserId);
        e.HasOne(Park, null).WithMany().HasForeignKey(nameof(Ticket.ParkId)).OnDelete(DeleteBehavior.Restrict);
        e.HasOne(Enterprise, null).WithMany().HasForeignKey(nameof(Ticket.EnterpriseId)).OnDelete(DeleteBehavior.Restrict);
        e.HasOne(Unit, null).WithMany().HasForeignKey(nameof(Ticket.UnitId)).OnDelete(DeleteBehavior.Restrict);
    }

    public Expression<Func<ParkOpsDb, Ticket, bool>> Scope =>
        (db, x) => db.SeesAll || db.OperatorParkIds.Contains(x.ParkId) || (x.EnterpriseId != null && db.EnterpriseIds.Contains(x.EnterpriseId.Value))
            || (x.AssigneeUserId != null && x.AssigneeUserId == db.ActorUserId);
}

internal sealed class TicketEventConfiguration : IScopedEntityConfiguration<TicketEvent>
{
    public void Configure(EntityTypeBuilder<TicketEvent> e)
    {
        e.ToTable("TicketEvents");
        e.Property(x => x.ActorName).HasMaxLength(100);
        e.Property(x => x.Body).HasMaxLength(4000);
        e.HasIndex(x => x.TicketId);
        e.HasOne<Ticket>().WithMany().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Cascade);
    }

    public Expression<Func<ParkOpsDb, TicketEvent, bool>> Scope => (db, x) => db.Set<Ticket>().Any(t => t.Id == x.TicketId);
}

internal sealed class TicketPhotoConfiguration : IScopedEntityConfiguration<TicketPhoto>
{
    public void Configure(EntityTypeBuilder<TicketPhoto> e)
    {
        e.ToTable("TicketPhotos");
        e.Property(x => x.ContentType).HasMaxLength(32);
        e.Property(x => x.FileName).HasMaxLength(200);
        e.Property(x => x.UploadedBy).HasMaxLength(100);
        e.HasIndex(x => x.TicketId);
        e.HasOne<Ticket>().WithMany().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Cascade);
    }

    public Expression<Func<ParkOpsDb, TicketPhoto, bool>> Scope => (db, x) => db.Set<Ticket>().Any(t => t.Id == x.TicketId);
}

internal sealed class SlaPolicyConfiguration : IEntityTypeConfiguration<SlaPolicy>
{
    private const string Park = "ParkOps.Web.Features.Parks.Park";

    public void Configure(EntityTypeBuilder<SlaPolicy> e)
    {
        e.ToTable("SlaPolicies");
        e.HasIndex(x => new { x.ParkId, x.Category, x.Severity }).IsUnique();
        e.HasOne(Park, null).WithMany().HasForeignKey(nameof(SlaPolicy.ParkId)).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class UnitQrCodeConfiguration : IScopedEntityConfiguration<UnitQrCode>
{
    private const string Unit = "ParkOps.Web.Features.Spaces.Unit";

    public void Configure(EntityTypeBuilder<UnitQrCode> e)
    {
        e.ToTable("UnitQrCodes");
        e.Property(x => x.Token).HasMaxLength(64);
        e.HasIndex(x => x.Token).IsUnique();
        e.HasIndex(x => x.UnitId).IsUnique();
        e.HasOne(Unit, null).WithMany().HasForeignKey(nameof(UnitQrCode.UnitId)).OnDelete(DeleteBehavior.Cascade);
    }

    // the link's secret is the operators' to print; the anonymous form finds it by token, ignoring filters
    public Expression<Func<ParkOpsDb, UnitQrCode, bool>> Scope => (db, x) => db.SeesAll || db.OperatorParkIds.Contains(x.ParkId);
}
