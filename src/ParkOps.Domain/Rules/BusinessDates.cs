using System.Globalization;

namespace ParkOps.Domain.Rules;

/// <summary>
/// The range of dates the platform does business in: leases, bills, readings, bookings and posts lie between
/// 2000-01-01 and 2100-12-31. A date outside it is a typing error (0001-01, 9999-12), and would overflow date arithmetic
/// (a month after 9999-12) or a database's date range long before it meant anything.
/// </summary>
public static class BusinessDates
{
    public const int MinYear = 2000;
    public const int MaxYear = 2100;

    public static bool Contains(DateOnly d) => d.Year is >= MinYear and <= MaxYear;

    /// <summary>A month as yyyy-MM within the business range, as its first day.</summary>
    public static bool TryParseMonth(string? month, out DateOnly first)
    {
        first = default;
        return month is { Length: 7 }
            && DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out first)
            && Contains(first);
    }
}
