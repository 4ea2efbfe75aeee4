using ParkOps.Domain.Metering;

namespace ParkOps.Domain.Tests.Metering;

public sealed class MeteringRulesTests
{
    private static DateTime Utc(int y, int m, int d, int h = 0) => new(y, m, d, h, 0, 0, DateTimeKind.Utc);
    private static readonly DateOnly Oct = new(2026, 10, 1);
    private static readonly DateTime OctStart = Utc(2026, 10, 1);
    private static readonly DateTime NovStart = Utc(2026, 11, 1);

    /// <summary>Month-end readings with the given monthly uses, ending in October 2026.</summary>
    private static List<Reading> Series(params decimal[] uses)
    {
        var list = new List<Reading>();
        decimal v = 1000;
        var start = new DateOnly(2026, 10, 1).AddMonths(-(uses.Length - 1));
        list.Add(new Reading(Utc(start.Year, start.Month, 1).AddHours(-1), v));
        for (var i = 0; i < uses.Length; i++)
        {
            v += uses[i];
            var next = start.AddMonths(i + 1);
            list.Add(new Reading(Utc(next.Year, next.Month, 1).AddHours(-1), v));
        }
        return list;
    }

    private static List<MonthUse> Trailing(List<Reading> s) =>
        Enumerable.Range(1, Meters.TrailingMonths).Select(k => Oct.AddMonths(-k)).Reverse()
            .Select(m => Meters.UseIn(s, m, Utc(m.Year, m.Month, 1), Utc(m.AddMonths(1).Year, m.AddMonths(1).Month, 1))).ToList();

    [Fact]
    public void UseIn_ReadingsBeforeAndInMonth_IsClosingMinusLastBefore()
    {
        var s = new List<Reading> { new(Utc(2026, 9, 20), 100), new(Utc(2026, 9, 30), 120), new(Utc(2026, 10, 15), 150), new(Utc(2026, 10, 31), 190), new(Utc(2026, 11, 2), 200) };
        var u = Meters.UseIn(s, Oct, OctStart, NovStart);
        u.Opening!.Value.Value.ShouldBe(120);
        u.Closing!.Value.Value.ShouldBe(190);
        u.Use.ShouldBe(70);
    }

    [Fact]
    public void UseIn_NoReadingBeforeMonth_OpensWithTheMonthsFirstReading()
    {
        var s = new List<Reading> { new(Utc(2026, 10, 3), 100), new(Utc(2026, 10, 30), 160) };
        Meters.UseIn(s, Oct, OctStart, NovStart).Use.ShouldBe(60);
    }

    [Fact]
    public void UseIn_NoReadingInMonth_HasNoUse()
    {
        var s = new List<Reading> { new(Utc(2026, 9, 3), 100) };
        var u = Meters.UseIn(s, Oct, OctStart, NovStart);
        u.HasReadings.ShouldBeFalse();
        u.Use.ShouldBe(0);
    }

    [Theory]
    [InlineData(new double[] { 1, 2, 3 }, 2)]
    [InlineData(new double[] { 4, 1, 3, 2 }, 2.5)]
    [InlineData(new double[] { }, 0)]
    public void Median_OddEvenEmpty_IsTheMiddle(double[] values, double expected) =>
        Meters.Median(values.Select(v => (decimal)v).ToList()).ShouldBe((decimal)expected);

    [Fact]
    public void Detect_CounterGoesBackwardsInMonth_FlagsItWithBothReadings()
    {
        var s = new List<Reading> { new(Utc(2026, 9, 30), 500), new(Utc(2026, 10, 10), 480), new(Utc(2026, 10, 31), 520) };
        var found = Meters.Detect(s, Oct, OctStart, NovStart, [], false, Utility.Electricity);
        found.Select(f => f.Rule).ShouldBe(["CounterMustNotGoBackwards"]);
        found[0].Reason.ShouldContain("500");
        found[0].Reason.ShouldContain("480");
    }

    [Fact]
    public void Detect_BackwardsBeforeTheMonth_IsNotThisMonthsFlag()
    {
        var s = new List<Reading> { new(Utc(2026, 9, 10), 500), new(Utc(2026, 9, 20), 480), new(Utc(2026, 10, 31), 520) };
        Meters.Detect(s, Oct, OctStart, NovStart, [], false, Utility.Electricity).ShouldBeEmpty();
    }

    [Fact]
    public void Detect_UseAboveFiveTimesTrailingMedian_FlagsASpike()
    {
        var s = Series(100, 110, 90, 100, 105, 95, 501);
        var found = Meters.Detect(s, Oct, OctStart, NovStart, Trailing(s), true, Utility.Electricity);
        found.Select(f => f.Rule).ShouldBe(["UseSpikeAboveFiveTimesMedian"]);
    }

    [Fact]
    public void Detect_UseExactlyFiveTimesMedian_IsNotASpike()
    {
        var s = Series(100, 110, 90, 100, 105, 95, 500);
        Meters.Detect(s, Oct, OctStart, NovStart, Trailing(s), true, Utility.Electricity).ShouldBeEmpty();
    }

    [Fact]
    public void Detect_FewerThanThreeMonthsOfHistory_DoesNotJudgeSpikes()
    {
        var s = Series(100, 100, 900);
        var trailing = Trailing(s).Where(t => t.HasReadings).ToList();
        trailing.Count.ShouldBe(2);
        Meters.Detect(s, Oct, OctStart, NovStart, trailing, true, Utility.Water).ShouldBeEmpty();
    }

