using ParkOps.Domain.Monitoring;

namespace ParkOps.Web.Features.Reporting.Contracts;

/// <summary>A stored quarterly report as other areas read it: the facts the rules need and whether it was filed, and when.</summary>
public sealed record FiledReport(long ReportId, long ParkId, QuarterReportFacts Facts, bool Submitted, DateTime? SubmittedAt,
    bool ElectricityFromMeters, bool WaterFromMeters);

/// <summary>
/// Reporting's contract (owner: Reporting; callers: Evaluation's 亩均 run, Risk's rules, the reserve fund's
/// contributions, dashboards). Reads within the caller's scope: the park's operators and background jobs see the
/// park's reports, an enterprise user its own, a government viewer none.
/// </summary>
public interface IQuarterlyReports
{
    /// <summary>Every report of the park's enterprises in the quarters <paramref name="from"/>..<paramref name="to"/> (drafts included; see <see cref="FiledReport.Submitted"/>), oldest first.</summary>
    Task<IReadOnlyList<FiledReport>> ParkReportsAsync(long parkId, Quarter from, Quarter to, CancellationToken ct);

    /// <summary>One enterprise's reports in the quarters <paramref name="from"/>..<paramref name="to"/>, oldest first.</summary>
    Task<IReadOnlyList<FiledReport>> EnterpriseReportsAsync(long enterpriseId, Quarter from, Quarter to, CancellationToken ct);
}

/// <summary>
/// Told when reports were filed or changed (owner: Reporting, which calls every registered listener after the save;
/// listeners: Risk's rules, which run on new data). A listener's failure is logged by the caller and never undoes
/// the filing: the nightly run catches up.
/// </summary>
public interface IReportFiledListener
{
    Task ReportsFiledAsync(long parkId, IReadOnlyCollection<long> enterpriseIds, Quarter quarter, CancellationToken ct);
}
