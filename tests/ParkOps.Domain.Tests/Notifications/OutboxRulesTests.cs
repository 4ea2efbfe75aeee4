using ParkOps.Domain.Notifications;

namespace ParkOps.Domain.Tests.Notifications;

public sealed class OutboxRulesTests
{
    private static readonly DateTime Now = new(2026, 12, 7, 1, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 5)]
    [InlineData(3, 30)]
    [InlineData(4, 120)]
    [InlineData(5, 720)]
    public void AfterFailure_BeforeTheLastAttempt_RetriesAfterTheBackoff(int attempts, int minutes)
    {
        var (state, next) = OutboxRules.AfterFailure(attempts, Now);
        state.ShouldBe(DeliveryState.Pending);
        next.ShouldBe(Now.AddMinutes(minutes));
    }

    [Theory]
    [InlineData(6)]
    [InlineData(9)]
    public void AfterFailure_SixthAttemptOrLater_GivesUp(int attempts) =>
        OutboxRules.AfterFailure(attempts, Now).State.ShouldBe(DeliveryState.Failed);

    [Fact]
    public void AfterFailure_NoAttemptMade_IsAnError() => Should.Throw<ArgumentOutOfRangeException>(() => OutboxRules.AfterFailure(0, Now));

    [Theory]
    [InlineData("2026-11-15", "2026-11-15", false)] // the due date itself: not yet overdue
    [InlineData("2026-11-15", "2026-11-16", true)]  // the first day after
    [InlineData("2026-11-15", "2026-11-22", true)]  // a week of missed nights is caught up
    [InlineData("2026-11-15", "2026-11-23", false)] // older: left alone (the sweep does not dig up history)
    [InlineData("2026-11-15", "2026-11-01", false)]
    public void NoteOverdue_WithinAWeekAfterTheDueDate(string due, string today, bool noted) =>
        OutboxRules.NoteOverdue(DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(noted);
}
