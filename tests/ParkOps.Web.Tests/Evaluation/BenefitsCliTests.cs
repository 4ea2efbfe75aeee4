using ParkOps.Web.Tests.Imports;

namespace ParkOps.Web.Tests.Evaluation;

/// <summary>
/// <c>evaluate benefits</c> as a park office runs it: a process over a file. Each file in Data/ carries the expected score
/// and rebate of every row: benefits-sample.csv is a copy of the public sample (shared/data), the others are worked out by
/// hand in the comments below.
/// </summary>
public sealed class BenefitsCliTests
{
    private static Task<(int Code, string Out, string Err)> Run(string workDir, params string[] args) => EvaluateProcess.Run(workDir, "benefits", args);

    private static async Task<Dictionary<string, (string, string)>> RunFile(string dir, string input)
    {
        var output = Path.Combine(dir, "out.csv");
        var (code, _, err) = await Run(dir, "--input", input, "--output", output);
        code.ShouldBe(0, err);
        var lines = File.ReadAllLines(output);
        lines[0].ShouldBe("enterprise,score,rebate_yuan");
        Directory.Exists(Path.Combine(dir, "data")).ShouldBeFalse();
        return lines.Skip(1).Select(l => l.Split(',')).ToDictionary(c => c[0], c => (c[1], c[2]));
    }

