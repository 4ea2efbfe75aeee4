using System.Globalization;
using System.Text.RegularExpressions;

namespace ParkOps.Domain.Matching;

/// <summary>What a free text says about quantity and window ("12月14日起交付，日需求约2000件/日").</summary>
public sealed record TextFacts(DateOnly? From, DateOnly? To, decimal? Quantity, string? Unit)
{
    public static TextFacts None { get; } = new(null, null, null, null);
}

/// <summary>
/// Reads quantity and dates from Chinese free text, for posts whose structured fields are missing (the structured
/// fields always win where present: see <see cref="PostAnalyser"/>). Dates without a year take the year that puts
/// them nearest after the reference date (a date more than half a year before it is next year's).
/// </summary>
public static partial class FreeTextFacts
{
    private const string Units = "平方米|平米|m2|人天|小时|公斤|千克|kg|件|个|只|套|台|块|片|条|双|米|码|吨|样|批|点|卷|箱|pcs";

    [GeneratedRegex(@"(?<pre>每天|每日|日|天|每月|月|每周|周)?[^\d,，。;；、]{0,6}?(?<num>\d+(?:\.\d+)?)\s*(?<mult>万|千|k)?\s*(?<unit>" + Units + @")(?:\s*(?:/|每)\s*(?<per>日|天|月|周|day|month|week))?")]
    private static partial Regex QuantityPattern();

    [GeneratedRegex(@"(?:(?<y>\d{4})\s*(?:年|-|/|\.)\s*(?<m>\d{1,2})\s*(?:月|-|/|\.)\s*(?<d>\d{1,2})|(?<m>\d{1,2})\s*月\s*(?<d>\d{1,2}))\s*[日号]?\s*(?<mark>起|开始|以后|之后|前|之前|截止|为止)?")]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"(?:(?:交期|为期|持续|周期|工期|连续|共)\s*(?<n>\d+)\s*(?<u>天|日|周|个月|月))|(?:(?<n>\d+)\s*(?<u>天|日|周|个月)\s*(?:内|之内)(?:交货|交付|完成)?)")]
    private static partial Regex DurationPattern();

    public static TextFacts Read(string? text, DateOnly reference, double daysPerMonth = 30)
    {
        var t = ChineseText.Normalise(text);
        if (t.Length == 0) return TextFacts.None;
        var (quantity, unit) = Quantity(t);
        var (from, to) = Window(t, reference, daysPerMonth);
        return new TextFacts(from, to, quantity, unit);
    }

    private static (decimal?, string?) Quantity(string t)
    {
        Match? best = null;
        foreach (Match m in QuantityPattern().Matches(t))
        {
            var periodic = m.Groups["pre"].Success || m.Groups["per"].Success;
            if (best is null || periodic && !(best.Groups["pre"].Success || best.Groups["per"].Success)) best = m;
        }
        if (best is null) return (null, null);
        var q = decimal.Parse(best.Groups["num"].Value, CultureInfo.InvariantCulture) * best.Groups["mult"].Value switch
        {
            "万" => 10_000m,
            "千" or "k" => 1_000m,
            _ => 1m,
        };
        var periodWord = best.Groups["per"].Success ? best.Groups["per"].Value : best.Groups["pre"].Value;
        var period = periodWord switch
        {
            "日" or "天" or "每天" or "每日" or "day" => "日",
            "月" or "每月" or "month" => "月",
            "周" or "每周" or "week" => "周",
            _ => null,
        };
        var unit = best.Groups["unit"].Value;
        return (q, period is null ? unit : $"{unit}/{period}");
    }

    private static (DateOnly?, DateOnly?) Window(string t, DateOnly reference, double daysPerMonth)
    {
        DateOnly? from = null, to = null;
        var plain = new List<DateOnly>();
        foreach (Match m in DatePattern().Matches(t))
        {
            if (!TryDate(m, reference, out var date)) continue;
            switch (m.Groups["mark"].Value)
            {
                case "起" or "开始" or "以后" or "之后": from ??= date; break;
                case "前" or "之前" or "截止" or "为止": to ??= date; break;
                default: plain.Add(date); break;
            }
        }
        foreach (var d in plain)
        {
            if (from is null) from = d;
            else if (to is null && d >= from) to = d;
        }
        if (to is null && DurationPattern().Match(t) is { Success: true } dm)
        {
            var n = int.Parse(dm.Groups["n"].Value, CultureInfo.InvariantCulture);
            var days = dm.Groups["u"].Value switch
            {
                "周" => n * 7,
                "个月" or "月" => (int)Math.Round(n * daysPerMonth),
                _ => n,
            };
            if (days > 0) to = (from ?? reference).AddDays(days - 1);
        }
        if (from is not null && to is not null && to < from) to = null;
        return (from, to);
    }

    private static bool TryDate(Match m, DateOnly reference, out DateOnly date)
    {
        date = default;
        var month = int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture);
        var day = int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture);
        if (month is < 1 or > 12 || day < 1 || day > 31) return false;
        var year = m.Groups["y"].Success ? int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture) : reference.Year;
        if (year is < 1 or > 9999 || day > DateTime.DaysInMonth(year, month)) return false;
        date = new DateOnly(year, month, day);
        if (!m.Groups["y"].Success && date < reference.AddDays(-183))
        {
            if (day > DateTime.DaysInMonth(year + 1, month)) return false;
            date = new DateOnly(year + 1, month, day);
        }
        return true;
    }
}
