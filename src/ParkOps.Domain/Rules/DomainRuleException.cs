namespace ParkOps.Domain.Rules;

/// <summary>
/// A business rule refused a change. <see cref="Rule"/> is the rule's stable name (shown to the user and used
/// as the localisation key), <see cref="Field"/> the offending input where there is one.
/// </summary>
public sealed class DomainRuleException(string rule, string? field, string message, RuleKind kind = RuleKind.Invalid)
    : Exception(message)
{
    public string Rule { get; } = rule;
    public string? Field { get; } = field;
    public RuleKind Kind { get; } = kind;
    /// <summary>Values to format into the localised message ({0}, {1} …).</summary>
    public IReadOnlyList<object> Arguments { get; init; } = [];
}

/// <summary>Invalid: the input breaks a rule (422). Conflict: the current state forbids it (409).</summary>
public enum RuleKind { Invalid, Conflict }
