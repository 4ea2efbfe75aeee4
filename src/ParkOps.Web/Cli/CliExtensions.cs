using System.CommandLine;

namespace ParkOps.Web.Cli;

/// <summary>Commands contributed by areas (import/export, rent quotes, matching evaluation).</summary>
public static class CliExtensions
{
    public static IEnumerable<Command> Commands()
    {
        yield break;
    }
}
