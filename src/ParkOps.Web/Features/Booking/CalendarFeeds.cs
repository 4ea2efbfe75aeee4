using System.Security.Cryptography;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Booking;
using ParkOps.Domain.Rules;
using ParkOps.Web.Data;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Features.Booking;

/// <summary>Bookings in calendar apps: one booking as an .ics file, and each user's secret feed of their own bookings.</summary>
public sealed class CalendarFeeds(ParkOpsDb db, BookingAccess access)
{
    public async Task<string> BookingIcsAsync(long id, CancellationToken ct)
    {
        var x = await access.BookingAsync(id, ct);
        var r = await db.Resources.IgnoreQueryFilters().FirstAsync(z => z.Id == x.ResourceId, ct);
        return Ics.Calendar("ParkOps", [Ics.Event(x, r, access.Now)]);
    }

    /// <summary>The caller's feed address (a secret token); <paramref name="rotate"/> replaces the old one, which stops working.</summary>
    public async Task<string> FeedTokenAsync(bool rotate, CancellationToken ct)
    {
        var uid = db.Actor.UserId ?? throw new ForbiddenException("OnlyBookersHaveFeeds");
        // people who book (enterprise users) or run the bookings (operators) have a feed; viewers have nothing to subscribe to
        if (db.Actor.EnterpriseIds.Length == 0 && db.Actor.OperatorParkIds.Length == 0) throw new ForbiddenException("OnlyBookersHaveFeeds");
        var feed = await db.CalendarFeeds.FirstOrDefaultAsync(f => f.UserId == uid, ct);
        if (feed is null) { feed = new CalendarFeed { UserId = uid, Token = NewToken(), CreatedAt = access.Now.UtcDateTime }; db.CalendarFeeds.Add(feed); }
        else if (rotate) { feed.Token = NewToken(); feed.CreatedAt = access.Now.UtcDateTime; }
        else return feed.Token;
        await db.SaveChangesAsync(ct);
        return feed.Token;
    }

    public async Task<string?> FeedUrlIfAnyAsync(string baseUrl, CancellationToken ct)
    {
        var uid = db.Actor.UserId;
        var token = await db.CalendarFeeds.Where(f => f.UserId == uid).Select(f => f.Token).FirstOrDefaultAsync(ct);
        return token is null ? null : $"{baseUrl}/calendar/{token}.ics";
    }

    private static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    /// <summary>
    /// The feed a calendar app subscribes to: the user's own bookings (not the enterprise's colleagues') from 90 days
    /// back, live and cancelled (a cancelled one is sent as STATUS:CANCELLED so the app removes it). Null for an unknown token.
    /// </summary>
    public async Task<string?> FeedAsync(string token, CancellationToken ct)
    {
        if (token.Length is < 16 or > 64) return null;
        var feed = await db.CalendarFeeds.AsNoTracking().FirstOrDefaultAsync(f => f.Token == token, ct);
        if (feed is null) return null;
        var since = access.Now.UtcDateTime.AddDays(-90);
        var rows = await db.Bookings.IgnoreQueryFilters().AsNoTracking().Where(x => x.UserId == feed.UserId && x.Start >= since).OrderBy(x => x.Start).Take(2000).ToListAsync(ct);
        var rids = rows.Select(x => x.ResourceId).Distinct().ToList();
        var resources = await db.Resources.IgnoreQueryFilters().Where(r => rids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
        return Ics.Calendar("ParkOps 预约", rows.Select(x => Ics.Event(x, resources[x.ResourceId], access.Now)).ToList());
    }
}
