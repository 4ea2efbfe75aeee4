using System.CommandLine;

namespace ParkOps.Web.Features.Imports;

/// <summary>CLI: import and export (filled in by the import/export work).</summary>
public static class ImportCli
{
    public static IEnumerable<Command> Commands() { yield break; }
}
