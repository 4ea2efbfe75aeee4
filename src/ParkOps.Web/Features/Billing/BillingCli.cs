using System.CommandLine;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Cli;
using ParkOps.Web.Data;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Features.Billing;

/// <summary>
/// CLI: <c>bill-run --month yyyy-MM [--park CODE …]</c>, the month-end bill run of every park (or the named ones) for a
/// scheduler such as cron, through <see cref="BillRunner"/> exactly as <c>POST /api/v1/bill-runs</c>. Prints the result
/// as JSON; exits 0 when every park ran, 1 when one or more failed (each named with its rule), 2 on a usage error.
/// </summary>
public static class BillingCli
{
    public static IEnumerable<Command> Commands()
    {
        var month = new Option<string>("--month") { Description = "Month to bill, yyyy-MM", Required = true };
        var parks = new Option<string[]>("--park") { Description = "Park code (repeatable); default every park", AllowMultipleArgumentsPerToken = true };
        var c = new Command("bill-run", "Run the monthly billing of every park (or --park CODE …): each park all-or-nothing, several at a time on PostgreSQL.") { month, parks };
        c.SetAction((pr, ct) => CliApp.WithServicesAsync((sp, ct) => RunAsync(sp, pr.GetValue(month)!, pr.GetValue(parks) ?? [], Console.Out, Console.Error, ct), ct));
        yield return c;
    }

    /// <summary>The command's work, with its services and writers passed in so it can be run from a test.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, string month, IReadOnlyCollection<string> parkCodes, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        List<long>? ids = null;
        if (parkCodes.Count > 0)
        {
            await using var scope = services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(ActorScope.System);
            var codes = parkCodes.ToArray();
            var found = await scope.ServiceProvider.GetRequiredService<ParkOpsDb>().Parks.Where(p => codes.Contains(p.Code)).Select(p => new { p.Id, p.Code }).ToListAsync(ct);
            if (codes.Except(found.Select(p => p.Code)).FirstOrDefault() is { } unknown)
            {
                await stderr.WriteLineAsync($"bill-run: park: no park with code '{unknown}'");
                return 2;
            }
            ids = found.Select(p => p.Id).ToList();
        }
        MultiBillRunResult result;
        try { result = await services.GetRequiredService<BillRunner>().RunAsync(ActorScope.System, new MultiBillRunRequest(month, ids), ct); }
        catch (FluentValidation.ValidationException e)
        {
            await stderr.WriteLineAsync($"bill-run: month: {e.Errors.First().ErrorMessage}");
            return 2;
        }
        await stdout.WriteLineAsync(JsonSerializer.Serialize(result, CliApp.Json));
        foreach (var o in result.Outcomes.Where(o => o.Run is null))
            await stderr.WriteLineAsync($"bill-run: park {o.ParkCode}: {o.Error} [{o.ErrorRule}]");
        return result.Failed == 0 ? 0 : 1;
    }
}
