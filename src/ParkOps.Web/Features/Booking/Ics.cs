using System.Globalization;
using System.Text;
using ParkOps.Domain.Booking;

namespace ParkOps.Web.Features.Booking;

/// <summary>
/// iCalendar (RFC 5545) written by hand: CRLF line ends, lines folded at 75 octets without splitting a UTF-8
/// character, TEXT values escaped (backslash, semicolon, comma, newline), times in UTC ("Z"), so no VTIMEZONE is
/// needed; UID stable per booking and SEQUENCE growing with its changes so calendar apps update rather than duplicate.
/// </summary>
public static class Ics
{
    public static string Calendar(string name, IReadOnlyList<string> events)
    {
        var sb = new StringBuilder();
        Line(sb, "BEGIN:VCALENDAR");
        Line(sb, "VERSION:2.0");
        Line(sb, "PRODID:-//ParkOps//Booking//ZH");
        Line(sb, "CALSCALE:GREGORIAN");
        Line(sb, "METHOD:PUBLISH");
        Line(sb, "X-WR-CALNAME:" + Text(name));
        Line(sb, "X-WR-TIMEZONE:Asia/Shanghai");
        foreach (var e in events) sb.Append(e);
        Line(sb, "END:VCALENDAR");
        return sb.ToString();
    }

    public static string Event(ResourceBooking x, Resource r, DateTimeOffset now)
    {
        var sb = new StringBuilder();
        Line(sb, "BEGIN:VEVENT");
        Line(sb, $"UID:booking-{x.Id}@parkops.cn");
        Line(sb, "DTSTAMP:" + Utc(now.UtcDateTime));
        Line(sb, "DTSTART:" + Utc(x.Start));
        Line(sb, "DTEND:" + Utc(x.End));
        Line(sb, "SUMMARY:" + Text($"{r.Name}：{x.Purpose}"));
        Line(sb, "LOCATION:" + Text(r.Location.Length > 0 ? r.Location : r.Name));
        Line(sb, "DESCRIPTION:" + Text($"预约号 #{x.Id}，{SlotRules.Fmt(x.StartAt)}–{BookingCalendar.Local(x.EndAt):HH:mm}（北京时间）\n状态：{x.State}"));
        Line(sb, "STATUS:" + (x.State switch
        {
            BookingState.Cancelled or BookingState.Rejected => "CANCELLED",
            BookingState.PendingApproval => "TENTATIVE",
            _ => "CONFIRMED",
        }));
        // changes of state are the only edits a booking gets: pending → confirmed → completed, or cancelled
        Line(sb, "SEQUENCE:" + (x.State switch { BookingState.PendingApproval => 0, BookingState.Confirmed => 1, _ => 2 }).ToString(CultureInfo.InvariantCulture));
        Line(sb, "END:VEVENT");
        return sb.ToString();
    }

    private static string Utc(DateTime t) => DateTime.SpecifyKind(t, DateTimeKind.Utc).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>RFC 5545 §3.3.11 TEXT escaping.</summary>
    public static string Text(string s) => s.Replace("\\", "\\\\").Replace(";", "\\;").Replace(",", "\\,").Replace("\r\n", "\\n").Replace("\n", "\\n").Replace("\r", "\\n");

    /// <summary>RFC 5545 §3.1: content lines are at most 75 octets; longer ones continue on lines starting with a space.</summary>
    public static void Line(StringBuilder sb, string line)
    {
        var bytes = 0;
        var limit = 75;
        var e = new StringInfoEnumerator(line);
        foreach (var element in e)
        {
            var n = Encoding.UTF8.GetByteCount(element);
            if (bytes + n > limit)
            {
                sb.Append("\r\n ");
                bytes = 1;
                limit = 75;
            }
            sb.Append(element);
            bytes += n;
        }
        sb.Append("\r\n");
    }

    /// <summary>Text elements (a surrogate pair or combining sequence is never split across a fold).</summary>
    private readonly struct StringInfoEnumerator(string s)
    {
        public IEnumerator<string> GetEnumerator()
        {
            var it = StringInfo.GetTextElementEnumerator(s);
            while (it.MoveNext()) yield return (string)it.Current;
        }
    }
}
