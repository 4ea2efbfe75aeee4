using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Metering;
using ParkOps.Domain.Rules;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Imports;
using ParkOps.Web.Features.Imports.Contracts;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Metering;

/// <summary>What a readings file held and what became of it; <see cref="Valid"/> when no row has a problem.</summary>
public sealed record ReadingImportReport(string FileName, string Format, bool DryRun, bool Valid, bool Imported, string? Unit, int Rows, int ValidRows, int BadRows,
    int Inserted, int Unchanged, IReadOnlyList<MappedColumn> Columns, IReadOnlyList<ImportProblem> Problems);

/// <summary>
/// Readings from a park office's spreadsheet (.xlsx/.csv, read by <see cref="TableReader"/>): columns 表号, 读数时间,
/// 读数 and optionally 单位. All or nothing, like the other imports: any bad row imports nothing and the report names
/// every row, column and rule. A file is of one unit: kWh and m³ mixed in one file is refused as a whole.
/// </summary>
public sealed partial class ReadingImportService(ParkOpsDb db, EnterpriseService enterprises, MeteringService metering, IStringLocalizer<Text> t)
{
    private static readonly (string Key, string Header, string[] Aliases, bool Required)[] Fields =
    [
        ("meterCode", "表号", ["表计编号", "表计", "表编号", "meter", "metercode", "code"], true),
        ("at", "读数时间", ["抄表时间", "抄表日期", "时间", "日期", "at", "time", "readat"], true),
        ("value", "读数", ["表底数", "示数", "止码", "value", "reading"], true),
        ("unit", "单位", ["计量单位", "unit"], false),
    ];

