using ParkOps.Domain.Booking;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Features.Booking;

[StoredIn(typeof(Resource))]
public sealed record ResourceInput([Code] string Code, [Line] string Name, ResourceKind Kind, [Line] string? Location, [FreeText] string? Description, int Capacity,
    [Code(5)] string Opens, [Code(5)] string Closes, bool OpenOnWeekends, decimal HourlyRate, int MinMinutes, int MaxMinutes, int BufferMinutes, int HorizonDays,
    int CancelNoticeHours, bool RequiresApproval, [Line] string? RequiredQualification, QuotaGroup QuotaGroup, bool IsActive = true);

public sealed record ResourceDto(long Id, long ParkId, string Code, string Name, ResourceKind Kind, string Location, string? Description, int Capacity,
    string Opens, string Closes, bool OpenOnWeekends, decimal HourlyRate, int MinMinutes, int MaxMinutes, int BufferMinutes, int HorizonDays,
    int CancelNoticeHours, bool RequiresApproval, string? RequiredQualification, QuotaGroup QuotaGroup, bool IsActive)
{
    public static ResourceDto From(Resource r) => new(r.Id, r.ParkId, r.Code, r.Name, r.Kind, r.Location, r.Description, r.Capacity, r.Opens.ToString("HH:mm"),
        r.Closes.ToString("HH:mm"), r.OpenOnWeekends, r.HourlyRate, r.MinMinutes, r.MaxMinutes, r.BufferMinutes, r.HorizonDays, r.CancelNoticeHours,
        r.RequiresApproval, r.RequiredQualification, r.QuotaGroup, r.IsActive);
}

/// <summary>A booking request; start and end are ISO 8601 with an offset (e.g. 2026-12-09T10:00:00+08:00).</summary>
[StoredIn(typeof(ResourceBooking))]
public sealed record BookingInput([Code(40)] string? Start, [Code(40)] string? End, [Line] string? Purpose, DateOnly? RepeatWeeklyUntil = null, long? EnterpriseId = null);

/// <summary>approve | reject | usage (actualStart, actualEnd) | no-show; note for a rejection or remark.</summary>
[StoredIn(typeof(ResourceBooking))]
public sealed record BookingActionInput([Code(40)] string? ActualStart = null, [Code(40)] string? ActualEnd = null, [FreeText] string? Note = null);

public sealed record BookingDto(long Id, long ParkId, long ResourceId, string ResourceName, long EnterpriseId, string EnterpriseName, long UserId,
    DateTimeOffset Start, DateTimeOffset End, string Purpose, BookingState State, long? SeriesId, DateTimeOffset? ActualStart, DateTimeOffset? ActualEnd,
    decimal? BilledHours, decimal? FreeHours, decimal? Amount, string? Note, DateTimeOffset CreatedAt);

/// <summary>A booking as a caller may see it: details only for its own (or, for operators, the park's); others are a busy slot.</summary>
public sealed record BookingSlotDto(long Id, DateTimeOffset Start, DateTimeOffset End, bool Mine, BookingState? State, BookingDto? Booking);

public sealed record CreatedBookings(BookingDto Booking, IReadOnlyList<BookingDto> Series);

public sealed record AvailabilitySlot(DateTimeOffset Start, DateTimeOffset End, bool Free, long? BookingId);

public sealed record AvailabilityDay(DateOnly Date, bool Open, IReadOnlyList<AvailabilitySlot> Slots);

public sealed record AvailabilityDto(long ResourceId, DateOnly From, DateOnly To, string Opens, string Closes, int BufferMinutes, int MinMinutes, IReadOnlyList<AvailabilityDay> Days);

/// <summary>
/// A month's booked time of the park's resources by day of the week and hour (Shanghai): <see cref="Minutes"/> has seven
/// rows, Monday first, each with 24 hours (0–23), in whole minutes (exact; the page shows hours).
/// </summary>
public sealed record UtilisationHeatmap(long ParkId, string Month, IReadOnlyList<IReadOnlyList<int>> Minutes);

public sealed record UtilisationRow(long ResourceId, string Code, string Name, ResourceKind Kind, string Month, decimal OpenHours, decimal BookedHours,
    decimal UsedHours, int Bookings, int NoShows, decimal IdleRate, decimal Revenue);

/// <summary>A new version of the park's free monthly hours (issue 15 §5): from the first day of a month, quarter hours, 0–744 each.</summary>
public sealed record QuotaVersionInput(DateOnly EffectiveFrom, decimal StartupLabHours, decimal StartupMeetingHours, decimal EstablishedLabHours, decimal EstablishedMeetingHours);

/// <summary>The park's quota versions and the one in force today (<see cref="IsDefault"/>: no version yet, seed 004's hours apply).</summary>
public sealed record QuotaSettingsDto(QuotaVersionDto InForce, bool IsDefault, IReadOnlyList<QuotaVersionDto> Versions);

public sealed record QuotaVersionDto(DateOnly EffectiveFrom, decimal StartupLabHours, decimal StartupMeetingHours, decimal EstablishedLabHours, decimal EstablishedMeetingHours, string? CreatedBy, DateTime? CreatedAt);

[StoredIn(typeof(TrainingRecord))]
public sealed record TrainingRecordInput(long UserId, [Line] string Qualification, DateOnly ValidFrom, DateOnly ValidUntil, [Line] string? IssuedBy);

public sealed record TrainingRecordDto(long Id, long ParkId, long EnterpriseId, long UserId, string UserName, string Qualification, DateOnly ValidFrom, DateOnly ValidUntil, string IssuedBy);

public sealed record WaitlistDto(long Id, long ResourceId, string ResourceName, DateTimeOffset Start, DateTimeOffset End, string Purpose, WaitlistState State, DateTimeOffset CreatedAt, DateTimeOffset? OfferedAt, long? BookingId);
