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
/// <summary>
/// One enterprise's submitted reports of a year added up in the database (owner: Reporting; caller: Evaluation's 亩均
/// run, which needs the year's totals of 100,000 firms, not their 400,000 reports). <see cref="Quarters"/> has bit
/// n−1 set for each quarter n filed; <see cref="EmissionsT"/> is the sum only when every filed quarter states it;
/// <see cref="AvgHeadcount"/> is the mean over the filed quarters.
/// </summary>
public sealed record YearTotals(long EnterpriseId, int Quarters, decimal Output, decimal MainRevenue, decimal Tax, decimal ValueAdded,
    decimal RdSpend, decimal EnergyTce, decimal ElectricityKwh, decimal? EmissionsT, decimal AvgHeadcount)
{
    public int QuarterCount => System.Numerics.BitOperations.PopCount((uint)Quarters);
    public bool Filed(int quarter) => (Quarters & (1 << (quarter - 1))) != 0;
}

/// <summary>Which reports come with their customer lists: a park of 100,000 firms files 1.3 million customer rows in two years.</summary>
public enum CustomersRead
{
    /// <summary>Every report's customers.</summary>
    All,
    /// <summary>Only each enterprise's latest submitted report in the span (who it sells to now: the risk rules' ripple and concentration).</summary>
    LatestSubmitted,
    /// <summary>No customers.</summary>
    None,
}

/// <summary>
/// Which figures of each report are read. SQLite keeps decimals as text, and turning a figure no caller looks at into a
/// decimal was a third of the risk run's read of 794,628 reports (bench/results/risk.md).
/// </summary>
public enum FiguresRead
{
    /// <summary>Every figure.</summary>
    All,
    /// <summary>
    /// Only what Risk's rules judge (<c>RiskRules</c>): output, main revenue, electricity, average headcount, net profit,
    /// total assets and liabilities, patents held, open posts. The others come as 0 (emissions as null): never pass
    /// these figures to anything else.
    /// </summary>
    Risk,
}

/// <summary>A park's submitted reports of one quarter added up (no firm named): how many firms filed, their tax and output in 万元.</summary>
public sealed record ParkQuarterSums(Quarter Quarter, int Filers, decimal Tax, decimal Output);

/// <summary>
/// A park's quarterly submission to the county in brief (no firm named): its state (draft | submitted | returned |
/// approved), when it was submitted, the compiled counts and totals (万元; energy in tce, electricity in kWh), and
/// <see cref="Headcount"/>, the sum of the average headcount on the quarter's submitted enterprise reports.
/// </summary>
public sealed record ParkQuarterFiling(long ParkId, Quarter Quarter, string State, DateTime? SubmittedAt, int EnterprisesExpected, int EnterprisesFiled,
    decimal Output, decimal MainRevenue, decimal Tax, decimal ValueAdded, decimal EnergyTce, decimal ElectricityKwh, decimal Headcount)
{
    /// <summary>Sent to the county: submitted or approved (a draft or a returned submission is not).</summary>
    public bool Filed => State is "submitted" or "approved";
}

public interface IQuarterlyReports
{
    /// <summary>
    /// The submissions of these parks in the quarters <paramref name="from"/>..<paramref name="to"/>, set-wise (one
    /// query for the submissions and one grouped query for the headcounts, whatever the number of parks), read past the
    /// caller's scope (callers: Dashboard's province export and Grading's missed reports, which check who may see them);
    /// a park and quarter without a submission is left out.
    /// </summary>
    Task<IReadOnlyList<ParkQuarterFiling>> ParkFilingsAsync(IReadOnlyCollection<long> parkIds, Quarter from, Quarter to, CancellationToken ct);

    /// <summary>
    /// The park's submitted reports of each quarter <paramref name="from"/>..<paramref name="to"/> added up, read past the
    /// caller's scope (caller: Dashboard, which decides who may read park totals); quarters nobody filed are left out.
    /// </summary>
    Task<IReadOnlyList<ParkQuarterSums>> ParkQuarterSumsAsync(long parkId, Quarter from, Quarter to, CancellationToken ct);

    /// <summary>
    /// <see cref="ParkQuarterSumsAsync(long, Quarter, Quarter, CancellationToken)"/> for each of these parks, in one grouped
    /// query whatever the number of parks (caller: Dashboard's region view); a park nobody filed for has an empty list.
    /// </summary>
    Task<IReadOnlyDictionary<long, IReadOnlyList<ParkQuarterSums>>> ParkQuarterSumsAsync(IReadOnlyCollection<long> parkIds, Quarter from, Quarter to, CancellationToken ct);

    /// <summary>The park's submitted reports of <paramref name="year"/>, summed per enterprise (customers not read).</summary>
    Task<IReadOnlyList<YearTotals>> ParkYearTotalsAsync(long parkId, int year, CancellationToken ct);

    /// <summary>
    /// Every report of the park's enterprises in the quarters <paramref name="from"/>..<paramref name="to"/> (drafts
    /// included; see <see cref="FiledReport.Submitted"/>), oldest first, with the customers <paramref name="customers"/>
    /// asks for (the others' lists come empty) and the figures <paramref name="figures"/> asks for.
    /// </summary>
    Task<IReadOnlyList<FiledReport>> ParkReportsAsync(long parkId, Quarter from, Quarter to, CancellationToken ct, CustomersRead customers = CustomersRead.All,
        FiguresRead figures = FiguresRead.All);

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
