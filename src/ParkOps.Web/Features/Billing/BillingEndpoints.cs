using Microsoft.AspNetCore.Http.HttpResults;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Features.Billing;

public static class BillingEndpoints
{
    public static IServiceCollection AddBilling(this IServiceCollection services) => services.AddScoped<BillingService>().AddScoped<PaymentService>();

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
        api.MapPost("/bills/{id:long}/payments", async Task<Ok<PaymentResult>> (long id, PaymentInput input, PaymentService s, CancellationToken ct) => TypedResults.Ok(await s.PayAsync(id, input, ct)))
            .WithSummary("Record a payment (full, partial, or more than outstanding: the excess becomes the enterprise's credit; method Credit pays from it).")
            .ProducesValidationProblem().ProducesProblem(409);
        api.MapGet("/bills/{id:long}/payments", async Task<Ok<List<Payment>>> (long id, PaymentService s, CancellationToken ct) => TypedResults.Ok(await s.PaymentsAsync(id, ct)));
        api.MapGet("/parks/{parkId:long}/arrears", async Task<Ok<List<ArrearsRow>>> (long parkId, DateOnly? asOf, PaymentService s, CancellationToken ct) => TypedResults.Ok(await s.ArrearsAsync(parkId, asOf, ct)))
            .WithSummary("Outstanding amounts per enterprise, aged 1–30 / 31–60 / 61–90 / over 90 days past due.");
        api.MapGet("/bills/{id:long}", async Task<Ok<BillDto>> (long id, BillingService s, CancellationToken ct) => TypedResults.Ok(await s.BillAsync(id, ct)))
            .WithSummary("A bill with its lines, each naming its source and the rules applied.");
    }
}
