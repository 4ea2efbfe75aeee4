using ParkOps.Web.Platform;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ParkOps.Web.Features.Evaluation;

public sealed class EvaluationModule : IAreaModule
{
    public void AddServices(IServiceCollection services, IConfiguration config) => services.AddScoped<MujunService>().AddScoped<Contracts.IMujunEvaluation>(sp => sp.GetRequiredService<MujunService>());

    public IEnumerable<System.CommandLine.Command> Commands() => EvaluationCli.Commands();

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization().WithTags("Evaluation");
        api.MapGet("/parks/{parkId:long}/mujun", async Task<Ok<List<MujunParkRow>>> (long parkId, int? year, MujunService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ParkResultAsync(parkId, year, ct)))
            .WithSummary("The park's latest published 亩均 result of a year: [{enterpriseId, score, class, terms:[{indicator, value, benchmark, weight, points}]}]. Operators see every term; a government viewer class and score without terms; an enterprise user is refused (403).")
            .ProducesProblem(403).ProducesValidationProblem();
        api.MapGet("/parks/{parkId:long}/mujun/runs", async Task<Ok<List<MujunRunSummary>>> (long parkId, int? year, MujunService s, CancellationToken ct) =>
            TypedResults.Ok(await s.RunsAsync(parkId, year, ct)))
            .WithSummary("The park's 亩均 runs (drafts and published versions), newest first; operators.");
        api.MapPost("/parks/{parkId:long}/mujun/runs", async (long parkId, MujunRunInput input, MujunService s, CancellationToken ct) =>
        {
            var run = await s.RunAsync(parkId, input, ct);
            return TypedResults.Created($"/api/v1/parks/{parkId}/mujun/runs/{run.Id}", run);
        }).WithSummary("Compute a draft for a year that has ended {year}: the four quarterly reports summed (headcount averaged), allocated land, years in production, utilities (GB/T 4754 D44–46) as T; firms missing a report are listed with the reason.")
            .ProducesProblem(403).ProducesProblem(422).ProducesValidationProblem();
        api.MapGet("/parks/{parkId:long}/mujun/runs/{id:long}", async Task<Ok<MujunRunDto>> (long parkId, long id, MujunService s, CancellationToken ct) =>
            TypedResults.Ok(await s.RunAsync(parkId, id, ct)))
            .WithSummary("One run with every result, the class counts, the firms left out and the settings it used; operators.");
        api.MapPost("/parks/{parkId:long}/mujun/runs/{id:long}/publish", async Task<Ok<MujunRunDto>> (long parkId, long id, MujunService s, CancellationToken ct) =>
            TypedResults.Ok(await s.PublishAsync(parkId, id, ct)))
            .WithSummary("Publish a draft as the next version (immutable); sets each evaluated enterprise's class (billing's surcharges) and support plan. A published run again is 409.")
            .ProducesProblem(403).ProducesProblem(409);
        api.MapGet("/enterprises/{id:long}/mujun", async Task<Ok<MujunEnterpriseResult>> (long id, int? year, MujunService s, CancellationToken ct) =>
            TypedResults.Ok(await s.EnterpriseResultAsync(id, year, ct)))
            .WithSummary("The enterprise's own published result of a year: every term with its benchmark, the class, the support plan, and what would lift it a class (points lacking; per indicator the value that alone closes the gap, within the cap).")
            .ProducesProblem(404).ProducesValidationProblem();
        api.MapGet("/regions/{regionId:long}/mujun-settings", async Task<Ok<MujunSettingsDto>> (long regionId, int? year, MujunService s, CancellationToken ct) =>
            TypedResults.Ok(await s.SettingsAsync(regionId, year, ct)))
            .WithSummary("The 亩均 settings of a region and year (DOMAIN §7's 2022 values until the admin sets them); operators, government viewers, the admin.");
        api.MapPut("/regions/{regionId:long}/mujun-settings", async Task<Ok<MujunSettingsDto>> (long regionId, int? year, MujunSettingsInput input, MujunService s, CancellationToken ct) =>
            TypedResults.Ok(await s.SaveSettingsAsync(regionId, year, input, ct)))
            .WithSummary("Set a region's settings for a year as a new version {indicators:[{indicator, weight, benchmark}], capFactor, shareA, shareB, shareC, minYearsInProduction, excludeUtilities, combinedParcel}; platform admin.")
            .ProducesProblem(403).ProducesProblem(422).ProducesValidationProblem();
    }
}
