using ParkOps.Web.Platform;
using System.Diagnostics;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Microsoft.Extensions.Localization;
using ParkOps.Web.Features.Audit;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Resources;
using ParkOps.Domain.Pricing;

namespace ParkOps.Web.Features.Imports;

public sealed class ImportModule : IAreaModule
{
    public void AddServices(IServiceCollection services, IConfiguration config) => services.AddScoped<ImportService>().AddScoped<Contracts.ITableFiles, TableFiles>();

    public IEnumerable<System.CommandLine.Command> Commands() => ImportCli.Commands();

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        // Uploads are bearer-token only: a browser's cookie cannot be ridden into them (no CSRF), so no antiforgery token.
        // The console page posts its own antiforgery-checked form instead.
        var upload = app.MapGroup("/api/v1").WithTags("Import / export")
            .RequireAuthorization(p => p.AddAuthenticationSchemes(BearerTokenDefaults.AuthenticationScheme).RequireAuthenticatedUser())
            .DisableAntiforgery();
        upload.MapPost("/parks/{parkId:long}/enterprises:import", (long parkId, bool? dryRun, HttpRequest request, ImportService s, IStringLocalizer<Text> t, CancellationToken ct) =>
                ImportAsync(parkId, ImportKind.Enterprises, dryRun ?? false, request, s, t, ct))
            .WithSummary("Import enterprises (as applicants) from .xlsx or .csv (multipart field `file`). dryRun=true only checks. All or nothing: a file with any bad row imports nothing (422 with the row report).")
            .AddOpenApiOperationTransformer(DescribeUpload).ProducesValidationProblem().ProducesProblem(422).ProducesProblem(403).ProducesProblem(404)
            .WithMetadata(new RequestSizeLimitAttribute(TableReader.MaxBytes + 1024 * 1024));
        upload.MapPost("/parks/{parkId:long}/units:import", (long parkId, bool? dryRun, HttpRequest request, ImportService s, IStringLocalizer<Text> t, CancellationToken ct) =>
                ImportAsync(parkId, ImportKind.Units, dryRun ?? false, request, s, t, ct))
            .WithSummary("Import units from .xlsx or .csv (multipart field `file`); buildings are matched by name. dryRun=true only checks. All or nothing.")
            .AddOpenApiOperationTransformer(DescribeUpload).ProducesValidationProblem().ProducesProblem(422).ProducesProblem(403).ProducesProblem(404)
            .WithMetadata(new RequestSizeLimitAttribute(TableReader.MaxBytes + 1024 * 1024));

