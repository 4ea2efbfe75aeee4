using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Features.Audit;
using ParkOps.Web.Features.Billing;
using ParkOps.Web.Features.Booking;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Leasing;
using ParkOps.Web.Features.Marketplace;
using ParkOps.Web.Features.Metering;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Features.ServiceDesk;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Features.Users;
using ParkOps.Web.Tests.Booking;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Foundation;

/// <summary>
/// Who sees what: every API endpoint that takes an id is read from the running host and called with ids the caller
/// must not reach. A new endpoint is covered without being listed here; one whose id names a resource this class
/// has no id for fails <see cref="ResourceIds"/> until the resource is added.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class ScopeTests(ParkOpsFactory app)
{
    /// <summary>Resources whose ids belong to a park (and so to the park's scope).</summary>
    private static readonly HashSet<string> ParkData = ["parks", "enterprises", "documents", "exit-cases", "units", "leases", "bills", "tickets", "photos", "resources", "bookings", "waitlist", "meters", "posts", "collaborations", "pools", "report-submissions", "alerts", "loans", "crises", "runs", "services", "service-orders", "notifications", "unified-orders", "parts", "investment-leads", "evidence"];
    /// <summary>Resources that are not park data: accounts, regions and the shared taxonomy are the platform admin's.</summary>
    private static readonly HashSet<string> NotParkData = ["users", "capabilities", "regions", "lexicon", "chain-templates", "grading-items"];
    /// <summary>Route values that are not ids (the part after <c>?</c> is the parameter's name), with the value the tests send.</summary>
    private static readonly Dictionary<string, object> RouteValues = new() { ["?action"] = "terminate", ["dashboard"] = "occupancy" };

    /// <summary>Writes a government viewer may make (none yet); an endpoint listed here is left out of the read-only check.</summary>
    /// <summary>Writes a government viewer may make: ending its own session is not a change of park data.</summary>
    private static readonly HashSet<string> GovernmentMayWrite = ["POST /api/v1/auth/logout",
        // its own inbox: marking its own notices read (none of a park's)
        "POST /api/v1/notifications/read-all",
        // the county approves or returns the park's quarterly submission (issue 12 §1)
        "POST /api/v1/report-submissions/{id:long}/approve", "POST /api/v1/report-submissions/{id:long}/return",
        // the county adjusts, approves or returns the park's grading self-assessment (issue 14 §4)
        "POST /api/v1/parks/{parkId:long}/grading/review"];

    private sealed record Ids(long Ca, long Hm, long TenantEnterprise, long Tenant2Enterprise);

    private async Task<Ids> DemoIdsAsync() => new(await app.ParkIdAsync(), await app.ParkIdAsync("DG-HM-01"),
        await app.EnterpriseOfAsync("tenant"), await app.EnterpriseOfAsync("tenant2"));

    /// <summary>Ids that belong to enterprise B (tenant2) or to the other park: what "tenant" must not reach.</summary>
    private async Task<Dictionary<string, object>> ForeignToTenantAsync(Ids ids) => new()
    {
        ["parks"] = ids.Hm,
        ["enterprises"] = ids.Tenant2Enterprise,
        ["documents"] = await app.WithDbAsync(db => db.EnterpriseDocuments.Where(d => d.EnterpriseId == ids.Tenant2Enterprise).Select(d => d.Id).FirstAsync()),
        ["exit-cases"] = await app.WithDbAsync(db => db.ExitCases.Where(x => x.EnterpriseId != ids.TenantEnterprise && x.ParkId == ids.Ca).Select(x => x.Id).FirstAsync()),
        // a tenant sees its own park's units (without their occupants), so the foreign unit is in the other park
        ["units"] = await app.WithDbAsync(db => db.Units.Where(u => u.ParkId == ids.Hm).Select(u => u.Id).FirstAsync()),
        ["users"] = await UserIdAsync("tenant2"),
        ["leases"] = await app.WithDbAsync(db => db.Leases.Where(l => l.EnterpriseId != ids.TenantEnterprise && l.ParkId == ids.Ca).OrderBy(l => l.Id).Select(l => l.Id).FirstAsync()),
        ["bills"] = await app.WithDbAsync(db => db.Bills.Where(b => b.EnterpriseId != ids.TenantEnterprise && b.ParkId == ids.Ca).OrderBy(b => b.Id).Select(b => b.Id).FirstAsync()),
        // tenant2's ticket with its photo (the demo gives it one)
        ["tickets"] = await app.WithDbAsync(db => db.TicketPhotos.Where(p => db.Set<Ticket>().Any(t => t.Id == p.TicketId && t.EnterpriseId == ids.Tenant2Enterprise)).OrderBy(p => p.Id).Select(p => p.TicketId).FirstAsync()),
        ["photos"] = await app.WithDbAsync(db => db.TicketPhotos.Where(p => db.Set<Ticket>().Any(t => t.Id == p.TicketId && t.EnterpriseId == ids.Tenant2Enterprise)).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync()),
        // a tenant sees its park's resources (bookings of others only as busy slots), so the foreign resource is in the other park
        ["resources"] = await app.WithDbAsync(db => db.Resources.Where(r => r.ParkId == ids.Hm).OrderBy(r => r.Id).Select(r => r.Id).FirstAsync()),
        ["bookings"] = await app.WithDbAsync(db => db.Bookings.Where(b => b.EnterpriseId == ids.Tenant2Enterprise).OrderBy(b => b.Id).Select(b => b.Id).FirstAsync()),
        ["waitlist"] = await BookingScope.WaitlistEntryAsync(app, ids.Ca, ids.Tenant2Enterprise),
        ["meters"] = await app.WithDbAsync(db => db.Meters.Where(m => db.Set<Unit>().Any(u => u.Id == m.UnitId && u.OccupantEnterpriseId == ids.Tenant2Enterprise)).OrderBy(m => m.Id).Select(m => m.Id).FirstAsync()),
        // a draft of another enterprise of the same park: private to that enterprise
        ["posts"] = await Marketplace.MarketplaceApi.DraftOfAsync(app, ids.Tenant2Enterprise),
        ["capabilities"] = "smt",
        ["lexicon"] = "scope_phrase",
        ["grading-items"] = await Grading.GradingApi.ItemAsync(app),
        ["regions"] = await RegionOfAsync(ids.Hm),
        ["collaborations"] = await app.WithDbAsync(db => db.Collaborations.Where(c => c.NeedEnterpriseId != ids.TenantEnterprise && c.OfferEnterpriseId != ids.TenantEnterprise && c.ParkId == ids.Ca).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync()),
        // pools are seen by every tenant of their park, so the foreign pool is in the other park
        ["pools"] = await Marketplace.PoolApi.PoolInParkAsync(app, ids.Hm),
        ["report-submissions"] = await Reporting.ReportingApi.SubmissionInParkAsync(app, ids.Hm),
        ["evidence"] = await Grading.GradingApi.EvidenceInParkAsync(app, ids.Hm),
        ["runs"] = await app.WithDbAsync(db => db.Set<Features.Evaluation.MujunRun>().IgnoreQueryFilters().Where(r => r.ParkId == ids.Hm).OrderBy(r => r.Id).Select(r => r.Id).FirstAsync()),
        // alerts are the operators' only: one about another enterprise of the tenant's own park
        ["alerts"] = await app.WithDbAsync(db => db.Set<Features.Risk.RiskAlert>().Where(a => a.ParkId == ids.Ca && a.EnterpriseId != ids.TenantEnterprise).OrderBy(a => a.Id).Select(a => a.Id).FirstAsync()),
        // tenant2's bridge loan; a crisis is the park's operators' record, so the foreign one is in the other park
        ["loans"] = await ReserveFund.FundTestData.LoanOfAsync(app, ids.Ca, ids.Tenant2Enterprise),
        ["crises"] = await ReserveFund.FundTestData.CrisisInParkAsync(app, ids.Hm),
        // a tenant sees its park's price list, so the foreign service is in the other park; orders are each enterprise's own
        ["services"] = await ParkServices.ServiceTestData.ServiceInParkAsync(app, ids.Hm),
        ["service-orders"] = await ParkServices.ServiceTestData.OrderOfAsync(app, ids.Ca, ids.Tenant2Enterprise),
        // a notice to another enterprise of the same park (the demo's bill notices)
        ["notifications"] = await app.WithDbAsync(db => db.Set<Features.Notifications.Notification>().IgnoreQueryFilters().Where(n => n.EnterpriseId == ids.Tenant2Enterprise).OrderBy(n => n.Id).Select(n => n.Id).FirstAsync()),
        // a unified order whose one part is tenant2's: tenant sees neither the order nor the part
        ["unified-orders"] = await Orders.OrderTestData.OrderOfAsync(app, ids.Ca, ids.Tenant2Enterprise),
        ["parts"] = await Orders.OrderTestData.PartOfAsync(app, ids.Ca, ids.Tenant2Enterprise),
        // leads are the operators' only: the tenant's own park's lead is foreign to it
        ["investment-leads"] = await Chains.ChainTestData.LeadInParkAsync(app, ids.Ca),
        ["chain-templates"] = 1L,
        ["?action"] = RouteValues["?action"], ["dashboard"] = RouteValues["dashboard"],
    };

    /// <summary>Ids in DG-CA-01, all visible to the government viewer: a refusal is about writing, not about scope.</summary>
    private async Task<Dictionary<string, object>> InGovernmentScopeAsync(Ids ids) => new()
    {
        ["parks"] = ids.Ca,
        ["enterprises"] = await app.SomeEnterpriseAsync(ids.Ca, ids.TenantEnterprise),
        ["documents"] = await app.WithDbAsync(db => db.EnterpriseDocuments.Where(d => d.ParkId == ids.Ca).Select(d => d.Id).FirstAsync()),
        ["exit-cases"] = await app.WithDbAsync(db => db.ExitCases.Where(x => x.ParkId == ids.Ca).Select(x => x.Id).FirstAsync()),
        ["units"] = await app.WithDbAsync(db => db.Units.Where(u => u.ParkId == ids.Ca).Select(u => u.Id).FirstAsync()),
        ["users"] = await UserIdAsync("partner"),
        ["leases"] = await app.WithDbAsync(db => db.Leases.Where(l => l.ParkId == ids.Ca).OrderBy(l => l.Id).Select(l => l.Id).FirstAsync()),
        ["bills"] = await app.WithDbAsync(db => db.Bills.Where(b => b.ParkId == ids.Ca).OrderBy(b => b.Id).Select(b => b.Id).FirstAsync()),
        ["tickets"] = await app.WithDbAsync(db => db.TicketPhotos.Where(p => p.ParkId == ids.Ca).OrderBy(p => p.Id).Select(p => p.TicketId).FirstAsync()),
        ["photos"] = await app.WithDbAsync(db => db.TicketPhotos.Where(p => p.ParkId == ids.Ca).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync()),
        ["resources"] = await app.WithDbAsync(db => db.Resources.Where(r => r.ParkId == ids.Ca).OrderBy(r => r.Id).Select(r => r.Id).FirstAsync()),
        ["bookings"] = await app.WithDbAsync(db => db.Bookings.Where(b => b.ParkId == ids.Ca).OrderBy(b => b.Id).Select(b => b.Id).FirstAsync()),
        ["waitlist"] = await BookingScope.WaitlistEntryAsync(app, ids.Ca, ids.Tenant2Enterprise),
        ["meters"] = await app.WithDbAsync(db => db.Meters.Where(m => m.ParkId == ids.Ca).OrderBy(m => m.Id).Select(m => m.Id).FirstAsync()),
        ["posts"] = await Marketplace.MarketplaceApi.OpenPostOfAsync(app, ids.Tenant2Enterprise, Domain.Matching.PostVisibility.Park),
        ["capabilities"] = "smt",
        ["lexicon"] = "scope_phrase",
        ["grading-items"] = await Grading.GradingApi.ItemAsync(app),
        ["regions"] = await RegionOfAsync(ids.Ca),
        ["collaborations"] = await app.WithDbAsync(db => db.Collaborations.Where(c => c.ParkId == ids.Ca).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync()),
        ["pools"] = await Marketplace.PoolApi.PoolInParkAsync(app, ids.Ca),
        ["report-submissions"] = await Reporting.ReportingApi.SubmissionInParkAsync(app, ids.Ca),
        ["evidence"] = await Grading.GradingApi.EvidenceInParkAsync(app, ids.Ca),
        ["runs"] = await app.WithDbAsync(db => db.Set<Features.Evaluation.MujunRun>().IgnoreQueryFilters().Where(r => r.ParkId == ids.Ca).OrderBy(r => r.Id).Select(r => r.Id).FirstAsync()),
        ["alerts"] = await app.WithDbAsync(db => db.Set<Features.Risk.RiskAlert>().Where(a => a.ParkId == ids.Ca).OrderBy(a => a.Id).Select(a => a.Id).FirstAsync()),
        ["loans"] = await ReserveFund.FundTestData.LoanOfAsync(app, ids.Ca, ids.TenantEnterprise),
        ["crises"] = await ReserveFund.FundTestData.CrisisInParkAsync(app, ids.Ca),
        ["services"] = await ParkServices.ServiceTestData.ServiceInParkAsync(app, ids.Ca),
        ["service-orders"] = await ParkServices.ServiceTestData.OrderOfAsync(app, ids.Ca, ids.Tenant2Enterprise),
        // notices are their audience's alone: a government viewer is in none of the park's
        ["notifications"] = await app.WithDbAsync(db => db.Set<Features.Notifications.Notification>().IgnoreQueryFilters().Where(n => n.ParkId == ids.Ca).OrderBy(n => n.Id).Select(n => n.Id).FirstAsync()),
        // unified orders name firms: a government viewer sees none
        ["unified-orders"] = await Orders.OrderTestData.OrderOfAsync(app, ids.Ca, ids.Tenant2Enterprise),
        ["parts"] = await Orders.OrderTestData.PartOfAsync(app, ids.Ca, ids.Tenant2Enterprise),
        ["investment-leads"] = await Chains.ChainTestData.LeadInParkAsync(app, ids.Ca),
        ["chain-templates"] = 1L,
        ["?action"] = RouteValues["?action"], ["dashboard"] = RouteValues["dashboard"],
    };

    /// <summary>Ids of park DG-HM-01 for the operator of DG-CA-01; the demo has no document or exit case there, so one of each is added.</summary>
    private async Task<Dictionary<string, object>> OtherParkAsync(Ids ids)
    {
        var enterprise = await app.WithDbAsync(db => db.Enterprises.Where(e => e.ParkId == ids.Hm).OrderBy(e => e.Id).Select(e => e.Id).FirstAsync());
        var document = await app.WithDbAsync(async db =>
        {
            var d = await db.EnterpriseDocuments.FirstOrDefaultAsync(x => x.ParkId == ids.Hm);
            if (d is null)
            {
                d = new EnterpriseDocument { ParkId = ids.Hm, EnterpriseId = enterprise, Kind = "营业执照", Number = "scope-test", AddedAt = DateTime.UtcNow };
                db.EnterpriseDocuments.Add(d);
                await db.SaveChangesAsync();
            }
            return d.Id;
        });
        var exitCase = await app.WithDbAsync(async db =>
        {
            var x = await db.ExitCases.FirstOrDefaultAsync(c => c.ParkId == ids.Hm);
            if (x is null)
            {
                // a closed case: it changes nothing about the enterprise, it only gives the park an exit-case id
                x = new ExitCase { ParkId = ids.Hm, EnterpriseId = enterprise, Reason = ExitReason.Voluntary, State = ExitState.Cancelled, OpenedAt = DateTime.UtcNow, ClosedAt = DateTime.UtcNow };
                db.ExitCases.Add(x);
                await db.SaveChangesAsync();
            }
            return x.Id;
        });
        // the demo's tickets are all in DG-CA-01: one with a photo is added in DG-HM-01
        var photo = await app.WithDbAsync(async db =>
        {
            var p = await db.TicketPhotos.FirstOrDefaultAsync(x => x.ParkId == ids.Hm);
            if (p is null)
            {
                var now = DateTime.UtcNow;
                var t = new Features.ServiceDesk.Ticket { ParkId = ids.Hm, EnterpriseId = enterprise, Category = ParkOps.Domain.ServiceDesk.TicketCategory.Repair, Title = "scope-test",
                    CreatedAt = now, UpdatedAt = now, ResponseDueAt = now.AddHours(2), ResolutionDueAt = now.AddDays(2) };
                db.Tickets.Add(t);
                await db.SaveChangesAsync();
                p = new Features.ServiceDesk.TicketPhoto { ParkId = ids.Hm, TicketId = t.Id, ContentType = "image/png", Data = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], UploadedAt = now };
                db.TicketPhotos.Add(p);
                await db.SaveChangesAsync();
            }
            return (p.TicketId, p.Id);
        });
        return new()
        {
            ["tickets"] = photo.TicketId,
            ["photos"] = photo.Id,
            ["parks"] = ids.Hm,
            ["enterprises"] = enterprise,
            ["documents"] = document,
            ["exit-cases"] = exitCase,
            ["units"] = await app.WithDbAsync(db => db.Units.Where(u => u.ParkId == ids.Hm).Select(u => u.Id).FirstAsync()),
            ["leases"] = await app.WithDbAsync(db => db.Leases.Where(l => l.ParkId == ids.Hm).OrderBy(l => l.Id).Select(l => l.Id).FirstAsync()),
            ["bills"] = await app.WithDbAsync(db => db.Bills.Where(b => b.ParkId == ids.Hm).OrderBy(b => b.Id).Select(b => b.Id).FirstAsync()),
            ["resources"] = await app.WithDbAsync(db => db.Resources.Where(r => r.ParkId == ids.Hm).OrderBy(r => r.Id).Select(r => r.Id).FirstAsync()),
            ["bookings"] = await BookingScope.BookingInParkAsync(app, ids.Hm, enterprise),
            ["waitlist"] = await BookingScope.WaitlistEntryAsync(app, ids.Hm, enterprise),
            ["meters"] = await app.WithDbAsync(db => db.Meters.Where(m => m.ParkId == ids.Hm).OrderBy(m => m.Id).Select(m => m.Id).FirstAsync()),
            // a park-only post of the other park: not seen from DG-CA-01 (a region-wide one would be)
            ["posts"] = await Marketplace.MarketplaceApi.OpenPostOfAsync(app, enterprise, Domain.Matching.PostVisibility.Park),
            ["collaborations"] = await Marketplace.MarketplaceApi.CollaborationInParkAsync(app, ids.Hm),
            ["pools"] = await Marketplace.PoolApi.PoolInParkAsync(app, ids.Hm),
            ["report-submissions"] = await Reporting.ReportingApi.SubmissionInParkAsync(app, ids.Hm),
            ["evidence"] = await Grading.GradingApi.EvidenceInParkAsync(app, ids.Hm),
        ["evidence"] = await Grading.GradingApi.EvidenceInParkAsync(app, ids.Hm),
            ["runs"] = await app.WithDbAsync(db => db.Set<Features.Evaluation.MujunRun>().IgnoreQueryFilters().Where(r => r.ParkId == ids.Hm).OrderBy(r => r.Id).Select(r => r.Id).FirstAsync()),
            ["alerts"] = await app.WithDbAsync(db => db.Set<Features.Risk.RiskAlert>().Where(a => a.ParkId == ids.Hm).OrderBy(a => a.Id).Select(a => a.Id).FirstAsync()),
            ["loans"] = await ReserveFund.FundTestData.LoanOfAsync(app, ids.Hm, enterprise),
            ["crises"] = await ReserveFund.FundTestData.CrisisInParkAsync(app, ids.Hm),
            ["services"] = await ParkServices.ServiceTestData.ServiceInParkAsync(app, ids.Hm),
            ["service-orders"] = await ParkServices.ServiceTestData.OrderOfAsync(app, ids.Hm, enterprise),
            ["notifications"] = await app.WithDbAsync(db => db.Set<Features.Notifications.Notification>().IgnoreQueryFilters().Where(n => n.ParkId == ids.Hm).OrderBy(n => n.Id).Select(n => n.Id).FirstAsync()),
            ["unified-orders"] = await Orders.OrderTestData.OrderOfAsync(app, ids.Hm, enterprise),
            ["parts"] = await Orders.OrderTestData.PartOfAsync(app, ids.Hm, enterprise),
            ["investment-leads"] = await Chains.ChainTestData.LeadInParkAsync(app, ids.Hm),
            ["chain-templates"] = 1L,
            ["?action"] = RouteValues["?action"], ["dashboard"] = RouteValues["dashboard"],
        };
    }

    private Task<long> RegionOfAsync(long park) => app.WithDbAsync(db => db.Parks.IgnoreQueryFilters().Where(p => p.Id == park).Select(p => p.RegionId).SingleAsync());

    private Task<long> UserIdAsync(string name) => app.WithDbAsync(db => db.Users.Where(u => u.UserName == name).Select(u => u.Id).SingleAsync());

    private Task<int> AuditCountAsync() => app.WithDbAsync(db => db.AuditEntries.CountAsync());

    private IReadOnlyList<ApiEndpoint> Endpoints => ApiCatalog.Endpoints(app.Services);

    [Fact]
    public void ApiCatalog_ReadsTheHostsEndpoints_WithTheirResources()
    {
        var all = Endpoints.Select(e => e.ToString()).ToList();
        all.ShouldContain("GET /api/v1/enterprises/{id:long}");
        all.ShouldContain("PUT /api/v1/enterprises/{id:long}");
        all.ShouldContain("POST /api/v1/parks/{parkId:long}/enterprises");
        all.ShouldContain("GET /api/v1/parks/{parkId:long}/units");
        all.ShouldNotContain("POST /api/v1/auth/login"); // anonymous: not a scoped endpoint
        Endpoints.Single(e => e.ToString() == "PUT /api/v1/enterprises/{id:long}").BodyType.ShouldBe(typeof(EnterpriseInput));
        Endpoints.Single(e => e.ToString() == "POST /api/v1/parks/{parkId:long}/enterprises").Resources.ShouldBe(["parks"]);
    }

    [Fact]
    public async Task ResourceIds_EveryResourceNamedByAnApiRoute_IsKnownToTheScopeTests()
    {
        var ids = await ForeignToTenantAsync(await DemoIdsAsync());
        var unknown = Endpoints.SelectMany(e => e.Resources
            .Where(r => !ids.ContainsKey(r) || !(ParkData.Contains(r) || NotParkData.Contains(r) || RouteValues.ContainsKey(r)))
            .Select(r => $"{e}: resource '{r}'")).ToList();
        unknown.ShouldBeEmpty("routes name resources the scope tests have no ids for; add them to ForeignToTenantAsync, InGovernmentScopeAsync, OtherParkAsync and ParkData/NotParkData (or RouteValues for a value that is not an id)");
    }

    [Fact]
    public async Task Scope_TenantReadsIdsOfAnotherEnterpriseOrPark_Gets404()
    {
        var ids = await DemoIdsAsync();
        var foreign = await ForeignToTenantAsync(ids);
        var tenant = await app.LoginAsync("tenant");
        var failures = new List<string>();
        var checkedCount = 0;
        foreach (var e in Endpoints.Where(e => e.Method == "GET" && e.Parameters.Count > 0))
        {
            if (!e.Resources.All(foreign.ContainsKey)) { failures.Add($"{e}: no foreign id for {string.Join(",", e.Resources)}"); continue; }
            var res = await tenant.SendAsync(e.Request(foreign));
            checkedCount++;
            if (res.StatusCode != HttpStatusCode.NotFound)
                failures.Add($"{e} as tenant with {e.Path(foreign)}: {(int)res.StatusCode} {Cut(await res.Content.ReadAsStringAsync())}");
        }
        failures.ShouldBeEmpty(string.Join("\n", failures));
        checkedCount.ShouldBeGreaterThanOrEqualTo(9);
    }

    [Fact]
    public async Task Scope_TenantWritesWithIdsOfAnotherEnterpriseOrPark_IsRefusedAndWritesNothing()
    {
        var ids = await DemoIdsAsync();
        var foreign = await ForeignToTenantAsync(ids);
        var tenant = await app.LoginAsync("tenant");
        var before = await AuditCountAsync();
        var failures = new List<string>();
        foreach (var e in Endpoints.Where(e => e.IsWrite && e.Parameters.Count > 0))
        {
            if (!e.Resources.All(foreign.ContainsKey)) { failures.Add($"{e}: no foreign id for {string.Join(",", e.Resources)}"); continue; }
            var res = await tenant.SendAsync(e.Request(foreign));
            if (res.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.Forbidden))
                failures.Add($"{e} as tenant with {e.Path(foreign)}: {(int)res.StatusCode} {Cut(await res.Content.ReadAsStringAsync())}");
        }
        failures.ShouldBeEmpty(string.Join("\n", failures));
        (await AuditCountAsync()).ShouldBe(before, "a refused write must not change anything");
    }

    [Fact]
    public async Task Scope_GovernmentViewerWritesAnywhere_Gets403Or404AndWritesNothing()
    {
        var ids = await DemoIdsAsync();
        var visible = await InGovernmentScopeAsync(ids);
        var gov = await app.LoginAsync("gov");
        var before = await AuditCountAsync();
        var failures = new List<string>();
        var writes = Endpoints.Where(e => e.IsWrite && !GovernmentMayWrite.Contains(e.ToString())).ToList();
        writes.Count.ShouldBeGreaterThanOrEqualTo(12);
        foreach (var e in writes)
        {
            if (!e.Resources.All(visible.ContainsKey)) { failures.Add($"{e}: no id for {string.Join(",", e.Resources)}"); continue; }
            var res = await gov.SendAsync(e.Request(visible));
            if (res.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.Forbidden))
                failures.Add($"{e} as gov with {e.Path(visible)}: {(int)res.StatusCode} {Cut(await res.Content.ReadAsStringAsync())}");
        }
        failures.ShouldBeEmpty(string.Join("\n", failures));
        (await AuditCountAsync()).ShouldBe(before, "a refused write must not change anything");
    }

    [Fact]
    public async Task Scope_OperatorOfOneParkUsesIdsOfAnotherPark_Gets404()
    {
        var ids = await DemoIdsAsync();
        var other = await OtherParkAsync(ids);
        var op = await app.LoginAsync("operator");
        var before = await AuditCountAsync();
        var failures = new List<string>();
        var checkedCount = 0;
        foreach (var e in Endpoints.Where(e => e.Parameters.Count > 0 && !e.Resources.Any(NotParkData.Contains)))
        {
            if (!e.Resources.All(other.ContainsKey)) { failures.Add($"{e}: no id in the other park for {string.Join(",", e.Resources)}"); continue; }
            var res = await op.SendAsync(e.Request(other));
            checkedCount++;
            if (res.StatusCode != HttpStatusCode.NotFound)
                failures.Add($"{e} as operator of DG-CA-01 with {e.Path(other)}: {(int)res.StatusCode} {Cut(await res.Content.ReadAsStringAsync())}");
        }
        failures.ShouldBeEmpty(string.Join("\n", failures));
        checkedCount.ShouldBeGreaterThanOrEqualTo(20);
        (await AuditCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Api_EveryEndpointWithoutToken_Gives401()
    {
        var visible = await InGovernmentScopeAsync(await DemoIdsAsync());
        var anonymous = app.Anonymous();
        var failures = new List<string>();
        foreach (var e in Endpoints)
        {
            var res = await anonymous.SendAsync(e.Request(visible, fallback: 1));
            if (res.StatusCode != HttpStatusCode.Unauthorized) failures.Add($"{e}: {(int)res.StatusCode}");
        }
        failures.ShouldBeEmpty(string.Join("\n", failures));
    }

    [Fact]
    public async Task EnterpriseList_TenantListsItsPark_SeesOnlyItsOwnEnterprise()
    {
        var ids = await DemoIdsAsync();
        var tenant = await app.LoginAsync("tenant");
        foreach (var query in new[] { "", "?pageSize=500", "?search=东莞", "?status=Admitted", "?sort=employees&desc=true" })
        {
            var page = await (await tenant.GetAsync($"/api/v1/parks/{ids.Ca}/enterprises{query}")).JsonAsync();
            page.GetProperty("total").GetInt32().ShouldBe(1, query);
            page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ShouldBe([ids.TenantEnterprise], query);
        }
    }

    [Fact]
    public async Task UnitList_TenantListsItsPark_NeverSeesAnotherOccupant()
    {
        var ids = await DemoIdsAsync();
        var othersLeased = await app.WithDbAsync(db => db.Units.CountAsync(u => u.ParkId == ids.Ca && u.OccupantEnterpriseId != null && u.OccupantEnterpriseId != ids.TenantEnterprise));
        othersLeased.ShouldBeGreaterThan(0, "the demo park must have units of other tenants for this test to mean anything");
        var tenant = await app.LoginAsync("tenant");
        var page = await (await tenant.GetAsync($"/api/v1/parks/{ids.Ca}/units?pageSize=500")).JsonAsync();
        var units = page.GetProperty("items").EnumerateArray().ToList();
        units.Count.ShouldBe(page.GetProperty("total").GetInt32());
        foreach (var u in units)
        {
            var occupant = u.GetProperty("occupantEnterpriseId");
            if (occupant.ValueKind == JsonValueKind.Null)
                u.GetProperty("occupantName").ValueKind.ShouldBe(JsonValueKind.Null, $"unit {u.GetProperty("code")} names an occupant it hides");
            else
                occupant.GetInt64().ShouldBe(ids.TenantEnterprise, $"unit {u.GetProperty("code")} reveals another occupant");
        }
        units.Count(u => u.GetProperty("occupantEnterpriseId").ValueKind != JsonValueKind.Null).ShouldBeGreaterThan(0, "the tenant's own units show it as occupant");
        units.Count(u => u.Str("status") == nameof(UnitStatus.Leased) && u.GetProperty("occupantEnterpriseId").ValueKind == JsonValueKind.Null).ShouldBe(othersLeased);
    }

    [Fact]
    public async Task UnitList_TenantSearchesByAnotherOccupantsName_FindsNothing()
    {
        var ids = await DemoIdsAsync();
        var otherName = await app.WithDbAsync(db => db.Enterprises.Where(e => e.Id == ids.Tenant2Enterprise).Select(e => e.Name).SingleAsync());
        var search = Uri.EscapeDataString(otherName[3..7]);
        var asOperator = await (await (await app.LoginAsync("operator")).GetAsync($"/api/v1/parks/{ids.Ca}/units?search={search}")).JsonAsync();
        asOperator.GetProperty("total").GetInt32().ShouldBeGreaterThan(0, "the operator finds units by occupant name");
        var asTenant = await (await (await app.LoginAsync("tenant")).GetAsync($"/api/v1/parks/{ids.Ca}/units?search={search}")).JsonAsync();
        asTenant.GetProperty("total").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task Unit_TenantReadsAUnitOfAnotherOccupant_OccupantIsHidden()
    {
        var ids = await DemoIdsAsync();
        var unitId = await app.WithDbAsync(db => db.Units.Where(u => u.OccupantEnterpriseId == ids.Tenant2Enterprise).Select(u => u.Id).FirstAsync());
        var res = await (await app.LoginAsync("tenant")).GetAsync($"/api/v1/units/{unitId}");
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var unit = await res.JsonAsync();
        unit.GetProperty("occupantEnterpriseId").ValueKind.ShouldBe(JsonValueKind.Null);
        unit.GetProperty("occupantName").ValueKind.ShouldBe(JsonValueKind.Null);
        unit.Str("status").ShouldBe(nameof(UnitStatus.Leased));
    }

    private static string Cut(string s) => s.Length > 300 ? s[..300] + "…" : s;
}
