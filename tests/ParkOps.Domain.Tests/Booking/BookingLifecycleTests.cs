using ParkOps.Domain.Booking;
using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Tests.Booking;

public sealed class BookingLifecycleTests
{
    [Theory]
    [InlineData(BookingState.PendingApproval, BookingAction.Approve, BookingState.Confirmed)]
    [InlineData(BookingState.PendingApproval, BookingAction.Reject, BookingState.Rejected)]
    [InlineData(BookingState.PendingApproval, BookingAction.Cancel, BookingState.Cancelled)]
    [InlineData(BookingState.Confirmed, BookingAction.Cancel, BookingState.Cancelled)]
    [InlineData(BookingState.Confirmed, BookingAction.RecordUse, BookingState.Completed)]
    [InlineData(BookingState.Confirmed, BookingAction.NoShow, BookingState.NoShow)]
    public void Next_AllowedTransition_GivesTheNextState(BookingState from, BookingAction action, BookingState to) =>
        BookingLifecycle.Next(from, action).ShouldBe(to);

    [Theory]
    [InlineData(BookingState.Confirmed, BookingAction.Approve, "BookingMustBePendingApproval")]
    [InlineData(BookingState.Rejected, BookingAction.Approve, "BookingMustBePendingApproval")]
    [InlineData(BookingState.Cancelled, BookingAction.Reject, "BookingMustBePendingApproval")]
    [InlineData(BookingState.Completed, BookingAction.Reject, "BookingMustBePendingApproval")]
    [InlineData(BookingState.Rejected, BookingAction.Cancel, "BookingMustBeActiveToCancel")]
    [InlineData(BookingState.Cancelled, BookingAction.Cancel, "BookingMustBeActiveToCancel")]
    [InlineData(BookingState.Completed, BookingAction.Cancel, "BookingMustBeActiveToCancel")]
    [InlineData(BookingState.NoShow, BookingAction.Cancel, "BookingMustBeActiveToCancel")]
    [InlineData(BookingState.PendingApproval, BookingAction.RecordUse, "UsageOnlyForConfirmedBookings")]
    [InlineData(BookingState.Completed, BookingAction.RecordUse, "UsageOnlyForConfirmedBookings")]
    [InlineData(BookingState.Cancelled, BookingAction.NoShow, "UsageOnlyForConfirmedBookings")]
    [InlineData(BookingState.NoShow, BookingAction.NoShow, "UsageOnlyForConfirmedBookings")]
    public void Next_RefusedTransition_IsAConflictNamingTheActionsRule(BookingState from, BookingAction action, string rule)
    {
        var ex = Should.Throw<DomainRuleException>(() => BookingLifecycle.Next(from, action));
        ex.Rule.ShouldBe(rule);
        ex.Field.ShouldBe("state");
        ex.Kind.ShouldBe(RuleKind.Conflict);
        ex.Arguments.ShouldBe([from]);
    }

    [Fact]
    public void CanDo_EveryStateAndAction_MatchesTheWrittenOutTable()
    {
        var allowed = new HashSet<(BookingState, BookingAction)>
        {
            (BookingState.PendingApproval, BookingAction.Approve), (BookingState.PendingApproval, BookingAction.Reject),
            (BookingState.PendingApproval, BookingAction.Cancel), (BookingState.Confirmed, BookingAction.Cancel),
            (BookingState.Confirmed, BookingAction.RecordUse), (BookingState.Confirmed, BookingAction.NoShow),
        };
        foreach (var s in Enum.GetValues<BookingState>())
            foreach (var a in Enum.GetValues<BookingAction>())
                BookingLifecycle.CanDo(s, a).ShouldBe(allowed.Contains((s, a)), $"{s} {a}");
    }

    [Theory]
    [InlineData(BookingState.PendingApproval, true)]
    [InlineData(BookingState.Confirmed, true)]
    [InlineData(BookingState.Completed, true)]
    [InlineData(BookingState.NoShow, true)]
    [InlineData(BookingState.Rejected, false)]
    [InlineData(BookingState.Cancelled, false)]
    public void HoldsSlot_State_KeepsTheSlotFromOthersOrFreesIt(BookingState s, bool holds) => BookingLifecycle.HoldsSlot(s).ShouldBe(holds);

    [Theory]
    [InlineData(true, BookingState.PendingApproval)]
    [InlineData(false, BookingState.Confirmed)]
    public void Initial_NewRequest_WaitsForApprovalOnlyWhereNeeded(bool needsApproval, BookingState initial) =>
        BookingLifecycle.Initial(needsApproval).ShouldBe(initial);
}
