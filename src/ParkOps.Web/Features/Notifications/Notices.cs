using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Notifications;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Notifications.Contracts;

namespace ParkOps.Web.Features.Notifications;

/// <summary>The inbox's door for the other areas (<see cref="INotices"/>): a notice and one outbox row per channel.</summary>
public sealed class Notices(ParkOpsDb db, TimeProvider clock) : INotices, IUnreadNotices
{
    public static readonly NoticeChannel[] Channels = Enum.GetValues<NoticeChannel>();

    public void Send(IEnumerable<Notice> notices)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var n in notices) db.Set<Notification>().Add(ToRow(n, now, withDeliveries: true));
    }

    public async Task<int> SendSetAsync(IReadOnlyList<Notice> notices, bool skipGiven, CancellationToken ct)
    {
        if (notices.Count == 0) return 0;
        if (notices.Any(n => n.DedupeKey is null)) throw new ArgumentException("A notice sent set-wise needs a DedupeKey.", nameof(notices));
        var keys = notices.Select(n => n.DedupeKey!).Distinct().ToList();
        var given = new HashSet<string>(StringComparer.Ordinal);
        if (skipGiven)
            foreach (var chunk in keys.Chunk(1000))
            given.UnionWith(await db.Set<Notification>().IgnoreQueryFilters().Where(n => n.DedupeKey != null && chunk.Contains(n.DedupeKey)).Select(n => n.DedupeKey!).ToListAsync(ct));
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = notices.Where(n => given.Add(n.DedupeKey!)).Select(n => ToRow(n, now, withDeliveries: false)).ToList();
        if (rows.Count == 0) return 0;
        await SetWriter.InsertAsync(db, rows, nameof(Notification.DedupeKey), ct);
        await SetWriter.InsertAsync(db, rows.SelectMany(r => Channels.Select(c => Delivery(r.Id, c, now))).ToList(), null, ct);
        return rows.Count;
    }

    private int? _unread;

    /// <summary>Counted once per request (scope): the menu and the phone's inbox link show the same figure from one query.</summary>
    public int UnreadCount() => _unread ??= CountUnread();

    private int CountUnread()
    {
        if (db.Actor.UserId is not { } me) return 0;
        // the reader's filter picks the notices addressed to the caller (one index per audience); capped, so a park's
        // long history costs no more than a hundred probes of the read table
        return db.Set<Notification>().Where(n => !db.Set<NotificationRead>().Any(r => r.NotificationId == n.Id && r.UserId == me)).OrderByDescending(n => n.Id).Take(100).Count();
    }

    public async Task<IReadOnlyList<UnreadAtLink>> UnreadByLinkAsync(string kind, int max, CancellationToken ct)
    {
        if (db.Actor.UserId is not { } me) return [];
        // narrow rows of the caller's own notices (the reader's filter), grouped here: at most a few hundred
        var rows = await db.Set<Notification>().AsNoTracking()
            .Where(n => n.Kind == kind && n.Link != null && !db.Set<NotificationRead>().Any(r => r.NotificationId == n.Id && r.UserId == me))
            .OrderByDescending(n => n.CreatedAt).Take(500).Select(n => new { Link = n.Link!, n.CreatedAt }).ToListAsync(ct);
        return rows.GroupBy(r => r.Link, StringComparer.Ordinal).Select(g => new UnreadAtLink(g.Key, g.Count(), g.Max(r => r.CreatedAt)))
            .OrderByDescending(g => g.Latest).Take(max).ToList();
    }

    public async Task<int> MarkSeenAsync(string kind, string link, CancellationToken ct)
    {
        if (db.Actor.UserId is not { } me) return 0;
        var ids = await db.Set<Notification>().Where(n => n.Kind == kind && n.Link == link && !db.Set<NotificationRead>().Any(r => r.NotificationId == n.Id && r.UserId == me))
            .Select(n => n.Id).Take(500).ToListAsync(ct);
        if (ids.Count == 0) return 0;
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = ids.Select(id => new NotificationRead { NotificationId = id, UserId = me, ReadAt = now }).ToList();
        db.Set<NotificationRead>().AddRange(rows);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException)
        {
            // another tab marked them at the same moment: they are read either way
            foreach (var r in rows) db.Entry(r).State = EntityState.Detached;
            return 0;
        }
        _unread = null;
        return ids.Count;
    }

    private static Notification ToRow(Notice n, DateTime now, bool withDeliveries)
    {
        var args = JsonSerializer.Serialize(n.Arguments.Select(a => a.Length > 200 ? a[..200] : a));
        var row = new Notification
        {
            ParkId = n.ParkId, Audience = n.Audience, EnterpriseId = n.Audience == NoticeAudience.Enterprise ? n.EnterpriseId : null,
            UserId = n.Audience == NoticeAudience.User ? n.UserId : null, Kind = n.Kind, Arguments = args.Length > 1000 ? "[]" : args, Link = n.Link,
            CreatedAt = n.At ?? now, DedupeKey = n.DedupeKey,
        };
        if (withDeliveries) row.Deliveries.AddRange(Channels.Select(c => Delivery(0, c, now)));
        return row;
    }

    private static NotificationDelivery Delivery(long notificationId, NoticeChannel channel, DateTime now) =>
        new() { NotificationId = notificationId, Channel = channel, State = DeliveryState.Pending, NextAttemptAt = now };
}
