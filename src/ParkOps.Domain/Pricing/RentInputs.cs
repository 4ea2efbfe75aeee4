using ParkOps.Domain.Enterprises;
using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Pricing;

/// <summary>
/// What pricing needs to know about the tenant enterprise, as established at quoting time (the host derives them
/// from the archive: leading industry from the park's industry, high-tech from its tags, startup from its
/// lifecycle stage, the score from the contribution evaluation, equity months from a service-for-equity deal).
/// </summary>
/// <param name="ContributionScore">Collaboration contribution score, 0–100 (DOMAIN §6).</param>
/// <param name="EquityFreeMonths">Free months granted in exchange for an equity stake (seed 004: 1 year ≈ 2 %).</param>
/// <param name="MonthsInParkBefore">Months the enterprise had already been in the park without a gap when this lease
/// starts (earlier leases it renews or changes): the contribution discount counts years in the park, not in the lease.</param>
/// <param name="StartupFreeMonthsUsed">Startup free months already granted to it in this park (they are granted once
/// per enterprise and park): only the rest of the policy's startup months remain.</param>
public sealed record TenantFacts(
    bool LeadingIndustry = false,
    bool HighTech = false,
    bool UnrelatedIndustry = false,
    bool Startup = false,
    decimal ContributionScore = 0,
    int EquityFreeMonths = 0,
    int MonthsInParkBefore = 0,
    int StartupFreeMonthsUsed = 0,
    int? ContributionScoreYear = null)
{
    /// <summary>Year in the park (1-based) of lease month <paramref name="leaseMonth"/>.</summary>
    public int ParkYearOf(int leaseMonth) => (MonthsInParkBefore + leaseMonth - 1) / 12 + 1;

    /// <summary>The startup free months this lease still grants under a policy of <paramref name="policyMonths"/>.</summary>
    public int StartupMonthsLeft(int policyMonths) => Startup ? Math.Max(0, policyMonths - StartupFreeMonthsUsed) : 0;

    public void Validate(string prefix = "enterprise")
    {
        if (ContributionScore is < 0 or > 100)
            throw new DomainRuleException("ContributionScoreMustBeWithin0To100", $"{prefix}.contributionScore",
                $"协作贡献度应在 0 到 100 之间：{ContributionScore}") { Arguments = [ContributionScore] };
        if (EquityFreeMonths < 0)
            throw new DomainRuleException("FreeMonthsMustNotBeNegative", $"{prefix}.equityFreeMonths",
                $"免租月数不能为负：{EquityFreeMonths}") { Arguments = [EquityFreeMonths] };
        if (MonthsInParkBefore is < 0 or > RentPricing.MaxTermMonths)
            throw new DomainRuleException("MonthsInParkMustBeWithinRange", "monthsInParkBefore",
                $"此前在园月数应在 0 到 {RentPricing.MaxTermMonths} 之间：{MonthsInParkBefore}") { Arguments = [MonthsInParkBefore, RentPricing.MaxTermMonths] };
        if (StartupFreeMonthsUsed is < 0 or > RentPricing.MaxTermMonths)
            throw new DomainRuleException("FreeMonthsMustNotBeNegative", "startupFreeMonthsUsed",
                $"已享受的初创免租月数不能为负：{StartupFreeMonthsUsed}") { Arguments = [StartupFreeMonthsUsed] };
    }
}

/// <summary>What the archive says of an enterprise that pricing looks at (tags and chain stages as listed there).</summary>
public sealed record TenantProfile(string IndustryCode, IReadOnlyCollection<string> Tags, IReadOnlyCollection<string> ChainStages, DateOnly? EstablishedOn, decimal? ContributionScore,
    int? ContributionScoreYear = null);

/// <summary>A park's industry as pricing sees it: the industry-code prefixes of its leading industry and its chain stages.</summary>
public sealed record ParkIndustry(IReadOnlyCollection<string> LeadingIndustryPrefixes, IReadOnlyCollection<string> ChainStages);

public static class TenantFactsRules
{
    /// <summary>The tag that marks a high-tech enterprise (高新技术企业 certificate).</summary>
    public const string HighTechTag = "高新技术企业";

