using ParkOps.Domain.Booking;
using ParkOps.Web.Features.Booking;

namespace ParkOps.Web.Features.Booking.Pages;

/// <summary>What one time step of a resource's day shows on a calendar.</summary>
public enum CellKind { Free, Busy, Closed }

/// <summary>A calendar cell: free (with the end a click proposes), busy (with the booking) or closed.</summary>
public readonly record struct CalendarCell(CellKind Kind, long? BookingId, TimeOnly FreeUntil);

/// <summary>
/// The cells of the booking calendars (one resource by week or day, every resource of a park by day) read from the
/// resource's availability: a step overlapping a booking (or its buffer) is busy; a step inside a free stretch long
/// enough for the shortest booking is free; anything else is closed.
/// </summary>
public static class CalendarCells
{
    public static CalendarCell At(AvailabilityDay day, TimeOnly time, int stepMinutes, int minMinutes)
    {
        if (!day.Open) return new(CellKind.Closed, null, time);
        var s = BookingCalendar.At(day.Date, time);
        var e = s.AddMinutes(stepMinutes);
        foreach (var slot in day.Slots)
        {
            // a busy stretch includes the buffer around the booking: those minutes cannot be booked either
            if (slot.BookingId is { } bid && slot.Start < e && slot.End > s) return new(CellKind.Busy, bid, time);
        }
        var free = day.Slots.FirstOrDefault(x => x.Free && x.Start <= s && x.End >= e);
        if (free is null) return new(CellKind.Closed, null, time);
        // the proposed end: the minimum slot (or the step), within the free stretch
        var end = s.AddMinutes(Math.Max(minMinutes, stepMinutes));
        if (end > free.End) end = free.End;
        if ((end - s).TotalMinutes < minMinutes) return new(CellKind.Closed, null, time);
        return new(CellKind.Free, null, TimeOnly.FromDateTime(BookingCalendar.Local(end).DateTime));
    }
}
