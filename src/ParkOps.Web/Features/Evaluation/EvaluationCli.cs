using System.CommandLine;
using System.Globalization;
using System.Text;
using ParkOps.Domain.Evaluation;

namespace ParkOps.Web.Features.Evaluation;

/// <summary>
/// CLI: <c>evaluate mujun --input FILE --output FILE [--combined-parcel]</c>, the 亩均 evaluation as a batch tool for a
/// county office. Needs no database: it reads the file, evaluates with DOMAIN §7's default settings and writes
/// <c>credit_code,score,class</c>. Exit codes: 0 written, 2 usage or bad input (every bad cell is listed with its row and
/// column; the output file is then not touched). Other evaluations add their own subcommands to <c>evaluate</c> here.
/// </summary>
public static class EvaluationCli
{
    public const int Done = EvaluationFiles.Done, Usage = EvaluationFiles.Usage;

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
        evaluate.Subcommands.Add(BenefitsCli.Command());
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
            var settings = MujunSettings.Default("cli", pr.GetValue(year) ?? 2022) with { CombinedParcel = pr.GetValue(combined) };
            var outFile = pr.GetValue(output);
            var (cells, errors) = await EvaluationFiles.ReadInput(pr.GetValue(input), outFile,
                "usage: evaluate mujun --input FILE --output FILE [--combined-parcel]", settings.CombinedParcel ? [.. Columns, "parcel"] : Columns, ct);
            if (errors.Count > 0) return Fail(errors);
            var rows = Parse(cells, settings.CombinedParcel, errors);
            if (errors.Count > 0) return Fail(errors);
            var firms = rows.Select(r => r.Firm).ToArray();
            var problems = MujunEngine.Check(firms, settings);
            if (problems.Count > 0)
                return Fail(problems.Select(p => rows[p.Index].Cells.Where(p.Field) + Explain(p.Rule)).ToList());
            var result = MujunEngine.Evaluate(firms, settings);
            var sb = new StringBuilder("credit_code,score,class\n");
            for (var i = 0; i < rows.Count; i++)
                sb.Append(EvaluationFiles.Csv(rows[i].CreditCode)).Append(',')
                  .Append(result.RoundedScore(i)?.ToString("0.00", CultureInfo.InvariantCulture) ?? "").Append(',')
                  .Append(result.Classes[i]).Append('\n');
            if (await EvaluationFiles.Write(outFile!, sb.ToString(), ct) is { } failed) return Fail([failed]);
            var counts = string.Join(" ", Enum.GetValues<MuClass>().Select(k => $"{k}={result.Classes.Count(x => x == k)}"));
            Console.WriteLine($"亩均评价 / evaluated {rows.Count} → {outFile!.FullName} ({counts})");
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

    private static int Fail(IReadOnlyList<string> lines) => EvaluationFiles.Fail(lines);

    /// <summary>One input row: the firm as the engine reads it, and the cells for messages.</summary>
    public sealed record InputRow(int Row, string CreditCode, MujunFirm Firm, EvaluationFiles.CellRow Cells);

    /// <summary>Reads and checks the file; every problem names its row (as Excel numbers it) and column.</summary>
    public static (List<InputRow> Rows, List<string> Errors) Read(string fileName, byte[] bytes, bool needParcel)
    {
        var (cells, errors) = EvaluationFiles.Read(fileName, bytes, needParcel ? [.. Columns, "parcel"] : Columns);
        return errors.Count > 0 ? ([], errors) : (Parse(cells, needParcel, errors), errors);
    }

    private static List<InputRow> Parse(List<EvaluationFiles.CellRow> table, bool needParcel, List<string> errors)
    {
        var rows = new List<InputRow>();
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var parcels = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var r in table)
        {
            var cells = r.Cells;
            double Num(string col) => r.Double(col, errors);
            var code = cells["credit_code"];
            if (code.Length == 0) errors.Add(r.Where("credit_code") + "必填 / required");
            else if (seen.TryGetValue(code, out var first)) errors.Add(r.Where("credit_code") + $"与第 {first} 行重复 / repeats row {first}");
            else seen[code] = r.Number;
            bool above = false;
            switch (cells["size_class"].ToLowerInvariant())
            {
                case "above" or "规上": above = true; break;
                case "below" or "规下": break;
                default: errors.Add(r.Where("size_class") + "应为 above 或 below / must be above or below"); break;
            }
            var years = 0;
            if (!int.TryParse(cells["years_in_production"], NumberStyles.Integer, CultureInfo.InvariantCulture, out years) || years < 0)
                errors.Add(r.Where("years_in_production") + "应为非负整数 / must be a whole number ≥ 0");
            bool utility = false;
            switch (cells["utility"].ToLowerInvariant())
            {
                case "1" or "true" or "是": utility = true; break;
                case "0" or "false" or "否" or "": break;
                default: errors.Add(r.Where("utility") + "应为 0 或 1 / must be 0 or 1"); break;
            }
            double? emissions = cells["emissions_t"].Length == 0 ? null : Num("emissions_t");
            long parcel = 0;
            if (needParcel && cells["parcel"].Length > 0 && !parcels.TryGetValue(cells["parcel"], out parcel))
                parcels[cells["parcel"]] = parcel = parcels.Count + 1;
            var land = Num("land_mu");
            // zero land is wrong for every row, rated or not: the file states land directly
            if (cells["land_mu"].Length > 0 && land <= 0 && double.TryParse(cells["land_mu"], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                errors.Add(r.Where("land_mu") + "必须大于 0 / must be above 0");
            var firm = new MujunFirm(above, years, utility, land, Num("tax_wan"), Num("value_added_wan"), Num("main_revenue_wan"), Num("rd_wan"),
                Num("energy_tce"), emissions, Num("electricity_wan_kwh"), Num("avg_headcount"), parcel);
            rows.Add(new InputRow(r.Number, code, firm, r));
        }
        return rows;
    }
}
