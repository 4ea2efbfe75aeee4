using Microsoft.AspNetCore.Http.HttpResults;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Features.Enterprises.Contracts;

namespace ParkOps.Web.Features.Enterprises;

public static class EnterpriseEndpoints
{
    public static IServiceCollection AddEnterprises(this IServiceCollection services) =>
        services.AddScoped<EnterpriseService>().AddSingleton<FluentValidation.IValidator<EnterpriseInput>, EnterpriseInputValidator>()
            .AddScoped<EnterpriseDirectory>().AddScoped<IEnterpriseDirectory>(sp => sp.GetRequiredService<EnterpriseDirectory>())
            .AddScoped<IEnterpriseGrading>(sp => sp.GetRequiredService<EnterpriseDirectory>())
            .AddScoped<IParkRoster>(sp => sp.GetRequiredService<EnterpriseDirectory>())
            .AddScoped<IEnterpriseIntake, EnterpriseIntake>();

    public static void MapEnterprises(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization().WithTags("Enterprises");
        api.MapGet("/parks/{parkId:long}/enterprises", List).WithSummary("Enterprises of a park, paged, searchable, sortable (sort=name|creditCode|established|employees|status|created, desc=true).");
        api.MapPost("/parks/{parkId:long}/enterprises", Create).WithSummary("Register an enterprise (as applicant); the credit code is checked against GB 32100.")
            .ProducesValidationProblem().ProducesProblem(409).ProducesProblem(403);
        api.MapGet("/enterprises/{id:long}", Get).ProducesProblem(404)
            .WithSummary("One enterprise. A government viewer gets it with detailHidden=true and no legal person, headcount or contacts unless its region's settings allow them.");
        api.MapPut("/enterprises/{id:long}", Update).ProducesValidationProblem().ProducesProblem(404);
        api.MapPut("/enterprises/{id:long}/contribution-score", async (long id, ContributionScoreInput input, EnterpriseService s, CancellationToken ct) =>
        {
            var e = await s.SetContributionScoreAsync(id, input, ct);
            return TypedResults.Ok(new { contributionScore = e.ContributionScore, year = e.ContributionScoreYear, note = e.ContributionScoreNote });
        }).ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404)
            .WithSummary("Set the collaboration contribution score {score (0–100, null clears), year, note} rent prices with until the contribution area publishes scores; operators; audited.");
        api.MapGet("/enterprises/{id:long}/admission", Admission).WithSummary("The admission assessment (suggested outcome with reasons) and past decisions.");
        api.MapPost("/enterprises/{id:long}/admission", Decide).WithSummary("Record an admission decision (Approve | Conditional | Reject) with a comment.");
        api.MapGet("/enterprises/{id:long}/documents", async (long id, EnterpriseService s, CancellationToken ct) => TypedResults.Ok(await s.DocumentsAsync(id, ct)));
        api.MapPost("/enterprises/{id:long}/documents", async (long id, DocumentInput input, EnterpriseService s, CancellationToken ct) =>
            TypedResults.Created($"/api/v1/enterprises/{id}/documents", await s.AddDocumentAsync(id, input, ct)));
        api.MapDelete("/documents/{id:long}", async (long id, EnterpriseService s, CancellationToken ct) => { await s.DeleteDocumentAsync(id, ct); return TypedResults.NoContent(); });
        api.MapGet("/enterprises/{id:long}/exit-cases", async (long id, EnterpriseService s, CancellationToken ct) => TypedResults.Ok(await s.ExitCasesAsync(id, ct)));
        api.MapPost("/enterprises/{id:long}/exit", async (long id, ExitInput input, EnterpriseService s, CancellationToken ct) =>
            TypedResults.Ok(await s.StartExitAsync(id, input, ct))).WithSummary("Start the exit workflow (Zombie | RuleBreach | LeaseEnd | Voluntary).");
        api.MapPost("/exit-cases/{id:long}/complete", async (long id, ExitCompleteInput input, EnterpriseService s, CancellationToken ct) =>
            TypedResults.Ok(await s.CloseExitAsync(id, true, input.Settlement, ct))).WithSummary("Complete the exit: record the settlement and vacate the units.");
        api.MapPost("/exit-cases/{id:long}/cancel", async (long id, EnterpriseService s, CancellationToken ct) =>
            TypedResults.Ok(await s.CloseExitAsync(id, false, null, ct)));
    }

    private static async Task<Ok<Page<EnterpriseDto>>> List(long parkId, string? search, Enterprises.EnterpriseStatus? status, string? stage,
        SizeClass? sizeClass, string? sort, bool? desc, int? page, int? pageSize, EnterpriseService s, CancellationToken ct)
    {
        var p = await s.ListAsync(parkId, new EnterpriseQuery(search, status, stage, sizeClass, sort, desc ?? false, page, pageSize), ct);
        var today = s.Today;
        return TypedResults.Ok(new Page<EnterpriseDto>(p.Items.Select(e => EnterpriseDto.From(e, today, !s.SeesDetail(e))).ToList(), p.Total, p.PageNumber, p.PageSize));
    }

    private static async Task<Created<EnterpriseDto>> Create(long parkId, EnterpriseInput input, EnterpriseService s, CancellationToken ct)
    {
        var e = await s.CreateAsync(parkId, input, ct);
        return TypedResults.Created($"/api/v1/enterprises/{e.Id}", EnterpriseDto.From(e, s.Today));
    }

    private static async Task<Ok<EnterpriseDto>> Get(long id, EnterpriseService s, CancellationToken ct)
    {
        var e = await s.ViewAsync(id, ct);
        return TypedResults.Ok(EnterpriseDto.From(e, s.Today, !s.SeesDetail(e)));
    }

    private static async Task<Ok<EnterpriseDto>> Update(long id, EnterpriseInput input, EnterpriseService s, CancellationToken ct) =>
        TypedResults.Ok(EnterpriseDto.From(await s.UpdateAsync(id, input, ct), s.Today));

    private static async Task<Ok<AdmissionView>> Admission(long id, EnterpriseService s, CancellationToken ct) =>
        TypedResults.Ok(await s.AdmissionAsync(id, ct));

    private static async Task<Ok<AdmissionDecision>> Decide(long id, DecisionInput input, EnterpriseService s, CancellationToken ct) =>
        TypedResults.Ok(await s.DecideAsync(id, input, ct));
}
