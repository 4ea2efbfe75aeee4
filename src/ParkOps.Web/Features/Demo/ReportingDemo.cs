using ParkOps.Domain.Monitoring;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Reporting;

namespace ParkOps.Web.Features.Demo;

/// <summary>
/// Two years of quarterly operating reports (issue 12) for every enterprise in both demo parks: the eight quarters
/// up to the last one that has ended, filed by the 10th of the following month. Park 1 carries the stories the risk
/// rules and the reserve fund are shown on (see /work/issue12-common.md's scenario): the chain leader 星辰智能 whose
/// revenue falls 80 % in the last quarter, its in-park suppliers 捷讯 (55 % of its revenue from 星辰) and 德胜 (40 %),
/// 鑫达 supplying 捷讯 (35 %, the second degree), 众联贴片 turning zombie, and 拓普音频 filing late and then not at all.
/// Deterministic: one seed, figures from each firm's headcount and size class.
/// </summary>
public sealed class ReportingDemo(ParkOpsDb db)
{
    /// <summary>Indices into the demo park's enterprise list (<see cref="DemoSeeder"/>'s Park1).</summary>
    public const int ChainLeader = 16, SupplierJiexun = 5, SupplierDesheng = 11, SecondDegreeXinda = 1, Zombie = 7, LateFiler = 21, TalentShort = 3;

    private static readonly string[] Outside =
        ["华为技术有限公司", "比亚迪股份有限公司", "广东美的制冷设备有限公司", "TCL实业控股股份有限公司", "深圳市大疆创新科技有限公司", "OPPO广东移动通信有限公司",
         "vivo移动通信有限公司", "格力电器(中山)小家电制造有限公司", "立讯精密工业股份有限公司", "欣旺达电子股份有限公司"];

    public async Task SeedAsync(List<Enterprise> park1, List<Enterprise> park2, DateOnly today, DateTime now, CancellationToken ct)
    {
        var rnd = new Random(20261206);
        var last = Quarter.Of(today).Previous;
        var quarters = Quarter.Span(last.Plus(-7), last).ToList();
        var inPark = (Enterprise e) => e.Status is EnterpriseStatus.Admitted or EnterpriseStatus.Conditional or EnterpriseStatus.Exiting;
        var reports = new List<QuarterlyReport>();
        foreach (var (park, ents) in new[] { (1, park1), (2, park2) })
        {
            for (var i = 0; i < ents.Count; i++)
            {
                var e = ents[i];
                if (!inPark(e)) continue;
                var firm = Profile(e, rnd);
                var customers = Customers(park == 1 ? i : -1, e, ents, inPark, rnd);
                QuarterlyReport? before = null;
                for (var k = 0; k < quarters.Count; k++)
                {
                    var q = quarters[k];
                    if (e.EstablishedOn is { } est && est > q.LastDay) continue;
                    if (park == 1 && i == LateFiler && q == last) continue;
                    var r = Report(e, firm, q, k, rnd);
                    if (park == 1) Twist(i, r, before, q == last, q >= last.Previous);
                    before = r;
                    var filed = q.LastDay.AddDays(10).ToDateTime(new TimeOnly(9, 30), DateTimeKind.Utc);
                    if (park == 1 && i == LateFiler && q == last.Previous) filed = q.LastDay.AddDays(31).ToDateTime(new TimeOnly(16, 0), DateTimeKind.Utc);
                    r.SubmittedAt = filed < now ? filed : now.AddHours(-1);
                    r.UpdatedAt = r.SubmittedAt.Value;
                    r.Customers = customers.Select((c, n) => new ReportCustomer
                    {
                        ParkId = e.ParkId, EnterpriseId = e.Id, Position = n + 1, CustomerEnterpriseId = c.EnterpriseId, Name = c.Name, SharePercent = c.SharePercent,
                    }).ToList();
                    reports.Add(r);
                }
            }
        }
        db.Set<QuarterlyReport>().AddRange(reports);
        await db.SaveChangesAsync(ct);
    }

