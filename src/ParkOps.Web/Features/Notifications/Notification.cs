using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Notifications;
using ParkOps.Web.Features.Notifications.Contracts;

namespace ParkOps.Web.Features.Notifications;

/// <summary>
/// A notice: something a user must know (a ticket moved, a bill was issued, a booking approved, a match found …),
/// addressed to an audience — an enterprise (all its users), the operators of a park, or one user — in a park. The
/// text is the key <c>Inbox.&lt;Kind&gt;</c> with <see cref="Arguments"/> (a JSON array of strings; an argument that
/// starts with '@' is itself a text key), rendered in the reader's language when read. Read state is per user
/// (<see cref="NotificationRead"/>); each notice waits in the outbox once per channel (<see cref="NotificationDelivery"/>).
/// </summary>
public sealed class Notification : Data.IAudienceAddressed
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public NoticeAudience Audience { get; set; }
    /// <summary>The addressed enterprise (audience Enterprise), else null.</summary>
    public long? EnterpriseId { get; set; }
    /// <summary>The addressed user (audience User), else null.</summary>
    public long? UserId { get; set; }
    public required string Kind { get; set; }
    public string Arguments { get; set; } = "[]";
    public string? Link { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>A producer's key for a notice that must be given once (e.g. <c>bill-overdue:42</c>); unique when set.</summary>
    public string? DedupeKey { get; set; }
    public List<NotificationDelivery> Deliveries { get; set; } = [];
}

/// <summary>One user has read one notice (absent = unread for that user).</summary>
public sealed class NotificationRead : Data.IUserOwned
{
    public long NotificationId { get; set; }
    public long UserId { get; set; }
    public DateTime ReadAt { get; set; }
}

/// <summary>The outbox: one notice on one channel, waiting for a sender (mail, WeCom) to claim and report it.</summary>
public sealed class NotificationDelivery
{
    public long Id { get; set; }
    public long NotificationId { get; set; }
    public NoticeChannel Channel { get; set; }
    public DeliveryState State { get; set; }
    public int Attempts { get; set; }
    /// <summary>When a sender may (next) take it: its creation, a retry's backoff, or a claim's lease running out.</summary>
    public DateTime NextAttemptAt { get; set; }
    public DateTime? SentAt { get; set; }
    public string? LastError { get; set; }
}

public static class NotificationsModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<Notification>(e =>
        {
            e.ToTable("Notifications");
            e.Property(x => x.Kind).HasMaxLength(64);
            e.Property(x => x.Arguments).HasMaxLength(1000);
            e.Property(x => x.Link).HasMaxLength(200);
            e.Property(x => x.DedupeKey).HasMaxLength(100);
            // one index per audience: each arm of the reader's filter is one range scan, newest first
            e.HasIndex(x => new { x.EnterpriseId, x.CreatedAt });
            e.HasIndex(x => new { x.ParkId, x.Audience, x.CreatedAt });
            e.HasIndex(x => new { x.UserId, x.CreatedAt });
            e.HasIndex(x => x.DedupeKey).IsUnique();
            e.HasMany(x => x.Deliveries).WithOne().HasForeignKey(x => x.NotificationId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<NotificationRead>(e =>
        {
            e.ToTable("NotificationReads");
            e.HasKey(x => new { x.NotificationId, x.UserId });
            e.HasIndex(x => x.UserId);
            e.HasOne<Notification>().WithMany().HasForeignKey(x => x.NotificationId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<NotificationDelivery>(e =>
        {
            e.ToTable("NotificationDeliveries");
            e.Property(x => x.LastError).HasMaxLength(500);
            e.HasIndex(x => new { x.NotificationId, x.Channel }).IsUnique();
            e.HasIndex(x => new { x.Channel, x.State, x.NextAttemptAt });
        });
    }
}
