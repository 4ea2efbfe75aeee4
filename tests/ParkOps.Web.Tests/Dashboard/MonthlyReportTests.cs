using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Leasing;
using ParkOps.Web.Features.ServiceDesk;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Dashboard;

/// <summary>
/// The printable monthly park report (issue 14 §4) over HTTP: the PDF's figures against the stored rows added up here
/// (the units' leasable area, the leases in force at the month's end, the requests opened in the month), its text Chinese
/// with no resource key, who may read it, and a bad month named.
/// </summary>
public sealed class MonthlyReportTests(ParkOpsFactory app) : IClassFixture<ParkOpsFactory>
{
    private static string Text(byte[] bytes)
    {
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(bytes);
        return string.Join("\n", pdf.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }

    /// <summary>Today as the server sees it (the factory's fixed clock), read from the dashboard's "as of".</summary>
    private async Task<DateOnly> TodayAsync(HttpClient op, long park)
    {
        var d = await (await op.GetAsync($"/api/v1/parks/{park}/dashboard")).JsonAsync();
        return DateOnly.Parse(d.GetProperty("asOf").GetString()!, CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task LastMonth_ThePdfCarriesTheStoredOccupancyAndRequests_InChinese()
    {
        var park = await app.ParkIdAsync("DG-CA-01");
        var op = await app.LoginAsync("operator");
        var today = await TodayAsync(op, park);
        var month = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        var end = month.AddMonths(1).AddDays(-1);

        var res = await op.GetAsync($"/api/v1/parks/{park}/monthly-report?month={month:yyyy-MM}");
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        res.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        var text = Text(await res.Content.ReadAsByteArrayAsync());

        // the month's end: leasable units and the area of the leases holding a unit that day, added up here
        var (leasable, leased, opened) = await app.WithDbAsync(async db =>
        {
            var units = await db.Units.IgnoreQueryFilters().Where(u => u.ParkId == park && u.Status != UnitStatus.NotLeasable).Select(u => u.AreaSqm).ToListAsync();
            var leases = await db.Leases.IgnoreQueryFilters().Where(l => l.ParkId == park && l.State != LeaseState.Intent && l.State != LeaseState.Approved
                && l.State != LeaseState.Cancelled && l.StartDate <= end && (l.TerminatedOn ?? l.EndDate) >= end).Select(l => l.Id).ToListAsync();
            var held = await db.LeaseUnits.IgnoreQueryFilters().Where(u => leases.Contains(u.LeaseId)).Select(u => new { u.UnitId, u.AreaSqm }).ToListAsync();
            var created = await db.Tickets.IgnoreQueryFilters().Where(t => t.ParkId == park && t.Kind == TicketKind.Request).Select(t => t.CreatedAt).ToListAsync();
            return (units.Sum(), held.GroupBy(u => u.UnitId).Sum(g => g.First().AreaSqm),
                created.Count(c => { var l = TimeZoneInfo.ConvertTimeFromUtc(c, Time.Shanghai); return l.Year == month.Year && l.Month == month.Month; }));
        });
        var occupancy = Math.Round(leased / leasable * 100, 1, MidpointRounding.AwayFromZero);

        text.ShouldContain($"东莞长安电子元器件小微企业园 月度运营报告（{month.Year}年{month.Month}月）");
        text.ShouldContain($"数据截至 {end:yyyy-MM-dd}");
        text.ShouldContain($"已出租 {leased.ToString("#,0.##", CultureInfo.InvariantCulture)} / 可出租 {leasable.ToString("#,0.##", CultureInfo.InvariantCulture)} 平方米");
        // the twelve months' table: the month's row starts with its occupancy, then overdue arrears, then the requests opened
        var row = new Regex($@"{month.Year}年{month.Month}月 (?<occ>[0-9.]+)% [0-9,.]+ (?<opened>\d+) \d+ [0-9,.]+").Matches(text).Last();
        row.Groups["occ"].Value.ShouldBe(occupancy.ToString("0.0", CultureInfo.InvariantCulture));
        row.Groups["opened"].Value.ShouldBe(opened.ToString(CultureInfo.InvariantCulture));
        text.ShouldContain($"{opened} 件");
        foreach (var heading in new[] { "一、本月概况", "二、近 12 个月趋势", "三、本月收入结构", "四、风险预警", "五、口径说明" }) text.ShouldContain(heading);
        text.ShouldNotContain("Monthly.");
        text.ShouldNotContain("RevClass.");
        var english = Regex.Matches(text, "[A-Za-z]{3,}").Select(m => m.Value).Distinct().Where(w => w.Any(char.IsLower)).ToList();
        english.ShouldBeEmpty("English words in the monthly report");
        // aggregates only: no firm of the park is named
        var names = await app.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters().Where(e => e.ParkId == park).Select(e => e.Name).ToListAsync());
        names.Where(text.Contains).ShouldBeEmpty();
    }

    [Fact]
    public async Task GovernmentReadsIt_TenantIsRefused_AndABadMonthIsNamed()
    {
        var park = await app.ParkIdAsync("DG-HM-01");
        var gov = await (await app.LoginAsync("gov")).GetAsync($"/api/v1/parks/{park}/monthly-report");
        gov.StatusCode.ShouldBe(HttpStatusCode.OK);
        Text(await gov.Content.ReadAsByteArrayAsync()).ShouldContain("东莞虎门服装小微企业园 月度运营报告");
        await (await (await app.LoginAsync("tenant")).GetAsync($"/api/v1/parks/{park}/monthly-report"))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var tenantPark = await app.ParkIdAsync("DG-CA-01");
        await (await (await app.LoginAsync("tenant")).GetAsync($"/api/v1/parks/{tenantPark}/monthly-report"))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "ParkAggregatesAreForOperatorsAndGovernment");
        var op = await app.LoginAsync("operator2");
        await (await op.GetAsync($"/api/v1/parks/{park}/monthly-report?month=2026-13")).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "MonthlyReportMonthFormat", "month");
        await (await op.GetAsync($"/api/v1/parks/{park}/monthly-report?month=0001-06")).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "MonthlyReportMonthFormat", "month");
        await (await op.GetAsync($"/api/v1/parks/{park}/monthly-report?month=2099-01")).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "MonthlyReportMonthInFuture", "month");
    }
}