    [Theory]
    // the public sample: 25 enterprises, pool 16,091,672.81, 12 分 handed out by remainder
    [InlineData("benefits-sample.csv")]
    // b, B, a: order 1 of 2 → 50 → 15.00; Z at every maximum → 100.00. Σs 145, Σt 0.03 → pool 0.02 (0.015 half up).
    // b, B, a: 0.35 × 0.01 + 0.15 × 0.03 × 15/145 = 0.003966 → 0 分 with 0.397 分 over; Z: 0.45/145 = 0.0031 → 0.31 分 over.
    // 2 分 left: the three tied remainders first, by ordinal identifier B < a < b → B and a get 0.01
    [InlineData("benefits-ties.csv")]
    // X: order 411.5 of 1000 → 0.30 × 41.15 = 12.345 → 12.35 (half up); Y every maximum → 100.00; W technology 1 of 8 →
    // 0.25 × 12.5 = 3.125 → 3.13. Σs 115.48, Σt 400 → pool 200.00. Exact shares 0.35·t + 60·s/115.48:
    // X 35 + 741/115.48 = 41.41670 (rest 0.670 分), Y 105 + 6000/115.48 = 156.95705 (0.705), W 187.8/115.48 = 1.62626 (0.626);
    // floored 199.98, 2 分 left → Y then X: 41.42, 156.96, 1.62
    [InlineData("benefits-rounding.csv")]
    public async Task EvaluateBenefits_HandCheckedFile_WritesEveryScoreAndRebateExactly(string sample)
    {
        var dir = Directory.CreateTempSubdirectory("parkops-benefits-");
        try
        {
            var (input, expected) = EvaluateProcess.Strip(dir.FullName, sample);
            var got = await RunFile(dir.FullName, input);
            got.ShouldBe(expected);
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public async Task EvaluateBenefits_Xlsx_ReadsNumberCellsLikeTheCsv()
    {
        var dir = Directory.CreateTempSubdirectory("parkops-benefits-");
        try
        {
            // benefits-rounding.csv as a spreadsheet with number cells (see the case above for the figures)
            var input = Path.Combine(dir.FullName, "in.xlsx");
            await File.WriteAllBytesAsync(input, TestFiles.Xlsx(
                ["enterprise", "name", "order_collaboration", "technology_sharing", "talent_mobility", "platform_activity", "public_affairs", "retained_tax_yuan"],
                ["X", "half up", 411.5m, 0, 0, 0, 0, 100],
                ["Y", "leader", 1000, 8, 1, 1, 1, 300],
                ["W", "technology", 0, 1, 0, 0, 0, 0]));
            var got = await RunFile(dir.FullName, input);
            got.ShouldBe(new Dictionary<string, (string, string)> { ["X"] = ("12.35", "41.42"), ["Y"] = ("100.00", "156.96"), ["W"] = ("3.13", "1.62") });
        }
        finally { dir.Delete(true); }
    }

    [Theory]
    [InlineData("order_collaboration", "abc", "column order_collaboration", "not a number")]
    [InlineData("retained_tax_yuan", "-0.01", "column retained_tax_yuan", "must not be negative")]
    [InlineData("public_affairs", "-1", "column public_affairs", "must not be negative")]
    [InlineData("talent_mobility", "", "column talent_mobility", "required")]
    [InlineData("enterprise", "E31000", "column enterprise", "repeats row 2")]
    public async Task EvaluateBenefits_BadCell_ExitsTwoNamingRowAndColumnAndWritesNothing(string column, string value, string named, string why)
    {
        var dir = Directory.CreateTempSubdirectory("parkops-benefits-");
        try
        {
            var (input, _) = EvaluateProcess.Strip(dir.FullName, "benefits-sample.csv");
            var lines = File.ReadAllLines(input);
            var idx = Array.IndexOf(lines[0].Split(','), column);
            var row = lines[2].Split(',');
            row[idx] = value;
            lines[2] = string.Join(',', row);
            File.WriteAllLines(input, lines);
            var output = Path.Combine(dir.FullName, "out.csv");
            var (code, _, err) = await Run(dir.FullName, "--input", input, "--output", output);
            code.ShouldBe(2);
            err.ShouldContain("row 3");
            err.ShouldContain(named);
            err.ShouldContain(why);
            err.ShouldContain("nothing written");
            Directory.GetFiles(dir.FullName).Select(Path.GetFileName).ShouldBe(["in.csv"]);
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public async Task EvaluateBenefits_SeveralBadCells_ListsEveryOneInRowOrder()
    {
        var dir = Directory.CreateTempSubdirectory("parkops-benefits-");
        try
        {
            var (input, _) = EvaluateProcess.Strip(dir.FullName, "benefits-ties.csv");
            File.WriteAllLines(input,
            [
                "enterprise,name,order_collaboration,technology_sharing,talent_mobility,platform_activity,public_affairs,retained_tax_yuan",
                "A,a,1,0,0,0,0,-5",
                "B,b,x,0,0,-2,0,1",
            ]);
            var (code, _, err) = await Run(dir.FullName, "--input", input, "--output", Path.Combine(dir.FullName, "out.csv"));
            code.ShouldBe(2);
            var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            lines[0].ShouldStartWith("第 2 行 / row 2, 列 / column retained_tax_yuan: \"-5\"");
            lines[1].ShouldStartWith("第 3 行 / row 3, 列 / column order_collaboration: \"x\"");
            lines[2].ShouldStartWith("第 3 行 / row 3, 列 / column platform_activity: \"-2\"");
            lines.Length.ShouldBe(4);
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public async Task EvaluateBenefits_MissingColumn_ExitsTwoNamingTheColumnAndLeavesAnOldOutputAlone()
    {
        var dir = Directory.CreateTempSubdirectory("parkops-benefits-");
        try
        {
            var (input, _) = EvaluateProcess.Strip(dir.FullName, "benefits-rounding.csv");
            File.WriteAllLines(input, File.ReadAllLines(input).Select(l => string.Join(',', l.Split(',')[..^1])));
            var output = Path.Combine(dir.FullName, "out.csv");
            File.WriteAllText(output, "previous run");
            var (code, _, err) = await Run(dir.FullName, "--input", input, "--output", output);
            code.ShouldBe(2);
            err.ShouldContain("missing column retained_tax_yuan");
            File.ReadAllText(output).ShouldBe("previous run");
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public async Task EvaluateBenefits_NoOptions_PrintsTheUsageAndExitsTwo()
    {
        var dir = Directory.CreateTempSubdirectory("parkops-benefits-");
        try
        {
            var (code, _, err) = await Run(dir.FullName);
            code.ShouldBe(2);
            err.ShouldContain("usage: evaluate benefits --input FILE --output FILE");
            Directory.GetFiles(dir.FullName).ShouldBeEmpty();
        }
        finally { dir.Delete(true); }
    }
}
