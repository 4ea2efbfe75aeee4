using System.Globalization;
using ParkOps.Bench.Metering;
using ParkOps.Domain.Billing;
using ParkOps.Domain.Enterprises;
using ParkOps.Domain.Marketplace;
using ParkOps.Domain.Matching;
using ParkOps.Domain.Monitoring;
using ParkOps.Domain.Pricing;
using ParkOps.Domain.Risk;
using ParkOps.Domain.ServiceDesk;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Billing;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Leasing;
using ParkOps.Web.Features.Marketplace;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Features.Reporting;
using ParkOps.Web.Features.Risk;
using ParkOps.Web.Features.ServiceDesk;
using ParkOps.Web.Features.Spaces;

namespace ParkOps.Bench.Dashboard;

/// <summary>What the world holds, for the report and for the measurements to find their parks and regions.</summary>
public sealed class World
{
    public required DateOnly Today { get; init; }
    public long RegionId, BigRegionId, BigParkId;
    public List<long> RegionParks { get; } = [];
    /// <summary>Counts per world (region, big park): enterprises, units, leases, reports, tickets, bills, bill lines, collaborations, alerts.</summary>
    public Counts Region = new(), Big = new();
    public double BuildSeconds;

    public sealed class Counts
    {
        public int Parks, Firms, Units, Leases, Reports, Tickets, Bills, Lines, Collaborations, Alerts;

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{Parks:N0} park(s), {Firms:N0} enterprises, {Units:N0} units, {Leases:N0} leases, {Reports:N0} quarterly reports, {Tickets:N0} tickets, {Bills:N0} bills with {Lines:N0} lines, {Collaborations:N0} delivered collaborations, {Alerts:N0} risk alerts");
    }
}

/// <summary>
/// A synthetic county of micro-parks for the dashboards (issue 14 §4), built with the engine's bulk path
/// (<see cref="Bulk"/>), deterministic for a seed. Each park: 20–50 enterprises (a few gone), one unit each plus some
/// vacant ones, a lease per enterprise in the park, quarterly reports of every quarter of the world (a few missing),
/// repair and other requests with response times and ratings, a monthly bill per enterprise (rent, property fee, for a
/// quarter of them a service fee), delivered collaborations (some with a firm of the next park), a few risk alerts.
/// Apart, in a region of its own: one park of 100 enterprises with five years of the same.
/// </summary>
public static class WorldBuilder
{
    private static readonly string[] Stages = ["原料", "元件", "模组", "组装", "检测", "物流"];