    public async Task<ReadingImportReport> ImportAsync(long parkId, string fileName, byte[] bytes, bool dryRun, CancellationToken ct)
    {
        await enterprises.ParkForWriteAsync(parkId, ct);
        var table = TableReader.Read(fileName, bytes, t);
        var map = new Dictionary<string, (int Index, string Header)>();
        var columns = new List<MappedColumn>();
        for (var i = 0; i < table.Headers.Count; i++)
        {
            var n = ImportSchema.Normalise(table.Headers[i]);
            if (n.Length == 0) continue;
            var f = Fields.FirstOrDefault(f => f.Aliases.Append(f.Header).Any(a => ImportSchema.Normalise(a) == n));
            if (f.Key is null || map.ContainsKey(f.Key)) continue;
            map[f.Key] = (i, table.Headers[i]);
            columns.Add(new MappedColumn(table.Headers[i], f.Key));
        }
        var missing = Fields.Where(f => f.Required && !map.ContainsKey(f.Key)).Select(f => f.Header).ToList();
        if (missing.Count > 0) throw TableReader.Refuse(t["Import.ColumnsMissing", string.Join("、", missing)]);
        string? Cell(TableRow r, string key) => map.TryGetValue(key, out var c) && c.Index < r.Cells.Length ? r.Cells[c.Index]?.Trim() : null;

        var codes = await db.Meters.AsNoTracking().Where(m => m.ParkId == parkId).Select(m => new { m.Id, m.Code, m.Utility }).ToListAsync(ct);
        var byCode = codes.ToDictionary(m => m.Code, StringComparer.OrdinalIgnoreCase);
        var problems = new List<ImportProblem>();
        var rows = new List<(int Row, long MeterId, string? Code, DateTime At, decimal Value)>();
        var utilities = new HashSet<Utility>();
        foreach (var r in table.Rows)
        {
            var code = Cell(r, "meterCode");
            var atText = Cell(r, "at");
            var valueText = Cell(r, "value");
            var unitText = Cell(r, "unit");
            var bad = false;
            void Problem(string key, string? value, string reason, string rule) { problems.Add(new ImportProblem(r.Number, map.TryGetValue(key, out var c) ? c.Header : key, value, reason, rule)); bad = true; }
            Utility? meterUtility = null;
            long meterId = 0;
            if (string.IsNullOrEmpty(code)) Problem("meterCode", code, t["Val.Required"], "ValueMustBePresent");
            else if (!byCode.TryGetValue(code, out var m)) Problem("meterCode", code, t["Rule.ReadingMeterMustExist"], "ReadingMeterMustExist");
            else { meterUtility = m.Utility; meterId = m.Id; }
            DateTime? at = atText is null ? null : ParseTime(atText);
            if (atText is null) Problem("at", atText, t["Val.Required"], "ValueMustBePresent");
            else if (at is null) Problem("at", atText, t["Metering.TimeUnreadable"], "ValueMustBeReadable");
            decimal? value = valueText is null ? null : ParseValue(valueText);
            if (valueText is null) Problem("value", valueText, t["Val.Required"], "ValueMustBePresent");
            else if (value is null) Problem("value", valueText, t["Metering.ValueUnreadable"], "ValueMustBeReadable");
            if (unitText is not null)
            {
                var u = Meters.UtilityOfUnit(unitText);
                if (u is null) Problem("unit", unitText, t["Metering.UnitUnknown"], "ValueMustBeReadable");
                else
                {
                    utilities.Add(u.Value);
                    if (meterUtility is { } mu && mu != u) Problem("unit", unitText, t["Rule.ReadingUnitMustMatchMeter", Meters.UnitOf(mu)], "ReadingUnitMustMatchMeter");
                }
            }
            if (meterUtility is { } mu2) utilities.Add(mu2);
            if (!bad) rows.Add((r.Number, meterId, code, at!.Value, value!.Value));
        }
        // one file, one unit: a sheet that mixes electricity and water readings is refused as a whole
        if (utilities.Count > 1)
            throw new DomainRuleException("ReadingFileMustHaveOneUnit", "file", "一个文件只能包含同一计量单位（kWh 或 m³）的读数") { Arguments = [string.Join("、", utilities.Select(Meters.UnitOf))] };
        var unit = utilities.Count == 1 ? Meters.UnitOf(utilities.First()) : null;
        int inserted = 0, unchanged = 0;
        if (problems.Count == 0)
        {
            try
            {
                var result = await metering.IngestAsync(rows, ReadingSource.Import, dryRun, ct);
                inserted = result.Inserted;
                unchanged = result.Unchanged;
                if (!dryRun && inserted > 0)
                {
                    var months = rows.Select(r => { var d = DateOnly.FromDateTime(Infrastructure.Time.ToShanghai(MeteringService.Normalise(r.At))); return new DateOnly(d.Year, d.Month, 1); }).Distinct().ToList();
                    await metering.ScanMetersAsync(parkId, rows.Select(r => r.MeterId).Distinct().ToList(), months, ct);
                }
            }
            catch (ReadingsRefusedException e)
            {
                foreach (var p in e.Problems)
                    problems.Add(new ImportProblem(p.Row, map[p.Field == "meterId" ? "meterCode" : p.Field].Header, p.Field == "value" ? null : p.MeterCode, p.Reason, p.Rule));
            }
        }
        var badRows = problems.Select(p => p.Row).Distinct().Count();
        return new ReadingImportReport(Path.GetFileName(fileName), table.Format, dryRun, problems.Count == 0, inserted > 0, unit, table.Rows.Count, table.Rows.Count - badRows, badRows,
            inserted, unchanged, columns, problems.OrderBy(p => p.Row).ToList());
    }

    private static readonly string[] TimeFormats =
    [
        "yyyy-M-d H:m:s", "yyyy-M-d H:m", "yyyy/M/d H:m:s", "yyyy/M/d H:m", "yyyy-M-dTH:m:s", "yyyy-M-dTH:m", "yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyy年M月d日",
        "yyyy年M月d日 H:m", "yyyy年M月d日 H时m分",
    ];

    /// <summary>Shanghai time as offices write it, or an Excel serial (with a fraction for the time of day).</summary>
    public static DateTime? ParseTime(string text)
    {
        var s = text.Trim();
        if (DateTime.TryParseExact(s, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var dt)) return DateTime.SpecifyKind(dt, DateTimeKind.Unspecified);
        if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var dto) && s.Contains('T')) return dto.UtcDateTime;
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is >= 36526 and <= 73051)
            return DateTime.SpecifyKind(DateTime.FromOADate(serial), DateTimeKind.Unspecified);
        return null;
    }

    public static decimal? ParseValue(string text)
    {
        var s = UnitSuffix().Replace(text.Trim(), "").Replace(",", "").Trim();
        return decimal.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : null;
    }

    [GeneratedRegex(@"\s*(kwh|千瓦时|度|m³|m3|立方米|吨|方)$", RegexOptions.IgnoreCase)]
    private static partial Regex UnitSuffix();
}
