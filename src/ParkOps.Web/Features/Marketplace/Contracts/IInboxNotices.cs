namespace ParkOps.Web.Features.Marketplace.Contracts;

/// <summary>A message for an enterprise's inbox: the text key <c>Inbox.&lt;Kind&gt;</c>, its '|'-separated arguments and a link.</summary>
public sealed record InboxNotice(long ParkId, long EnterpriseId, string Kind, string Arguments, string? Link);

/// <summary>Writes inbox messages (owner: Marketplace, which keeps the inbox; caller: Reporting's reminders).</summary>
public interface IInboxNotices
{
    /// <summary>Adds the notices to the caller's unit of work and saves it (one save with whatever else the caller changed).</summary>
    Task SendAsync(IReadOnlyCollection<InboxNotice> notices, DateTime nowUtc, CancellationToken ct);
}
