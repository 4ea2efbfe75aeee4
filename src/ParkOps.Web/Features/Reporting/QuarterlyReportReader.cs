using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Monitoring;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Reporting.Contracts;

namespace ParkOps.Web.Features.Reporting;

/// <summary>The read side of <see cref="IQuarterlyReports"/>: the caller's scope applies through the query filters.</summary>
public sealed class QuarterlyReportReader(ParkOpsDb db) : IQuarterlyReports
{
    public Task<IReadOnlyList<FiledReport>> ParkReportsAsync(long parkId, Quarter from, Quarter to, CancellationToken ct) =>
        ReadAsync(db.Set<QuarterlyReport>().Where(r => r.ParkId == parkId), from, to, ct);

    public Task<IReadOnlyList<FiledReport>> EnterpriseReportsAsync(long enterpriseId, Quarter from, Quarter to, CancellationToken ct) =>
        ReadAsync(db.Set<QuarterlyReport>().Where(r => r.EnterpriseId == enterpriseId), from, to, ct);

    private static async Task<IReadOnlyList<FiledReport>> ReadAsync(IQueryable<QuarterlyReport> reports, Quarter from, Quarter to, CancellationToken ct)
    {
        // year*4+quarter spans year boundaries in one comparison the index on (ParkId, Year, QuarterNumber) still serves
        int lo = from.Index, hi = to.Index;
        var rows = await reports.AsNoTracking()
            .Where(r => r.Year * 4 + r.QuarterNumber - 1 >= lo && r.Year * 4 + r.QuarterNumber - 1 <= hi)
            .Include(r => r.Customers)
            .AsSplitQuery()
            .OrderBy(r => r.Year).ThenBy(r => r.QuarterNumber).ThenBy(r => r.EnterpriseId)
            .ToListAsync(ct);
        return rows.Select(ToFiled).ToList();
    }

    internal static FiledReport ToFiled(QuarterlyReport r) => new(r.Id, r.ParkId,
        new QuarterReportFacts(r.EnterpriseId, r.Quarter, r.Figures,
            r.Customers.OrderBy(c => c.Position).Select(c => new CustomerShare(c.CustomerEnterpriseId, c.Name, c.SharePercent)).ToList()),
        r.State == ReportState.Submitted, r.SubmittedAt, r.ElectricityFromMeters, r.WaterFromMeters);
}


