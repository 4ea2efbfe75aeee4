using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Marketplace;
using ParkOps.Domain.Matching;
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
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Foundation;

/// <summary>
/// The demo park for the access matrix, on a database of its own (the matrix writes). Two changes to the demo, so that
/// every role has something of its own and something foreign: the government viewer is scoped to 长安镇 (DG-CA-01's
/// county), which leaves DG-HM-01 outside its region, and the QR form allows more than the matrix sends in a minute.
/// </summary>
public sealed class AccessMatrixFactory : ParkOpsFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ParkOps:ServiceDesk:QrPermitsPerMinute", "1000");
    }
}

/// <summary>What the matrix reaches: one set of ids per side (see <see cref="AccessMatrixTests"/>), built once.</summary>
public sealed class AccessMatrixFixture : IAsyncLifetime
{
    public AccessMatrixFactory App { get; } = new();
    public Dictionary<string, Dictionary<string, object>> Sides { get; } = [];
    public Dictionary<string, HttpClient> Clients { get; } = [];

    public async Task InitializeAsync()
    {
        await ((IAsyncLifetime)App).InitializeAsync();
        var app = App;
        await app.WithDbAsync(async db =>
        {
            var county = await db.Regions.Where(r => r.Code == "441900118").Select(r => r.Id).SingleAsync();
            var grant = await db.RoleGrants.SingleAsync(g => g.Role == Role.GovernmentViewer && db.Set<User>().Any(u => u.Id == g.UserId && u.UserName == "gov"));
            grant.RegionId = county;
            return await db.SaveChangesAsync();
        });
        var ca = await app.ParkIdAsync();
        var hm = await app.ParkIdAsync("DG-HM-01");
        var t1 = await app.EnterpriseOfAsync("tenant");
        var t2 = await app.EnterpriseOfAsync("tenant2");
        var h = await app.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters().Where(e => e.ParkId == hm && e.Status == EnterpriseStatus.Admitted)
            .OrderBy(e => e.Id).Select(e => e.Id).FirstAsync());
        var admin = await app.LoginAsync("admin");
        async Task<long> UserId(string name) => await app.WithDbAsync(db => db.Users.Where(u => u.UserName == name).Select(u => u.Id).SingleAsync());
        var ca1 = await SideAsync(admin, ca, t1, t2, await UserId("tenant"), "ca");
        var ca2 = await SideAsync(admin, ca, t2, t1, await UserId("tenant2"), "ca");
        var hm1 = await SideAsync(admin, hm, h, null, 0, "hm");
        // the contractor's own ticket is the tenant's ticket assigned to it
        var contractor = await app.WithDbAsync(db => db.Users.Where(u => u.UserName == "contractor").Select(u => u.Id).SingleAsync());
        await app.WithDbAsync(async db =>
        {
            var ticket = await db.Tickets.SingleAsync(x => x.Id == (long)ca1["tickets"]);
            ticket.Assign(contractor);
            return await db.SaveChangesAsync();
        });
        Sides["ca1"] = ca1;
        Sides["ca2"] = ca2;
        Sides["hm"] = hm1;
        // foreign to an enterprise: the other enterprise's things in its own park, and the other park's park-wide things
        Sides["not-ca1"] = Foreign(hm1, ca2);
        Sides["not-ca2"] = Foreign(hm1, ca1);
        foreach (var role in AccessMatrixTests.Roles)
            Clients[role] = role == "anonymous" ? app.Anonymous() : await app.LoginAsync(role);
    }

    private static readonly string[] ParkWide = ["parks", "regions", "units", "spare-units", "buildings", "resources", "spare-resources", "pools", "closed-pools", "capabilities",
        "shared-capability", "lexicon", "qr", "billed-month", "park-settings", "report-submissions", "runs", "crises", "services", "evidence", "grading-items"];

    private static Dictionary<string, object> Foreign(Dictionary<string, object> otherPark, Dictionary<string, object> otherEnterprise)
    {
        var d = new Dictionary<string, object>(otherEnterprise);
        foreach (var k in ParkWide) d[k] = otherPark[k];
        // another enterprise's published post is the park's to read: its draft is what is foreign
        d["posts"] = otherEnterprise["drafts"];
        return d;
    }

    /// <summary>The ids of one enterprise and its park; what the demo lacks (DG-HM-01 has few rows) is added.</summary>
    private async Task<Dictionary<string, object>> SideAsync(HttpClient admin, long park, long e, long? partner, long user, string tag)
    {
        var app = App;
        var now = DateTime.UtcNow;
        var d = new Dictionary<string, object> { ["parks"] = park, ["enterprises"] = e, ["?action"] = "", ["dashboard"] = "occupancy" };
        d["regions"] = await app.WithDbAsync(db => db.Parks.IgnoreQueryFilters().Where(p => p.Id == park).Select(p => p.RegionId).SingleAsync());
        d["buildings"] = await app.WithDbAsync(db => db.Buildings.Where(b => b.ParkId == park).OrderBy(b => b.Id).Select(b => b.Id).FirstAsync());
        d["documents"] = await app.WithDbAsync(async db =>
        {
            var doc = await db.EnterpriseDocuments.Where(x => x.EnterpriseId == e).OrderBy(x => x.Id).FirstOrDefaultAsync();
            if (doc is null) db.EnterpriseDocuments.Add(doc = new EnterpriseDocument { ParkId = park, EnterpriseId = e, Kind = "营业执照", Number = "matrix", AddedAt = now });
            await db.SaveChangesAsync();
            return doc.Id;
        });
        // a closed case: it changes nothing about the enterprise, it only gives an exit-case id
        d["exit-cases"] = await app.WithDbAsync(async db =>
        {
            var x = new ExitCase { ParkId = park, EnterpriseId = e, Reason = ExitReason.Voluntary, State = ExitState.Cancelled, OpenedAt = now, ClosedAt = now };
            db.ExitCases.Add(x);
            await db.SaveChangesAsync();
            return x.Id;
        });
        d["units"] = await app.WithDbAsync(async db =>
            await db.Units.Where(u => u.OccupantEnterpriseId == e).OrderBy(u => u.Id).Select(u => (long?)u.Id).FirstOrDefaultAsync()
            ?? await db.Units.Where(u => u.ParkId == park).OrderBy(u => u.Id).Select(u => u.Id).FirstAsync());
        d["spare-units"] = (await Created(await admin.PostAsJsonAsync($"/api/v1/parks/{park}/units",
            new { buildingId = d["buildings"], floorNumber = 1, code = $"MATRIX-{tag}-{e}", areaSqm = 100, use = "Factory", loadTonsPerSqm = 1, status = "Vacant" }))).GetProperty("id").GetInt64();
        d["leases"] = await app.WithDbAsync(db => db.Leases.Where(l => l.EnterpriseId == e).OrderBy(l => l.Id).Select(l => l.Id).FirstAsync());
        d["bills"] = await app.WithDbAsync(db => db.Bills.Where(b => b.EnterpriseId == e).OrderByDescending(b => b.Month).Select(b => b.Id).FirstAsync());
        d["billed-month"] = await app.WithDbAsync(async db => (await db.Bills.Where(b => b.ParkId == park).MaxAsync(b => b.Month)).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture));
        d["mu-class"] = await app.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters().Where(x => x.Id == e).Select(x => x.MuClass ?? "B").SingleAsync());
        // the demo's published 亩均 run of the park (publishing it again is refused after the access check: 409)
        d["mujun-year"] = Features.Demo.EvaluationDemo.DemoYear(DateOnly.FromDateTime(ParkOps.Web.Infrastructure.Time.ToShanghai(now)));
        // the demo's published contribution year (DG-CA-01 only); the contribution and rebate runs/{id} take the side's "runs" id like 亩均's
        d["contribution-year"] = Features.Demo.ContributionDemo.DemoYear(DateOnly.FromDateTime(ParkOps.Web.Infrastructure.Time.ToShanghai(now)));
        d["runs"] = await app.WithDbAsync(db => db.Set<Features.Evaluation.MujunRun>().IgnoreQueryFilters().Where(r => r.ParkId == park && r.Version == 1).Select(r => r.Id).SingleAsync());
        var (ticket, photo) = await app.WithDbAsync(async db =>
        {
            var t = new Features.ServiceDesk.Ticket { ParkId = park, EnterpriseId = e, Category = ParkOps.Domain.ServiceDesk.TicketCategory.Repair, Title = "matrix",
                CreatedAt = now, UpdatedAt = now, ResponseDueAt = now.AddHours(2), ResolutionDueAt = now.AddDays(2) };
            db.Tickets.Add(t);
            await db.SaveChangesAsync();
            var p = new Features.ServiceDesk.TicketPhoto { ParkId = park, TicketId = t.Id, ContentType = "image/png", Data = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], UploadedAt = now };
            db.TicketPhotos.Add(p);
            await db.SaveChangesAsync();
            return (t.Id, p.Id);
        });
        (d["tickets"], d["photos"]) = (ticket, photo);
        d["qr"] = (await Created(await admin.PostAsync($"/api/v1/units/{d["units"]}/qr-link", null))).Str("url")!.Split('/').Last(s => s.Length > 0);
        d["resources"] = await app.WithDbAsync(db => db.Resources.Where(r => r.ParkId == park).OrderBy(r => r.Id).Select(r => r.Id).FirstAsync());
        d["spare-resources"] = (await Created(await admin.PostAsJsonAsync($"/api/v1/parks/{park}/resources", ApiCatalog.SpareResource($"MX-{tag}-{e}"), Demo.Json))).GetProperty("id").GetInt64();
        // a cancelled booking and a withdrawn waitlist entry of the enterprise's user, a year ahead: they hold no slot, and every
        // action on them after the access check is refused for their state (409)
        (d["bookings"], d["waitlist"]) = await app.WithDbAsync(async db =>
        {
            var start = now.Date.AddYears(1).AddHours(2);
            var b = new Features.Booking.ResourceBooking { ParkId = park, EnterpriseId = e, ResourceId = (long)d["resources"], UserId = user, Start = start, End = start.AddHours(1),
                BlockedUntil = start.AddHours(1), Purpose = "matrix", CreatedAt = now };
            b.SetState(ParkOps.Domain.Booking.BookingState.Cancelled);
            var w = new Features.Booking.WaitlistEntry { ParkId = park, EnterpriseId = e, ResourceId = (long)d["resources"], UserId = user, Start = start, End = start.AddHours(1),
                Purpose = "matrix", State = Features.Booking.WaitlistState.Withdrawn, CreatedAt = now };
            db.Bookings.Add(b);
            db.WaitlistEntries.Add(w);
            await db.SaveChangesAsync();
            return ((object)b.Id, (object)w.Id);
        });
        d["meters"] = await app.WithDbAsync(async db =>
            await db.Meters.Where(m => db.Set<Unit>().Any(u => u.Id == m.UnitId && u.OccupantEnterpriseId == e)).OrderBy(m => m.Id).Select(m => (long?)m.Id).FirstOrDefaultAsync()
            ?? await db.Meters.Where(m => m.ParkId == park).OrderBy(m => m.Id).Select(m => m.Id).FirstAsync());
        d["posts"] = await Marketplace.MarketplaceApi.OpenPostOfAsync(app, e, PostVisibility.Park);
        d["drafts"] = await Marketplace.MarketplaceApi.DraftOfAsync(app, e);
        d["needs"] = await app.WithDbAsync(async db =>
        {
            var p = await db.Posts.SingleAsync(x => x.Id == (long)d["posts"]);
            var need = new Features.Marketplace.Post { ParkId = park, EnterpriseId = e, RegionId = p.RegionId, Kind = PostKind.CapacityNeed, State = PostState.Open, Visibility = PostVisibility.Park,
                Title = "矩阵需求", Capabilities = "smt", Quantity = 10, Unit = "点/日", WindowFrom = p.WindowFrom, WindowTo = p.WindowTo, CreatedAt = now, UpdatedAt = now, CreatedBy = "matrix" };
            db.Posts.Add(need);
            await db.SaveChangesAsync();
            return need.Id;
        });
        d["partner-offers"] = partner is { } other ? await Marketplace.MarketplaceApi.OpenPostOfAsync(app, other, PostVisibility.Park)
            : await Marketplace.MarketplaceApi.OpenPostOfAsync(app, await app.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters()
                .Where(x => x.ParkId == park && x.Id != e && x.Status == EnterpriseStatus.Admitted).OrderBy(x => x.Id).Select(x => x.Id).FirstAsync()), PostVisibility.Park);
        // an agreed collaboration of the enterprise with a third one (not the other tenant's), with an amount
        var third = await app.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters()
            .Where(x => x.ParkId == park && x.Id != e && x.Id != (partner ?? 0) && x.Status == EnterpriseStatus.Admitted).OrderBy(x => x.Id).Select(x => x.Id).FirstAsync());
        var offer = await Marketplace.MarketplaceApi.OpenPostOfAsync(app, third, PostVisibility.Park);
        d["collaborations"] = await app.WithDbAsync(async db =>
        {
            var c = new Features.Marketplace.Collaboration { ParkId = park, OfferParkId = park, NeedPostId = (long)d["needs"], OfferPostId = offer, NeedEnterpriseId = e, OfferEnterpriseId = third,
                InquirerEnterpriseId = e, State = CollaborationState.Agreed, Amount = 1000, Quantity = 10, CreatedAt = now, UpdatedAt = now, AgreedAt = now, CreatedBy = "matrix" };
            db.Collaborations.Add(c);
            await db.SaveChangesAsync();
            return c.Id;
        });
        d["pools"] = await Marketplace.PoolApi.PoolInParkAsync(app, park);
        d["closed-pools"] = await app.WithDbAsync(async db =>
        {
            var id = await db.PurchaseOrders.Where(o => o.ParkId == park).OrderBy(o => o.Id).Select(o => (long?)o.PoolId).FirstOrDefaultAsync();
            if (id is { } existing) return existing;
            var pool = new Features.Marketplace.ProcurementPool { ParkId = park, Item = "矩阵集采", Unit = "个", ListPrice = 2m, Tiers = "1:1.8", Deadline = now, State = PoolState.Closed,
                CreatedBy = "matrix", CreatedAt = now, UpdatedAt = now, ClosedAt = now };
            db.ProcurementPools.Add(pool);
            await db.SaveChangesAsync();
            db.PurchaseOrders.Add(new Features.Marketplace.PurchaseOrder { ParkId = park, PoolId = pool.Id, Number = $"MX-{pool.Id}", TotalQuantity = 1, UnitPrice = 1.8m, TotalAmount = 1.8m, CreatedAt = now });
            await db.SaveChangesAsync();
            return pool.Id;
        });
        d["report-submissions"] = await Reporting.ReportingApi.SubmissionInParkAsync(app, park);
        d["evidence"] = await Grading.GradingApi.EvidenceInParkAsync(app, park);
        d["grading-items"] = await Grading.GradingApi.ItemAsync(app);
        // a resolved alert about the enterprise: every action on it after the access check is refused for its state (409)
        d["alerts"] = await app.WithDbAsync(async db =>
        {
            var f = new ParkOps.Domain.Risk.RiskFinding(ParkOps.Domain.Risk.AlertType.Zombie, ParkOps.Domain.Risk.AlertSeverity.Medium, e, $"matrix:{tag}:{e}",
                new ParkOps.Domain.Monitoring.Quarter(2020, 1), new ParkOps.Domain.Risk.ZombieEvidence([]));
            var alert = Features.Risk.RiskAlert.Raise(park, f, "{}", now);
            alert.Apply(ParkOps.Domain.Risk.AlertAction.Resolve, null, "matrix", now);
            db.Set<Features.Risk.RiskAlert>().Add(alert);
            await db.SaveChangesAsync();
            return alert.Id;
        });
        // a bridge loan of the enterprise (the demo's own for the tenant's firm), and a closed crisis of the park: actions
        // and closing it are refused after the access check (409), so every cell sees the same crisis
        d["loans"] = await app.WithDbAsync(async db =>
        {
            var id = await db.Set<Features.ReserveFund.BridgeLoan>().Where(l => l.EnterpriseId == e).OrderBy(l => l.Id).Select(l => (long?)l.Id).FirstOrDefaultAsync();
            if (id is { } existing) return existing;
            var today = DateOnly.FromDateTime(now);
            var loan = new Features.ReserveFund.BridgeLoan { ParkId = park, EnterpriseId = e, Principal = 100m, Purpose = "矩阵", StartDate = today, DisbursedBy = "matrix", CreatedAt = now,
                Instalments = [new() { ParkId = park, EnterpriseId = e, Number = 1, DueDate = today.AddMonths(1), Amount = 100m }] };
            db.Add(loan);
            await db.SaveChangesAsync();
            return loan.Id;
        });
        d["crises"] = await app.WithDbAsync(async db =>
        {
            var crisis = new Features.ReserveFund.Crisis { ParkId = park, Title = "矩阵危机", OpenedOn = DateOnly.FromDateTime(now), OpenedBy = "matrix",
                Firms = [new() { ParkId = park, EnterpriseId = e }] };
            crisis.Close("矩阵", DateOnly.FromDateTime(now));
            db.Add(crisis);
            await db.SaveChangesAsync();
            return crisis.Id;
        });
        // a service of the park's price list made for the matrix, and a fulfilled order of the enterprise: every action on
        // it after the access check is refused for its state (409), so every cell sees the same order
        d["services"] = await app.WithDbAsync(async db =>
        {
            var svc = new Features.ParkServices.ParkService { ParkId = park, Code = $"MX-{tag}-{e}".ToUpperInvariant(), Name = "矩阵服务", Category = ParkOps.Domain.ParkServices.ServiceCategory.Other,
                Unit = "次", CreatedAt = now, UpdatedAt = now };
            db.Add(svc);
            await db.SaveChangesAsync();
            db.Add(new Features.ParkServices.ServicePrice { ServiceId = svc.Id, ParkId = park, EffectiveFrom = new DateOnly(2000, 1, 1), UnitPrice = 10m, SetBy = "matrix", SetAt = now });
            var order = new Features.ParkServices.ServiceOrder { ParkId = park, EnterpriseId = e, ServiceId = svc.Id, ServiceName = svc.Name, Unit = "次", Quantity = 1, UnitPrice = 10m, Amount = 10m,
                OrderedOn = DateOnly.FromDateTime(now), OrderedBy = "matrix", CreatedAt = now, UpdatedAt = now };
            order.Apply(ParkOps.Domain.ParkServices.ServiceOrderAction.Fulfil, null, "matrix", now, DateOnly.FromDateTime(now));
            db.Add(order);
            await db.SaveChangesAsync();
            d["service-orders"] = order.Id;
            return svc.Id;
        });
        // a settled unified order whose one part is the enterprise's: every write on it after the access check is refused for its state (409)
        (d["unified-orders"], d["parts"]) = await Orders.OrderTestData.SettledOrderOfAsync(app, park, e);
        // an admitted lead of the park (moves on it are refused after the access check, 409), the park's stages as they are
        // (a lead's sample targets the first; the chain's sample restates them), and the shipped 电子元器件 template
        d["chain-templates"] = await Chains.ChainTestData.MatrixTemplateAsync(app, park, tag);
        d["investment-leads"] = await Chains.ChainTestData.LeadInParkAsync(app, park);
        d["chain-stage"] = await Chains.ChainTestData.FirstStageAsync(app, park);
        d["chain-stages"] = await Chains.ChainTestData.StagesAsync(app, park);
        // a notice to the enterprise: its users read it, nobody else (marking it read again changes nothing)
        d["notifications"] = await app.WithDbAsync(async db =>
        {
            var n = new Features.Notifications.Notification { ParkId = park, Audience = Features.Notifications.Contracts.NoticeAudience.Enterprise, EnterpriseId = e,
                Kind = "ReportReminder", Arguments = "[\"matrix\"]", CreatedAt = now };
            db.Add(n);
            await db.SaveChangesAsync();
            return n.Id;
        });
        d["capabilities"] = $"matrix_{tag}";
        d["shared-capability"] = "matrix_shared";
        d["lexicon"] = $"matrix_{tag}";
        // bodies that state what is stored already: the write is allowed or refused, and changes nothing either way
        d["enterprise-input"] = await app.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters().Where(x => x.Id == e).Select(x => new EnterpriseInput
        {
            CreditCode = x.CreditCode, Name = x.Name, LegalPerson = x.LegalPerson, IndustryCode = x.IndustryCode, EstablishedOn = x.EstablishedOn, SizeClass = x.SizeClass,
            IsChainLeader = x.IsChainLeader, Employees = x.Employees, ContactName = x.ContactName, ContactPhone = x.ContactPhone, ContactEmail = x.ContactEmail, Description = x.Description,
            ChainStages = x.ChainStages == "" ? null : x.ChainStages.Split('|', StringSplitOptions.None), Tags = x.Tags == "" ? null : x.Tags.Split('|', StringSplitOptions.None),
        }).SingleAsync());
        d["park-settings"] = await app.WithDbAsync(db => db.Parks.IgnoreQueryFilters().Where(p => p.Id == park).Select(p => new Features.Parks.ParkSettingsInput(p.LeadingIndustry,
            p.LeadingIndustryPrefixes == "" ? null : p.LeadingIndustryPrefixes.Split('|', StringSplitOptions.None), p.ChainStages == "" ? null : p.ChainStages.Split('|', StringSplitOptions.None),
            p.NegativeList == "" ? null : p.NegativeList.Split('|', StringSplitOptions.None), p.CrowdedStageCount, p.ThinStageShare)).SingleAsync());
        // an account of the enterprise that the matrix may deactivate and activate without locking out a demo login
        var account = (await Created(await admin.PostAsJsonAsync("/api/v1/users", new UserInput($"matrix_{tag}_{e}", "矩阵用户", "Matrix123456789", Role.EnterpriseUser, null, e, null), Demo.Json))).GetProperty("id").GetInt64();
        d["users"] = account;
        return d;
    }

    private static async Task<System.Text.Json.JsonElement> Created(HttpResponseMessage res)
    {
        var text = await res.Content.ReadAsStringAsync();
        res.IsSuccessStatusCode.ShouldBeTrue(text);
        return System.Text.Json.JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>
    /// A new resource of the side for one cell, where a write that succeeds would leave nothing for the next cell (a
    /// deleted document is gone).
    /// </summary>
    public Task<long> FreshAsync(string kind, Dictionary<string, object> ids) => kind switch
    {
        "documents" => App.WithDbAsync(async db =>
        {
            var doc = new EnterpriseDocument { ParkId = (long)ids["parks"], EnterpriseId = (long)ids["enterprises"], Kind = "营业执照", Number = "matrix", AddedAt = DateTime.UtcNow };
            // the foreign side's enterprise may be of another park than its park-wide ids: the document goes with the enterprise
            doc.ParkId = await db.Enterprises.IgnoreQueryFilters().Where(x => x.Id == doc.EnterpriseId).Select(x => x.ParkId).SingleAsync();
            db.EnterpriseDocuments.Add(doc);
            await db.SaveChangesAsync();
            return doc.Id;
        }),
        _ => throw new ArgumentException($"no fresh {kind}"),
    };

    public async Task DisposeAsync() => await ((IAsyncLifetime)App).DisposeAsync();
}

