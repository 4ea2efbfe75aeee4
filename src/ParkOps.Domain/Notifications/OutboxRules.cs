namespace ParkOps.Domain.Notifications;

/// <summary>The channels a notice leaves the console by, once a sender drains the outbox.</summary>
public enum NoticeChannel { Mail, WeCom }

/// <summary>Where one notice stands on one channel: waiting (or waiting to retry), handed over, or given up.</summary>
public enum DeliveryState { Pending, Sent, Failed }

/// <summary>
/// The outbox's retry rule (pure: the instant comes in): a failed attempt is retried after 1 minute, 5 minutes,
/// 30 minutes, 2 hours and 12 hours; the sixth failure gives the delivery up (Failed) so a broken address does not
/// keep a sender busy for ever.
/// </summary>
public static class OutboxRules
{
    public const int MaxAttempts = 6;

    private static readonly TimeSpan[] Backoff =
        [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(12)];

    /// <summary>After attempt number <paramref name="attempts"/> (1 = the first) failed at <paramref name="now"/>: the state and when to try again.</summary>
    public static (DeliveryState State, DateTime NextAttemptAt) AfterFailure(int attempts, DateTime now)
    {
        if (attempts < 1) throw new ArgumentOutOfRangeException(nameof(attempts));
        return attempts >= MaxAttempts ? (DeliveryState.Failed, now) : (DeliveryState.Pending, now + Backoff[attempts - 1]);
    }

    /// <summary>
    /// The day a bill is noted as overdue: the first day after its due date. A nightly sweep that ran late (or missed
    /// nights) still notes a bill whose first overdue day lies within <paramref name="lookBackDays"/> of today, once.
    /// </summary>
    public static bool NoteOverdue(DateOnly dueDate, DateOnly today, int lookBackDays = 7) =>
        today > dueDate && today.DayNumber - dueDate.AddDays(1).DayNumber < lookBackDays;
}
