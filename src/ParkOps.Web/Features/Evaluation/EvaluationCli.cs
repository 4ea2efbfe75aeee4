using System.CommandLine;
using System.Globalization;
using System.Text;
using FluentValidation;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ParkOps.Domain.Evaluation;
using ParkOps.Web.Features.Imports.Contracts;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Evaluation;

/// <summary>
/// CLI: <c>evaluate mujun --input FILE --output FILE [--combined-parcel]</c>, the 亩均 evaluation as a batch tool for a
/// county office. Needs no database: it reads the file, evaluates with DOMAIN §7's default settings and writes
/// <c>credit_code,score,class</c>. Exit codes: 0 written, 2 usage or bad input (every bad cell is listed with its row and
/// column; the output file is then not touched). Other evaluations add their own subcommands to <c>evaluate</c> here.
/// </summary>
public static class EvaluationCli
{
    public const int Done = 0, Usage = 2;

    /// <summary>The input columns, in the order of the public sample (a <c>parcel</c> column is optional).</summary>
    public static readonly string[] Columns =
    [
        "credit_code", "name", "size_class", "years_in_production", "utility", "land_mu", "tax_wan", "value_added_wan",
        "main_revenue_wan", "rd_wan", "energy_tce", "emissions_t", "electricity_wan_kwh", "avg_headcount",
    ];

    public static IEnumerable<Command> Commands()
    {
        var evaluate = new Command("evaluate", "Evaluations as batch tools over a file (no database needed).");
        evaluate.Subcommands.Add(Mujun());
        yield return evaluate;
    }