/// <summary>
/// Every API operation × every role × a resource of the role's own and a foreign one → the one status it answers, as
/// a table. The operations come from the host (<see cref="ApiCatalog"/>): an endpoint without a row fails the test, and
/// so does a row whose endpoint is gone.
/// <para>Roles are the demo logins (README). Sides: the tenant's own things are its enterprise's in DG-CA-01 (ca1),
/// tenant2's likewise (ca2); foreign to either is the other one's things and DG-HM-01's park-wide ones. For everyone
/// else "own" is DG-CA-01 with the tenant's enterprise (ca1) and "foreign" is DG-HM-01 (hm); operator2, whose park is
/// DG-HM-01, has them the other way round. The government viewer is scoped to 长安镇 here (see
/// <see cref="AccessMatrixFactory"/>). The contractor's own ticket is assigned to it.</para>
/// <para>Writes succeed only where they can be repeated (a new enterprise, a document, the same commitment again); an
/// action that would change what later cells read is sent where its outcome after the access check is fixed (a
/// decision on an admitted enterprise is 409, a rating without stars 422), so each cell shows whether the caller got
/// past the access check without changing the next cell's answer.</para>
/// <para>Adding an endpoint: run this test; its message prints the row the host answers now, e.g.
/// <c>new("POST /api/v1/auth/logout", "204 | 204 | 204 | 204 | 204 | 204 | 204 | 204 | 204"),</c> — check each
/// status is what the endpoint should answer, and paste the line into <see cref="Matrix"/>. One row per operation;
/// an endpoint with an <c>{action}</c> gets one row per action (<c>"POST /api/v1/posts/{id:long}/{action} close"</c>).
/// A cell holds the status for the own side and the foreign side (<c>"200 404"</c>), or one status for both.</para>
/// </summary>
public sealed class AccessMatrixTests(AccessMatrixFixture fx) : IClassFixture<AccessMatrixFixture>
{
    public static readonly string[] Roles = ["anonymous", "admin", "operator", "operator2", "gov", "tenant", "tenant2", "partner", "contractor"];

