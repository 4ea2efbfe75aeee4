using ParkOps.Web.Platform;
using System.Diagnostics;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using ParkOps.Web.Features.Imports.Contracts;
using ParkOps.Web.Features.Reporting.Contracts;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Reporting;

/// <summary>Quarterly operating reports, the quarter board, files, and the park's submission to the county, under /api/v1.</summary>
public sealed class ReportingModule : IAreaModule
{
    public void AddServices(IServiceCollection services, IConfiguration config) =>
        services.AddScoped<IQuarterlyReports, QuarterlyReportReader>()
            .AddScoped<ReportService>().AddScoped<SubmissionService>().AddScoped<ReportFiles>().AddScoped<Platform.IToDoSource, ReportingToDo>();

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization().WithTags("Reporting");
        api.MapGet("/enterprises/{id:long}/reports", async Task<Ok<List<ReportDto>>> (long id, int? year, int? quarter, ReportService s, CancellationToken ct) =>
                TypedResults.Ok(await s.ListAsync(id, year, quarter, ct)))
            .WithSummary("The enterprise's quarterly reports, newest first (optional ?year=&quarter=), each with its warnings, due date and lateness. The enterprise's users and the park's operators; anyone else who sees the park gets 403 ReportsAreEnterpriseConfidential.");
        api.MapPost("/enterprises/{id:long}/reports", async Task<Ok<ReportDto>> (long id, ReportInput input, ReportService s, CancellationToken ct) =>
                TypedResults.Ok(await s.SaveAsync(id, input, ct)))
            .WithSummary("Save one quarter's report {year, quarter, output, mainRevenue, tax, valueAdded, rdSpend, energyTce, electricityKwh, waterT, emissionsT, avgHeadcount, netProfit, totalAssets, totalLiabilities, patentsHeld, patentsGranted, customers:[{enterpriseId?, name, sharePercent}], difficulties, submit}. Money in 万元. Refused: a quarter not yet ended (ReportQuarterNotEnded), negative figures (ReportFigureMustNotBeNegative), customer shares outside 0–100 or above 100 % together, an in-park customer not of the park, more than 10 customers. Electricity and water come from the park's meters where the units are metered. Tax above revenue, value added above output and jumps beyond ±50 % come back as warnings.")
            .ProducesValidationProblem().ProducesProblem(422).ProducesProblem(409);
        api.MapGet("/parks/{parkId:long}/reports", async Task<Ok<ParkBoardDto>> (long parkId, int? year, int? quarter, ReportService s, CancellationToken ct) =>
                TypedResults.Ok(await s.BoardAsync(parkId, s.QuarterOrLast(year, quarter), ct)))
            .WithSummary("The quarter board (operators): every enterprise of the park with status submitted | late | draft | missing, overdue when past the due date (the 20th of the month after the quarter), and the figures of those that filed. Default: the last ended quarter.");
        api.MapPost("/parks/{parkId:long}/reports/reminders", async Task<Ok<RemindResult>> (long parkId, RemindInput input, ReportService s, CancellationToken ct) =>
                TypedResults.Ok(await s.RemindAsync(parkId, input, ct)))
            .WithSummary("Remind every enterprise that has not submitted the quarter {year, quarter} (missing or draft) through its inbox (operators).")
            .ProducesValidationProblem().ProducesProblem(422);
        api.MapGet("/parks/{parkId:long}/reports/export", async (long parkId, int? year, int? quarter, ReportService s, ReportFiles f, CancellationToken ct) =>
            {
                var (bytes, name) = await f.ExportAsync(parkId, s.QuarterOrLast(year, quarter), ct);
                return TypedResults.File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name);
            })
            .WithSummary("The quarter's submitted reports as .xlsx in the province's quarterly micro-park template (one row per enterprise, Chinese headers; operators).");
        api.MapGet("/parks/{parkId:long}/report-submissions", async Task<Ok<List<SubmissionDto>>> (long parkId, SubmissionService s, CancellationToken ct) =>
                TypedResults.Ok(await s.ListAsync(parkId, ct)))
            .WithSummary("The park's quarterly submissions to the county, newest first, with park-level totals and every step (operators and the region's government viewers).");
        api.MapPost("/parks/{parkId:long}/report-submissions", async Task<Ok<SubmissionDto>> (long parkId, SubmissionInput input, SubmissionService s, CancellationToken ct) =>
                TypedResults.Ok(await s.CompileAsync(parkId, input, ct)))
            .WithSummary("Compile the quarter's submission {year, quarter, submit} from the submitted reports (operators); submit:true sends it to the county. A submitted or approved quarter refuses (409 ReportSubmissionStepRefused); a returned one is compiled and submitted again.")
            .ProducesValidationProblem().ProducesProblem(422).ProducesProblem(409);
        api.MapGet("/report-submissions/{id:long}", async Task<Ok<SubmissionDto>> (long id, SubmissionService s, CancellationToken ct) =>
                TypedResults.Ok(await s.GetAsync(id, ct)))
            .WithSummary("One submission with its steps (operators and the region's government viewers).");
        api.MapPost("/report-submissions/{id:long}/approve", async Task<Ok<SubmissionDto>> (long id, SubmissionService s, CancellationToken ct) =>
                TypedResults.Ok(await s.DecideAsync(id, true, null, ct)))
            .WithSummary("Approve a submitted quarter (a government viewer of the park's region).").ProducesProblem(409);
        api.MapPost("/report-submissions/{id:long}/return", async Task<Ok<SubmissionDto>> (long id, ReturnInput input, SubmissionService s, CancellationToken ct) =>
                TypedResults.Ok(await s.DecideAsync(id, false, input.Reason, ct)))
            .WithSummary("Return a submitted quarter with a reason {reason} (a government viewer of the park's region); the park corrects and submits again.")
            .ProducesProblem(422).ProducesProblem(409);

        // uploads are bearer-token only, like the other imports: no cookie to ride, so no antiforgery token
        var upload = app.MapGroup("/api/v1").WithTags("Reporting")
            .RequireAuthorization(p => p.AddAuthenticationSchemes(BearerTokenDefaults.AuthenticationScheme).RequireAuthenticatedUser())
            .DisableAntiforgery();
        upload.MapPost("/parks/{parkId:long}/reports/import", async Task<Results<Ok<ReportImportReport>, ProblemHttpResult>> (long parkId, int? year, int? quarter, bool? dryRun,
                HttpRequest request, ReportService s, ReportFiles f, ITableFiles files, IStringLocalizer<Text> t, CancellationToken ct) =>
            {
                await f.OperatedRosterAsync(parkId, "OnlyOperatorsImportReports", ct);
                var q = s.QuarterOrLast(year, quarter);
                if (!request.HasFormContentType) throw files.Refuse(t["Import.FileRequired"]);
                var form = await request.ReadFormAsync(ct);
                var file = form.Files.GetFile("file") ?? throw files.Refuse(t["Import.FileRequired"]);
                if (file.Length > files.MaxBytes) throw files.Refuse(t["Import.FileTooLarge", files.MaxBytes / 1024 / 1024]);
                using var ms = new MemoryStream();
                await file.CopyToAsync(ms, ct);
                var report = await f.ImportAsync(parkId, q, file.FileName, ms.ToArray(), dryRun ?? false, ct);
                if (report.Valid || (dryRun ?? false)) return TypedResults.Ok(report);
                return TypedResults.Problem(RowsProblem(report, request.HttpContext, t));
            })
            .WithSummary("Import a quarter's reports (?year=&quarter=&dryRun=) from .xlsx or .csv in the province's template (multipart field `file`; columns 统一社会信用代码, 工业总产值, 营业收入, 实缴税金, 工业增加值 required). All or nothing: any bad row imports nothing and the report names each row, column and rule; a dry run only reports. Rows are saved as submitted.")
            .ProducesValidationProblem().ProducesProblem(422).WithMetadata(new RequestSizeLimitAttribute(11 * 1024 * 1024));
    }

    public static ProblemDetails RowsProblem(ReportImportReport report, HttpContext http, IStringLocalizer<Text> t)
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
