using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Monitoring;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Reporting.Contracts;

namespace ParkOps.Web.Features.Reporting;

/// <summary>The read side of <see cref="IQuarterlyReports"/>: the caller's scope applies through the query filters.</summary>
public sealed class QuarterlyReportReader(ParkOpsDb db) : IQuarterlyReports
{
    public Task<IReadOnlyList<FiledReport>> ParkReportsAsync(long parkId, Quarter from, Quarter to, CancellationToken ct, CustomersRead customers = CustomersRead.All,
        FiguresRead figures = FiguresRead.All) =>
        ReadAsync(db.Set<QuarterlyReport>().Where(r => r.ParkId == parkId), from, to, customers, figures, ct);

    public Task<IReadOnlyList<FiledReport>> EnterpriseReportsAsync(long enterpriseId, Quarter from, Quarter to, CancellationToken ct) =>
        ReadAsync(db.Set<QuarterlyReport>().Where(r => r.EnterpriseId == enterpriseId), from, to, CustomersRead.All, FiguresRead.All, ct);

    public async Task<IReadOnlyList<ParkQuarterFiling>> ParkFilingsAsync(IReadOnlyCollection<long> parkIds, Quarter from, Quarter to, CancellationToken ct)
    {
        if (parkIds.Count == 0) return [];
        var ids = parkIds.Distinct().ToList();
        var subs = await db.Set<ReportSubmission>().IgnoreQueryFilters().AsNoTracking()
            .Where(s => ids.Contains(s.ParkId) && s.Year >= from.Year && s.Year <= to.Year)
            .Select(s => new { s.ParkId, s.Year, s.QuarterNumber, s.State, s.SubmittedAt, s.EnterprisesExpected, s.EnterprisesFiled, s.Output, s.MainRevenue, s.Tax, s.ValueAdded, s.EnergyTce, s.ElectricityKwh })
            .ToListAsync(ct);
        subs = subs.Where(s => new Quarter(s.Year, s.QuarterNumber) >= from && new Quarter(s.Year, s.QuarterNumber) <= to).ToList();
        if (subs.Count == 0) return [];
        var heads = await db.Set<QuarterlyReport>().IgnoreQueryFilters().AsNoTracking()
            .Where(r => ids.Contains(r.ParkId) && r.State == ReportState.Submitted && r.Year >= from.Year && r.Year <= to.Year)
            .GroupBy(r => new { r.ParkId, r.Year, r.QuarterNumber })
            .Select(g => new { g.Key.ParkId, g.Key.Year, g.Key.QuarterNumber, Headcount = g.Sum(r => (double)r.AvgHeadcount) })
            .ToListAsync(ct);
        var byKey = heads.ToDictionary(h => (h.ParkId, h.Year, h.QuarterNumber), h => D(h.Headcount));
        return subs.OrderBy(s => s.ParkId).ThenBy(s => s.Year).ThenBy(s => s.QuarterNumber)
            .Select(s => new ParkQuarterFiling(s.ParkId, new Quarter(s.Year, s.QuarterNumber), SubmissionService.Name(s.State), s.SubmittedAt,
                s.EnterprisesExpected, s.EnterprisesFiled, s.Output, s.MainRevenue, s.Tax, s.ValueAdded, s.EnergyTce, s.ElectricityKwh,
                byKey.GetValueOrDefault((s.ParkId, s.Year, s.QuarterNumber)))).ToList();
    }

    /// <summary>Grouped in the database like <see cref="ParkYearTotalsAsync"/> (sums in double precision, rounded back to the stored 4 decimals).</summary>
    public async Task<IReadOnlyList<ParkQuarterSums>> ParkQuarterSumsAsync(long parkId, Quarter from, Quarter to, CancellationToken ct) =>
        (await ParkQuarterSumsAsync([parkId], from, to, ct))[parkId];

    /// <summary>One grouped query for all the parks (the park ids as one parameter: PostgreSQL an array, SQLite json_each).</summary>
    public async Task<IReadOnlyDictionary<long, IReadOnlyList<ParkQuarterSums>>> ParkQuarterSumsAsync(IReadOnlyCollection<long> parkIds, Quarter from, Quarter to, CancellationToken ct)
    {
        var ids = parkIds.Distinct().ToArray();
        var rows = ids.Length == 0 ? [] : await db.Set<QuarterlyReport>().IgnoreQueryFilters().AsNoTracking()
            .Where(r => EF.Parameter(ids).Contains(r.ParkId) && r.State == ReportState.Submitted && r.Year >= from.Year && r.Year <= to.Year)
            .GroupBy(r => new { r.ParkId, r.Year, r.QuarterNumber })
            .Select(g => new { g.Key.ParkId, g.Key.Year, g.Key.QuarterNumber, Filers = g.Count(), Tax = g.Sum(r => (double)r.Tax), Output = g.Sum(r => (double)r.Output) })
            .ToListAsync(ct);
        var byPark = rows.Select(r => (r.ParkId, Sums: new ParkQuarterSums(new Quarter(r.Year, r.QuarterNumber), r.Filers, D(r.Tax), D(r.Output))))
            .Where(r => r.Sums.Quarter >= from && r.Sums.Quarter <= to).ToLookup(r => r.ParkId, r => r.Sums);
        return ids.ToDictionary(id => id, IReadOnlyList<ParkQuarterSums> (id) => byPark[id].OrderBy(s => s.Quarter).ToList());
    }

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

    /// <summary>Each enterprise's latest submitted report of <paramref name="rows"/> (oldest first: the last one seen wins).</summary>
    private static List<long> LatestSubmitted(List<ReportRow> rows)
    {
        var latest = new Dictionary<long, long>();
        foreach (var r in rows)
            if (r.State == ReportState.Submitted) latest[r.EnterpriseId] = r.Id;
        return [.. latest.Values];
    }

