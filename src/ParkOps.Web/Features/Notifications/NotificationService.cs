using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Web.Data;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Notifications;

/// <summary>A notice as its reader sees it: the text in the reader's language, the link, and whether this reader has read it.</summary>
public sealed record NotificationDto(long Id, string Kind, string Text, string? Link, DateTime CreatedAt, bool Read, DateTime? ReadAt);

/// <summary>One page of the inbox (unread first, then newest), with the caller's unread count.</summary>
public sealed record NotificationPage(int Page, int PageSize, bool HasMore, int Unread, List<NotificationDto> Items);

/// <summary>The caller's inbox: the notices addressed to it (the query filter on Notifications), with its own read state.</summary>
public sealed class NotificationService(ParkOpsDb db, TimeProvider clock, IStringLocalizer<Text> t)
{
    public const int PageSize = 20;

    private long Me => db.Actor.UserId ?? throw new ForbiddenException("NotificationsNeedAUser");

    public async Task<NotificationPage> ListAsync(bool unreadOnly, int page, CancellationToken ct)
    {
        var me = Me;
        if (page < 1) page = 1;
        var q = from n in db.Set<Notification>().AsNoTracking()
                join r in db.Set<NotificationRead>().Where(r => r.UserId == me) on n.Id equals r.NotificationId into rs
                from r in rs.DefaultIfEmpty()
                select new { n.Id, n.Kind, n.Arguments, n.Link, n.CreatedAt, ReadAt = (DateTime?)r.ReadAt };
        if (unreadOnly) q = q.Where(x => x.ReadAt == null);
        var rows = await q.OrderBy(x => x.ReadAt == null ? 0 : 1).ThenByDescending(x => x.CreatedAt).ThenByDescending(x => x.Id)
            .Skip((page - 1) * PageSize).Take(PageSize + 1).ToListAsync(ct);
        var items = rows.Take(PageSize).Select(x => new NotificationDto(x.Id, x.Kind, Text(x.Kind, x.Arguments), x.Link, x.CreatedAt, x.ReadAt is not null, x.ReadAt)).ToList();
        return new NotificationPage(page, PageSize, rows.Count > PageSize, await UnreadAsync(ct), items);
    }

    public Task<int> UnreadAsync(CancellationToken ct)
    {
        var me = Me;
        return db.Set<Notification>().Where(n => !db.Set<NotificationRead>().Any(r => r.NotificationId == n.Id && r.UserId == me)).OrderByDescending(n => n.Id).Take(100).CountAsync(ct);
    }

    /// <summary>Marks one notice read for the caller (again is harmless); a notice not addressed to the caller is 404, like one that does not exist.</summary>
    public async Task<NotificationDto> MarkReadAsync(long id, CancellationToken ct)
    {
        var me = Me;
        var n = await db.Set<Notification>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("Notification", id);
        var read = await db.Set<NotificationRead>().AsNoTracking().SingleOrDefaultAsync(r => r.NotificationId == id && r.UserId == me, ct);
        if (read is null)
        {
            read = new NotificationRead { NotificationId = id, UserId = me, ReadAt = clock.GetUtcNow().UtcDateTime };
            db.Set<NotificationRead>().Add(read);
            try { await db.SaveChangesAsync(ct); }
            catch (DbUpdateException)
            {
                // a second tab marked it at the same moment: it is read either way
                db.ChangeTracker.Clear();
            }
        }
        return new NotificationDto(n.Id, n.Kind, Text(n.Kind, n.Arguments), n.Link, n.CreatedAt, true, read.ReadAt);
    }

    /// <summary>Marks every notice addressed to the caller read; returns how many were unread.</summary>
    public async Task<int> MarkAllReadAsync(CancellationToken ct)
    {
        var me = Me;
        var ids = await db.Set<Notification>().Where(n => !db.Set<NotificationRead>().Any(r => r.NotificationId == n.Id && r.UserId == me)).Select(n => n.Id).Take(5000).ToListAsync(ct);
        if (ids.Count == 0) return 0;
        var now = clock.GetUtcNow().UtcDateTime;
        db.Set<NotificationRead>().AddRange(ids.Select(id => new NotificationRead { NotificationId = id, UserId = me, ReadAt = now }));
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return await MarkAllReadAsync(ct);
        }
        return ids.Count;
    }

    /// <summary>The notice's text in the reader's language: <c>Inbox.&lt;Kind&gt;</c> with its arguments ('@' = a text key of its own).</summary>
    public string Text(string kind, string arguments) => Render(t, kind, arguments);

    public static string Render(IStringLocalizer t, string kind, string arguments)
    {
        string[] args;
        try { args = JsonSerializer.Deserialize<string[]>(arguments) ?? []; }
        catch (JsonException) { args = [arguments]; }
        var shown = args.Select(a => a.StartsWith('@') && t[a[1..]] is { ResourceNotFound: false } s ? s.Value : a).ToArray<object>();
        var text = t["Inbox." + kind, shown];
        return text.ResourceNotFound ? kind : text.Value;
    }
}
