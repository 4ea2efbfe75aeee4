using ParkOps.Web.Data;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Browser.Tests.Infrastructure;

/// <summary>
/// Checks of a page's markup and scripts alone (axe-core's accessibility rules, the content security policy): what they
/// read is the HTML, CSS and JavaScript the server sends, which is the same whichever engine stores the data, so they run
/// on the SQLite run only and are reported as skipped, with this reason, on the PostgreSQL run (never silently passed).
/// The PostgreSQL run still opens every page of every role (ChineseAllTheWayTests) and runs every workflow.
/// </summary>
public static class Markup
{
    public const string OnPostgres = "Markup check (axe-core, content security policy): the page's markup does not depend on the storage engine; run on the SQLite run";

    public static string? SkipOnPostgres => ParkOpsFactory.Provider == DatabaseProvider.Postgres ? OnPostgres : null;

    /// <summary>Whether this run checks markup (the SQLite run).</summary>
    public static bool Checked => SkipOnPostgres is null;
}

public sealed class MarkupFactAttribute : FactAttribute
{
    public MarkupFactAttribute() { if (Markup.SkipOnPostgres is { } why) Skip = why; }
}

public sealed class MarkupTheoryAttribute : TheoryAttribute
{
    public MarkupTheoryAttribute() { if (Markup.SkipOnPostgres is { } why) Skip = why; }
}
