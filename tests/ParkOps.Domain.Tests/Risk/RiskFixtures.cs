using ParkOps.Domain.Monitoring;
using ParkOps.Domain.Risk;

namespace ParkOps.Domain.Tests.Risk;

/// <summary>Reports written by hand for the rule tests: only the figures a test names differ from a plain quarter.</summary>
internal static class R
{
    public static readonly Quarter L = new(2026, 3);

    public static QuarterFigures Figures(decimal output = 100m, decimal revenue = 100m, decimal power = 10_000m, decimal profit = 5m, decimal assets = 1000m,
        decimal liabilities = 500m, decimal heads = 50m, int patents = 5) =>
        new(output, revenue, 3m, 20m, 2m, 10m, power, 100m, null, heads, profit, assets, liabilities, patents, 0);

    public static QuarterReportFacts Report(long firm, Quarter q, QuarterFigures? f = null, params CustomerShare[] customers) =>
        new(firm, q, f ?? Figures(), customers);

    public static CustomerShare In(long firm, decimal share) => new(firm, $"企业{firm}", share);

    public static CustomerShare Out(string name, decimal share) => new(null, name, share);

    public static RiskEnterprise Firm(long id, bool leader = false, string stages = "", DateOnly? est = null, decimal? area = null) =>
        new(id, leader, stages.Length == 0 ? [] : stages.Split('|'), est, area);

    public static Dictionary<Quarter, QuarterReportFacts> Book(params QuarterReportFacts[] reports) => reports.ToDictionary(r => r.Quarter);
}
