using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Rules;
using ParkOps.Web.Cli;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Marketplace;

/// <summary>
/// CLI: <c>import posts FILE --park CODE_OR_ID [--json]</c> imports a judged set (parkops-marketplace-judged/1) into a
/// park, all or nothing, as <c>POST /api/v1/parks/{parkId}/posts:import</c> does. Exit 0 imported, 1 the file was
/// refused (nothing imported; the line names the place and the rule), 2 usage errors (no file, unknown park).
/// </summary>
public static class PostImportCli
{
    public static Command Command()
    {
        var file = new Argument<FileInfo?>("file") { Description = "Judged set JSON (format parkops-marketplace-judged/1)", Arity = ArgumentArity.ZeroOrOne };
        var park = new Option<string?>("--park") { Description = "Park code (e.g. DG-CA-01) or id" };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var c = new Command("posts", "Import marketplace posts and queries from a judged set (all or nothing).") { file, park, json };
        c.SetAction(async (pr, ct) =>
        {
            var path = pr.GetValue(file);
            var parkArg = pr.GetValue(park);
            if (path is null || string.IsNullOrWhiteSpace(parkArg)) { Console.Error.WriteLine("usage: import posts FILE --park CODE_OR_ID [--json]"); return 2; }
            if (!path.Exists) { Console.Error.WriteLine($"file: {path.FullName} does not exist"); return 2; }
            var text = await File.ReadAllTextAsync(path.FullName, ct);
            return await CliApp.WithServicesAsync(async (sp, ct) =>
            {
                var code = parkArg!.Trim().ToUpperInvariant();
                // the parks in the CLI's sight (all of them), through the Parks area
                var parks = sp.GetRequiredService<Parks.Contracts.IParkNames>().VisibleParks();
                var parkId = long.TryParse(code, out var id) && parks.Any(p => p.Id == id) ? id
                    : parks.Where(p => p.Code.ToUpperInvariant() == code).Select(p => (long?)p.Id).FirstOrDefault();
                if (parkId is null) { Console.Error.WriteLine($"park: '{parkArg}' not found"); return 2; }
                try
                {
                    var r = await sp.GetRequiredService<PostImportService>().ImportAsync(parkId.Value, text, ct);
                    if (pr.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(r, CliApp.Json));
                    else Console.WriteLine($"{path.Name}: imported {r.Posts} posts and {r.Queries} queries ({r.Expired} already expired); enterprises: {r.EnterprisesMatched} found, {r.EnterprisesCreated} added.");
                    return 0;
                }
                catch (DomainRuleException e)
                {
                    var t = sp.GetRequiredService<IStringLocalizer<Text>>();
                    var text = t["Rule." + e.Rule, [.. e.Arguments]] is { ResourceNotFound: false } s ? s.Value : e.Message;
                    Console.Error.WriteLine($"{e.Field}: {text} ({e.Rule}); nothing imported");
                    return 1;
                }
            }, ct);
        });
        return c;
    }
}
