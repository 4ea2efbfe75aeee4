using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Notifications;
using ParkOps.Domain.Rules;
using ParkOps.Web.Cli;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Notifications.Contracts;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Notifications;

/// <summary>An outbox row as a sender takes it: the notice's audience, its text in Chinese and its link.</summary>
public sealed record OutboxItem(long DeliveryId, long NotificationId, NoticeChannel Channel, int Attempts, long ParkId, NoticeAudience Audience, long? EnterpriseId, long? UserId,
    string Kind, string Text, string? Link, DateTime CreatedAt);

/// <summary>
/// The outbox for senders that do not exist yet (mail, WeCom): a sender claims a batch of due rows of its channel
/// (<see cref="ClaimAsync"/>: each claimed row's next attempt moves <see cref="ClaimLease"/> ahead, so a sender that dies
/// leaves it to the next one), sends, and reports each result (<see cref="ReportAsync"/>: sent, or failed with the
/// retry of <see cref="OutboxRules.AfterFailure"/>). <see cref="PeekAsync"/> reads what is due without claiming (the
/// CLI's <c>notifications drain --dry-run</c>). Nothing in the application sends mail today.
/// </summary>
public sealed class NotificationOutbox(ParkOpsDb db, TimeProvider clock, IStringLocalizer<Text> t)
{
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(5);

    public Task<List<OutboxItem>> PeekAsync(NoticeChannel channel, int max, CancellationToken ct) => DueAsync(channel, max, tracked: false, ct);

    public async Task<List<OutboxItem>> ClaimAsync(NoticeChannel channel, int max, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var items = await DueAsync(channel, max, tracked: true, ct);
        var ids = items.Select(i => i.DeliveryId).ToList();
        var until = clock.GetUtcNow().UtcDateTime + ClaimLease;
        foreach (var d in db.ChangeTracker.Entries<NotificationDelivery>().Where(e => ids.Contains(e.Entity.Id))) { d.Entity.NextAttemptAt = until; d.Entity.Attempts++; }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return items.Select(i => i with { Attempts = i.Attempts + 1 }).ToList();
    }

    public async Task ReportAsync(long deliveryId, bool sent, string? error, CancellationToken ct)
    {
        var d = await db.Set<NotificationDelivery>().SingleOrDefaultAsync(x => x.Id == deliveryId, ct) ?? throw new NotFoundException("NotificationDelivery", deliveryId);
        var now = clock.GetUtcNow().UtcDateTime;
        if (sent) { d.State = DeliveryState.Sent; d.SentAt = now; d.LastError = null; }
        else
        {
            (d.State, d.NextAttemptAt) = OutboxRules.AfterFailure(Math.Max(1, d.Attempts), now);
            d.LastError = error is null ? null : TextRules.Excerpt(error, 500);
        }
        await db.SaveChangesAsync(ct);
    }

    private async Task<List<OutboxItem>> DueAsync(NoticeChannel channel, int max, bool tracked, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var due = db.Set<NotificationDelivery>().Where(d => d.Channel == channel && d.State == DeliveryState.Pending && d.NextAttemptAt <= now)
            .OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id).Take(max);
        var deliveries = tracked ? await due.ToListAsync(ct) : await due.AsNoTracking().ToListAsync(ct);
        var ids = deliveries.Select(d => d.NotificationId).ToList();
        var notices = await db.Set<Notification>().IgnoreQueryFilters().AsNoTracking().Where(n => ids.Contains(n.Id)).ToDictionaryAsync(n => n.Id, ct);
        return deliveries.Select(d => (d, n: notices[d.NotificationId])).Select(x => new OutboxItem(x.d.Id, x.n.Id, x.d.Channel, x.d.Attempts, x.n.ParkId, x.n.Audience,
            x.n.EnterpriseId, x.n.UserId, x.n.Kind, NotificationService.Render(t, x.n.Kind, x.n.Arguments), x.n.Link, x.n.CreatedAt)).ToList();
    }

    /// <summary>CLI: <c>notifications drain --channel mail|wecom --dry-run [--limit N]</c>.</summary>
    public static IEnumerable<Command> Commands()
    {
        var channel = new Option<string>("--channel") { Description = "mail | wecom", Required = true };
        var dry = new Option<bool>("--dry-run") { Description = "Print what would be sent, claim nothing" };
        var limit = new Option<int>("--limit") { Description = "At most this many rows (default 100)", DefaultValueFactory = _ => 100 };
        var drain = new Command("drain", "Show (with --dry-run) the outbox rows of a channel that are due: notice, audience, text and link. No sender is configured, so without --dry-run nothing is claimed (exit 2).") { channel, dry, limit };
        drain.SetAction((pr, ct) => CliApp.WithServicesAsync((sp, ct) => DrainAsync(sp, pr.GetValue(channel)!, pr.GetValue(dry), pr.GetValue(limit), Console.Out, Console.Error, ct), ct));
        yield return new Command("notifications", "The notification outbox (mail, WeCom).") { drain };
    }

    public static async Task<int> DrainAsync(IServiceProvider services, string channelName, bool dryRun, int limit, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (!Enum.TryParse<NoticeChannel>(channelName, ignoreCase: true, out var channel) || int.TryParse(channelName, out _))
        {
            await stderr.WriteLineAsync($"notifications drain: --channel: '{channelName}' is not mail or wecom");
            return 2;
        }
        if (!dryRun)
        {
            await stderr.WriteLineAsync($"notifications drain: no {channel} sender is configured; nothing claimed (use --dry-run to see what waits)");
            return 2;
        }
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(ActorScope.System);
        System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo("zh-CN");
        var items = await scope.ServiceProvider.GetRequiredService<NotificationOutbox>().PeekAsync(channel, Math.Clamp(limit, 1, 10_000), ct);
        foreach (var i in items)
        {
            var to = i.Audience switch
            {
                NoticeAudience.Enterprise => $"企业 {i.EnterpriseId} 的全部用户",
                NoticeAudience.ParkOperators => $"园区 {i.ParkId} 的运营人员",
                _ => $"用户 {i.UserId}",
            };
            await stdout.WriteLineAsync($"#{i.DeliveryId} {channel} 通知 {i.NotificationId} → {to}: {i.Text}{(i.Link is null ? "" : " " + i.Link)} (第 {i.Attempts + 1} 次)");
        }
        await stdout.WriteLineAsync($"{items.Count} 条待发送（演练，未认领）/ {items.Count} due (dry run, nothing claimed)");
        return 0;
    }
}
