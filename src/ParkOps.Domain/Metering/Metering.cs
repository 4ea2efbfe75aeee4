using ParkOps.Domain.Pricing;

namespace ParkOps.Domain.Metering;

/// <summary>The utilities a park meters and bills (DOMAIN §3: electricity in kWh, water in m³).</summary>
public enum Utility { Electricity, Water }

/// <summary>A counter reading: the meter's cumulative value at an instant (UTC).</summary>
public readonly record struct Reading(DateTime At, decimal Value);

/// <summary>
/// A meter's use in one billing month: <see cref="Opening"/> is the last reading before the month (or, when there is
/// none, the month's first reading), <see cref="Closing"/> the month's last reading; use = closing − opening. A month
/// that holds only the meter's first reading has no opening (no use can be measured yet).
/// </summary>
public sealed record MonthUse(DateOnly Month, Reading? Opening, Reading? Closing)
{
    public bool HasReadings => Opening is not null && Closing is not null;
    public decimal Use => HasReadings ? Closing!.Value.Value - Opening!.Value.Value : 0m;
}

/// <summary>A flag raised on a meter's month, with the rule's name and the evidence in words.</summary>
public sealed record Anomaly(string Rule, string Reason);

public static class Meters
{
    public static string UnitOf(Utility u) => u == Utility.Electricity ? "kWh" : "m³";

    /// <summary>Spellings accepted for the unit column of a readings file, by utility.</summary>
    public static Utility? UtilityOfUnit(string text) => text.Trim().ToLowerInvariant() switch
    {
        "kwh" or "千瓦时" or "度" or "kw·h" or "kw.h" => Utility.Electricity,
        "m³" or "m3" or "立方米" or "吨" or "方" => Utility.Water,
        _ => null,
    };

    /// <summary>
    /// Use of one meter in <paramref name="month"/>, from its readings sorted by time. Months are bounded by
    /// <paramref name="monthStart"/> and <paramref name="nextMonthStart"/> (instants; the caller converts business days).
    /// </summary>
    public static MonthUse UseIn(IReadOnlyList<Reading> sorted, DateOnly month, DateTime monthStart, DateTime nextMonthStart)
    {
        Reading? before = null, first = null, last = null;
        foreach (var r in sorted)
        {
            if (r.At < monthStart) before = r;
            else if (r.At < nextMonthStart) { first ??= r; last = r; }
            else break;
        }
        // a meter's very first reading opens its history: alone in its month it measures no use yet
        if (before is null && first == last) return new MonthUse(month, null, last);
        return new MonthUse(month, last is null ? null : before ?? first, last);
    }

    /// <summary>The median of a list (mean of the two middle values for an even count); 0 for an empty list.</summary>
    public static decimal Median(IReadOnlyList<decimal> values)
    {
        if (values.Count == 0) return 0m;
        var s = values.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2m;
    }

    public const int TrailingMonths = 6;
    public const decimal SpikeFactor = 5m;
    public const int MinHistoryForSpike = 3;

    /// <summary>
    /// The anomaly rules of issue 3 for one meter and month:
    /// <list type="bullet">
    /// <item>CounterMustNotGoBackwards: a reading of the month is lower than the reading before it;</item>
    /// <item>UseSpikeAboveFiveTimesMedian: the month's use is above 5 × the median use of up to the 6 months before
    /// (with at least 3 of them metered and a median above 0);</item>
    /// <item>ZeroUseByActiveTenant: the month has readings at both ends, no use, and a tenant held the unit all month.</item>
    /// </list>
    /// </summary>
    public static IReadOnlyList<Anomaly> Detect(IReadOnlyList<Reading> sorted, DateOnly month, DateTime monthStart, DateTime nextMonthStart,
        IReadOnlyList<MonthUse> trailing, bool tenantHeldWholeMonth, Utility utility)
    {
        var found = new List<Anomaly>();
        var unit = UnitOf(utility);
        Reading? prev = null;
        foreach (var r in sorted)
        {
            if (r.At >= nextMonthStart) break;
            if (r.At >= monthStart && prev is { } p && r.Value < p.Value)
            {
                found.Add(new Anomaly("CounterMustNotGoBackwards", $"{p.At:yyyy-MM-dd HH:mm} {p.Value} → {r.At:yyyy-MM-dd HH:mm} {r.Value} {unit}"));
                break;
            }
            prev = r;
        }
        var use = UseIn(sorted, month, monthStart, nextMonthStart);
        var history = trailing.Where(t => t.HasReadings && t.Use >= 0).Select(t => t.Use).TakeLast(TrailingMonths).ToList();
        var median = Median(history);
        if (use.HasReadings && history.Count >= MinHistoryForSpike && median > 0 && use.Use > SpikeFactor * median)
            found.Add(new Anomaly("UseSpikeAboveFiveTimesMedian", $"{use.Use} {unit} > 5 × {median} {unit}（前 {history.Count} 个月中位数）"));
        if (use.HasReadings && use.Use == 0 && tenantHeldWholeMonth)
            found.Add(new Anomaly("ZeroUseByActiveTenant", $"{month:yyyy-MM} {use.Opening!.Value.Value} → {use.Closing!.Value.Value} {unit}"));
        return found;
    }
}

