using ParkOps.Domain.Monitoring;
using ParkOps.Domain.Rules;
using ParkOps.Web.Features.Enterprises.Contracts;
using ParkOps.Web.Features.Imports.Contracts;
using ParkOps.Web.Features.Parks.Contracts;
using ParkOps.Web.Features.Reporting.Contracts;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Features.Dashboard;

/// <summary>
/// The province's quarterly micro-park template for every park of a region and the regions below it (issue 14 §4,
/// DOMAIN §10): one row per park with its land, enterprise counts and the quarter's figures of its submission to the
/// county — figures only when the submission was sent (submitted or approved); a park that did not send one has empty
/// cells and 未报送, never zeros. Reads Reporting's submissions set-wise (<see cref="IQuarterlyReports.ParkFilingsAsync"/>,
/// one read for all parks) and Enterprises' counts set-wise. A government viewer of the region (or above) and the
/// platform admin; anyone else who sees a park of the region 403 (an operator, an enterprise user), and 404 for a region out of sight (a government viewer of another region).
/// </summary>
public sealed class ProvinceExport(ICurrentActor actor, IParkProfiles profiles, IQuarterlyReports reports, IEnterpriseDirectory directory, ITableFiles files,
    DashboardService dashboard)
{
    /// <summary>The template's headers, in its order (the province's information system reads these names).</summary>
    public static readonly IReadOnlyList<string> Headers =
    [
        "园区名称", "园区代码", "所在区县", "报告期", "占地面积（亩）", "入驻企业数（导出日）", "规上企业数（导出日）", "应报企业数", "已报企业数", "从业人员（人）",
        "工业总产值（万元）", "营业收入（万元）", "实缴税金（万元）", "工业增加值（万元）", "综合能耗（吨标准煤）", "用电量（千瓦时）",
        "亩均税收（万元/亩）", "亩均营收（万元/亩）", "报送状态", "报送时间",
    ];

    public const string Approved = "已通过", Submitted = "已提交", NotSubmitted = "未报送";

    public async Task<(byte[] Bytes, string FileName)> ExportAsync(long regionId, int? year, int? quarter, CancellationToken ct)
    {
        var scope = actor.Scope;
        if (!scope.IsPlatformAdmin && scope.GovernmentRegionIds.Length == 0)
        {
            // a region with a park the caller sees is refused (403); any other is not there for it (404)
            if (await profiles.RegionAsync(regionId, ct) is null || !(await profiles.ParksUnderAsync(regionId, ct)).Any(p => scope.CanSeePark(p.Id)))
                throw new NotFoundException("Region", regionId);
            throw new ForbiddenException("ProvinceExportForGovernment");
        }
        var region = await profiles.RegionAsync(regionId, ct) ?? throw new NotFoundException("Region", regionId);
        if (!scope.IsPlatformAdmin && !(await profiles.RegionAncestryAsync(regionId, ct)).Any(scope.GovernmentRegionIds.Contains))
            throw new NotFoundException("Region", regionId);
        var q = QuarterOf(year, quarter);
        var parks = (await profiles.ParksUnderAsync(regionId, ct)).Where(p => scope.CanSeePark(p.Id)).ToList();
        var ids = parks.Select(p => p.Id).ToList();
        var filings = (await reports.ParkFilingsAsync(ids, q, q, ct)).ToDictionary(f => f.ParkId);
        var counts = await directory.ParkFirmCountsAsync(ids, ct);
        var rows = parks.Select(p =>
        {
            var f = filings.GetValueOrDefault(p.Id) is { Filed: true } x ? x : null;
            var c = counts.GetValueOrDefault(p.Id);
            return new object?[]
            {
                p.Name, p.Code, p.RegionName, q.ToChinese(), p.LandMu, c?.InPark, c?.AboveScale,
                f?.EnterprisesExpected, f?.EnterprisesFiled, f?.Headcount, f?.Output, f?.MainRevenue, f?.Tax, f?.ValueAdded, f?.EnergyTce, f?.ElectricityKwh,
                f is null || p.LandMu <= 0 ? null : Math.Round(f.Tax / p.LandMu, 4, MidpointRounding.AwayFromZero),
                f is null || p.LandMu <= 0 ? null : Math.Round(f.MainRevenue / p.LandMu, 4, MidpointRounding.AwayFromZero),
                f is null ? NotSubmitted : f.State == "approved" ? Approved : Submitted,
                f?.SubmittedAt is { } at ? Time.Format(at) : null,
            };
        }).ToList();
        var bytes = files.WriteXlsx(q.ToChinese(), Headers, rows);
        return (bytes, $"province-quarterly-{region.Code}-{q}.xlsx");
    }

    /// <summary>The quarter asked (year and quarter together), else the last ended one; one not yet ended 422 ProvinceExportQuarterNotEnded.</summary>
    private Quarter QuarterOf(int? year, int? quarter)
    {
        var last = Quarter.Of(dashboard.Today).Plus(-1);
        if (year is null && quarter is null) return last;
        if (year is not { } y || quarter is not (>= 1 and <= 4) || y < 2000)
            throw new DomainRuleException("ProvinceExportQuarterFormat", year is null ? "year" : "quarter", "须同时给出年份和季度（1–4）");
        var q = new Quarter(y, quarter.Value);
        if (q > last) throw new DomainRuleException("ProvinceExportQuarterNotEnded", "quarter", "该季度尚未结束") { Arguments = [q.ToString()] };
        return q;
    }
}
