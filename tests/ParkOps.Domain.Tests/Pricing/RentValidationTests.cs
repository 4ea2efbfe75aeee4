using ParkOps.Domain.Pricing;
using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Tests.Pricing;

/// <summary>Inputs that cannot be priced are refused with the rule's name and the offending field.</summary>
public sealed class RentValidationTests
{
    private static readonly DateOnly Start = new(2027, 1, 1);

    private static readonly RentPolicy Policy = RentPolicy.Defaults(new Dictionary<SpaceUse, decimal> { [SpaceUse.Factory] = 30m, [SpaceUse.Office] = 45m });

    public static TheoryData<string, RentPolicy, TenantFacts, LeasedUnit[], int, string, string> Cases => new()
    {
        // name, policy, tenant, units, term, rule, field
        { "term 0", Policy, new(), [new(SpaceUse.Factory, 100m)], 0, "LeaseTermMustBePositive", "termMonths" },
        { "term −3", Policy, new(), [new(SpaceUse.Factory, 100m)], -3, "LeaseTermMustBePositive", "termMonths" },
        { "term over 100 years", Policy, new(), [new(SpaceUse.Factory, 100m)], 1201, "LeaseTermTooLong", "termMonths" },
        { "no units", Policy, new(), [], 12, "LeaseMustHaveUnits", "units" },
        { "negative area", Policy, new(), [new(SpaceUse.Factory, 100m), new(SpaceUse.Office, -5m)], 12, "UnitAreaMustBePositive", "units[1].areaSqm" },
        { "zero area", Policy, new(), [new(SpaceUse.Factory, 0m)], 12, "UnitAreaMustBePositive", "units[0].areaSqm" },
        { "undefined use", Policy, new(), [new((SpaceUse)42, 100m)], 12, "UnitUseMustBeKnown", "units[0].use" },
        { "use without a price", Policy, new(), [new(SpaceUse.Dormitory, 100m)], 12, "BasePriceMustBeSet", "policy.basePrices.dormitory" },
        {
            "negative price", Policy with { BasePrices = new Dictionary<SpaceUse, decimal> { [SpaceUse.Factory] = -1m } }, new(),
            [new(SpaceUse.Factory, 100m)], 12, "BasePriceMustNotBeNegative", "policy.basePrices.factory"
        },
        { "discount above 1", Policy with { LeadingIndustryDiscount = 1.5m }, new(), [new(SpaceUse.Factory, 100m)], 12, "DiscountMustBeAFraction", "policy.leadingIndustryDiscount" },
        { "negative discount", Policy with { HighTechDiscount = -0.1m }, new(), [new(SpaceUse.Factory, 100m)], 12, "DiscountMustBeAFraction", "policy.highTechDiscount" },
        { "negative premium", Policy with { UnrelatedIndustryPremium = -0.1m }, new(), [new(SpaceUse.Factory, 100m)], 12, "PremiumMustNotBeNegative", "policy.unrelatedIndustryPremium" },
        { "long lease of 0 years", Policy with { LongLeaseMinYears = 0 }, new(), [new(SpaceUse.Factory, 100m)], 12, "PolicyNumberOutOfRange", "policy.longLeaseMinYears" },
        { "negative startup months", Policy with { StartupFreeMonths = -1 }, new(), [new(SpaceUse.Factory, 100m)], 12, "PolicyNumberOutOfRange", "policy.startupFreeMonths" },
        { "contribution from year 0", Policy with { ContributionFromLeaseYear = 0 }, new(), [new(SpaceUse.Factory, 100m)], 12, "PolicyNumberOutOfRange", "policy.contributionFromLeaseYear" },
        { "score above 100", Policy, new(ContributionScore: 100.1m), [new(SpaceUse.Factory, 100m)], 12, "ContributionScoreMustBeWithin0To100", "enterprise.contributionScore" },
        { "negative equity months", Policy, new(EquityFreeMonths: -2), [new(SpaceUse.Factory, 100m)], 12, "FreeMonthsMustNotBeNegative", "enterprise.equityFreeMonths" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Quote_BadInput_RefusesWithRuleAndField(string name, RentPolicy policy, TenantFacts tenant, LeasedUnit[] units, int term, string rule, string field)
    {
        var e = Should.Throw<DomainRuleException>(() => RentPricing.Quote(policy, tenant, units, Start, term), name);

        e.Rule.ShouldBe(rule, name);
        e.Field.ShouldBe(field, name);
        e.Kind.ShouldBe(RuleKind.Invalid, name);
    }

    [Fact]
    public void Quote_StartTooLateForDates_Refuses()
    {
        var e = Should.Throw<DomainRuleException>(() => RentPricing.Quote(Policy, new TenantFacts(), [new(SpaceUse.Factory, 1m)], new DateOnly(9999, 1, 1), 1));

        e.Rule.ShouldBe("LeaseStartOutOfRange");
        e.Field.ShouldBe("startDate");
    }

    [Theory]
    [InlineData("factory", SpaceUse.Factory)]
    [InlineData("Office", SpaceUse.Office)]
    [InlineData(" warehouse ", SpaceUse.Warehouse)]
    [InlineData("lab", SpaceUse.Lab)]
    [InlineData("dormitory", SpaceUse.Dormitory)]
    [InlineData("厂房", SpaceUse.Factory)]
    [InlineData("研发", SpaceUse.Lab)]
    [InlineData("宿舍", SpaceUse.Dormitory)]
    public void SpaceUsesParse_KnownUse_GivesTheUse(string text, SpaceUse use)
    {
        SpaceUses.Parse(text, "use").ShouldBe(use);
    }

    [Theory]
    [InlineData("dorm")]
    [InlineData("")]
    [InlineData(null)]
    public void SpaceUsesParse_UnknownUse_RefusesNamingTheField(string? text)
    {
        var e = Should.Throw<DomainRuleException>(() => SpaceUses.Parse(text, "units[2].use"));

        e.Rule.ShouldBe("UnitUseMustBeKnown");
        e.Field.ShouldBe("units[2].use");
    }

    [Fact]
    public void Quote_FreePrice_IsAllowedAndChargesNothing()
    {
        var policy = Policy with { BasePrices = new Dictionary<SpaceUse, decimal> { [SpaceUse.Dormitory] = 0m } };

        var s = RentPricing.Quote(policy, new TenantFacts(), [new(SpaceUse.Dormitory, 50m)], Start, 2);

        s.Total.ShouldBe(0m);
    }
}
