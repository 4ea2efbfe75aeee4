namespace ParkOps.Web.Features.ServiceDesk.Contracts;

/// <summary>
/// One month of the service desk in Asia/Shanghai: volume, response times, SLA met shares, satisfaction; the tickets
/// opened that month by category (keys "repair", "enquiry", "complaint", "service", every key present).
/// </summary>
public sealed record DeskMonth(string Month, int Created, int Responded, double? AverageResponseMinutes, double? MedianResponseMinutes,
    decimal? ResponseMetShare, int Resolved, decimal? ResolutionMetShare, int Rated, decimal? SatisfiedShare, double? AverageRating,
    IReadOnlyDictionary<string, int> CreatedByCategory);

/// <summary>A park's desk over its last months, oldest first, with the requests open now and those past their deadline, and the satisfaction target.</summary>
public sealed record DeskReport(long ParkId, IReadOnlyList<DeskMonth> Months, int OpenNow, int BreachedOpenNow, decimal SatisfactionTarget);

/// <summary>
/// ServiceDesk's contract for the desk's monthly report (owner: ServiceDesk; callers: the home page, the API, the report
/// page). It checks who asks: the park's operators, the platform admin and the park's government viewers read it
/// (aggregates only); anyone else is refused, a park out of sight is not found.
/// </summary>
public interface IDeskReports
{
    /// <summary>The last <paramref name="months"/> months (1–36, default 12), this one included.</summary>
    Task<DeskReport> ReportAsync(long parkId, int? months, CancellationToken ct);
}
