using ParkOps.Domain.Booking;
using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Tests.Booking;

public sealed class BookingRulesTests
{
    private static readonly SlotPolicy Lab = new(new TimeOnly(8, 30), new TimeOnly(21, 0), false, 30, 240, 15, 60, 24);
    // Wednesday 2026-12-02 09:00 Shanghai
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 9, 0, 0, TimeSpan.FromHours(8));

    private static DateTimeOffset T(string s) => DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    private static string Refusal(Action a) => Should.Throw<DomainRuleException>(a).Rule;

    [Fact]
    public void Check_SlotWithinHoursAndLimits_IsAccepted() =>
        Should.NotThrow(() => SlotRules.Check(Lab, T("2026-12-09T10:00:00+08:00"), T("2026-12-09T11:00:00+08:00"), Now));

    [Theory]
    [InlineData("2026-12-09T11:00:00+08:00", "2026-12-09T10:00:00+08:00", "EndMustBeAfterStart", "end")]
    [InlineData("2026-12-09T10:00:00+08:00", "2026-12-09T10:00:00+08:00", "EndMustBeAfterStart", "end")]
    [InlineData("2026-12-09T10:10:00+08:00", "2026-12-09T11:00:00+08:00", "SlotMustBeOnQuarterHours", "start")]
    [InlineData("2026-12-09T20:00:00+08:00", "2026-12-10T09:00:00+08:00", "SlotMustBeOnOneDay", "end")]
    [InlineData("2026-12-01T10:00:00+08:00", "2026-12-01T11:00:00+08:00", "BookingMustBeInTheFuture", "start")]
    [InlineData("2027-02-01T10:00:00+08:00", "2027-02-01T11:00:00+08:00", "BookingMustBeWithinHorizon", "start")]
    [InlineData("2026-12-05T10:00:00+08:00", "2026-12-05T11:00:00+08:00", "ResourceMustBeOpenThatDay", "start")]
    [InlineData("2026-12-09T08:00:00+08:00", "2026-12-09T09:00:00+08:00", "SlotMustBeWithinOpeningHours", "start")]
    [InlineData("2026-12-09T20:30:00+08:00", "2026-12-09T21:15:00+08:00", "SlotMustBeWithinOpeningHours", "end")]
    [InlineData("2026-12-09T10:00:00+08:00", "2026-12-09T10:15:00+08:00", "SlotLengthMustBeWithinLimits", "end")]
    [InlineData("2026-12-09T09:00:00+08:00", "2026-12-09T13:15:00+08:00", "SlotLengthMustBeWithinLimits", "end")]
    public void Check_BrokenRule_IsRefusedNamingRuleAndField(string start, string end, string rule, string field)
    {
        var ex = Should.Throw<DomainRuleException>(() => SlotRules.Check(Lab, T(start), T(end), Now));
        ex.Rule.ShouldBe(rule);
        ex.Field.ShouldBe(field);
    }

    [Fact]
    public void Check_UtcInputAtShanghaiOpeningTime_IsJudgedInShanghaiTime()
    {
        // 02:00Z is 10:00 in Shanghai: inside opening hours although 02:00 would not be
        Should.NotThrow(() => SlotRules.Check(Lab, T("2026-12-09T02:00:00Z"), T("2026-12-09T03:00:00Z"), Now));
        // 16:30Z on the 8th is 00:30 on the 9th in Shanghai: closed
        Refusal(() => SlotRules.Check(Lab, T("2026-12-08T16:30:00Z"), T("2026-12-08T17:30:00Z"), Now)).ShouldBe("SlotMustBeWithinOpeningHours");
    }

    [Fact]
    public void Check_HorizonLastDay_IsAcceptedAndTheDayAfterRefused()
    {
        var policy = Lab with { OpenOnWeekends = true, HorizonDays = 7 };
        Should.NotThrow(() => SlotRules.Check(policy, T("2026-12-09T10:00:00+08:00"), T("2026-12-09T11:00:00+08:00"), Now));
        Refusal(() => SlotRules.Check(policy, T("2026-12-10T10:00:00+08:00"), T("2026-12-10T11:00:00+08:00"), Now)).ShouldBe("BookingMustBeWithinHorizon");
    }

    [Theory]
    [InlineData("2026-12-09T11:00:00+08:00", "2026-12-09T12:00:00+08:00", false)] // starts when the other's buffer is not over
    [InlineData("2026-12-09T11:15:00+08:00", "2026-12-09T12:00:00+08:00", true)]  // exactly the buffer after
    [InlineData("2026-12-09T09:00:00+08:00", "2026-12-09T10:00:00+08:00", false)] // ends when the other starts: its own buffer collides
    [InlineData("2026-12-09T09:00:00+08:00", "2026-12-09T09:45:00+08:00", true)]  // ends a buffer before the other starts
    [InlineData("2026-12-09T10:30:00+08:00", "2026-12-09T10:45:00+08:00", false)] // inside
    [InlineData("2026-12-09T08:30:00+08:00", "2026-12-09T12:00:00+08:00", false)] // around
    public void FirstCollision_BufferApplies_InEitherOrder(string start, string end, bool free)
    {
        var busy = new[] { new BusyInterval(7, T("2026-12-09T10:00:00+08:00"), SlotRules.BlockedUntil(T("2026-12-09T11:00:00+08:00"), 15)) };
        var hit = SlotRules.FirstCollision(busy, T(start), SlotRules.BlockedUntil(T(end), 15));
        (hit is null).ShouldBe(free);
        if (!free) hit!.BookingId.ShouldBe(7);
    }

    [Fact]
    public void Overlap_NamesTheBookingAndItsTime_AsAConflict()
    {
        var ex = SlotRules.Overlap(42, T("2026-12-09T02:00:00Z"), T("2026-12-09T03:00:00Z"));
        ex.Kind.ShouldBe(RuleKind.Conflict);
        ex.Rule.ShouldBe("BookingMustNotOverlap");
        ex.Arguments.ShouldBe([42L, "2026-12-09 10:00", "2026-12-09 11:00"]);
    }

    [Theory]
    [InlineData("2026-12-03T09:00:00+08:00", false, false)] // 24 h notice given exactly
    [InlineData("2026-12-03T08:45:00+08:00", false, true)]  // less than 24 h: tenants may not
    [InlineData("2026-12-03T08:45:00+08:00", true, false)]  // operators may
    public void CheckCancellation_NoticeRule(string start, bool byOperator, bool refused)
    {
        var act = () => SlotRules.CheckCancellation(Lab, T(start), Now, byOperator);
        if (refused) Refusal(act).ShouldBe("CancellationNeedsNotice");
        else Should.NotThrow(act);
    }

    [Fact]
    public void CheckCancellation_StartedBooking_IsRefusedEvenForOperators() =>
        Refusal(() => SlotRules.CheckCancellation(Lab, Now.AddMinutes(-15), Now, byOperator: true)).ShouldBe("BookingMustNotHaveStarted");

    [Fact]
    public void Weekly_AcrossMonthAndYearEnd_KeepsWeekdayAndLocalTime()
    {
        var list = Recurrence.Weekly(T("2026-12-16T10:00:00+08:00"), T("2026-12-16T11:30:00+08:00"), new DateOnly(2027, 1, 20));
        list.Select(x => x.Start.ToString("yyyy-MM-dd HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture)).ShouldBe([
            "2026-12-16 10:00 +08:00", "2026-12-23 10:00 +08:00", "2026-12-30 10:00 +08:00", "2027-01-06 10:00 +08:00",
            "2027-01-13 10:00 +08:00", "2027-01-20 10:00 +08:00"]);
        list.ShouldAllBe(x => x.End - x.Start == TimeSpan.FromMinutes(90));
        list.Select(x => BookingCalendar.MonthOf(x.Start)).Distinct().ShouldBe([new DateOnly(2026, 12, 1), new DateOnly(2027, 1, 1)]);
    }

    [Fact]
    public void Weekly_GivenInUtc_KeepsShanghaiTimeAcrossTheMonthEnd()
    {
        // Thursday 2027-01-28 23:00Z is Friday 07:00 in Shanghai; next week's falls on 2027-02-05 in Shanghai
        var list = Recurrence.Weekly(T("2027-01-28T23:00:00Z"), T("2027-01-29T00:00:00Z"), new DateOnly(2027, 2, 5));
        list.Select(x => BookingCalendar.DayOf(x.Start)).ShouldBe([new DateOnly(2027, 1, 29), new DateOnly(2027, 2, 5)]);
        list.ShouldAllBe(x => x.Start.Offset == TimeSpan.FromHours(8) && x.Start.Hour == 7);
    }

    [Fact]
    public void Weekly_UntilIsTheFirstDay_GivesOneOccurrence() =>
        Recurrence.Weekly(T("2026-12-16T10:00:00+08:00"), T("2026-12-16T11:00:00+08:00"), new DateOnly(2026, 12, 16)).Count.ShouldBe(1);

    [Fact]
    public void Weekly_UntilBeforeStart_IsRefused() =>
        Refusal(() => Recurrence.Weekly(T("2026-12-16T10:00:00+08:00"), T("2026-12-16T11:00:00+08:00"), new DateOnly(2026, 12, 15))).ShouldBe("RecurrenceMustEndAfterStart");

    [Fact]
    public void Weekly_MoreThanAYear_IsRefused() =>
        Refusal(() => Recurrence.Weekly(T("2026-12-16T10:00:00+08:00"), T("2026-12-16T11:00:00+08:00"), new DateOnly(2028, 1, 1))).ShouldBe("RecurrenceMustBeWithinAYear");

    [Theory]
    [InlineData(10, 0, 10, 0, 0)]      // all free
    [InlineData(10, 35, 5, 5, 500)]    // 5 free hours left, 5 paid at 100
    [InlineData(10, 40, 0, 10, 1000)]  // quota used up
    [InlineData(10, 55, 0, 10, 1000)]  // over-used earlier never makes hours negative
    public void Split_FreeHoursAreUsedBeforePaidHours(decimal hours, decimal usedBefore, decimal free, decimal paid, decimal amount)
    {
        var c = FreeQuota.Split(hours, 100m, 40m, usedBefore);
        c.FreeHours.ShouldBe(free);
        c.PaidHours.ShouldBe(paid);
        c.Amount.ShouldBe(amount);
    }

    [Fact]
    public void Split_AmountIsRoundedToTheFen() =>
        FreeQuota.Split(1.25m, 33.333m, 0m, 0m).Amount.ShouldBe(41.67m);

    [Fact]
    public void DefaultQuota_StartupsGet40HoursOfLabTime()
    {
        FreeQuota.DefaultHoursPerMonth(EnterpriseClass.Startup, QuotaGroup.LabTime).ShouldBe(40m);
        FreeQuota.DefaultHoursPerMonth(EnterpriseClass.Established, QuotaGroup.LabTime).ShouldBe(0m);
        FreeQuota.DefaultHoursPerMonth(EnterpriseClass.Startup, QuotaGroup.None).ShouldBe(0m);
    }

    [Theory]
    [InlineData("2025-06-01", EnterpriseClass.Startup)]
    [InlineData("2024-12-02", EnterpriseClass.Established)] // second anniversary on the day
    [InlineData(null, EnterpriseClass.Established)]
    public void ClassOf_FollowsTheLifecycleStage(string? established, EnterpriseClass expected) =>
        FreeQuota.ClassOf(established is null ? null : DateOnly.Parse(established, System.Globalization.CultureInfo.InvariantCulture), new DateOnly(2026, 12, 2)).ShouldBe(expected);

    [Theory]
    [InlineData(null, false, 1.0)]                          // used as booked
    [InlineData("2026-12-09T11:10:00+08:00", false, 1.25)] // 10 min overrun counts as a quarter
    [InlineData("2026-12-09T10:40:00+08:00", false, 1.0)]  // leaving early still pays the slot
    [InlineData(null, true, 1.0)]                           // no-show pays the slot it blocked
    public void BillableHours_BookedSlotPlusOverrun(string? actualEnd, bool noShow, double expected) =>
        FreeQuota.BillableHours(T("2026-12-09T10:00:00+08:00"), T("2026-12-09T11:00:00+08:00"), actualEnd is null ? null : T(actualEnd), noShow).ShouldBe((decimal)expected);

    [Fact]
    public void OpenHoursIn_CountsShanghaiWeekdaysOfTheMonth()
    {
        // February 2027: 20 weekdays × 12.5 h
        Utilisation.OpenHoursIn(Lab, new DateOnly(2027, 2, 1)).ShouldBe(250m);
        Utilisation.OpenHoursIn(Lab with { OpenOnWeekends = true }, new DateOnly(2027, 2, 1)).ShouldBe(350m);
    }

    [Theory]
    [InlineData(200, 130, 0.35)]
    [InlineData(200, 170, 0.15)]
    [InlineData(200, 260, 0)]
    [InlineData(0, 0, 1)]
    public void IdleRate_IsOneMinusUsedOverOpen(decimal open, decimal used, decimal expected) =>
        Utilisation.IdleRate(open, used).ShouldBe(expected);

    [Theory]
    [InlineData(9, 0, 30, 240, "closes")]
    [InlineData(8, 21, 20, 240, "minMinutes")]
    [InlineData(8, 21, 60, 45, "maxMinutes")]
    public void Validate_BadPolicy_NamesTheField(int opens, int closes, int min, int max, string field) =>
        Should.Throw<DomainRuleException>(() => (Lab with { Opens = new TimeOnly(opens, 0), Closes = new TimeOnly(closes == 0 ? 0 : closes, 0), MinMinutes = min, MaxMinutes = max }).Validate())
            .Field.ShouldBe(field);
}

