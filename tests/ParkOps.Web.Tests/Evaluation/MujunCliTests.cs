namespace ParkOps.Web.Tests.Evaluation;

/// <summary>
/// <c>evaluate mujun</c> as a county office runs it: a process over a file. The files in Data/ carry the expected score
/// and class of every row, worked out by hand from DOMAIN §7's 2022 benchmarks (figures chosen as exact multiples of
/// them; the comments in each case below say how).
/// </summary>
public sealed class MujunCliTests
{
    private static Task<(int Code, string Out, string Err)> Run(string workDir, params string[] args) => EvaluateProcess.Run(workDir, "mujun", args);

    private static (string Input, Dictionary<string, (string, string)> Expected) Strip(string dir, string sample) => EvaluateProcess.Strip(dir, sample);

    [Theory]
    // 规下, land 1, tax 23.52: 亩均税收 2.03 × benchmark → capped 75; tax ÷ electricity 0.4704/0.2352/0.1176/0.0588 → 75 (capped)/50/25/12.5
    [InlineData("below-caps.csv")]
    // the same figures with a tie at 125 (both rank 1 of 5 → A) and 0.0294 ÷ 0.2352 × 50 = 6.25 → 81.25
    [InlineData("below-ties.csv")]
    // 规上, every term capped except R&D (30.2/1000 = the benchmark → 10); X3's 98596.2/40 = half the benchmark → 5;
    // X2 without emissions gets (15 + 5) / 2 = 10, the utility's capped 15 not counted
    [InlineData("above-emissions.csv")]
    public async Task EvaluateMujun_HandCheckedFile_WritesEveryScoreAndClassExactly(string sample)
    {
        var dir = Directory.CreateTempSubdirectory("parkops-mujun-");
        try
        {
            var (input, expected) = Strip(dir.FullName, sample);
            var output = Path.Combine(dir.FullName, "out.csv");
            var (code, _, err) = await Run(dir.FullName, "--input", input, "--output", output);
            code.ShouldBe(0, err);
            var lines = File.ReadAllLines(output);
            lines[0].ShouldBe("credit_code,score,class");
            var got = lines.Skip(1).Select(l => l.Split(',')).ToDictionary(c => c[0], c => (c[1], c[2]));
            got.ShouldBe(expected);
            Directory.Exists(Path.Combine(dir.FullName, "data")).ShouldBeFalse();
        }
        finally { dir.Delete(true); }
    }

    [Theory]
    [InlineData("land_mu", "0", "land_mu")]
    [InlineData("tax_wan", "abc", "tax_wan")]
    [InlineData("size_class", "big", "size_class")]
    [InlineData("energy_tce", "0", "energy_tce")]
    public async Task EvaluateMujun_BadCell_ExitsTwoNamingRowAndColumnAndWritesNothing(string column, string value, string named)
    {
        var dir = Directory.CreateTempSubdirectory("parkops-mujun-");
        try
        {
            var (input, _) = Strip(dir.FullName, "above-emissions.csv");
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
            File.Exists(output).ShouldBeFalse();
            Directory.GetFiles(dir.FullName).Select(Path.GetFileName).ShouldBe(["in.csv"]);
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public async Task EvaluateMujun_MissingColumn_ExitsTwoNamingTheColumnAndLeavesAnOldOutputAlone()
    {
        var dir = Directory.CreateTempSubdirectory("parkops-mujun-");
        try
        {
            var (input, _) = Strip(dir.FullName, "below-caps.csv");
            var lines = File.ReadAllLines(input).Select(l => string.Join(',', l.Split(',').Where((_, i) => i != 13))).ToArray();
            File.WriteAllLines(input, lines);
            var output = Path.Combine(dir.FullName, "out.csv");
            File.WriteAllText(output, "previous run");
            var (code, _, err) = await Run(dir.FullName, "--input", input, "--output", output);
            code.ShouldBe(2);
            err.ShouldContain("missing column avg_headcount");
            File.ReadAllText(output).ShouldBe("previous run");
        }
        finally { dir.Delete(true); }
    }
}
