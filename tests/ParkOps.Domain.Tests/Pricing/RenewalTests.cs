using ParkOps.Domain.Pricing;
using Shouldly;

namespace ParkOps.Domain.Tests.Pricing;

/// <summary>Issue 15: time in the park carries over renewals and changes; startup free months are granted once.</summary>
public sealed class RenewalTests
{
    private static readonly RentPolicy Policy = new()
    {
        BasePrices = new Dictionary<SpaceUse, decimal> { [SpaceUse.Factory] = 30m },
        LeadingIndustryDiscount = 0.2m, HighTechDiscount = 0.1m, UnrelatedIndustryPremium = 0.1m, LongLeaseMinYears = 3, LongLeaseYearlyDecrease = 0.05m,
        StartupFreeMonths = 6, ContributionFromLeaseYear = 3, ContributionMaxDiscount = 0.2m,
    };

    private static readonly LeasedUnit[] Factory100 = [new(SpaceUse.Factory, 100m)];

    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    // no history
    [InlineData("2027-01-01", 0, 0)]
    // one earlier lease ending the day before: 24 months in the park
    [InlineData("2027-01-01|2025-01-01,2026-12-31,0", 24, 0)]
    // a one-day gap ends the chain
    [InlineData("2027-01-02|2025-01-01,2026-12-31,0", 0, 0)]
    // a change mid-year: the old lease ended the day the new one started (overlap counts as continuous)
    [InlineData("2026-07-15|2025-01-01,2026-07-15,0", 18, 0)]
    // three leases chained back; the oldest, separated by a gap, does not count
    [InlineData("2027-01-01|2021-01-01,2022-12-31,0;2023-03-01,2025-02-28,0;2025-03-01,2026-12-31,0", 46, 0)]
    // a startup that used 4 of its 6 free months before renewing (its first lease ran 4 months)
    [InlineData("2026-05-01|2026-01-01,2026-04-30,6", 4, 4)]
    // a startup whose first lease ran a whole year used all 6 months
    [InlineData("2027-01-01|2026-01-01,2026-12-31,6", 12, 6)]
    // months used count even after a gap: granted once per enterprise and park
    [InlineData("2027-06-01|2026-01-01,2026-03-31,6", 0, 3)]
    public void Before_History_GivesMonthsInParkAndStartupMonthsUsed(string spec, int months, int used)
    {
        var parts = spec.Split('|');
        var history = parts.Length == 1 ? [] : parts[1].Split(';').Select(p => p.Split(',')).Select(p => new PastLease(D(p[0]), D(p[1]), int.Parse(p[2], System.Globalization.CultureInfo.InvariantCulture))).ToList();
        TenancyHistory.Before(history, D(parts[0])).ShouldBe((months, used));
    }

    [Theory]
    [InlineData("2025-03-15", "2026-03-14", 11)]
    [InlineData("2025-03-15", "2026-03-15", 12)]
    [InlineData("2025-01-31", "2025-02-28", 1)]
    [InlineData("2025-01-01", "2025-01-01", 0)]
    public void WholeMonths_CountsLeaseMonths(string from, string to, int expected) =>
        TenancyHistory.WholeMonths(D(from), D(to)).ShouldBe(expected);

    [Fact]
    public void Quote_RenewalAfterTwoYears_GivesTheContributionDiscountFromItsFirstMonth()
    {
        // 100 ㎡ × 30 = 3000; score 50 × 20 % = 10 % off from year 3 in the park: 2700.00 every month
        var s = RentPricing.Quote(Policy, new TenantFacts(ContributionScore: 50, MonthsInParkBefore: 24), Factory100, D("2027-01-01"), 12);
        s.Months.Select(m => m.Amount).Distinct().ShouldBe([2700.00m]);
    }

    [Fact]
    public void Quote_RenewalCrossingYearThree_DiscountsFromTheMonthTheThirdYearBegins()
    {
        // 18 months before: lease months 1–6 are park months 19–24 (year 2), month 7 is park month 25 (year 3)
        var s = RentPricing.Quote(Policy, new TenantFacts(ContributionScore: 50, MonthsInParkBefore: 18), Factory100, D("2027-01-01"), 12);
        s.Months.Select(m => m.Amount).ShouldBe([3000m, 3000m, 3000m, 3000m, 3000m, 3000m, 2700m, 2700m, 2700m, 2700m, 2700m, 2700m]);
        s.Total.ShouldBe(34200m);
    }

    [Fact]
    public void Quote_StartupRenewingAfterFourOfSixFreeMonths_GetsTheTwoLeft()
    {
        var s = RentPricing.Quote(Policy, new TenantFacts(Startup: true, MonthsInParkBefore: 4, StartupFreeMonthsUsed: 4), Factory100, D("2026-05-01"), 6);
        s.Months.Select(m => m.Amount).ShouldBe([0m, 0m, 3000m, 3000m, 3000m, 3000m]);
    }

    [Fact]
    public void Quote_StartupThatUsedAllItsMonths_GetsNoneButKeepsItsEquityMonths()
    {
        var s = RentPricing.Quote(Policy, new TenantFacts(Startup: true, EquityFreeMonths: 2, StartupFreeMonthsUsed: 6), Factory100, D("2027-01-01"), 4);
        s.Months.Select(m => m.Amount).ShouldBe([0m, 0m, 3000m, 3000m]);
        s.Months[0].Rules.Select(r => r.Name).ShouldContain(RentRules.ServiceForEquityFreeMonths);
    }

    [Fact]
    public void Quote_LongLeaseDecrease_StaysPerLease()
    {
        // 36 months before and a new 36-month lease: the yearly decrease starts again at its own year 2
        var s = RentPricing.Quote(Policy, new TenantFacts(MonthsInParkBefore: 36), Factory100, D("2027-01-01"), 36);
        s.Months[0].Amount.ShouldBe(3000m);
        s.Months[12].Amount.ShouldBe(2850m);
        s.Months[24].Amount.ShouldBe(2707.50m);
    }

    [Theory]
    [InlineData(-1, 0, "monthsInParkBefore")]
    [InlineData(0, -1, "startupFreeMonthsUsed")]
    public void Quote_NegativeHistory_IsRefusedNamingTheField(int months, int used, string field)
    {
        var ex = Should.Throw<Rules.DomainRuleException>(() => RentPricing.Quote(Policy, new TenantFacts(MonthsInParkBefore: months, StartupFreeMonthsUsed: used), Factory100, D("2027-01-01"), 12));
        ex.Field.ShouldBe(field);
    }
}
