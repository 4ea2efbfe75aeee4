using System.Diagnostics;
using ParkOps.Web.Data;

namespace ParkOps.Bench;

/// <summary>
/// Migrates a benchmark's database and seeds the demo park into it in a separate process (the CLI's
/// <c>seed --demo</c>), so the process that is measured never ran the seeding code: its JIT has only the server's own
/// work to tier up, as in a server that has been running for a while, instead of a backlog of thousands of seeding
/// methods compiled while the measurement runs.
/// </summary>
public static class DemoSeedProcess
{
    public static async Task RunAsync(DatabaseProvider provider, string connectionString, string workDir)
    {
        var exe = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "ParkOps.Web.exe" : "ParkOps.Web");
        var psi = new ProcessStartInfo(exe) { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("seed");
        psi.ArgumentList.Add("--demo");
        psi.Environment["ParkOps__Database__Provider"] = provider.ToString();
        psi.Environment["ParkOps__Database__ConnectionString"] = connectionString;
        psi.Environment["ParkOps__DataProtection__KeysPath"] = Path.Combine(workDir, "keys");
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + exe);
        var output = p.StandardOutput.ReadToEndAsync();
        var errors = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"seed --demo exited with {p.ExitCode}: {await errors}{await output}");
    }
}
