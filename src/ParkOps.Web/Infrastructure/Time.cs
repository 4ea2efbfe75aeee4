namespace ParkOps.Web.Infrastructure;

/// <summary>Business time is Asia/Shanghai (UTC+8, no DST); storage is UTC.</summary>
public static class Time
{
    public static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static DateTime ToShanghai(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Shanghai);

    /// <summary>Today in Beijing by this clock.</summary>
    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Shanghai).DateTime);

    public static string Format(DateTime utc) => ToShanghai(utc).ToString("yyyy-MM-dd HH:mm");
}
