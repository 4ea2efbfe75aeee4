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

    /// <summary>
    /// Two flat queries, the reports' contract columns and their customers, joined in memory. Not the entity with an
    /// Include: EF Core 10 rebuilds the materializer of a query that includes a collection on every execution
    /// (dotnet/efcore#35210), and the entity carries columns no reader of the contract uses (difficulties, who edited it
    /// when). With the Include, the risk rerun of 1,000 parks of 100 enterprises took 62 s on SQLite, over 40 of them
    /// in this read; flat, 27 s (bench/results/risk.md).
    /// </summary>
    private async Task<IReadOnlyList<FiledReport>> ReadAsync(IQueryable<QuarterlyReport> reports, Quarter from, Quarter to, CancellationToken ct)
    {
        // year*4+quarter spans year boundaries in one comparison the index on (ParkId, Year, QuarterNumber) still serves
        int lo = from.Index, hi = to.Index;
        var inSpan = reports.AsNoTracking().Where(r => r.Year * 4 + r.QuarterNumber - 1 >= lo && r.Year * 4 + r.QuarterNumber - 1 <= hi);
        var rows = await inSpan
            .OrderBy(r => r.Year).ThenBy(r => r.QuarterNumber).ThenBy(r => r.EnterpriseId)
            .Select(r => new
            {
                r.Id, r.ParkId, r.EnterpriseId, r.Year, r.QuarterNumber, r.State, r.SubmittedAt, r.ElectricityFromMeters, r.WaterFromMeters,
                r.Output, r.MainRevenue, r.Tax, r.ValueAdded, r.RdSpend, r.EnergyTce, r.ElectricityKwh, r.WaterT, r.EmissionsT, r.AvgHeadcount,
                r.NetProfit, r.TotalAssets, r.TotalLiabilities, r.PatentsHeld, r.PatentsGranted, r.OpenPosts,
            })
            .ToListAsync(ct);
        if (rows.Count == 0) return [];
        // the customers of the same reports (the customers' own scope filter applies, as it did to the Include)
        var customers = (await db.Set<ReportCustomer>().AsNoTracking()
                .Join(inSpan, c => c.ReportId, r => r.Id, (c, r) => new { c.ReportId, c.Position, c.CustomerEnterpriseId, c.Name, c.SharePercent })
                .ToListAsync(ct))
            .OrderBy(c => c.Position)
            .ToLookup(c => c.ReportId, c => new CustomerShare(c.CustomerEnterpriseId, c.Name, c.SharePercent));
        return rows.Select(r => new FiledReport(r.Id, r.ParkId,
            new QuarterReportFacts(r.EnterpriseId, new Quarter(r.Year, r.QuarterNumber),
                new QuarterFigures(r.Output, r.MainRevenue, r.Tax, r.ValueAdded, r.RdSpend, r.EnergyTce, r.ElectricityKwh, r.WaterT, r.EmissionsT, r.AvgHeadcount,
                    r.NetProfit, r.TotalAssets, r.TotalLiabilities, r.PatentsHeld, r.PatentsGranted) { OpenPosts = r.OpenPosts },
                customers[r.Id].ToList()),
            r.State == ReportState.Submitted, r.SubmittedAt, r.ElectricityFromMeters, r.WaterFromMeters)).ToList();
    }
}
