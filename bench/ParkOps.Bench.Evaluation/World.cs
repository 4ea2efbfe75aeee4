using System.Globalization;
using ParkOps.Bench.Metering;
using ParkOps.Domain.Monitoring;
using ParkOps.Domain.Pricing;
using ParkOps.Domain.Risk;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Billing;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Leasing;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Features.Reporting;
using ParkOps.Web.Features.Spaces;

namespace ParkOps.Bench.Evaluation;

/// <summary>What the world holds, for the report and for the measurements to find their parks.</summary>
public sealed class World
{
    public required Quarter Latest { get; init; }
    public required int MujunYear { get; init; }
    public required DateOnly Today { get; init; }
    public List<long> Parks { get; } = [];
    public List<long> WarmParks { get; } = [];
    public int Firms, InPark, Above, Reports, Customers, Units, Leases, Bills, Buildings;
    public double BuildSeconds;
    /// <summary>The parts built: the 亩均 and risk records (reports, space, leases, bills), the benefits records (<see cref="BenefitsWorld"/>).</summary>
    public bool Evaluation, Benefits;
    public BenefitsCounts BenefitsCounts { get; } = new();
}

/// <summary>
/// A synthetic county: parks of enterprises with two years (8 quarters, the last one the quarter that has just ended)
/// of submitted quarterly reports with their main customers, one unit each (a tenth a second unit in the next
/// building), an active lease of it, a paid bill for last month and, for a few, four unpaid months. Built with the
/// engine's bulk path (<see cref="Bulk"/>), deterministic for a given seed. The shares of firms that should trip a rule
/// (zombie, order drop, late and missing reports, low density, high debt) are small and fixed, so a run raises a few
/// thousand alerts, not a hundred thousand.
/// </summary>
public static class WorldBuilder
{
    private const int FirmsPerBuilding = 100;
    private static readonly string[] Stages = Enumerable.Range(1, 12).Select(i => $"环节{i:D2}").ToArray();

