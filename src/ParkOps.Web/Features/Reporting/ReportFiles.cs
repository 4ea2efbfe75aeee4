using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Metering;
using ParkOps.Domain.Monitoring;
using ParkOps.Domain.Rules;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Enterprises.Contracts;
using ParkOps.Web.Features.Imports.Contracts;
using ParkOps.Web.Features.Metering.Contracts;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Reporting;

public sealed record ReportImportProblem(int Row, string Column, string? Value, string Reason, string Rule);
public sealed record ReportImportWarning(int Row, string Column, string Rule, string Message);
public sealed record ReportImportColumn(string Column, string Field);
public sealed record ReportIgnoredColumn(string Column, string Reason);

/// <summary>What a quarter's file held and what became of it; <see cref="Valid"/> when no row has a problem (then, unless a dry run, every row was saved).</summary>
public sealed record ReportImportReport(string FileName, string Format, bool DryRun, bool Valid, bool Imported, int Year, int Quarter, int Rows, int ValidRows, int BadRows,
    int Created, int Updated, IReadOnlyList<ReportImportColumn> Columns, IReadOnlyList<ReportIgnoredColumn> Ignored,
    IReadOnlyList<ReportImportProblem> Problems, IReadOnlyList<ReportImportWarning> Warnings);

/// <summary>
/// A quarter's reports in and out as files, in the province's quarterly micro-park template (one row per enterprise
/// per quarter, Chinese headers): the import reads .xlsx/.csv through the import foundation, all or nothing, with a
/// dry run that reports every problem by row and column; the export writes the same columns as .xlsx.
/// </summary>
public sealed class ReportFiles(ParkOpsDb db, ITableFiles files, IParkRoster roster, IUtilityUsage usage, ReportService reports, IStringLocalizer<Text> t)
{
    /// <summary>A template column: key (API field), the template's header, whether an import needs it, and other names offices use.</summary>
    public sealed record Column(string Key, string Header, bool Required, params string[] Aliases);

    /// <summary>The province's quarterly micro-park template, in its order.</summary>
    public static readonly IReadOnlyList<Column> Template =
    [
        new("creditCode", "统一社会信用代码", true, "信用代码", "社会信用代码", "credit code", "creditcode"),
        new("name", "企业名称", false, "名称", "单位名称", "企业", "name"),
        new("period", "报告期", false, "季度", "报告季度", "period"),
        new("output", "工业总产值（万元）", true, "产值", "总产值", "output"),
        new("mainRevenue", "营业收入（万元）", true, "主营业务收入", "主营收入", "营业收入", "revenue", "mainrevenue"),
        new("tax", "实缴税金（万元）", true, "税收", "实缴税收", "纳税", "tax"),
        new("valueAdded", "工业增加值（万元）", true, "增加值", "valueadded"),
        new("rdSpend", "研发费用（万元）", false, "研发投入", "R&D经费", "rdspend"),
        new("energyTce", "综合能耗（吨标准煤）", false, "能耗", "energy", "energytce"),
        new("electricityKwh", "用电量（千瓦时）", false, "用电", "电量", "electricity", "electricitykwh"),
        new("waterT", "用水量（吨）", false, "用水", "水量", "water", "watert"),
        new("emissionsT", "主要污染物排放量（吨）", false, "排放量", "污染物排放", "emissions", "emissionst"),
        new("avgHeadcount", "平均从业人数", false, "从业人数", "平均人数", "headcount", "avgheadcount"),
        new("netProfit", "净利润（万元）", false, "利润", "netprofit"),
        new("totalAssets", "资产总计（万元）", false, "总资产", "资产总额", "totalassets"),
        new("totalLiabilities", "负债合计（万元）", false, "总负债", "负债总额", "totalliabilities"),
        new("patentsHeld", "有效发明专利数", false, "发明专利", "patentsheld"),
        new("patentsGranted", "当期授权发明专利数", false, "新授权发明专利", "patentsgranted"),
        new("openPosts", "在招岗位数", false, "空缺岗位数", "招聘岗位数", "openposts"),
        new("customers", "主要客户及占比", false, "主要客户", "customers"),
        new("difficulties", "存在困难和问题", false, "困难", "困难和问题", "difficulties"),
        new("submittedAt", "报送时间", false, "submittedat"),
    ];

    /// <summary>Land is not reported quarterly: the evaluation takes it from the park's allocation (DOMAIN §3).</summary>
    private static readonly string[] LandHeaders = ["用地面积", "用地", "占地面积", "土地面积", "land", "亩"];

