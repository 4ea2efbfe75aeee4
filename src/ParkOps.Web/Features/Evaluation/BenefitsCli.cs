using System.CommandLine;
using System.Globalization;
using System.Text;
using ParkOps.Domain.Benefits;

namespace ParkOps.Web.Features.Evaluation;

/// <summary>
/// CLI: <c>evaluate benefits --input FILE --output FILE</c>, the contribution score and the tax rebate of one park and
/// year as a batch tool (DOMAIN §6, issue 14). Needs no database: it reads the file, scores with the default weights
/// (30/25/20/15/10, no multipliers), shares half of the retained tax and writes <c>enterprise,score,rebate_yuan</c>.
/// Exit codes as <c>evaluate mujun</c>: 0 written, 2 usage or bad input (every bad cell listed; nothing written).
/// </summary>
public static class BenefitsCli
{
    /// <summary>The input columns (a <c>name</c> column may stand beside them; it is not read).</summary>
    public static readonly string[] Columns = ["enterprise", .. ContributionEngine.Fields, RebateAllocator.TaxField];

    private const string UsageLine = "usage: evaluate benefits --input FILE --output FILE";

    public static Command Command()
    {
        var input = new Option<FileInfo?>("--input") { Description = ".csv or .xlsx with the columns " + string.Join(",", Columns) + " (name optional)" };
        var output = new Option<FileInfo?>("--output") { Description = "The .csv to write: enterprise,score,rebate_yuan" };
        var c = new Command("benefits", "协作贡献度与税收返还 / contribution score (five indicators normalised within the park) and tax rebate (half the retained tax, 30 % of it by score), balanced to the 分.") { input, output };
        c.SetAction(async (pr, ct) =>
        {
            var outFile = pr.GetValue(output);
            var (cells, errors) = await EvaluationFiles.ReadInput(pr.GetValue(input), outFile, UsageLine, Columns, ct);
            if (errors.Count > 0) return EvaluationFiles.Fail(errors);
            var (contribution, taxes, problems) = Parse(cells);
            if (problems.Count > 0) return EvaluationFiles.Fail(problems);
            var settings = BenefitsSettings.Default;
            var scores = ContributionEngine.Evaluate(contribution, settings);
            var rebate = RebateAllocator.Allocate(
                contribution.Select((e, i) => new RebateInput(e.Enterprise, scores.Scores[i].Score, taxes[i])).ToList(), settings);
            var sb = new StringBuilder("enterprise,score,rebate_yuan\n");
            for (var i = 0; i < contribution.Count; i++)
                sb.Append(EvaluationFiles.Csv(contribution[i].Enterprise)).Append(',')
                  .Append(scores.Scores[i].Score.ToString("0.00", CultureInfo.InvariantCulture)).Append(',')
                  .Append(rebate.Shares[i].Allocation.ToString("0.00", CultureInfo.InvariantCulture)).Append('\n');
            if (await EvaluationFiles.Write(outFile!, sb.ToString(), ct) is { } failed) return EvaluationFiles.Fail([failed]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"协作贡献度与税收返还 / scored {contribution.Count}; 返还总额 / pool {rebate.Pool:0.00} 元 → {outFile!.FullName}"));
            return EvaluationFiles.Done;
        });
        return c;
    }

    /// <summary>
    /// The enterprises as the engines read them and their taxes, or every problem: cells that are empty or not numbers,
    /// then what the engines refuse (identifiers, negative figures), each with its row and column, in row order.
    /// </summary>
    private static (List<ContributionInput> Inputs, List<decimal> Taxes, List<string> Problems) Parse(List<EvaluationFiles.CellRow> rows)
    {
        var found = new List<(int Row, string Text)>();
        var inputs = new List<ContributionInput>(rows.Count);
        var taxes = new List<decimal>(rows.Count);
        foreach (var r in rows)
        {
            var errors = new List<string>();
            // a cell that is not a number reads as 0 so the engines' checks below do not report it twice
            var values = ContributionEngine.Fields.Select(f => r.Decimal(f, errors)).ToArray();
            taxes.Add(r.Decimal(RebateAllocator.TaxField, errors));
            inputs.Add(new ContributionInput(r.Cell("enterprise"), values));
            found.AddRange(errors.Select(e => (r.Number, e)));
        }
        var firstRow = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = rows.Count - 1; i >= 0; i--) firstRow[inputs[i].Enterprise] = rows[i].Number;
        var checks = ContributionEngine.Check(inputs)
            .Concat(RebateAllocator.Check(inputs.Select((e, i) => new RebateInput(e.Enterprise, 0, taxes[i])).ToList()))
            .Distinct();
        foreach (var p in checks)
        {
            var row = rows[p.Index];
            var why = p.Rule switch
            {
                "BenefitsEnterpriseRequired" => "必填 / required",
                "BenefitsEnterpriseRepeated" => $"与第 {firstRow[inputs[p.Index].Enterprise]} 行重复 / repeats row {firstRow[inputs[p.Index].Enterprise]}",
                "ContributionFigureMustNotBeNegative" => "不能为负数 / must not be negative",
                "RebateTaxMustNotBeNegative" => "税额不能为负数 / tax must not be negative",
                _ => p.Rule,
            };
            found.Add((row.Number, row.Where(p.Field) + why));
        }
        return (inputs, taxes, found.OrderBy(f => f.Row).Select(f => f.Text).ToList());
    }
}
