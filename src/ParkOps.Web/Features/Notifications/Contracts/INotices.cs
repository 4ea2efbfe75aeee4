namespace ParkOps.Web.Features.Notifications.Contracts;

/// <summary>Who a notice is for: every user of an enterprise, the operators of a park, or one user (e.g. a contractor).</summary>
public enum NoticeAudience { Enterprise, ParkOperators, User }

/// <summary>
/// A notice to give: its audience within a park, the text key <c>Inbox.&lt;Kind&gt;</c> with its arguments (an
/// argument starting with '@' is a text key itself, e.g. <c>@TicketState.Resolved</c>, so it reads in the reader's
/// language), the page it links to, and optionally a key that makes it once-only (a second notice with the same key
/// is not given).
/// </summary>
public sealed record Notice(long ParkId, NoticeAudience Audience, long? EnterpriseId, long? UserId, string Kind, IReadOnlyList<string> Arguments, string? Link, string? DedupeKey = null)
{
    /// <summary>When it happened, if not now (demo data and back-filled events).</summary>
    public DateTime? At { get; init; }

    public static Notice ToEnterprise(long parkId, long enterpriseId, string kind, string? link, params string[] args) => new(parkId, NoticeAudience.Enterprise, enterpriseId, null, kind, args, link);
    public static Notice ToOperators(long parkId, string kind, string? link, params string[] args) => new(parkId, NoticeAudience.ParkOperators, null, null, kind, args, link);
    public static Notice ToUser(long parkId, long userId, string kind, string? link, params string[] args) => new(parkId, NoticeAudience.User, null, userId, kind, args, link);
}

/// <summary>The caller's unread notices of one kind that lead to one page: how many, and the newest.</summary>
public sealed record UnreadAtLink(string Link, int Count, DateTime Latest);

/// <summary>The caller's unread notices: the menu's badge, and what an area's to-do or page needs of them.</summary>
public interface IUnreadNotices
{
    /// <summary>The caller's unread count, for the menu's badge (capped: 100 means "99+"). One indexed query, synchronous so the layout's read ends before the page starts its own on the request's context.</summary>
    int UnreadCount();

    /// <summary>
    /// The caller's unread notices of <paramref name="kind"/> grouped by their link (newest first, at most
    /// <paramref name="max"/> links): e.g. the posts with new matches the caller has not looked at (Marketplace's to-do).
    /// </summary>
    Task<IReadOnlyList<UnreadAtLink>> UnreadByLinkAsync(string kind, int max, CancellationToken ct);

    /// <summary>
    /// The caller has looked at the page: its unread notices of <paramref name="kind"/> leading there are read for it
    /// (saved here; others who share them keep their own state). Returns how many were unread.
    /// </summary>
    Task<int> MarkSeenAsync(string kind, string link, CancellationToken ct);
}

/// <summary>
/// The notification inbox's door (owner: Notifications; callers: ServiceDesk, Billing, Booking, Marketplace, Risk,
/// Reporting). A notice commits with the event that caused it: <see cref="Send"/> adds it (and its outbox rows) to the
/// caller's unit of work — the request's one context — and the caller's own SaveChanges stores everything at once.
/// </summary>
public interface INotices
{
    /// <summary>Adds the notices to the caller's unit of work; nothing is saved here.</summary>
    void Send(IEnumerable<Notice> notices);

    /// <summary>
    /// For runs that write set-wise (the bill run, nightly sweeps): inserts the notices and their outbox rows at once
    /// in the caller's open transaction. Every notice passed here needs a <see cref="Notice.DedupeKey"/>; with
    /// <paramref name="skipGiven"/> those whose key was given before are left out (a sweep that may meet a row twice),
    /// without it the caller vouches that the keys are new (the bill run's new bills). No audit row per notice: the
    /// caller's own audit row of the event stands for it. Returns how many were given.
    /// </summary>
    Task<int> SendSetAsync(IReadOnlyList<Notice> notices, bool skipGiven, CancellationToken ct);
}
