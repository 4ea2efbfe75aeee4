using System.Diagnostics;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Metering;
using ParkOps.Web.Features.Imports;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Resources;
using ParkOps.Web.Features.Metering.Contracts;

namespace ParkOps.Web.Features.Metering;

public static class MeteringEndpoints
{
    public static IServiceCollection AddMetering(this IServiceCollection services) =>
        services.AddScoped<MeteringService>().AddScoped<IUtilityUsage>(sp => sp.GetRequiredService<MeteringService>())
            .AddScoped<ILateFeeTerms>(sp => sp.GetRequiredService<MeteringService>()).AddScoped<ReadingImportService>().AddSingleton<MeterKeyCache>().AddHostedService<ReadingInboxMerger>();

    public static void MapMetering(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization().WithTags("Metering");
        api.MapGet("/parks/{parkId:long}/meters", async Task<Ok<Page<MeterDto>>> (long parkId, long? unitId, Utility? utility, string? search, int? page, int? pageSize, MeteringService s, CancellationToken ct) =>
            TypedResults.Ok(await s.MetersAsync(parkId, unitId, utility, search, page, pageSize, ct)))
            .WithSummary("Meters of a park (an enterprise user sees the meters of the units it occupies).");
        api.MapPost("/parks/{parkId:long}/meters", async (long parkId, MeterInput input, MeteringService s, CancellationToken ct) =>
        {
            var m = await s.CreateMeterAsync(parkId, input, ct);
            return TypedResults.Created($"/api/v1/meters/{m.Id}", await s.MeterDtoAsync(m.Id, ct));
        }).WithSummary("Add an electricity or water meter to a unit {unitId, utility, code}; the code is unique in the park.").ProducesValidationProblem().ProducesProblem(409).ProducesProblem(422);
        api.MapGet("/meters/{id:long}", async Task<Ok<MeterDetail>> (long id, MeteringService s, CancellationToken ct) => TypedResults.Ok(await s.DetailAsync(id, ct)))
            .WithSummary("A meter with its latest readings, monthly use and anomaly flags.");
        api.MapGet("/meters/{id:long}/readings", async Task<Ok<List<ReadingDto>>> (long id, DateTime? from, DateTime? to, MeteringService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ReadingsAsync(id, from, to, ct)))
            .WithSummary("Readings of a meter between from and to (at most 10,000).");
        api.MapPost("/meters/{id:long}/readings", async Task<Ok<ReadingBatchResult>> (long id, ManualReadingInput input, MeteringService s, CancellationToken ct) =>
            TypedResults.Ok(await s.AddReadingAsync(id, input, ct)))
            .WithSummary("Record one reading by hand {at, value}; the same reading again changes nothing, another value for a stored instant is 409.")
            .ProducesProblem(409).ProducesProblem(422);
        api.MapPost("/meter-readings:batch", async Task<Results<Ok<ReadingBatchResult>, ProblemHttpResult>> (ReadingBatch batch, MeteringService s, HttpContext http, IStringLocalizer<Text> t, CancellationToken ct) =>
            {
                try { return TypedResults.Ok(await s.BatchAsync(batch, ct)); }
                catch (ReadingsRefusedException e) { return TypedResults.Problem(Refused(e, http, t)); }
            })
            .WithSummary("Gateway ingestion: up to 10,000 readings [{meterId, at, value}] per call, idempotent on (meter, at). All or nothing: an unknown meter or a bad value is 422, another value for a stored (meter, at) is 409, each with `problems` naming the reading's index, field and rule.")
            .ProducesValidationProblem().ProducesProblem(409).ProducesProblem(422);
        api.MapGet("/parks/{parkId:long}/consumption", async Task<Ok<List<ConsumptionRow>>> (long parkId, string? month, MeteringService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ConsumptionAsync(parkId, month, ct)))
            .WithSummary("Use per enterprise and utility in a month (month=yyyy-MM), as the bill run bills it; an enterprise user sees its own.");
        api.MapGet("/parks/{parkId:long}/meter-anomalies", async Task<Ok<List<AnomalyDto>>> (long parkId, string? month, MeteringService s, CancellationToken ct) =>
            TypedResults.Ok(await s.AnomaliesAsync(parkId, month, ct)))
            .WithSummary("Anomaly flags (counter backwards, spike above 5× the trailing median, zero use by an active tenant) with their evidence.");
        api.MapPost("/parks/{parkId:long}/meter-anomalies:scan", async Task<Ok<MeteringService.ScanResult>> (long parkId, MeteringService.ScanRequest req, MeteringService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ScanAsync(parkId, req, ct)))
            .WithSummary("Apply the anomaly rules to every meter of the park for a month {month}; scanning again changes nothing.");
        api.MapGet("/parks/{parkId:long}/utility-tariffs", async (long parkId, MeteringService s, CancellationToken ct) => TypedResults.Ok(await s.TariffsAsync(parkId, ct)));
        api.MapPost("/parks/{parkId:long}/utility-tariffs", async (long parkId, TariffInput input, MeteringService s, CancellationToken ct) =>
        {
            var v = await s.AddTariffAsync(parkId, input, ct);
            return TypedResults.Created($"/api/v1/parks/{parkId}/utility-tariffs", v);
        }).WithSummary("Add a tariff version {utility, effectiveFrom, unitPrice, classCSurcharge, classDSurcharge} (electricity: 元/kWh added; water: a fraction of the amount; defaults class C +0.10 元/kWh, +15 %).")
            .ProducesValidationProblem().ProducesProblem(409).ProducesProblem(422);
        api.MapGet("/parks/{parkId:long}/late-fee-policies", async (long parkId, MeteringService s, CancellationToken ct) => TypedResults.Ok(await s.LateFeesAsync(parkId, ct)));
        api.MapPost("/parks/{parkId:long}/late-fee-policies", async (long parkId, LateFeeInput input, MeteringService s, CancellationToken ct) =>
        {
            var v = await s.AddLateFeeAsync(parkId, input, ct);
            return TypedResults.Created($"/api/v1/parks/{parkId}/late-fee-policies", v);
        }).WithSummary("Add a late-fee policy version {effectiveFrom, dailyRate, graceDays}: the bill run charges dailyRate × outstanding × overdue days of the previous month.")
            .ProducesValidationProblem().ProducesProblem(409).ProducesProblem(422);
        api.MapPut("/enterprises/{id:long}/mu-class", async (long id, MeteringService.MuClassInput input, MeteringService s, CancellationToken ct) =>
            TypedResults.Ok(new { muClass = await s.SetMuClassAsync(id, input, ct) }))
            .WithSummary("Set an enterprise's 亩均 class {muClass: A|B|C|D|T|null} (until the evaluation area computes it); classes C and D pay the tariff surcharge.")
            .ProducesValidationProblem();
        api.MapGet("/parks/{parkId:long}/bill-runs/progress", async (long parkId, string? month, Platform.Jobs jobs, ParkOps.Web.Data.ParkOpsDb db, CancellationToken ct) =>
            db.Actor.CanOperatePark(parkId) ? Results.Ok(BillRunProgressDto.Of(parkId, month, await jobs.LatestAsync(db, parkId, Platform.JobKinds.BillRun, month, ct))) : Results.NotFound())
            .WithSummary("Progress of the park's running (or last) bill run: {state, done, total}.");

        var upload = app.MapGroup("/api/v1").WithTags("Metering")
            .RequireAuthorization(p => p.AddAuthenticationSchemes(BearerTokenDefaults.AuthenticationScheme).RequireAuthenticatedUser())
            .DisableAntiforgery();
        upload.MapPost("/parks/{parkId:long}/meter-readings:import", async Task<Results<Ok<ReadingImportReport>, ProblemHttpResult>> (long parkId, bool? dryRun, HttpRequest request,
                ReadingImportService s, Enterprises.EnterpriseService ents, IStringLocalizer<Text> t, CancellationToken ct) =>
            {
                await ents.ParkForWriteAsync(parkId, ct);
                if (!request.HasFormContentType) throw TableReader.Refuse(t["Import.FileRequired"]);
                var form = await request.ReadFormAsync(ct);
                var file = form.Files.GetFile("file") ?? throw TableReader.Refuse(t["Import.FileRequired"]);
                if (file.Length > TableReader.MaxBytes) throw TableReader.Refuse(t["Import.FileTooLarge", TableReader.MaxBytes / 1024 / 1024]);
                using var ms = new MemoryStream();
                await file.CopyToAsync(ms, ct);
                var report = await s.ImportAsync(parkId, file.FileName, ms.ToArray(), dryRun ?? false, ct);
                if (report.Valid || (dryRun ?? false)) return TypedResults.Ok(report);
                return TypedResults.Problem(RowsProblem(report, request.HttpContext, t));
            })
            .WithSummary("Import readings from .xlsx or .csv (multipart field `file`; columns 表号, 读数时间, 读数, optional 单位). All or nothing; a file mixing kWh and m³ is refused (ReadingFileMustHaveOneUnit).")
            .ProducesValidationProblem().ProducesProblem(422).WithMetadata(new RequestSizeLimitAttribute(TableReader.MaxBytes + 1024 * 1024));
    }