    /// <summary>The park's roster, for its operators: 404 outside the parks the caller sees, 403 (<paramref name="rule"/>) for others who see it.</summary>
    public async Task<IReadOnlyList<RosterEntry>> OperatedRosterAsync(long parkId, string rule, CancellationToken ct)
    {
        var entries = await roster.ParkRosterAsync(parkId, ct);
        if (!db.Actor.CanOperatePark(parkId)) throw new ForbiddenException(rule);
        return entries;
    }

    public async Task<ReportImportReport> ImportAsync(long parkId, Quarter quarter, string fileName, byte[] bytes, bool dryRun, CancellationToken ct)
    {
        var entries = await OperatedRosterAsync(parkId, "OnlyOperatorsImportReports", ct);
        ReportRules.CheckQuarterEnded(quarter, reports.Today);
        var table = files.Read(fileName, bytes);

        var map = new Dictionary<string, (int Index, string Header)>();
        var columns = new List<ReportImportColumn>();
        var ignored = new List<ReportIgnoredColumn>();
        for (var i = 0; i < table.Headers.Count; i++)
        {
            var n = files.NormaliseHeader(table.Headers[i]);
            if (n.Length == 0) continue;
            var c = Template.FirstOrDefault(c => c.Aliases.Append(c.Header).Append(c.Key).Any(a => files.NormaliseHeader(a) == n));
            if (c is null || map.ContainsKey(c.Key))
            {
                var land = LandHeaders.Any(l => files.NormaliseHeader(l) == n || n.Contains(files.NormaliseHeader(l), StringComparison.Ordinal));
                ignored.Add(new(table.Headers[i], land ? t["Reporting.Import.LandIgnored"] : c is null ? t["Import.ColumnUnknown"] : t["Reporting.Import.ColumnDuplicate"]));
                continue;
            }
            map[c.Key] = (i, table.Headers[i]);
            columns.Add(new(table.Headers[i], c.Key));
        }
        var missing = Template.Where(c => c.Required && !map.ContainsKey(c.Key)).Select(c => c.Header).ToList();
        if (missing.Count > 0)
            throw new DomainRuleException("ReportImportColumnsMissing", "file", $"缺少列：{string.Join("、", missing)}") { Arguments = [string.Join("、", missing)] };

        var byCode = entries.GroupBy(e => e.CreditCode.ToUpperInvariant()).ToDictionary(g => g.Key, g => g.First());
        var byName = entries.GroupBy(e => e.Name).ToDictionary(g => g.Key, g => g.First().Id);
        var parkIds = entries.Select(e => e.Id).ToHashSet();
        var problems = new List<ReportImportProblem>();
        var warnings = new List<ReportImportWarning>();
        var good = new List<(int Row, RosterEntry Enterprise, ReportInput Input, List<CustomerShare> Customers)>();
        var seen = new HashSet<long>();
        var previous = await db.Set<QuarterlyReport>().AsNoTracking()
            .Where(r => r.ParkId == parkId && r.Year == quarter.Previous.Year && r.QuarterNumber == quarter.Previous.Number).ToDictionaryAsync(r => r.EnterpriseId, r => r.Figures, ct);
        foreach (var r in table.Rows)
        {
            var bad = false;
            string? Cell(string key) => map.TryGetValue(key, out var c) && c.Index < r.Cells.Length && !string.IsNullOrWhiteSpace(r.Cells[c.Index]) ? r.Cells[c.Index]!.Trim() : null;
            string Header(string key) => map.TryGetValue(key, out var c) ? c.Header : Template.First(x => x.Key == key).Header;
            void Problem(string key, string? value, string reason, string rule) { problems.Add(new(r.Number, Header(key), value is null ? null : TextRules.Excerpt(value, 100), reason, rule)); bad = true; }
            decimal Number(string key, bool required)
            {
                var text = Cell(key);
                if (text is null) { if (required) Problem(key, null, t["Val.Required"], "ValueMustBePresent"); return 0; }
                var v = ParseNumber(text);
                if (v is null) { Problem(key, text, t["Reporting.Import.NumberUnreadable"], "ValueMustBeReadable"); return 0; }
                if (v < 0 && key != "netProfit") { Problem(key, text, t["Rule.ReportFigureMustNotBeNegative", v.Value], "ReportFigureMustNotBeNegative"); return 0; }
                if (Math.Abs(v.Value) >= 1_000_000_000_000m) { Problem(key, text, t["Val.Range", 0, "10¹²"], "ValueMustBeInRange"); return 0; }
                return v.Value;
            }
            int Count(string key)
            {
                var d = Number(key, false);
                if (d != decimal.Truncate(d) || d > int.MaxValue) { Problem(key, Cell(key), t["Reporting.Import.WholeNumber"], "ValueMustBeReadable"); return 0; }
                return (int)d;
            }

            var code = Cell("creditCode")?.ToUpperInvariant();
            RosterEntry? enterprise = null;
            if (code is null) Problem("creditCode", null, t["Val.Required"], "ValueMustBePresent");
            else if (!byCode.TryGetValue(code, out enterprise)) Problem("creditCode", code, t["Rule.ReportImportEnterpriseUnknown", code], "ReportImportEnterpriseUnknown");
            else if (!seen.Add(enterprise.Id)) Problem("creditCode", code, t["Rule.ReportImportEnterpriseTwice", code], "ReportImportEnterpriseTwice");

            var input = new ReportInput
            {
                Year = quarter.Year, Quarter = quarter.Number, Output = Number("output", true), MainRevenue = Number("mainRevenue", true), Tax = Number("tax", true),
                ValueAdded = Number("valueAdded", true), RdSpend = Number("rdSpend", false), EnergyTce = Number("energyTce", false), ElectricityKwh = Number("electricityKwh", false),
                WaterT = Number("waterT", false), EmissionsT = Cell("emissionsT") is null ? null : Number("emissionsT", false), AvgHeadcount = Number("avgHeadcount", false),
                NetProfit = Number("netProfit", false), TotalAssets = Number("totalAssets", false), TotalLiabilities = Number("totalLiabilities", false),
                PatentsHeld = Count("patentsHeld"), PatentsGranted = Count("patentsGranted"), OpenPosts = Cell("openPosts") is null ? null : Count("openPosts"), Difficulties = Cell("difficulties"), Submit = true,
            };
            if (input.Difficulties is { Length: > 2000 }) Problem("difficulties", input.Difficulties, t["Val.MaxLength", 2000], "ValueMustFit");
            var customers = ParseCustomers(Cell("customers"), byName, out var customerError);
            if (customerError is not null) Problem("customers", Cell("customers"), customerError, "ValueMustBeReadable");
            else if (enterprise is not null)
            {
                try { ReportRules.CheckCustomers(customers, enterprise.Id, parkIds); }
                catch (DomainRuleException e) { Problem("customers", Cell("customers"), t["Rule." + e.Rule, [.. e.Arguments]], e.Rule); }
            }
            if (bad || enterprise is null) continue;
            foreach (var w in reports.Warnings(input.Figures, previous.GetValueOrDefault(enterprise.Id)))
                warnings.Add(new(r.Number, Header(w.Field), w.Rule, w.Message));
            good.Add((r.Number, enterprise, input, customers));
        }

        var valid = problems.Count == 0;
        int created = 0, updated = 0;
        if (valid && !dryRun && good.Count > 0)
        {
            var metered = await MeteredByEnterpriseAsync(parkId, quarter, ct);
            var ids = good.Select(g => g.Enterprise.Id).ToList();
            var names = entries.ToDictionary(e => e.Id, e => e.Name);
            // all or nothing: one transaction for every row
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var existing = await db.Set<QuarterlyReport>().Include(x => x.Customers)
                .Where(x => x.ParkId == parkId && x.Year == quarter.Year && x.QuarterNumber == quarter.Number && ids.Contains(x.EnterpriseId)).ToDictionaryAsync(x => x.EnterpriseId, ct);
            var now = reports.Now;
            foreach (var g in good)
            {
                if (!existing.TryGetValue(g.Enterprise.Id, out var report))
                {
                    report = new QuarterlyReport { ParkId = parkId, EnterpriseId = g.Enterprise.Id, Year = quarter.Year, QuarterNumber = quarter.Number };
                    db.Add(report);
                    created++;
                }
                else updated++;
                reports.Apply(report, g.Input, metered.GetValueOrDefault(g.Enterprise.Id) ?? new MeteredUse(null, null), ReportSource.Import, now);
                report.Customers.Clear();
                for (var i = 0; i < g.Customers.Count; i++)
                {
                    var c = g.Customers[i];
                    report.Customers.Add(new ReportCustomer
                    {
                        ParkId = parkId, EnterpriseId = g.Enterprise.Id, Position = i, CustomerEnterpriseId = c.EnterpriseId,
                        Name = c.EnterpriseId is { } id ? names.GetValueOrDefault(id, c.Name) : c.Name, SharePercent = c.SharePercent,
                    });
                }
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            await reports.TellListenersAsync(parkId, ids, quarter, ct);
        }
        var badRows = problems.Select(p => p.Row).Distinct().Count();
        return new ReportImportReport(Path.GetFileName(fileName), table.Format, dryRun, valid, valid && !dryRun && good.Count > 0, quarter.Year, quarter.Number,
            table.Rows.Count, table.Rows.Count - badRows, badRows, created, updated, columns, ignored, problems.OrderBy(p => p.Row).ToList(), warnings);
    }

    private async Task<Dictionary<long, MeteredUse>> MeteredByEnterpriseAsync(long parkId, Quarter quarter, CancellationToken ct)
    {
        var months = new List<MeterMonth>();
        foreach (var m in quarter.Months) months.AddRange(await usage.MonthUseAsync(parkId, m, null, ct));
        return months.Where(x => x.Closing is not null).GroupBy(x => x.EnterpriseId).ToDictionary(g => g.Key, g =>
        {
            decimal? Sum(Utility u) => g.Any(x => x.Utility == u) ? g.Where(x => x.Utility == u).Sum(x => Math.Max(0, x.Use)) : null;
            return new MeteredUse(Sum(Utility.Electricity), Sum(Utility.Water));
        });
    }

    public static decimal? ParseNumber(string text)
    {
        var s = text.Trim().Replace(",", "", StringComparison.Ordinal).Replace("，", "", StringComparison.Ordinal);
        foreach (var unit in new[] { "万元", "千瓦时", "kWh", "吨标准煤", "tce", "吨", "人", "%", "个", "件" })
            if (s.EndsWith(unit, StringComparison.OrdinalIgnoreCase)) { s = s[..^unit.Length].Trim(); break; }
        return decimal.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : null;
    }

    /// <summary>"名称:占比" pairs separated by ；/;/、 (占比 in %, with or without the sign); a name of the park is an in-park customer.</summary>
    public List<CustomerShare> ParseCustomers(string? text, IReadOnlyDictionary<string, long> parkNames, out string? error)
    {
        error = null;
        var list = new List<CustomerShare>();
        if (text is null) return list;
        foreach (var part in text.Split([';', '；', '、', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var i = part.LastIndexOfAny([':', '：']);
            var share = i > 0 ? ParseNumber(part[(i + 1)..]) : null;
            if (i <= 0 || share is null) { error = t["Reporting.Import.CustomerUnreadable", TextRules.Excerpt(part, 60)]; return list; }
            var name = part[..i].Trim();
            list.Add(new CustomerShare(parkNames.TryGetValue(name, out var id) ? id : null, name, share.Value));
        }
        return list;
    }

    /// <summary>The quarter's reports of the park (submitted ones) in the template's columns, one row per enterprise.</summary>
    public async Task<(byte[] Bytes, string FileName)> ExportAsync(long parkId, Quarter quarter, CancellationToken ct)
    {
        var entries = await OperatedRosterAsync(parkId, "OnlyOperatorsExportReports", ct);
        var rows = await db.Set<QuarterlyReport>().AsNoTracking().Include(r => r.Customers).AsSplitQuery()
            .Where(r => r.ParkId == parkId && r.Year == quarter.Year && r.QuarterNumber == quarter.Number && r.State == ReportState.Submitted).ToListAsync(ct);
        var byId = entries.ToDictionary(e => e.Id);
        var data = rows.OrderBy(r => byId.TryGetValue(r.EnterpriseId, out var e) ? e.Name : "", StringComparer.Ordinal).Select(r =>
        {
            var e = byId.GetValueOrDefault(r.EnterpriseId);
            return new object?[]
            {
                e?.CreditCode, e?.Name, quarter.ToChinese(), r.Output, r.MainRevenue, r.Tax, r.ValueAdded, r.RdSpend, r.EnergyTce, r.ElectricityKwh, r.WaterT, r.EmissionsT,
                r.AvgHeadcount, r.NetProfit, r.TotalAssets, r.TotalLiabilities, r.PatentsHeld, r.PatentsGranted, r.OpenPosts,
                string.Join("；", r.Customers.OrderBy(c => c.Position).Select(c => $"{c.Name}:{c.SharePercent.ToString("0.##", CultureInfo.InvariantCulture)}%")),
                r.Difficulties, r.SubmittedAt is { } s ? Time.Format(s) : null,
            };
        }).ToList();
        var bytes = files.WriteXlsx(quarter.ToChinese(), Template.Select(c => c.Header).ToList(), data);
        return (bytes, $"quarterly-reports-{parkId}-{quarter}.xlsx");
    }
}
