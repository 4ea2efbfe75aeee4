using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Booking;

/// <summary>
/// PendingApproval → Confirmed | Rejected; PendingApproval or Confirmed → Cancelled; Confirmed → Completed | NoShow (the use
/// recorded after the fact).
/// </summary>
public enum BookingState { PendingApproval, Confirmed, Rejected, Cancelled, Completed, NoShow }

/// <summary>What an operator or the booker does to a booking.</summary>
public enum BookingAction { Approve, Reject, Cancel, RecordUse, NoShow }

/// <summary>One move of a booking: the states it may start from, where it leads, and the rule that refuses it elsewhere.</summary>
public sealed record BookingTransition(BookingAction Action, IReadOnlyList<BookingState> From, BookingState To, string Rule, string Message);

/// <summary>The booking lifecycle as a pure table; the refusals keep the rule names the API has always answered with.</summary>
public static class BookingLifecycle
{
    public static readonly IReadOnlyList<BookingTransition> All =
    [
        new(BookingAction.Approve, [BookingState.PendingApproval], BookingState.Confirmed, "BookingMustBePendingApproval", "只有待审批的预约可以审批"),
        new(BookingAction.Reject, [BookingState.PendingApproval], BookingState.Rejected, "BookingMustBePendingApproval", "只有待审批的预约可以审批"),
        new(BookingAction.Cancel, [BookingState.PendingApproval, BookingState.Confirmed], BookingState.Cancelled, "BookingMustBeActiveToCancel", "只有待审批或已确认的预约可以取消"),
        new(BookingAction.RecordUse, [BookingState.Confirmed], BookingState.Completed, "UsageOnlyForConfirmedBookings", "只有已确认的预约可以登记使用"),
        new(BookingAction.NoShow, [BookingState.Confirmed], BookingState.NoShow, "UsageOnlyForConfirmedBookings", "只有已确认的预约可以登记使用"),
    ];

    public static BookingTransition Of(BookingAction a) => All.First(t => t.Action == a);

    public static bool CanDo(BookingState from, BookingAction a) => Of(a).From.Contains(from);

    /// <summary>The state after <paramref name="a"/>, or a 409 naming the action's rule with the current state as its argument.</summary>
    public static BookingState Next(BookingState from, BookingAction a)
    {
        var t = Of(a);
        return t.From.Contains(from) ? t.To : throw new DomainRuleException(t.Rule, "state", t.Message, RuleKind.Conflict) { Arguments = [from] };
    }

    /// <summary>
    /// Whether a booking in <paramref name="s"/> keeps its slot from others: pending and confirmed ones will be used, used and
    /// missed ones were (a no-show kept the slot nobody else could take). The database's overlap guard counts exactly these.
    /// </summary>
    public static bool HoldsSlot(BookingState s) => s is BookingState.PendingApproval or BookingState.Confirmed or BookingState.Completed or BookingState.NoShow;

    /// <summary>What a new booking request starts as: pending where the resource needs approval, confirmed otherwise.</summary>
    public static BookingState Initial(bool needsApproval) => needsApproval ? BookingState.PendingApproval : BookingState.Confirmed;
}