    private static Command Mujun()
    {
        var input = new Option<FileInfo?>("--input") { Description = ".csv or .xlsx with the columns " + string.Join(",", Columns) };
        var output = new Option<FileInfo?>("--output") { Description = "The .csv to write: credit_code,score,class (score empty for class T)" };
        var combined = new Option<bool>("--combined-parcel") { Description = "Evaluate all tenants of one parcel (column `parcel`) as one unit sharing one result." };
        var year = new Option<int?>("--year") { Description = "The evaluated year (only recorded; the settings are DOMAIN §7's 2022 defaults)." };
        var c = new Command("mujun", "亩均 evaluation (规上 six indicators, 规下 two, cap 1.5×, classes A/B/C/D by rank, T not rated).") { input, output, combined, year };
        c.SetAction(async (pr, ct) =>
        {
            var inFile = pr.GetValue(input);
            var outFile = pr.GetValue(output);
            if (inFile is null || outFile is null) return Fail(["usage: evaluate mujun --input FILE --output FILE [--combined-parcel]"]);
            if (!inFile.Exists) return Fail([$"input: {inFile.FullName} 不存在 / does not exist"]);
            var settings = MujunSettings.Default("cli", pr.GetValue(year) ?? 2022) with { CombinedParcel = pr.GetValue(combined) };
            var bytes = await File.ReadAllBytesAsync(inFile.FullName, ct);
            var (rows, errors) = Read(inFile.Name, bytes, settings.CombinedParcel);
            if (errors.Count > 0) return Fail(errors);
            var firms = rows.Select(r => r.Firm).ToArray();
            var problems = MujunEngine.Check(firms, settings);
            if (problems.Count > 0)
                return Fail(problems.Select(p => $"第 {rows[p.Index].Row} 行 / row {rows[p.Index].Row}, 列 / column {p.Field}: \"{rows[p.Index].Cell(p.Field)}\" — {Explain(p.Rule)}").ToList());
            var result = MujunEngine.Evaluate(firms, settings);
            var sb = new StringBuilder("credit_code,score,class\n");
            for (var i = 0; i < rows.Count; i++)
                sb.Append(rows[i].CreditCode).Append(',')
                  .Append(result.RoundedScore(i)?.ToString("0.00", CultureInfo.InvariantCulture) ?? "").Append(',')
                  .Append(result.Classes[i]).Append('\n');
            try
            {
                // written beside the target and moved over it, so a failed run never leaves half a file
                outFile.Directory?.Create();
                var tmp = Path.Combine(outFile.DirectoryName ?? ".", "." + outFile.Name + "." + Guid.NewGuid().ToString("N") + ".tmp");
                await File.WriteAllTextAsync(tmp, sb.ToString(), new UTF8Encoding(false), ct);
                File.Move(tmp, outFile.FullName, overwrite: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return Fail([$"output: {ex.Message}"]);
            }
            var counts = string.Join(" ", Enum.GetValues<MuClass>().Select(k => $"{k}={result.Classes.Count(x => x == k)}"));
            Console.WriteLine($"亩均评价 / evaluated {rows.Count} → {outFile.FullName} ({counts})");
            return Done;
        });
        return c;
    }

    private static string Explain(string rule) => rule switch
    {
        "MujunDenominatorMustBePositive" => "必须大于 0（作除数）/ must be above 0 (it divides)",
        "MujunFigureMustNotBeNegative" => "不能为负数 / must not be negative",
        _ => rule,
    };

    private static int Fail(IReadOnlyList<string> lines)
    {
        foreach (var l in lines.Take(50)) Console.Error.WriteLine(l);
        if (lines.Count > 50) Console.Error.WriteLine($"… {lines.Count - 50} more / 另有 {lines.Count - 50} 处");
        Console.Error.WriteLine("未写出结果 / nothing written.");
        return Usage;
    }

    /// <summary>One input row: the firm as the engine reads it, and the cells for messages.</summary>
    public sealed record InputRow(int Row, string CreditCode, MujunFirm Firm, Dictionary<string, string> Cells)
    {
        public string Cell(string column) => Cells.GetValueOrDefault(column, "");
    }

    /// <summary>Reads and checks the file; every problem names its row (as Excel numbers it) and column.</summary>
    public static (List<InputRow> Rows, List<string> Errors) Read(string fileName, byte[] bytes, bool needParcel)
    {
        var errors = new List<string>();
        var rows = new List<InputRow>();
        TableFile table;
        try { table = TableFiles.Read(fileName, bytes, Localizer()); }
        catch (ValidationException v) { return (rows, v.Errors.Select(e => $"input: {e.ErrorMessage}").ToList()); }
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < table.Headers.Count; i++) index.TryAdd(table.Headers[i].Trim(), i);
        var need = needParcel ? [.. Columns, "parcel"] : Columns;
        foreach (var col in need.Where(c => !index.ContainsKey(c)))
            errors.Add($"第 {table.HeaderRow} 行 / row {table.HeaderRow}: 缺少列 / missing column {col}");
        if (errors.Count > 0) return (rows, errors);
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var parcels = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var r in table.Rows)
        {
            var cells = new Dictionary<string, string>();
            foreach (var col in need) cells[col] = (index[col] < r.Cells.Count ? r.Cells[index[col]] : null)?.Trim() ?? "";
            string Where(string col) => $"第 {r.Number} 行 / row {r.Number}, 列 / column {col}: \"{cells[col]}\" — ";
            double Num(string col)
            {
                var s = cells[col];
                if (s.Length == 0) { errors.Add(Where(col) + "必填 / required"); return 0; }
                if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || double.IsNaN(v) || double.IsInfinity(v))
                { errors.Add(Where(col) + "不是数字 / not a number"); return 0; }
                return v;
            }
            var code = cells["credit_code"];
            if (code.Length == 0) errors.Add(Where("credit_code") + "必填 / required");
            else if (seen.TryGetValue(code, out var first)) errors.Add(Where("credit_code") + $"与第 {first} 行重复 / repeats row {first}");
            else seen[code] = r.Number;
            bool above = false;
            switch (cells["size_class"].ToLowerInvariant())
            {
                case "above" or "规上": above = true; break;
                case "below" or "规下": break;
                default: errors.Add(Where("size_class") + "应为 above 或 below / must be above or below"); break;
            }
            var years = 0;
            if (!int.TryParse(cells["years_in_production"], NumberStyles.Integer, CultureInfo.InvariantCulture, out years) || years < 0)
                errors.Add(Where("years_in_production") + "应为非负整数 / must be a whole number ≥ 0");
            bool utility = false;
            switch (cells["utility"].ToLowerInvariant())
            {
                case "1" or "true" or "是": utility = true; break;
                case "0" or "false" or "否" or "": break;
                default: errors.Add(Where("utility") + "应为 0 或 1 / must be 0 or 1"); break;
            }
            double? emissions = cells["emissions_t"].Length == 0 ? null : Num("emissions_t");
            long parcel = 0;
            if (needParcel && cells["parcel"].Length > 0 && !parcels.TryGetValue(cells["parcel"], out parcel))
                parcels[cells["parcel"]] = parcel = parcels.Count + 1;
            var land = Num("land_mu");
            // zero land is wrong for every row, rated or not: the file states land directly
            if (cells["land_mu"].Length > 0 && land <= 0 && double.TryParse(cells["land_mu"], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                errors.Add(Where("land_mu") + "必须大于 0 / must be above 0");
            var firm = new MujunFirm(above, years, utility, land, Num("tax_wan"), Num("value_added_wan"), Num("main_revenue_wan"), Num("rd_wan"),
                Num("energy_tce"), emissions, Num("electricity_wan_kwh"), Num("avg_headcount"), parcel);
            rows.Add(new InputRow(r.Number, code, firm, cells));
        }
        return (rows, errors);
    }

    private static IStringLocalizer<Text> Localizer() =>
        new StringLocalizer<Text>(new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance));
}