/// <summary>One version of a park's tariff for a utility, with the 亩均-class surcharges (DOMAIN §3/§7).</summary>
public sealed record Tariff(Utility Utility, DateOnly EffectiveFrom, decimal UnitPrice, decimal ClassCSurcharge, decimal ClassDSurcharge);

/// <summary>A utility charge with the steps that made it (each as name, parameter, effect).</summary>
public sealed record UtilityCharge(decimal Use, decimal BaseAmount, decimal Surcharge, decimal Amount, decimal UnitPrice, IReadOnlyList<(string Name, string Parameter, string Effect)> Rules);

public static class Tariffs
{
    /// <summary>DOMAIN §3 (Ruian 2018): class C pays +0.10 元/kWh for electricity and +15 % for water.</summary>
    public const decimal DefaultElectricityClassC = 0.10m;
    public const decimal DefaultWaterClassC = 0.15m;

    /// <summary>Class D's own defaults (issue 15): +0.30 元/kWh for electricity and +30 % for water.</summary>
    public const decimal DefaultElectricityClassD = 0.30m;
    public const decimal DefaultWaterClassD = 0.30m;

    /// <summary>The version in force on <paramref name="day"/> (the latest effective on or before it), or null.</summary>
    public static Tariff? InForce(IEnumerable<Tariff> versions, Utility u, DateOnly day) =>
        versions.Where(v => v.Utility == u && v.EffectiveFrom <= day).MaxBy(v => v.EffectiveFrom);

    /// <summary>
    /// use × price, plus the class surcharge: for electricity an amount per kWh added to the price, for water a
    /// fraction of the water amount. Computed exactly and rounded half away from zero to the 分 once, at the end.
    /// Classes A, B and T (or none) pay no surcharge.
    /// </summary>
    public static UtilityCharge Charge(Tariff tariff, decimal use, string? muClass)
    {
        if (use < 0) throw new ArgumentOutOfRangeException(nameof(use), "use must not be negative");
        var cls = muClass?.Trim().ToUpperInvariant();
        var s = cls switch { "C" => tariff.ClassCSurcharge, "D" => tariff.ClassDSurcharge, _ => 0m };
        var unit = Meters.UnitOf(tariff.Utility);
        var baseExact = use * tariff.UnitPrice;
        var rules = new List<(string, string, string)> { ("Tariff", $"{tariff.EffectiveFrom:yyyy-MM-dd} 起 {tariff.UnitPrice} 元/{unit}", $"{use} {unit} × {tariff.UnitPrice} = {RentPricing.RoundToFen(baseExact)} 元") };
        decimal surchargeExact = 0;
        if (s != 0)
        {
            if (tariff.Utility == Utility.Electricity)
            {
                surchargeExact = use * s;
                rules.Add(("MuClassSurcharge", $"{cls} 类 +{s} 元/{unit}", $"+{RentPricing.RoundToFen(surchargeExact)} 元"));
            }
            else
            {
                surchargeExact = baseExact * s;
                rules.Add(("MuClassSurcharge", $"{cls} 类 +{s * 100m:0.##} %", $"+{RentPricing.RoundToFen(surchargeExact)} 元"));
            }
        }
        var amount = RentPricing.RoundToFen(baseExact + surchargeExact);
        var unitPrice = use == 0 ? tariff.UnitPrice : tariff.Utility == Utility.Electricity ? tariff.UnitPrice + s : tariff.UnitPrice * (1 + s);
        return new UtilityCharge(use, RentPricing.RoundToFen(baseExact), amount - RentPricing.RoundToFen(baseExact), amount, unitPrice, rules);
    }
}

/// <summary>
/// Late fee (DOMAIN §3 "late fees"): a daily rate on what is still outstanding, for the days past the due date
/// (after the grace days) that fall in the month before the billed month, so each overdue day is charged once.
/// </summary>
public static class LateFees
{
    public sealed record Overdue(string BillNumber, DateOnly DueDate, decimal Outstanding);

    public static (decimal Amount, IReadOnlyList<(string Name, string Parameter, string Effect)> Rules) Compute(
        IEnumerable<Overdue> bills, DateOnly billedMonth, decimal dailyRate, int graceDays)
    {
        var from = billedMonth.AddMonths(-1);
        var to = billedMonth.AddDays(-1);
        decimal exact = 0;
        var rules = new List<(string, string, string)>();
        foreach (var b in bills.OrderBy(b => b.DueDate).ThenBy(b => b.BillNumber, StringComparer.Ordinal))
        {
            if (b.Outstanding <= 0) continue;
            var firstLate = b.DueDate.AddDays(1 + graceDays);
            var start = firstLate > from ? firstLate : from;
            var days = to.DayNumber - start.DayNumber + 1;
            if (days <= 0) continue;
            var part = b.Outstanding * dailyRate * days;
            exact += part;
            rules.Add(("LateFee", $"{b.BillNumber} 到期 {b.DueDate:yyyy-MM-dd} 欠 {b.Outstanding} 元 × {dailyRate}/日", $"{start:yyyy-MM-dd}…{to:yyyy-MM-dd} {days} 日 = {RentPricing.RoundToFen(part)} 元"));
        }
        return (RentPricing.RoundToFen(exact), rules);
    }
}
