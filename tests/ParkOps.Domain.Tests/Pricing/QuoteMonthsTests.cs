using ParkOps.Domain.Pricing;

namespace ParkOps.Domain.Tests.Pricing;

/// <summary>The bill run prices one month with QuoteMonths; it must give exactly the months of the full Quote.</summary>
public sealed class QuoteMonthsTests
{
    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    private static RentPolicy Version(string from, decimal price) => new()
    {
        EffectiveFrom = D(from),
        BasePrices = new Dictionary<SpaceUse, decimal> { [SpaceUse.Factory] = price, [SpaceUse.Office] = price + 10 },
    };

    public static TheoryData<string, int, bool, bool> Leases => new()
    {
        { "2026-01-01", 60, false, false },   // long lease: yearly decrease
        { "2026-03-17", 14, true, false },    // mid-month start, leading industry
        { "2025-11-01", 36, false, true },    // startup free months, a version change on the way
    };

    [Theory]
    [MemberData(nameof(Leases))]
    public void QuoteMonths_EachMonthOfTheTerm_EqualsTheFullQuotesMonth(string start, int term, bool leading, bool startup)
    {
        RentPolicy[] versions = [Version("2020-01-01", 30m), Version("2027-07-01", 33m)];
        var tenant = new TenantFacts(LeadingIndustry: leading, Startup: startup, ContributionScore: 40m);
        LeasedUnit[] units = [new(SpaceUse.Factory, 812.5m), new(SpaceUse.Office, 120m)];
        var full = RentPricing.Quote(versions, tenant, units, D(start), term);
        foreach (var m in full.Months)
        {
            var one = RentPricing.QuoteMonths(versions, tenant, units, D(start), term, m.Month, m.Month).ShouldHaveSingleItem();
            one.Amount.ShouldBe(m.Amount);
            one.BaseAmount.ShouldBe(m.BaseAmount);
            one.Rules.Select(r => (r.Name, r.Parameter, r.Effect)).ShouldBe(m.Rules.Select(r => (r.Name, r.Parameter, r.Effect)));
        }
        RentPricing.QuoteMonths(versions, tenant, units, D(start), term, full.Months[^1].Month.AddMonths(1), full.Months[^1].Month.AddMonths(1)).ShouldBeEmpty();
    }
}
