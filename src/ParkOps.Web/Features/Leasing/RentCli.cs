using System.CommandLine;

namespace ParkOps.Web.Features.Leasing;

/// <summary>CLI: the rent calculator (filled in by the pricing work).</summary>
public static class RentCli
{
    public static IEnumerable<Command> Commands() { yield break; }
}
