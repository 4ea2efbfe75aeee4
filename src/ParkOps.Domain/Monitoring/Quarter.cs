using System.Globalization;

namespace ParkOps.Domain.Monitoring;

/// <summary>A calendar quarter (Asia/Shanghai dates): 2026Q3 is July to September 2026.</summary>
public readonly record struct Quarter(int Year, int Number) : IComparable<Quarter>
{
    /// <summary>Quarters since year 0: consecutive quarters differ by one, so spans and "the four before" are arithmetic.</summary>
    public int Index => Year * 4 + Number - 1;

    public static Quarter FromIndex(int index) => new(index / 4, index % 4 + 1);

    public static Quarter Of(DateOnly day) => new(day.Year, (day.Month - 1) / 3 + 1);

    public Quarter Next => FromIndex(Index + 1);
    public Quarter Previous => FromIndex(Index - 1);
    public Quarter Plus(int quarters) => FromIndex(Index + quarters);

    public DateOnly FirstDay => new(Year, (Number - 1) * 3 + 1, 1);
    public DateOnly LastDay => FirstDay.AddMonths(3).AddDays(-1);

    /// <summary>The three months' first days.</summary>
    public IEnumerable<DateOnly> Months => Enumerable.Range(0, 3).Select(FirstDay.AddMonths);

    public bool IsValid => Year is >= 2000 and <= 2200 && Number is >= 1 and <= 4;

    public int CompareTo(Quarter other) => Index.CompareTo(other.Index);
    public static bool operator <(Quarter a, Quarter b) => a.Index < b.Index;
    public static bool operator >(Quarter a, Quarter b) => a.Index > b.Index;
    public static bool operator <=(Quarter a, Quarter b) => a.Index <= b.Index;
    public static bool operator >=(Quarter a, Quarter b) => a.Index >= b.Index;

    /// <summary>"2026Q3" (the form files and URLs use).</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year}Q{Number}");

    /// <summary>"2026年第3季度".</summary>
    public string ToChinese() => string.Create(CultureInfo.InvariantCulture, $"{Year}年第{Number}季度");

    /// <summary>Reads "2026Q3" or "2026-Q3" (any case); false for anything else or an impossible quarter.</summary>
    public static bool TryParse(string? text, out Quarter quarter)
    {
        quarter = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim().ToUpperInvariant().Replace("-", "", StringComparison.Ordinal);
        var q = s.IndexOf('Q', StringComparison.Ordinal);
        if (q != 4 || s.Length != 6
            || !int.TryParse(s.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(s.AsSpan(5, 1), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            return false;
        var candidate = new Quarter(year, number);
        if (!candidate.IsValid) return false;
        quarter = candidate;
        return true;
    }

    /// <summary>The quarters from <paramref name="from"/> to <paramref name="to"/>, both included, oldest first.</summary>
    public static IEnumerable<Quarter> Span(Quarter from, Quarter to)
    {
        for (var i = from.Index; i <= to.Index; i++) yield return FromIndex(i);
    }
}
