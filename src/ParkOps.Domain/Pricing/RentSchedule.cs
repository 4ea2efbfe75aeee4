namespace ParkOps.Domain.Pricing;

/// <summary>
/// A rule as it was applied to one bill line: its stable <see cref="Name"/> (the localisation key
/// <c>Pricing.Rule.{Name}</c>), the <see cref="Parameter"/> it used and its <see cref="Effect"/>: an amount in 元
/// (<c>66451.8 元/月</c>) or a factor (<c>×0.8</c>, <c>×17/31</c>, <c>×0</c>). Text is culture-invariant.
/// </summary>
public sealed record AppliedRule(string Name, string Parameter, string Effect);

/// <summary>
/// A stretch of one calendar month during which the same rules apply: the whole month, the days of a partial
/// first or last month, or the days on either side of a lease-year or free-period boundary that falls inside
/// the month. <see cref="Factor"/> is the exact product of the adjustments (without the pro-rating, which is
/// <see cref="Days"/> ÷ <see cref="DaysInMonth"/>).
/// </summary>
public sealed record RentPart(
    DateOnly From, DateOnly To, int LeaseMonth, int LeaseYear, int Days, int DaysInMonth, decimal Factor,
    IReadOnlyList<AppliedRule> Rules)
{
    public bool IsWholeMonth => Days == DaysInMonth;
}

/// <summary>
/// One bill line: the rent of one calendar month. <see cref="BaseAmount"/> is the base (pro-rated where the
/// lease covers part of the month) and <see cref="Amount"/> the rent after all rules; both rounded half away
/// from zero to 0.01 元, once. <see cref="Rules"/> lists the rules in the order they multiply: the base price,
/// then for each part its pro-rating and adjustments.
/// </summary>
public sealed record RentMonth(
    DateOnly Month, DateOnly From, DateOnly To, int LeaseMonth, int LeaseYear, DateOnly PolicyEffectiveFrom,
    decimal MonthlyBase, decimal BaseAmount, decimal Amount, IReadOnlyList<AppliedRule> Rules, IReadOnlyList<RentPart> Parts)
{
    /// <summary>The month as <c>yyyy-MM</c>, the key of a bill line.</summary>
    public string Label => Month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The priced lease: one line per calendar month it touches, and their total (Σ of the rounded amounts).</summary>
public sealed record RentSchedule(LeaseTerm Term, IReadOnlyList<RentMonth> Months, decimal Total)
{
    public decimal BaseTotal => Months.Sum(m => m.BaseAmount);
}