    /// <param name="evaluation">build the 亩均 and risk records (reports, space, leases, bills)</param>
    /// <param name="benefits">build what the contribution score and the rebate read (<see cref="BenefitsWorld"/>) for <see cref="World.MujunYear"/></param>
    public static async Task<World> BuildAsync(Func<Func<ParkOpsDb, Task>, Task> withDb, int parks, int firmsPerPark, int warmParks, int warmFirms, DateOnly today, DateTime now,
        bool evaluation = true, bool benefits = false)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var latest = Quarter.Of(today).Previous;
        var world = new World { Latest = latest, MujunYear = latest.Number == 4 ? latest.Year : latest.Year - 1, Today = today, Evaluation = evaluation, Benefits = benefits };
        long id = 1_000_000;
        var region = new Region { Id = ++id, Name = "基准县", Code = "990002", Level = RegionLevel.County };
        await withDb(db => Bulk.InsertAsync(db, [region]));
        for (var p = -warmParks; p < parks; p++)
        {
            var warm = p < 0;
            var n = warm ? warmFirms : firmsPerPark;
            var park = new Park
            {
                Id = ++id, RegionId = region.Id, Code = warm ? $"EW-{-p:D4}" : $"EP-{p:D4}", Name = warm ? $"预热园区{-p}" : $"基准园区{p}",
                LandMu = 100, LeadingIndustry = "电子元器件", LeadingIndustryPrefixes = "C39", ChainStages = string.Join('|', Stages), CreatedAt = now,
            };
            await withDb(db => Bulk.InsertAsync(db, [park]));
            (warm ? world.WarmParks : world.Parks).Add(park.Id);
            id = await ParkAsync(withDb, world, park, n, id, new Random(20261206 + p), warm, now);
        }
        world.BuildSeconds = sw.Elapsed.TotalSeconds;
        return world;
    }

    private sealed record Firm(long Id, EnterpriseStatus Status, bool Above, double Base, double Area, bool Zombie, bool Drop, bool LowDensity, bool Lossy, bool Indebted,
        double PatentRate, decimal Headcount, bool HasEmissions, int Missing, List<(long? Customer, string Name, decimal Share)> Customers);

    private static async Task<long> ParkAsync(Func<Func<ParkOpsDb, Task>, Task> withDb, World world, Park park, int n, long id, Random rnd, bool warm, DateTime now)
    {
        double U(double a, double b) => a + rnd.NextDouble() * (b - a);
        double Gauss() => Math.Sqrt(-2 * Math.Log(1 - rnd.NextDouble())) * Math.Cos(2 * Math.PI * rnd.NextDouble());
        var ents = new List<Enterprise>(n);
        var firms = new List<Firm>(n);
        for (var i = 0; i < n; i++)
        {
            var eId = ++id;
            var r = rnd.NextDouble();
            var status = r < 0.97 ? EnterpriseStatus.Admitted : r < 0.99 ? EnterpriseStatus.Exiting : EnterpriseStatus.Exited;
            var above = rnd.NextDouble() < 0.30;
            var young = rnd.NextDouble() < 0.04;
            var established = young ? new DateOnly(world.MujunYear - 1, 3, 1).AddDays(rnd.Next(600)) : new DateOnly(2000, 1, 1).AddDays(rnd.Next(7000));
            var leader = rnd.NextDouble() < 0.01;
            var stages = rnd.NextDouble() < 0.3 ? $"{Stages[rnd.Next(Stages.Length)]}|{Stages[rnd.Next(Stages.Length)]}" : Stages[rnd.Next(Stages.Length)];
            var b = (above ? 800 : 60) * Math.Exp(0.6 * Gauss());
            ents.Add(new Enterprise
            {
                Id = eId, ParkId = park.Id, CreditCode = $"92{eId:D16}", Name = $"基准企业{park.Code}-{i:D6}", IndustryCode = rnd.NextDouble() < 0.01 ? "D4411" : $"C39{rnd.Next(10, 99)}",
                ChainStages = stages, EstablishedOn = established, SizeClass = above ? SizeClass.AboveScale : SizeClass.BelowScale, IsChainLeader = leader,
                Employees = 20, Status = status, CreatedAt = now, UpdatedAt = now,
            });
            var customers = new List<(long?, string, decimal)>();
            var lowDensity = rnd.NextDouble() < 0.03;
            firms.Add(new Firm(eId, status, above, b, (20 + b * 2 * U(0.9, 1.1)) * (lowDensity ? 2 : 1), rnd.NextDouble() < 0.003, rnd.NextDouble() < (leader ? 0.25 : 0.01),
                lowDensity, rnd.NextDouble() < 0.05, rnd.NextDouble() < 0.02, rnd.NextDouble() < 0.03 ? 0.02 : U(0.065, 0.085),
                Math.Round((decimal)(above ? 50 + b / 10 : 30 + rnd.Next(30)), 1), above && rnd.NextDouble() < 0.8,
                // 0 every report; 1 no report for the latest quarter; 2 the latest a draft; 3 the one before filed late
                rnd.NextDouble() switch { < 0.015 => 1, < 0.02 => 2, < 0.03 => 3, _ => 0 }, customers));
        }
        var leaders = firms.Where((f, i) => ents[i].IsChainLeader).Select(f => f.Id).ToList();
        foreach (var f in firms)
        {
            if (rnd.NextDouble() >= 0.4) continue;
            var k = rnd.Next(3, 6);
            var weights = Enumerable.Range(0, k).Select(_ => U(0.5, 1.5)).ToArray();
            var total = U(0.7, 0.95);
            for (var j = 0; j < k; j++)
            {
                var share = Math.Round((decimal)(weights[j] / weights.Sum() * total * 100), 2);
                if (j == 0 && rnd.NextDouble() < 0.5)
                {
                    var c = leaders.Count > 0 && rnd.NextDouble() < 0.5 ? leaders[rnd.Next(leaders.Count)] : firms[rnd.Next(firms.Count)].Id;
                    if (c != f.Id) { f.Customers.Add((c, $"园内客户{c}", share)); continue; }
                }
                f.Customers.Add((null, $"园外客户{rnd.Next(1000)}", share));
            }
        }
        await withDb(db => Bulk.InsertAsync(db, ents));
        if (world.Benefits) id = await BenefitsWorld.AddAsync(withDb, world.MujunYear, park, ents, id, new Random(unchecked((int)park.Id) ^ 0x5EED), warm, world.BenefitsCounts, now);
        if (!world.Evaluation)
        {
            if (!warm) { world.Firms += n; world.InPark += firms.Count(f => f.Status != EnterpriseStatus.Exited); world.Above += firms.Count(f => f.Above); }
            return id;
        }

        // space: 100 firms per building, one unit each, a tenth with a second, smaller unit in the next building
        var units = new List<Unit>(); var leases = new List<Lease>(); var lus = new List<LeaseUnit>(); var floors = new List<Floor>();
        var buildingCount = (n + FirmsPerBuilding - 1) / FirmsPerBuilding + 1;
        var bIds = Enumerable.Range(0, buildingCount).Select(_ => ++id).ToArray();
        var fIds = Enumerable.Range(0, buildingCount).Select(_ => ++id).ToArray();
        var floorArea = new decimal[buildingCount];
        var start = new DateOnly(world.Latest.Year - 3, 1, 1);
        for (var i = 0; i < n; i++)
        {
            var f = firms[i];
            if (f.Status == EnterpriseStatus.Exited) continue;
            var lId = ++id;
            leases.Add(new Lease { Id = lId, ParkId = park.Id, EnterpriseId = f.Id, Code = $"{park.Code}-L{i:D6}", State = LeaseState.Active, StartDate = start, TermMonths = 72,
                EndDate = start.AddMonths(72).AddDays(-1), CreatedAt = now, UpdatedAt = now });
            void Place(int b, decimal area)
            {
                var uId = ++id;
                floorArea[b] += area;
                units.Add(new Unit { Id = uId, ParkId = park.Id, BuildingId = bIds[b], FloorId = fIds[b], Code = $"U{i:D6}-{b}", AreaSqm = area, Use = SpaceUse.Factory,
                    LoadTonsPerSqm = 3, Status = UnitStatus.Leased, OccupantEnterpriseId = f.Id });
                lus.Add(new LeaseUnit { Id = ++id, LeaseId = lId, ParkId = park.Id, EnterpriseId = f.Id, UnitId = uId, AreaSqm = area, Use = SpaceUse.Factory, Holds = true });
            }
            var area = Math.Round((decimal)f.Area, 2);
            if (rnd.NextDouble() < 0.1) { var second = Math.Round(area / 3, 2); Place(i / FirmsPerBuilding, area - second); Place(i / FirmsPerBuilding + 1, second); }
            else Place(i / FirmsPerBuilding, area);
        }
        var buildings = Enumerable.Range(0, buildingCount).Select(b => new Building
        {
            // a building a tenth larger than what is let in it, on land at a plot ratio of 1.5 (1 亩 = 666.67 ㎡)
            Id = bIds[b], ParkId = park.Id, Name = $"{b + 1}号厂房", FloorAreaSqm = Math.Round(floorArea[b] * 1.1m + 100, 2),
            LandMu = Math.Round((floorArea[b] * 1.1m + 100) / 1000m, 4), FloorCount = 1,
        }).ToList();
        floors.AddRange(buildings.Select((b, i) => new Floor { Id = fIds[i], ParkId = park.Id, BuildingId = b.Id, Number = 1, AreaSqm = b.FloorAreaSqm, LoadTonsPerSqm = 3 }));
        await withDb(async db =>
        {
            await Bulk.InsertAsync(db, buildings); await Bulk.InsertAsync(db, floors); await Bulk.InsertAsync(db, units);
            await Bulk.InsertAsync(db, leases); await Bulk.InsertAsync(db, lus);
        });

        // bills: last month's, paid, for everyone in the park; four unpaid months before it for one firm in a hundred
        var month = new DateOnly(world.Today.Year, world.Today.Month, 1).AddMonths(-1);
        var runs = Enumerable.Range(0, 5).Select(k => new BillRun { Id = ++id, ParkId = park.Id, Month = month.AddMonths(-k), State = BillRunState.Completed, StartedBy = "bench", StartedAt = now, FinishedAt = now }).ToList();
        var bills = new List<Bill>();
        foreach (var f in firms)
        {
            if (f.Status == EnterpriseStatus.Exited) continue;
            var total = Math.Round((decimal)f.Area * 30m, 2);
            bills.Add(new Bill { Id = ++id, ParkId = park.Id, EnterpriseId = f.Id, RunId = runs[0].Id, Number = $"B{id}", Month = month, State = BillState.Paid, Total = total, Paid = total,
                DueDate = month.AddMonths(1).AddDays(14), IssuedAt = now });
            if (rnd.NextDouble() < 0.01)
                for (var k = 1; k <= 4; k++)
                    bills.Add(new Bill { Id = ++id, ParkId = park.Id, EnterpriseId = f.Id, RunId = runs[k].Id, Number = $"B{id}", Month = month.AddMonths(-k), State = BillState.Issued,
                        Total = total, Paid = 0, DueDate = month.AddMonths(1 - k).AddDays(14), IssuedAt = now });
        }
        await withDb(async db => { await Bulk.InsertAsync(db, runs); await Bulk.InsertAsync(db, bills); });

        // eight quarters of reports, written in slices so the world never sits in memory whole
        var quarters = Enumerable.Range(0, 8).Select(k => world.Latest.Plus(k - 7)).ToList();
        for (var from = 0; from < n; from += 5_000)
        {
            var reports = new List<QuarterlyReport>(); var customers = new List<ReportCustomer>();
            foreach (var f in firms.Skip(from).Take(5_000))
            {
                var before = 0.0;
                for (var k = 0; k < quarters.Count; k++)
                {
                    var q = quarters[k];
                    if (f.Status == EnterpriseStatus.Exited && k >= 4) break;
                    if (k == 7 && f.Missing == 1) continue;
                    var revenue = f.Base * (1 + 0.05 * Math.Sin(q.Number * Math.PI / 2)) * U(0.95, 1.05);
                    var power = revenue * 600 * U(0.8, 1.2) + 500;
                    if (f.Zombie && k >= 6) { revenue *= 0.05; power *= 0.05; }
                    if (f.Drop && k == 7) revenue = before * 0.5;
                    before = revenue;
                    var assets = f.Base * 4;
                    var due = ReportRule.DueOn(q, RiskSettings.Default);
                    var draft = k == 7 && f.Missing == 2;
                    var submittedOn = k == 6 && f.Missing == 3 ? due.AddDays(25) : due.AddDays(-10);
                    var rId = ++id;
                    reports.Add(new QuarterlyReport
                    {
                        Id = rId, ParkId = park.Id, EnterpriseId = f.Id, Year = q.Year, QuarterNumber = q.Number, State = draft ? ReportState.Draft : ReportState.Submitted, Source = ReportSource.Form,
                        Output = D(revenue * 1.05), MainRevenue = D(revenue), Tax = D(revenue * 0.05 * U(0.8, 1.2)), ValueAdded = D(revenue * 0.25 * U(0.9, 1.1)),
                        RdSpend = D(revenue * 0.02 * U(0.5, 1.5)), EnergyTce = D(revenue * 0.04 * U(0.8, 1.2) + 0.5), ElectricityKwh = D(power), WaterT = D(revenue * 2),
                        EmissionsT = f.HasEmissions ? D(revenue * 0.001 * U(0.8, 1.2)) : null, AvgHeadcount = f.Headcount,
                        NetProfit = D(revenue * (f.Lossy ? -U(0.02, 0.08) : U(0.02, 0.08))), TotalAssets = D(assets), TotalLiabilities = D(assets * (f.Indebted ? 0.9 : U(0.3, 0.7))),
                        PatentsHeld = (int)Math.Round((double)f.Headcount * f.PatentRate), PatentsGranted = rnd.Next(2),
                        UpdatedAt = now, UpdatedBy = "bench", SubmittedAt = draft ? null : submittedOn.ToDateTime(new TimeOnly(2, 0), DateTimeKind.Utc),
                    });
                    for (var j = 0; j < f.Customers.Count; j++)
                        customers.Add(new ReportCustomer { Id = ++id, ReportId = rId, ParkId = park.Id, EnterpriseId = f.Id, Position = j + 1, CustomerEnterpriseId = f.Customers[j].Customer,
                            Name = f.Customers[j].Name, SharePercent = f.Customers[j].Share });
                }
            }
            await withDb(async db => { await Bulk.InsertAsync(db, reports); await Bulk.InsertAsync(db, customers); });
            if (!warm) { world.Reports += reports.Count; world.Customers += customers.Count; }
        }
        if (!warm)
        {
            world.Firms += n; world.InPark += firms.Count(f => f.Status != EnterpriseStatus.Exited); world.Above += firms.Count(f => f.Above);
            world.Units += units.Count; world.Leases += leases.Count; world.Bills += bills.Count; world.Buildings += buildings.Count;
        }
        return id;
    }

    private static decimal D(double v) => Math.Round((decimal)v, 4);

    public static string Describe(World w) => string.Create(CultureInfo.InvariantCulture,
        $"{w.Parks.Count:N0} park(s), {w.Firms:N0} enterprises ({w.InPark:N0} in the park, {w.Above:N0} 规上)")
        + (w.Evaluation ? string.Create(CultureInfo.InvariantCulture, $", {w.Reports:N0} quarterly reports {w.Latest.Plus(-7)}–{w.Latest} with {w.Customers:N0} customer rows, {w.Units:N0} units in {w.Buildings:N0} buildings, {w.Leases:N0} active leases, {w.Bills:N0} bills") : "")
        + (w.Benefits ? "; " + w.BenefitsCounts.Describe(w.MujunYear) : "");
}
