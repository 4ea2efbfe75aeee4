using ParkOps.Web;
using ParkOps.Web.Cli;

// One executable: the web host, or a command-line tool when the first argument names a command (`--help` lists them).
if (CliApp.IsCommand(args))
    return await CliApp.RunAsync(args);

var demo = args.Contains("--demo");
var app = ParkOpsHost.Build(args.Where(a => a != "--demo").ToArray());
await ParkOpsHost.PrepareDatabaseAsync(app, demo);
ParkOpsHost.PrintBanner(app, demo);
await app.RunAsync();
return 0;

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
