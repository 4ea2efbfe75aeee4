using Microsoft.AspNetCore.Http.HttpResults;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Features.Billing;

public static class BillingEndpoints
{
    public static IServiceCollection AddBilling(this IServiceCollection services) => services.AddScoped<BillingService>();

    public static void MapBilling(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization().WithTags("Billing");
        api.MapPost("/parks/{parkId:long}/bill-runs", async Task<Ok<BillRunResult>> (long parkId, BillRunRequest req, BillingService s, CancellationToken ct) =>
            TypedResults.Ok(await s.RunAsync(parkId, req, ct)))
            .WithSummary("Run the monthly billing {\"month\":\"yyyy-MM\"}: one bill per enterprise; all or nothing; running a month again creates only what is missing.")
            .ProducesValidationProblem().ProducesProblem(422);
        api.MapGet("/parks/{parkId:long}/bill-runs", async Task<Ok<List<BillRunResult>>> (long parkId, BillingService s, CancellationToken ct) => TypedResults.Ok(await s.RunsAsync(parkId, ct)));
        api.MapGet("/parks/{parkId:long}/bills", async Task<Ok<Page<BillDto>>> (long parkId, string? month, long? enterpriseId, BillState? state, int? page, int? pageSize, BillingService s, CancellationToken ct) =>
            TypedResults.Ok(await s.BillsAsync(parkId, month, enterpriseId, state, page, pageSize, ct)))
            .WithSummary("Bills of a park (month=yyyy-MM); an enterprise user sees only its own.");
        api.MapGet("/bills/{id:long}", async Task<Ok<BillDto>> (long id, BillingService s, CancellationToken ct) => TypedResults.Ok(await s.BillAsync(id, ct)))
            .WithSummary("A bill with its lines, each naming its source and the rules applied.");
    }
}
