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
    // the counted things; 台 counts a product (整机 台/日), but not a machine (8台冲床: see the lookahead below)
    private const string Units = "平方米|平米|㎡|m2|人天|小时|公斤|千克|kg|件|个|只|套|台|块|片|条|双|米|码|吨|样|批|点|卷|箱|pcs|pc|k";

    private const string Numeral = @"\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+";

    // a period written before the figure (日产3万米, 每月2000条, 两个月能出5套): the last one in the few characters before it
    [GeneratedRegex(@"(?:(?<pc>两|三|四|五|六|\d)个月|每天|每日|日产能?|日产量|日需求?|一天|每班|(?<![\d一-龥])天|(?<!\d)日|每月|月产能?|月产量|月需求?|一个月|(?<!\d)月|每周|一周|(?<!\d)周)")]
    private static partial Regex PeriodBeforePattern();

    // a quantity: an optional period word before (日产、每月、一天), the number (a range 3000-5000 is its middle), a
    // multiplier (万、千、k、w), the unit, an optional period after (/天、/月、每班、/2个月); not a machine count (8台冲床),
    // a tonnage (60吨冲床) or a price (3元/件)
    [GeneratedRegex(@"(?<![\d.几数上好])(?<num>" + Numeral + @")(?:\s*[-~～到至]\s*(?<num2>" + Numeral + @"))?\s*(?<mult>万|千|k|w)?\s*(?<unit>" + Units + @")(?![a-z])(?!\s*(?:冲床|啤机|注塑机|压铸机|机|床|设备|台设备|生产线|条线|元|块钱|毛))(?:\s*(?:/|每|一)\s*(?<pn>\d+|[两三四五六])?\s*(?<per>日|天|班|个月|月|周|星期|年|day|d|month|week))?")]
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

    /// <summary>
    /// The quantity a text states, as a number and a unit <c>base/period</c> (件/日, 套/2月 for "套/2个月"); the
    /// multiplier is applied (5万件/月 → 50000 件/月, 50K/月 → 50000 件/月). A periodic figure wins over a plain one.
    /// </summary>
    private static (decimal?, string?) Quantity(string t)
    {
        (Match M, string Period, int Count)? best = null;
        foreach (Match m in QuantityPattern().Matches(t))
        {
            if (Number(m.Groups["num"].Value) is not > 0) continue;
            var unit = m.Groups["unit"].Value;
            var (periodWritten, count) = m.Groups["per"].Success
                ? (m.Groups["per"].Value, m.Groups["pn"].Success ? (int)(Number(m.Groups["pn"].Value) ?? 1) : 1)
                : PeriodBefore(t, m.Index);
            // a bare "k" is a thousand pieces only with a period (50k/月); 台 and 部 without one count machines (8台冲床空着)
            if (periodWritten.Length == 0 && unit is "k" or "台") continue;
            var candidate = (m, periodWritten, count);
            if (best is null || Better(candidate, best.Value)) best = candidate;
        }
        if (best is not { } b) return (null, null);
        var n = Number(b.M.Groups["num"].Value)!.Value;
        if (b.M.Groups["num2"].Success && Number(b.M.Groups["num2"].Value) is { } n2 && n2 > n) n = (n + n2) / 2;
        var baseUnit = b.M.Groups["unit"].Value;
        var mult = b.M.Groups["mult"].Value;
        if (baseUnit == "k") { baseUnit = "件"; mult = mult.Length == 0 ? "k" : mult; }
        var q = n * mult switch
        {
            "万" or "w" => 10_000m,
            "千" or "k" => 1_000m,
            _ => 1m,
        };
        var periodWord = b.Period;
        var period = periodWord switch
        {
            _ when periodWord.Length == 0 => null,
            _ when periodWord.Contains('月') || periodWord == "month" => "月",
            _ when periodWord.Contains('周') || periodWord == "星期" || periodWord == "week" => "周",
            "年" => "年",
            _ => "日", // 日、天、班、day
        };
        var unit2 = PostAnalyser.CanonicalUnitBase(baseUnit);
        return (q, period is null ? unit2 : b.Count > 1 ? $"{unit2}/{b.Count}{period}" : $"{unit2}/{period}");
    }

    // a figure with a period beats one without; between equals, one in digits beats one in words (几百双 … 800双/天)
    private static bool Better((Match M, string Period, int Count) a, (Match M, string Period, int Count) b)
    {
        if ((a.Period.Length > 0) != (b.Period.Length > 0)) return a.Period.Length > 0;
        return char.IsAsciiDigit(a.M.Groups["num"].Value[0]) && !char.IsAsciiDigit(b.M.Groups["num"].Value[0]);
    }

    private static (string Period, int Count) PeriodBefore(string t, int at)
    {
        var from = Math.Max(0, at - 8);
        var window = t[from..at];
        // the period must be in the figure's clause
        var cut = window.LastIndexOfAny(['，', ',', '。', ';', '；', '、']);
        if (cut >= 0) window = window[(cut + 1)..];
        Match? last = null;
        foreach (Match m in PeriodBeforePattern().Matches(window)) last = m;
        if (last is null) return ("", 1);
        return last.Groups["pc"].Success ? ("月", (int)(Number(last.Groups["pc"].Value) ?? 1)) : (last.Value, 1);
    }

    /// <summary>A number written in digits (2000, 1.5) or in Chinese numerals (两千, 三万 → 3 with 万 as multiplier, 十五); null if neither.</summary>
    public static decimal? Number(string s)
    {
        if (s.Length == 0) return null;
        if (char.IsAsciiDigit(s[0])) return decimal.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : null;
        decimal total = 0, digit = 0;
        foreach (var ch in s)
        {
            var v = "零一二三四五六七八九".IndexOf(ch);
            if (ch == '两') v = 2;
            if (v >= 0) { digit = v; continue; }
            var scale = ch switch { '十' => 10, '百' => 100, '千' => 1000, _ => 0 };
            if (scale == 0) return null;
            total += (digit == 0 ? 1 : digit) * scale;
            digit = 0;
        }
        return total + digit;
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