    private sealed record Firm(decimal OutputPerHead, decimal VaRatio, decimal TaxRate, decimal RdRate, decimal EnergyFactor, decimal? EmissionFactor, decimal Growth, int Patents);

    private static Firm Profile(Enterprise e, Random rnd)
    {
        var hiTech = e.Tags.Contains("高新", StringComparison.Ordinal);
        var services = e.IndustryCode.StartsWith('M') || e.IndustryCode.StartsWith('G') || e.IndustryCode.StartsWith('L');
        return new Firm(
            OutputPerHead: Pick(rnd, 7m, 16m),
            VaRatio: Pick(rnd, 0.16m, 0.30m),
            TaxRate: Pick(rnd, 0.018m, 0.055m),
            RdRate: hiTech ? Pick(rnd, 0.03m, 0.07m) : Pick(rnd, 0.005m, 0.03m),
            EnergyFactor: Pick(rnd, 0.5m, 1.8m),
            // service firms and a few workshops report no emissions at all
            EmissionFactor: services || rnd.Next(6) == 0 ? null : Pick(rnd, 0.4m, 1.8m),
            Growth: Pick(rnd, -0.01m, 0.035m),
            Patents: hiTech ? rnd.Next(6, 30) : rnd.Next(0, 5));
    }

    private static QuarterlyReport Report(Enterprise e, Firm f, Quarter q, int k, Random rnd)
    {
        decimal[] season = [0.88m, 1.00m, 1.04m, 1.10m];
        var heads = Math.Max(3, Math.Round((e.Employees ?? 20) * Pick(rnd, 0.96m, 1.03m)));
        var output = Money(heads * f.OutputPerHead / 4m * season[q.Number - 1] * (1 + f.Growth * k) * Pick(rnd, 0.95m, 1.05m));
        var revenue = Money(output * Pick(rnd, 0.92m, 0.99m));
        var va = Money(output * f.VaRatio);
        var energy = Math.Round(va / (2.694m * f.EnergyFactor), 2);
        var assets = Money(revenue * 4 * Pick(rnd, 0.9m, 1.4m));
        return new QuarterlyReport
        {
            ParkId = e.ParkId, EnterpriseId = e.Id, Year = q.Year, QuarterNumber = q.Number, State = ReportState.Submitted, Source = ReportSource.Demo,
            Output = output, MainRevenue = revenue, ValueAdded = va, Tax = Money(revenue * f.TaxRate), RdSpend = Money(revenue * f.RdRate),
            EnergyTce = energy, ElectricityKwh = Math.Round(energy * 8137m * Pick(rnd, 0.7m, 0.9m)), WaterT = Math.Round(heads * Pick(rnd, 8m, 14m)),
            EmissionsT = f.EmissionFactor is { } ef ? Math.Round(va / (4929.81m * ef), 4) : null,
            AvgHeadcount = heads, NetProfit = Money(revenue * Pick(rnd, 0.02m, 0.09m)), TotalAssets = assets, TotalLiabilities = Money(assets * Pick(rnd, 0.35m, 0.65m)),
            PatentsHeld = f.Patents + k / 3, PatentsGranted = k % 3 == 0 && f.Patents > 5 ? 1 : 0,
            // a few posts open, as most small firms have (no random draw: the other figures keep their sequence)
            OpenPosts = (int)Math.Round(heads * 0.06m),
            UpdatedBy = "demo",
        };
    }

