using System.Net;
using System.Diagnostics;
using ParkOps.Web.Cli;

namespace ParkOps.Web.Tests.Foundation;

/// <summary>The executable starts the server only when asked to; a verb it does not know prints the usage and touches nothing.</summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData(new string[0], CliApp.Invocation.Server)]
    [InlineData(new[] { "serve" }, CliApp.Invocation.Server)]
    [InlineData(new[] { "--demo" }, CliApp.Invocation.Server)]
    [InlineData(new[] { "--urls", "http://0.0.0.0:8080" }, CliApp.Invocation.Server)]
    [InlineData(new[] { "serve", "--urls=http://127.0.0.1:5001", "--demo" }, CliApp.Invocation.Server)]
    [InlineData(new[] { "--ParkOps:Database:Provider=Postgres" }, CliApp.Invocation.Server)]
    [InlineData(new[] { "migrate" }, CliApp.Invocation.Command)]
    [InlineData(new[] { "verify", "--park", "DG-CA-01" }, CliApp.Invocation.Command)]
    [InlineData(new[] { "--help" }, CliApp.Invocation.Command)]
    [InlineData(new[] { "evaluate", "mujun", "--input", "x" }, CliApp.Invocation.Command)]
    [InlineData(new[] { "evalute", "mujun", "--input", "x" }, CliApp.Invocation.Usage)]
    [InlineData(new[] { "migrat" }, CliApp.Invocation.Usage)]
    [InlineData(new[] { "--url", "http://x" }, CliApp.Invocation.Usage)]
    [InlineData(new[] { "--urls" }, CliApp.Invocation.Usage)]
    [InlineData(new[] { "serve", "now" }, CliApp.Invocation.Usage)]
    public void Classify_Arguments_AreServerCommandOrUsage(string[] args, CliApp.Invocation expected) => CliApp.Classify(args).ShouldBe(expected);

    [Fact]
    public void Usage_MisspeltVerb_NamesTheNearestVerbAndListsTheCommands()
    {
        var err = new StringWriter();
        CliApp.Usage(["verfy"], err).ShouldBe(2);
        var text = err.ToString();
        text.ShouldContain("verfy");
        text.ShouldContain("did you mean: verify");
        foreach (var verb in CliApp.Verbs) text.ShouldContain(verb);
    }

    [Fact]
    public async Task Process_UnknownVerb_ExitsTwoWithinSecondsAndCreatesNoDatabase()
    {
        var dir = Directory.CreateTempSubdirectory("parkops-cli-");
        try
        {
            var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = dir.FullName, RedirectStandardError = true, RedirectStandardOutput = true };
            psi.ArgumentList.Add(typeof(Program).Assembly.Location);
            foreach (var a in new[] { "evalute", "mujun", "--input", "x" }) psi.ArgumentList.Add(a);
            // a database the server would create, were it started: relative to the working folder
            psi.Environment["ParkOps__Database__ConnectionString"] = "Data Source=data/cli-test.db";
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await p.WaitForExitAsync(cts.Token);
            p.ExitCode.ShouldBe(2);
            (await stderr).ShouldContain("evalute");
            Directory.Exists(Path.Combine(dir.FullName, "data")).ShouldBeFalse();
            File.Exists(Path.Combine(AppContext.BaseDirectory, "data", "cli-test.db")).ShouldBeFalse();
        }
        finally { dir.Delete(true); }
    }

    [Theory]
    [InlineData(true, HttpStatusCode.OK)]
    [InlineData(false, HttpStatusCode.Unauthorized)]
    public async Task Process_Server_OpensItsApiDocumentToAnonymousCallersOnlyAsTheDemo(bool demo, HttpStatusCode expected)
    {
        // the demo's logins are printed in the README, so its API document is open; a real deployment's needs sign-in.
        // As a process, because the switch is read from the command line and must beat the shipped appsettings.json.
        var dir = Directory.CreateTempSubdirectory("parkops-serve-");
        var port = FreePort();
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = dir.FullName, RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var a in (string[])["--urls", $"http://127.0.0.1:{port}", .. demo ? ["--demo"] : Array.Empty<string>()]) psi.ArgumentList.Add(a);
        psi.Environment["ParkOps__Database__Provider"] = "Sqlite";
        psi.Environment["ParkOps__Database__ConnectionString"] = $"Data Source={Path.Combine(dir.FullName, "parkops.db")}";
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var p = Process.Start(psi)!;
        _ = p.StandardOutput.ReadToEndAsync();
        _ = p.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(180));
            while (true)
            {
                p.HasExited.ShouldBeFalse("the server stopped while starting");
                try { if ((await http.GetAsync("/health/ready", cts.Token)).IsSuccessStatusCode) break; }
                catch (HttpRequestException) { }
                await Task.Delay(250, cts.Token);
            }
            (await http.GetAsync("/openapi/v1.json", cts.Token)).StatusCode.ShouldBe(expected);
        }
        finally
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            dir.Delete(true);
        }
    }

    private static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
    }
}
