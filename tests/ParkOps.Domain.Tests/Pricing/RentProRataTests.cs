using ParkOps.Domain.Pricing;

namespace ParkOps.Domain.Tests.Pricing;

/// <summary>Leases that start on a day other than the 1st: lease term, calendar lines, day fractions, boundaries.</summary>
public sealed class RentProRataTests
{
    // 1000 ㎡ at 31 元: a month's base is 31000 元, so a day of a 31-day month is exactly 1000 元.
    private static readonly LeasedUnit[] Units = [new(SpaceUse.Factory, 1000m)];

    private static RentPolicy Policy(int minYears = 3, int startupFree = 0) => new()
    {
        BasePrices = new Dictionary<SpaceUse, decimal> { [SpaceUse.Factory] = 31m },
        LongLeaseMinYears = minYears,
        LongLeaseYearlyDecrease = 0.05m,
        StartupFreeMonths = startupFree,
        ContributionFromLeaseYear = 3,
    };

    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2027-03-15", 12, "2028-03-14")]
    [InlineData("2027-03-01", 12, "2028-02-29")]
    [InlineData("2027-12-15", 1, "2028-01-14")]
    [InlineData("2027-01-31", 1, "2027-02-27")] // AddMonths clamps: lease month 2 would begin on 02-28
    [InlineData("2027-01-31", 12, "2028-01-30")]
    [InlineData("2027-08-31", 6, "2028-02-28")] // 2028-02-29 is the clamped 31st, the lease ends the day before
    public void LeaseTerm_StartAndMonths_EndsTheDayBeforeStartPlusTerm(string start, int months, string end)
    {
        new LeaseTerm(D(start), months).End.ShouldBe(D(end));
    }

    [Theory]
    [InlineData("2027-01-31", "2027-01-31", 1)]
    [InlineData("2027-01-31", "2027-02-27", 1)]
    [InlineData("2027-01-31", "2027-02-28", 2)]
    [InlineData("2027-01-31", "2027-03-30", 2)]
    [InlineData("2027-01-31", "2027-03-31", 3)]
    [InlineData("2027-03-15", "2028-03-14", 12)]
    [InlineData("2027-03-15", "2028-03-15", 13)]
    [InlineData("2027-12-15", "2028-01-14", 1)]
    [InlineData("2027-12-15", "2028-01-15", 2)]
    public void LeaseTerm_Day_FallsInTheLeaseMonthThatContainsIt(string start, string day, int leaseMonth)
    {
        new LeaseTerm(D(start), 24).LeaseMonthOf(D(day)).ShouldBe(leaseMonth);
    }

    [Fact]
    public void Quote_StartOn15March_FirstAndLastCalendarMonthsProRatedByDays()
    {
        var s = RentPricing.Quote(Policy(), new TenantFacts(), Units, D("2027-03-15"), 12);

        s.Months.Count.ShouldBe(13);
        s.Months[0].Label.ShouldBe("2027-03");
        (s.Months[0].From, s.Months[0].To).ShouldBe((D("2027-03-15"), D("2027-03-31")));
        s.Months[0].BaseAmount.ShouldBe(17000m); // 17/31
        s.Months[0].Amount.ShouldBe(17000m);
        s.Months[0].Rules.ShouldContain(new AppliedRule(RentRules.ProRata, "2027-03-15–2027-03-31", "×17/31"));
        s.Months.Skip(1).Take(11).ShouldAllBe(m => m.Amount == 31000m && m.Rules.Count == 1);
        s.Months[12].Label.ShouldBe("2028-03");
        (s.Months[12].From, s.Months[12].To).ShouldBe((D("2028-03-01"), D("2028-03-14")));
        s.Months[12].Amount.ShouldBe(14000m); // 14/31
        s.Total.ShouldBe(12 * 31000m);
    }

