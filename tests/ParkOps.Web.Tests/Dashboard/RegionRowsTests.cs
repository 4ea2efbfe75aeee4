using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ParkOps.Domain.Billing;
using ParkOps.Domain.Marketplace;
using ParkOps.Domain.Pricing;
using ParkOps.Domain.Monitoring;
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
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Dashboard;

/// <summary>
/// The region overview gathers all its parks at once (one read per contract, not one per park): each park's row must be
/// exactly that park's own dashboard of the same quarter. Four parks of 东莞市: the demo's two, a third stored here with
/// a firm of every kind of record (units, a lease, reports, a ticket, bills, an alert, and a collaboration with a firm of
/// DG-CA-01, which counts in both parks), and a fourth with nothing in it.
/// </summary>
public sealed class RegionRowsTests(ParkOpsFactory app) : IClassFixture<ParkOpsFactory>
{
    private const string Third = "DG-RR-03", Empty = "DG-RR-04";

    private static readonly SemaphoreSlim Seeding = new(1, 1);

    /// <summary>The quarter the host's clock is in (the host decides what "this quarter" is).</summary>
    private Quarter ThisQuarter => Quarter.Of(DateOnly.FromDateTime(Time.ToShanghai(app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime)));

    /// <summary>The third park: 150 ㎡ leasable (and 30 not), 100 of it leased to firm 1; firms 1 (C3911) and 2 (C1810) in, firm 3 gone.</summary>
    private Task SeedAsync() => app.WithDbAsync(async db =>
    {
        await Seeding.WaitAsync();
        try
        {
            if (await db.Parks.IgnoreQueryFilters().AnyAsync(p => p.Code == Third)) return 0;
            var city = await db.Regions.SingleAsync(r => r.Code == "441900");
            var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            var last = ThisQuarter.Previous;
            var mid = last.FirstDay.AddDays(40);
            DateTime At(DateOnly d, int hour = 2) => d.ToDateTime(new TimeOnly(hour, 0), DateTimeKind.Utc);
            var park = new Park { RegionId = city.Id, Name = "区域行测试园", Code = Third, LandMu = 20m, LeadingIndustry = "电子", LeadingIndustryPrefixes = "C39",
                ChainStages = "元件|组装|检测", CreatedAt = now };
            db.Parks.Add(new Park { RegionId = city.Id, Name = "区域行空园", Code = Empty, LandMu = 0, CreatedAt = now });
            db.Parks.Add(park);
            await db.SaveChangesAsync();
            Enterprise Firm(int n, string industry, string stages, EnterpriseStatus status) => new()
            {
                ParkId = park.Id, CreditCode = $"91441900RR0000{n:D4}", Name = $"区域行企业{n}", IndustryCode = industry, ChainStages = stages, Status = status,
                CreatedAt = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc), UpdatedAt = At(mid.AddDays(-200)),
            };
            var (f1, f2, f3) = (Firm(1, "C3911", "元件|组装", EnterpriseStatus.Admitted), Firm(2, "C1810", "检测", EnterpriseStatus.Admitted), Firm(3, "C3920", "元件", EnterpriseStatus.Exited));
            db.Enterprises.AddRange(f1, f2, f3);
            var building = new Building { ParkId = park.Id, Name = "1号楼", FloorAreaSqm = 200, LandMu = 1, FloorCount = 1 };
            db.Add(building);
            await db.SaveChangesAsync();
            var floor = new Floor { ParkId = park.Id, BuildingId = building.Id, Number = 1, AreaSqm = 200, LoadTonsPerSqm = 3 };
            db.Add(floor);
            await db.SaveChangesAsync();
            Unit U(string code, decimal area, UnitStatus status) => new()
            {
                ParkId = park.Id, BuildingId = building.Id, FloorId = floor.Id, Code = code, AreaSqm = area, Use = SpaceUse.Factory, LoadTonsPerSqm = 3, Status = status,
            };
            var (u1, u2, u3) = (U("RR-101", 100m, UnitStatus.Leased), U("RR-102", 50m, UnitStatus.Vacant), U("RR-103", 30m, UnitStatus.NotLeasable));
            db.AddRange(u1, u2, u3);
            await db.SaveChangesAsync();
            var lease = new Lease { ParkId = park.Id, EnterpriseId = f1.Id, Code = "RR-L1", State = LeaseState.Active, StartDate = new DateOnly(2020, 1, 1), TermMonths = 240,
                EndDate = new DateOnly(2039, 12, 31), CreatedAt = now, UpdatedAt = now };
            db.Add(lease);
            await db.SaveChangesAsync();
            db.Add(new LeaseUnit { LeaseId = lease.Id, ParkId = park.Id, EnterpriseId = f1.Id, UnitId = u1.Id, AreaSqm = 100m, Use = SpaceUse.Factory, Holds = true });
            foreach (var (firm, q, tax) in new[] { (f1, last, 12.5m), (f2, last, 7.25m), (f1, last.Plus(-4), 10m), (f1, last.Plus(-1), 11m) })
                db.Add(new QuarterlyReport { ParkId = park.Id, EnterpriseId = firm.Id, Year = q.Year, QuarterNumber = q.Number, State = ReportState.Submitted, Tax = tax, Output = tax * 20,
                    UpdatedAt = now, UpdatedBy = "test", SubmittedAt = At(q.LastDay.AddDays(10)) });
            var created = At(mid, 1);
            var ticket = new Ticket { ParkId = park.Id, EnterpriseId = f1.Id, Kind = TicketKind.Request, Category = TicketCategory.Repair, Title = "漏水", CreatedAt = created, UpdatedAt = created,
                ResponseDueAt = created.AddHours(4), ResolutionDueAt = created.AddDays(2) };
            // answered 45 minutes after it was opened, resolved, closed and rated 5 by its requester
            ticket.Move(TicketAction.Acknowledge, created.AddMinutes(45));
            ticket.Resolve(created.AddHours(3), "张三");
            ticket.Move(TicketAction.Close, created.AddHours(4));
            ticket.Rate(5, null, created.AddHours(5), byRequester: true, handledIt: false);
            db.Add(ticket);
            var month = new DateOnly(mid.Year, mid.Month, 1);
            var run = new BillRun { ParkId = park.Id, Month = month, State = BillRunState.Completed, StartedBy = "test", StartedAt = now, FinishedAt = now };
            db.Add(run);
            await db.SaveChangesAsync();
            var bill = new Bill { ParkId = park.Id, EnterpriseId = f1.Id, RunId = run.Id, Number = "RR-B1", Month = month, State = BillState.Issued, Total = 1500.5m, DueDate = month.AddDays(20), IssuedAt = now };
            bill.Lines.Add(new BillLine { ParkId = park.Id, EnterpriseId = f1.Id, Kind = BillLineKind.Rent, SourceType = "lease", SourceId = "RR-L1", Description = "租金", Amount = 1000m });
            bill.Lines.Add(new BillLine { ParkId = park.Id, EnterpriseId = f1.Id, Kind = BillLineKind.ServiceFee, SourceType = "service", SourceId = "1", Description = "服务", Amount = 500.5m });
            db.Add(bill);
            db.Add(RiskAlert.Raise(park.Id, new RiskFinding(AlertType.MissingReport, AlertSeverity.Medium, f2.Id, "rr-missing", last,
                new ReportEvidence("missing", last.ToString(), last.LastDay.AddDays(15), null, 0)), "{}", At(last.FirstDay.AddDays(5))));
            // a collaboration between firm 1 and a firm of DG-CA-01, delivered last quarter (posts: any two of the demo's)
            var ca = await db.Parks.IgnoreQueryFilters().SingleAsync(p => p.Code == "DG-CA-01");
            var partner = await db.Enterprises.IgnoreQueryFilters().Where(e => e.ParkId == ca.Id && e.Status == EnterpriseStatus.Admitted).OrderBy(e => e.Id).FirstAsync();
            var posts = await db.Posts.IgnoreQueryFilters().OrderBy(p => p.Id).Select(p => p.Id).Take(2).ToListAsync();
            db.Add(new Collaboration { ParkId = park.Id, OfferParkId = ca.Id, NeedPostId = posts[0], OfferPostId = posts[1], NeedEnterpriseId = f1.Id, OfferEnterpriseId = partner.Id,
                InquirerEnterpriseId = f1.Id, State = CollaborationState.Delivered, Amount = 8000m, DeliveredOn = mid, CreatedBy = "test", CreatedAt = now, UpdatedAt = now });
            await db.SaveChangesAsync();
            return 0;
        }
        finally { Seeding.Release(); }
    });

    private static async Task<JsonElement> GetAsync(HttpClient client, string url)
    {
        var res = await client.GetAsync(url);
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        return await res.JsonAsync();
    }

    private static string? Cell(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetRawText();

    [Theory]
    [InlineData("gov")]
    [InlineData("admin")]
    public async Task EveryParksRow_IsItsOwnDashboard_InSeveralQuarters(string user)
    {
        await SeedAsync();
        var city = await app.WithDbAsync(async db => (await db.Regions.SingleAsync(r => r.Code == "441900")).Id);
        var client = await app.LoginAsync(user);
        foreach (var q in new[] { ThisQuarter, ThisQuarter.Previous, ThisQuarter.Plus(-5) })
        {
            var region = await GetAsync(client, $"/api/v1/regions/{city}/parks-overview?quarter={q}");
            var rows = region.GetProperty("parks").EnumerateArray().ToList();
            rows.Select(r => r.GetProperty("code").GetString()).ShouldBe(["DG-CA-01", "DG-HM-01", Third, Empty], ignoreOrder: true);
            foreach (var row in rows)
            {
                var park = row.GetProperty("parkId").GetInt64();
                var own = await GetAsync(client, $"/api/v1/parks/{park}/dashboard?quarter={q}");
                var expected = own.GetProperty("kpis").EnumerateArray()
                    .Select(k => (k.GetProperty("kpi").GetString(), Cell(k.GetProperty("value")), Cell(k.GetProperty("meets")))).ToList();
                var actual = row.GetProperty("kpis").EnumerateArray()
                    .Select(k => (k.GetProperty("kpi").GetString(), Cell(k.GetProperty("value")), Cell(k.GetProperty("meets")))).ToList();
                actual.ShouldBe(expected, $"{row.GetProperty("code").GetString()} {q}");
            }
        }
    }

    [Fact]
    public async Task ThirdPark_LastQuarter_FromWhatWasStoredHere()
    {
        await SeedAsync();
        var city = await app.WithDbAsync(async db => (await db.Regions.SingleAsync(r => r.Code == "441900")).Id);
        var q = ThisQuarter.Previous;
        var region = await GetAsync(await app.LoginAsync("gov"), $"/api/v1/regions/{city}/parks-overview?quarter={q}");
        decimal? V(string code, string kpi)
        {
            var cell = region.GetProperty("parks").EnumerateArray().Single(p => p.GetProperty("code").GetString() == code)
                .GetProperty("kpis").EnumerateArray().Single(k => k.GetProperty("kpi").GetString() == kpi).GetProperty("value");
            return cell.ValueKind == JsonValueKind.Null ? null : cell.GetDecimal();
        }
        // 100 of 150 ㎡; firms 1 and 2 in the park, firm 1 (C3911) leading and collaborating; tax 12.5 + 7.25 over 20 亩;
        // a year before only firm 1's 10 → growth 97.5 %; rent 1,000 and services 500.5 → 33.4 %; stages 元件, 组装, 检测 all held
        V(Third, "occupancy").ShouldBe(66.7m);
        V(Third, "leadingIndustryShare").ShouldBe(50.0m);
        V(Third, "collaborationRate").ShouldBe(50.0m);
        V(Third, "taxPerMu").ShouldBe(0.99m);
        V(Third, "taxGrowth").ShouldBe(97.5m);
        V(Third, "serviceRevenueShare").ShouldBe(33.4m);
        V(Third, "chainCompleteness").ShouldBe(100.0m);
        V(Third, "responseTime").ShouldBe(45m);
        V(Third, "satisfaction").ShouldBe(100.0m);
        V(Third, "openRiskAlerts").ShouldBe(1m);
        // the park with nothing: no data where there is none, 0 where a count is the answer
        V(Empty, "occupancy").ShouldBeNull();
        V(Empty, "taxPerMu").ShouldBeNull();
        V(Empty, "openRiskAlerts").ShouldBe(0m);
    }
}
