using System.Diagnostics;
using System.Text;

namespace ParkOps.Web.Tests.Evaluation;

/// <summary>
/// <c>evaluate mujun</c> as a county office runs it: a process over a file. The files in Data/ carry the expected score
/// and class of every row, worked out by hand from DOMAIN §7's 2022 benchmarks (figures chosen as exact multiples of
/// them; the comments in each case below say how).
/// </summary>
public sealed class MujunCliTests
{
    private static readonly string DataDir = Path.Combine(AppContext.BaseDirectory, "Evaluation", "Data");

    private static async Task<(int Code, string Out, string Err)> Run(string workDir, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = workDir, RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add(typeof(Program).Assembly.Location);
        psi.ArgumentList.Add("evaluate");
        psi.ArgumentList.Add("mujun");
        foreach (var a in args) psi.ArgumentList.Add(a);
        // no database is needed: point it at a folder that must stay empty
        psi.Environment["ParkOps__Database__ConnectionString"] = "Data Source=data/never.db";
        using var p = Process.Start(psi)!;
        var o = p.StandardOutput.ReadToEndAsync();
        var e = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, await o, await e);
    }

    /// <summary>Writes the input without the expected_ columns, as the county's file would be.</summary>
    private static (string Input, Dictionary<string, (string Score, string Class)> Expected) Strip(string dir, string sample)
    {
        var lines = File.ReadAllLines(Path.Combine(DataDir, sample));
        var expected = new Dictionary<string, (string, string)>();
        var sb = new StringBuilder(string.Join(',', lines[0].Split(',')[..^2])).Append('\n');
        foreach (var l in lines.Skip(1))
        {
            var c = l.Split(',');
            expected[c[0]] = (c[^2], c[^1]);
            sb.Append(string.Join(',', c[..^2])).Append('\n');
        }
        var input = Path.Combine(dir, "in.csv");
        File.WriteAllText(input, sb.ToString());
        return (input, expected);
    }

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
