using ParkOps.Domain.Rules;
using ParkOps.Domain.ServiceDesk;

namespace ParkOps.Domain.Tests.ServiceDesk;

public sealed class TicketLifecycleTests
{
    [Theory]
    [InlineData(TicketState.New, TicketAction.Acknowledge, TicketState.Acknowledged)]
    [InlineData(TicketState.New, TicketAction.Start, TicketState.InProgress)]
    [InlineData(TicketState.Acknowledged, TicketAction.Start, TicketState.InProgress)]
    [InlineData(TicketState.Acknowledged, TicketAction.Resolve, TicketState.Resolved)]
    [InlineData(TicketState.InProgress, TicketAction.Resolve, TicketState.Resolved)]
    [InlineData(TicketState.Resolved, TicketAction.Close, TicketState.Closed)]
    [InlineData(TicketState.Resolved, TicketAction.Reopen, TicketState.Reopened)]
    [InlineData(TicketState.Closed, TicketAction.Reopen, TicketState.Reopened)]
    [InlineData(TicketState.Reopened, TicketAction.Acknowledge, TicketState.Acknowledged)]
    [InlineData(TicketState.Reopened, TicketAction.Start, TicketState.InProgress)]
    [InlineData(TicketState.Reopened, TicketAction.Resolve, TicketState.Resolved)]
    public void Next_AllowedTransition_GivesTheNextState(TicketState from, TicketAction action, TicketState to) =>
        TicketLifecycle.Next(from, action).ShouldBe(to);

    [Theory]
    [InlineData(TicketState.New, TicketAction.Resolve)]
    [InlineData(TicketState.New, TicketAction.Close)]
    [InlineData(TicketState.New, TicketAction.Reopen)]
    [InlineData(TicketState.Acknowledged, TicketAction.Acknowledge)]
    [InlineData(TicketState.InProgress, TicketAction.Close)]
    [InlineData(TicketState.InProgress, TicketAction.Start)]
    [InlineData(TicketState.Resolved, TicketAction.Resolve)]
    [InlineData(TicketState.Closed, TicketAction.Close)]
    [InlineData(TicketState.Closed, TicketAction.Start)]
    [InlineData(TicketState.Reopened, TicketAction.Close)]
    public void Next_IllegalTransition_IsAConflictNamingTheRule(TicketState from, TicketAction action)
    {
        var ex = Should.Throw<DomainRuleException>(() => TicketLifecycle.Next(from, action));
        ex.Rule.ShouldBe("TicketTransitionNotAllowed");
        ex.Kind.ShouldBe(RuleKind.Conflict);
        ex.Arguments.ShouldBe([from, action]);
    }

    [Fact]
    public void Next_EveryStateAndAction_EitherMovesOrRefusesWithTheRule()
    {
        foreach (var s in Enum.GetValues<TicketState>())
            foreach (var a in Enum.GetValues<TicketAction>())
                TicketLifecycle.CanDo(s, a).ShouldBe(Allowed(s, a), $"{s} {a}");
    }

    private static bool Allowed(TicketState s, TicketAction a)
    {
        try { TicketLifecycle.Next(s, a); return true; }
        catch (DomainRuleException e) when (e.Rule == "TicketTransitionNotAllowed") { return false; }
    }

    [Theory]
    [InlineData(TicketState.New, true)]
    [InlineData(TicketState.Acknowledged, true)]
    [InlineData(TicketState.InProgress, true)]
    [InlineData(TicketState.Reopened, true)]
    [InlineData(TicketState.Resolved, false)]
    [InlineData(TicketState.Closed, false)]
    public void IsOpen_ByState_RunsTheClockOnlyWhileOpen(TicketState s, bool open) => TicketLifecycle.IsOpen(s).ShouldBe(open);

    [Fact]
    public void EnsureCanComment_ClosedTicket_IsRefused()
    {
        Should.Throw<DomainRuleException>(() => TicketLifecycle.EnsureCanComment(TicketState.Closed)).Rule.ShouldBe("ClosedTicketTakesNoComments");
        Should.NotThrow(() => TicketLifecycle.EnsureCanComment(TicketState.Resolved));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Signature_Missing_IsRefusedOnTheSignatureField(string? typed)
    {
        var ex = Should.Throw<DomainRuleException>(() => TicketLifecycle.Signature(typed));
        ex.Rule.ShouldBe("CompletionNeedsSignature");
        ex.Field.ShouldBe("signature");
    }

    [Fact]
    public void Signature_TypedName_IsTrimmedAndKept() => TicketLifecycle.Signature("  张伟 ").ShouldBe("张伟");

    [Fact]
    public void Signature_LongerThanFifty_IsRefused() =>
        Should.Throw<DomainRuleException>(() => TicketLifecycle.Signature(new string('名', 51))).Rule.ShouldBe("SignatureTooLong");

    [Fact]
    public void EnsureCanConvert_WorkOrderOrConvertedOrFinished_IsRefused()
    {
        Should.Throw<DomainRuleException>(() => TicketLifecycle.EnsureCanConvert(TicketState.New, isWorkOrder: true, alreadyConverted: false)).Rule.ShouldBe("TicketAlreadyAWorkOrder");
        Should.Throw<DomainRuleException>(() => TicketLifecycle.EnsureCanConvert(TicketState.New, isWorkOrder: false, alreadyConverted: true)).Rule.ShouldBe("TicketAlreadyAWorkOrder");
        Should.Throw<DomainRuleException>(() => TicketLifecycle.EnsureCanConvert(TicketState.Closed, false, false)).Rule.ShouldBe("TicketTransitionNotAllowed");
        Should.NotThrow(() => TicketLifecycle.EnsureCanConvert(TicketState.Acknowledged, false, false));
    }
}

public sealed class SatisfactionTests
{
    [Fact]
    public void EnsureCanRate_RequesterAfterClosure_IsAllowed() =>
        Should.NotThrow(() => Satisfaction.EnsureCanRate(TicketState.Closed, isRequester: true, handledIt: false, alreadyRated: false, rating: 5));