    /// <summary>A report's row as read (the figures <see cref="FiguresRead"/> leaves out stay 0).</summary>
    private sealed class ReportRow
    {
        public long Id { get; init; }
        public long ParkId { get; init; }
        public long EnterpriseId { get; init; }
        public int Year { get; init; }
        public int QuarterNumber { get; init; }
        public ReportState State { get; init; }
        public DateTime? SubmittedAt { get; init; }
        public bool ElectricityFromMeters { get; init; }
        public bool WaterFromMeters { get; init; }
        public decimal Output { get; init; }
        public decimal MainRevenue { get; init; }
        public decimal Tax { get; init; }
        public decimal ValueAdded { get; init; }
        public decimal RdSpend { get; init; }
        public decimal EnergyTce { get; init; }
        public decimal ElectricityKwh { get; init; }
        public decimal WaterT { get; init; }
        public decimal? EmissionsT { get; init; }
        public decimal AvgHeadcount { get; init; }
        public decimal NetProfit { get; init; }
        public decimal TotalAssets { get; init; }
        public decimal TotalLiabilities { get; init; }
        public int PatentsHeld { get; init; }
        public int PatentsGranted { get; init; }
        public int? OpenPosts { get; init; }
    }

    /// <summary>
    /// Two flat queries, the reports' contract columns and their customers, joined in memory. Not the entity with an
    /// Include: EF Core 10 rebuilds the materializer of a query that includes a collection on every execution
    /// (dotnet/efcore#35210), and the entity carries columns no reader of the contract uses (difficulties, who edited it
    /// when). With the Include, the risk rerun of 1,000 parks of 100 enterprises took 62 s on SQLite, over 40 of them
    /// in this read; flat, 27 s (bench/results/risk.md). The rows are put in order here, not by the database: SQLite
    /// sorted the 794,628 wide rows of a 100,000-firm park in a temporary B-tree, which doubled its share of the read.
    /// </summary>
    private async Task<IReadOnlyList<FiledReport>> ReadAsync(IQueryable<QuarterlyReport> reports, Quarter from, Quarter to, CustomersRead read,
        FiguresRead figures, CancellationToken ct)
    {
        // year*4+quarter spans year boundaries in one comparison; the years' range lets the index on (ParkId, Year, QuarterNumber) narrow the scan
        int lo = from.Index, hi = to.Index, firstYear = from.Year, lastYear = to.Year;
        var inSpan = reports.AsNoTracking().Where(r => r.Year >= firstYear && r.Year <= lastYear
            && r.Year * 4 + r.QuarterNumber - 1 >= lo && r.Year * 4 + r.QuarterNumber - 1 <= hi);
        var rows = await (figures == FiguresRead.Risk
            ? inSpan.Select(r => new ReportRow
            {
                Id = r.Id, ParkId = r.ParkId, EnterpriseId = r.EnterpriseId, Year = r.Year, QuarterNumber = r.QuarterNumber, State = r.State,
                SubmittedAt = r.SubmittedAt, ElectricityFromMeters = r.ElectricityFromMeters, WaterFromMeters = r.WaterFromMeters,
                Output = r.Output, MainRevenue = r.MainRevenue, ElectricityKwh = r.ElectricityKwh, AvgHeadcount = r.AvgHeadcount,
                NetProfit = r.NetProfit, TotalAssets = r.TotalAssets, TotalLiabilities = r.TotalLiabilities, PatentsHeld = r.PatentsHeld, OpenPosts = r.OpenPosts,
            })
            : inSpan.Select(r => new ReportRow
            {
                Id = r.Id, ParkId = r.ParkId, EnterpriseId = r.EnterpriseId, Year = r.Year, QuarterNumber = r.QuarterNumber, State = r.State,
                SubmittedAt = r.SubmittedAt, ElectricityFromMeters = r.ElectricityFromMeters, WaterFromMeters = r.WaterFromMeters,
                Output = r.Output, MainRevenue = r.MainRevenue, Tax = r.Tax, ValueAdded = r.ValueAdded, RdSpend = r.RdSpend, EnergyTce = r.EnergyTce,
                ElectricityKwh = r.ElectricityKwh, WaterT = r.WaterT, EmissionsT = r.EmissionsT, AvgHeadcount = r.AvgHeadcount,
                NetProfit = r.NetProfit, TotalAssets = r.TotalAssets, TotalLiabilities = r.TotalLiabilities, PatentsHeld = r.PatentsHeld,
                PatentsGranted = r.PatentsGranted, OpenPosts = r.OpenPosts,
            })).ToListAsync(ct);
        if (rows.Count == 0) return [];
        // oldest first, then by enterprise ((enterprise, year, quarter) is unique, so the order is total)
        rows.Sort((a, b) => a.Year != b.Year ? a.Year.CompareTo(b.Year) : a.QuarterNumber != b.QuarterNumber ? a.QuarterNumber.CompareTo(b.QuarterNumber) : a.EnterpriseId.CompareTo(b.EnterpriseId));
        // the customers of the same reports (the customers' own scope filter applies, as it did to the Include)
        var customers = read switch
        {
            CustomersRead.All => await db.Set<ReportCustomer>().AsNoTracking()
                .Join(inSpan, c => c.ReportId, r => r.Id, (c, r) => new CustomerRow(c.ReportId, c.Position, c.CustomerEnterpriseId, c.Name, c.SharePercent))
                .ToListAsync(ct),
            CustomersRead.LatestSubmitted => await CustomersOfAsync(LatestSubmitted(rows), ct),
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
