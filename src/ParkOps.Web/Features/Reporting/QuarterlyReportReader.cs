using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Monitoring;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Reporting.Contracts;

namespace ParkOps.Web.Features.Reporting;

/// <summary>The read side of <see cref="IQuarterlyReports"/>: the caller's scope applies through the query filters.</summary>
public sealed class QuarterlyReportReader(ParkOpsDb db) : IQuarterlyReports
{
    public Task<IReadOnlyList<FiledReport>> ParkReportsAsync(long parkId, Quarter from, Quarter to, CancellationToken ct, CustomersRead customers = CustomersRead.All) =>
        ReadAsync(db.Set<QuarterlyReport>().Where(r => r.ParkId == parkId), from, to, customers, ct);

    public Task<IReadOnlyList<FiledReport>> EnterpriseReportsAsync(long enterpriseId, Quarter from, Quarter to, CancellationToken ct) =>
        ReadAsync(db.Set<QuarterlyReport>().Where(r => r.EnterpriseId == enterpriseId), from, to, CustomersRead.All, ct);

    /// <summary>
    /// One grouped query: the database adds the quarters up, so 100,000 firms cost 100,000 rows instead of 400,000
    /// reports and their 640,000 customers (the 亩均 run read both and summed in .NET: bench/results/mujun.md). The
    /// quarter bits come as a sum of distinct powers of two: (enterprise, year, quarter) is unique. The sums are taken
    /// in double precision and rounded back to the stored 4 decimals: SQLite keeps decimals as text, and summing them
    /// exactly goes through EF Core's managed ef_sum once per value (7.6 s for 400,000 reports against 0.8 s on
    /// PostgreSQL); four values of at most 4 decimals each with a sum under 10¹⁰ come back exact after the rounding
    /// (the double's error stays below 10⁻⁵, a tenth of the last decimal).
    /// </summary>
    public async Task<IReadOnlyList<YearTotals>> ParkYearTotalsAsync(long parkId, int year, CancellationToken ct)
    {
        var rows = await db.Set<QuarterlyReport>().AsNoTracking()
            .Where(r => r.ParkId == parkId && r.Year == year && r.State == ReportState.Submitted)
            .GroupBy(r => r.EnterpriseId)
            .Select(g => new
            {
                EnterpriseId = g.Key,
                Quarters = g.Sum(r => r.QuarterNumber == 1 ? 1 : r.QuarterNumber == 2 ? 2 : r.QuarterNumber == 3 ? 4 : 8),
                Count = g.Count(),
                Output = g.Sum(r => (double)r.Output), MainRevenue = g.Sum(r => (double)r.MainRevenue), Tax = g.Sum(r => (double)r.Tax),
                ValueAdded = g.Sum(r => (double)r.ValueAdded), RdSpend = g.Sum(r => (double)r.RdSpend), EnergyTce = g.Sum(r => (double)r.EnergyTce),
                ElectricityKwh = g.Sum(r => (double)r.ElectricityKwh),
                WithEmissions = g.Count(r => r.EmissionsT != null), EmissionsT = g.Sum(r => (double?)r.EmissionsT),
                Headcount = g.Sum(r => (double)r.AvgHeadcount),
            })
            .ToListAsync(ct);
        return rows.Select(r => new YearTotals(r.EnterpriseId, r.Quarters, D(r.Output), D(r.MainRevenue), D(r.Tax), D(r.ValueAdded), D(r.RdSpend),
            D(r.EnergyTce), D(r.ElectricityKwh), r.WithEmissions == r.Count ? D(r.EmissionsT ?? 0) : null, D(r.Headcount) / r.Count)).ToList();
    }

    private sealed record CustomerRow(long ReportId, int Position, long? CustomerEnterpriseId, string Name, decimal SharePercent);

    /// <summary>The customers of the given reports, one array (PostgreSQL) or JSON (SQLite) parameter per slice.</summary>
    private async Task<List<CustomerRow>> CustomersOfAsync(List<long> reportIds, CancellationToken ct)
    {
        var list = new List<CustomerRow>();
        foreach (var slice in reportIds.Chunk(50_000))
        {
            var ids = slice;
            list.AddRange(await db.Set<ReportCustomer>().AsNoTracking().Where(c => EF.Parameter(ids).Contains(c.ReportId))
                .Select(c => new CustomerRow(c.ReportId, c.Position, c.CustomerEnterpriseId, c.Name, c.SharePercent)).ToListAsync(ct));
        }
        return list;
    }

    private static decimal D(double sum) => Math.Round((decimal)sum, 4);

    /// <summary>
    /// Two flat queries, the reports' contract columns and their customers, joined in memory. Not the entity with an
    /// Include: EF Core 10 rebuilds the materializer of a query that includes a collection on every execution
    /// (dotnet/efcore#35210), and the entity carries columns no reader of the contract uses (difficulties, who edited it
    /// when). With the Include, the risk rerun of 1,000 parks of 100 enterprises took 62 s on SQLite, over 40 of them
    /// in this read; flat, 27 s (bench/results/risk.md).
    /// </summary>
    private async Task<IReadOnlyList<FiledReport>> ReadAsync(IQueryable<QuarterlyReport> reports, Quarter from, Quarter to, CustomersRead read, CancellationToken ct)
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
        var customers = read switch
        {
            CustomersRead.All => await db.Set<ReportCustomer>().AsNoTracking()
                .Join(inSpan, c => c.ReportId, r => r.Id, (c, r) => new CustomerRow(c.ReportId, c.Position, c.CustomerEnterpriseId, c.Name, c.SharePercent))
                .ToListAsync(ct),
            CustomersRead.LatestSubmitted => await CustomersOfAsync(rows.Where(r => r.State == ReportState.Submitted)
                .GroupBy(r => r.EnterpriseId).Select(g => g.MaxBy(r => r.Year * 4 + r.QuarterNumber)!.Id).ToList(), ct),
            _ => [],
        };
        var byReport = customers.OrderBy(c => c.Position).ToLookup(c => c.ReportId, c => new CustomerShare(c.CustomerEnterpriseId, c.Name, c.SharePercent));
        return rows.Select(r => new FiledReport(r.Id, r.ParkId,
            new QuarterReportFacts(r.EnterpriseId, new Quarter(r.Year, r.QuarterNumber),
                new QuarterFigures(r.Output, r.MainRevenue, r.Tax, r.ValueAdded, r.RdSpend, r.EnergyTce, r.ElectricityKwh, r.WaterT, r.EmissionsT, r.AvgHeadcount,
                    r.NetProfit, r.TotalAssets, r.TotalLiabilities, r.PatentsHeld, r.PatentsGranted) { OpenPosts = r.OpenPosts },
                byReport[r.Id].ToList()),
            r.State == ReportState.Submitted, r.SubmittedAt, r.ElectricityFromMeters, r.WaterFromMeters)).ToList();
    }
}