    [Fact]
    public void Quote_StartInDecember_CrossesTheYearAndSplitsTheMonthWhereLeaseYearTwoBegins()
    {
        // long lease from 1 year: lease year 2 begins on 2028-12-15, inside calendar month 2028-12
        var s = RentPricing.Quote(Policy(minYears: 1), new TenantFacts(), Units, D("2027-12-15"), 24);

        s.Months.Count.ShouldBe(25);
        s.Months.Select(m => m.Label).Take(3).ShouldBe(["2027-12", "2028-01", "2028-02"]);
        s.Months[0].Amount.ShouldBe(17000m);
        s.Months[0].LeaseYear.ShouldBe(1);
        s.Months.Skip(1).Take(11).ShouldAllBe(m => m.Amount == 31000m);

        var split = s.Months[12];
        split.Label.ShouldBe("2028-12");
        split.Parts.Select(p => (p.From, p.To, p.LeaseYear)).ShouldBe([(D("2028-12-01"), D("2028-12-14"), 1), (D("2028-12-15"), D("2028-12-31"), 2)]);
        split.BaseAmount.ShouldBe(31000m);
        split.Amount.ShouldBe(14000m + 17000m * 0.95m); // 30150
        split.Rules.Select(r => r.Name).ShouldBe(["BasePrice", "ProRata", "ProRata", "LongLeaseDecrease"]);

        s.Months.Skip(13).Take(11).ShouldAllBe(m => m.Amount == 29450m);
        s.Months[24].Label.ShouldBe("2029-12");
        s.Months[24].Amount.ShouldBe(13300m); // 14/31 × 29450
    }

    [Fact]
    public void Quote_StartOn31st_OneDayFirstLineAndClampedEnd()
    {
        var s = RentPricing.Quote(Policy(), new TenantFacts(), Units, D("2027-01-31"), 12);

        s.Months.Count.ShouldBe(13);
        s.Months[0].Amount.ShouldBe(1000m); // 1/31
        s.Months[1].Label.ShouldBe("2027-02");
        s.Months[1].Amount.ShouldBe(31000m); // February is whole, though lease month 2 begins on 02-28
        s.Months[12].Label.ShouldBe("2028-01");
        s.Months[12].To.ShouldBe(D("2028-01-30"));
        s.Months[12].Amount.ShouldBe(30000m); // 30/31
    }

    [Fact]
    public void Quote_StartOn31stForOneMonth_FebruaryChargedByItsOwnDays()
    {
        var s = RentPricing.Quote(Policy(), new TenantFacts(), Units, D("2027-01-31"), 1);

        s.Months.Select(m => (m.Label, m.Amount)).ShouldBe([("2027-01", 1000m), ("2027-02", 29892.86m)]); // 31000 × 27/28
    }

    [Fact]
    public void Quote_FreeMonthsEndMidMonth_OnlyTheDaysAfterTheFreePeriodAreCharged()
    {
        // one startup month free from 2027-03-15: free to 2027-04-14, charged from 2027-04-15
        var s = RentPricing.Quote(Policy(startupFree: 1), new TenantFacts(Startup: true), Units, D("2027-03-15"), 3);

        s.Months.Select(m => m.Amount).ShouldBe([0m, 16533.33m, 31000m, 14466.67m]); // 0, 16/30, 1, 14/30
        s.Months[1].Parts.Count.ShouldBe(2);
        s.Months[1].Rules.Select(r => r.Name).ShouldBe(["BasePrice", "ProRata", "StartupFreeMonths", "ProRata"]);
        s.Months[1].BaseAmount.ShouldBe(31000m);
    }

    [Fact]
    public void Quote_LeaseEndsOnTheFirst_LastLineIsOneDay()
    {
        var s = RentPricing.Quote(Policy(), new TenantFacts(), Units, D("2027-03-02"), 1);

        s.Term.End.ShouldBe(D("2027-04-01"));
        s.Months.Select(m => (m.Label, m.Amount)).ShouldBe([("2027-03", 30000m), ("2027-04", 1033.33m)]); // 30/31, 1/30
    }

    [Fact]
    public void Quote_StartOnFirst_NoProRataAndOneLinePerMonth()
    {
        var s = RentPricing.Quote(Policy(), new TenantFacts(), Units, D("2028-02-01"), 2);

        s.Months.Select(m => (m.Label, m.Amount)).ShouldBe([("2028-02", 31000m), ("2028-03", 31000m)]);
        s.Months.ShouldAllBe(m => m.Parts.Count == 1 && m.Parts[0].IsWholeMonth);
    }
}
