using Microsoft.AspNetCore.Http.HttpResults;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Platform;

namespace ParkOps.Web.Features.Dashboard;

/// <summary>The park dashboard and the government's view of its region's parks (issue 14 §4, DOMAIN §10).</summary>
public sealed class DashboardModule : IAreaModule
{
    public void AddServices(IServiceCollection services, IConfiguration config) => services.AddScoped<DashboardService>().AddScoped<QuarterFactsStore>().AddScoped<MonthlyReportService>().AddScoped<ProvinceExport>()
        .AddHostedService<QuarterFactsRefresher>();

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization().WithTags("Dashboard");
        api.MapGet("/parks/{parkId:long}/dashboard", Park)
            .WithSummary("The park's KPIs of a quarter (quarter=2026Q3, default this quarter; a quarter not begun 422 DashboardQuarterInFuture, a bad one 422 DashboardQuarterFormat): occupancy, leading-industry share, survival, tax growth, per-mu tax and output, collaboration rate, repair response time, satisfaction, service-revenue share, chain completeness, open risk alerts — each {kpi, name, definition, value (null: no data), unit: percent|minutes|wan-yuan-per-mu|count, target, direction: atLeast|atMost, meets, numerator, denominator, trend: the last 8 quarters [{quarter, value, meets}]}. The park's operators and government viewers (park totals, no firm named); an enterprise user 403 ParkAggregatesAreForOperatorsAndGovernment.")
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(422);
        api.MapGet("/parks/{parkId:long}/dashboard/{kpi}/items", Items)
            .WithSummary("The list behind a KPI of a quarter (quarter=): e.g. the leasable units with those leased, the enterprises counted as collaborating, the stages with their firms, the reports' tax per enterprise, the open alerts — [{id, label, detail, value, counted, link}] with the KPI's value, numerator and denominator; response time and satisfaction point to the desk report (seeAlso). Names firms: the park's operators only (a government viewer 403 GovernmentSeesAggregatesOnly, an enterprise user 403); an unknown kpi 404.")
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(422);
        api.MapGet("/regions/{regionId:long}/parks-overview", Region)
            .WithSummary("Every park of a region and the regions below it side by side for a quarter (quarter=) with its KPIs [{kpi, value, meets}], and the region's totals with 8-quarter trends (numerators and denominators added over the parks with data). A government viewer of the region or a region above it, and the platform admin; anyone else (a government viewer of another region, an operator, an enterprise user) 404.")
            .ProducesProblem(404).ProducesProblem(422);
        api.MapGet("/parks/{parkId:long}/monthly-report", MonthlyReport)
            .WithSummary("The park's monthly report as a printable A4 PDF in the caller's language (month=2026-11, default last month; the running month reads to today; a month not begun 422 MonthlyReportMonthInFuture, a bad one 422 MonthlyReportMonthFormat): the month's key figures (enterprises in the park with those admitted and gone, occupancy, overdue arrears, the operator's income and its service share, tickets, satisfaction, open risk alerts, collaborating enterprises), twelve months of occupancy, overdue arrears and tickets drawn as bar charts with the table behind them, the month's income by class, the open alerts by type and severity, and the definitions. Aggregates only, no firm named: the park's operators, its government viewers and the admin; an enterprise user 403 ParkAggregatesAreForOperatorsAndGovernment.")
            .WithNoSniff().Produces(200, contentType: "application/pdf").ProducesProblem(403).ProducesProblem(404).ProducesProblem(422);
        api.MapGet("/regions/{regionId:long}/province-export", Province)
            .WithSummary("The province's quarterly micro-park template (.xlsx, Chinese headers) for every park of the region and the regions below it (?year=&quarter=, default the last ended quarter): 园区名称, 园区代码, 所在区县, 报告期, 占地面积（亩）, 入驻企业数, 规上企业数, 应报/已报企业数, 从业人员, 工业总产值, 营业收入, 实缴税金, 工业增加值, 综合能耗, 用电量, 亩均税收, 亩均营收, 报送状态 (已通过 | 已提交 | 未报送), 报送时间. Figures from the park's quarterly submission when it was submitted or approved; a park without one has empty cells and 未报送. A government viewer of the region (or above) and the platform admin; an operator or enterprise user 403 ProvinceExportForGovernment; a government viewer of another region 404.")
            .WithNoSniff().Produces(200, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").ProducesProblem(403).ProducesProblem(404).ProducesProblem(422);
    }

    private static async Task<FileContentHttpResult> MonthlyReport(long parkId, string? month, MonthlyReportService s, CancellationToken ct)
    {
        var (bytes, name) = await s.PdfAsync(parkId, month, ct);
        return TypedResults.File(bytes, "application/pdf", name);
    }

    private static async Task<FileContentHttpResult> Province(long regionId, int? year, int? quarter, ProvinceExport s, CancellationToken ct)
    {
        var (bytes, name) = await s.ExportAsync(regionId, year, quarter, ct);
        return TypedResults.File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name);
    }

    private static async Task<Ok<ParkDashboardDto>> Park(long parkId, string? quarter, DashboardService s, CancellationToken ct) =>
        TypedResults.Ok(await s.ParkAsync(parkId, quarter, ct));

    private static async Task<Ok<KpiItemsDto>> Items(long parkId, string kpi, string? quarter, DashboardService s, CancellationToken ct) =>
        TypedResults.Ok(await s.ItemsAsync(parkId, kpi, quarter, ct));

    private static async Task<Ok<RegionOverviewDto>> Region(long regionId, string? quarter, DashboardService s, CancellationToken ct) =>
        TypedResults.Ok(await s.RegionAsync(regionId, quarter, ct));
}