    /// <summary>The sides (own, foreign) each role is asked with.</summary>
    private static readonly Dictionary<string, (string Own, string Foreign)> SidesOf = new()
    {
        ["anonymous"] = ("ca1", "hm"), ["admin"] = ("ca1", "hm"), ["operator"] = ("ca1", "hm"), ["operator2"] = ("hm", "ca1"), ["gov"] = ("ca1", "hm"),
        ["tenant"] = ("ca1", "not-ca1"), ["tenant2"] = ("ca2", "not-ca2"), ["partner"] = ("ca1", "hm"), ["contractor"] = ("ca1", "hm"),
    };

    /// <param name="Operation">"METHOD pattern" as the host maps it, with the route's {action} after a space where it has one.</param>
    /// <param name="Statuses">anonymous | admin | operator | operator2 | gov | tenant | tenant2 | partner | contractor; each "own foreign" or one status for both.</param>
    /// <param name="Use">ids the row takes from another key of the side, e.g. "pools=closed-pools" (the action is refused after the access check there).</param>
    /// <param name="Body">a body of the row's own instead of <see cref="ApiCatalog.SampleBody"/> (given the side's ids).</param>
    /// <param name="Query">a query string, with {key} replaced by the side's value (e.g. "month={billed-month}").</param>
    /// <param name="Fresh">a resource made new for each cell (see <see cref="AccessMatrixFixture.FreshAsync"/>), where a success leaves nothing for the next.</param>
    /// <param name="OwnSession">each cell signs in anew and sends with that session (sign-out ends the session it is sent with).</param>
    public sealed record Row(string Operation, string Statuses, string? Use = null, Func<Dictionary<string, object>, object>? Body = null, string? Query = null, string? Fresh = null,
        bool OwnSession = false);

