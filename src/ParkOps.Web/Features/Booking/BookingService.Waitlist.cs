using System.Security.Cryptography;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Booking;
using ParkOps.Domain.Rules;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Features.Booking;

public sealed partial class BookingService
{
    /// <summary>Join the waitlist for a slot that is taken (a free slot is simply booked).</summary>
    public async Task<WaitlistEntry> JoinWaitlistAsync(long resourceId, BookingInput input, CancellationToken ct)
    {
        var r = await ResourceAsync(resourceId, ct);
        var enterpriseId = await BookingEnterpriseAsync(r, input.EnterpriseId, ct);
        var (start, end, purpose) = ParseInput(input);
        SlotRules.Check(r.Policy, start, end, Now);
        await CheckQualificationAsync(r, start, start, ct);
        var (s, e) = (start.UtcDateTime, end.UtcDateTime);
        var taken = await db.Bookings.IgnoreQueryFilters().AnyAsync(x => x.ResourceId == r.Id && x.Live && x.Start < SlotRules.BlockedUntil(end, r.BufferMinutes).UtcDateTime && x.BlockedUntil > s, ct);
        if (!taken) throw new DomainRuleException("WaitlistOnlyForTakenSlots", "start", "该时段空闲，请直接预约", RuleKind.Conflict) { Arguments = [SlotRules.Fmt(start)] };
        var uid = db.Actor.UserId ?? 0;
        if (await db.WaitlistEntries.AnyAsync(w => w.ResourceId == r.Id && w.UserId == uid && w.Start == s && w.End == e && w.State == WaitlistState.Waiting, ct))
            throw new DomainRuleException("WaitlistEntryMustBeUnique", "start", "已在候补名单中", RuleKind.Conflict) { Arguments = [SlotRules.Fmt(start)] };
        var w = new WaitlistEntry
        {
            ParkId = r.ParkId, EnterpriseId = enterpriseId, ResourceId = r.Id, UserId = uid, Start = s, End = e, Purpose = purpose,
            State = WaitlistState.Waiting, CreatedAt = Now.UtcDateTime,
        };
        db.WaitlistEntries.Add(w);
        await db.SaveChangesAsync(ct);
        return w;
    }

    /// <summary>The caller's waitlist entries (an operator: the park's), newest first.</summary>
    public async Task<List<WaitlistDto>> WaitlistAsync(long parkId, CancellationToken ct)
    {
        await enterprises.ParkForReadAsync(parkId, ct);
        var q = db.WaitlistEntries.AsNoTracking().Where(w => w.ParkId == parkId);
        if (!db.Actor.CanOperatePark(parkId)) { var uid = db.Actor.UserId; q = q.Where(w => w.UserId == uid); }
        var rows = await q.OrderByDescending(w => w.CreatedAt).Take(200).ToListAsync(ct);
        return await ToWaitlistDtosAsync(rows, ct);
    }

    public async Task<List<WaitlistDto>> ToWaitlistDtosAsync(List<WaitlistEntry> rows, CancellationToken ct)
    {
        var rids = rows.Select(x => x.ResourceId).Distinct().ToList();
        var names = await db.Resources.Where(r => rids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Name, ct);
        return rows.Select(w => new WaitlistDto(w.Id, w.ResourceId, names.GetValueOrDefault(w.ResourceId, ""), Local(w.Start), Local(w.End), w.Purpose, w.State,
            Local(w.CreatedAt), w.OfferedAt is { } o ? Local(o) : null, w.BookingId)).ToList();
    }

    private async Task<WaitlistEntry> OwnWaitlistEntryAsync(long id, CancellationToken ct)
    {
        var w = await db.WaitlistEntries.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("WaitlistEntry", id);
        if (w.UserId != db.Actor.UserId && !db.Actor.CanOperatePark(w.ParkId)) throw new ForbiddenException("OnlyTheRequesterMayAct");
        return w;
    }

    public async Task<WaitlistEntry> WithdrawAsync(long id, CancellationToken ct)
    {
        var w = await OwnWaitlistEntryAsync(id, ct);
        if (w.State is not (WaitlistState.Waiting or WaitlistState.Offered))
            throw new DomainRuleException("WaitlistEntryMustBeOpen", "state", "候补已结束", RuleKind.Conflict) { Arguments = [w.State] };
        w.State = WaitlistState.Withdrawn;
        await db.SaveChangesAsync(ct);
        return w;
    }

