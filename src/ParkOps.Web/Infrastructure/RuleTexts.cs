using Microsoft.Extensions.Localization;
using ParkOps.Domain.Rules;

namespace ParkOps.Web.Infrastructure;

/// <summary>
/// A refused rule in the user's language (<c>Rule.&lt;name&gt;</c> with the rule's arguments), or the rule's own
/// message when no text exists: the one lookup for ProblemDetails-free reports (bill-run outcomes, forms, jobs).
/// </summary>
public static class RuleTexts
{
    public static string Of(IStringLocalizer t, DomainRuleException d) =>
        t["Rule." + d.Rule, [.. d.Arguments]] is { ResourceNotFound: false } s ? s.Value : d.Message;
}
