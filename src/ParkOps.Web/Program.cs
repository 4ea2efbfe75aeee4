using ParkOps.Web;
using ParkOps.Web.Cli;

// One executable: the web host (no verb, `serve`, or only the server's options), or a command-line tool when the first
// argument names a command (`--help` lists them); anything else prints the usage and touches nothing
switch (CliApp.Classify(args))
{
    case CliApp.Invocation.Command: return await CliApp.RunAsync(args);
    case CliApp.Invocation.Usage: return CliApp.Usage(args, Console.Error);
}
args = CliApp.ServerArguments(args);

var demo = args.Contains("--demo");
// the demo's logins are public, so its API document is too (ParkOps:Security:OpenApiAnonymous, unless set otherwise)
var app = ParkOpsHost.Build(args.Where(a => a != "--demo").ToArray(), b =>
{
    if (demo && b.Configuration["ParkOps:Security:OpenApiAnonymous"] is null) b.Configuration["ParkOps:Security:OpenApiAnonymous"] = "true";
});
await ParkOpsHost.PrepareDatabaseAsync(app, demo);
ParkOpsHost.PrintBanner(app, demo);
await app.RunAsync();
return 0;

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