public sealed class QuotaTableTests
{
    [Fact]
    public void InForce_PicksTheLatestVersionStartedByTheDay_AndTheDefaultBefore()
    {
        var jan = new QuotaTable(new DateOnly(2027, 1, 1), 30m, 6m, 2m, 3m);
        var apr = new QuotaTable(new DateOnly(2027, 4, 1), 20m, 5m, 1m, 2m);
        QuotaTable.InForce([apr, jan], new DateOnly(2026, 12, 31)).ShouldBe(QuotaTable.Default);
        QuotaTable.InForce([apr, jan], new DateOnly(2027, 1, 1)).ShouldBe(jan);
        QuotaTable.InForce([apr, jan], new DateOnly(2027, 3, 31)).ShouldBe(jan);
        QuotaTable.InForce([apr, jan], new DateOnly(2027, 4, 1)).ShouldBe(apr);
        QuotaTable.InForce([], new DateOnly(2027, 4, 1)).ShouldBe(QuotaTable.Default);
    }

    [Theory]
    [InlineData(EnterpriseClass.Startup, QuotaGroup.LabTime, 30)]
    [InlineData(EnterpriseClass.Startup, QuotaGroup.MeetingRooms, 6)]
    [InlineData(EnterpriseClass.Established, QuotaGroup.LabTime, 2)]
    [InlineData(EnterpriseClass.Established, QuotaGroup.MeetingRooms, 3)]
    [InlineData(EnterpriseClass.Startup, QuotaGroup.None, 0)]
    public void HoursPerMonth_ReadsTheCellOfClassAndGroup(EnterpriseClass c, QuotaGroup g, int hours) =>
        new QuotaTable(new DateOnly(2027, 1, 1), 30m, 6m, 2m, 3m).HoursPerMonth(c, g).ShouldBe(hours);

    [Theory]
    [InlineData(2027, 1, 2, 1, "QuotaMustStartOnAMonth", "effectiveFrom")]
    [InlineData(2027, 1, 1, -0.25, "QuotaHoursOutOfRange", "startupLabHours")]
    [InlineData(2027, 1, 1, 744.25, "QuotaHoursOutOfRange", "startupLabHours")]
    [InlineData(2027, 1, 1, 1.1, "QuotaHoursOutOfRange", "startupLabHours")]
    public void Validate_RefusesWhatAParkCannotMean(int y, int m, int d, double lab, string rule, string field)
    {
        var ex = Should.Throw<ParkOps.Domain.Rules.DomainRuleException>(() => new QuotaTable(new DateOnly(y, m, d), (decimal)lab, 8m, 0m, 4m).Validate());
        (ex.Rule, ex.Field).ShouldBe((rule, field));
    }

    [Fact]
    public void Validate_AcceptsQuarterHoursUpToAFullMonth() =>
        Should.NotThrow(() => new QuotaTable(new DateOnly(2027, 1, 1), 744m, 0.25m, 0m, 12.75m).Validate());
}
