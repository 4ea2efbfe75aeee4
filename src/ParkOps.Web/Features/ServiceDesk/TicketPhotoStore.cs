using System.Security.Cryptography;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Rules;
using ParkOps.Domain.ServiceDesk;
using ParkOps.Web.Data;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Resources;
using static ParkOps.Web.Features.ServiceDesk.DeskAccess;

namespace ParkOps.Web.Features.ServiceDesk;

/// <summary>Photos of a ticket or of its comments: checked by their bytes, kept in the database, noted on the timeline.</summary>
public sealed class TicketPhotoStore(ParkOpsDb db, DeskAccess desk)
{
    /// <summary>The ticket a photo is about to be added to, checked before the upload is read (scope first, then content).</summary>
    public async Task<Ticket> PhotoTargetAsync(long ticketId, CancellationToken ct)
    {
        var x = await desk.GetAsync(ticketId, ct);
        if (desk.PartyOf(x) == TicketParty.None) throw new ForbiddenException("TicketActionNotPermitted");
        x.EnsureTakesComments();
        return x;
    }

    public async Task<TicketPhoto> AddPhotoAsync(long ticketId, byte[] bytes, string? fileName, long? eventId, CancellationToken ct)
    {
        var x = await PhotoTargetAsync(ticketId, ct);
        var type = ImageCheck.ContentType(bytes, "file");
        if (eventId is { } ev && !await db.TicketEvents.AnyAsync(e => e.Id == ev && e.TicketId == ticketId, ct))
            throw new DomainRuleException("PhotoBelongsToTicketComment", "eventId", "评论不属于该工单") { Arguments = [ev] };
        if (await db.TicketPhotos.CountAsync(p => p.TicketId == ticketId, ct) >= PhotoCheck.MaxPerTicket)
            throw new DomainRuleException("TooManyPhotos", "file", "每张工单的照片数已达上限", RuleKind.Conflict) { Arguments = [PhotoCheck.MaxPerTicket] };
        var photo = await StorePhotoAsync(x, bytes, type, fileName, eventId, await desk.ActorNameAsync(ct), ct);
        return photo;
    }

    /// <summary>Stores a checked photo and notes it on the timeline (the anonymous QR form uses this too).</summary>
    public async Task<TicketPhoto> StorePhotoAsync(Ticket x, byte[] bytes, string type, string? fileName, long? eventId, string by, CancellationToken ct)
    {
        var now = desk.Now;
        var name = Path.GetFileName(fileName ?? "");
        if (name.Length > 200) name = name[^200..];
        var photo = new TicketPhoto { ParkId = x.ParkId, TicketId = x.Id, EventId = eventId, ContentType = type, Size = bytes.Length, FileName = name, Data = bytes, UploadedAt = now, UploadedBy = by };
        db.TicketPhotos.Add(photo);
        if (eventId is null) db.TicketEvents.Add(desk.Event(x, TicketEventKind.PhotoAdded, now, by, name, null, null));
        await db.SaveChangesAsync(ct);
        return photo;
    }

    /// <summary>The anonymous form's photo, checked like any other, on the ticket it has just created.</summary>
    public async Task AddQrPhotoAsync(string reference, byte[] bytes, string? fileName, CancellationToken ct)
    {
        var type = ImageCheck.ContentType(bytes, "file");
        var id = long.Parse(reference.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
        var x = await db.Tickets.IgnoreQueryFilters().FirstAsync(t => t.Id == id, ct);
        await StorePhotoAsync(x, bytes, type, fileName, null, x.RequesterName is { Length: > 0 } n ? n : "QR", ct);
    }

    public async Task<TicketPhoto> PhotoAsync(long ticketId, long photoId, CancellationToken ct)
    {
        await desk.GetAsync(ticketId, ct);
        return await db.TicketPhotos.AsNoTracking().FirstOrDefaultAsync(p => p.Id == photoId && p.TicketId == ticketId, ct) ?? throw new NotFoundException("Photo", photoId);
    }
}

/// <summary>A photo the form holds for its sender: the token the hidden field carries and the file's name to show.</summary>
public sealed record HeldPhoto(string Token, string FileName);

/// <summary>
/// New-ticket photos held across a refused form (issue 13 item 11): the form stores a checked photo here when the
/// ticket itself was refused, re-renders with the token in a hidden field and "已附照片 …", and the next submit takes
/// it back (a new file chosen instead replaces it). Holds older than <see cref="Lifetime"/> are dropped as new ones come.
/// </summary>
public sealed class TicketPhotoHolds(ParkOpsDb db, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);

    /// <summary>Holds a photo already checked by its bytes. Called after a refused attempt: nothing of that attempt may ride along.</summary>
    public async Task<HeldPhoto> HoldAsync(long parkId, byte[] bytes, string type, string? fileName, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var now = clock.GetUtcNow().UtcDateTime;
        var stale = now - Lifetime;
        await db.Set<TicketPhotoHold>().IgnoreQueryFilters().Where(h => h.HeldAt < stale).ExecuteDeleteAsync(ct);
        var name = Path.GetFileName(fileName ?? "");
        if (name.Length > 200) name = name[^200..];
        var hold = new TicketPhotoHold
        {
            Token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), ParkId = parkId, UserId = db.Actor.UserId,
            ContentType = type, Size = bytes.Length, FileName = name, Data = bytes, HeldAt = now,
        };
        db.Set<TicketPhotoHold>().Add(hold);
        await db.SaveChangesAsync(ct);
        return new HeldPhoto(hold.Token, hold.FileName);
    }

    /// <summary>The sender's held photo of the park (null when the token is unknown, expired, another's, or another park's).</summary>
    public async Task<TicketPhotoHold?> FindAsync(string? token, long parkId, CancellationToken ct)
    {
        if (token is not { Length: 32 } || !token.All(char.IsAsciiHexDigitLower)) return null;
        var me = db.Actor.UserId;
        var since = clock.GetUtcNow().UtcDateTime - Lifetime;
        // read past the park filter (the QR form's sender is anonymous): the token, the park and the sender decide
        return await db.Set<TicketPhotoHold>().IgnoreQueryFilters().AsNoTracking()
            .FirstOrDefaultAsync(h => h.Token == token && h.ParkId == parkId && h.UserId == me && h.HeldAt >= since, ct);
    }

    /// <summary>The held photo has been stored on its ticket: let it go.</summary>
    public Task ReleaseAsync(TicketPhotoHold hold, CancellationToken ct) =>
        db.Set<TicketPhotoHold>().IgnoreQueryFilters().Where(h => h.Id == hold.Id).ExecuteDeleteAsync(ct);
}
