using System.Globalization;
using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Pricing;

/// <summary>Stable names of the pricing rules, in the fixed order in which they multiply.</summary>
public static class RentRules
{
    public const string BasePrice = "BasePrice";
    public const string ProRata = "ProRata";
    public const string LeadingIndustryDiscount = "LeadingIndustryDiscount";
    public const string HighTechDiscount = "HighTechDiscount";
    public const string UnrelatedIndustryPremium = "UnrelatedIndustryPremium";
    public const string LongLeaseDecrease = "LongLeaseDecrease";
    public const string ContributionDiscount = "ContributionDiscount";
    public const string StartupFreeMonths = "StartupFreeMonths";
    public const string ServiceForEquityFreeMonths = "ServiceForEquityFreeMonths";

    /// <summary>Not a factor: says that the line is priced on re-evaluated tenant facts (<see cref="FactsRevisions"/>); its effect is empty.</summary>
    public const string FactsRevised = "FactsRevised";
}

/// <summary>
/// The rent pricing engine (DOMAIN §3; the issue "Leasing, differentiated rent pricing"). Pure: the same inputs
/// give the same schedule, to the 分, for the quote, the bill and the CLI calculator.
/// <para>
/// For lease month m = 1…term (lease year y = ⌊(m−1)/12⌋+1), with the policy version in force:
/// base = Σ area × base price of the unit's use; then, in this fixed order,
/// (1) industry: leading-industry and/or high-tech → × (1 − the larger applicable discount), otherwise unrelated
/// industry → × (1 + premium); (2) long lease: term ≥ 12 × minimum years → × (1 − yearly decrease)^(y−1);
/// (3) contribution: y ≥ <see cref="RentPolicy.ContributionFromLeaseYear"/> → × (1 − max discount × score ÷ 100);
/// (4) free months: the first (startup free months, for a startup) months, then the next (service-for-equity)
/// months, are × 0. The amount is base × factors computed in <see cref="decimal"/> and rounded half away from zero
/// to 0.01 once per bill line (never per factor); the total is the sum of the rounded lines. A line lists only
/// the rules that change it (a factor of exactly 1, such as the long-lease rule in lease year 1, is not shown).
/// </para>
/// <para>
/// Bill lines are calendar months (<c>yyyy-MM</c>). A lease that starts on the 1st has exactly <c>term</c> lines,
/// and line k is lease month k. A lease that starts on another day (see <see cref="LeaseTerm"/> for its end)
/// has term + 1 lines: the first calendar month charges (days from the start to the month's end) ÷ (days in that
/// month) of a month's rent, the last calendar month (days from its 1st to the lease's last day) ÷ (days in that
/// month), and the months between are whole. Each day is charged at the rules of the lease month it belongs to:
/// where a lease-year or free-period boundary falls inside a calendar month (only possible for starts after the
/// 1st), the line is split into <see cref="RentPart"/>s and amount = base × Σ(days × factors) ÷ days in month,
/// still rounded once. Example: 2027-12-15 for 24 months runs to 2029-12-14 in 25 lines, 2027-12 (17/31),
/// 2028-01 … 2029-11 whole, 2029-12 (14/31); its lease year 2 begins on 2028-12-15, so 2028-12 is split 14/31
/// at year-1 rules + 17/31 at year-2 rules. The day fractions of the first and last line add up to one month
/// only when the two months have the same length.
/// </para>
/// <para>
/// Versions: a line uses the policy version in force on its first charged day, i.e. the 1st of the calendar
/// month, or the lease start for the first line of a lease starting later in the month (so a version effective
/// on the 10th applies to a lease starting on the 15th). The version in force on a day is the one with the
/// latest <see cref="RentPolicy.EffectiveFrom"/> on or before it. A version changing mid-lease changes every
/// rule from that line on (base prices, discounts, thresholds, free months), never within a line.
/// </para>
/// </summary>
public static class RentPricing
{
    /// <summary>Longest term accepted (100 years), so dates stay within range.</summary>
    public const int MaxTermMonths = 1200;