    public static async Task<World> BuildAsync(Func<Func<ParkOpsDb, Task>, Task> withDb, int regionParks, int regionQuarters, int bigFirms, int bigQuarters,
        DateOnly today, DateTime now)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var world = new World { Today = today };
        long id = 1_000_000;
        var region = new Region { Id = ++id, Name = "基准区", Code = "990003", Level = RegionLevel.County };
        var bigRegion = new Region { Id = ++id, Name = "基准大园区县", Code = "990004", Level = RegionLevel.County };
        await withDb(db => Bulk.InsertAsync(db, new[] { region, bigRegion }));
        (world.RegionId, world.BigRegionId) = (region.Id, bigRegion.Id);
        var rnd = new Random(20261207);
        // parks written in batches: a batch of parks' rows per table in one bulk insert
        const int Batch = 50;
        for (var from = 0; from < regionParks; from += Batch)
        {
            var rows = new Rows();
            var parkIds = new List<long>();
            for (var p = from; p < Math.Min(regionParks, from + Batch); p++)
            {
                var parkId = ++id;
                parkIds.Add(parkId);
                world.RegionParks.Add(parkId);
                id = Park(rows, region.Id, parkId, $"BR-{p:D5}", $"基准园区{p}", rnd.Next(20, 51), regionQuarters, today, now, id, rnd, p > 0 ? world.RegionParks[p - 1] : null);
            }
            await rows.InsertAsync(withDb);
            rows.AddTo(world.Region);
        }
        var big = new Rows();
        world.BigParkId = ++id;
        id = Park(big, bigRegion.Id, world.BigParkId, "BB-00001", "基准大园区", bigFirms, bigQuarters, today, now, id, new Random(7), null);
        await big.InsertAsync(withDb);
        big.AddTo(world.Big);
        world.BuildSeconds = sw.Elapsed.TotalSeconds;
        return world;
    }

    /// <summary>A batch of rows of every table, inserted table by table (parents first).</summary>
    private sealed class Rows
    {
        public List<Park> Parks = []; public List<Enterprise> Firms = []; public List<AdmissionDecision> Decisions = [];
        public List<Building> Buildings = []; public List<Floor> Floors = []; public List<Unit> Units = [];
        public List<Lease> Leases = []; public List<LeaseUnit> LeaseUnits = []; public List<QuarterlyReport> Reports = [];
        public List<Ticket> Tickets = []; public List<BillRun> Runs = []; public List<Bill> Bills = []; public List<BillLine> Lines = [];
        public List<Post> Posts = []; public List<Collaboration> Collaborations = []; public List<RiskAlert> Alerts = [];

        public async Task InsertAsync(Func<Func<ParkOpsDb, Task>, Task> withDb) => await withDb(async db =>
        {
            await Bulk.InsertAsync(db, Parks); await Bulk.InsertAsync(db, Firms); await Bulk.InsertAsync(db, Decisions);
            await Bulk.InsertAsync(db, Buildings); await Bulk.InsertAsync(db, Floors); await Bulk.InsertAsync(db, Units);
            await Bulk.InsertAsync(db, Leases); await Bulk.InsertAsync(db, LeaseUnits); await Bulk.InsertAsync(db, Reports);
            await Bulk.InsertAsync(db, Tickets); await Bulk.InsertAsync(db, Runs); await Bulk.InsertAsync(db, Bills); await Bulk.InsertAsync(db, Lines);
            await Bulk.InsertAsync(db, Posts); await Bulk.InsertAsync(db, Collaborations); await Bulk.InsertAsync(db, Alerts);
        });

        public void AddTo(World.Counts c)
        {
            c.Parks += Parks.Count; c.Firms += Firms.Count; c.Units += Units.Count; c.Leases += Leases.Count; c.Reports += Reports.Count; c.Tickets += Tickets.Count;
            c.Bills += Bills.Count; c.Lines += Lines.Count; c.Collaborations += Collaborations.Count; c.Alerts += Alerts.Count;
        }
    }

    private static DateTime Utc(DateOnly d, int minutes) => d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddMinutes(minutes);

    private static long Park(Rows rows, long regionId, long parkId, string code, string name, int n, int quarterCount, DateOnly today, DateTime now, long id, Random rnd, long? neighbour)
    {
        var latest = Quarter.Of(today).Previous;
        var quarters = Enumerable.Range(0, quarterCount).Select(k => latest.Plus(k - quarterCount + 1)).ToList();
        var start = quarters[0].FirstDay;
        rows.Parks.Add(new Park
        {
            Id = parkId, RegionId = regionId, Code = code, Name = name, LandMu = 30 + rnd.Next(120), LeadingIndustry = "电子元器件", LeadingIndustryPrefixes = "C39",
            ChainStages = string.Join('|', Stages), CreatedAt = now,
        });
        // enterprises: most in the park since before the world's first quarter, some admitted during it, one in twenty gone
        var firms = new List<(long Id, DateOnly In, DateOnly? Out, decimal Area, bool Services)>();
        for (var i = 0; i < n; i++)
        {
            var eId = ++id;
            var admitted = rnd.NextDouble() < 0.8 ? start.AddDays(-rnd.Next(1, 1500)) : start.AddDays(rnd.Next(0, Math.Max(1, today.DayNumber - start.DayNumber)));
            DateOnly? gone = rnd.NextDouble() < 0.05 ? admitted.AddDays(rnd.Next(30, Math.Max(31, today.DayNumber - admitted.DayNumber))) : null;
            if (gone > today) gone = null;
            var stages = rnd.NextDouble() < 0.3 ? $"{Stages[rnd.Next(Stages.Length)]}|{Stages[rnd.Next(Stages.Length)]}" : Stages[rnd.Next(Stages.Length)];
            rows.Firms.Add(new Enterprise
            {
                Id = eId, ParkId = parkId, CreditCode = $"92{eId:D16}", Name = $"{name}企业{i:D3}", IndustryCode = rnd.NextDouble() < 0.7 ? $"C39{rnd.Next(10, 99)}" : $"C17{rnd.Next(10, 99)}",
                ChainStages = stages, SizeClass = rnd.NextDouble() < 0.3 ? SizeClass.AboveScale : SizeClass.BelowScale, Employees = 20,
                Status = gone is null ? EnterpriseStatus.Admitted : EnterpriseStatus.Exited, CreatedAt = Utc(admitted, 60), UpdatedAt = gone is { } g ? Utc(g, 60) : now,
            });
            rows.Decisions.Add(new AdmissionDecision { Id = ++id, ParkId = parkId, EnterpriseId = eId, Suggested = AdmissionOutcome.Approve, Outcome = AdmissionOutcome.Approve,
                DecidedBy = "bench", DecidedAt = Utc(admitted, 120) });
            firms.Add((eId, admitted, gone, Math.Round((decimal)(200 + rnd.NextDouble() * 600), 2), rnd.NextDouble() < 0.25));
        }

        // space: one unit per enterprise (leased while it is in the park) and one vacant unit in ten, 60 units a building
        var unitCount = n + n / 10 + 1;
        var buildings = (unitCount + 59) / 60;
        var bIds = Enumerable.Range(0, buildings).Select(_ => ++id).ToArray();
        var fIds = Enumerable.Range(0, buildings).Select(_ => ++id).ToArray();
        for (var b = 0; b < buildings; b++)
        {
            rows.Buildings.Add(new Building { Id = bIds[b], ParkId = parkId, Name = $"{b + 1}号厂房", FloorAreaSqm = 40_000, LandMu = 20, FloorCount = 1 });
            rows.Floors.Add(new Floor { Id = fIds[b], ParkId = parkId, BuildingId = bIds[b], Number = 1, AreaSqm = 40_000, LoadTonsPerSqm = 3 });
        }
        for (var u = 0; u < unitCount; u++)
        {
            var uId = ++id;
            var firm = u < n ? firms[u] : default;
            var held = u < n && firm.Out is null;
            rows.Units.Add(new Unit { Id = uId, ParkId = parkId, BuildingId = bIds[u / 60], FloorId = fIds[u / 60], Code = $"U{u:D4}", AreaSqm = u < n ? firm.Area : 300m,
                Use = SpaceUse.Factory, LoadTonsPerSqm = 3, Status = held ? UnitStatus.Leased : UnitStatus.Vacant, OccupantEnterpriseId = held ? firm.Id : null });
            if (u >= n) continue;
            var lId = ++id;
            var end = firm.In.AddYears(10).AddDays(-1);
            rows.Leases.Add(new Lease { Id = lId, ParkId = parkId, EnterpriseId = firm.Id, Code = $"{code}-L{u:D4}", State = firm.Out is null ? LeaseState.Active : LeaseState.Terminated,
                StartDate = firm.In, TermMonths = 120, EndDate = end, TerminatedOn = firm.Out, CreatedAt = now, UpdatedAt = now });
            rows.LeaseUnits.Add(new LeaseUnit { Id = ++id, LeaseId = lId, ParkId = parkId, EnterpriseId = firm.Id, UnitId = uId, AreaSqm = firm.Area, Use = SpaceUse.Factory, Holds = firm.Out is null });
        }

        // quarterly reports: every quarter the firm was in the park at its end, submitted; one in thirty of the latest missing
        foreach (var f in firms)
        {
            var scale = 50 + rnd.NextDouble() * 500;
            foreach (var q in quarters)
            {
                if (f.In > q.LastDay || f.Out is { } o && o <= q.LastDay) continue;
                if (q == latest && rnd.NextDouble() < 0.033) continue;
                var revenue = scale * (0.9 + rnd.NextDouble() * 0.2) * (1 + 0.02 * (q.Index - quarters[0].Index));
                rows.Reports.Add(new QuarterlyReport
                {
                    Id = ++id, ParkId = parkId, EnterpriseId = f.Id, Year = q.Year, QuarterNumber = q.Number, State = ReportState.Submitted, Source = ReportSource.Form,
                    Output = D(revenue * 1.05), MainRevenue = D(revenue), Tax = D(revenue * 0.05), ValueAdded = D(revenue * 0.25), AvgHeadcount = 20,
                    UpdatedAt = now, UpdatedBy = "bench", SubmittedAt = Utc(q.LastDay.AddDays(10), 120),
                });
            }
        }

        // requests: 3–10 a quarter, six in ten repairs (answered in 10–300 minutes), seven in ten closed and rated
        var inPark = firms.Where(f => f.Out is null).ToList();
        foreach (var q in quarters.Append(Quarter.Of(today)))
        {
            var days = Math.Max(1, Math.Min(q.LastDay.DayNumber, today.DayNumber) - q.FirstDay.DayNumber);
            for (var k = rnd.Next(3, 11); k > 0 && inPark.Count > 0; k--)
            {
                var opened = Utc(q.FirstDay.AddDays(rnd.Next(days)), rnd.Next(60, 600));
                var repair = rnd.NextDouble() < 0.6;
                var t = new Ticket
                {
                    Id = ++id, ParkId = parkId, EnterpriseId = inPark[rnd.Next(inPark.Count)].Id, Kind = TicketKind.Request, Category = repair ? TicketCategory.Repair : TicketCategory.Service,
                    Title = repair ? "设备报修" : "服务申请", CreatedAt = opened, UpdatedAt = opened, ResponseDueAt = opened.AddHours(2), ResolutionDueAt = opened.AddDays(2),
                };
                t.Move(TicketAction.Acknowledge, opened.AddMinutes(rnd.Next(10, 300)));
                if (rnd.NextDouble() < 0.7)
                {
                    t.Resolve(opened.AddHours(6), "张工");
                    t.Move(TicketAction.Close, opened.AddHours(7));
                    t.Rate(rnd.Next(3, 6), null, opened.AddHours(8), byRequester: true, handledIt: false);
                }
                rows.Tickets.Add(t);
            }
        }

        // bills: each month of the world to this one, one per enterprise in the park on the month's first day
        for (var month = start; month <= today; month = month.AddMonths(1))
        {
            var run = new BillRun { Id = ++id, ParkId = parkId, Month = month, State = BillRunState.Completed, StartedBy = "bench", StartedAt = now, FinishedAt = now };
            rows.Runs.Add(run);
            foreach (var f in firms)
            {
                if (f.In > month || f.Out is { } o && o <= month) continue;
                var bId = ++id;
                var rent = Math.Round(f.Area * 30m, 2);
                var fee = Math.Round(f.Area * 3.5m, 2);
                var service = f.Services ? Math.Round((decimal)(rnd.NextDouble() * 3000), 2) : 0m;
                var bill = new Bill { Id = bId, ParkId = parkId, EnterpriseId = f.Id, RunId = run.Id, Number = $"B{bId}", Month = month, State = BillState.Paid, Total = rent + fee + service,
                    Paid = rent + fee + service, DueDate = month.AddDays(14), IssuedAt = now };
                rows.Bills.Add(bill);
                rows.Lines.Add(Line(++id, bill, BillLineKind.Rent, rent));
                rows.Lines.Add(Line(++id, bill, BillLineKind.PropertyFee, fee));
                if (service > 0) rows.Lines.Add(Line(++id, bill, BillLineKind.ServiceFee, service));
            }
        }

        // collaborations: 2–6 delivered a quarter between firms of the park, one in ten with a firm of the park before it
        if (inPark.Count >= 2)
        {
            var need = new Post { Id = ++id, ParkId = parkId, EnterpriseId = inPark[0].Id, RegionId = regionId, Kind = PostKind.CapacityNeed, State = PostState.Closed, Title = "加工需求",
                CreatedBy = "bench", CreatedAt = now, UpdatedAt = now };
            var offer = new Post { Id = ++id, ParkId = parkId, EnterpriseId = inPark[1].Id, RegionId = regionId, Kind = PostKind.CapacityOffer, State = PostState.Closed, Title = "加工产能",
                CreatedBy = "bench", CreatedAt = now, UpdatedAt = now };
            rows.Posts.Add(need); rows.Posts.Add(offer);
            foreach (var q in quarters)
                for (var k = rnd.Next(2, 7); k > 0; k--)
                {
                    var a = inPark[rnd.Next(inPark.Count)].Id;
                    // a firm of the park before: its first enterprise (ids run park by park: the park's id, then its enterprises')
                    var (offerPark, bId) = neighbour is { } nb && rnd.NextDouble() < 0.1 ? (nb, nb + 1) : (parkId, inPark[rnd.Next(inPark.Count)].Id);
                    var delivered = q.FirstDay.AddDays(rnd.Next(85));
                    rows.Collaborations.Add(new Collaboration
                    {
                        Id = ++id, ParkId = parkId, OfferParkId = offerPark, NeedPostId = need.Id, OfferPostId = offer.Id, NeedEnterpriseId = a, OfferEnterpriseId = bId,
                        InquirerEnterpriseId = a, State = rnd.NextDouble() < 0.5 ? CollaborationState.Delivered : CollaborationState.Closed, Amount = Math.Round((decimal)(rnd.NextDouble() * 50_000), 2),
                        DeliveredOn = delivered > today ? today : delivered, CreatedBy = "bench", CreatedAt = now, UpdatedAt = now,
                    });
                }
        }

        // risk alerts: 1–3, raised during the last year, half of them resolved since
        for (var k = rnd.Next(1, 4); k > 0 && inPark.Count > 0; k--)
        {
            var raised = Utc(today.AddDays(-rnd.Next(1, 365)), 120);
            var firm = inPark[rnd.Next(inPark.Count)].Id;
            var a = RiskAlert.Raise(parkId, new RiskFinding(AlertType.MissingReport, AlertSeverity.Medium, firm, $"missing:{firm}:{k}", latest,
                new ReportEvidence("missing", latest.ToString(), latest.LastDay.AddDays(15), null, 0)), """{"kind":"missing"}""", raised);
            a.Id = ++id;
            if (rnd.NextDouble() < 0.5) a.Apply(AlertAction.Resolve, null, "bench", raised.AddDays(rnd.Next(1, 60)));
            rows.Alerts.Add(a);
        }
        return id;
    }

    private static BillLine Line(long id, Bill bill, BillLineKind kind, decimal amount) => new()
    {
        Id = id, BillId = bill.Id, ParkId = bill.ParkId, EnterpriseId = bill.EnterpriseId, Kind = kind, SourceType = "bench", SourceId = bill.Number, Description = kind.ToString(),
        Quantity = 1, UnitPrice = amount, Amount = amount,
    };

    private static decimal D(double v) => Math.Round((decimal)v, 4);
}
