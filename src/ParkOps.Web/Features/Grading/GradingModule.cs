using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Microsoft.AspNetCore.OpenApi;
using ParkOps.Web.Platform;

namespace ParkOps.Web.Features.Grading;

/// <summary>Park grading (issue 14 §4, DOMAIN §10): the catalogue, the park's self-assessment with evidence, the county's review, under /api/v1.</summary>
public sealed class GradingModule : IAreaModule
{
    public void AddServices(IServiceCollection services, IConfiguration config) =>
        services.AddScoped<GradingService>().AddScoped<GradingFacts>().AddScoped<Contracts.IGradingDemoData, GradingDemo>()
            .AddScoped<Contracts.IParkGradingStates>(sp => sp.GetRequiredService<GradingService>());

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization().WithTags("Grading");
        api.MapGet("/grading-items", Catalogue)
            .WithSummary("The grading catalogue: the thresholds {a, b, c} and every item {id, code, dimension (the nine Wenzhou dimensions or adjustment), kind: selfScored|rule|adjustment|veto, textZh, textEn, maxPoints, pointsPerCount, ruleCode, active}. Anyone signed in.");
        api.MapPost("/grading-items", CreateItem)
            .WithSummary("Add an item {code (1–16 letters, digits, - or _; unique: 409 GradingItemCodeTaken), dimension (one of the nine, or adjustment), kind (selfScored in a dimension with maxPoints 0.1–100; veto under adjustment with 0 points: 422 GradingItemKindNotAddable otherwise — computed items come with the platform's facts), textZh, textEn, maxPoints} at the end of its dimension (the platform admin; others 403 OnlyAdminEditsGradingItems). 201 with the item.")
            .ProducesValidationProblem().ProducesProblem(403).ProducesProblem(409).ProducesProblem(422);
        api.MapPut("/grading-items/{id:long}", UpdateItem)
            .WithSummary("Edit an item {textZh, textEn, maxPoints, pointsPerCount, active} (the platform admin; others 403 OnlyAdminEditsGradingItems). Dimension items have a maximum of 0–100 and no points per occurrence; adjustments and vetoes the reverse (422 GradingItemPointsInvalid).")
            .ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404).ProducesProblem(422);
        api.MapPut("/grading-items/thresholds", UpdateThresholds)
            .WithSummary("Set the grade thresholds {a, b, c}: A ≥ a, B ≥ b, C ≥ c, else D (the platform admin); 0 ≤ c ≤ b ≤ a (422 GradingThresholdsOrder).")
            .ProducesValidationProblem().ProducesProblem(403).ProducesProblem(422);
        api.MapGet("/parks/{parkId:long}/grading", Get)
            .WithSummary("The park's grading self-assessment of a year (?year=, default this year) with the computed result: dimensions [{dimension, name, points, maxPoints}], base, adjustments, total, grade (A ≥ 90, B ≥ 75, C ≥ 60 by default; a veto forces D), items [{itemId, code, kind, text, maxPoints, points, count, selfPoints, rulePoints, noData, note, reviewedPoints, reviewReason, evidence:[…]}], lost (the items that cost points, with the points lost and why: belowMax|noData|deduction|veto), steps. Rule items read Evaluation's published 亩均 results and Reporting's quarterly submissions; the safety ledger has no data yet. The park's operators and its government viewers; an enterprise user 403 GradingForOperatorsAndGovernment.")
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(422);
        api.MapPut("/parks/{parkId:long}/grading/items", Save)
            .WithSummary("Save the operator's answers {items:[{itemId, points, count, note}]} (?year=): points for self-scored items (0 … max in steps of 0.5, 422 GradingPointsOutOfRange), a count for the declared accident (veto); computed items refuse points (422 GradingItemIsComputed). The park's operators; a submitted or approved assessment 409 GradingStepRefused.")
            .ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);
        api.MapPost("/parks/{parkId:long}/grading/submit", Submit)
            .WithSummary("Submit the year's assessment (?year=) to the county (the park's operators). A self-scored item with points, or a declared accident, without evidence refuses with 422 GradingEvidenceMissing naming the item; a submitted or approved one 409 GradingStepRefused. Submitted, it is read-only for the operator until returned.")
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);
        api.MapPost("/parks/{parkId:long}/grading/review", Review)
            .WithSummary("The county's review of a submitted assessment (?year=): {decision: adjust, itemId, points, reason} changes a dimension item's points with a reason (kept in the steps); {decision: approve} approves (the grade and total are kept); {decision: return, reason} returns it to the operator. A government viewer of the park's region or the platform admin; others 403 OnlyGovernmentReviewsGrading.")
            .ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);
        api.MapGet("/parks/{parkId:long}/grading/evidence/{id:long}", Evidence)
            .WithSummary("An evidence file as uploaded (its content type judged by its bytes). The park's operators and government viewers.")
            .ProducesProblem(403).ProducesProblem(404);
        api.MapDelete("/parks/{parkId:long}/grading/evidence/{id:long}", DeleteEvidence)
            .WithSummary("Remove an evidence file while the assessment may be edited (the park's operators; submitted or approved 409 GradingStepRefused).")
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);

        // uploads are bearer-token only, like the other uploads: no cookie to ride, so no antiforgery token
        var upload = app.MapGroup("/api/v1").WithTags("Grading")
            .RequireAuthorization(p => p.AddAuthenticationSchemes(BearerTokenDefaults.AuthenticationScheme).RequireAuthenticatedUser())
            .DisableAntiforgery();
        upload.MapPost("/parks/{parkId:long}/grading/evidence", AddEvidence)
            .WithSummary("Upload evidence for an item (?year=&itemId=; multipart field `file`): PDF, JPEG, PNG or WebP judged by its bytes, at most 5 MB (422 GradingEvidenceTooLarge / GradingEvidenceType), 10 per item (409 GradingEvidenceTooMany). The park's operators, while the assessment may be edited.")
            .AddOpenApiOperationTransformer(DescribeUpload).ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422)
            .WithMetadata(new RequestSizeLimitAttribute(GradingService.EvidenceMaxBytes + 1024 * 1024));
    }

    private static async Task<Ok<GradingCatalogueDto>> Catalogue(GradingService s, CancellationToken ct) => TypedResults.Ok(await s.CatalogueAsync(ct));

    private static async Task<Created<GradingCatalogueItemDto>> CreateItem(NewGradingItemInput input, GradingService s, CancellationToken ct)
    {
        var item = await s.CreateItemAsync(input, ct);
        return TypedResults.Created($"/api/v1/grading-items/{item.Id}", item);
    }

    private static async Task<Ok<GradingCatalogueItemDto>> UpdateItem(long id, GradingItemInput input, GradingService s, CancellationToken ct) =>
        TypedResults.Ok(await s.UpdateItemAsync(id, input, ct));

    private static async Task<Ok<GradingThresholdsDto>> UpdateThresholds(GradingThresholdsDto input, GradingService s, CancellationToken ct) =>
        TypedResults.Ok(await s.UpdateThresholdsAsync(input, ct));

    private static async Task<Ok<GradingDto>> Get(long parkId, int? year, GradingService s, CancellationToken ct) => TypedResults.Ok(await s.GetAsync(parkId, year, ct));

    private static async Task<Ok<GradingDto>> Save(long parkId, int? year, GradingSaveInput input, GradingService s, CancellationToken ct) =>
        TypedResults.Ok(await s.SaveAsync(parkId, year, input, ct));

    private static async Task<Ok<GradingDto>> Submit(long parkId, int? year, GradingService s, CancellationToken ct) => TypedResults.Ok(await s.SubmitAsync(parkId, year, ct));

    private static async Task<Ok<GradingDto>> Review(long parkId, int? year, GradingReviewInput input, GradingService s, CancellationToken ct) =>
        TypedResults.Ok(await s.ReviewAsync(parkId, year, input, ct));

    private static async Task<FileContentHttpResult> Evidence(long parkId, long id, GradingService s, CancellationToken ct)
    {
        var e = await s.EvidenceFileAsync(parkId, id, ct);
        return TypedResults.File(e.Data, e.ContentType, e.FileName);
    }

    private static async Task<NoContent> DeleteEvidence(long parkId, long id, GradingService s, CancellationToken ct)
    {
        await s.DeleteEvidenceAsync(parkId, id, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Created<GradingEvidenceDto>> AddEvidence(long parkId, int? year, long? itemId, HttpRequest request, GradingService s,
        Microsoft.Extensions.Localization.IStringLocalizer<Resources.Text> t, CancellationToken ct)
    {
        await s.RequireOperatorAsync(parkId, ct);
        var (bytes, name) = await ReadFileAsync(request, t, ct);
        var e = await s.AddEvidenceAsync(parkId, year, itemId ?? 0, name, bytes, ct);
        return TypedResults.Created(e.Url, e);
    }

    public static async Task<(byte[] Bytes, string? Name)> ReadFileAsync(HttpRequest request, Microsoft.Extensions.Localization.IStringLocalizer<Resources.Text> t, CancellationToken ct)
    {
        if (!request.HasFormContentType)
            throw new FluentValidation.ValidationException([new FluentValidation.Results.ValidationFailure("file", t["Val.Required"])]);
        var form = await request.ReadFormAsync(ct);
        var file = form.Files.GetFile("file") ?? throw new FluentValidation.ValidationException([new FluentValidation.Results.ValidationFailure("file", t["Val.Required"])]);
        if (file.Length > GradingService.EvidenceMaxBytes)
            throw new ParkOps.Domain.Rules.DomainRuleException("GradingEvidenceTooLarge", "file", "文件超过大小上限") { Arguments = [GradingService.EvidenceMaxBytes / 1024 / 1024] };
        using var ms = new MemoryStream();
        await file.CopyToAsync(ms, ct);
        return (ms.ToArray(), file.FileName);
    }

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
                        Properties = new Dictionary<string, IOpenApiSchema> { ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
                        Required = new HashSet<string> { "file" },
                    },
                },
            },
        };
        return Task.CompletedTask;
    }
}
