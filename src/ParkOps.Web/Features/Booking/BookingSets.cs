using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Data;

namespace ParkOps.Web.Features.Booking;

/// <summary>The booking area's tables (configured by <see cref="BookingModel"/>; the sets read as db.Resources, db.Bookings, …).</summary>
public static class BookingSets
{
    extension(ParkOpsDb db)
    {
        public DbSet<Resource> Resources => db.Set<Resource>();
        public DbSet<ResourceBooking> Bookings => db.Set<ResourceBooking>();
        public DbSet<TrainingRecord> TrainingRecords => db.Set<TrainingRecord>();
        public DbSet<WaitlistEntry> WaitlistEntries => db.Set<WaitlistEntry>();
        public DbSet<CalendarFeed> CalendarFeeds => db.Set<CalendarFeed>();
    }
}
