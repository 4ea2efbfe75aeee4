using ParkOps.Domain.Enterprises;
using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Booking;

/// <summary>
/// The booking calendar is Asia/Shanghai: UTC+8 all year (China has kept no daylight-saving time since 1991), so
/// a fixed offset is exact and the pure rules need no time-zone database. Every "day", "week" and "month" of a
/// booking is the Shanghai one.
/// </summary>
public static class BookingCalendar
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateTimeOffset Local(DateTimeOffset t) => t.ToOffset(Offset);
    public static DateOnly DayOf(DateTimeOffset t) => DateOnly.FromDateTime(Local(t).DateTime);
    public static DateOnly MonthOf(DateTimeOffset t) { var d = DayOf(t); return new DateOnly(d.Year, d.Month, 1); }
    public static DateTimeOffset At(DateOnly day, TimeOnly time) => new(day.ToDateTime(time), Offset);
}

/// <summary>What the slot rules of one resource are (set by the park operator per resource).</summary>
public sealed record SlotPolicy(
    TimeOnly Opens,
    TimeOnly Closes,
    bool OpenOnWeekends,
    int MinMinutes,
    int MaxMinutes,
    int BufferMinutes,
    int HorizonDays,
    int CancelNoticeHours)
{
    /// <summary>Slots start and end on the quarter hour: what a calendar shows and a person books.</summary>
    public const int StepMinutes = 15;

    public bool IsOpenOn(DateOnly day) => OpenOnWeekends || day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    public void Validate()
    {
        if (Closes <= Opens) throw new DomainRuleException("OpeningHoursMustBeAnInterval", "closes", "关门时间必须晚于开门时间") { Arguments = [Opens, Closes] };
        if (MinMinutes < StepMinutes || MinMinutes % StepMinutes != 0)
            throw new DomainRuleException("SlotLimitsMustBeQuarterHours", "minMinutes", "最短时长须为 15 分钟的整数倍") { Arguments = [MinMinutes] };
        if (MaxMinutes < MinMinutes || MaxMinutes % StepMinutes != 0)
            throw new DomainRuleException("SlotLimitsMustBeQuarterHours", "maxMinutes", "最长时长须为 15 分钟的整数倍且不短于最短时长") { Arguments = [MaxMinutes] };
        if (BufferMinutes is < 0 or > 240) throw new DomainRuleException("BufferMustBeWithinLimits", "bufferMinutes", "间隔须在 0–240 分钟之间") { Arguments = [BufferMinutes] };
        if (HorizonDays is < 1 or > 366) throw new DomainRuleException("HorizonMustBeWithinLimits", "horizonDays", "可预约天数须在 1–366 之间") { Arguments = [HorizonDays] };
        if (CancelNoticeHours is < 0 or > 720) throw new DomainRuleException("CancelNoticeMustBeWithinLimits", "cancelNoticeHours", "取消提前量须在 0–720 小时之间") { Arguments = [CancelNoticeHours] };
    }
}

/// <summary>A stretch of a resource's time taken by a live booking (pending approval, confirmed, used).</summary>
public sealed record BusyInterval(long BookingId, DateTimeOffset Start, DateTimeOffset End);

