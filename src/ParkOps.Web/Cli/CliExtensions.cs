using System.CommandLine;

namespace ParkOps.Web.Cli;

/// <summary>Commands contributed by areas; each area owns its own list.</summary>
public static class CliExtensions
{
    /// <summary>Every area's verbs, in the host's module order.</summary>
    public static IEnumerable<Command> Commands() => ParkOpsHost.Modules.SelectMany(m => m.Commands());
}
