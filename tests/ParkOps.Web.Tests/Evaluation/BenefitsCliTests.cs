using ParkOps.Web.Tests.Imports;

namespace ParkOps.Web.Tests.Evaluation;

/// <summary>
/// <c>evaluate benefits</c> as a park office runs it: a process over a file. Each file in Data/ carries the expected score
/// and rebate of every row: benefits-sample.csv is a copy of the public sample (shared/data), the others are worked out by
/// hand in the comments below.
/// </summary>
public sealed class BenefitsCliTests
{
    private const string Header = "enterprise,score,rebate_yuan";

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
    public Task EvaluateBenefits_HandCheckedFile_WritesEveryScoreAndRebateExactly(string sample) => EvaluateProcess.InTempFolder(async dir =>
    {
        var (input, expected) = EvaluateProcess.Strip(dir, sample);
        (await EvaluateProcess.Written(dir, "benefits", input, Header)).ShouldBe(expected);
    });

    [Fact]
    public Task EvaluateBenefits_Xlsx_ReadsNumberCellsLikeTheCsv() => EvaluateProcess.InTempFolder(async dir =>
    {
        // benefits-rounding.csv as a spreadsheet with number cells (see the case above for the figures)
        var input = Path.Combine(dir, "in.xlsx");
        await File.WriteAllBytesAsync(input, TestFiles.Xlsx(
            ["enterprise", "name", "order_collaboration", "technology_sharing", "talent_mobility", "platform_activity", "public_affairs", "retained_tax_yuan"],
            ["X", "half up", 411.5m, 0, 0, 0, 0, 100],
            ["Y", "leader", 1000, 8, 1, 1, 1, 300],
            ["W", "technology", 0, 1, 0, 0, 0, 0]));
        (await EvaluateProcess.Written(dir, "benefits", input, Header))
            .ShouldBe(new Dictionary<string, (string, string)> { ["X"] = ("12.35", "41.42"), ["Y"] = ("100.00", "156.96"), ["W"] = ("3.13", "1.62") });
    });

    [Theory]
    [InlineData("order_collaboration", "abc", "not a number")]
    [InlineData("retained_tax_yuan", "-0.01", "must not be negative")]
    [InlineData("public_affairs", "-1", "must not be negative")]
    [InlineData("talent_mobility", "", "required")]
    [InlineData("enterprise", "E31000", "repeats row 2")]
    public Task EvaluateBenefits_BadCell_ExitsTwoNamingRowAndColumnAndWritesNothing(string column, string value, string why) => EvaluateProcess.InTempFolder(async dir =>
    {
        var (input, _) = EvaluateProcess.Strip(dir, "benefits-sample.csv");
        EvaluateProcess.SetCell(input, 2, column, value);
        var err = await EvaluateProcess.Refused(dir, "benefits", input);
        err.ShouldContain($"row 3, 列 / column {column}: \"{value}\"");
        err.ShouldContain(why);
        err.ShouldContain("nothing written");
    });

    [Fact]
    public Task EvaluateBenefits_SeveralBadCells_ListsEveryOneInRowOrder() => EvaluateProcess.InTempFolder(async dir =>
    {
        var input = Path.Combine(dir, "in.csv");
        File.WriteAllLines(input,
        [
            "enterprise,name,order_collaboration,technology_sharing,talent_mobility,platform_activity,public_affairs,retained_tax_yuan",
            "A,a,1,0,0,0,0,-5",
            "B,b,x,0,0,-2,0,1",
        ]);
        var lines = (await EvaluateProcess.Refused(dir, "benefits", input)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("第 2 行 / row 2, 列 / column retained_tax_yuan: \"-5\"");
        lines[1].ShouldStartWith("第 3 行 / row 3, 列 / column order_collaboration: \"x\"");
        lines[2].ShouldStartWith("第 3 行 / row 3, 列 / column platform_activity: \"-2\"");
        lines.Length.ShouldBe(4);
    });

    [Fact]
    public Task EvaluateBenefits_MissingColumn_ExitsTwoNamingTheColumnAndLeavesAnOldOutputAlone() => EvaluateProcess.InTempFolder(async dir =>
    {
        var (input, _) = EvaluateProcess.Strip(dir, "benefits-rounding.csv");
        File.WriteAllLines(input, File.ReadAllLines(input).Select(l => string.Join(',', l.Split(',')[..^1])));
        var err = await EvaluateProcess.Refused(dir, "benefits", input, previousOutput: "previous run");
        err.ShouldContain("missing column retained_tax_yuan");
    });

    [Fact]
    public Task EvaluateBenefits_NoOptions_PrintsTheUsageAndExitsTwo() => EvaluateProcess.InTempFolder(async dir =>
    {
        var (code, _, err) = await EvaluateProcess.Run(dir, "benefits");
        code.ShouldBe(2);
        err.ShouldContain("usage: evaluate benefits --input FILE --output FILE");
        Directory.GetFileSystemEntries(dir).ShouldBeEmpty();
    });
}
