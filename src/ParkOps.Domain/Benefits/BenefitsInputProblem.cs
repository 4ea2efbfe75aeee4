using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Benefits;

/// <summary>An input figure the benefit rules cannot use: <see cref="Index"/> is the enterprise's position in the input.</summary>
public sealed record BenefitsInputProblem(int Index, string Field, string Rule);

internal static class BenefitsInput
{
    public const string EnterpriseField = "enterprise";

    /// <summary>
    /// Every enterprise needs an identifier, once (the rebate's last 分 go by identifier on a tie, so a repeated one would
    /// make the outcome depend on row order); then <paramref name="figures"/> adds the problems of its figures.
    /// </summary>
    public static List<BenefitsInputProblem> Check<T>(IReadOnlyList<T> inputs, Func<T, string?> enterprise, Action<int, T, List<BenefitsInputProblem>> figures)
    {
        var problems = new List<BenefitsInputProblem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < inputs.Count; i++)
        {
            var id = enterprise(inputs[i]);
            if (string.IsNullOrWhiteSpace(id)) problems.Add(new(i, EnterpriseField, "BenefitsEnterpriseRequired"));
            else if (!seen.Add(id)) problems.Add(new(i, EnterpriseField, "BenefitsEnterpriseRepeated"));
            figures(i, inputs[i], problems);
        }
        return problems;
    }

    /// <summary>
    /// Like the other pure engines: a caller lists every problem with Check; computing on unusable settings or bad input
    /// refuses, with the settings' rule or the first input problem.
    /// </summary>
    public static void Refuse(BenefitsSettings settings, List<BenefitsInputProblem> problems)
    {
        settings.Check();
        if (problems.Count == 0) return;
        var p = problems[0];
        throw new DomainRuleException(p.Rule, p.Field, $"enterprise {p.Index}: {p.Field} cannot be used ({p.Rule})") { Arguments = [p.Index, p.Field] };
    }
}
