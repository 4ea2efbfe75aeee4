using ParkOps.Domain.Enterprises;

namespace ParkOps.Domain.Tests.Enterprises;

public sealed class LifecycleTests
{
    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    // DOMAIN §2: 初创 0–2y, 成长 2–5y, 成熟 5y+; a stage starts on its anniversary (the anniversary belongs to the next stage).
    [Theory]
    [InlineData("2020-03-15", "2020-03-15", LifecycleStage.Startup)] // the day of establishment
    [InlineData("2020-03-15", "2022-03-14", LifecycleStage.Startup)] // the day before the 2nd anniversary
    [InlineData("2020-03-15", "2022-03-15", LifecycleStage.Growth)]  // the 2nd anniversary
    [InlineData("2020-03-15", "2025-03-14", LifecycleStage.Growth)]  // the day before the 5th anniversary
    [InlineData("2020-03-15", "2025-03-15", LifecycleStage.Mature)]  // the 5th anniversary
    [InlineData("2020-03-15", "2045-01-01", LifecycleStage.Mature)]
    [InlineData("2020-12-31", "2022-12-30", LifecycleStage.Startup)]
    [InlineData("2020-12-31", "2022-12-31", LifecycleStage.Growth)]
    [InlineData("2020-01-01", "2024-12-31", LifecycleStage.Growth)]
    [InlineData("2020-01-01", "2025-01-01", LifecycleStage.Mature)]
    public void StageOn_AroundAnniversaries_ChangesOnTheAnniversary(string established, string asOf, LifecycleStage expected) =>
        Lifecycle.StageOn(D(established), D(asOf)).ShouldBe(expected);

    // Established on 29 February: in a common year the anniversary falls on 28 February (DateOnly.AddYears clamps),
    // in a leap year on 29 February.
    [Theory]
    [InlineData("2020-02-29", "2022-02-27", LifecycleStage.Startup)]
    [InlineData("2020-02-29", "2022-02-28", LifecycleStage.Growth)]
    [InlineData("2020-02-29", "2022-03-01", LifecycleStage.Growth)]
    [InlineData("2020-02-29", "2025-02-27", LifecycleStage.Growth)]
    [InlineData("2020-02-29", "2025-02-28", LifecycleStage.Mature)]
    [InlineData("2022-02-28", "2024-02-28", LifecycleStage.Growth)] // an ordinary date whose anniversary is in a leap year
    [InlineData("2022-02-28", "2024-02-27", LifecycleStage.Startup)]
    public void StageOn_EstablishedOnLeapDay_UsesTheClampedAnniversary(string established, string asOf, LifecycleStage expected) =>
        Lifecycle.StageOn(D(established), D(asOf)).ShouldBe(expected);

    [Fact]
    public void StageOn_LeapDayFourYearsOn_IsGrowthUntilTheFifthAnniversary()
    {
        // 2024 is a leap year: the 4th anniversary is 29 February itself, still 成长.
        Lifecycle.StageOn(D("2020-02-29"), D("2024-02-29")).ShouldBe(LifecycleStage.Growth);
        Lifecycle.YearsSince(D("2020-02-29"), D("2024-02-29")).ShouldBe(4);
        Lifecycle.YearsSince(D("2020-02-29"), D("2024-02-28")).ShouldBe(3);
    }

    [Fact]
    public void StageOn_DateBeforeEstablishment_IsStartup() =>
        Lifecycle.StageOn(D("2026-06-01"), D("2026-01-01")).ShouldBe(LifecycleStage.Startup);

    [Theory]
    [InlineData("2020-03-15", "2020-03-15", 0)]
    [InlineData("2020-03-15", "2021-03-14", 0)]
    [InlineData("2020-03-15", "2021-03-15", 1)]
    [InlineData("2020-03-15", "2026-03-14", 5)]
    [InlineData("2020-03-15", "2026-03-15", 6)]
    [InlineData("2020-12-31", "2021-01-01", 0)] // a different calendar year is not a year
    [InlineData("2020-02-29", "2021-02-28", 1)]
    [InlineData("2020-02-29", "2021-02-27", 0)]
    [InlineData("2020-02-29", "2021-03-01", 1)]
    [InlineData("2026-06-01", "2026-01-01", 0)] // before establishment: never negative
    [InlineData("2026-06-01", "2020-01-01", 0)]
    public void YearsSince_Dates_GivesWholeYears(string established, string asOf, int expected) =>
        Lifecycle.YearsSince(D(established), D(asOf)).ShouldBe(expected);

    // The two functions must never disagree: a stage is the whole years since establishment put into 0–2 / 2–5 / 5+.
    [Fact]
    public void StageOn_EveryDayOverSevenYears_AgreesWithYearsSince()
    {
        foreach (var established in new[] { D("2016-02-29"), D("2019-01-01"), D("2019-12-31"), D("2020-02-29"), D("2021-03-01"), D("2023-02-28") })
            for (var asOf = established.AddDays(-3); asOf <= established.AddYears(7); asOf = asOf.AddDays(1))
            {
                var years = Lifecycle.YearsSince(established, asOf);
                var expected = years < 2 ? LifecycleStage.Startup : years < 5 ? LifecycleStage.Growth : LifecycleStage.Mature;
                Lifecycle.StageOn(established, asOf).ShouldBe(expected, $"established {established:yyyy-MM-dd}, as of {asOf:yyyy-MM-dd}");
            }
    }
}