    /// <summary>The scenario's firms: the chain leader's fall, the zombie's slide.</summary>
    private static void Twist(int i, QuarterlyReport r, QuarterlyReport? before, bool isLast, bool lastTwo)
    {
        // a firm growing faster than it can hire: a third of its headcount again in open posts (talent gap > 25 %)
        if (i == TalentShort && isLast) r.OpenPosts = (int)Math.Ceiling(r.AvgHeadcount / 3m);
        if (i == ChainLeader && isLast && before is not null)
        {
            // the leader's orders fell 80 %: output and revenue a fifth of the quarter before, everything with it
            r.Output = Money(before.Output * 0.2m); r.MainRevenue = Money(before.MainRevenue * 0.2m); r.ValueAdded = Money(before.ValueAdded * 0.2m);
            r.Tax = Money(before.Tax * 0.2m); r.EnergyTce = Math.Round(before.EnergyTce * 0.3m, 2); r.ElectricityKwh = Math.Round(before.ElectricityKwh * 0.3m);
            r.NetProfit = Money(-r.MainRevenue * 0.6m);
            r.Difficulties = "主要海外客户订单取消，第三季度订单同比下降约八成，产线开工不足三成，现金流紧张。";
        }
        if (i == Zombie)
        {
            r.TotalLiabilities = Money(r.TotalAssets * 0.91m);
            r.NetProfit = Money(-Math.Abs(r.NetProfit));
            if (lastTwo)
            {
                r.Output = Money(r.Output * 0.05m); r.MainRevenue = Money(r.MainRevenue * 0.05m); r.ValueAdded = Money(r.ValueAdded * 0.05m);
                r.Tax = Money(r.Tax * 0.05m); r.ElectricityKwh = Math.Round(r.ElectricityKwh * 0.06m); r.EnergyTce = Math.Round(r.EnergyTce * 0.06m, 2);
                r.Difficulties = "订单基本停止，仅保留少量维修业务，拖欠租金与供应商货款。";
            }
        }
    }

    /// <summary>
    /// Main customers, the same every quarter: the scenario's supply chain in park 1, then one to three others, in the
    /// park and outside, drawn so that some firms depend on one customer (HHI high) and most spread their sales.
    /// </summary>
    private static List<CustomerShare> Customers(int i, Enterprise e, List<Enterprise> ents, Func<Enterprise, bool> inPark, Random rnd)
    {
        var list = new List<CustomerShare>();
        void Add(Enterprise c, decimal share) => list.Add(new CustomerShare(c.Id, c.Name, share));
        switch (i)
        {
            case SupplierJiexun: Add(ents[ChainLeader], 55m); list.Add(new CustomerShare(null, Outside[0], 15m)); return list;
            case SupplierDesheng: Add(ents[ChainLeader], 40m); Add(ents[17], 20m); list.Add(new CustomerShare(null, Outside[2], 10m)); return list;
            case SecondDegreeXinda: Add(ents[SupplierJiexun], 35m); Add(ents[6], 25m); list.Add(new CustomerShare(null, Outside[8], 10m)); return list;
            case ChainLeader: list.Add(new CustomerShare(null, Outside[1], 30m)); list.Add(new CustomerShare(null, Outside[5], 20m)); return list;
        }
        var others = ents.Where(c => c != e && inPark(c) && ents.IndexOf(c) is not (ChainLeader or SupplierJiexun)).ToList();
        var n = rnd.Next(1, 4);
        // every fifth firm sells most of what it makes to one customer (HHI above 2500)
        var first = ents.IndexOf(e) % 5 == 0 ? Pick(rnd, 55m, 70m) : Pick(rnd, 18m, 38m);
        var remaining = Math.Min(90m, first + Pick(rnd, 10m, 40m)) - first;
        for (var k = 0; k < n; k++)
        {
            var share = k == 0 ? first : Math.Round(remaining / (n - 1), 1);
            if (rnd.Next(2) == 0 && others.Count > 0) Add(others[rnd.Next(others.Count)], Math.Round(share, 1));
            else list.Add(new CustomerShare(null, Outside[rnd.Next(Outside.Length)], Math.Round(share, 1)));
        }
        return list.DistinctBy(c => c.EnterpriseId?.ToString() ?? c.Name).ToList();
    }

    private static decimal Pick(Random rnd, decimal lo, decimal hi) => lo + (hi - lo) * (decimal)rnd.NextDouble();

    private static decimal Money(decimal wan) => Math.Round(wan, 2);
}
