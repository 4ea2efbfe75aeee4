using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Rules;
using ParkOps.Web.Cli;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Imports;

/// <summary>
/// CLI: <c>import enterprises|units FILE --park CODE_OR_ID [--dry-run] [--json]</c> and
/// <c>export enterprises|units --park CODE_OR_ID --out FILE.xlsx</c>. Exit codes: 0 clean (imported, or a clean dry run),
/// 1 the file has bad rows (nothing imported), 2 usage or file errors (unknown park, unreadable file).
/// Other areas add their own kinds as further subcommands of <c>import</c> / <c>export</c> here.
/// </summary>
public static class ImportCli
{
    public const int Clean = 0, BadRows = 1, Usage = 2;

    private static readonly JsonSerializerOptions Json = new(CliApp.Json) { Converters = { new JsonStringEnumConverter() } };

    public static IEnumerable<Command> Commands()
    {
        var import = new Command("import", "Import from .xlsx or .csv into a park, all or nothing (exit 0 clean, 1 bad rows, 2 usage or file error).");
        import.Subcommands.Add(ImportCommand(ImportKind.Enterprises, "Import enterprises (as applicants)."));
        import.Subcommands.Add(ImportCommand(ImportKind.Units, "Import units (buildings matched by name)."));
        import.Subcommands.Add(Marketplace.PostImportCli.Command());
        yield return import;

        var export = new Command("export", "Export a park's lists to .xlsx (headers the importer reads back).");
        export.Subcommands.Add(ExportCommand(ImportKind.Enterprises, "Export the enterprises of a park."));
        export.Subcommands.Add(ExportCommand(ImportKind.Units, "Export the units of a park."));
        yield return export;
    }

    // Options are checked in the action rather than marked Required, so that a missing one exits with 2 (usage) like any other usage error here.
    private static Option<string?> ParkOption() => new("--park") { Description = "Park code (e.g. DG-CA-01) or id" };

