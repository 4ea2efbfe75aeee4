using System.CommandLine;

namespace ParkOps.Web.Cli;

/// <summary>Commands contributed by areas; each area owns its own list.</summary>
public static class CliExtensions
{
    public static IEnumerable<Command> Commands() =>
        Features.Imports.ImportCli.Commands()
            .Concat(Features.Leasing.RentCli.Commands())
            .Concat(Features.Matching.MatchingCli.Commands())
            .Concat(Features.Billing.BillingCli.Commands())
            .Concat(Features.Evaluation.EvaluationCli.Commands());
}
