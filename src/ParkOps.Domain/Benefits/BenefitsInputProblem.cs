using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Benefits;

/// <summary>An input figure the benefit rules cannot use: <see cref="Index"/> is the enterprise's position in the input.</summary>
public sealed record BenefitsInputProblem(int Index, string Field, string Rule);

internal static class BenefitsInput
{
    public const string EnterpriseField = "enterprise";

    /// <summary>
    /// Every enterprise needs an identifier, once: the rebate's last 分 go by identifier on a tie, so a repeated one
    /// would make the outcome depend on row order.
    /// </summary>
    public static void CheckIdentifier(int index, string? enterprise, HashSet<string> seen, List<BenefitsInputProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(enterprise)) problems.Add(new(index, EnterpriseField, "BenefitsEnterpriseRequired"));
        else if (!seen.Add(enterprise)) problems.Add(new(index, EnterpriseField, "BenefitsEnterpriseRepeated"));
    }

    /// <summary>Like the other pure engines: the caller lists every problem via Check; computing on bad input refuses with the first.</summary>
    public static void ThrowFirst(List<BenefitsInputProblem> problems)
    {
        if (problems.Count == 0) return;
        var p = problems[0];
        throw new DomainRuleException(p.Rule, p.Field, $"enterprise {p.Index}: {p.Field} cannot be used ({p.Rule})") { Arguments = [p.Index, p.Field] };
    }
}
