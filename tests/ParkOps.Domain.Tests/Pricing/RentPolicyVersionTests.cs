using ParkOps.Domain.Pricing;
using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Tests.Pricing;

/// <summary>A line uses the policy version in force on its first charged day (the 1st, or the lease start).</summary>
public sealed class RentPolicyVersionTests
{
    private static readonly LeasedUnit[] Units = [new(SpaceUse.Factory, 1000m)];

    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    private static RentPolicy Version(string from, decimal price, decimal leading = 0.20m, int startupFree = 6) => new()
    {
        EffectiveFrom = D(from),
        BasePrices = new Dictionary<SpaceUse, decimal> { [SpaceUse.Factory] = price },
        LeadingIndustryDiscount = leading,
        StartupFreeMonths = startupFree,
    };

    [Fact]
    public void Quote_VersionChangesMidLease_MonthsFromItsDateUseTheNewVersion()
    {
        RentPolicy[] versions = [Version("2027-01-01", 30m), Version("2027-07-01", 33m, leading: 0.25m)];

        var s = RentPricing.Quote(versions, new TenantFacts(LeadingIndustry: true), Units, D("2027-03-01"), 12);

        s.Months.Take(4).ShouldAllBe(m => m.PolicyEffectiveFrom == D("2027-01-01") && m.BaseAmount == 30000m && m.Amount == 24000m);
        s.Months.Skip(4).ShouldAllBe(m => m.PolicyEffectiveFrom == D("2027-07-01") && m.BaseAmount == 33000m && m.Amount == 24750m);
        s.Months[4].Label.ShouldBe("2027-07");
        s.Months[4].Rules[0].Parameter.ShouldStartWith("2027-07-01 版政策：");
        s.Total.ShouldBe(4 * 24000m + 8 * 24750m);
    }

    [Fact]
    public void Quote_VersionEffectiveMidMonth_AppliesFromTheNextCalendarMonth()
    {
        RentPolicy[] versions = [Version("2027-01-01", 30m), Version("2027-07-15", 33m)];

        var s = RentPricing.Quote(versions, new TenantFacts(), Units, D("2027-06-01"), 3);

        s.Months.Select(m => (m.Label, m.BaseAmount)).ShouldBe([("2027-06", 30000m), ("2027-07", 30000m), ("2027-08", 33000m)]);
    }

    [Fact]
    public void Quote_VersionsGivenOutOfOrder_AreOrderedByEffectiveDate()
    {
        RentPolicy[] versions = [Version("2027-07-01", 33m), Version("2027-01-01", 30m)];

        var s = RentPricing.Quote(versions, new TenantFacts(), Units, D("2027-06-01"), 2);

        s.Months.Select(m => m.BaseAmount).ShouldBe([30000m, 33000m]);
    }

    [Fact]
    public void Quote_LeaseStartsAfterTheFirstOnTheVersionDate_FirstLineUsesThatVersion()
    {
        RentPolicy[] versions = [Version("2027-01-01", 30m), Version("2027-03-10", 31m)];

        var s = RentPricing.Quote(versions, new TenantFacts(), Units, D("2027-03-15"), 1);

        s.Months.Select(m => (m.Label, m.PolicyEffectiveFrom, m.Amount)).ShouldBe(
            [("2027-03", D("2027-03-10"), 17000m), ("2027-04", D("2027-03-10"), 14466.67m)]); // 31000 × 17/31, × 14/30
    }

    [Fact]
    public void Quote_NewVersionGrantsMoreFreeMonths_LaterMonthsFollowTheNewVersion()
    {
        // every rule follows the version in force, free months included: a startup under 3 free months whose park
        // moves to 6 in month 4 has months 4–6 free as well
        RentPolicy[] versions = [Version("2027-01-01", 30m, startupFree: 3), Version("2027-04-01", 30m, startupFree: 6)];

        var s = RentPricing.Quote(versions, new TenantFacts(Startup: true), Units, D("2027-01-01"), 8);

        s.Months.Select(m => m.Amount).ShouldBe([0m, 0m, 0m, 0m, 0m, 0m, 30000m, 30000m]);
    }

    [Fact]
    public void Quote_NoVersionInForceAtStart_RefusesNamingTheRule()
    {
        RentPolicy[] versions = [Version("2027-07-01", 30m), Version("2028-01-01", 33m)];

        var e = Should.Throw<DomainRuleException>(() => RentPricing.Quote(versions, new TenantFacts(), Units, D("2027-06-01"), 12));

        e.Rule.ShouldBe("RentPolicyMustBeInForce");
        e.Field.ShouldBe("policies");
    }

    [Fact]
    public void Quote_NoVersionAtAll_RefusesNamingTheRule()
    {
        var e = Should.Throw<DomainRuleException>(() => RentPricing.Quote(Array.Empty<RentPolicy>(), new TenantFacts(), Units, D("2027-06-01"), 12));

        e.Rule.ShouldBe("RentPolicyMustBeInForce");
        e.Arguments.ShouldBe([D("2027-06-01")]);
    }

    [Fact]
    public void Quote_TwoVersionsSameDate_Refuses()
    {
        RentPolicy[] versions = [Version("2027-01-01", 30m), Version("2027-01-01", 33m)];

        var e = Should.Throw<DomainRuleException>(() => RentPricing.Quote(versions, new TenantFacts(), Units, D("2027-06-01"), 12));

        e.Rule.ShouldBe("RentPolicyVersionsMustDiffer");
        e.Field.ShouldBe("policies[1].effectiveFrom");
    }
}
