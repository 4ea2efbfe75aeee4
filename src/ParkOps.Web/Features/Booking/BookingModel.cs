using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Features.Users;

namespace ParkOps.Web.Features.Booking;

/// <summary>The booking area's tables (called from <see cref="Data.ParkOpsDb"/>; scoping comes from the marker interfaces).</summary>
public static class BookingModel
{
    /// <summary>
    /// Name of the no-overlap guard. On PostgreSQL it is the exclusion constraint (its gist index is keyed by
    /// ResourceId plus the time range); the model declares a plain ResourceId index of the same name so that the
    /// schema the migrations build and the schema EF Core describes agree.
    /// </summary>
    public const string NoOverlap = "EX_Bookings_NoOverlap";

    /// <summary>
    /// PostgreSQL: booking ids come from this sequence in blocks (<see cref="Data.BlockIdGenerator"/>) rather than from
    /// an identity column, so a new booking's id is known before it is written and its audit row goes in the same
    /// batch: one round trip instead of three. SQLite writes locally and keeps its rowid.
    /// </summary>
    public const string IdSequence = "BookingIds";
    public const int IdBlock = 50;

    public static void Configure(ModelBuilder b, bool postgres)
    {
        b.Entity<Resource>(e =>
        {
            e.ToTable("Resources");
            e.Property(x => x.Code).HasMaxLength(40);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.Location).HasMaxLength(100);
            e.Property(x => x.Description).HasMaxLength(1000);
            e.Property(x => x.RequiredQualification).HasMaxLength(100);
            e.HasIndex(x => new { x.ParkId, x.Code }).IsUnique();
            e.HasOne<Park>().WithMany().HasForeignKey(x => x.ParkId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<BookingQuotaVersion>(e =>
        {
            e.ToTable("BookingQuotaVersions");
            e.Property(x => x.StartupLabHours).HasPrecision(8, 2);
            e.Property(x => x.StartupMeetingHours).HasPrecision(8, 2);
            e.Property(x => x.EstablishedLabHours).HasPrecision(8, 2);
            e.Property(x => x.EstablishedMeetingHours).HasPrecision(8, 2);
            e.Property(x => x.CreatedBy).HasMaxLength(64);
            e.HasIndex(x => new { x.ParkId, x.EffectiveFrom }).IsUnique();
            e.HasOne<Park>().WithMany().HasForeignKey(x => x.ParkId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<TrainingRecord>(e =>
        {
            e.ToTable("TrainingRecords");
            e.Property(x => x.Qualification).HasMaxLength(100);
            e.Property(x => x.IssuedBy).HasMaxLength(100);
            e.HasIndex(x => new { x.UserId, x.Qualification });
            e.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Enterprise>().WithMany().HasForeignKey(x => x.EnterpriseId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ResourceBooking>(e =>
        {
            e.ToTable("Bookings");
            if (postgres)
            {
                b.HasSequence<long>(IdSequence).IncrementsBy(IdBlock);
                var generator = new Data.BlockIdGenerator(IdSequence, IdBlock);
                e.Property(x => x.Id).Metadata.SetValueGenerationStrategy(Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.NpgsqlValueGenerationStrategy.None);
                e.Property(x => x.Id).HasDefaultValueSql($"nextval('\"{IdSequence}\"')").HasValueGenerator((_, _) => generator);
            }
            e.Property(x => x.Purpose).HasMaxLength(200);
            e.Property(x => x.Note).HasMaxLength(500);
            e.Property(x => x.DecidedBy).HasMaxLength(64);
            e.Property(x => x.State);
            e.Property(x => x.Live);
            e.HasIndex(x => new { x.ResourceId, x.Start });
            e.HasIndex(x => x.ResourceId).HasDatabaseName(NoOverlap);
            e.HasIndex(x => new { x.EnterpriseId, x.Start });
            e.HasIndex(x => new { x.ParkId, x.State });
            e.HasOne<Resource>().WithMany().HasForeignKey(x => x.ResourceId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Enterprise>().WithMany().HasForeignKey(x => x.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<WaitlistEntry>(e =>
        {
            e.ToTable("WaitlistEntries");
            e.Property(x => x.Purpose).HasMaxLength(200);
            e.HasIndex(x => new { x.ResourceId, x.State, x.CreatedAt });
            e.HasOne<Resource>().WithMany().HasForeignKey(x => x.ResourceId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Enterprise>().WithMany().HasForeignKey(x => x.EnterpriseId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<CalendarFeed>(e =>
        {
            e.ToTable("CalendarFeeds");
            e.Property(x => x.Token).HasMaxLength(64);
            e.HasIndex(x => x.Token).IsUnique();
            e.HasIndex(x => x.UserId).IsUnique();
            e.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
