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
}
