using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Monitoring;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Imports.Contracts;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Features.Reporting;
using ParkOps.Web.Resources;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Dashboard;

/// <summary>
/// The province's quarterly template for a region's parks (issue 14 §4): read back with the project's own .xlsx reader
/// and checked against submissions and reports stored here for 2018Q3 (no demo data that quarter); a park without a sent
/// submission has empty figures and 未报送; a park of another region is absent; who may.
/// </summary>
public sealed class ProvinceExportTests(ParkOpsFactory app) : IClassFixture<ParkOpsFactory>
{
    private async Task<long> RegionAsync(string code) => await app.WithDbAsync(async db => (await db.Regions.SingleAsync(r => r.Code == code)).Id);

    /// <summary>Park 1: an approved submission and two submitted reports (headcount 30.5 + 12) and a draft one (not counted); park 2: a draft submission only.</summary>
    private Task SeedAsync(long park1, long park2) => app.WithDbAsync(async db =>
    {
        if (await db.Set<ReportSubmission>().IgnoreQueryFilters().AnyAsync(s => s.Year == 2018 && s.QuarterNumber == 3)) return 0;
        var at = new DateTime(2018, 10, 15, 2, 0, 0, DateTimeKind.Utc);
        var s1 = new ReportSubmission
        {
            ParkId = park1, Year = 2018, QuarterNumber = 3, State = SubmissionState.Draft, EnterprisesExpected = 36, EnterprisesFiled = 2, EnterprisesMissing = 34,
            Output = 1234.5m, MainRevenue = 1100.25m, Tax = 63.25m, ValueAdded = 300m, EnergyTce = 12.5m, ElectricityKwh = 480000m, CompiledAt = at, CompiledBy = "test", UpdatedAt = at,
        };
        s1.Apply(SubmissionAction.Compile, "test", at);
        s1.Apply(SubmissionAction.Submit, "test", at);
        s1.Apply(SubmissionAction.Approve, "test", at.AddDays(2));
        var s2 = new ReportSubmission { ParkId = park2, Year = 2018, QuarterNumber = 3, State = SubmissionState.Draft, Output = 99m, Tax = 9m, CompiledAt = at, CompiledBy = "test", UpdatedAt = at };
        s2.Apply(SubmissionAction.Compile, "test", at);
        db.AddRange(s1, s2);
        var firms = await db.Enterprises.IgnoreQueryFilters().Where(e => e.ParkId == park1).OrderBy(e => e.Id).Select(e => e.Id).Take(3).ToListAsync();
        var heads = new[] { (30.5m, ReportState.Submitted), (12m, ReportState.Submitted), (500m, ReportState.Draft) };
        for (var i = 0; i < 3; i++)
            db.Add(new QuarterlyReport { ParkId = park1, EnterpriseId = firms[i], Year = 2018, QuarterNumber = 3, State = heads[i].Item2, AvgHeadcount = heads[i].Item1, UpdatedAt = at, UpdatedBy = "test", SubmittedAt = at });
        await db.SaveChangesAsync();
        return 0;
    });

    private SheetTable Read(byte[] bytes)
    {
        var t = app.Services.GetRequiredService<IStringLocalizer<Text>>();
        return TableFiles.Standalone(t).Read("export.xlsx", bytes);
    }

