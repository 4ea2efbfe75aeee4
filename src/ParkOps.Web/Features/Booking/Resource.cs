using ParkOps.Domain.Booking;
using ParkOps.Web.Data;

namespace ParkOps.Web.Features.Booking;

public enum ResourceKind { MeetingRoom, Lab, Equipment }

/// <summary>A shared facility of a park that enterprises book by the hour: a meeting room, a shared lab, an instrument.</summary>
public sealed class Resource : IParkOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public ResourceKind Kind { get; set; }
    public string Location { get; set; } = "";
    public string? Description { get; set; }
    public int Capacity { get; set; }
    public TimeOnly Opens { get; set; }
    public TimeOnly Closes { get; set; }
    public bool OpenOnWeekends { get; set; }
    /// <summary>RMB per hour, to the 分.</summary>
    public decimal HourlyRate { get; set; }
    public int MinMinutes { get; set; }
    public int MaxMinutes { get; set; }
    public int BufferMinutes { get; set; }
    public int HorizonDays { get; set; }
    public int CancelNoticeHours { get; set; }
    public bool RequiresApproval { get; set; }
    /// <summary>The training a booker must hold a valid record of (e.g. "P2实验室安全"), or null.</summary>
    public string? RequiredQualification { get; set; }
    public QuotaGroup QuotaGroup { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; }

    public SlotPolicy Policy => new(Opens, Closes, OpenOnWeekends, MinMinutes, MaxMinutes, BufferMinutes, HorizonDays, CancelNoticeHours);
}

/// <summary>
/// A person's completed training for a qualification (lab safety, instrument operation), valid for a period; a
/// resource that requires the qualification can be booked only by a holder of a valid record.
/// </summary>
/// <summary>
/// A version of the park's free monthly booking hours per enterprise class (issue 15 §5), in force from the first day of
/// a month; before a park's first version the defaults of seed 004 apply (<see cref="ParkOps.Domain.Booking.QuotaTable.Default"/>).
/// A version's month once it has passed is what recorded uses were charged by: versions are added, never changed.
/// </summary>
public sealed class BookingQuotaVersion : IParkOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public DateOnly EffectiveFrom { get; set; }
    public decimal StartupLabHours { get; set; }
    public decimal StartupMeetingHours { get; set; }
    public decimal EstablishedLabHours { get; set; }
    public decimal EstablishedMeetingHours { get; set; }
    public DateTime CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";

    public ParkOps.Domain.Booking.QuotaTable ToTable() => new(EffectiveFrom, StartupLabHours, StartupMeetingHours, EstablishedLabHours, EstablishedMeetingHours);
}

public sealed class TrainingRecord : IEnterpriseOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public long EnterpriseId { get; set; }
    public long UserId { get; set; }
    public required string Qualification { get; set; }
    public DateOnly ValidFrom { get; set; }
    public DateOnly ValidUntil { get; set; }
    public string IssuedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// One booking of one resource. <see cref="BlockedUntil"/> is the end plus the resource's buffer: the interval the
/// booking keeps from others. <see cref="Live"/> is true while the booking holds its slot (pending, confirmed, used);
/// the database refuses two live bookings of one resource whose intervals intersect (PostgreSQL: an exclusion
/// constraint; SQLite: a check inside a serialised write transaction). The booking guards its own state: it changes only
/// through <see cref="Apply"/>, checked against <see cref="BookingLifecycle"/>.
/// </summary>
public sealed class ResourceBooking : IEnterpriseOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public long EnterpriseId { get; set; }
    public long ResourceId { get; set; }
    public long UserId { get; set; }
    /// <summary>UTC.</summary>
    public DateTime Start { get; set; }
    /// <summary>UTC.</summary>
    public DateTime End { get; set; }
    /// <summary>UTC: <see cref="End"/> plus the resource's buffer at booking time.</summary>
    public DateTime BlockedUntil { get; set; }
    public required string Purpose { get; set; }
    public BookingState State { get; private set; }
    public bool Live { get; private set; }
    /// <summary>The weekly series this booking belongs to (the first booking's id), or null.</summary>
    public long? SeriesId { get; set; }
    public DateTime? ActualStart { get; set; }
    public DateTime? ActualEnd { get; set; }
    public decimal? BilledHours { get; set; }
    public decimal? FreeHours { get; set; }
    public decimal? Amount { get; set; }
    public string? DecidedBy { get; set; }
    public DateTime? DecidedAt { get; set; }
    public string? Note { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>
    /// The state a booking is written with before it is stored: a new request (<see cref="BookingLifecycle.Initial"/>), or
    /// history the demo and the tests write directly. A stored booking moves only by <see cref="Apply"/>.
    /// </summary>
    public void SetState(BookingState s)
    {
        if (Id != 0) throw new InvalidOperationException($"Booking {Id} is stored: it moves by its transitions, not by SetState.");
        (State, Live) = (s, BookingLifecycle.HoldsSlot(s));
    }

    /// <summary>Refuses (409, the action's rule) when the booking's state does not allow <paramref name="action"/>; changes nothing.</summary>
    public void EnsureCan(BookingAction action) => BookingLifecycle.Next(State, action);

    /// <summary>Moves the booking by <paramref name="action"/> through <see cref="BookingLifecycle"/>; whether it still holds its slot follows the state.</summary>
    public void Apply(BookingAction action)
    {
        var to = BookingLifecycle.Next(State, action);
        (State, Live) = (to, BookingLifecycle.HoldsSlot(to));
    }

    public DateTimeOffset StartAt => new(DateTime.SpecifyKind(Start, DateTimeKind.Utc));
    public DateTimeOffset EndAt => new(DateTime.SpecifyKind(End, DateTimeKind.Utc));
}

public enum WaitlistState { Waiting, Offered, Booked, Withdrawn }

/// <summary>
/// A wish for a slot that was taken. When a booking that collides with it is cancelled or rejected and the slot
/// is free, the first in line (oldest entry) is offered it; the offer is taken by booking it.
/// </summary>
public sealed class WaitlistEntry : IEnterpriseOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public long EnterpriseId { get; set; }
    public long ResourceId { get; set; }
    public long UserId { get; set; }
    public DateTime Start { get; set; }
    public DateTime End { get; set; }
    public required string Purpose { get; set; }
    public WaitlistState State { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? OfferedAt { get; set; }
    public long? BookingId { get; set; }
}

/// <summary>A secret per user for subscribing to the user's bookings from a calendar app (which sends no login).</summary>
public sealed class CalendarFeed
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public required string Token { get; set; }
    public DateTime CreatedAt { get; set; }
}