    private static Command ImportCommand(ImportKind kind, string description)
    {
        var file = new Argument<FileInfo?>("file") { Description = ".xlsx or .csv file (UTF-8 or GBK)", Arity = ArgumentArity.ZeroOrOne };
        var park = ParkOption();
        var dryRun = new Option<bool>("--dry-run") { Description = "Only check the file and print the report; write nothing." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
        var c = new Command(kind.ToString().ToLowerInvariant(), description) { file, park, dryRun, json };
        c.SetAction(async (pr, ct) =>
        {
            var path = pr.GetValue(file);
            var parkArg = pr.GetValue(park);
            if (path is null || string.IsNullOrWhiteSpace(parkArg))
                return UsageError($"usage: import {kind.ToString().ToLowerInvariant()} FILE --park CODE_OR_ID [--dry-run] [--json]");
            if (!path.Exists) return UsageError($"file: {path.FullName} does not exist");
            var bytes = await File.ReadAllBytesAsync(path.FullName, ct);
            return await CliApp.WithServicesAsync(async (sp, ct) =>
            {
                var parkId = await ParkIdAsync(sp, parkArg!, ct);
                if (parkId is null) return UsageError($"park: '{parkArg}' not found");
                try
                {
                    var report = await sp.GetRequiredService<ImportService>().ImportAsync(parkId.Value, kind, path.Name, bytes, pr.GetValue(dryRun), ct);
                    if (pr.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(report, Json));
                    else Print(report, sp.GetRequiredService<IStringLocalizer<Text>>());
                    return report.Valid ? Clean : BadRows;
                }
                catch (Exception ex) when (ex is ValidationException or DomainRuleException or NotFoundException or ForbiddenException)
                {
                    return UsageError(Message(ex, sp.GetRequiredService<IStringLocalizer<Text>>()));
                }
            }, ct);
        });
        return c;
    }

    private static Command ExportCommand(ImportKind kind, string description)
    {
        var park = ParkOption();
        var output = new Option<FileInfo?>("--out") { Description = "The .xlsx file to write" };
        var c = new Command(kind.ToString().ToLowerInvariant(), description) { park, output };
        c.SetAction((pr, ct) =>
        {
            var parkArg = pr.GetValue(park);
            var target = pr.GetValue(output);
            if (string.IsNullOrWhiteSpace(parkArg) || target is null)
                return Task.FromResult(UsageError($"usage: export {kind.ToString().ToLowerInvariant()} --park CODE_OR_ID --out FILE.xlsx"));
            return CliApp.WithServicesAsync(async (sp, ct) =>
            {
                var parkId = await ParkIdAsync(sp, parkArg!, ct);
                if (parkId is null) return UsageError($"park: '{parkArg}' not found");
                var s = sp.GetRequiredService<ImportService>();
                var (bytes, _) = kind == ImportKind.Enterprises
                    ? await s.ExportEnterprisesAsync(parkId.Value, new EnterpriseQuery(null, null, null, null, null, false, null, null), ct)
                    : await s.ExportUnitsAsync(parkId.Value, null, null, null, null, ct);
                try
                {
                    target.Directory?.Create();
                    await File.WriteAllBytesAsync(target.FullName, bytes, ct);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    return UsageError($"out: {ex.Message}");
                }
                Console.WriteLine($"Wrote {target.FullName} ({bytes.Length:N0} bytes).");
                return Clean;
            }, ct);
        });
        return c;
    }

    private static async Task<long?> ParkIdAsync(IServiceProvider sp, string codeOrId, CancellationToken ct)
    {
        var db = sp.GetRequiredService<ParkOpsDb>();
        var code = codeOrId.Trim();
        if (long.TryParse(code, out var id) && await db.Parks.AnyAsync(p => p.Id == id, ct)) return id;
        var upper = code.ToUpperInvariant();
        return await db.Parks.Where(p => p.Code.ToUpper() == upper).Select(p => (long?)p.Id).FirstOrDefaultAsync(ct);
    }

    private static int UsageError(string message)
    {
        Console.Error.WriteLine(message);
        return Usage;
    }

    private static string Message(Exception ex, IStringLocalizer<Text> t) => ex switch
    {
        ValidationException v => string.Join(Environment.NewLine, v.Errors.Select(e => $"{ProblemExceptionHandler.Camel(e.PropertyName)}: {e.ErrorMessage}")),
        DomainRuleException d => $"{d.Field}: {(t["Rule." + d.Rule, [.. d.Arguments]] is { ResourceNotFound: false } s ? s.Value : d.Message)} ({d.Rule})",
        _ => ex.Message,
    };

    /// <summary>The row report as a plain table: row, column, value, reason.</summary>
    public static void Print(ImportReport r, IStringLocalizer<Text> t, TextWriter? to = null)
    {
        to ??= Console.Out;
        var what = r.Format == "csv" ? $"CSV, {r.Encoding}" : $"xlsx, {r.Sheet}";
        to.WriteLine($"{r.FileName} ({what}): {t["Import.Summary", r.Rows, r.ValidRows, r.BadRows]}");
        foreach (var c in r.IgnoredColumns) to.WriteLine($"  {t["Import.Ignored"]}: {c.Column} — {c.Reason}");
        if (r.Problems.Count > 0)
        {
            to.WriteLine();
            to.WriteLine($"{t["Import.Row"]}\t{t["Import.Column"]}\t{t["Import.Value"]}\t{t["Import.Reason"]}");
            foreach (var p in r.Problems) to.WriteLine($"{p.Row}\t{p.Column}\t{p.Value}\t{p.Reason}");
            to.WriteLine();
        }
        to.WriteLine(r.Imported ? t["Import.Done", r.Created].Value
            : !r.Valid ? t["Import.NothingImported"].Value
            : r.DryRun ? t["Import.DryRunClean", r.Rows].Value
            : t["Import.NothingImported"].Value);
    }
}
