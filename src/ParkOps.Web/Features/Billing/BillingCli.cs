using System.CommandLine;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Cli;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Parks;
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

        var verifyParks = new Option<string[]>("--park") { Description = "Park code (repeatable); default every park", AllowMultipleArgumentsPerToken = true };
        var json = new Option<bool>("--json") { Description = "Print the checks as JSON" };
        var v = new Command("verify", "Check the books: every bill's paid amount equals what its payments applied, every credit balance equals its movements, every bill line belongs to exactly one live bill. Reports, never repairs; exits 1 when anything is found.") { verifyParks, json };
        v.SetAction((pr, ct) => CliApp.WithServicesAsync((sp, ct) => VerifyAsync(sp, pr.GetValue(verifyParks) ?? [], pr.GetValue(json), Console.Out, Console.Error, ct), ct));
        yield return v;
    }

    /// <summary><c>verify</c>: each park's check is recorded like the nightly one (trigger Cli); 0 = the books add up, 1 = findings, 2 = usage.</summary>
    public static async Task<int> VerifyAsync(IServiceProvider services, IReadOnlyCollection<string> parkCodes, bool json, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        List<(long Id, string Code, string Name)> parks;
        await using (var scope = services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(ActorScope.System);
            var codes = parkCodes.ToArray();
            var q = scope.ServiceProvider.GetRequiredService<ParkOpsDb>().Parks.AsQueryable();
            if (codes.Length > 0) q = q.Where(p => codes.Contains(p.Code));
            parks = (await q.OrderBy(p => p.Id).Select(p => new { p.Id, p.Code, p.Name }).ToListAsync(ct)).Select(p => (p.Id, p.Code, p.Name)).ToList();
            if (codes.Except(parks.Select(p => p.Code)).FirstOrDefault() is { } unknown)
            {
                await stderr.WriteLineAsync($"verify: park: no park with code '{unknown}'");
                return 2;
            }
        }
        var checks = new List<LedgerCheckDto>();
        foreach (var (id, code, name) in parks)
        {
            await using var scope = services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(ActorScope.System);
            var check = await scope.ServiceProvider.GetRequiredService<LedgerVerifier>().RunAsync(id, LedgerCheckTrigger.Cli, ct);
            checks.Add(check);
            if (json) continue;
            await stdout.WriteLineAsync($"{code} {name}: 账单 {check.Bills} 张，费用行 {check.Lines} 行，收款 {check.Payments} 笔，预存账户 {check.CreditAccounts} 个 — {(check.Findings == 0 ? "账目相符 / the books add up" : $"{check.Findings} 个问题 / findings")}");
            foreach (var f in check.Details) await stdout.WriteLineAsync($"  [{f.Rule}] {f.Text}");
        }
        if (json) await stdout.WriteLineAsync(JsonSerializer.Serialize(checks, CliApp.Json));
        return checks.Any(c => c.Findings > 0) ? 1 : 0;
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