    public static ProblemDetails Refused(ReadingsRefusedException e, HttpContext http, IStringLocalizer<Text> t)
    {
        var first = e.Problems[0];
        var pd = new ProblemDetails
        {
            Status = e.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity,
            Title = t["Problem.Rule"],
            Detail = t["Metering.BatchRefused", e.Problems.Count, $"readings[{first.Row}].{first.Field}", first.Rule],
            Type = "https://parkops.cn/problems/" + first.Rule,
            Instance = http.Request.Path,
        };
        pd.Extensions["rule"] = first.Rule;
        pd.Extensions["field"] = $"readings[{first.Row}].{first.Field}";
        pd.Extensions["problems"] = e.Problems;
        pd.Extensions["traceId"] = Activity.Current?.Id ?? http.TraceIdentifier;
        return pd;
    }

    public static ProblemDetails RowsProblem(ReadingImportReport report, HttpContext http, IStringLocalizer<Text> t)
    {
        var pd = new ProblemDetails
        {
            Status = StatusCodes.Status422UnprocessableEntity, Title = t["Problem.Rule"], Detail = t["Import.RowsInvalid", report.BadRows, report.Rows],
            Type = "https://parkops.cn/problems/ImportRowsMustBeValid", Instance = http.Request.Path,
        };
        pd.Extensions["rule"] = "ImportRowsMustBeValid";
        pd.Extensions["field"] = "file";
        pd.Extensions["report"] = report;
        pd.Extensions["traceId"] = Activity.Current?.Id ?? http.TraceIdentifier;
        return pd;
    }
}