    private static readonly Row[] Matrix =
    [
        // operation                                       anonymous | admin | operator | operator2 | gov | tenant | tenant2 | partner | contractor
        new("GET /api/v1/audit", "401 | 200 | 200 | 200 | 403 | 403 | 403 | 403 | 403"),
        new("GET /api/v1/audit/export", "401 | 200 | 200 | 200 | 403 | 403 | 403 | 403 | 403"),
        new("POST /api/v1/auth/login", "401 | 401 | 401 | 401 | 401 | 401 | 401 | 401 | 401"),
        new("POST /api/v1/auth/logout", "401 | 204 | 204 | 204 | 204 | 204 | 204 | 204 | 204", OwnSession: true),
        new("GET /api/v1/auth/me", "401 | 200 | 200 | 200 | 200 | 200 | 200 | 200 | 200"),
        new("GET /api/v1/enterprises/{id:long}/mujun", "401 | 200 | 200 404 | 200 404 | 404 | 200 404 | 200 404 | 404 | 404", Query: "year={mujun-year}"),
        new("GET /api/v1/parks/{parkId:long}/mujun", "401 | 200 | 200 404 | 200 404 | 200 404 | 403 404 | 403 404 | 404 | 404", Query: "year={mujun-year}"),
        new("GET /api/v1/parks/{parkId:long}/mujun/runs", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/parks/{parkId:long}/mujun/runs", "401 | 201 | 201 404 | 201 404 | 403 404 | 403 404 | 403 404 | 404 | 404", Body: ids => new { year = ids["mujun-year"] }),
        new("GET /api/v1/parks/{parkId:long}/mujun/runs/{id:long}", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/parks/{parkId:long}/mujun/runs/{id:long}/publish", "401 | 409 | 409 404 | 409 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/regions/{regionId:long}/mujun-settings", "401 | 200 | 200 | 200 | 200 | 403 404 | 403 404 | 200 | 200", Query: "year={mujun-year}"),
        new("PUT /api/v1/regions/{regionId:long}/mujun-settings", "401 | 200 | 403 | 403 | 403 | 403 | 403 | 403 | 403", Query: "year={mujun-year}"),
        new("GET /api/v1/enterprises/{id:long}/contribution", "401 | 200 404 | 200 404 | 404 | 404 | 200 404 | 200 404 | 404 | 404", Query: "year={contribution-year}"),
        new("GET /api/v1/parks/{parkId:long}/contribution-scores", "401 | 200 404 | 200 404 | 404 | 200 404 | 200 404 | 200 404 | 404 | 404", Query: "year={contribution-year}"),
        new("GET /api/v1/parks/{parkId:long}/contribution/records", "401 | 200 | 200 404 | 200 404 | 200 404 | 200 404 | 200 404 | 404 | 404", Query: "year={contribution-year}"),
        new("POST /api/v1/parks/{parkId:long}/contribution/records", "401 | 400 | 400 404 | 400 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/contribution/runs", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/parks/{parkId:long}/contribution/runs", "401 | 400 | 400 404 | 400 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/contribution/runs/{id:long}", "401 | 200 404 | 200 404 | 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/parks/{parkId:long}/contribution/runs/{id:long}/publish", "401 | 409 404 | 409 404 | 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/contribution/settings", "401 | 200 | 200 404 | 200 404 | 200 404 | 200 404 | 200 404 | 404 | 404"),
        new("PUT /api/v1/parks/{parkId:long}/contribution/settings", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/retained-taxes", "401 | 200 | 200 404 | 200 404 | 200 404 | 200 404 | 200 404 | 404 | 404", Query: "year={contribution-year}"),
        new("POST /api/v1/parks/{parkId:long}/retained-taxes", "401 | 400 | 400 404 | 400 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/parks/{parkId:long}/retained-taxes/import", "401 | 400 | 400 404 | 400 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/rebates", "401 | 200 404 | 200 404 | 404 | 200 404 | 200 404 | 200 404 | 404 | 404", Query: "year={contribution-year}"),
        new("POST /api/v1/parks/{parkId:long}/rebates/runs", "401 | 400 | 400 404 | 400 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/rebates/runs/{id:long}", "401 | 200 404 | 200 404 | 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/parks/{parkId:long}/rebates/runs/{id:long}/publish", "401 | 409 404 | 409 404 | 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/alerts/{id:long}/acknowledge", "401 | 409 | 409 404 | 409 404 | 403 404 | 403 | 403 | 404 | 404"),
        new("POST /api/v1/alerts/{id:long}/dismiss", "401 | 409 | 409 404 | 409 404 | 403 404 | 403 | 403 | 404 | 404"),
        new("POST /api/v1/alerts/{id:long}/resolve", "401 | 409 | 409 404 | 409 404 | 403 404 | 403 | 403 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/alerts", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/parks/{parkId:long}/alerts/acknowledge", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/parks/{parkId:long}/alerts/runs", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/risk-settings", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("PUT /api/v1/parks/{parkId:long}/risk-settings", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/risk-summary", "401 | 200 | 200 404 | 200 404 | 200 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/bill-runs", "401 | 200 | 200 404 | 200 404 | 403 | 403 | 403 | 403 | 403"),
        new("GET /api/v1/bills/{id:long}", "401 | 200 | 200 404 | 200 404 | 404 | 200 404 | 200 404 | 404 | 404"),
        new("GET /api/v1/bills/{id:long}/credit-notes", "401 | 200 | 200 404 | 200 404 | 404 | 200 404 | 200 404 | 404 | 404"),
        new("GET /api/v1/bills/{id:long}/payments", "401 | 200 | 200 404 | 200 404 | 404 | 200 404 | 200 404 | 404 | 404"),
        new("POST /api/v1/bills/{id:long}/payments", "401 | 200 | 200 404 | 200 404 | 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/bills/{id:long}/pdf", "401 | 200 | 200 404 | 200 404 | 404 | 200 404 | 200 404 | 404 | 404"),
        new("POST /api/v1/bills/{id:long}/reissue", "401 | 400 | 400 404 | 400 404 | 404 | 403 404 | 403 404 | 404 | 404"),
        new("DELETE /api/v1/bookings/{id:long}", "401 | 409 | 409 404 | 409 404 | 404 | 409 404 | 409 404 | 404 | 404"),
        new("GET /api/v1/bookings/{id:long}", "401 | 200 | 200 404 | 200 404 | 404 | 200 404 | 200 404 | 404 | 404"),
        new("GET /api/v1/bookings/{id:long}/calendar.ics", "401 | 200 | 200 404 | 200 404 | 404 | 200 404 | 200 404 | 404 | 404"),
        new("POST /api/v1/bookings/{id:long}/{action} approve", "401 | 409 | 409 404 | 409 404 | 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/capabilities", "401 | 200 | 200 | 200 | 200 | 200 | 200 | 200 | 200"),
        new("PUT /api/v1/capabilities/{code}", "401 | 200 | 403 | 403 | 403 | 403 | 403 | 403 | 403", Use: "capabilities=shared-capability"),
        new("GET /api/v1/matching/lexicon", "401 | 200 | 200 | 200 | 200 | 200 | 200 | 200 | 200"),
        new("PUT /api/v1/matching/lexicon/{phrase}", "401 | 200 | 403 | 403 | 403 | 403 | 403 | 403 | 403"),
        new("DELETE /api/v1/matching/lexicon/{phrase}", "401 | 204 | 403 | 403 | 403 | 403 | 403 | 403 | 403"),
        new("GET /api/v1/collaborations", "401 | 200 | 200 | 200 | 200 | 200 | 200 | 200 | 200"),
        new("POST /api/v1/collaborations", "401 | 403 | 403 404 | 403 404 | 403 404 | 201 403 | 201 403 | 404 | 404"),
        new("GET /api/v1/collaborations/{id:long}", "401 | 200 | 200 404 | 200 404 | 200 404 | 200 404 | 200 404 | 404 | 404"),
        new("POST /api/v1/collaborations/{id:long}/{action} rate", "401 | 403 | 403 404 | 403 404 | 403 404 | 422 404 | 422 404 | 404 | 404"),
        new("GET /api/v1/crises/{id:long}", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/crises/{id:long}/actions", "401 | 409 | 409 404 | 409 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/crises/{id:long}/close", "401 | 409 | 409 404 | 409 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("DELETE /api/v1/documents/{id:long}", "401 | 204 | 204 404 | 204 404 | 404 | 403 404 | 403 404 | 404 | 404", Fresh: "documents"),
        new("GET /api/v1/enterprises/{id:long}", "401 | 200 | 200 404 | 200 404 | 200 404 | 200 404 | 200 404 | 404 | 404"),
        new("PUT /api/v1/enterprises/{id:long}", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404", Body: ids => ids["enterprise-input"]),
        new("GET /api/v1/enterprises/{id:long}/admission", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/enterprises/{id:long}/admission", "401 | 409 | 409 404 | 409 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/enterprises/{id:long}/credit", "401 | 200 | 200 404 | 200 404 | 403 404 | 200 404 | 200 404 | 404 | 404"),
        new("GET /api/v1/enterprises/{id:long}/credit-account", "401 | 200 | 200 404 | 200 404 | 403 404 | 200 404 | 200 404 | 404 | 404"),
        new("POST /api/v1/enterprises/{id:long}/credit-account/refunds", "401 | 400 | 400 404 | 400 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/enterprises/{id:long}/documents", "401 | 200 | 200 404 | 200 404 | 200 404 | 200 404 | 200 404 | 404 | 404"),
        new("POST /api/v1/enterprises/{id:long}/documents", "401 | 201 | 201 404 | 201 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/enterprises/{id:long}/exit", "401 | 400 | 400 404 | 400 404 | 403 404 | 403 404 | 403 404 | 404 | 404", Body: _ => new { reason = 99, notes = "探测" }),
        new("GET /api/v1/enterprises/{id:long}/exit-cases", "401 | 200 | 200 404 | 200 404 | 200 404 | 200 404 | 200 404 | 404 | 404"),
        new("PUT /api/v1/enterprises/{id:long}/contribution-score", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404",
            Body: _ => new { score = 40m, year = 2025, note = "矩阵" }),
        new("PUT /api/v1/enterprises/{id:long}/mu-class", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/enterprises/{id:long}/reserve-fund", "401 | 200 | 200 404 | 200 404 | 403 404 | 200 404 | 200 404 | 404 | 404"),
        new("POST /api/v1/exit-cases/{id:long}/cancel", "401 | 409 | 409 404 | 409 404 | 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/exit-cases/{id:long}/complete", "401 | 409 | 409 404 | 409 404 | 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/imports/templates/enterprises.xlsx", "401 | 200 | 200 | 200 | 200 | 200 | 200 | 200 | 200"),
        new("GET /api/v1/imports/templates/units.xlsx", "401 | 200 | 200 | 200 | 200 | 200 | 200 | 200 | 200"),
        new("POST /api/v1/leases/quote", "401 | 200 | 200 404 | 200 404 | 403 404 | 200 404 | 200 404 | 404 | 404"),
        new("GET /api/v1/leases/{id:long}", "401 | 200 | 200 404 | 200 404 | 404 | 200 404 | 200 404 | 404 | 404"),
        new("GET /api/v1/leases/{id:long}/facts-revisions", "401 | 200 | 200 404 | 200 404 | 404 | 200 404 | 200 404 | 404 | 404"),
        new("POST /api/v1/leases/{id:long}/facts-revisions", "401 | 400 | 400 404 | 400 404 | 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/leases/{id:long}/settlement", "401 | 409 | 409 404 | 409 404 | 404 | 409 404 | 409 404 | 404 | 404"),
        new("PUT /api/v1/leases/{id:long}/settlement", "401 | 409 | 409 404 | 409 404 | 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/leases/{id:long}/settlement/approve", "401 | 409 | 409 404 | 409 404 | 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/leases/{id:long}/settlement/pdf", "401 | 409 | 409 404 | 409 404 | 404 | 409 404 | 409 404 | 404 | 404"),
        new("POST /api/v1/leases/{id:long}/settlement/reopen", "401 | 409 | 409 404 | 409 404 | 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/leases/{id:long}/settlement/settle", "401 | 409 | 409 404 | 409 404 | 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/leases/{id:long}/settlement/submit", "401 | 409 | 409 404 | 409 404 | 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/leases/{id:long}/{action} approve", "401 | 409 | 409 404 | 409 404 | 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/me/calendar-feed", "401 | 403 | 200 | 200 | 403 | 200 | 200 | 403 | 403"),
        new("GET /api/v1/me/todo", "401 | 200 | 200 | 200 | 200 | 200 | 200 | 200 | 200"),
        new("POST /api/v1/me/calendar-feed", "401 | 403 | 200 | 200 | 403 | 200 | 200 | 403 | 403"),
        new("POST /api/v1/meter-readings:batch", "401 | 200 | 200 422 | 200 422 | 403 | 403 | 403 | 403 | 403"),
        new("GET /api/v1/meters/{id:long}", "401 | 200 | 200 404 | 200 404 | 404 | 200 404 | 200 404 | 404 | 404"),
        new("GET /api/v1/meters/{id:long}/readings", "401 | 200 | 200 404 | 200 404 | 404 | 200 404 | 200 404 | 404 | 404"),
        new("POST /api/v1/meters/{id:long}/readings", "401 | 200 | 200 404 | 200 404 | 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/notifications", "401 | 200 | 200 | 200 | 200 | 200 | 200 | 200 | 200"),
        new("POST /api/v1/notifications/read-all", "401 | 200 | 200 | 200 | 200 | 200 | 200 | 200 | 200"),
        new("GET /api/v1/notifications/unread-count", "401 | 200 | 200 | 200 | 200 | 200 | 200 | 200 | 200"),
        new("POST /api/v1/notifications/{id:long}/read", "401 | 404 | 404 | 404 | 404 | 200 404 | 200 404 | 404 | 404"),
        new("GET /api/v1/parks", "401 | 200 | 200 | 200 | 200 | 200 | 200 | 200 | 200"),
        new("POST /api/v1/parks", "401 | 201 | 403 | 403 | 403 | 403 | 403 | 403 | 403"),
        new("GET /api/v1/parks/{parkId:long}", "401 | 200 | 200 404 | 200 404 | 200 404 | 200 404 | 200 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/arrears", "401 | 200 | 200 404 | 200 404 | 403 404 | 200 404 | 200 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/arrears/totals", "401 | 200 | 200 404 | 200 404 | 200 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/bill-runs", "401 | 200 | 200 404 | 200 404 | 200 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/parks/{parkId:long}/bill-runs", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/bill-runs/progress", "401 | 200 | 200 404 | 200 404 | 404 | 404 | 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/crises", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/parks/{parkId:long}/crises", "401 | 201 | 201 404 | 201 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/jobs", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/bills", "401 | 200 | 200 404 | 200 404 | 403 404 | 200 404 | 200 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/bills/export", "401 | 200 | 200 404 | 200 404 | 403 404 | 200 404 | 200 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/bookings", "401 | 200 | 200 404 | 200 404 | 200 404 | 200 404 | 200 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/buildings", "401 | 200 | 200 404 | 200 404 | 200 404 | 200 404 | 200 404 | 404 | 404"),
        new("POST /api/v1/parks/{parkId:long}/buildings", "401 | 201 | 201 404 | 201 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("PUT /api/v1/parks/{parkId:long}/capabilities/{code}", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/collection-account", "401 | 200 | 200 404 | 200 404 | 200 404 | 200 404 | 200 404 | 404 | 404"),
        new("PUT /api/v1/parks/{parkId:long}/collection-account", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404",
            Body: _ => new { payeeName = "矩阵收款单位", payeeBank = "矩阵银行", payeeAccount = "6217000012345678" }),
        new("GET /api/v1/parks/{parkId:long}/capacity-board", "401 | 200 | 200 404 | 200 404 | 200 404 | 200 404 | 200 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/consumption", "401 | 200 | 200 404 | 200 404 | 403 404 | 200 404 | 200 404 | 404 | 404", Query: "month={billed-month}"),
        new("GET /api/v1/parks/{parkId:long}/enterprises", "401 | 200 | 200 404 | 200 404 | 200 404 | 200 404 | 200 404 | 404 | 404"),
        new("POST /api/v1/parks/{parkId:long}/enterprises", "401 | 201 | 201 404 | 201 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/enterprises/export", "401 | 200 | 200 404 | 200 404 | 200 404 | 200 404 | 200 404 | 404 | 404"),
        new("POST /api/v1/parks/{parkId:long}/enterprises:import", "401 | 400 | 400 404 | 400 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/late-fee-policies", "401 | 200 | 200 404 | 200 404 | 200 404 | 200 404 | 200 404 | 404 | 404"),
        new("POST /api/v1/parks/{parkId:long}/late-fee-policies", "401 | 201 | 201 404 | 201 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/lease-board", "401 | 200 | 200 404 | 200 404 | 200 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/lease-reminders", "401 | 200 | 200 404 | 200 404 | 403 404 | 200 404 | 200 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/lease-reminders/counts", "401 | 200 | 200 404 | 200 404 | 200 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/ledger-checks", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/parks/{parkId:long}/ledger-checks", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/leases", "401 | 200 | 200 404 | 200 404 | 403 404 | 200 404 | 200 404 | 404 | 404"),
        new("POST /api/v1/parks/{parkId:long}/leases", "401 | 201 | 201 404 | 201 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/meter-anomalies", "401 | 200 | 200 404 | 200 404 | 200 404 | 200 404 | 200 404 | 404 | 404"),
        new("POST /api/v1/parks/{parkId:long}/meter-anomalies:scan", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/parks/{parkId:long}/meter-readings:import", "401 | 400 | 400 404 | 400 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/meters", "401 | 200 | 200 404 | 200 404 | 403 404 | 200 404 | 200 404 | 404 | 404"),
        new("POST /api/v1/parks/{parkId:long}/meters", "401 | 201 | 201 404 | 201 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/pools", "401 | 200 | 200 404 | 200 404 | 200 404 | 200 404 | 200 404 | 404 | 404"),
        new("POST /api/v1/parks/{parkId:long}/pools", "401 | 201 | 201 404 | 201 404 | 403 404 | 201 404 | 201 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/posts", "401 | 200 | 200 404 | 200 404 | 200 404 | 200 404 | 200 404 | 404 | 404"),
        new("POST /api/v1/parks/{parkId:long}/posts", "401 | 201 | 201 404 | 201 404 | 403 404 | 201 404 | 201 404 | 404 | 404"),
        new("POST /api/v1/parks/{parkId:long}/posts:import", "401 | 422 | 422 404 | 422 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/parks/{parkId:long}/rent-calculator", "401 | 200 | 200 404 | 200 404 | 403 404 | 200 404 | 200 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/rent-policies", "401 | 200 | 200 404 | 200 404 | 200 404 | 200 404 | 200 404 | 404 | 404"),
        new("POST /api/v1/parks/{parkId:long}/rent-policies", "401 | 201 | 201 404 | 201 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/reserve-fund", "401 | 200 | 200 404 | 200 404 | 200 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/reserve-fund/contributions", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/parks/{parkId:long}/reserve-fund/contributions", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/reserve-fund/loans", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/parks/{parkId:long}/reserve-fund/loans", "401 | 409 | 409 404 | 409 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/reserve-fund/settings", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("PUT /api/v1/parks/{parkId:long}/reserve-fund/settings", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/resource-utilisation", "401 | 200 | 200 404 | 200 404 | 200 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/resource-utilisation/heatmap", "401 | 200 | 200 404 | 200 404 | 200 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/resources", "401 | 200 | 200 404 | 200 404 | 200 404 | 200 404 | 200 404 | 404 | 404"),
        new("POST /api/v1/parks/{parkId:long}/resources", "401 | 201 | 201 404 | 201 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("PUT /api/v1/parks/{parkId:long}/settings", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404", Body: ids => ids["park-settings"]),
        new("GET /api/v1/parks/{parkId:long}/sla-policies", "401 | 200 | 200 404 | 200 404 | 403 404 | 200 404 | 200 404 | 404 | 200 404"),
        new("PUT /api/v1/parks/{parkId:long}/sla-policies", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/ticket-assignees", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/tickets", "401 | 200 | 200 404 | 200 404 | 403 404 | 200 404 | 200 404 | 404 | 200 404"),
        new("POST /api/v1/parks/{parkId:long}/tickets", "401 | 201 | 201 404 | 201 404 | 403 404 | 201 404 | 201 404 | 404 | 403 404"),
        new("GET /api/v1/parks/{parkId:long}/tickets/report", "401 | 200 | 200 404 | 200 404 | 200 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/parks/{parkId:long}/tickets:sweep", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/market-settings", "401 | 200 | 200 404 | 200 404 | 200 404 | 200 404 | 200 404 | 404 | 404"),
        new("PUT /api/v1/parks/{parkId:long}/market-settings", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404", Body: _ => new
        {
            matchWeights = new { capabilityFit = 0.25m, capacityFit = 0.20m, windowOverlap = 0.20m, partnerCredit = 0.10m, pastCollaboration = 0.10m, textSimilarity = 0.10m, distance = 0.05m },
            minScore = 0m, creditWeights = new { rent = 0.4m, collaboration = 0.4m, reporting = 0.2m },
        }),
        new("GET /api/v1/parks/{parkId:long}/booking-quotas", "401 | 200 | 200 404 | 200 404 | 200 404 | 200 404 | 200 404 | 404 | 404"),
        new("POST /api/v1/parks/{parkId:long}/booking-quotas", "401 | 201 | 201 404 | 201 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/training-records", "401 | 200 | 200 404 | 200 404 | 200 404 | 200 404 | 200 404 | 404 | 404"),
        new("POST /api/v1/parks/{parkId:long}/training-records", "401 | 201 | 201 404 | 201 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/units", "401 | 200 | 200 404 | 200 404 | 200 404 | 200 404 | 200 404 | 404 | 404"),
        new("POST /api/v1/parks/{parkId:long}/units", "401 | 201 | 201 404 | 201 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/units/export", "401 | 200 | 200 404 | 200 404 | 200 404 | 200 404 | 200 404 | 404 | 404"),
        new("POST /api/v1/parks/{parkId:long}/units:import", "401 | 400 | 400 404 | 400 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/utility-tariffs", "401 | 200 | 200 404 | 200 404 | 200 404 | 200 404 | 200 404 | 404 | 404"),
        new("POST /api/v1/parks/{parkId:long}/utility-tariffs", "401 | 201 | 201 404 | 201 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/waitlist", "401 | 200 | 200 404 | 200 404 | 200 404 | 200 404 | 200 404 | 404 | 404"),
        new("GET /api/v1/pools/{id:long}", "401 | 200 | 200 404 | 200 404 | 200 404 | 200 404 | 200 404 | 404 | 404"),
        new("POST /api/v1/pools/{id:long}/cancel", "401 | 409 | 409 404 | 409 404 | 403 404 | 403 404 | 403 404 | 404 | 404", Use: "pools=closed-pools"),
        new("POST /api/v1/pools/{id:long}/close", "401 | 409 | 409 404 | 409 404 | 403 404 | 403 404 | 403 404 | 404 | 404", Use: "pools=closed-pools"),
        new("POST /api/v1/pools/{id:long}/commitments", "401 | 403 | 403 404 | 403 404 | 403 404 | 200 404 | 200 404 | 404 | 404"),
        new("GET /api/v1/pools/{id:long}/order", "401 | 200 | 200 404 | 200 404 | 200 404 | 200 404 | 200 404 | 404 | 404", Use: "pools=closed-pools"),
        // quarterly reports (issue 12 §1): figures are the enterprise's and its operators'; the county sees the park's submission only
        new("GET /api/v1/enterprises/{id:long}/reports", "401 | 200 | 200 404 | 200 404 | 403 404 | 200 404 | 200 404 | 404 | 404"),
        new("POST /api/v1/enterprises/{id:long}/reports", "401 | 200 | 200 404 | 200 404 | 403 404 | 200 404 | 200 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/reports", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/reports/export", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/parks/{parkId:long}/reports/import", "401 | 400 | 400 404 | 400 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/parks/{parkId:long}/reports/reminders", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/report-submissions", "401 | 200 | 200 404 | 200 404 | 200 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/parks/{parkId:long}/report-submissions", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/report-submissions/{id:long}", "401 | 200 | 200 404 | 200 404 | 200 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/report-submissions/{id:long}/approve", "401 | 409 | 403 404 | 403 404 | 409 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/report-submissions/{id:long}/return", "401 | 409 | 403 404 | 403 404 | 409 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/posts/{id:long}", "401 | 200 | 200 404 | 200 404 | 200 404 | 200 404 | 200 404 | 404 | 404"),
        new("PUT /api/v1/posts/{id:long}", "401 | 200 | 200 404 | 200 404 | 403 404 | 200 404 | 200 404 | 404 | 404"),
        new("GET /api/v1/posts/{id:long}/matches", "401 | 200 | 200 404 | 200 404 | 200 404 | 200 404 | 200 404 | 404 | 404"),
        new("POST /api/v1/posts/{id:long}/{action} reopen", "401 | 409 | 409 404 | 409 404 | 403 404 | 409 404 | 409 404 | 404 | 404"),
        new("POST /api/v1/qr/{token}/tickets", "201 | 201 | 201 | 201 | 201 | 201 | 201 | 201 | 201"),
        new("GET /api/v1/regions", "401 | 200 | 200 | 200 | 200 | 200 | 200 | 200 | 200"),
        new("POST /api/v1/regions", "401 | 201 | 403 | 403 | 403 | 403 | 403 | 403 | 403"),
        new("PUT /api/v1/regions/{regionId:long}/settings", "401 | 200 | 403 | 403 | 403 | 403 | 403 | 403 | 403"),
        // park services: the price list is the park's (a government viewer reads it); orders are the operators' and the
        // ordering enterprise's; the revenue structure is the operator's income as totals (a government viewer reads it, a tenant not);
        // the matrix's order is fulfilled, so every action after the access check is refused for its state
        new("GET /api/v1/parks/{parkId:long}/revenue-structure", "401 | 200 | 200 404 | 200 404 | 200 404 | 403 404 | 403 404 | 404 | 404"),
        new("PUT /api/v1/parks/{parkId:long}/revenue-structure/target", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        // the park dashboard (issue 14 §4): operators and government viewers read the KPIs, only operators the lists behind them
        new("GET /api/v1/parks/{parkId:long}/dashboard", "401 | 200 | 200 404 | 200 404 | 200 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/dashboard/{kpi}/items", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/grading-items", "401 | 200 | 200 | 200 | 200 | 200 | 200 | 200 | 200"),
        new("POST /api/v1/grading-items", "401 | 201 | 403 | 403 | 403 | 403 | 403 | 403 | 403",
            Body: _ => new { code = $"MX{Random.Shared.Next(1_000_000, 10_000_000)}", dimension = "digital", kind = "selfScored", textZh = "矩阵自评项", textEn = "Matrix item", maxPoints = 1 }),
        new("PUT /api/v1/grading-items/thresholds", "401 | 200 | 403 | 403 | 403 | 403 | 403 | 403 | 403"),
        new("PUT /api/v1/grading-items/{id:long}", "401 | 200 | 403 | 403 | 403 | 403 | 403 | 403 | 403"),
        new("GET /api/v1/parks/{parkId:long}/grading", "401 | 200 | 200 404 | 200 404 | 200 404 | 403 404 | 403 404 | 404 | 404", Query: "year=2001"),
        new("POST /api/v1/parks/{parkId:long}/grading/evidence", "401 | 400 | 400 404 | 400 404 | 403 404 | 403 404 | 403 404 | 404 | 404", Query: "year=2001"),
        new("DELETE /api/v1/parks/{parkId:long}/grading/evidence/{id:long}", "401 | 409 | 409 404 | 409 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/grading/evidence/{id:long}", "401 | 200 | 200 404 | 200 404 | 200 404 | 403 404 | 403 404 | 404 | 404"),
        new("PUT /api/v1/parks/{parkId:long}/grading/items", "401 | 409 | 409 404 | 409 404 | 403 404 | 403 404 | 403 404 | 404 | 404", Query: "year=2001"),
        new("POST /api/v1/parks/{parkId:long}/grading/review", "401 | 409 | 403 404 | 403 404 | 409 404 | 403 404 | 403 404 | 404 | 404", Query: "year=2001"),
        new("POST /api/v1/parks/{parkId:long}/grading/submit", "401 | 409 | 409 404 | 409 404 | 403 404 | 403 404 | 403 404 | 404 | 404", Query: "year=2001"),
        new("GET /api/v1/regions/{regionId:long}/province-export", "401 | 200 | 403 404 | 403 404 | 200 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/regions/{regionId:long}/parks-overview", "401 | 200 | 404 | 404 | 200 404 | 404 | 404 | 404 | 404"),
        // the monthly report is the dashboard's aggregates on paper: the same readers as the dashboard
        new("GET /api/v1/parks/{parkId:long}/monthly-report", "401 | 200 | 200 404 | 200 404 | 200 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/service-orders", "401 | 200 | 200 404 | 200 404 | 403 404 | 200 404 | 200 404 | 404 | 404"),
        new("POST /api/v1/parks/{parkId:long}/service-orders", "401 | 201 | 201 404 | 201 404 | 403 404 | 201 404 | 201 404 | 404 | 404"),
        // unified orders name firms: the park's operators and the enterprises with a part; a settled order (the side's) refuses every write after the access check
        new("GET /api/v1/parks/{parkId:long}/unified-orders", "401 | 200 | 200 404 | 200 404 | 403 404 | 200 404 | 200 404 | 404 | 404"),
        new("POST /api/v1/parks/{parkId:long}/unified-orders", "401 | 201 | 201 404 | 201 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/unified-order-settings", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("PUT /api/v1/parks/{parkId:long}/unified-order-settings", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404", Body: _ => new { defaultFeePercent = 3m }),
        new("GET /api/v1/unified-orders/{id:long}", "401 | 200 | 200 404 | 200 404 | 404 | 200 404 | 200 404 | 404 | 404"),
        new("GET /api/v1/unified-orders/{id:long}/statement", "401 | 200 | 200 404 | 200 404 | 404 | 200 404 | 200 404 | 404 | 404"),
        new("GET /api/v1/unified-orders/{id:long}/suggestions", "401 | 200 | 200 404 | 200 404 | 404 | 403 404 | 403 404 | 404 | 404"),
        new("PUT /api/v1/unified-orders/{id:long}/parts", "401 | 409 | 409 404 | 409 404 | 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/unified-orders/{id:long}/parts/{partId:long}/accept", "401 | 403 | 403 404 | 403 404 | 404 | 409 404 | 409 404 | 404 | 404"),
        new("POST /api/v1/unified-orders/{id:long}/parts/{partId:long}/decline", "401 | 403 | 403 404 | 403 404 | 404 | 409 404 | 409 404 | 404 | 404"),
        new("POST /api/v1/unified-orders/{id:long}/parts/{partId:long}/delivery", "401 | 409 | 409 404 | 409 404 | 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/unified-orders/{id:long}/payment", "401 | 409 | 409 404 | 409 404 | 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/unified-orders/{id:long}/settle", "401 | 409 | 409 404 | 409 404 | 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/unified-orders/{id:long}/{action} allocate", "401 | 409 | 409 404 | 409 404 | 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/unified-orders/{id:long}/{action} reopen", "401 | 409 | 409 404 | 409 404 | 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/unified-orders/{id:long}/{action} start", "401 | 409 | 409 404 | 409 404 | 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/unified-orders/{id:long}/{action} deliver", "401 | 409 | 409 404 | 409 404 | 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/unified-orders/{id:long}/{action} cancel", "401 | 409 | 409 404 | 409 404 | 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/chain-templates", "401 | 200 | 200 | 200 | 200 | 200 | 200 | 200 | 200"),
        new("GET /api/v1/parks/{parkId:long}/chain", "401 | 200 | 200 404 | 200 404 | 200 404 | 200 404 | 200 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/chain/gap-candidates", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/investment-leads", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/investment-leads/summary", "401 | 200 | 200 404 | 200 404 | 200 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/investment-leads/{id:long}", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/chain-templates", "401 | 201 | 403 | 403 | 403 | 403 | 403 | 403 | 403"),
        new("POST /api/v1/parks/{parkId:long}/chain/apply", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/parks/{parkId:long}/investment-leads", "401 | 201 | 201 404 | 201 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/parks/{parkId:long}/investment-leads/{id:long}/status", "401 | 409 | 409 404 | 409 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/parks/{parkId:long}/investment-leads/{id:long}/visits", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("PUT /api/v1/chain-templates/{id:long}", "401 | 200 | 403 | 403 | 403 | 403 | 403 | 403 | 403"),
        new("PUT /api/v1/parks/{parkId:long}/chain", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("PUT /api/v1/parks/{parkId:long}/investment-leads/{id:long}", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/parks/{parkId:long}/services", "401 | 200 | 200 404 | 200 404 | 200 404 | 200 404 | 200 404 | 404 | 404"),
        new("POST /api/v1/parks/{parkId:long}/services", "401 | 201 | 201 404 | 201 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("PUT /api/v1/parks/{parkId:long}/services/{id:long}", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/parks/{parkId:long}/services/{id:long}/prices", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/service-orders/{id:long}", "401 | 200 | 200 404 | 200 404 | 404 | 200 404 | 200 404 | 404 | 404"),
        new("POST /api/v1/service-orders/{id:long}/{action} accept", "401 | 409 | 409 404 | 409 404 | 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/service-orders/{id:long}/{action} fulfil", "401 | 409 | 409 404 | 409 404 | 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/service-orders/{id:long}/{action} cancel", "401 | 409 | 409 404 | 409 404 | 404 | 409 404 | 409 404 | 404 | 404"),
        new("POST /api/v1/service-orders/{id:long}/{action} reject", "401 | 409 | 409 404 | 409 404 | 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/reserve-fund/loans/{id:long}", "401 | 200 | 200 404 | 200 404 | 404 | 200 404 | 200 404 | 404 | 404"),
        new("POST /api/v1/reserve-fund/loans/{id:long}/repayments", "401 | 422 | 422 404 | 422 404 | 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/resources/{id:long}", "401 | 200 | 200 404 | 200 404 | 200 404 | 200 404 | 200 404 | 404 | 404"),
        new("PUT /api/v1/resources/{id:long}", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404", Use: "resources=spare-resources"),
        new("GET /api/v1/resources/{id:long}/availability", "401 | 200 | 200 404 | 200 404 | 200 404 | 200 404 | 200 404 | 404 | 404"),
        new("GET /api/v1/resources/{id:long}/bookings", "401 | 200 | 200 404 | 200 404 | 200 404 | 200 404 | 200 404 | 404 | 404"),
        new("POST /api/v1/resources/{id:long}/bookings", "401 | 201 | 201 404 | 201 404 | 403 404 | 201 404 | 201 404 | 404 | 404", Use: "resources=spare-resources"),
        new("POST /api/v1/resources/{id:long}/waitlist", "401 | 409 | 409 404 | 409 404 | 403 404 | 409 404 | 409 404 | 404 | 404", Use: "resources=spare-resources"),
        new("GET /api/v1/tickets/{id:long}", "401 | 200 | 200 404 | 200 404 | 404 | 200 404 | 200 404 | 404 | 200 404"),
        new("POST /api/v1/tickets/{id:long}/photos", "401 | 400 | 400 404 | 400 404 | 404 | 400 404 | 400 404 | 404 | 400 404"),
        new("GET /api/v1/tickets/{id:long}/photos/{photoId:long}", "401 | 200 | 200 404 | 200 404 | 404 | 200 404 | 200 404 | 404 | 200 404"),
        new("POST /api/v1/tickets/{id:long}/{action} comment", "401 | 200 | 200 404 | 200 404 | 404 | 200 404 | 200 404 | 404 | 200 404"),
        new("GET /api/v1/units/{id:long}", "401 | 200 | 200 404 | 200 404 | 200 404 | 200 404 | 200 404 | 404 | 404"),
        new("PUT /api/v1/units/{id:long}", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404", Use: "units=spare-units"),
        new("GET /api/v1/units/{id:long}/qr-link", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("POST /api/v1/units/{id:long}/qr-link", "401 | 200 | 200 404 | 200 404 | 403 404 | 403 404 | 403 404 | 404 | 404"),
        new("GET /api/v1/users/", "401 | 200 | 200 | 200 | 403 | 403 | 403 | 403 | 403"),
        new("POST /api/v1/users/", "401 | 201 | 403 | 403 | 403 | 403 | 403 | 403 | 403"),
        new("POST /api/v1/users/{id:long}/activate", "401 | 204 | 403 | 403 | 403 | 403 | 403 | 403 | 403"),
        new("POST /api/v1/users/{id:long}/deactivate", "401 | 204 | 403 | 403 | 403 | 403 | 403 | 403 | 403"),
        new("DELETE /api/v1/waitlist/{id:long}", "401 | 409 | 409 404 | 409 404 | 404 | 409 404 | 409 404 | 404 | 404"),
        new("POST /api/v1/waitlist/{id:long}/accept", "401 | 403 | 403 404 | 403 404 | 404 | 409 404 | 409 404 | 404 | 404"),
    ];

    private static IEnumerable<(string Role, int Status)> Cells(string statuses) =>
        statuses.Split('|').Select(c => c.Trim()).Zip(Roles).SelectMany(x =>
        {
            var parts = x.First.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
            if (parts.Length is not (1 or 2)) throw new FormatException($"cell '{x.First}' of {x.Second}: one or two statuses");
            return new[] { (x.Second, parts[0]), (x.Second, parts[^1]) };
        });

    [Fact]
    public void Matrix_EveryEndpointHasARowAndEveryRowAnEndpoint()
    {
        var endpoints = ApiCatalog.Endpoints(fx.App.Services, includeAnonymous: true).Select(e => e.ToString()).ToHashSet();
        var rows = Matrix.Select(r => Endpoint(r.Operation)).ToHashSet();
        endpoints.Except(rows).Order().ShouldBeEmpty("endpoints without a row in AccessMatrixTests.Matrix (run Matrix_EveryOperationAndRole_AnswersAsTheTableSays and paste the rows it prints)");
        rows.Except(endpoints).Order().ShouldBeEmpty("rows of AccessMatrixTests.Matrix whose endpoint is gone");
        Matrix.GroupBy(r => r.Operation).Where(g => g.Count() > 1).Select(g => g.Key).ShouldBeEmpty("operations with two rows");
        foreach (var r in Matrix) Cells(r.Statuses).Count().ShouldBe(Roles.Length * 2, r.Operation);
    }

    private static string Endpoint(string operation)
    {
        var parts = operation.Split(' ');
        return parts.Length > 2 ? $"{parts[0]} {parts[1]}" : operation;
    }

    [Fact]
    public async Task Matrix_EveryOperationAndRole_AnswersAsTheTableSays()
    {
        var clock = Stopwatch.StartNew();
        var endpoints = ApiCatalog.Endpoints(fx.App.Services, includeAnonymous: true);
        var rows = endpoints.SelectMany(e =>
        {
            var own = Matrix.Where(r => Endpoint(r.Operation) == e.ToString()).ToList();
            return own.Count > 0 ? own.Select(r => (e, r)) : [(e, new Row(e.ToString(), ""))];
        }).ToList();
        var failures = new List<string>();
        var actualTable = new StringBuilder();
        var requests = 0;
        foreach (var (endpoint, row) in rows)
        {
            var expected = row.Statuses.Length == 0 ? null : Cells(row.Statuses).ToList();
            var cells = Roles.SelectMany(role => new[] { (Role: role, Side: SidesOf[role].Own, Own: true), (Role: role, Side: SidesOf[role].Foreign, Own: false) }).ToList();
            async Task<(int Status, string Text, string Uri)> SendAsync((string Role, string Side, bool Own) cell)
            {
                var ids = new Dictionary<string, object>(fx.Sides[cell.Side]);
                foreach (var (to, from) in (row.Use ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(u => u.Split('=')).Select(p => (p[0].Trim(), p[1].Trim())))
                    ids[to] = ids[from];
                if (row.Fresh is { } kind) ids[kind] = await fx.FreshAsync(kind, ids);
                var action = row.Operation.Split(' ').Skip(2).FirstOrDefault();
                if (action is not null) ids["?action"] = action;
                var req = endpoint.Request(ids);
                if (row.Query is { } q)
                    req.RequestUri = new Uri(req.RequestUri + "?" + ids.Aggregate(q, (acc, kv) => acc.Replace("{" + kv.Key + "}", Uri.EscapeDataString(Convert.ToString(kv.Value, System.Globalization.CultureInfo.InvariantCulture) ?? ""))), UriKind.Relative);
                if (row.Body is not null) req.Content = JsonContent.Create(row.Body(ids), options: Demo.Json);
                var client = row.OwnSession && cell.Role != "anonymous" ? await fx.App.LoginAsync(cell.Role) : fx.Clients[cell.Role];
                var res = await client.SendAsync(req);
                return ((int)res.StatusCode, res.IsSuccessStatusCode ? "" : await res.Content.ReadAsStringAsync(), req.RequestUri!.ToString());
            }
            // A read changes nothing another role sees: the roles read at once (each its own side, then the foreign one, as a
            // read may set up something of the caller's own, e.g. its calendar feed). A write the table says is refused changes
            // nothing either: those go at once too; then the writes that succeed, one after another in the table's order.
            var answers = new (int Status, string Text, string Uri)[cells.Count];
            if (!endpoint.IsWrite)
                await Task.WhenAll(Enumerable.Range(0, Roles.Length).Select(async r =>
                {
                    answers[2 * r] = await SendAsync(cells[2 * r]);
                    answers[2 * r + 1] = await SendAsync(cells[2 * r + 1]);
                }));
            else
            {
                var refused = Enumerable.Range(0, cells.Count).Where(i => expected is not null && expected[i].Status >= 400).ToList();
                await Task.WhenAll(refused.Select(async i => answers[i] = await SendAsync(cells[i])));
                foreach (var i in Enumerable.Range(0, cells.Count).Except(refused)) answers[i] = await SendAsync(cells[i]);
            }
            requests += cells.Count;
            for (var i = 0; i < cells.Count; i++)
                if (expected is not null && expected[i].Status != answers[i].Status)
                    failures.Add($"{row.Operation} as {cells[i].Role} ({(cells[i].Own ? "own" : "foreign")} {answers[i].Uri}): expected {expected[i].Status}, got {answers[i].Status} {Cut(answers[i].Text)}");
            if (expected is null) failures.Add($"{row.Operation}: no row");
            actualTable.AppendLine(Line(row, answers.Select(a => a.Status).ToList()));
        }
        failures.ShouldBeEmpty($"{failures.Count} cells differ ({requests} requests in {clock.Elapsed.TotalSeconds:0.0} s).\n{string.Join("\n", failures)}\n\nThe host answers now (paste what is right into Matrix):\n{actualTable}");
        // no bound on the elapsed time: tests do not assert on wall-clock time (a loaded 2-core machine took 137 s); the
        // figure is in the failure message above, and speed is measured in bench/
    }

    /// <summary>A row as the host answers now, in the table's format.</summary>
    private static string Line(Row row, List<int> actual)
    {
        var cells = Roles.Select((_, r) => actual[2 * r] == actual[2 * r + 1] ? $"{actual[2 * r]}" : $"{actual[2 * r]} {actual[2 * r + 1]}");
        var extra = (row.Use is null ? "" : $", Use: \"{row.Use}\"") + (row.Query is null ? "" : $", Query: \"{row.Query}\"")
            + (row.Fresh is null ? "" : $", Fresh: \"{row.Fresh}\"") + (row.OwnSession ? ", OwnSession: true" : "") + (row.Body is null ? "" : ", Body: …");
        return $"        new(\"{row.Operation}\", \"{string.Join(" | ", cells)}\"{extra}),";
    }

    private static string Cut(string s) => s.Length > 200 ? s[..200] + "…" : s;
}
