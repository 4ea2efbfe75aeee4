using ParkOps.Domain.Pricing;

namespace ParkOps.Domain.Tests.Pricing;

/// <summary>Every pricing rule and their combinations, on leases that start on the 1st (one line per lease month).</summary>
public sealed class RentRulesTests
{
    // 1000 ㎡ of factory at 30 元/㎡·月: a base of 30000 元 a month, so every factor reads off directly.
    private static readonly LeasedUnit[] Factory1000 = [new(SpaceUse.Factory, 1000m)];
    private static readonly DateOnly Start = new(2027, 1, 1);

    private static RentPolicy Policy(decimal leading = 0.20m, decimal highTech = 0.10m, decimal premium = 0.15m,
        int minYears = 3, decimal decrease = 0.05m, int startupFree = 6, int contributionFrom = 3, decimal contributionMax = 0.30m) => new()
    {
        BasePrices = new Dictionary<SpaceUse, decimal> { [SpaceUse.Factory] = 30m, [SpaceUse.Office] = 45m, [SpaceUse.Dormitory] = 12.5m },
        LeadingIndustryDiscount = leading,
        HighTechDiscount = highTech,
        UnrelatedIndustryPremium = premium,
        LongLeaseMinYears = minYears,
        LongLeaseYearlyDecrease = decrease,
        StartupFreeMonths = startupFree,
        ContributionFromLeaseYear = contributionFrom,
        ContributionMaxDiscount = contributionMax,
    };

    private static string[] Names(RentMonth m) => [.. m.Rules.Select(r => r.Name)];

