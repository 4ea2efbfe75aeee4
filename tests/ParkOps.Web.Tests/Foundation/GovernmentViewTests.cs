using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Features.Billing;
using ParkOps.Web.Features.Leasing;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using ParkOps.Web.Features.Billing.Contracts;
using ParkOps.Web.Features.Leasing.Contracts;

namespace ParkOps.Web.Tests.Foundation;

/// <summary>
/// The government viewer (issue 13 item 9): the park's arrears and expiring leases as totals equal to the operator's
/// figures (the bills' and leases' scope filters show it none of the rows), the operators' per-firm lists refused, a
/// menu without operator tools, and the park switcher.
/// </summary>
public sealed class GovernmentViewTests(ClockedParkOpsFactory app) : IClassFixture<ClockedParkOpsFactory>
{
    private DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime);

    private static async Task<(HttpStatusCode Status, string Html)> PageAsync(HttpClient c, string path)
    {
        var res = await c.GetAsync(path);
        return (res.StatusCode, WebUtility.HtmlDecode(await res.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task ArrearsTotals_GovernmentViewer_EqualTheBooksAndTheOperatorsFigures()
    {
        var park = await app.ParkIdAsync();
        var asOf = Today;
        var overdue = await app.WithDbAsync(db => db.Bills.Where(b => b.ParkId == park && (b.State == BillState.Issued || b.State == BillState.PartiallyPaid) && b.DueDate < asOf)
            .Select(b => new { b.EnterpriseId, b.Total, b.Paid, b.DueDate }).ToListAsync());
        var expected = overdue.Sum(b => b.Total - b.Paid);
        expected.ShouldBeGreaterThan(0m, "the demo park has overdue bills");

        var q = $"/api/v1/parks/{park}/arrears/totals?asOf={asOf:yyyy-MM-dd}";
        var gov = await (await (await app.LoginAsync("gov")).GetAsync(q)).JsonAsync();
        gov.GetProperty("outstanding").GetDecimal().ShouldBe(expected);
        gov.GetProperty("bills").GetInt32().ShouldBe(overdue.Count);
        gov.GetProperty("enterprises").GetInt32().ShouldBe(overdue.Select(b => b.EnterpriseId).Distinct().Count());
        (gov.GetProperty("days0To30").GetDecimal() + gov.GetProperty("days31To60").GetDecimal() + gov.GetProperty("days61To90").GetDecimal() + gov.GetProperty("over90").GetDecimal())
            .ShouldBe(expected);
        gov.ToString().ShouldNotContain("enterpriseName", Case.Insensitive);
        // the ageing chart's bill counts: days past due 1–30, 31–60, 61–90, over 90
        var late = overdue.Select(b => asOf.DayNumber - b.DueDate.DayNumber).ToList();
        gov.GetProperty("bills0To30").GetInt32().ShouldBe(late.Count(d => d <= 30));
        gov.GetProperty("bills31To60").GetInt32().ShouldBe(late.Count(d => d > 30 && d <= 60));
        gov.GetProperty("bills61To90").GetInt32().ShouldBe(late.Count(d => d > 60 && d <= 90));
        gov.GetProperty("billsOver90").GetInt32().ShouldBe(late.Count(d => d > 90));
        (gov.GetProperty("bills0To30").GetInt32() + gov.GetProperty("bills31To60").GetInt32() + gov.GetProperty("bills61To90").GetInt32() + gov.GetProperty("billsOver90").GetInt32()).ShouldBe(overdue.Count);

        var op = await app.LoginAsync("operator");
        (await (await op.GetAsync(q)).JsonAsync()).GetProperty("outstanding").GetDecimal().ShouldBe(expected);
        var rows = await (await op.GetAsync($"/api/v1/parks/{park}/arrears?asOf={asOf:yyyy-MM-dd}")).JsonAsync();
        rows.EnumerateArray().Sum(r => r.GetProperty("outstanding").GetDecimal()).ShouldBe(expected);
    }

    private async Task<T> AsSystemAsync<TService, T>(Func<TService, Task<T>> work) where TService : notnull
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(ActorScope.System);
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    [Fact]
    public async Task ArrearsOverTime_TodayIsTheTotals_APastDayTakesLaterPaymentsBack()
    {
        var park = await app.ParkIdAsync();
        var today = Today;
        var past = new DateOnly(today.Year, today.Month, 1).AddDays(-1).AddMonths(-2);
        var days = await AsSystemAsync<IParkArrears, IReadOnlyList<ArrearsOnDay>>(s => s.OverdueOnAsync(park, [past, today], default));
        days.Select(d => d.AsOf).ShouldBe([past, today]);
        // today: the totals the API gives (the chart's last point equals the arrears page)
        var totals = await (await (await app.LoginAsync("operator")).GetAsync($"/api/v1/parks/{park}/arrears/totals?asOf={today:yyyy-MM-dd}")).JsonAsync();
        days[1].Outstanding.ShouldBe(totals.GetProperty("outstanding").GetDecimal());
        days[1].Bills.ShouldBe(totals.GetProperty("bills").GetInt32());
        // a past month's end: each bill due before it owed what is unpaid now plus what was paid on it afterwards
        var bills = await app.WithDbAsync(db => db.Bills.Where(b => b.ParkId == park && b.DueDate < past
            && (b.State == BillState.Issued || b.State == BillState.PartiallyPaid || b.State == BillState.Paid)).Select(b => new { b.Id, b.Total, b.Paid }).ToListAsync());
        var paidLater = await app.WithDbAsync(db => db.Payments.Where(p => p.ParkId == park && p.PaidOn > past).Select(p => new { p.BillId, p.Applied }).ToListAsync());
        var owed = bills.Select(b => b.Total - b.Paid + paidLater.Where(p => p.BillId == b.Id).Sum(p => p.Applied)).Where(o => o > 0).ToList();
        owed.ShouldNotBeEmpty("the demo park had overdue bills two months ago");
        days[0].Outstanding.ShouldBe(owed.Sum());
        days[0].Bills.ShouldBe(owed.Count);
    }

    [Fact]
    public async Task LeasedArea_OnADay_CountsTheUnitsOfSignedLeasesCoveringIt()
    {
        var park = await app.ParkIdAsync();
        var today = Today;
        var days = await AsSystemAsync<ILeaseOccupancy, IReadOnlyList<LeasedAreaOnDay>>(s => s.LeasedAreaAsync(park, [new DateOnly(2000, 1, 31), today], default));
        days[0].ShouldBe(new LeasedAreaOnDay(new DateOnly(2000, 1, 31), 0, 0m));
        var held = await app.WithDbAsync(db => db.Leases.Where(l => l.ParkId == park && l.State != LeaseState.Intent && l.State != LeaseState.Approved && l.State != LeaseState.Cancelled
                && l.StartDate <= today && (l.TerminatedOn ?? l.EndDate) >= today)
            .Join(db.LeaseUnits, l => l.Id, u => u.LeaseId, (l, u) => new { u.UnitId, u.AreaSqm }).ToListAsync());
        var units = held.GroupBy(u => u.UnitId).Select(g => g.First().AreaSqm).ToList();
        units.ShouldNotBeEmpty("the demo park has leased units");
        days[1].Units.ShouldBe(units.Count);
        days[1].LeasedSqm.ShouldBe(units.Sum());
    }

    [Fact]
    public async Task ExpiringLeases_GovernmentViewer_CountsTheLeasesTheOperatorIsReminded()
    {
        var park = await app.ParkIdAsync();
        var today = Today;
        var ends = await app.WithDbAsync(db => db.Leases.Where(l => l.ParkId == park && (l.State == LeaseState.Active || l.State == LeaseState.Signed)
            && l.EndDate >= today && l.EndDate <= today.AddDays(90)).Select(l => l.EndDate).ToListAsync());
        ends.Count.ShouldBeGreaterThan(0, "the demo park has leases ending within 90 days");

        var gov = await (await (await app.LoginAsync("gov")).GetAsync($"/api/v1/parks/{park}/lease-reminders/counts")).JsonAsync();
        gov.GetProperty("total").GetInt32().ShouldBe(ends.Count);
        gov.GetProperty("within7Days").GetInt32().ShouldBe(ends.Count(e => e.DayNumber - today.DayNumber <= 7));
        gov.GetProperty("within30Days").GetInt32().ShouldBe(ends.Count(e => e.DayNumber - today.DayNumber is > 7 and <= 30));
        var reminders = await (await (await app.LoginAsync("operator")).GetAsync($"/api/v1/parks/{park}/lease-reminders")).JsonAsync();
        reminders.GetArrayLength().ShouldBe(ends.Count);
    }

    [Fact]
    public async Task Home_GovernmentViewer_ShowsTheParksArrearsAndExpiringLeases()
    {
        var park = await app.ParkIdAsync();
        var today = Today;
        var expected = (await app.WithDbAsync(db => db.Bills.Where(b => b.ParkId == park && (b.State == BillState.Issued || b.State == BillState.PartiallyPaid) && b.DueDate < today)
            .Select(b => new { b.Total, b.Paid }).ToListAsync())).Sum(b => b.Total - b.Paid);
        var (status, html) = await PageAsync(await app.CookieLoginAsync("gov"), "/");
        status.ShouldBe(HttpStatusCode.OK);
        var kpis = html.IndexOf("data-testid=\"money-kpis\"", StringComparison.Ordinal);
        kpis.ShouldBeGreaterThan(0);
        html.Substring(kpis, 600).ShouldContain(expected.ToString("N2", CultureInfo.InvariantCulture));
        // totals, not the operators' list of named leases
        html.ShouldNotContain("href=\"/leases/");
    }

    [Fact]
    public async Task PerFirmLists_GovernmentViewer_AreRefused()
    {
        var park = await app.ParkIdAsync();
        var gov = await app.LoginAsync("gov");
        foreach (var path in new[] { "bills", "bills/export", "arrears", "leases", "lease-reminders", "meters" })
            await (await gov.GetAsync($"/api/v1/parks/{park}/{path}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "GovernmentSeesAggregatesOnly");
        var console = await app.CookieLoginAsync("gov");
        foreach (var path in new[] { "bills", "leases", "meters" })
            (await PageAsync(console, $"/parks/{park}/{path}")).Status.ShouldBe(HttpStatusCode.Forbidden, path);
        // the arrears page shows the totals and no firm
        var (status, html) = await PageAsync(console, $"/parks/{park}/arrears");
        status.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("data-testid=\"arrears-totals\"");
        html.ShouldNotContain("data-testid=\"arrears-table\"");
    }

    [Fact]
    public async Task ParkTotals_Tenant_AreRefused()
    {
        var park = await app.ParkIdAsync();
        var tenant = await app.LoginAsync("tenant");
        await (await tenant.GetAsync($"/api/v1/parks/{park}/arrears/totals")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "ParkAggregatesAreForOperatorsAndGovernment");
        await (await tenant.GetAsync($"/api/v1/parks/{park}/lease-reminders/counts")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "ParkAggregatesAreForOperatorsAndGovernment");
    }

    [Fact]
    public async Task Menu_GovernmentViewer_HasNoOperatorTools()
    {
        var park = await app.ParkIdAsync();
        var (_, html) = await PageAsync(await app.CookieLoginAsync("gov"), $"/parks/{park}/enterprises");
        foreach (var tool in new[] { "bills", "leases", "meters", "rent-calculator", "tariffs", "ledger-checks", "settings", "import", "risk" })
            html.ShouldNotContain($"href=\"/parks/{park}/{tool}\"", Case.Sensitive, tool);
        html.ShouldContain($"href=\"/parks/{park}/mujun\"");
        html.ShouldContain($"href=\"/parks/{park}/arrears\"");
    }

    [Fact]
    public async Task ParkSwitch_GovernmentViewer_LandsOnTheSameKindOfPageAndTheMenuFollows()
    {
        var (p1, p2) = (await app.ParkIdAsync(), await app.ParkIdAsync("DG-HM-01"));
        var gov = await app.CookieLoginAsync("gov");
        var (_, first) = await PageAsync(gov, $"/parks/{p1}/enterprises");
        first.ShouldContain("data-testid=\"park-switcher\"");
        first.ShouldContain($"href=\"/park-switch/{p2}?returnUrl=");

        var res = await gov.GetAsync($"/park-switch/{p2}?returnUrl={Uri.EscapeDataString($"/parks/{p1}/enterprises?stage=x")}");
        res.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        res.Headers.Location!.OriginalString.ShouldBe($"/parks/{p2}/enterprises");
        // a page that names no park: the menu is about the park chosen last
        var (_, home) = await PageAsync(gov, "/");
        home.ShouldContain($"href=\"/parks/{p2}/mujun\"");
        home.ShouldNotContain($"href=\"/parks/{p1}/mujun\"");
    }

    [Fact]
    public async Task ParkSwitch_ParkOutOfSight_IsNotFound()
    {
        var other = await app.WithDbAsync(async db =>
        {
            var region = await db.Regions.FirstAsync();
            var p = new Park { RegionId = region.Id, Name = "切换测试园区", Code = "SW-" + Guid.NewGuid().ToString("N")[..8], CreatedAt = DateTime.UtcNow };
            db.Parks.Add(p);
            await db.SaveChangesAsync();
            return p.Id;
        });
        var tenant = await app.CookieLoginAsync("tenant");
        (await tenant.GetAsync($"/park-switch/{other}?returnUrl=/")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/parks/1/enterprises", 2, "/parks/2/enterprises")]
    [InlineData("/parks/1/tickets/report?month=2026-11", 2, "/parks/2/tickets/report")]
    [InlineData("/parks/1/reserve-fund/crises/7", 2, "/parks/2/reserve-fund/crises")]
    [InlineData("/bills/55", 2, "/parks/2/bills")]
    [InlineData("/market/posts/9", 3, "/parks/3/market")]
    [InlineData("/collaborations", 2, "/collaborations")]
    [InlineData("/", 2, "/")]
    [InlineData("//evil.example/x", 2, "/")]
    [InlineData("https://evil.example/", 2, "/")]
    [InlineData(null, 2, "/")]
    public void ParkSwitchTarget_ReturnUrl_KeepsTheKindOfPage(string? returnUrl, long park, string expected) =>
        ParkSwitch.Target(returnUrl, park).ShouldBe(expected);
}