    [Fact]
    public async Task Export_CityOfTheGovernmentViewer_HasBothParksWithTheStoredFigures()
    {
        var (p1, p2) = (await app.ParkIdAsync("DG-CA-01"), await app.ParkIdAsync("DG-HM-01"));
        await SeedAsync(p1, p2);
        var res = await (await app.LoginAsync("gov")).GetAsync($"/api/v1/regions/{await RegionAsync("441900")}/province-export?year=2018&quarter=3");
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        res.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var sheet = Read(await res.Content.ReadAsByteArrayAsync());
        sheet.Headers.ShouldContain("园区名称");
        sheet.Headers.ShouldContain("亩均税收（万元/亩）");
        string? Cell(SheetRow r, string header) => sheet.Headers.ToList().IndexOf(header) is var i && i < r.Cells.Length ? r.Cells[i] : null;
        sheet.Rows.Count.ShouldBe(2);
        var r1 = sheet.Rows.Single(r => Cell(r, "园区代码") == "DG-CA-01");
        (Cell(r1, "园区名称"), Cell(r1, "所在区县"), Cell(r1, "报告期")).ShouldBe(("东莞长安电子元器件小微企业园", "长安镇", "2018年第3季度"));
        decimal D(SheetRow r, string h) => decimal.Parse(Cell(r, h)!, System.Globalization.CultureInfo.InvariantCulture);
        D(r1, "占地面积（亩）").ShouldBe(126.5m);
        D(r1, "工业总产值（万元）").ShouldBe(1234.5m);
        D(r1, "营业收入（万元）").ShouldBe(1100.25m);
        D(r1, "实缴税金（万元）").ShouldBe(63.25m);
        D(r1, "用电量（千瓦时）").ShouldBe(480000m);
        D(r1, "从业人员（人）").ShouldBe(42.5m);
        (D(r1, "应报企业数"), D(r1, "已报企业数")).ShouldBe((36m, 2m));
        // 63.25 ÷ 126.5 = 0.5; 1100.25 ÷ 126.5 = 8.6976…
        D(r1, "亩均税收（万元/亩）").ShouldBe(0.5m);
        D(r1, "亩均营收（万元/亩）").ShouldBe(8.6976m);
        Cell(r1, "报送状态").ShouldBe("已通过");
        var counts = await app.WithDbAsync(async db => await db.Enterprises.IgnoreQueryFilters().Where(e => e.ParkId == p1
            && (e.Status == EnterpriseStatus.Admitted || e.Status == EnterpriseStatus.Conditional || e.Status == EnterpriseStatus.Exiting))
            .Select(e => e.SizeClass).ToListAsync());
        (D(r1, "入驻企业数（导出日）"), D(r1, "规上企业数（导出日）")).ShouldBe((counts.Count, counts.Count(c => c == SizeClass.AboveScale)));

        // park 2's submission is a draft: nothing was sent — empty figures, never zeros
        var r2 = sheet.Rows.Single(r => Cell(r, "园区代码") == "DG-HM-01");
        Cell(r2, "报送状态").ShouldBe("未报送");
        foreach (var h in new[] { "工业总产值（万元）", "实缴税金（万元）", "从业人员（人）", "亩均税收（万元/亩）", "报送时间" }) Cell(r2, h).ShouldBeNull(h);
    }

    [Fact]
    public async Task Export_OfOneTown_LeavesTheOtherTownsParkOut_AndOnlyGovernmentAndAdminMay()
    {
        var (p1, p2) = (await app.ParkIdAsync("DG-CA-01"), await app.ParkIdAsync("DG-HM-01"));
        await SeedAsync(p1, p2);
        var changan = await RegionAsync("441900118");
        var res = await (await app.LoginAsync("admin")).GetAsync($"/api/v1/regions/{changan}/province-export?year=2018&quarter=3");
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var sheet = Read(await res.Content.ReadAsByteArrayAsync());
        sheet.Rows.Select(r => r.Cells[sheet.Headers.ToList().IndexOf("园区代码")]).ShouldBe(["DG-CA-01"]);

        await (await (await app.LoginAsync("operator")).GetAsync($"/api/v1/regions/{changan}/province-export?year=2018&quarter=3"))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "ProvinceExportForGovernment");
        await (await (await app.LoginAsync("tenant")).GetAsync($"/api/v1/regions/{changan}/province-export?year=2018&quarter=3"))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "ProvinceExportForGovernment");
        (await (await app.LoginAsync("gov")).GetAsync($"/api/v1/regions/{await RegionAsync("440000")}/province-export?year=2018&quarter=3")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await (await (await app.LoginAsync("gov")).GetAsync($"/api/v1/regions/{changan}/province-export?year=2018&quarter=5"))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "ProvinceExportQuarterFormat", "quarter");
    }
}