    public static TheoryData<string, TenantFacts, int, int, decimal, string[]> Cases => new()
    {
        // name, tenant, term, lease month, expected amount, rules applied in order
        { "plain", new(), 12, 1, 30000m, ["BasePrice"] },
        { "leading", new(LeadingIndustry: true), 12, 1, 24000m, ["BasePrice", "LeadingIndustryDiscount"] },
        { "high-tech", new(HighTech: true), 12, 1, 27000m, ["BasePrice", "HighTechDiscount"] },
        { "leading and high-tech: larger (20 %) wins", new(LeadingIndustry: true, HighTech: true), 12, 1, 24000m, ["BasePrice", "LeadingIndustryDiscount"] },
        { "unrelated", new(UnrelatedIndustry: true), 12, 1, 34500m, ["BasePrice", "UnrelatedIndustryPremium"] },
        { "unrelated but leading: the discount, no premium", new(LeadingIndustry: true, UnrelatedIndustry: true), 12, 1, 24000m, ["BasePrice", "LeadingIndustryDiscount"] },
        { "5-year lease, year 1", new(), 60, 12, 30000m, ["BasePrice"] },
        { "5-year lease, year 2", new(), 60, 13, 28500m, ["BasePrice", "LongLeaseDecrease"] },
        { "5-year lease, year 5: 0.95^4", new(), 60, 49, 24435.19m, ["BasePrice", "LongLeaseDecrease"] },
        { "35 months is not a long lease", new(), 35, 13, 30000m, ["BasePrice"] },
        { "36 months is a long lease", new(), 36, 13, 28500m, ["BasePrice", "LongLeaseDecrease"] },
        { "startup, last free month", new(Startup: true), 12, 6, 0m, ["BasePrice", "StartupFreeMonths"] },
        { "startup, first paid month", new(Startup: true), 12, 7, 30000m, ["BasePrice"] },
        { "not a startup: no free months", new(), 12, 1, 30000m, ["BasePrice"] },
        { "service-for-equity, last free month", new(EquityFreeMonths: 12), 24, 12, 0m, ["BasePrice", "ServiceForEquityFreeMonths"] },
        { "service-for-equity, first paid month", new(EquityFreeMonths: 12), 24, 13, 30000m, ["BasePrice"] },
        { "startup then equity: month 6 is startup", new(Startup: true, EquityFreeMonths: 12), 24, 6, 0m, ["BasePrice", "StartupFreeMonths"] },
        { "startup then equity: month 7 is equity", new(Startup: true, EquityFreeMonths: 12), 24, 7, 0m, ["BasePrice", "ServiceForEquityFreeMonths"] },
        { "startup then equity: month 18 is equity", new(Startup: true, EquityFreeMonths: 12), 24, 18, 0m, ["BasePrice", "ServiceForEquityFreeMonths"] },
        { "startup then equity: month 19 is paid", new(Startup: true, EquityFreeMonths: 12), 24, 19, 30000m, ["BasePrice"] },
        { "contribution, year 2: not yet", new(ContributionScore: 50m), 36, 24, 28500m, ["BasePrice", "LongLeaseDecrease"] },
        { "contribution, year 3: 0.9025 × (1 − 0.3 × 0.5)", new(ContributionScore: 50m), 36, 25, 23013.75m, ["BasePrice", "LongLeaseDecrease", "ContributionDiscount"] },
        { "contribution on a short lease, year 3", new(ContributionScore: 100m), 35, 25, 21000m, ["BasePrice", "ContributionDiscount"] },
        { "score 0: no contribution rule", new(ContributionScore: 0m), 36, 25, 27075m, ["BasePrice", "LongLeaseDecrease"] },
        {
            "everything: leading, year 3, contribution, free by equity", new(LeadingIndustry: true, HighTech: true, ContributionScore: 40m, EquityFreeMonths: 30),
            36, 25, 0m, ["BasePrice", "LeadingIndustryDiscount", "LongLeaseDecrease", "ContributionDiscount", "ServiceForEquityFreeMonths"]
        },
        {
            "everything but free: 30000 × 0.8 × 0.9025 × 0.88", new(LeadingIndustry: true, HighTech: true, ContributionScore: 40m),
            36, 25, 19060.80m, ["BasePrice", "LeadingIndustryDiscount", "LongLeaseDecrease", "ContributionDiscount"]
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Quote_RuleCombination_GivesAmountAndRulesInOrder(string name, TenantFacts tenant, int term, int leaseMonth, decimal amount, string[] rules)
    {
        var s = RentPricing.Quote(Policy(), tenant, Factory1000, Start, term);

        var m = s.Months[leaseMonth - 1];
        m.LeaseMonth.ShouldBe(leaseMonth, name);
        m.BaseAmount.ShouldBe(30000m, name);
        m.Amount.ShouldBe(amount, name);
        Names(m).ShouldBe(rules, name);
    }

    [Fact]
    public void Quote_HighTechDiscountLarger_HighTechWinsAndNamesBoth()
    {
        var s = RentPricing.Quote(Policy(leading: 0.10m, highTech: 0.25m), new TenantFacts(LeadingIndustry: true, HighTech: true), Factory1000, Start, 12);

        s.Months[0].Amount.ShouldBe(22500m);
        var rule = s.Months[0].Rules[1];
        rule.Name.ShouldBe(RentRules.HighTechDiscount);
        rule.Parameter.ShouldBe("25%（主导产业 10% 与高新技术 25% 取较大者）");
        rule.Effect.ShouldBe("×0.75");
    }

    [Fact]
    public void Quote_FiveYearLease_FallsFivePercentEachLeaseYearCompounding()
    {
        var s = RentPricing.Quote(Policy(), new TenantFacts(), Factory1000, Start, 60);

        s.Months.Count.ShouldBe(60);
        s.Months.Select(m => m.Amount).Distinct().ShouldBe([30000m, 28500m, 27075m, 25721.25m, 24435.19m]);
        s.Months.Where(m => m.LeaseYear == 4).ShouldAllBe(m => m.Amount == 25721.25m);
        s.Months[48].Rules[1].ShouldBe(new AppliedRule(RentRules.LongLeaseDecrease, "租赁第 5 年，每年递减 5%，租期 60 个月 ≥ 36 个月", "×0.81450625"));
        s.Total.ShouldBe(12 * (30000m + 28500m + 27075m + 25721.25m + 24435.19m));
    }

    [Fact]
    public void Quote_StartupAndEquityTogether_FirstEighteenMonthsFreeThenFullRent()
    {
        var s = RentPricing.Quote(Policy(startupFree: 6), new TenantFacts(Startup: true, EquityFreeMonths: 12), Factory1000, Start, 24);

        s.Months.Take(18).ShouldAllBe(m => m.Amount == 0m && m.BaseAmount == 30000m);
        s.Months.Skip(18).ShouldAllBe(m => m.Amount == 30000m);
        s.Months[0].Rules[^1].Parameter.ShouldBe("租赁第 1–6 个月");
        s.Months[6].Rules[^1].Parameter.ShouldBe("租赁第 7–18 个月");
        s.Total.ShouldBe(6 * 30000m);
    }

    [Fact]
    public void Quote_ContributionFromYearThree_AppliesFromMonth25WithScoreAndMaximum()
    {
        var s = RentPricing.Quote(Policy(decrease: 0m), new TenantFacts(ContributionScore: 24.7m), Factory1000, Start, 36);

        s.Months.Take(24).ShouldAllBe(m => m.Amount == 30000m);
        s.Months.Skip(24).ShouldAllBe(m => m.Amount == 27777m); // 30000 × (1 − 0.3 × 0.247)
        s.Months[24].Rules[1].ShouldBe(new AppliedRule(RentRules.ContributionDiscount, "贡献度 24.7 × 30%，自租赁第 3 年起", "×0.9259"));
    }

    [Fact]
    public void Quote_SeveralUnits_BaseIsSumOfAreaTimesPriceOfEachUse()
    {
        LeasedUnit[] units = [new(SpaceUse.Factory, 985.08m), new(SpaceUse.Office, 427.54m), new(SpaceUse.Dormitory, 80m)];

        var s = RentPricing.Quote(Policy(), new TenantFacts(), units, Start, 1);

        s.Months[0].MonthlyBase.ShouldBe(985.08m * 30m + 427.54m * 45m + 80m * 12.5m);
        s.Months[0].BaseAmount.ShouldBe(49791.70m);
        s.Months[0].Rules[0].ShouldBe(new AppliedRule(RentRules.BasePrice,
            "厂房 985.08㎡ × 30 元/㎡·月 + 办公 427.54㎡ × 45 元/㎡·月 + 宿舍 80㎡ × 12.5 元/㎡·月", "49791.7 元/月"));
    }

    [Fact]
    public void Quote_ManyFactors_RoundsOnceNotPerFactor()
    {
        // base 30000.30 × 0.8 × 0.95 × 0.85 = 19380.1938 → 19380.19; rounding after each factor would give
        // 24000.24 → 22800.23 → 19380.1955 → 19380.20
        var s = RentPricing.Quote(Policy(contributionFrom: 2), new TenantFacts(LeadingIndustry: true, ContributionScore: 50m),
            [new(SpaceUse.Factory, 1000.01m)], Start, 36);

        s.Months[12].Amount.ShouldBe(19380.19m);
        s.Months[12].BaseAmount.ShouldBe(30000.30m);
    }

    [Fact]
    public void Quote_AmountOnTheHalfFen_RoundsAwayFromZero()
    {
        // 10.05 ㎡ × 2.5 = 25.125 exactly: half away from zero gives 25.13 (banker's rounding would give 25.12)
        var policy = Policy() with { BasePrices = new Dictionary<SpaceUse, decimal> { [SpaceUse.Warehouse] = 2.5m } };

        var s = RentPricing.Quote(policy, new TenantFacts(), [new(SpaceUse.Warehouse, 10.05m)], Start, 1);

        s.Months[0].BaseAmount.ShouldBe(25.13m);
        s.Months[0].Amount.ShouldBe(25.13m);
    }

    [Fact]
    public void Quote_StartOnFirst_OneLinePerLeaseMonthAcrossTheYearEnd()
    {
        var s = RentPricing.Quote(Policy(), new TenantFacts(), Factory1000, new DateOnly(2027, 11, 1), 3);

        s.Months.Select(m => m.Label).ShouldBe(["2027-11", "2027-12", "2028-01"]);
        s.Months.Select(m => m.LeaseMonth).ShouldBe([1, 2, 3]);
        s.Term.End.ShouldBe(new DateOnly(2028, 1, 31));
    }
}
