using ParkOps.Domain.Risk;
using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Tests.Risk;

public sealed class AlertLifecycleTests
{
    private static readonly Dictionary<(AlertState, AlertAction), AlertState> Moves = new()
    {
        [(AlertState.Open, AlertAction.Acknowledge)] = AlertState.Acknowledged,
        [(AlertState.Open, AlertAction.Resolve)] = AlertState.Resolved,
        [(AlertState.Acknowledged, AlertAction.Resolve)] = AlertState.Resolved,
        [(AlertState.Open, AlertAction.Dismiss)] = AlertState.Dismissed,
        [(AlertState.Acknowledged, AlertAction.Dismiss)] = AlertState.Dismissed,
    };

    [Fact]
    public void Next_EveryStateAndAction_MovesAsTheTableSaysOrRefuses()
    {
        foreach (var s in Enum.GetValues<AlertState>())
            foreach (var a in Enum.GetValues<AlertAction>())
                if (Moves.TryGetValue((s, a), out var to)) AlertLifecycle.Next(s, a, "理由").ShouldBe(to, $"{s} {a}");
                else
                {
                    var ex = Should.Throw<DomainRuleException>(() => AlertLifecycle.Next(s, a, "理由"), $"{s} {a}");
                    ex.Rule.ShouldBe("AlertTransitionMustBeAllowed");
                    ex.Kind.ShouldBe(RuleKind.Conflict);
                }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void Next_DismissWithoutReason_Refused(string? reason)
    {
        var ex = Should.Throw<DomainRuleException>(() => AlertLifecycle.Next(AlertState.Open, AlertAction.Dismiss, reason));
        (ex.Rule, ex.Field, ex.Kind).ShouldBe(("AlertDismissalNeedsReason", "reason", RuleKind.Invalid));
    }

    [Theory]
    [InlineData("zombie", AlertType.Zombie)]
    [InlineData("order-drop", AlertType.OrderDrop)]
    [InlineData("park-dependence", AlertType.ParkDependence)]
    [InlineData("missing-report", AlertType.MissingReport)]
    public void Codes_RoundTrip(string code, AlertType type)
    {
        AlertTypes.TryParse(code, out var t).ShouldBeTrue();
        t.ShouldBe(type);
        AlertTypes.Code(type).ShouldBe(code);
    }

    [Fact]
    public void Settings_ShareAboveOne_Refused() =>
        Should.Throw<DomainRuleException>(() => (RiskSettings.Default with { OrderDropShare = 1.5m }).Check()).Field.ShouldBe("orderDropShare");
}
