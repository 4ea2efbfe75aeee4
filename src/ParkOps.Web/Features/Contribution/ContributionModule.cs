using Microsoft.AspNetCore.Http.HttpResults;
using ParkOps.Web.Platform;

namespace ParkOps.Web.Features.Contribution;

/// <summary>The Contribution area (issue 14 §1–2): contribution records, scores per park and year, and the tax rebate.</summary>
public sealed class ContributionModule : IAreaModule
{
    public void AddServices(IServiceCollection services, IConfiguration config) =>
        services.AddScoped<ContributionAggregator>().AddScoped<ContributionService>().AddScoped<RebateService>().AddScoped<RetainedTaxFile>().AddScoped<EnterpriseContribution>()
            .AddScoped<Contracts.IContributionBenefits, ContributionBenefits>();

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization().WithTags("Contribution");
        api.MapGet("/parks/{parkId:long}/contribution-scores", async Task<Ok<List<ContributionScoreRow>>> (long parkId, int? year, ContributionService s, CancellationToken ct) =>
            TypedResults.Ok((await s.PublishedScoresAsync(parkId, year, ct)).Rows))
            .WithSummary("The park's latest published contribution scores of a year: [{enterpriseId, score, breakdown:[{indicator, value, parkMax, normalised, weight, points, evidence:[{source, id, on, text, counted}]}]}]. Operators see every row; an enterprise user only its own; a government viewer every score and its points without values and records unless its region allows enterprise detail. A year without a published version is 404.")
            .ProducesProblem(404).ProducesValidationProblem();
        api.MapGet("/parks/{parkId:long}/contribution/runs", async Task<Ok<List<ContributionRunSummary>>> (long parkId, int? year, ContributionService s, CancellationToken ct) =>
            TypedResults.Ok(await s.RunsAsync(parkId, year, ct)))
            .WithSummary("The park's contribution runs (drafts and published versions), newest first; operators.").ProducesProblem(403);
        api.MapPost("/parks/{parkId:long}/contribution/runs", async (long parkId, ContributionRunInput input, ContributionService s, CancellationToken ct) =>
        {
            var run = await s.ComputeAsync(parkId, input, ct);
            return TypedResults.Created($"/api/v1/parks/{parkId}/contribution/runs/{run.Id}", run);
        }).WithSummary("Compute a draft of the year's scores {year} from the platform's records (collaborations, equipment lent, technology posts solved, the contribution records, active days) with the park's settings; operators. The answer has every score and its terms with empty evidence: the records behind them come with GET …/runs/{id}.")
            .ProducesProblem(403).ProducesProblem(422).ProducesValidationProblem();
        api.MapGet("/parks/{parkId:long}/contribution/runs/{id:long}", async Task<Ok<ContributionRunDto>> (long parkId, long id, ContributionService s, CancellationToken ct) =>
            TypedResults.Ok(await s.RunAsync(parkId, id, ct)))
            .WithSummary("One contribution run with every score, breakdown and record (read again as the run read them: the records up to its marks, the collaborations and order parts it counted), and the settings it used; operators.").ProducesProblem(403).ProducesProblem(404);
        api.MapPost("/parks/{parkId:long}/contribution/runs/{id:long}/publish", async Task<Ok<ContributionRunDto>> (long parkId, long id, ContributionService s, CancellationToken ct) =>
            TypedResults.Ok(await s.PublishAsync(parkId, id, ct)))
            .WithSummary("Publish a draft as the next version (immutable); each enterprise's published score becomes the one its rent contribution discount uses (set-wise, one audit row per park naming the firms changed; a later year's score stays). The answer has every score and its terms with empty evidence. A published run again is 409.")
            .ProducesProblem(403).ProducesProblem(409);
        api.MapGet("/parks/{parkId:long}/contribution/settings", async Task<Ok<ContributionSettingsDto>> (long parkId, ContributionService s, CancellationToken ct) =>
            TypedResults.Ok(await s.SettingsAsync(parkId, ct)))
            .WithSummary("The park's contribution settings: weights (30/25/20/15/10 by default) and points per record kind (defaults in the user guide).");
        api.MapPut("/parks/{parkId:long}/contribution/settings", async Task<Ok<ContributionSettingsDto>> (long parkId, ContributionSettingsInput input, ContributionService s, CancellationToken ct) =>
            TypedResults.Ok(await s.SaveSettingsAsync(parkId, input, ct)))
            .WithSummary("Set the park's settings as a new version {weights:[5 numbers adding up to 1], points:{equipmentHour, equipmentLoan, techPostSolved, jointRdProject, referral, transfer, trainingHoursPerPoint, activeDay, eventAttended, drillAttended, committeeRole}}; operators.")
            .ProducesProblem(403).ProducesProblem(422).ProducesValidationProblem();
        api.MapGet("/parks/{parkId:long}/contribution/records", async Task<Ok<List<ContributionRecordDto>>> (long parkId, int? year, ContributionService s, CancellationToken ct) =>
            TypedResults.Ok(await s.RecordsAsync(parkId, year, ct)))
            .WithSummary("The contribution records of a year (events and drills attended, committee roles, joint R&D projects, referrals, in-park transfers, trainings given): operators all, an enterprise its own.")
            .ProducesValidationProblem();
        api.MapPost("/parks/{parkId:long}/contribution/records", async Task<Ok<List<ContributionRecordDto>>> (long parkId, ContributionRecordsInput input, ContributionService s, CancellationToken ct) =>
            TypedResults.Ok(await s.AddRecordsAsync(parkId, input, ct)))
            .WithSummary("Record or import records {rows:[{enterpriseId, kind: EventAttended|DrillAttended|CommitteeRole|JointRdProject|TalentReferral|InParkTransfer|TrainingGiven, occurredOn, title, hours (TrainingGiven)}]}: all rows or none, each problem named rows[i].field; operators.")
            .ProducesProblem(403).ProducesValidationProblem();
        api.MapGet("/parks/{parkId:long}/retained-taxes", async Task<Ok<List<RetainedTaxDto>>> (long parkId, int? year, RebateService s, CancellationToken ct) =>
            TypedResults.Ok(await s.TaxesAsync(parkId, year, ct)))
            .WithSummary("The imported local retained tax (地方留存, 元) of a year: operators every firm's, an enterprise its own.").ProducesValidationProblem();
        api.MapPost("/parks/{parkId:long}/retained-taxes", async Task<Ok<List<RetainedTaxDto>>> (long parkId, RetainedTaxImport input, RebateService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ImportTaxAsync(parkId, input, ct)))
            .WithSummary("Import the year's local retained tax {year, rows:[{enterpriseId, amount}]} (元, to the 分; replaces the listed firms' figures of that year): an enterprise not in the park or a negative amount is 400 naming rows[i].field, and nothing is written; operators.")
            .ProducesProblem(403).ProducesValidationProblem();
        // an upload is bearer-token only, like the other imports: no cookie to ride, so no antiforgery token
        app.MapGroup("/api/v1").WithTags("Contribution")
            .RequireAuthorization(p => p.AddAuthenticationSchemes(Microsoft.AspNetCore.Authentication.BearerToken.BearerTokenDefaults.AuthenticationScheme).RequireAuthenticatedUser())
            .DisableAntiforgery()
            .MapPost("/parks/{parkId:long}/retained-taxes/import", ImportRetainedTaxFileAsync)
            .WithSummary("Import the year's local retained tax (?year=) from the tax office's .xlsx or .csv (multipart field `file`; columns 统一社会信用代码 and 地方留存税收（元）, 企业名称 optional). All or nothing: each bad cell is named by row and column (a code not of the park, a firm twice, an amount missing, unreadable, negative or finer than the 分) in a 400 on `file`, and nothing is written; operators.")
            .ProducesProblem(403).ProducesValidationProblem().WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(11 * 1024 * 1024));
        api.MapGet("/parks/{parkId:long}/rebates", async Task<Ok<RebateDto>> (long parkId, int? year, RebateService s, CancellationToken ct) =>
            TypedResults.Ok(await s.PublishedAsync(parkId, year, ct)))
            .WithSummary("The latest published tax rebate of a year: {pool, totalTax, scoreVersion, allocations:[{enterpriseId, amount, score, retainedTax, proRataPart, scoreShare, exact, extraFen}]} in 元 to the 分; the allocations add up to the pool. Operators see every allocation, an enterprise its own, a government viewer the pool only unless its region allows enterprise detail. 404 when none is published.")
            .ProducesProblem(404).ProducesValidationProblem();
        api.MapPost("/parks/{parkId:long}/rebates/runs", async (long parkId, RebateRunInput input, RebateService s, CancellationToken ct) =>
        {
            var run = await s.ComputeAsync(parkId, input, ct);
            return TypedResults.Created($"/api/v1/parks/{parkId}/rebates/runs/{run.RunId}", run);
        }).WithSummary("Compute a draft rebate {year} from the year's latest published scores and the imported retained tax (pool = 50 % of Σ retained tax to the 分; 70 % back pro rata to tax, 30 % by score; the last 分 to the largest remainders); 422 when no score is published; operators.")
            .ProducesProblem(403).ProducesProblem(422).ProducesValidationProblem();
        api.MapGet("/parks/{parkId:long}/rebates/runs/{id:long}", async Task<Ok<RebateDto>> (long parkId, long id, RebateService s, CancellationToken ct) =>
            TypedResults.Ok(await s.RunAsync(parkId, id, ct)))
            .WithSummary("One rebate run (draft or published) with every allocation; operators.").ProducesProblem(403).ProducesProblem(404);
        api.MapPost("/parks/{parkId:long}/rebates/runs/{id:long}/publish", async Task<Ok<RebateDto>> (long parkId, long id, RebateService s, CancellationToken ct) =>
            TypedResults.Ok(await s.PublishAsync(parkId, id, ct)))
            .WithSummary("Publish a draft rebate as the next version (immutable, naming the score version it used); a published run again is 409; operators.")
            .ProducesProblem(403).ProducesProblem(409);
        api.MapGet("/enterprises/{id:long}/contribution", async Task<Ok<EnterpriseContributionDto>> (long id, int? year, EnterpriseContribution s, CancellationToken ct) =>
            TypedResults.Ok(await s.OfAsync(id, year, ct)))
            .WithSummary("The enterprise's own published score of a year (latest year without one) with each indicator's records, and its rebate once published.")
            .ProducesProblem(404).ProducesValidationProblem();
    }

    private static async Task<Ok<List<RetainedTaxDto>>> ImportRetainedTaxFileAsync(long parkId, int? year, HttpRequest request, RetainedTaxFile taxes, ContributionService scores,
        ParkOps.Web.Features.Imports.Contracts.ITableFiles files, Microsoft.Extensions.Localization.IStringLocalizer<ParkOps.Web.Resources.Text> t, CancellationToken ct)
    {
        await scores.CheckOperatorAsync(parkId, ct);
        if (!request.HasFormContentType) throw files.Refuse(t["Import.FileRequired"]);
        var form = await request.ReadFormAsync(ct);
        var file = form.Files.GetFile("file") ?? throw files.Refuse(t["Import.FileRequired"]);
        if (file.Length > files.MaxBytes) throw files.Refuse(t["Import.FileTooLarge", files.MaxBytes / 1024 / 1024]);
        using var ms = new MemoryStream();
        await file.CopyToAsync(ms, ct);
        return TypedResults.Ok(await taxes.ImportAsync(parkId, year, file.FileName, ms.ToArray(), ct));
    }
}
