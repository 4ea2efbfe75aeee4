using ParkOps.Domain.ServiceDesk;

namespace ParkOps.Domain.Tests.ServiceDesk;

/// <summary>The one table of ticket actions: every action's states, who may try it and its comment limits, written out.</summary>
public sealed class TicketActionsTests
{
    private const TicketState N = TicketState.New, A = TicketState.Acknowledged, P = TicketState.InProgress, R = TicketState.Resolved, C = TicketState.Closed, O = TicketState.Reopened;

    public static TheoryData<string, TicketState[]> FromStates => new()
    {
        { "acknowledge", [N, O] },
        { "start", [N, A, O] },
        { "resolve", [A, P, O] },
        { "close", [R] },
        { "reopen", [R, C] },
        { "comment", [N, A, P, R, O] },
        { "assign", [N, A, P, O] },
        { "escalate", [N, A, P, O] },
        { "convert", [N, A, P, O] },
        { "rate", [C] },
    };

    [Theory]
    [MemberData(nameof(FromStates))]
    public void AllowedFrom_EachAction_TakesExactlyItsStates(string name, TicketState[] allowed)
    {
        var rule = TicketActions.Named(name).ShouldNotBeNull();
        foreach (var s in Enum.GetValues<TicketState>())
            rule.AllowedFrom(s).ShouldBe(allowed.Contains(s), $"{name} from {s}");
    }

    [Theory]
    [InlineData("acknowledge", TicketState.Acknowledged)]
    [InlineData("start", TicketState.InProgress)]
    [InlineData("resolve", TicketState.Resolved)]
    [InlineData("close", TicketState.Closed)]
    [InlineData("reopen", TicketState.Reopened)]
    public void To_TransitionAction_NamesItsTargetState(string name, TicketState to) =>
        TicketActions.Named(name)!.To.ShouldBe(to);

    [Theory]
    [InlineData("comment")]
    [InlineData("assign")]
    [InlineData("escalate")]
    [InlineData("convert")]
    [InlineData("rate")]
    public void To_ActionThatKeepsTheState_IsNull(string name) => TicketActions.Named(name)!.To.ShouldBeNull();

    [Theory]
    [InlineData("acknowledge", TicketParty.Operator, true)]
    [InlineData("acknowledge", TicketParty.Assignee, true)]
    [InlineData("acknowledge", TicketParty.RequesterSide, false)]
    [InlineData("start", TicketParty.Assignee, true)]
    [InlineData("start", TicketParty.RequesterSide, false)]
    [InlineData("resolve", TicketParty.Assignee, true)]
    [InlineData("resolve", TicketParty.RequesterSide, false)]
    [InlineData("close", TicketParty.RequesterSide, true)]
    [InlineData("close", TicketParty.Assignee, false)]
    [InlineData("reopen", TicketParty.RequesterSide, true)]
    [InlineData("reopen", TicketParty.Assignee, false)]
    [InlineData("comment", TicketParty.Assignee, true)]
    [InlineData("comment", TicketParty.RequesterSide, true)]
    [InlineData("comment", TicketParty.None, false)]
    [InlineData("assign", TicketParty.Operator, true)]
    [InlineData("assign", TicketParty.Assignee, false)]
    [InlineData("escalate", TicketParty.RequesterSide, false)]
    [InlineData("convert", TicketParty.Assignee, false)]
    [InlineData("rate", TicketParty.None, true)]
    [InlineData("rate", TicketParty.RequesterSide, true)]
    public void Permits_Party_AsTheTableSays(string name, TicketParty party, bool permitted) =>
        TicketActions.Named(name)!.Permits(party).ShouldBe(permitted);

    [Fact]
    public void Permits_OperatorWhoIsAlsoRequesterSide_MayClose() =>
        TicketActions.Named("close")!.Permits(TicketParty.Operator | TicketParty.RequesterSide).ShouldBeTrue();

    [Theory]
    [InlineData("comment", 4000)]
    [InlineData("acknowledge", 4000)]
    [InlineData("resolve", 3800)]
    [InlineData("assign", 3800)]
    [InlineData("escalate", 3800)]
    [InlineData("rate", 1000)]
    public void MaxComment_Action_LeavesRoomForWhatItWritesBesideTheComment(string name, int max) =>
        TicketActions.Named(name)!.MaxComment.ShouldBe(max);

    [Fact]
    public void Named_IgnoresCase_AndRefusesUnknownNames()
    {
        TicketActions.Named("ReSoLvE")!.Action.ShouldBe(TicketAction.Resolve);
        TicketActions.Named("delete").ShouldBeNull();
    }

    [Fact]
    public void All_EveryAction_HasOneRowInTheConsolesOrder() =>
        TicketActions.All.Select(r => r.Name).ShouldBe(["acknowledge", "start", "resolve", "close", "reopen", "comment", "assign", "escalate", "convert", "rate"]);
}
