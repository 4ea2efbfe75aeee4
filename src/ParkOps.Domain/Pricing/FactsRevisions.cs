using System.Globalization;
using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Pricing;

/// <summary>
/// An operator's re-evaluation of the tenant facts a signed lease is priced on (issue 15 §2): from the calendar month
/// <see cref="EffectiveMonth"/> (its first day) on, the lease is priced with these flags instead of those fixed at signing.
/// </summary>
public sealed record FactsRevision(DateOnly EffectiveMonth, bool LeadingIndustry, bool HighTech, bool UnrelatedIndustry, bool Startup, string Reason);

/// <summary>
/// Which tenant facts price which month of a signed lease: those fixed at signing until the first re-evaluation, then
/// each re-evaluation from its month until the next. The rest of the facts (score, equity months, time in the park,
/// startup months used) are not re-evaluated: the score follows its own publication, the others are the lease's terms.
/// </summary>
public static class FactsRevisions
{
    /// <summary>The facts pricing <paramref name="month"/>: the latest revision effective on or before it applied to <paramref name="signed"/>.</summary>
    public static TenantFacts InForce(TenantFacts signed, IReadOnlyList<FactsRevision> revisions, DateOnly month) =>
        Current(revisions, month) is { } r ? Apply(signed, r) : signed;

    /// <summary>The revision in force in <paramref name="month"/> (the latest effective on or before its first day), or null.</summary>
    public static FactsRevision? Current(IReadOnlyList<FactsRevision> revisions, DateOnly month)
    {
        var first = new DateOnly(month.Year, month.Month, 1);
        FactsRevision? current = null;
        foreach (var r in revisions)
            if (r.EffectiveMonth <= first && (current is null || r.EffectiveMonth > current.EffectiveMonth)) current = r;
        return current;
    }

    public static TenantFacts Apply(TenantFacts signed, FactsRevision r) => signed with
    {
        LeadingIndustry = r.LeadingIndustry, HighTech = r.HighTech, UnrelatedIndustry = r.UnrelatedIndustry, Startup = r.Startup,
    };

    /// <summary>The line's explanation: the month, what changed from the signed facts, and why.</summary>
    public static string Describe(TenantFacts signed, FactsRevision r)
    {
        var changes = new List<string>(4);
        Note("主导产业", signed.LeadingIndustry, r.LeadingIndustry);
        Note("高新技术", signed.HighTech, r.HighTech);
        Note("非相关产业", signed.UnrelatedIndustry, r.UnrelatedIndustry);
        Note("初创企业", signed.Startup, r.Startup);
        var what = changes.Count == 0 ? "条件同签约时" : string.Join("，", changes);
        return $"{r.EffectiveMonth.ToString("yyyy-MM", CultureInfo.InvariantCulture)} 起重新评定：{what}（{r.Reason}）";

        void Note(string name, bool before, bool after)
        {
            if (before != after) changes.Add($"{name} {(before ? "是" : "否")}→{(after ? "是" : "否")}");
        }
    }

    /// <summary>
    /// The lease's schedule with its re-evaluations: each month priced exactly as <see cref="RentPricing.Quote(IReadOnlyList{RentPolicy}, TenantFacts, IReadOnlyList{LeasedUnit}, DateOnly, int)"/>
    /// prices it with the facts in force in that month (so the bill run, which prices one month with those facts, agrees to the 分).
    /// </summary>
    public static RentSchedule Quote(IReadOnlyList<RentPolicy> policies, TenantFacts signed, IReadOnlyList<FactsRevision> revisions, IReadOnlyList<LeasedUnit> units,
        DateOnly start, int termMonths)
    {
        var schedule = RentPricing.Quote(policies, signed, units, start, termMonths);
        if (revisions.Count == 0) return schedule;
        var ordered = revisions.OrderBy(r => r.EffectiveMonth).ToList();
        var months = schedule.Months.ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            var from = ordered[i].EffectiveMonth;
            var to = i + 1 < ordered.Count ? ordered[i + 1].EffectiveMonth.AddMonths(-1) : DateOnly.MaxValue;
            var repriced = RentPricing.QuoteMonths(policies, Apply(signed, ordered[i]), units, start, termMonths, from, to, Describe(signed, ordered[i]));
            foreach (var m in repriced)
            {
                var at = months.FindIndex(x => x.Month == m.Month);
                if (at >= 0) months[at] = m;
            }
        }
        return new RentSchedule(schedule.Term, months, months.Sum(m => m.Amount));
    }

    /// <summary>
    /// Checks a new re-evaluation of a lease (term <paramref name="start"/> … <paramref name="lastDay"/>): a first day of a
    /// month inside the term, after <paramref name="currentMonth"/> (the future only) and after the last month billed to
    /// the tenant, not a month already re-evaluated, with a reason, changing something against the facts in force before it.
    /// </summary>
    public static void Check(FactsRevision r, TenantFacts signed, IReadOnlyList<FactsRevision> existing, DateOnly start, DateOnly lastDay, DateOnly currentMonth, DateOnly? lastBilledMonth)
    {
        if (r.EffectiveMonth.Day != 1)
            throw new DomainRuleException("RevisionMustStartOnAMonth", "effectiveMonth", "重新评定须自某月 1 日起生效") { Arguments = [r.EffectiveMonth] };
        if (string.IsNullOrWhiteSpace(r.Reason))
            throw new DomainRuleException("RevisionNeedsReason", "reason", "请写明重新评定的理由");
        if (r.EffectiveMonth <= currentMonth)
            throw new DomainRuleException("RevisionMustBeInTheFuture", "effectiveMonth", $"重新评定只能自以后的月份起生效（本月为 {Month(currentMonth)}）") { Arguments = [r.EffectiveMonth, currentMonth] };
        if (lastBilledMonth is { } billed && r.EffectiveMonth <= billed)
            throw new DomainRuleException("RevisionMustNotTouchBilledMonths", "effectiveMonth", $"{Month(billed)} 及以前的月份已出账，账单不再改变") { Arguments = [r.EffectiveMonth, billed] };
        if (r.EffectiveMonth < new DateOnly(start.Year, start.Month, 1) || r.EffectiveMonth > lastDay)
            throw new DomainRuleException("RevisionMustFallInTerm", "effectiveMonth", $"生效月份须在租期内（{Day(start)} 至 {Day(lastDay)}）") { Arguments = [r.EffectiveMonth] };
        if (existing.Any(x => x.EffectiveMonth == r.EffectiveMonth))
            throw new DomainRuleException("RevisionMonthTaken", "effectiveMonth", $"{Month(r.EffectiveMonth)} 已有一次重新评定", RuleKind.Conflict) { Arguments = [r.EffectiveMonth] };
        var before = InForce(signed, existing, r.EffectiveMonth.AddDays(-1));
        if (before.LeadingIndustry == r.LeadingIndustry && before.HighTech == r.HighTech && before.UnrelatedIndustry == r.UnrelatedIndustry && before.Startup == r.Startup)
            throw new DomainRuleException("RevisionMustChangeFacts", "leadingIndustry", "重新评定的条件与此前相同，无需评定") { Arguments = [r.EffectiveMonth] };
    }

    private static string Month(DateOnly d) => d.ToString("yyyy-MM", CultureInfo.InvariantCulture);
    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