        // Downloads: cookie or bearer, scoped like the lists they export.
        var api = app.MapGroup("/api/v1").RequireAuthorization().WithTags("Import / export");
        api.MapGet("/parks/{parkId:long}/enterprises/export", async (long parkId, string? search, EnterpriseStatus? status, string? stage, SizeClass? sizeClass,
                string? sort, bool? desc, ImportService s, CancellationToken ct) =>
            {
                var (bytes, name) = await s.ExportEnterprisesAsync(parkId, new EnterpriseQuery(search, status, stage, sizeClass, sort, desc ?? false, null, null), ct);
                return TypedResults.File(bytes, XlsxWriter.ContentType, name);
            })
            .WithNoSniff().WithSummary("The enterprise list as .xlsx (same filters as the list); its Chinese headers import back as they are.");
        api.MapGet("/parks/{parkId:long}/units/export", async (long parkId, long? buildingId, UnitStatus? status, SpaceUse? use, string? search, ImportService s, CancellationToken ct) =>
            {
                var (bytes, name) = await s.ExportUnitsAsync(parkId, buildingId, status, use, search, ct);
                return TypedResults.File(bytes, XlsxWriter.ContentType, name);
            })
            .WithNoSniff().WithSummary("The unit list as .xlsx (same filters as the list).");
        api.MapGet("/audit/export", async (string? entity, string? entityKey, string? actor, string? action, DateTime? from, DateTime? to, ImportService s, CancellationToken ct) =>
            {
                var (bytes, name) = await s.ExportAuditAsync(new AuditQuery(entity, entityKey, actor, action, from, to, null, null), ct);
                return TypedResults.File(bytes, XlsxWriter.ContentType, name);
            })
            .WithNoSniff().WithSummary("The audit log as .xlsx (same filters as /api/v1/audit).");
        // one literal route per kind (no free-text route parameter): an unknown kind is simply 404
        foreach (var kind in Enum.GetValues<ImportKind>())
            api.MapGet($"/imports/templates/{kind.ToString().ToLowerInvariant()}.xlsx", (ImportService s) =>
                {
                    var (bytes, name) = s.Template(kind);
                    return TypedResults.File(bytes, XlsxWriter.ContentType, name);
                })
                .WithNoSniff().WithSummary($"An empty {kind.ToString().ToLowerInvariant()} import template, with a sheet explaining each column.");
    }

    /// <summary>
    /// Describes the multipart body (field <c>file</c>) in the API document. Not with Accepts(): that would make routing
    /// answer a request of another content type with 415 before authentication and the scope check have spoken.
    /// </summary>
    private static Task DescribeUpload(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["multipart/form-data"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string> { "file" },
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = ".xlsx or .csv (UTF-8 or GBK), at most 10 MB" },
                        },
                    },
                },
            },
        };
        return Task.CompletedTask;
    }

    public static ImportKind? Kind(string? kind) => kind?.ToLowerInvariant() switch
    {
        "enterprises" => ImportKind.Enterprises,
        "units" => ImportKind.Units,
        _ => null,
    };

    private static async Task<Results<Ok<ImportReport>, ProblemHttpResult>> ImportAsync(long parkId, ImportKind kind, bool dryRun, HttpRequest request,
        ImportService s, IStringLocalizer<Text> t, CancellationToken ct)
    {
        // who asks comes before what they send: a foreign park is 404 and a viewer 403 whatever the upload
        await s.CheckParkAsync(parkId, ct);
        var (name, bytes) = await ReadFileAsync(request, t, ct);
        var report = await s.ImportAsync(parkId, kind, name, bytes, dryRun, ct);
        if (report.Valid || dryRun) return TypedResults.Ok(report);
        return TypedResults.Problem(RowsProblem(report, request.HttpContext, t));
    }

    /// <summary>422 for a file with bad rows: the same report as a dry run, under <c>report</c>.</summary>
    public static ProblemDetails RowsProblem(ImportReport report, HttpContext http, IStringLocalizer<Text> t)
    {
        var pd = new ProblemDetails
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = t["Problem.Rule"],
            Detail = t["Import.RowsInvalid", report.BadRows, report.Rows],
            Type = "https://parkops.cn/problems/ImportRowsMustBeValid",
            Instance = http.Request.Path,
        };
        pd.Extensions["rule"] = "ImportRowsMustBeValid";
        pd.Extensions["field"] = "file";
        pd.Extensions["report"] = report;
        pd.Extensions["traceId"] = Activity.Current?.Id ?? http.TraceIdentifier;
        return pd;
    }

    /// <summary>The multipart field <c>file</c>; a missing, unreadable or oversized upload is a 400 on <c>file</c>.</summary>
    private static async Task<(string Name, byte[] Bytes)> ReadFileAsync(HttpRequest request, IStringLocalizer<Text> t, CancellationToken ct)
    {
        if (!request.HasFormContentType) throw TableReader.Refuse(t["Import.FileRequired"]);
        IFormCollection form;
        try { form = await request.ReadFormAsync(ct); }
        catch (Exception e) when (e is InvalidDataException or IOException) { throw TableReader.Refuse(t["Import.UploadBroken"]); }
        var file = form.Files.GetFile("file") ?? (form.Files.Count == 1 ? form.Files[0] : null) ?? throw TableReader.Refuse(t["Import.FileRequired"]);
        if (file.Length > TableReader.MaxBytes) throw TableReader.Refuse(t["Import.FileTooLarge", TableReader.MaxBytes / 1024 / 1024]);
        using var ms = new MemoryStream((int)file.Length);
        await file.CopyToAsync(ms, ct);
        return (file.FileName, ms.ToArray());
    }
}