    [Fact]
    public void Detect_ZeroUseAllMonthByATenant_IsFlagged_ButNotForAVacantUnit()
    {
        var s = Series(100, 100, 100, 0);
        Meters.Detect(s, Oct, OctStart, NovStart, Trailing(s), true, Utility.Water).Select(f => f.Rule).ShouldBe(["ZeroUseByActiveTenant"]);
        Meters.Detect(s, Oct, OctStart, NovStart, Trailing(s), false, Utility.Water).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("kWh", Utility.Electricity)]
    [InlineData("度", Utility.Electricity)]
    [InlineData("m³", Utility.Water)]
    [InlineData("吨", Utility.Water)]
    public void UtilityOfUnit_CommonSpellings_AreRecognised(string unit, Utility expected) => Meters.UtilityOfUnit(unit).ShouldBe(expected);

    private static readonly Tariff Power = new(Utility.Electricity, new DateOnly(2026, 1, 1), 0.8523m, 0.10m, 0.30m);
    private static readonly Tariff Water = new(Utility.Water, new DateOnly(2026, 1, 1), 4.15m, 0.15m, 0.30m);

    [Theory]
    // class A/B/T/none: use × price, rounded once: 1234.5 × 0.8523 = 1052.16435 → 1052.16
    [InlineData(null, 1234.5, 1052.16)]
    [InlineData("A", 1234.5, 1052.16)]
    [InlineData("T", 1234.5, 1052.16)]
    // class C: + 0.10 元/kWh: 1234.5 × 0.9523 = 1175.61435 → 1175.61
    [InlineData("C", 1234.5, 1175.61)]
    // class D: + 0.30 元/kWh: 1234.5 × 1.1523 = 1422.51435 → 1422.51
    [InlineData("d", 1234.5, 1422.51)]
    // half away from zero at the 分: 10.5 × 0.8523 = 8.94915 → 8.95
    [InlineData("B", 10.5, 8.95)]
    public void Charge_Electricity_AddsTheClassSurchargePerKwhAndRoundsOnce(string? cls, double use, double expected) =>
        Tariffs.Charge(Power, (decimal)use, cls).Amount.ShouldBe((decimal)expected);

    [Theory]
    // 37.3 m³ × 4.15 = 154.795 → 154.80 (B); × 1.15 = 178.01425 → 178.01 (C); × 1.30 = 201.2335 → 201.23 (D)
    [InlineData("B", 154.80)]
    [InlineData("C", 178.01)]
    [InlineData("D", 201.23)]
    public void Charge_Water_AddsTheClassSurchargeAsAShareAndRoundsOnce(string cls, double expected) =>
        Tariffs.Charge(Water, 37.3m, cls).Amount.ShouldBe((decimal)expected);

    [Fact]
    public void Charge_ClassC_ExplainsTariffAndSurcharge_AndTheirPartsAddUp()
    {
        var c = Tariffs.Charge(Power, 1000m, "C");
        c.Rules.Select(r => r.Name).ShouldBe(["Tariff", "MuClassSurcharge"]);
        c.BaseAmount.ShouldBe(852.30m);
        c.Surcharge.ShouldBe(100.00m);
        (c.BaseAmount + c.Surcharge).ShouldBe(c.Amount);
        c.UnitPrice.ShouldBe(0.9523m);
    }

    [Fact]
    public void InForce_TwoVersions_PicksTheLatestEffectiveOnTheDay()
    {
        var v2 = Power with { EffectiveFrom = new DateOnly(2026, 7, 1), UnitPrice = 0.9m };
        Tariffs.InForce([Power, v2, Water], Utility.Electricity, new DateOnly(2026, 6, 1))!.UnitPrice.ShouldBe(0.8523m);
        Tariffs.InForce([Power, v2, Water], Utility.Electricity, new DateOnly(2026, 7, 1))!.UnitPrice.ShouldBe(0.9m);
        Tariffs.InForce([Power, v2], Utility.Water, new DateOnly(2026, 7, 1)).ShouldBeNull();
    }

    [Fact]
    public void LateFee_BillDueMidPreviousMonth_ChargesTheOverdueDaysOfThatMonthOnly()
    {
        // due 2026-09-15: late from 09-16 to 09-30 = 15 days; 1000 × 0.0005 × 15 = 7.50
        var (amount, rules) = LateFees.Compute([new LateFees.Overdue("B-1", new DateOnly(2026, 9, 15), 1000m)], Oct, 0.0005m, 0);
        amount.ShouldBe(7.50m);
        rules.Single().Effect.ShouldContain("15 日");
    }

    [Fact]
    public void LateFee_OlderBillAndGraceDays_ChargesWholePreviousMonthAndSkipsGrace()
    {
        // B-1 due 08-15: all 30 days of September → 333.33 × 0.0005 × 30 = 4.99995; B-2 due 09-15 + 10 grace: 09-26…09-30 = 5 days → 200 × 0.0005 × 5 = 0.5
        var (amount, _) = LateFees.Compute([new LateFees.Overdue("B-1", new DateOnly(2026, 8, 15), 333.33m), new LateFees.Overdue("B-2", new DateOnly(2026, 9, 15), 200m)], Oct, 0.0005m, 10);
        amount.ShouldBe(5.50m);
    }

    [Fact]
    public void LateFee_NotYetLateOrPaid_ChargesNothing()
    {
        var (amount, rules) = LateFees.Compute([new LateFees.Overdue("B-1", new DateOnly(2026, 9, 30), 1000m), new LateFees.Overdue("B-2", new DateOnly(2026, 8, 1), 0m)], Oct, 0.0005m, 0);
        amount.ShouldBe(0m);
        rules.ShouldBeEmpty();
    }
}
