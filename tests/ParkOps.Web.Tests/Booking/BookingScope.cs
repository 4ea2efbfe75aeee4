using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Booking;
using ParkOps.Web.Features.Booking;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Booking;

/// <summary>Booking rows the scope tests need where the demo has none (a booking and a waitlist entry of a given park and enterprise).</summary>
public static class BookingScope
{
    public static Task<long> BookingInParkAsync(ParkOpsFactory app, long parkId, long enterpriseId) => app.WithDbAsync(async db =>
    {
        var b = await db.Bookings.Where(x => x.ParkId == parkId).OrderBy(x => x.Id).FirstOrDefaultAsync();
        if (b is not null) return b.Id;
        var r = await db.Resources.Where(x => x.ParkId == parkId).OrderBy(x => x.Id).FirstAsync();
        // a cancelled booking far ahead: it holds no slot, it only gives the park a booking id
        var start = DateTimeOffset.UtcNow.AddYears(1);
        b = new ResourceBooking
        {
            ParkId = parkId, EnterpriseId = enterpriseId, ResourceId = r.Id, UserId = 0, Start = start.UtcDateTime, End = start.AddHours(1).UtcDateTime,
            BlockedUntil = start.AddHours(1).UtcDateTime, Purpose = "scope-test", CreatedAt = DateTime.UtcNow,
        };
        b.SetState(BookingState.Cancelled);
        db.Bookings.Add(b);
        await db.SaveChangesAsync();
        return b.Id;
    });

    public static Task<long> WaitlistEntryAsync(ParkOpsFactory app, long parkId, long enterpriseId) => app.WithDbAsync(async db =>
    {
        var w = await db.WaitlistEntries.Where(x => x.ParkId == parkId && x.EnterpriseId == enterpriseId).OrderBy(x => x.Id).FirstOrDefaultAsync();
        if (w is not null) return w.Id;
        var r = await db.Resources.Where(x => x.ParkId == parkId).OrderBy(x => x.Id).FirstAsync();
        var start = DateTimeOffset.UtcNow.AddYears(1);
        w = new WaitlistEntry
        {
            ParkId = parkId, EnterpriseId = enterpriseId, ResourceId = r.Id, UserId = 0, Start = start.UtcDateTime, End = start.AddHours(1).UtcDateTime,
            Purpose = "scope-test", State = WaitlistState.Withdrawn, CreatedAt = DateTime.UtcNow,
        };
        db.WaitlistEntries.Add(w);
        await db.SaveChangesAsync();
        return w.Id;
    });
}
