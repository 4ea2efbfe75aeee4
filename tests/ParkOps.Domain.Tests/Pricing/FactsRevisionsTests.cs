using ParkOps.Domain.Pricing;
using ParkOps.Domain.Rules;
using Shouldly;

namespace ParkOps.Domain.Tests.Pricing;

/// <summary>Issue 15 §2: facts fixed at signing, re-evaluated by an operator from a named future month; billed months never change.</summary>
public sealed class FactsRevisionsTests
{
    // 1,000 ㎡ of factory at 30 元 = 30,000 元 a month; 24 months (below the long-lease minimum of 3 years), no startup
    private static readonly RentPolicy[] Policies = [new()
    {
        BasePrices = new Dictionary<SpaceUse, decimal> { [SpaceUse.Factory] = 30m },
        LeadingIndustryDiscount = 0.2m, HighTechDiscount = 0.1m, UnrelatedIndustryPremium = 0.15m, LongLeaseMinYears = 3, LongLeaseYearlyDecrease = 0.05m,
        StartupFreeMonths = 6, ContributionFromLeaseYear = 3, ContributionMaxDiscount = 0.3m,
    }];

    private static readonly LeasedUnit[] Factory1000 = [new(SpaceUse.Factory, 1000m)];
    private static readonly TenantFacts Signed = new();
    private static readonly DateOnly Start = new(2027, 1, 1);

    private static readonly FactsRevision Leading = new(new DateOnly(2027, 7, 1), LeadingIndustry: true, HighTech: false, UnrelatedIndustry: false, Startup: false, "主导产业认定");
    private static readonly FactsRevision Unrelated = new(new DateOnly(2028, 1, 1), LeadingIndustry: false, HighTech: false, UnrelatedIndustry: true, Startup: false, "主营业务转向");

    [Fact]
    public void Quote_TwoRevisions_PricesEveryMonthWithTheFactsInForceThen()
    {
        var s = FactsRevisions.Quote(Policies, Signed, [Unrelated, Leading], Factory1000, Start, 24);
        s.Months.Count.ShouldBe(24);
        s.Months.Take(6).ShouldAllBe(m => m.Amount == 30_000m);
        s.Months.Skip(6).Take(6).ShouldAllBe(m => m.Amount == 24_000m);  // × 0.8
        s.Months.Skip(12).ShouldAllBe(m => m.Amount == 34_500m);         // × 1.15
        s.Total.ShouldBe(738_000m);
        s.Months[0].Rules.ShouldNotContain(r => r.Name == RentRules.FactsRevised);
        s.Months[6].Rules[1].ShouldBe(new AppliedRule(RentRules.FactsRevised, "2027-07 起重新评定：主导产业 否→是（主导产业认定）", ""));
        s.Months[12].Rules[1].Parameter.ShouldBe("2028-01 起重新评定：非相关产业 否→是（主营业务转向）");
    }

    [Theory]
    [InlineData("2027-06-01", false)]
    [InlineData("2027-07-01", true)]
    [InlineData("2027-07-31", true)]
    [InlineData("2028-01-15", false)]
    public void InForce_ByMonth_IsTheLatestRevisionOnOrBeforeIt(string day, bool leading)
    {
        var f = FactsRevisions.InForce(Signed, [Leading, Unrelated], DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture));
        f.LeadingIndustry.ShouldBe(leading);
        if (day.StartsWith("2027-06", StringComparison.Ordinal)) f.ShouldBe(Signed);
    }

    [Fact]
    public void Quote_RevisedMonth_EqualsTheBillRunsOneMonthPricing()
    {
        // the bill run prices one month with the facts in force (LeaseLedger → BillComposer): the schedule must agree to the 分
        var s = FactsRevisions.Quote(Policies, Signed, [Leading], Factory1000, Start, 24);
        var month = new DateOnly(2027, 9, 1);
        // as LeaseLedger hands a month to the bill run: the facts in force and the text of the revision that set them
        var current = FactsRevisions.Current([Leading], month)!;
        var one = RentPricing.QuoteMonths(Policies, FactsRevisions.Apply(Signed, current), Factory1000, Start, 24, month, month, FactsRevisions.Describe(Signed, current)).Single();
        s.Months.Single(m => m.Month == month).ShouldBe(one, new RentMonthComparer());
    }

    [Theory]
    [InlineData("2027-08-02", "主导产业认定", "2027-05-01", null, "RevisionMustStartOnAMonth", "effectiveMonth")]
    [InlineData("2027-08-01", " ", "2027-05-01", null, "RevisionNeedsReason", "reason")]
    [InlineData("2027-05-01", "主导产业认定", "2027-05-01", null, "RevisionMustBeInTheFuture", "effectiveMonth")]
    [InlineData("2027-06-01", "主导产业认定", "2027-05-01", "2027-06-01", "RevisionMustNotTouchBilledMonths", "effectiveMonth")]
    [InlineData("2029-01-01", "主导产业认定", "2027-05-01", null, "RevisionMustFallInTerm", "effectiveMonth")]
    public void Check_BadRevision_IsRefusedNamingTheRuleAndField(string month, string reason, string current, string? billed, string rule, string field)
    {
        static DateOnly P(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
        var r = new FactsRevision(P(month), true, false, false, false, reason);
        var ex = Should.Throw<DomainRuleException>(() => FactsRevisions.Check(r, Signed, [], Start, new DateOnly(2028, 12, 31), P(current), billed is null ? null : P(billed)));
        (ex.Rule, ex.Field).ShouldBe((rule, field));
    }

    [Fact]
    public void Check_MonthAlreadyRevised_IsAConflict()
    {
        var ex = Should.Throw<DomainRuleException>(() => FactsRevisions.Check(Leading with { HighTech = true }, Signed, [Leading], Start, new DateOnly(2028, 12, 31), new DateOnly(2027, 5, 1), null));
        (ex.Rule, ex.Kind).ShouldBe(("RevisionMonthTaken", RuleKind.Conflict));
    }

    [Fact]
    public void Check_SameFactsAsBefore_IsRefused()
    {
        // after the leading-industry revision, "leading from 2027-10" changes nothing
        var again = Leading with { EffectiveMonth = new DateOnly(2027, 10, 1) };
        Should.Throw<DomainRuleException>(() => FactsRevisions.Check(again, Signed, [Leading], Start, new DateOnly(2028, 12, 31), new DateOnly(2027, 5, 1), null))
            .Rule.ShouldBe("RevisionMustChangeFacts");
        Should.NotThrow(() => FactsRevisions.Check(again with { LeadingIndustry = false }, Signed, [Leading], Start, new DateOnly(2028, 12, 31), new DateOnly(2027, 5, 1), null));
    }

    private sealed class RentMonthComparer : IEqualityComparer<RentMonth>
    {
        public bool Equals(RentMonth? a, RentMonth? b) => a is not null && b is not null && a.Month == b.Month && a.Amount == b.Amount && a.BaseAmount == b.BaseAmount && a.Rules.SequenceEqual(b.Rules);
        public int GetHashCode(RentMonth m) => m.Month.GetHashCode();
    }
}
