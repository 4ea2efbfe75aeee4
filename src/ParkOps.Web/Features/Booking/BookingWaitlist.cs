using System.Security.Cryptography;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Booking;
using ParkOps.Domain.Rules;
using ParkOps.Web.Data;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Features.Booking;

/// <summary>Waiting for a taken slot: joining, withdrawing, the offer of a freed slot (first come, first served) and taking it.</summary>
public sealed class BookingWaitlist(ParkOpsDb db, BookingAccess access, BookingService bookings, Notifications.Contracts.INotices notices)
{
    /// <summary>Join the waitlist for a slot that is taken (a free slot is simply booked).</summary>
    public async Task<WaitlistEntry> JoinWaitlistAsync(long resourceId, BookingInput input, CancellationToken ct)
    {
        var r = await access.ResourceAsync(resourceId, ct);
        var enterpriseId = await access.BookingEnterpriseAsync(r, input.EnterpriseId, ct);
        var (start, end, purpose) = access.ParseInput(input);
        SlotRules.Check(r.Policy, start, end, access.Now);
        await access.CheckQualificationAsync(r, start, start, ct);
        var (s, e) = (start.UtcDateTime, end.UtcDateTime);
        var taken = await db.Bookings.IgnoreQueryFilters().AnyAsync(x => x.ResourceId == r.Id && x.Live && x.Start < SlotRules.BlockedUntil(end, r.BufferMinutes).UtcDateTime && x.BlockedUntil > s, ct);
        if (!taken) throw new DomainRuleException("WaitlistOnlyForTakenSlots", "start", "该时段空闲，请直接预约", RuleKind.Conflict) { Arguments = [SlotRules.Fmt(start)] };
        var uid = db.Actor.UserId ?? 0;
        if (await db.WaitlistEntries.AnyAsync(w => w.ResourceId == r.Id && w.UserId == uid && w.Start == s && w.End == e && w.State == WaitlistState.Waiting, ct))
            throw new DomainRuleException("WaitlistEntryMustBeUnique", "start", "已在候补名单中", RuleKind.Conflict) { Arguments = [SlotRules.Fmt(start)] };
        var w = new WaitlistEntry
        {
            ParkId = r.ParkId, EnterpriseId = enterpriseId, ResourceId = r.Id, UserId = uid, Start = s, End = e, Purpose = purpose,
            State = WaitlistState.Waiting, CreatedAt = access.Now.UtcDateTime,
        };
        db.WaitlistEntries.Add(w);
        await db.SaveChangesAsync(ct);
        return w;
    }

    /// <summary>The caller's waitlist entries (an operator: the park's), newest first.</summary>
    public async Task<List<WaitlistDto>> WaitlistAsync(long parkId, CancellationToken ct)
    {
        await access.ParkForReadAsync(parkId, ct);
        var q = db.WaitlistEntries.AsNoTracking().Where(w => w.ParkId == parkId);
        if (!db.Actor.CanOperatePark(parkId)) { var uid = db.Actor.UserId; q = q.Where(w => w.UserId == uid); }
        var rows = await q.OrderByDescending(w => w.CreatedAt).Take(200).ToListAsync(ct);
        return await ToWaitlistDtosAsync(rows, ct);
    }

    public async Task<List<WaitlistDto>> ToWaitlistDtosAsync(List<WaitlistEntry> rows, CancellationToken ct)
    {
        var rids = rows.Select(x => x.ResourceId).Distinct().ToList();
        var names = await db.Resources.Where(r => rids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Name, ct);
        return rows.Select(w => new WaitlistDto(w.Id, w.ResourceId, names.GetValueOrDefault(w.ResourceId, ""), BookingAccess.Local(w.Start), BookingAccess.Local(w.End), w.Purpose, w.State,
            BookingAccess.Local(w.CreatedAt), w.OfferedAt is { } o ? BookingAccess.Local(o) : null, w.BookingId)).ToList();
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
        var created = await bookings.CreateAsync(w.ResourceId, new BookingInput(BookingAccess.Local(w.Start).ToString("O"), BookingAccess.Local(w.End).ToString("O"), w.Purpose, null, w.EnterpriseId), ct);
        w.State = WaitlistState.Booked;
        w.BookingId = created.Booking.Id;
        await db.SaveChangesAsync(ct);
        return created;
    }

    /// <summary>
    /// A booking was cancelled or rejected: the oldest waiting entry whose slot is now entirely free is offered it
    /// (first come, first served). The offer does not hold the slot; the person offered books it as anyone would.
    /// </summary>
    public async Task OfferFreedSlotAsync(Resource r, ResourceBooking freed, CancellationToken ct)
    {
        var candidates = await db.WaitlistEntries.IgnoreQueryFilters()
            .Where(w => w.ResourceId == r.Id && w.State == WaitlistState.Waiting && w.Start < freed.BlockedUntil && w.End > freed.Start && w.Start > access.Now.UtcDateTime)
            .OrderBy(w => w.CreatedAt).ThenBy(w => w.Id).ToListAsync(ct);
        foreach (var w in candidates)
        {
            var blocked = SlotRules.BlockedUntil(BookingAccess.Local(w.End), r.BufferMinutes).UtcDateTime;
            var taken = await db.Bookings.IgnoreQueryFilters().AnyAsync(x => x.ResourceId == r.Id && x.Live && x.Start < blocked && x.BlockedUntil > w.Start, ct);
            if (taken) continue;
            w.State = WaitlistState.Offered;
            w.OfferedAt = access.Now.UtcDateTime;
            notices.Send([Notifications.Contracts.Notice.ToUser(w.ParkId, w.UserId, "WaitlistOffered", $"/parks/{w.ParkId}/bookings/mine", r.Name,
                BookingAccess.Local(w.Start).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture))]);
            await db.SaveChangesAsync(ct);
            return;
        }
    }
}