    [Fact]
    public void EnsureCanRate_StaffWhoHandledIt_IsRefusedEvenAsRequester()
    {
        Should.Throw<DomainRuleException>(() => Satisfaction.EnsureCanRate(TicketState.Closed, true, handledIt: true, false, 5)).Rule.ShouldBe("OnlyRequesterMayRate");
        Should.Throw<DomainRuleException>(() => Satisfaction.EnsureCanRate(TicketState.Closed, isRequester: false, false, false, 5)).Rule.ShouldBe("OnlyRequesterMayRate");
    }

    [Theory]
    [InlineData(TicketState.New)]
    [InlineData(TicketState.InProgress)]
    [InlineData(TicketState.Resolved)]
    [InlineData(TicketState.Reopened)]
    public void EnsureCanRate_BeforeClosure_IsAConflict(TicketState s)
    {
        var ex = Should.Throw<DomainRuleException>(() => Satisfaction.EnsureCanRate(s, true, false, false, 4));
        ex.Rule.ShouldBe("RateAfterClosure");
        ex.Kind.ShouldBe(RuleKind.Conflict);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(-1)]
    public void EnsureCanRate_OutsideOneToFive_IsRefused(int rating) =>
        Should.Throw<DomainRuleException>(() => Satisfaction.EnsureCanRate(TicketState.Closed, true, false, false, rating)).Rule.ShouldBe("RatingOneToFive");

    [Fact]
    public void EnsureCanRate_Twice_IsRefused() =>
        Should.Throw<DomainRuleException>(() => Satisfaction.EnsureCanRate(TicketState.Closed, true, false, alreadyRated: true, 4)).Rule.ShouldBe("TicketRatedOnce");

    [Fact]
    public void Share_FourAndFiveCountAsSatisfied()
    {
        Satisfaction.Share([5, 4, 3, 1]).ShouldBe(0.5m);
        Satisfaction.Share([5, 5, 5, 5, 5, 5, 5, 5, 5, 2]).ShouldBe(0.9m);
        Satisfaction.Share([]).ShouldBeNull();
    }
}

public sealed class PhotoCheckTests
{
    [Fact]
    public void ContentType_JpegPngWebpMagic_IsRecognisedByContent()
    {
        PhotoCheck.ContentType([0xFF, 0xD8, 0xFF, 0xE0, 0, 0]).ShouldBe("image/jpeg");
        PhotoCheck.ContentType([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]).ShouldBe("image/png");
        PhotoCheck.ContentType([.. "RIFF"u8, 1, 2, 3, 4, .. "WEBP"u8, .. "VP8 "u8]).ShouldBe("image/webp");
    }

    [Fact]
    public void ContentType_OtherBytes_IsRefusedWhateverTheName()
    {
        Should.Throw<DomainRuleException>(() => PhotoCheck.ContentType("%PDF-1.7 fake.jpg"u8)).Rule.ShouldBe("PhotoMustBeJpegPngOrWebp");
        Should.Throw<DomainRuleException>(() => PhotoCheck.ContentType([.. "RIFF"u8, 1, 2, 3, 4, .. "WAVE"u8])).Rule.ShouldBe("PhotoMustBeJpegPngOrWebp");
        Should.Throw<DomainRuleException>(() => PhotoCheck.ContentType([])).Rule.ShouldBe("PhotoMustNotBeEmpty");
    }

    [Fact]
    public void ContentType_OverTheCap_IsRefusedEvenIfAJpeg()
    {
        var big = new byte[PhotoCheck.MaxBytes + 1];
        big[0] = 0xFF; big[1] = 0xD8; big[2] = 0xFF;
        Should.Throw<DomainRuleException>(() => PhotoCheck.ContentType(big)).Rule.ShouldBe("PhotoTooLarge");
        Should.NotThrow(() => PhotoCheck.ContentType(big.AsSpan(0, PhotoCheck.MaxBytes)));
    }
}