    /// <summary>Take an offered slot: books it through the same path as any booking (and so can still lose to a faster booker).</summary>
    public async Task<CreatedBookings> AcceptOfferAsync(long id, CancellationToken ct)
    {
        var w = await OwnWaitlistEntryAsync(id, ct);
        if (w.UserId != db.Actor.UserId) throw new ForbiddenException("OnlyTheRequesterMayAct");
        if (w.State != WaitlistState.Offered)
            throw new DomainRuleException("WaitlistEntryMustBeOffered", "state", "该候补尚未获得空出的时段", RuleKind.Conflict) { Arguments = [w.State] };
        var created = await CreateAsync(w.ResourceId, new BookingInput(Local(w.Start).ToString("O"), Local(w.End).ToString("O"), w.Purpose, null, w.EnterpriseId), ct);
        w.State = WaitlistState.Booked;
        w.BookingId = created.Booking.Id;
        await db.SaveChangesAsync(ct);
        return created;
    }

    /// <summary>
    /// A booking was cancelled or rejected: the oldest waiting entry whose slot is now entirely free is offered it
    /// (first come, first served). The offer does not hold the slot; the person offered books it as anyone would.
    /// </summary>
    private async Task OfferFreedSlotAsync(Resource r, ResourceBooking freed, CancellationToken ct)
    {
        var candidates = await db.WaitlistEntries.IgnoreQueryFilters()
            .Where(w => w.ResourceId == r.Id && w.State == WaitlistState.Waiting && w.Start < freed.BlockedUntil && w.End > freed.Start && w.Start > Now.UtcDateTime)
            .OrderBy(w => w.CreatedAt).ThenBy(w => w.Id).ToListAsync(ct);
        foreach (var w in candidates)
        {
            var blocked = SlotRules.BlockedUntil(Local(w.End), r.BufferMinutes).UtcDateTime;
            var taken = await db.Bookings.IgnoreQueryFilters().AnyAsync(x => x.ResourceId == r.Id && x.Live && x.Start < blocked && x.BlockedUntil > w.Start, ct);
            if (taken) continue;
            w.State = WaitlistState.Offered;
            w.OfferedAt = Now.UtcDateTime;
            await db.SaveChangesAsync(ct);
            return;
        }
    }

    // ---------- calendar ----------

    public async Task<string> BookingIcsAsync(long id, CancellationToken ct)
    {
        var x = await BookingAsync(id, ct);
        var r = await db.Resources.IgnoreQueryFilters().FirstAsync(z => z.Id == x.ResourceId, ct);
        return Ics.Calendar("ParkOps", [Ics.Event(x, r, Now)]);
    }

    /// <summary>The caller's feed address (a secret token); <paramref name="rotate"/> replaces the old one, which stops working.</summary>
    public async Task<string> FeedTokenAsync(bool rotate, CancellationToken ct)
    {
        var uid = db.Actor.UserId ?? throw new ForbiddenException("OnlyBookersHaveFeeds");
        // people who book (enterprise users) or run the bookings (operators) have a feed; viewers have nothing to subscribe to
        if (db.Actor.EnterpriseIds.Length == 0 && db.Actor.OperatorParkIds.Length == 0) throw new ForbiddenException("OnlyBookersHaveFeeds");
        var feed = await db.CalendarFeeds.FirstOrDefaultAsync(f => f.UserId == uid, ct);
        if (feed is null) { feed = new CalendarFeed { UserId = uid, Token = NewToken(), CreatedAt = Now.UtcDateTime }; db.CalendarFeeds.Add(feed); }
        else if (rotate) { feed.Token = NewToken(); feed.CreatedAt = Now.UtcDateTime; }
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
        var since = Now.UtcDateTime.AddDays(-90);
        var rows = await db.Bookings.IgnoreQueryFilters().AsNoTracking().Where(x => x.UserId == feed.UserId && x.Start >= since).OrderBy(x => x.Start).Take(2000).ToListAsync(ct);
        var rids = rows.Select(x => x.ResourceId).Distinct().ToList();
        var resources = await db.Resources.IgnoreQueryFilters().Where(r => rids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
        return Ics.Calendar("ParkOps 预约", rows.Select(x => Ics.Event(x, resources[x.ResourceId], Now)).ToList());
    }

    public void EnsureValidId(long id, string field)
    {
        if (id <= 0) throw new ValidationException([new ValidationFailure(field, t["Val.Positive"])]);
    }
}
