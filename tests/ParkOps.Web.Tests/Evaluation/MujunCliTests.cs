namespace ParkOps.Web.Tests.Evaluation;

/// <summary>
/// <c>evaluate mujun</c> as a county office runs it: a process over a file. The files in Data/ carry the expected score
/// and class of every row, worked out by hand from DOMAIN §7's 2022 benchmarks (figures chosen as exact multiples of
/// them; the comments in each case below say how).
/// </summary>
public sealed class MujunCliTests
{
    private static (string Input, Dictionary<string, (string, string)> Expected) Strip(string dir, string sample) => EvaluateProcess.Strip(dir, sample);

    [Theory]
    // 规下, land 1, tax 23.52: 亩均税收 2.03 × benchmark → capped 75; tax ÷ electricity 0.4704/0.2352/0.1176/0.0588 → 75 (capped)/50/25/12.5
    [InlineData("below-caps.csv")]
    // the same figures with a tie at 125 (both rank 1 of 5 → A) and 0.0294 ÷ 0.2352 × 50 = 6.25 → 81.25
    [InlineData("below-ties.csv")]
    // 规上, every term capped except R&D (30.2/1000 = the benchmark → 10); X3's 98596.2/40 = half the benchmark → 5;
    // X2 without emissions gets (15 + 5) / 2 = 10, the utility's capped 15 not counted
    [InlineData("above-emissions.csv")]
    public Task EvaluateMujun_HandCheckedFile_WritesEveryScoreAndClassExactly(string sample) => EvaluateProcess.InTempFolder(async dir =>
    {
        var (input, expected) = Strip(dir, sample);
        (await EvaluateProcess.Written(dir, "mujun", input, "credit_code,score,class")).ShouldBe(expected);
    });

    [Theory]
    [InlineData("land_mu", "0", "land_mu")]
    [InlineData("tax_wan", "abc", "tax_wan")]
    [InlineData("size_class", "big", "size_class")]
    [InlineData("energy_tce", "0", "energy_tce")]
    public Task EvaluateMujun_BadCell_ExitsTwoNamingRowAndColumnAndWritesNothing(string column, string value, string named) => EvaluateProcess.InTempFolder(async dir =>
    {
        var (input, _) = Strip(dir, "above-emissions.csv");
        EvaluateProcess.SetCell(input, 2, column, value);
        var err = await EvaluateProcess.Refused(dir, "mujun", input);
        err.ShouldContain("row 3");
        err.ShouldContain(named);
    });

    [Fact]
    public Task EvaluateMujun_MissingColumn_ExitsTwoNamingTheColumnAndLeavesAnOldOutputAlone() => EvaluateProcess.InTempFolder(async dir =>
    {
        var (input, _) = Strip(dir, "below-caps.csv");
        File.WriteAllLines(input, File.ReadAllLines(input).Select(l => string.Join(',', l.Split(',').Where((_, i) => i != 13))));
        var err = await EvaluateProcess.Refused(dir, "mujun", input, previousOutput: "previous run");
        err.ShouldContain("missing column avg_headcount");
    });
}