public static class SlotRules
{
    /// <summary>
    /// A requested slot against the resource's rules at <paramref name="now"/>; refuses with the first rule broken.
    /// Order: shape of the request (end after start, quarter hours, one day), then time (future, horizon), then the
    /// resource (open day, opening hours, length).
    /// </summary>
    public static void Check(SlotPolicy p, DateTimeOffset start, DateTimeOffset end, DateTimeOffset now)
    {
        if (end <= start) throw new DomainRuleException("EndMustBeAfterStart", "end", "结束时间必须晚于开始时间") { Arguments = [Fmt(start), Fmt(end)] };
        if (!OnStep(start)) throw new DomainRuleException("SlotMustBeOnQuarterHours", "start", "开始时间须在整刻钟") { Arguments = [Fmt(start)] };
        if (!OnStep(end)) throw new DomainRuleException("SlotMustBeOnQuarterHours", "end", "结束时间须在整刻钟") { Arguments = [Fmt(end)] };
        var day = BookingCalendar.DayOf(start);
        var endLocal = BookingCalendar.Local(end);
        // a slot ends on its own day; ending exactly at midnight belongs to the same day
        var endDay = endLocal.TimeOfDay == TimeSpan.Zero ? BookingCalendar.DayOf(end).AddDays(-1) : BookingCalendar.DayOf(end);
        if (endDay != day) throw new DomainRuleException("SlotMustBeOnOneDay", "end", "一次预约须在同一天内") { Arguments = [Fmt(start), Fmt(end)] };
        if (start < now) throw new DomainRuleException("BookingMustBeInTheFuture", "start", "不能预约已经过去的时间") { Arguments = [Fmt(start)] };
        var lastDay = BookingCalendar.DayOf(now).AddDays(p.HorizonDays);
        if (day > lastDay) throw new DomainRuleException("BookingMustBeWithinHorizon", "start", "超出可预约范围") { Arguments = [p.HorizonDays, lastDay] };
        if (!p.IsOpenOn(day)) throw new DomainRuleException("ResourceMustBeOpenThatDay", "start", "该资源当天不开放") { Arguments = [day] };
        var opens = BookingCalendar.At(day, p.Opens);
        var closes = BookingCalendar.At(day, p.Closes);
        if (start < opens || end > closes)
            throw new DomainRuleException("SlotMustBeWithinOpeningHours", start < opens ? "start" : "end", "须在开放时间内") { Arguments = [p.Opens.ToString("HH:mm"), p.Closes.ToString("HH:mm")] };
        var minutes = (int)(end - start).TotalMinutes;
        if (minutes < p.MinMinutes || minutes > p.MaxMinutes)
            throw new DomainRuleException("SlotLengthMustBeWithinLimits", "end", "时长须在最短与最长之间") { Arguments = [p.MinMinutes, p.MaxMinutes, minutes] };
    }

    /// <summary>
    /// The time a booking keeps from others: its own slot plus the resource's buffer after it (cleaning, cooling,
    /// changeover). Two bookings of one resource collide when these intervals intersect, which is exactly "less
    /// than the buffer apart" in either order; the database constraint is stated over the same interval.
    /// </summary>
    public static DateTimeOffset BlockedUntil(DateTimeOffset end, int bufferMinutes) => end.AddMinutes(bufferMinutes);

    /// <summary>The first live interval the requested one collides with (BookingMustNotOverlapRule), or null.</summary>
    public static BusyInterval? FirstCollision(IEnumerable<BusyInterval> busyWithBuffer, DateTimeOffset start, DateTimeOffset blockedUntil) =>
        busyWithBuffer.Where(b => b.Start < blockedUntil && start < b.End).OrderBy(b => b.Start).FirstOrDefault();

    public static DomainRuleException Overlap(long bookingId, DateTimeOffset start, DateTimeOffset end) =>
        new("BookingMustNotOverlap", "start", "该时段已被预约", RuleKind.Conflict) { Arguments = [bookingId, Fmt(start), Fmt(end)] };

    /// <summary>
    /// A tenant may cancel until <see cref="SlotPolicy.CancelNoticeHours"/> before the start; later only an
    /// operator may (the slot can rarely be re-let at such short notice). Nobody cancels what has begun.
    /// </summary>
    public static void CheckCancellation(SlotPolicy p, DateTimeOffset start, DateTimeOffset now, bool byOperator)
    {
        if (now >= start) throw new DomainRuleException("BookingMustNotHaveStarted", "start", "预约已开始，不能取消", RuleKind.Conflict) { Arguments = [Fmt(start)] };
        if (!byOperator && start - now < TimeSpan.FromHours(p.CancelNoticeHours))
            throw new DomainRuleException("CancellationNeedsNotice", "start", "距开始不足规定时间，不能自行取消", RuleKind.Conflict) { Arguments = [p.CancelNoticeHours] };
    }

    public static string Fmt(DateTimeOffset t) => BookingCalendar.Local(t).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    private static bool OnStep(DateTimeOffset t) => t.Second == 0 && t.Millisecond == 0 && t.Microsecond == 0 && BookingCalendar.Local(t).Minute % SlotPolicy.StepMinutes == 0;
}

