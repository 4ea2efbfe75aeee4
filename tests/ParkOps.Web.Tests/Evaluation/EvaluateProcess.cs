using System.Diagnostics;
using System.Text;

namespace ParkOps.Web.Tests.Evaluation;

/// <summary>The <c>evaluate</c> batch commands run as a county or park office runs them: a process over a file in a folder.</summary>
public static class EvaluateProcess
{
    public static readonly string DataDir = Path.Combine(AppContext.BaseDirectory, "Evaluation", "Data");

    /// <summary>Runs <c>evaluate &lt;command&gt; args…</c> in <paramref name="workDir"/>; the exit code and both streams.</summary>
    public static async Task<(int Code, string Out, string Err)> Run(string workDir, string command, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = workDir, RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add(typeof(Program).Assembly.Location);
        psi.ArgumentList.Add("evaluate");
        psi.ArgumentList.Add(command);
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

    /// <summary>
    /// Writes a sample from Data/ as in.csv in <paramref name="dir"/> without its last two (expected_) columns, as the
    /// office's file would be, and returns the expected pair per first-column key.
    /// </summary>
    public static (string Input, Dictionary<string, (string, string)> Expected) Strip(string dir, string sample)
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

    /// <summary>Runs <paramref name="body"/> with a fresh temporary folder, removed afterwards.</summary>
    public static async Task InTempFolder(Func<string, Task> body)
    {
        var dir = Directory.CreateTempSubdirectory("parkops-evaluate-");
        try { await body(dir.FullName); }
        finally { dir.Delete(true); }
    }

    /// <summary>
    /// Runs the command over <paramref name="input"/> into out.csv: it must exit 0, write <paramref name="header"/> and
    /// create no database folder. Returns columns 1 and 2 of each written row by its first column.
    /// </summary>
    public static async Task<Dictionary<string, (string, string)>> Written(string dir, string command, string input, string header)
    {
        var output = Path.Combine(dir, "out.csv");
        var (code, _, err) = await Run(dir, command, "--input", input, "--output", output);
        code.ShouldBe(0, err);
        var lines = File.ReadAllLines(output);
        lines[0].ShouldBe(header);
        Directory.Exists(Path.Combine(dir, "data")).ShouldBeFalse();
        return lines.Skip(1).Select(l => l.Split(',')).ToDictionary(c => c[0], c => (c[1], c[2]));
    }

    /// <summary>Puts <paramref name="value"/> into one cell of a simple CSV file (<paramref name="line"/> 0 is the header).</summary>
    public static void SetCell(string csv, int line, string column, string value)
    {
        var lines = File.ReadAllLines(csv);
        var row = lines[line].Split(',');
        row[Array.IndexOf(lines[0].Split(','), column)] = value;
        lines[line] = string.Join(',', row);
        File.WriteAllLines(csv, lines);
    }

    /// <summary>
    /// Runs the command over <paramref name="input"/> into out.csv expecting it to refuse: exit 2 and no output written
    /// (an existing one left as it was). Returns what it said on standard error.
    /// </summary>
    public static async Task<string> Refused(string dir, string command, string input, string? previousOutput = null)
    {
        var output = Path.Combine(dir, "out.csv");
        if (previousOutput is not null) File.WriteAllText(output, previousOutput);
        var (code, _, err) = await Run(dir, command, "--input", input, "--output", output);
        code.ShouldBe(2);
        if (previousOutput is null) File.Exists(output).ShouldBeFalse();
        else File.ReadAllText(output).ShouldBe(previousOutput);
        Directory.GetFiles(dir).Where(f => !f.EndsWith(".csv", StringComparison.Ordinal) && !f.EndsWith(".xlsx", StringComparison.Ordinal)).ShouldBeEmpty();
        return err;
    }
}
