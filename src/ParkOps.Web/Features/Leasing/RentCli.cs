using System.CommandLine;
using System.Text.Json;
using ParkOps.Domain.Pricing;
using ParkOps.Domain.Rules;
using ParkOps.Web.Cli;

namespace ParkOps.Web.Features.Leasing;

/// <summary>
/// CLI: the rent calculator for what-if work, without a database. <c>quote rent --input FILE</c> prices every
/// scenario of a <see cref="RentScenarioFile"/> with <see cref="RentPricing"/> (the engine that quotes and bills)
/// and prints <c>[{id, months: [{month, baseAmount, amount, rules: [{name, parameter, effect}]}], total}]</c>.
/// A file that cannot be priced prints nothing on stdout, one line naming the scenario and field on stderr,
/// and exits with 2.
/// </summary>
public static class RentCli
{
    public static IEnumerable<Command> Commands()
    {
        var input = new Option<FileInfo>("--input", "-i") { Description = "JSON file with \"scenarios\" (policy, enterprise, units, startDate, termMonths)", Required = true };
        var rent = new Command("rent", "Rent schedule of each scenario in a file, as JSON (no database needed).") { input };
        rent.SetAction((pr, ct) => RunAsync(pr.GetValue(input)!, Console.Out, Console.Error, ct));
        yield return new Command("quote", "Quotes and what-if calculators.") { rent };
    }

    /// <summary>The command's work, with its writers passed in so it can be run from a test.</summary>
    public static async Task<int> RunAsync(FileInfo file, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        string json;
        try { json = await File.ReadAllTextAsync(file.FullName, ct); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"quote rent: input: cannot read {file.FullName}: {e.Message}");
            return 2;
        }

        var results = new List<RentResult>();
        try
        {
            foreach (var s in RentScenarioFile.Parse(json))
            {
                try { results.Add(RentResult.From(s.Id, s.Quote())); }
                catch (DomainRuleException e) { throw new RentFileException(s.Id, e.Field ?? "-", e.Message, e.Rule); }
            }
        }
        catch (RentFileException e)
        {
            await stderr.WriteLineAsync($"quote rent: scenario {e.Scenario}, field {e.Field}: {e.Message}" + (e.Rule is null ? "" : $" [{e.Rule}]"));
            return 2;
        }
        await stdout.WriteLineAsync(JsonSerializer.Serialize(results, CliApp.Json));
        return 0;
    }

    /// <summary>The printed shape; amounts are JSON numbers with at most 2 decimals (already rounded to 分).</summary>
    public sealed record RentResult(string Id, IReadOnlyList<RentResultMonth> Months, decimal Total)
    {
        public static RentResult From(string id, RentSchedule schedule) =>
            new(id, [.. schedule.Months.Select(m => new RentResultMonth(m.Label, m.BaseAmount, m.Amount, m.Rules))], schedule.Total);
    }

    public sealed record RentResultMonth(string Month, decimal BaseAmount, decimal Amount, IReadOnlyList<AppliedRule> Rules);
}