/// <summary>Recurring bookings: the same local time every week, up to and including a date.</summary>
public static class Recurrence
{
    public const int MaxOccurrences = 53;

    /// <summary>
    /// Occurrences of a weekly booking in the Shanghai calendar: the same weekday and local clock time each week, so
    /// a series runs across month and year ends unchanged (there is no DST shift to correct for).
    /// </summary>
    public static IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> Weekly(DateTimeOffset start, DateTimeOffset end, DateOnly until)
    {
        var first = BookingCalendar.DayOf(start);
        if (until < first) throw new DomainRuleException("RecurrenceMustEndAfterStart", "repeatWeeklyUntil", "重复截止日期不能早于首次预约") { Arguments = [until, first] };
        var weeks = (until.DayNumber - first.DayNumber) / 7 + 1;
        if (weeks > MaxOccurrences) throw new DomainRuleException("RecurrenceMustBeWithinAYear", "repeatWeeklyUntil", "重复预约最多 53 周") { Arguments = [MaxOccurrences] };
        var s = BookingCalendar.Local(start);
        var e = BookingCalendar.Local(end);
        return Enumerable.Range(0, weeks).Select(i => (s.AddDays(7 * i), e.AddDays(7 * i))).ToList();
    }
}

/// <summary>Enterprise classes for the free monthly quota: DOMAIN §4 and seed 004 give startups 40 h of lab time.</summary>
public enum EnterpriseClass { Startup, Established }

/// <summary>Which free quota a resource's hours count against.</summary>
public enum QuotaGroup { None, LabTime, MeetingRooms }

public sealed record UsageCharge(decimal Hours, decimal FreeHours, decimal PaidHours, decimal HourlyRate, decimal Amount, decimal FreeHoursPerMonth, decimal FreeHoursUsedBefore);

/// <summary>
/// A park's free monthly hours per enterprise class and quota group (issue 15 §5: a setting, not a constant), in force
/// from the first day of <see cref="EffectiveFrom"/>'s month; <see cref="Default"/> is seed 004's 40/8/4 h.
/// </summary>
public sealed record QuotaTable(DateOnly EffectiveFrom, decimal StartupLabHours, decimal StartupMeetingHours, decimal EstablishedLabHours, decimal EstablishedMeetingHours)
{
    public static readonly QuotaTable Default = new(DateOnly.MinValue, 40m, 8m, 0m, 4m);

    /// <summary>A month has at most 744 hours; quotas are whole quarter hours, like the billing of use.</summary>
    public const decimal MaxHours = 744m;

    public decimal HoursPerMonth(EnterpriseClass c, QuotaGroup g) => (c, g) switch
    {
        (EnterpriseClass.Startup, QuotaGroup.LabTime) => StartupLabHours,
        (EnterpriseClass.Startup, QuotaGroup.MeetingRooms) => StartupMeetingHours,
        (EnterpriseClass.Established, QuotaGroup.LabTime) => EstablishedLabHours,
        (EnterpriseClass.Established, QuotaGroup.MeetingRooms) => EstablishedMeetingHours,
        _ => 0m,
    };

    /// <summary>Refuses a table a park cannot mean: a start that is not a month's first day, hours outside 0–744 or not in quarter hours.</summary>
    public void Validate()
    {
        if (EffectiveFrom.Day != 1) throw new DomainRuleException("QuotaMustStartOnAMonth", "effectiveFrom", "免费额度须从某月 1 日起生效") { Arguments = [EffectiveFrom] };
        foreach (var (field, h) in new[] { ("startupLabHours", StartupLabHours), ("startupMeetingHours", StartupMeetingHours), ("establishedLabHours", EstablishedLabHours), ("establishedMeetingHours", EstablishedMeetingHours) })
            if (h is < 0 or > MaxHours || h * 4 != decimal.Truncate(h * 4))
                throw new DomainRuleException("QuotaHoursOutOfRange", field, "免费额度须为 0–744 小时，以 15 分钟为单位") { Arguments = [h] };
    }

