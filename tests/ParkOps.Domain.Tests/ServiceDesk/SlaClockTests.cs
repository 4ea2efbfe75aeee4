using ParkOps.Domain.Rules;
using ParkOps.Domain.ServiceDesk;

namespace ParkOps.Domain.Tests.ServiceDesk;

public sealed class SlaClockTests
{
    private static readonly DateTime Created = new(2026, 3, 10, 1, 0, 0, DateTimeKind.Utc); // 09:00 in Shanghai

    [Fact]
    public void Default_EveryCategoryAndSeverity_RespondsWithinTwoHoursAtMost()
    {
        // seed 004: default response 2 h
        foreach (var c in Enum.GetValues<TicketCategory>())
            foreach (var s in Enum.GetValues<TicketSeverity>())
            {
                var t = SlaClock.Default(c, s);
                t.ResponseMinutes.ShouldBeLessThanOrEqualTo(120, $"{c} {s}");
                Should.NotThrow(t.Validate);
            }
        SlaClock.Default(TicketCategory.Enquiry, TicketSeverity.Normal).ResponseMinutes.ShouldBe(120);
    }

    [Fact]
    public void Due_AddsTheTargetsToTheCreationInstant()
    {
        var (resp, res) = SlaClock.Due(Created, new SlaTarget(120, 1440));
        resp.ShouldBe(Created.AddHours(2));
        res.ShouldBe(Created.AddDays(1));
    }

    [Fact]
    public void Due_AcrossMidnightAndMonthEnd_IsElapsedTime()
    {
        // Asia/Shanghai keeps no daylight saving: 23:30 local on 31 March plus 2 h is 01:30 local on 1 April
        var created = new DateTime(2026, 3, 31, 15, 30, 0, DateTimeKind.Utc);
        SlaClock.Due(created, new SlaTarget(120, 240)).ResponseDue.ShouldBe(new DateTime(2026, 3, 31, 17, 30, 0, DateTimeKind.Utc));
    }

    [Fact]
    public void MinutesToBreach_BeforeResponse_CountsToTheResponseDeadline_ThenToResolution()
    {
        var (resp, res) = SlaClock.Due(Created, new SlaTarget(120, 480));
        SlaClock.MinutesToBreach(TicketState.New, resp, res, Created.AddMinutes(30)).ShouldBe(90);
        SlaClock.MinutesToBreach(TicketState.Acknowledged, resp, res, Created.AddMinutes(30)).ShouldBe(450);
        SlaClock.MinutesToBreach(TicketState.New, resp, res, Created.AddMinutes(150)).ShouldBe(-30);
        SlaClock.MinutesToBreach(TicketState.Resolved, resp, res, Created.AddMinutes(30)).ShouldBeNull();
    }

    [Theory]
    [InlineData(TicketState.New, 10, SlaStatus.OnTrack)]
    [InlineData(TicketState.New, 100, SlaStatus.AtRisk)]   // 20 of 120 minutes left: under a quarter
    [InlineData(TicketState.New, 121, SlaStatus.Breached)]
    [InlineData(TicketState.InProgress, 300, SlaStatus.OnTrack)]
    [InlineData(TicketState.InProgress, 481, SlaStatus.Breached)]
    public void Status_OpenTicket_ByElapsedTime(TicketState state, int minutes, SlaStatus expected)
    {
        var (resp, res) = SlaClock.Due(Created, new SlaTarget(120, 480));
        DateTime? responded = state == TicketState.New ? null : Created.AddMinutes(5);
        SlaClock.Status(state, Created, resp, res, responded, null, Created.AddMinutes(minutes)).ShouldBe(expected);
    }

    [Fact]
    public void Status_LateResponse_StaysBreachedAfterResolution()
    {
        var (resp, res) = SlaClock.Due(Created, new SlaTarget(60, 480));
        SlaClock.Status(TicketState.Closed, Created, resp, res, Created.AddMinutes(61), Created.AddMinutes(200), Created.AddDays(3)).ShouldBe(SlaStatus.Breached);
        SlaClock.Status(TicketState.Closed, Created, resp, res, Created.AddMinutes(59), Created.AddMinutes(200), Created.AddDays(3)).ShouldBe(SlaStatus.Met);
        SlaClock.Status(TicketState.InProgress, Created, resp, res, Created.AddMinutes(61), null, Created.AddMinutes(70)).ShouldBe(SlaStatus.Breached);
    }

    [Fact]
    public void Breached_AtTheDeadlineExactly_IsStillMet()
    {
        var due = Created.AddHours(2);
        SlaClock.ResponseBreached(due, null, due).ShouldBeFalse();
        SlaClock.ResponseBreached(due, null, due.AddSeconds(1)).ShouldBeTrue();
        SlaClock.ResponseBreached(due, due, due.AddDays(1)).ShouldBeFalse();
        SlaClock.ResolutionBreached(due, due.AddMinutes(1), due).ShouldBeTrue();
    }

    [Theory]
    [InlineData(0, 120, "responseMinutes")]
    [InlineData(120, 0, "resolutionMinutes")]
    [InlineData(240, 120, "resolutionMinutes")]
    [InlineData(SlaTarget.MaxMinutes + 1, SlaTarget.MaxMinutes + 1, "responseMinutes")]
    public void Validate_BadTargets_NameTheField(int response, int resolution, string field) =>
        Should.Throw<DomainRuleException>(() => new SlaTarget(response, resolution).Validate()).Field.ShouldBe(field);
}

public sealed class EscalationTests
{
    [Theory]
    [InlineData(0, false, false, 0)]
    [InlineData(0, true, false, 1)]
    [InlineData(0, false, true, 2)]
    [InlineData(0, true, true, 2)]
    [InlineData(3, true, false, 3)] // escalation never goes down
    [InlineData(1, true, true, 2)]
    public void LevelFor_Breaches_LiftTheLevel(int current, bool response, bool resolution, int expected) =>
        Escalation.LevelFor(current, response, resolution).ShouldBe(expected);

    [Fact]
    public void Next_ClimbsOneLevelAtATimeToTheTop()
    {
        Escalation.Next(0).ShouldBe(1);
        Escalation.Next(2).ShouldBe(3);
        var ex = Should.Throw<DomainRuleException>(() => Escalation.Next(Escalation.Top));
        ex.Rule.ShouldBe("EscalationAtTop");
        ex.Kind.ShouldBe(RuleKind.Conflict);
    }
}
