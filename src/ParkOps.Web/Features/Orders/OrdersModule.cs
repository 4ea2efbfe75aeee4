using Microsoft.AspNetCore.Http.HttpResults;
using ParkOps.Domain.Orders;
using ParkOps.Web.Platform;

namespace ParkOps.Web.Features.Orders;

/// <summary>The Orders area (issue 14 §2): unified orders (统一接单) taken by the park's operator and split across its enterprises.</summary>
public sealed class OrdersModule : IAreaModule
{
    public void AddServices(IServiceCollection services, IConfiguration config) =>
        services.AddScoped<UnifiedOrders>().AddScoped<Contracts.IUnifiedOrderDemoData, UnifiedOrderDemo>()
            .AddScoped<Contracts.IUnifiedOrderRecords, UnifiedOrderRecords>().AddScoped<IToDoSource, OrdersToDo>();

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization().WithTags("Orders");
        api.MapGet("/parks/{parkId:long}/unified-orders", List)
            .WithSummary("The park's unified orders, newest first (state= to filter): the park's operators every order with its parts' count and the share split so far; an enterprise user the orders it has an offered part in, with its part's state and revenue; a government viewer 403 (orders name firms).");
        api.MapPost("/parks/{parkId:long}/unified-orders", Create)
            .WithSummary("Record an order taken from an outside customer {customerName, customerContact, product, quantity, unit, amount (元, to the 分), dueOn, feePercent? (brand/platform fee, % of the order, default 3)}. The park's operators; a draft to split.")
            .ProducesProblem(422);
        api.MapGet("/parks/{parkId:long}/unified-order-settings", Settings)
            .WithSummary("The park's default brand/platform fee rate for new orders {defaultFeePercent, isDefault (never set: the platform's 3 %), updatedBy, updatedAt}. The park's operators.")
            .ProducesProblem(403).ProducesProblem(404);
        api.MapPut("/parks/{parkId:long}/unified-order-settings", SaveSettings)
            .WithSummary("Set the park's default fee rate {defaultFeePercent: 0–100 in hundredths (422 UnifiedOrderFeeInvalid)}: a new order without feePercent takes it; orders already recorded keep theirs. The park's operators.")
            .ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404).ProducesProblem(422);
        api.MapGet("/unified-orders/{id:long}", Get)
            .WithSummary("One unified order with its parts: the park's operators every part; an enterprise user its own part only (404 when it has none, or the order is still a draft).");
        api.MapGet("/unified-orders/{id:long}/suggestions", Suggestions)
            .WithSummary("Enterprises of the park able to do the order's product (top=, default 10, at most 50), ranked by the marketplace's matching engine from their open offers, one per enterprise, with score, grade and reasons. The park's operators.")
            .ProducesProblem(422);
        api.MapPut("/unified-orders/{id:long}/parts", Split)
            .WithSummary("Split a draft across the park's enterprises {parts:[{enterpriseId, work, quantity, sharePercent, amount?}]} (amount left out = order amount × share, to the 分). Replaces the draft's parts. The shares add up to at most 100 % (422 UnifiedOrderSharesAbove100 naming parts[i].sharePercent), the amounts to at most the order's; nothing is written when any part is refused. 409 UnifiedOrderSplitLocked after allocation (reopen first).")
            .ProducesProblem(409).ProducesProblem(422);
        api.MapPost("/unified-orders/{id:long}/parts/{partId:long}/accept", Accept)
            .WithSummary("The part's enterprise accepts its part (an allocated order, a part still offered; 409 otherwise). That enterprise's users only.")
            .ProducesProblem(409);
        api.MapPost("/unified-orders/{id:long}/parts/{partId:long}/decline", Decline)
            .WithSummary("The part's enterprise declines its part {reason} (reason required). That enterprise's users only.")
            .ProducesProblem(409).ProducesProblem(422);
        api.MapPost("/unified-orders/{id:long}/parts/{partId:long}/delivery", Delivery)
            .WithSummary("Record an accepted part's delivery {deliveredQuantity (0 to the part's quantity), acceptedByCustomer, deliveryNote?} while the order is in production; recorded again, it replaces the last. The park's operators.")
            .ProducesProblem(409).ProducesProblem(422);
        api.MapPost("/unified-orders/{id:long}/payment", Payment)
            .WithSummary("Record the customer's payment {amount (元, > 0, at most the order's amount), receivedOn? (default today)} once, on a delivered order (409 UnifiedOrderAlreadyPaid after). The park's operators. Honours Idempotency-Key.")
            .ProducesProblem(409).ProducesProblem(422);
        api.MapPost("/unified-orders/{id:long}/settle", Settle)
            .WithSummary("Settle a delivered, paid order once: the platform fee = order amount × fee rate, half up to the 分 (at most what was received), to the operator; the rest shared by fulfilled amount (part amount × delivered ÷ ordered, counted when the customer accepted the delivery), floored to the 分 with the remaining 分 to the largest remainders (ties: enterprise id ascending), so fee + shares = the payment exactly. 409 when not paid or already settled. The park's operators. Honours Idempotency-Key.")
            .ProducesProblem(409);
        api.MapGet("/unified-orders/{id:long}/statement", Statement)
            .WithSummary("A settled order's statement {received, platformFee, distributable, explanation, parts:[{fulfilledAmount, feeBorne, revenue, explanation}]}: the operators every part, an enterprise user its own. 409 UnifiedOrderNotSettled before settling.")
            .ProducesProblem(409);
        api.MapPost("/unified-orders/{id:long}/{action}", Act)
            .WithSummary("Move the order {reason?}: allocate (Draft → Allocated: offers each part to its enterprise) | reopen (Allocated → Draft, to split again) | start (Allocated → InProduction: no part waiting, one accepted at least) | deliver (InProduction → Delivered: every accepted part's delivery recorded) | cancel (Draft/Allocated/InProduction → Cancelled, reason required). 409 UnifiedOrderTransitionNotAllowed otherwise. The park's operators.")
            .ProducesProblem(409).ProducesProblem(422);
    }

    private static async Task<Ok<IReadOnlyList<UnifiedOrderRow>>> List(long parkId, UnifiedOrderState? state, UnifiedOrders s, CancellationToken ct) =>
        TypedResults.Ok(await s.ListAsync(parkId, state, ct));
    private static async Task<Created<UnifiedOrderDto>> Create(long parkId, UnifiedOrderInput input, UnifiedOrders s, CancellationToken ct)
    {
        var dto = await s.CreateAsync(parkId, input, ct);
        return TypedResults.Created($"/api/v1/unified-orders/{dto.Id}", dto);
    }
    private static async Task<Ok<UnifiedOrderSettingsDto>> Settings(long parkId, UnifiedOrders s, CancellationToken ct) => TypedResults.Ok(await s.SettingsAsync(parkId, ct));

    private static async Task<Ok<UnifiedOrderSettingsDto>> SaveSettings(long parkId, UnifiedOrderSettingsInput input, UnifiedOrders s, CancellationToken ct) =>
        TypedResults.Ok(await s.SaveSettingsAsync(parkId, input, ct));

    private static async Task<Ok<UnifiedOrderDto>> Get(long id, UnifiedOrders s, CancellationToken ct) => TypedResults.Ok(await s.GetAsync(id, ct));
    private static async Task<Ok<IReadOnlyList<PartSuggestionDto>>> Suggestions(long id, int? top, UnifiedOrders s, CancellationToken ct) =>
        TypedResults.Ok(await s.SuggestionsAsync(id, top ?? 10, ct));
    private static async Task<Ok<UnifiedOrderDto>> Split(long id, UnifiedOrderSplitInput input, UnifiedOrders s, CancellationToken ct) => TypedResults.Ok(await s.SplitAsync(id, input, ct));
    private static async Task<Ok<UnifiedOrderDto>> Accept(long id, long partId, UnifiedOrders s, CancellationToken ct) =>
        TypedResults.Ok(await s.AnswerAsync(id, partId, true, new UnifiedOrderReasonInput(), ct));
    private static async Task<Ok<UnifiedOrderDto>> Decline(long id, long partId, UnifiedOrderReasonInput input, UnifiedOrders s, CancellationToken ct) =>
        TypedResults.Ok(await s.AnswerAsync(id, partId, false, input, ct));
    private static async Task<Ok<UnifiedOrderDto>> Delivery(long id, long partId, UnifiedOrderDeliveryInput input, UnifiedOrders s, CancellationToken ct) =>
        TypedResults.Ok(await s.DeliveryAsync(id, partId, input, ct));
    private static async Task<Ok<UnifiedOrderDto>> Payment(long id, UnifiedOrderPaymentInput input, UnifiedOrders s, CancellationToken ct) => TypedResults.Ok(await s.PaymentAsync(id, input, ct));
    private static async Task<Ok<UnifiedOrderDto>> Settle(long id, UnifiedOrders s, CancellationToken ct) => TypedResults.Ok(await s.SettleAsync(id, ct));
    private static async Task<Ok<UnifiedOrderStatementDto>> Statement(long id, UnifiedOrders s, CancellationToken ct) => TypedResults.Ok(await s.StatementAsync(id, ct));
    private static async Task<Ok<UnifiedOrderDto>> Act(long id, string action, UnifiedOrderReasonInput? input, UnifiedOrders s, CancellationToken ct) =>
        TypedResults.Ok(await s.ActAsync(id, UnifiedOrders.ParseAction(action), input ?? new UnifiedOrderReasonInput(), ct));
}
