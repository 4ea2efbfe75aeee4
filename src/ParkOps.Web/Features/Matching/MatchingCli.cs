using System.CommandLine;

namespace ParkOps.Web.Features.Matching;

/// <summary>CLI: matching evaluation (filled in by the matching work).</summary>
public static class MatchingCli
{
    public static IEnumerable<Command> Commands() { yield break; }
}
