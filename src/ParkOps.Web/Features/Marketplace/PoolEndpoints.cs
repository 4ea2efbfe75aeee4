using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ParkOps.Web.Features.Marketplace;

/// <summary>Joint procurement pools (联合采购) under /api/v1, next to the marketplace.</summary>
public static class PoolEndpoints
{
    public static IServiceCollection AddPools(this IServiceCollection services) =>
        services.AddScoped<PoolService>().AddSingleton<IValidator<PoolInput>, PoolInputValidator>();

    public static void MapPools(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization().WithTags("Marketplace");
        api.MapGet("/parks/{parkId:long}/pools", async Task<Ok<List<PoolDto>>> (long parkId, PoolService s, CancellationToken ct) => TypedResults.Ok(await s.ListAsync(parkId, ct)))
            .WithSummary("Joint procurement pools of the park (open first), with the total committed and the tier reached so far.");
        api.MapPost("/parks/{parkId:long}/pools", async (long parkId, PoolInput input, PoolService s, CancellationToken ct) =>
        {
            var p = await s.CreateAsync(parkId, input, ct);
            return TypedResults.Created($"/api/v1/pools/{p.Id}", await s.ToDtoAsync(p, ct));
        }).WithSummary("Open a pool (a tenant as its enterprise, or the park's operator): item, spec, unit, listPrice (single buyer), tiers [{minQuantity, unitPrice}] ascending quantities and descending prices, deadline.")
            .ProducesValidationProblem().ProducesProblem(422);
        api.MapGet("/pools/{id:long}", async Task<Ok<PoolDto>> (long id, PoolService s, CancellationToken ct) => TypedResults.Ok(await s.ToDtoAsync(await s.GetAsync(id, ct), ct)))
            .WithSummary("A pool: tiers, total committed, tier reached, next tier; commitments of every member for operators, the caller's own for an enterprise.");
        api.MapPost("/pools/{id:long}/commitments", async Task<Ok<PoolDto>> (long id, CommitmentInput input, PoolService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ToDtoAsync(await s.CommitAsync(id, input, ct), ct)))
            .WithSummary("Commit the caller's enterprise's quantity (replaces its earlier one; 0 withdraws); until the deadline, while open (else 409).")
            .ProducesValidationProblem().ProducesProblem(422).ProducesProblem(409);
        api.MapPost("/pools/{id:long}/close", async Task<Ok<PoolDto>> (long id, CloseInput? input, PoolService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ToDtoAsync(await s.CloseAsync(id, input ?? new CloseInput(null), false, ct), ct)))
            .WithSummary("Close (opener or operator): the tier reached, each member's amount and saving, one purchase order (supplier optional), inbox messages; below the first tier the pool fails.")
            .ProducesProblem(409);
        api.MapPost("/pools/{id:long}/cancel", async Task<Ok<PoolDto>> (long id, PoolService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ToDtoAsync(await s.CloseAsync(id, new CloseInput(null), true, ct), ct)))
            .WithSummary("Cancel an open pool (opener or operator); members are told in their inbox.").ProducesProblem(409);
        api.MapGet("/pools/{id:long}/order", async Task<Ok<PurchaseOrderDto>> (long id, PoolService s, CancellationToken ct) => TypedResults.Ok(await s.OrderAsync(id, ct)))
            .WithSummary("The purchase order of a closed pool: number, supplier, tier price, totals and allocations (an enterprise sees its own, operators all).");
    }
}
