using Microsoft.AspNetCore.Http.HttpResults;
using ParkOps.Domain.ParkServices;
using ParkOps.Web.Features.ParkServices.Contracts;
using ParkOps.Web.Platform;

namespace ParkOps.Web.Features.ParkServices;

/// <summary>The operator's paid services (issue 15 §8): price list, orders, and the revenue structure.</summary>
public sealed class ParkServicesModule : IAreaModule
{
    public void AddServices(IServiceCollection services, IConfiguration config) =>
        services.AddScoped<ServiceCatalog>().AddScoped<ServiceOrders>().AddScoped<RevenueReport>()
            .AddScoped<IRevenueStructure>(sp => sp.GetRequiredService<RevenueReport>())
            .AddScoped<IServiceDemoData, ServiceDemo>();

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization().WithTags("ParkServices");
        api.MapGet("/parks/{parkId:long}/services", Services)
            .WithSummary("The park's price list [{id, code, name, category, unit, description, isActive, unitPrice, prices:[{effectiveFrom, unitPrice, setBy, setAt}]}]: unitPrice is the price in force today. The park's operators see every service; anyone else who sees the park the active ones.");
        api.MapPost("/parks/{parkId:long}/services", CreateService)
            .WithSummary("List a service {code, name, category: Agency|Testing|Training|Event|MatchingCommission|PlatformFee|Other, unit, unitPrice, description?, effectiveFrom?, isActive?}: its first price from effectiveFrom (default today). The park's operators; a code is used once per park (409 ServiceCodeTaken).")
            .ProducesProblem(409).ProducesProblem(422);
        api.MapPut("/parks/{parkId:long}/services/{id:long}", UpdateService)
            .WithSummary("Change a service's name, category, unit, description or active flag {name, category, unit, description?, isActive}; the code stays and the price changes by a new version.")
            .ProducesProblem(422);
        api.MapPost("/parks/{parkId:long}/services/{id:long}/prices", SetPrice)
            .WithSummary("A new price from a day on {effectiveFrom, unitPrice} (today or later, 422 ServicePriceDateInPast; a version already in force is never changed, 409 ServicePriceVersionInForce). Orders keep the price in force on their order date.")
            .ProducesProblem(409).ProducesProblem(422);
        api.MapGet("/parks/{parkId:long}/service-orders", Orders)
            .WithSummary("The park's service orders, newest first (state, enterpriseId, month=yyyy-MM to filter): the park's operators all, an enterprise user its own; a government viewer 403 (orders name firms).");
        api.MapPost("/parks/{parkId:long}/service-orders", CreateOrder)
            .WithSummary("Order a listed, active service {serviceId, quantity, note?, enterpriseId?}: an enterprise user for its own enterprise, an operator for an enterprise of the park (enterpriseId required). Priced by the version in force today; amount = unit price × quantity to the 分. 422 ServiceNotOffered naming serviceId for a service the park does not offer or that is inactive; 422 ServiceQuantityInvalid naming quantity. Honours Idempotency-Key.")
            .ProducesProblem(422);
        api.MapGet("/service-orders/{id:long}", Order)
            .WithSummary("One service order: the park's operators and the ordering enterprise.");
        api.MapPost("/service-orders/{id:long}/{action}", Act)
            .WithSummary("Move an order {reason?}: accept | fulfil | cancel | reject (cancel and reject need a reason). Ordered → Accepted → Fulfilled; Ordered/Accepted → Cancelled/Rejected (409 ServiceOrderTransitionNotAllowed otherwise). Fulfil posts one service-fee charge for the enterprise's next bill. The operators; the ordering enterprise may cancel. Honours Idempotency-Key.")
            .ProducesProblem(409).ProducesProblem(422);
        api.MapGet("/parks/{parkId:long}/revenue-structure", Revenue)
            .WithSummary("The operator's billed income for a year (year=, default this year) per month and for the year: rent, property fee, utilities (electricity, water), services (service fees, shared-resource use), other (late fees, adjustments, reserve-fund contributions), each with its amount and share, the service share against the park's target (default 30 %). The park's operators, the platform admin and the park's government viewers (totals only: the operator's income, no firm named); an enterprise user 403.")
            .ProducesProblem(422);
        api.MapPut("/parks/{parkId:long}/revenue-structure/target", SetTarget)
            .WithSummary("Set the park's service-share target {targetPercent} (0–100). The park's operators.")
            .ProducesProblem(422);
    }

    private static async Task<Ok<IReadOnlyList<ServiceDto>>> Services(long parkId, ServiceCatalog s, CancellationToken ct) => TypedResults.Ok(await s.ListAsync(parkId, ct));
    private static async Task<Created<ServiceDto>> CreateService(long parkId, ServiceInput input, ServiceCatalog s, CancellationToken ct)
    {
        var dto = await s.CreateAsync(parkId, input, ct);
        return TypedResults.Created($"/api/v1/parks/{parkId}/services/{dto.Id}", dto);
    }
    private static async Task<Ok<ServiceDto>> UpdateService(long parkId, long id, ServiceUpdateInput input, ServiceCatalog s, CancellationToken ct) =>
        TypedResults.Ok(await s.UpdateAsync(parkId, id, input, ct));
    private static async Task<Ok<ServiceDto>> SetPrice(long parkId, long id, ServicePriceInput input, ServiceCatalog s, CancellationToken ct) =>
        TypedResults.Ok(await s.SetPriceAsync(parkId, id, input, ct));
    private static async Task<Ok<IReadOnlyList<ServiceOrderDto>>> Orders(long parkId, ServiceOrderState? state, long? enterpriseId, string? month, ServiceOrders s, CancellationToken ct) =>
        TypedResults.Ok(await s.ListAsync(parkId, state, enterpriseId, month, ct));
    private static async Task<Created<ServiceOrderDto>> CreateOrder(long parkId, ServiceOrderInput input, ServiceOrders s, CancellationToken ct)
    {
        var dto = await s.CreateAsync(parkId, input, ct);
        return TypedResults.Created($"/api/v1/service-orders/{dto.Id}", dto);
    }
    private static async Task<Ok<ServiceOrderDto>> Order(long id, ServiceOrders s, CancellationToken ct) => TypedResults.Ok(await s.GetAsync(id, ct));
    private static async Task<Ok<ServiceOrderDto>> Act(long id, string action, ServiceOrderActionInput? input, ServiceOrders s, CancellationToken ct) =>
        TypedResults.Ok(await s.ActAsync(id, ServiceOrders.ParseAction(action), input ?? new ServiceOrderActionInput(), ct));
    private static async Task<Ok<RevenueYear>> Revenue(long parkId, int? year, RevenueReport r, ServiceCatalog c, CancellationToken ct) =>
        TypedResults.Ok(await r.YearAsync(parkId, year ?? c.Today.Year, ct));
    private static async Task<Ok<ServiceTargetInput>> SetTarget(long parkId, ServiceTargetInput input, ServiceCatalog s, CancellationToken ct) =>
        TypedResults.Ok(new ServiceTargetInput(await s.SetTargetAsync(parkId, input, ct)));
}
