using ParkOps.Domain.Marketplace;
using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Tests.Marketplace;

/// <summary>The post and pool lifecycles written out cell by cell: what each state allows, and the rule that refuses the rest.</summary>
public sealed class PostAndPoolLifecycleTests
{
    private static readonly Dictionary<(PostState, PostAction), PostState> PostMoves = new()
    {
        [(PostState.Draft, PostAction.Publish)] = PostState.Open,
        [(PostState.Open, PostAction.Match)] = PostState.Matched,
        [(PostState.Matched, PostAction.Reopen)] = PostState.Open,
        [(PostState.Draft, PostAction.Close)] = PostState.Closed,
        [(PostState.Open, PostAction.Close)] = PostState.Closed,
        [(PostState.Matched, PostAction.Close)] = PostState.Closed,
        [(PostState.Draft, PostAction.Expire)] = PostState.Expired,
        [(PostState.Open, PostAction.Expire)] = PostState.Expired,
    };

    [Fact]
    public void PostNext_EveryStateAndAction_MovesAsTheTableSaysOrRefuses()
    {
        foreach (var s in Enum.GetValues<PostState>())
            foreach (var a in Enum.GetValues<PostAction>())
                if (PostMoves.TryGetValue((s, a), out var to)) PostRules.Next(s, a).ShouldBe(to, $"{s} {a}");
                else
                {
                    var ex = Should.Throw<DomainRuleException>(() => PostRules.Next(s, a), $"{s} {a}");
                    ex.Rule.ShouldBe("PostTransitionMustBeAllowed");
                    ex.Field.ShouldBe("state");
                    ex.Kind.ShouldBe(RuleKind.Conflict);
                    ex.Arguments.ShouldBe([s, a]);
                }
    }

    [Theory]
    [InlineData(PostState.Closed, PostAction.Reopen)]
    [InlineData(PostState.Expired, PostAction.Publish)]
    [InlineData(PostState.Matched, PostAction.Match)]
    [InlineData(PostState.Open, PostAction.Publish)]
    [InlineData(PostState.Matched, PostAction.Expire)]
    public void PostNext_FinalOrRepeatedStep_IsRefused(PostState from, PostAction action) =>
        Should.Throw<DomainRuleException>(() => PostRules.Next(from, action)).Rule.ShouldBe("PostTransitionMustBeAllowed");

    [Theory]
    [InlineData(PoolAction.Close, PoolState.Closed)]
    [InlineData(PoolAction.Fail, PoolState.Failed)]
    [InlineData(PoolAction.Cancel, PoolState.Cancelled)]
    public void PoolNext_OpenPool_EndsAsTheActionSays(PoolAction action, PoolState to) => PoolRules.Next(PoolState.Open, action).ShouldBe(to);

    [Theory]
    [InlineData(PoolState.Closed, PoolAction.Close)]
    [InlineData(PoolState.Closed, PoolAction.Cancel)]
    [InlineData(PoolState.Failed, PoolAction.Close)]
    [InlineData(PoolState.Failed, PoolAction.Fail)]
    [InlineData(PoolState.Cancelled, PoolAction.Cancel)]
    [InlineData(PoolState.Cancelled, PoolAction.Fail)]
    public void PoolNext_EndedPool_IsRefusedAsNotOpen(PoolState from, PoolAction action)
    {
        var ex = Should.Throw<DomainRuleException>(() => PoolRules.Next(from, action));
        ex.Rule.ShouldBe("PoolMustBeOpen");
        ex.Field.ShouldBe("state");
        ex.Kind.ShouldBe(RuleKind.Conflict);
        ex.Arguments.ShouldBe([from]);
    }
}