    private static readonly DateOnly LatestStart = DateOnly.MaxValue.AddMonths(-MaxTermMonths - 1);

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Money rounding: half away from zero to 0.01 元 (分).</summary>
    public static decimal RoundToFen(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    public static RentSchedule Quote(RentPolicy policy, TenantFacts tenant, IReadOnlyList<LeasedUnit> units, DateOnly start, int termMonths) =>
        Quote([policy], tenant, units, start, termMonths);

    /// <summary>
    /// Prices a lease. Refuses with <see cref="DomainRuleException"/> (rule and field named as in the calculator's
    /// JSON, e.g. <c>units[1].areaSqm</c>; policy fields are <c>policy.…</c> for one version, <c>policies[i].…</c>
    /// for several) when the term is not 1…<see cref="MaxTermMonths"/>, a unit has no positive area, a use is
    /// unknown or unpriced, a price is negative, a policy figure is out of range or no version is in force.
    /// </summary>
    public static RentSchedule Quote(IReadOnlyList<RentPolicy> policies, TenantFacts tenant, IReadOnlyList<LeasedUnit> units, DateOnly start, int termMonths)
    {
        if (policies.Count == 0)
            throw RentPolicyMustBeInForce.Refusal(start, "policy", $"{Day(start)} 没有生效的租金政策");
        var versions = Validate(policies, tenant, units, termMonths);
        if (start > LatestStart)
            throw new DomainRuleException("LeaseStartOutOfRange", "startDate", $"租期起始日超出范围：{Day(start)}") { Arguments = [start] };
        var term = new LeaseTerm(start, termMonths);
        var end = term.End;
        var months = new List<RentMonth>(termMonths + 1);
        for (var first = new DateOnly(start.Year, start.Month, 1); first <= end; first = first.AddMonths(1))
        {
            var from = first < start ? start : first;
            var monthEnd = first.AddMonths(1).AddDays(-1);
            var to = monthEnd < end ? monthEnd : end;
            var (policy, prefix) = InForce(versions, from);
            months.Add(PriceMonth(policy, prefix, tenant, units, term, first, from, to));
        }
        return new RentSchedule(term, months, months.Sum(m => m.Amount));
    }

    /// <summary>
    /// Only the months of the schedule from <paramref name="fromMonth"/> to <paramref name="toMonth"/> (first days), priced
    /// exactly as <see cref="Quote(IReadOnlyList{RentPolicy}, TenantFacts, IReadOnlyList{LeasedUnit}, DateOnly, int)"/>
    /// prices them (same checks, same month pricing): the bill run needs one month of many leases, not their whole terms.
    /// </summary>
    /// <param name="revision">The text of the re-evaluation that set <paramref name="tenant"/> (<see cref="FactsRevisions.Describe"/>), if one did: the first rule after the base price.</param>
    public static IReadOnlyList<RentMonth> QuoteMonths(IReadOnlyList<RentPolicy> policies, TenantFacts tenant, IReadOnlyList<LeasedUnit> units, DateOnly start, int termMonths,
        DateOnly fromMonth, DateOnly toMonth, string? revision = null)
    {
        if (policies.Count == 0)
            throw RentPolicyMustBeInForce.Refusal(start, "policy", $"{Day(start)} 没有生效的租金政策");
        var versions = Validate(policies, tenant, units, termMonths);
        if (start > LatestStart)
            throw new DomainRuleException("LeaseStartOutOfRange", "startDate", $"租期起始日超出范围：{Day(start)}") { Arguments = [start] };
        var term = new LeaseTerm(start, termMonths);
        var end = term.End;
        var months = new List<RentMonth>();
        var firstOfLease = new DateOnly(start.Year, start.Month, 1);
        var first = fromMonth > firstOfLease ? new DateOnly(fromMonth.Year, fromMonth.Month, 1) : firstOfLease;
        for (; first <= end && first <= toMonth; first = first.AddMonths(1))
        {
            var from = first < start ? start : first;
            var monthEnd = first.AddMonths(1).AddDays(-1);
            var to = monthEnd < end ? monthEnd : end;
            var (policy, prefix) = InForce(versions, from);
            months.Add(PriceMonth(policy, prefix, tenant, units, term, first, from, to, revision));
        }
        return months;
    }

    private static RentMonth PriceMonth(RentPolicy policy, string prefix, TenantFacts tenant, IReadOnlyList<LeasedUnit> units,
        LeaseTerm term, DateOnly first, DateOnly from, DateOnly to, string? revision = null)
    {
        var monthlyBase = 0m;
        var baseText = new List<string>(units.Count);
        foreach (var u in units)
        {
            if (!policy.BasePrices.TryGetValue(u.Use, out var price))
                throw new DomainRuleException("BasePriceMustBeSet", $"{prefix}.basePrices.{u.Use.Key()}",
                    $"租金政策未设置“{u.Use.Key()}”用途的基础租金") { Arguments = [u.Use.Key()] };
            monthlyBase += u.AreaSqm * price;
            baseText.Add($"{u.Use.Name()} {Num(u.AreaSqm)}㎡ × {Num(price)} 元/㎡·月");
        }
        var version = policy.EffectiveFrom == DateOnly.MinValue ? "" : $"{Day(policy.EffectiveFrom)} 版政策：";
        var rules = new List<AppliedRule> { new(RentRules.BasePrice, version + string.Join(" + ", baseText), $"{Num(monthlyBase)} 元/月") };
        if (revision is not null) rules.Add(new(RentRules.FactsRevised, revision, ""));

        var daysInMonth = DateTime.DaysInMonth(first.Year, first.Month);
        var parts = Parts(policy, tenant, term, from, to, daysInMonth);
        decimal exact;
        if (parts is [{ IsWholeMonth: true } whole])
        {
            exact = monthlyBase * whole.Factor;
            rules.AddRange(whole.Rules);
        }
        else
        {
            var dayWeighted = 0m;
            foreach (var p in parts)
            {
                dayWeighted += p.Days * p.Factor;
                rules.Add(new(RentRules.ProRata, $"{Day(p.From)}–{Day(p.To)}", $"×{p.Days}/{daysInMonth}"));
                rules.AddRange(p.Rules);
            }
            // divide last, so the only inexact step is one division, far below 0.01
            exact = monthlyBase * dayWeighted / daysInMonth;
        }

        var chargedDays = to.DayNumber - from.DayNumber + 1;
        var baseAmount = chargedDays == daysInMonth ? monthlyBase : monthlyBase * chargedDays / daysInMonth;
        return new RentMonth(first, from, to, parts[0].LeaseMonth, parts[0].LeaseYear, policy.EffectiveFrom,
            monthlyBase, RoundToFen(baseAmount), RoundToFen(exact), rules, parts);
    }

    /// <summary>Splits [from, to] by lease month, prices each piece, and merges neighbours with the same rules.</summary>
    private static List<RentPart> Parts(RentPolicy policy, TenantFacts tenant, LeaseTerm term, DateOnly from, DateOnly to, int daysInMonth)
    {
        var parts = new List<RentPart>(2);
        var day = from;
        while (day <= to)
        {
            var m = term.LeaseMonthOf(day);
            var next = term.MonthStart(m + 1);
            var last = next.AddDays(-1) < to ? next.AddDays(-1) : to;
            var y = LeaseTerm.LeaseYearOf(m);
            var (factor, rules) = Adjustments(policy, tenant, term.Months, m, y);
            var days = last.DayNumber - day.DayNumber + 1;
            if (parts.Count > 0 && parts[^1].Factor == factor && parts[^1].Rules.SequenceEqual(rules))
                parts[^1] = parts[^1] with { To = last, Days = parts[^1].Days + days };
            else
                parts.Add(new RentPart(day, last, m, y, days, daysInMonth, factor, rules));
            day = last.AddDays(1);
        }
        return parts;
    }

    /// <summary>The adjustments of lease month m in their fixed order, and their exact product.</summary>
    private static (decimal Factor, List<AppliedRule> Rules) Adjustments(RentPolicy p, TenantFacts t, int termMonths, int m, int y)
    {
        var rules = new List<AppliedRule>(4);
        var factor = 1m;

        // (1) industry: the larger of the discounts that apply wins; the premium only when no discount applies
        if (t.LeadingIndustry || t.HighTech)
        {
            var leading = t.LeadingIndustry ? p.LeadingIndustryDiscount : -1m;
            var highTech = t.HighTech ? p.HighTechDiscount : -1m;
            var (name, discount) = leading >= highTech ? (RentRules.LeadingIndustryDiscount, leading) : (RentRules.HighTechDiscount, highTech);
            var parameter = t.LeadingIndustry && t.HighTech
                ? $"{Pct(discount)}（主导产业 {Pct(p.LeadingIndustryDiscount)} 与高新技术 {Pct(p.HighTechDiscount)} 取较大者）"
                : Pct(discount);
            Apply(name, parameter, 1 - discount);
        }
        else if (t.UnrelatedIndustry)
            Apply(RentRules.UnrelatedIndustryPremium, Pct(p.UnrelatedIndustryPremium), 1 + p.UnrelatedIndustryPremium);

        // (2) long lease: compounding yearly decrease from lease year 2 on
        if (termMonths >= 12 * p.LongLeaseMinYears && y > 1)
        {
            var f = 1m;
            for (var i = 1; i < y; i++) f *= 1 - p.LongLeaseYearlyDecrease;
            Apply(RentRules.LongLeaseDecrease,
                $"租赁第 {y} 年，每年递减 {Pct(p.LongLeaseYearlyDecrease)}，租期 {termMonths} 个月 ≥ {12 * p.LongLeaseMinYears} 个月", f);
        }

        // (3) collaboration contribution (seed 000 case 9), from the given year of the enterprise's time in the park
        // (renewals and changes continue it; DOMAIN §3, issue 15)
        var parkYear = t.ParkYearOf(m);
        if (parkYear >= p.ContributionFromLeaseYear)
            Apply(RentRules.ContributionDiscount,
                t.MonthsInParkBefore == 0
                    ? $"贡献度 {Num(t.ContributionScore)}{ScoreYear(t)} × {Pct(p.ContributionMaxDiscount)}，自租赁第 {p.ContributionFromLeaseYear} 年起"
                    : $"贡献度 {Num(t.ContributionScore)}{ScoreYear(t)} × {Pct(p.ContributionMaxDiscount)}，自入园第 {p.ContributionFromLeaseYear} 年起（现为入园第 {parkYear} 年：本租约前已在园 {t.MonthsInParkBefore} 个月）",
                1 - p.ContributionMaxDiscount * t.ContributionScore / 100);

        // (4) free months: startup first (once per enterprise and park: the months already used are spent), then service-for-equity
        var startup = t.StartupMonthsLeft(p.StartupFreeMonths);
        if (m <= startup)
            Apply(RentRules.StartupFreeMonths,
                t.StartupFreeMonthsUsed == 0 ? MonthRange(1, startup) : $"{MonthRange(1, startup)}（共 {p.StartupFreeMonths} 个月，此前在园已用 {t.StartupFreeMonthsUsed} 个月）", 0);
        else if (m <= startup + t.EquityFreeMonths)
            Apply(RentRules.ServiceForEquityFreeMonths, MonthRange(startup + 1, startup + t.EquityFreeMonths), 0);

        return (factor, rules);

        void Apply(string name, string parameter, decimal f)
        {
            if (f == 1) return; // a rule that changes nothing is not shown on the line
            factor *= f;
            rules.Add(new AppliedRule(name, parameter, "×" + Num(f)));
        }
    }

    private static List<(RentPolicy Policy, string Prefix)> Validate(IReadOnlyList<RentPolicy> policies, TenantFacts tenant, IReadOnlyList<LeasedUnit> units, int termMonths)
    {
        if (termMonths <= 0)
            throw new DomainRuleException("LeaseTermMustBePositive", "termMonths", $"租期（月）必须大于 0：{termMonths}") { Arguments = [termMonths] };
        if (termMonths > MaxTermMonths)
            throw new DomainRuleException("LeaseTermTooLong", "termMonths", $"租期不能超过 {MaxTermMonths} 个月：{termMonths}") { Arguments = [termMonths, MaxTermMonths] };
        if (units.Count == 0)
            throw new DomainRuleException("LeaseMustHaveUnits", "units", "租约至少包含一个单元");
        for (var i = 0; i < units.Count; i++)
        {
            if (!Enum.IsDefined(units[i].Use)) throw SpaceUses.Unknown(units[i].Use.ToString(), $"units[{i}].use");
            if (units[i].AreaSqm <= 0)
                throw new DomainRuleException("UnitAreaMustBePositive", $"units[{i}].areaSqm", $"单元面积必须大于 0：{units[i].AreaSqm}") { Arguments = [units[i].AreaSqm] };
        }
        tenant.Validate();
        var versions = new List<(RentPolicy, string)>(policies.Count);
        for (var i = 0; i < policies.Count; i++)
        {
            var prefix = policies.Count == 1 ? "policy" : $"policies[{i}]";
            policies[i].Validate(prefix);
            if (policies.Take(i).Any(q => q.EffectiveFrom == policies[i].EffectiveFrom))
                throw new DomainRuleException("RentPolicyVersionsMustDiffer", $"{prefix}.effectiveFrom",
                    $"两个租金政策版本的生效日期相同：{Day(policies[i].EffectiveFrom)}") { Arguments = [policies[i].EffectiveFrom] };
            versions.Add((policies[i], prefix));
        }
        versions.Sort((a, b) => a.Item1.EffectiveFrom.CompareTo(b.Item1.EffectiveFrom));
        return versions;
    }

    private static (RentPolicy, string) InForce(List<(RentPolicy Policy, string Prefix)> versions, DateOnly day)
    {
        for (var i = versions.Count - 1; i >= 0; i--)
            if (versions[i].Policy.EffectiveFrom <= day) return versions[i];
        var field = versions.Count == 1 ? "policy.effectiveFrom" : "policies";
        throw RentPolicyMustBeInForce.Refusal(day, field, $"{Day(day)} 没有生效的租金政策");
    }

    private static string ScoreYear(TenantFacts t) => t.ContributionScoreYear is { } y ? $"（{y.ToString(Inv)} 年）" : "";

    private static string MonthRange(int a, int b) => a == b ? $"租赁第 {a} 个月" : $"租赁第 {a}–{b} 个月";

    /// <summary>A decimal without trailing zeros, culture-invariant (0.80 → 0.8, 30.0 → 30).</summary>
    private static string Num(decimal d) => d.ToString("0.############################", Inv);

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", Inv);

    private static string Pct(decimal fraction) => Num(fraction * 100) + "%";
}