    /// <summary>
    /// The tenant's facts as at the lease start: leading industry when its industry code starts with one of the park's
    /// prefixes; high-tech from its tags; unrelated when outside the leading industry and in none of the park's chain
    /// stages; startup when its lifecycle stage on the start day is Startup (DOMAIN §2).
    /// </summary>
    public static TenantFacts Derive(ParkIndustry park, TenantProfile tenant, DateOnly start, int equityFreeMonths)
    {
        var leading = park.LeadingIndustryPrefixes.Count > 0 && park.LeadingIndustryPrefixes.Any(p => tenant.IndustryCode.StartsWith(p, StringComparison.Ordinal));
        var highTech = tenant.Tags.Contains(HighTechTag);
        var unrelated = !leading && !tenant.ChainStages.Any(park.ChainStages.Contains);
        var startup = tenant.EstablishedOn is { } est && Lifecycle.StageOn(est, start) == LifecycleStage.Startup;
        return new TenantFacts(leading, highTech, unrelated, startup, tenant.ContributionScore ?? 0, equityFreeMonths, ContributionScoreYear: tenant.ContributionScoreYear);
    }
}

/// <summary>One leased unit: its use (selects the base price) and its floor area in ㎡ (as signed), and which unit it is (0 in a what-if quote).</summary>
public sealed record LeasedUnit(SpaceUse Use, decimal AreaSqm, long UnitId = 0);

/// <summary>
/// A lease that has been in force in a month (signed, active, or since ended), as the areas that bill, evaluate or
/// score a park-month need it: its term, its units with area and use as signed, and the tenant's pricing facts as at
/// its start.
/// </summary>
/// <param name="FactsRevision">When an operator's re-evaluation sets <paramref name="Facts"/> for the month: what it changed, from when and why
/// (<see cref="FactsRevisions.Describe"/>), shown as a rule of the month's rent line.</param>
public sealed record LeaseInForce(long LeaseId, long ParkId, long EnterpriseId, string Code, DateOnly StartDate, int TermMonths, DateOnly EndDate,
    DateOnly? TerminatedOn, TenantFacts Facts, IReadOnlyList<LeasedUnit> Units, string? FactsRevision = null)
{
    /// <summary>The lease's last day in force: its termination day, or its end.</summary>
    public DateOnly LastDay => TerminatedOn ?? EndDate;

    public decimal AreaSqm => Units.Sum(u => u.AreaSqm);
}

/// <summary>
/// A lease's term: it runs from <see cref="Start"/> (inclusive) for <see cref="Months"/> lease months.
/// Lease month k (1-based) runs from <c>Start.AddMonths(k − 1)</c> to the day before <c>Start.AddMonths(k)</c>;
/// <see cref="DateOnly.AddMonths"/> clamps to the end of a shorter month, so a lease from 2027-01-31 has lease
/// month 2 begin on 2027-02-28 and month 3 on 2027-03-31. The lease ends on <see cref="End"/>, the day before
/// <c>Start.AddMonths(Months)</c>: 2027-03-15 for 12 months runs to 2028-03-14.
/// </summary>
public sealed record LeaseTerm(DateOnly Start, int Months)
{
    /// <summary>Last day of the lease (inclusive).</summary>
    public DateOnly End => Start.AddMonths(Months).AddDays(-1);

    /// <summary>First day of lease month <paramref name="k"/> (1-based); k = Months + 1 gives the day after the end.</summary>
    public DateOnly MonthStart(int k) => Start.AddMonths(k - 1);

    /// <summary>Lease month (1-based) that contains <paramref name="day"/>, which must lie within the term.</summary>
    public int LeaseMonthOf(DateOnly day)
    {
        // the calendar distance is exact or one too many (when the day of month has not come round yet)
        var k = (day.Year - Start.Year) * 12 + day.Month - Start.Month + 1;
        while (k > 1 && MonthStart(k) > day) k--;
        while (MonthStart(k + 1) <= day) k++;
        return k;
    }

    /// <summary>Lease year of lease month m: ⌊(m − 1) / 12⌋ + 1.</summary>
    public static int LeaseYearOf(int leaseMonth) => (leaseMonth - 1) / 12 + 1;
}