    /// <summary>The version in force on <paramref name="day"/> (versions in any order); the default before the first.</summary>
    public static QuotaTable InForce(IEnumerable<QuotaTable> versions, DateOnly day) =>
        versions.Where(v => v.EffectiveFrom <= day).MaxBy(v => v.EffectiveFrom) ?? Default;
}

public static class FreeQuota
{
    /// <summary>Seed 004: startups get 40 h of lab time a month free; meeting rooms 8 h for startups, 4 h for others (a park's own table: <see cref="QuotaTable"/>).</summary>
    public static decimal DefaultHoursPerMonth(EnterpriseClass c, QuotaGroup g) => QuotaTable.Default.HoursPerMonth(c, g);

    public static EnterpriseClass ClassOf(DateOnly? established, DateOnly on) =>
        established is { } d && Lifecycle.StageOn(d, on) == LifecycleStage.Startup ? EnterpriseClass.Startup : EnterpriseClass.Established;

    /// <summary>
    /// Billable hours of one use: the booked slot, plus any overrun past its end (a resource held longer was kept
    /// from others), counted in quarter hours rounded up; a no-show is billed the booked slot, which nobody else could use.
    /// </summary>
    public static decimal BillableHours(DateTimeOffset bookedStart, DateTimeOffset bookedEnd, DateTimeOffset? actualEnd, bool noShow)
    {
        var end = !noShow && actualEnd is { } a && a > bookedEnd ? a : bookedEnd;
        var quarters = (long)Math.Ceiling((end - bookedStart).TotalMinutes / 15.0);
        return quarters / 4m;
    }

    /// <summary>
    /// Free hours first, then paid: the month's free hours left are used before any hour is charged, and the amount
    /// is rounded to the 分 once, here.
    /// </summary>
    public static UsageCharge Split(decimal hours, decimal hourlyRate, decimal freeHoursPerMonth, decimal freeHoursUsedBefore)
    {
        if (hours < 0) throw new DomainRuleException("HoursMustNotBeNegative", "hours", "时长不能为负") { Arguments = [hours] };
        var left = Math.Max(0m, freeHoursPerMonth - freeHoursUsedBefore);
        var free = Math.Min(left, hours);
        var paid = hours - free;
        return new UsageCharge(hours, free, paid, hourlyRate, Math.Round(paid * hourlyRate, 2, MidpointRounding.AwayFromZero), freeHoursPerMonth, freeHoursUsedBefore);
    }
}

public static class Utilisation
{
    /// <summary>Hours a resource is open in a month (Shanghai calendar).</summary>
    public static decimal OpenHoursIn(SlotPolicy p, DateOnly month)
    {
        var first = new DateOnly(month.Year, month.Month, 1);
        var days = Enumerable.Range(0, DateTime.DaysInMonth(month.Year, month.Month)).Select(first.AddDays).Count(p.IsOpenOn);
        return days * (decimal)(p.Closes - p.Opens).TotalHours;
    }

    /// <summary>
    /// Booked minutes by day of the week (0 = Monday … 6 = Sunday) and hour of the day (0–23) in the Shanghai calendar:
    /// each booking's time is split over the clock hours it covers (09:30–11:00 gives 30 min at 9 and 60 min at 10).
    /// Minutes keep the sums exact (a 20-minute slot is no round number of hours).
    /// </summary>
    public static int[,] BookedMinutesByWeekdayAndHour(IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> bookings)
    {
        var cells = new int[7, 24];
        foreach (var (start, end) in bookings)
        {
            var t = BookingCalendar.Local(start);
            var stop = BookingCalendar.Local(end);
            while (t < stop)
            {
                var hourEnd = new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, 0, 0, t.Offset).AddHours(1);
                var until = hourEnd < stop ? hourEnd : stop;
                cells[((int)t.DayOfWeek + 6) % 7, t.Hour] += (int)Math.Round((until - t).TotalMinutes);
                t = until;
            }
        }
        return cells;
    }

    /// <summary>Idle rate = 1 − used ÷ open, rounded to 0.1 %; a resource never open is 100 % idle.</summary>
    public static decimal IdleRate(decimal openHours, decimal usedHours) =>
        openHours <= 0 ? 1m : Math.Round(Math.Max(0m, 1m - usedHours / openHours), 3, MidpointRounding.AwayFromZero);
}
