using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Orders;
using ParkOps.Domain.Rules;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Enterprises.Contracts;
using ParkOps.Web.Features.Marketplace.Contracts;
using ParkOps.Web.Features.Notifications.Contracts;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Platform;

namespace ParkOps.Web.Features.Orders;

/// <summary>
/// Unified orders (统一接单, issue 14 §2): the operator records an outside customer's order, splits it across the park's
/// enterprises (suggestions from Marketplace's matching engine through <see cref="IEnterpriseRanking"/>), each enterprise
/// accepts or declines its part, the operator records deliveries and the customer's payment and settles: the platform
/// fee to the operator, the rest by fulfilled share (<see cref="UnifiedOrderSettlement"/>). Every write that changes an
/// order locks its row and reads it again in one transaction, so of racing requests one pays or settles and the rest
/// are refused. Enterprise users see only their own parts (the parts' query filter) and orders they have a part in.
/// </summary>
public sealed class UnifiedOrders(ParkOpsDb db, ParkGate gate, IEnterpriseDirectory directory, IEnterpriseRanking ranking, INotices notices, TimeProvider clock)
{
    public const string NoticeKind = "UnifiedOrderPartOffered", LinkPrefix = "/my/unified-orders/";

    private ActorScope Actor => db.Actor;

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Time.Shanghai).DateTime);

    /// <summary>A console form's submission runs once (a double click pays or settles nothing more).</summary>
    public Task<bool> RunOnceAsync(string? key, string request, Func<Task> work, CancellationToken ct) =>
        IdempotencyMiddleware.RunOnceAsync(db, Actor.UserId ?? 0, key ?? Guid.NewGuid().ToString("N"), request, clock.GetUtcNow().UtcDateTime, work, ct);

    public bool Operates(long parkId) => Actor.CanOperatePark(parkId);

    // ---- reading ----

    /// <summary>
    /// The park's orders, newest first: the operators every order; an enterprise user the orders it has a part in that
    /// were offered (not drafts), with its own part's state and revenue. A government viewer is refused (orders name firms).
    /// </summary>
    public async Task<IReadOnlyList<UnifiedOrderRow>> ListAsync(long parkId, UnifiedOrderState? state, CancellationToken ct)
    {
        await gate.RequireSeesAsync(parkId, ct);
        var operates = Actor.CanOperatePark(parkId);
        if (!operates && !Actor.Enterprises.Any(e => e.ParkId == parkId)) throw new ForbiddenException("UnifiedOrdersAreForOperatorsAndEnterprises");
        var q = db.Set<UnifiedOrder>().AsNoTracking().Where(o => o.ParkId == parkId);
        if (state is { } s) q = q.Where(o => o.State == s);
        var parts = db.Set<UnifiedOrderPart>().AsNoTracking();
        if (!operates)
        {
            var mine = Actor.EnterpriseIds.ToList();
            q = q.Where(o => o.State != UnifiedOrderState.Draft && parts.Any(p => p.OrderId == o.Id && mine.Contains(p.EnterpriseId)));
        }
        var orders = await q.OrderByDescending(o => o.Id).Take(500).ToListAsync(ct);
        var ids = orders.Select(o => o.Id).ToList();
        // the parts the caller sees (the filter keeps an enterprise user to its own), summed in memory
        var seen = await parts.Where(p => ids.Contains(p.OrderId)).Select(p => new { p.OrderId, p.EnterpriseId, p.SharePercent, p.State, p.Revenue }).ToListAsync(ct);
        var byOrder = seen.ToLookup(p => p.OrderId);
        return orders.Select(o =>
        {
            var mine = operates ? null : byOrder[o.Id].FirstOrDefault();
            return new UnifiedOrderRow(o.Id, o.CustomerName, o.Product, o.Quantity, o.Unit, o.Amount, o.DueOn, o.State, operates ? byOrder[o.Id].Count() : 1,
                operates ? byOrder[o.Id].Sum(p => p.SharePercent) : mine?.SharePercent ?? 0, mine?.State, mine?.Revenue);
        }).ToList();
    }

    /// <summary>One order with the parts the caller sees; 404 for an enterprise user without an offered part in it.</summary>
    public async Task<UnifiedOrderDto> GetAsync(long id, CancellationToken ct)
    {
        var (order, parts) = await ReadAsync(id, ct);
        return await ToDtoAsync(order, parts, ct);
    }

    private async Task<(UnifiedOrder Order, List<UnifiedOrderPart> Parts)> ReadAsync(long id, CancellationToken ct)
    {
        var order = await db.Set<UnifiedOrder>().AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct) ?? throw new NotFoundException("UnifiedOrder", id);
        var parts = await db.Set<UnifiedOrderPart>().AsNoTracking().Where(p => p.OrderId == id).OrderBy(p => p.Id).ToListAsync(ct);
        if (!Actor.CanOperatePark(order.ParkId) && (parts.Count == 0 || order.State == UnifiedOrderState.Draft)) throw new NotFoundException("UnifiedOrder", id);
        return (order, parts);
    }

    private async Task<UnifiedOrderDto> ToDtoAsync(UnifiedOrder o, List<UnifiedOrderPart> parts, CancellationToken ct)
    {
        var names = await directory.NamesAsync(parts.Select(p => p.EnterpriseId).Distinct(), ct);
        return UnifiedOrderDto.From(o, parts.Select(p => UnifiedOrderPartDto.From(p, names.GetValueOrDefault(p.EnterpriseId))).ToList(), Actor.CanOperatePark(o.ParkId));
    }

    /// <summary>
    /// A settled order's statement: the order's totals and the parts the caller sees (an enterprise user: its own) with
    /// each part's fulfilled amount, fee borne, revenue and how it was computed. 409 UnifiedOrderNotSettled before settling.
    /// </summary>
    public async Task<UnifiedOrderStatementDto> StatementAsync(long id, CancellationToken ct)
    {
        var (o, parts) = await ReadAsync(id, ct);
        if (o.State != UnifiedOrderState.Settled || o.SettledAt is not { } at)
            throw new DomainRuleException("UnifiedOrderNotSettled", "state", "订单尚未结算，还没有结算单", RuleKind.Conflict);
        var dto = await ToDtoAsync(o, parts, ct);
        var received = o.PaidAmount ?? 0;
        var fee = o.PlatformFee ?? 0;
        return new UnifiedOrderStatementDto(o.Id, o.CustomerName, o.Product, o.Amount, o.FeePercent, received, fee, received - fee, at, o.Explanation ?? "", dto.Parts);
    }

    /// <summary>The park's enterprises an operator may give a part to (in the park now), by name.</summary>
    public async Task<IReadOnlyList<(long Id, string Name)>> ParkEnterprisesAsync(long parkId, CancellationToken ct)
    {
        await gate.RequireOperatorAsync(parkId, "OnlyOperatorsMayRead", ct);
        return (await directory.ParkMembersAsync(parkId, ct)).Where(m => m.InPark).OrderBy(m => m.Name, StringComparer.Ordinal).Select(m => (m.Id, m.Name)).ToList();
    }

    /// <summary>
    /// Who could take a part: the park's enterprises the marketplace's matching engine ranks best for the order's product
    /// (its quantity, unit and due date), one per enterprise, with the reasons. The park's operators.
    /// </summary>
    public async Task<IReadOnlyList<PartSuggestionDto>> SuggestionsAsync(long id, int top, CancellationToken ct)
    {
        if (top is < 1 or > 50) throw new DomainRuleException("UnifiedOrderTopOutOfRange", "top", "建议数量须在 1 至 50 之间");
        await OperatedParkOfAsync(id, ct, "OnlyOperatorsMayRead");
        var o = await db.Set<UnifiedOrder>().AsNoTracking().FirstAsync(x => x.Id == id, ct);
        var ranked = await ranking.RankEnterprisesAsync(o.ParkId, o.Product, o.Quantity, o.Unit, o.DueOn, top, ct);
        var names = await directory.NamesAsync(ranked.Select(r => r.EnterpriseId), ct);
        return ranked.Select(r => new PartSuggestionDto(r.EnterpriseId, names.GetValueOrDefault(r.EnterpriseId), r.Score, r.Grade, r.Reasons, r.OfferPostId, r.OfferTitle)).ToList();
    }

    // ---- settings ----

    /// <summary>The park's default fee rate for new orders (its operators): its own, or <see cref="UnifiedOrderRules.DefaultFeePercent"/> when never set.</summary>
    public async Task<UnifiedOrderSettingsDto> SettingsAsync(long parkId, CancellationToken ct)
    {
        await gate.RequireOperatorAsync(parkId, "OnlyOperatorsMayWrite", ct);
        var s = await db.Set<UnifiedOrderSettings>().AsNoTracking().FirstOrDefaultAsync(x => x.ParkId == parkId, ct);
        return s is null ? new UnifiedOrderSettingsDto(UnifiedOrderRules.DefaultFeePercent, true, null, null) : new UnifiedOrderSettingsDto(s.DefaultFeePercent, false, s.UpdatedBy, s.UpdatedAt);
    }

    /// <summary>Sets the park's default fee rate (0–100 % in hundredths, 422 UnifiedOrderFeeInvalid naming defaultFeePercent); orders already taken keep theirs.</summary>
    public async Task<UnifiedOrderSettingsDto> SaveSettingsAsync(long parkId, UnifiedOrderSettingsInput input, CancellationToken ct)
    {
        await gate.RequireOperatorAsync(parkId, "OnlyOperatorsMayWrite", ct);
        UnifiedOrderRules.CheckFee(input.DefaultFeePercent, "defaultFeePercent");
        var s = await db.Set<UnifiedOrderSettings>().FirstOrDefaultAsync(x => x.ParkId == parkId, ct);
        if (s is null) db.Add(s = new UnifiedOrderSettings { ParkId = parkId });
        (s.DefaultFeePercent, s.UpdatedBy, s.UpdatedAt) = (input.DefaultFeePercent, Actor.UserName, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return new UnifiedOrderSettingsDto(s.DefaultFeePercent, false, s.UpdatedBy, s.UpdatedAt);
    }

    // ---- writing ----

    public async Task<UnifiedOrderDto> CreateAsync(long parkId, UnifiedOrderInput input, CancellationToken ct)
    {
        await gate.RequireOperatorAsync(parkId, "OnlyOperatorsMayWrite", ct);
        var fee = input.FeePercent ?? (await db.Set<UnifiedOrderSettings>().AsNoTracking().Where(x => x.ParkId == parkId).Select(x => (decimal?)x.DefaultFeePercent).FirstOrDefaultAsync(ct))
            ?? UnifiedOrderRules.DefaultFeePercent;
        var customer = Required(input.CustomerName, "customerName");
        var contact = Required(input.CustomerContact, "customerContact");
        var product = Required(input.Product, "product");
        var unit = Required(input.Unit, "unit");
        UnifiedOrderRules.CheckOrder(input.Amount, input.Quantity, fee);
        if (input.DueOn < Today) throw new DomainRuleException("UnifiedOrderDueInPast", "dueOn", "交货日期不能早于今天");
        var now = clock.GetUtcNow().UtcDateTime;
        var o = new UnifiedOrder
        {
            ParkId = parkId, CustomerName = customer, CustomerContact = contact, Product = product, Quantity = input.Quantity, Unit = unit, Amount = input.Amount,
            FeePercent = fee, DueOn = input.DueOn, CreatedBy = Actor.UserName, CreatedAt = now, UpdatedAt = now,
        };
        db.Add(o);
        await db.SaveChangesAsync(ct);
        return await ToDtoAsync(o, [], ct);
    }

    /// <summary>
    /// Replaces the split of a draft: every part checked first (enterprise of the park and in it, work named, the shares
    /// at most 100 % in all, the amounts within the order's), then the old parts go and the new are written in one
    /// transaction — a refused split writes nothing.
    /// </summary>
    public async Task<UnifiedOrderDto> SplitAsync(long id, UnifiedOrderSplitInput input, CancellationToken ct)
    {
        var parkId = await OperatedParkOfAsync(id, ct);
        var list = input.Parts ?? [];
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var o = await LockAsync(id, ct);
        UnifiedOrderRules.CheckSplitOpen(o.State);
        var split = list.Select(p => new SplitPart(p.EnterpriseId, p.Quantity, p.SharePercent, p.Amount ?? UnifiedOrderRules.AmountOfShare(o.Amount, p.SharePercent))).ToList();
        UnifiedOrderRules.CheckSplit(split, o.Amount);
        var cards = await directory.CardsAsync(list.Select(p => p.EnterpriseId).Distinct().ToList(), ct);
        for (var i = 0; i < list.Count; i++)
        {
            if (cards.GetValueOrDefault(list[i].EnterpriseId) is not { InPark: true } card || card.ParkId != parkId)
                throw new DomainRuleException("UnifiedOrderEnterpriseNotInPark", $"parts[{i}].enterpriseId", "该企业不在本园区") { Arguments = [list[i].EnterpriseId] };
            Required(list[i].Work, $"parts[{i}].work");
        }
        var old = await db.Set<UnifiedOrderPart>().Where(p => p.OrderId == id).ToListAsync(ct);
        db.RemoveRange(old);
        for (var i = 0; i < list.Count; i++)
            db.Add(new UnifiedOrderPart
            {
                OrderId = id, ParkId = parkId, EnterpriseId = list[i].EnterpriseId, Work = list[i].Work!.Trim(), Quantity = split[i].Quantity,
                SharePercent = split[i].SharePercent, Amount = split[i].Amount,
            });
        o.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>Parses a lifecycle action from the route: allocate | reopen | start | deliver | cancel (404 otherwise).</summary>
    public static UnifiedOrderAction ParseAction(string action) => action switch
    {
        "allocate" => UnifiedOrderAction.Allocate,
        "reopen" => UnifiedOrderAction.Reopen,
        "start" => UnifiedOrderAction.StartProduction,
        "deliver" => UnifiedOrderAction.Deliver,
        "cancel" => UnifiedOrderAction.Cancel,
        _ => throw new NotFoundException("UnifiedOrderAction", action),
    };

    /// <summary>
    /// Moves the order (the operators): allocating offers every part to its enterprise (a notice each); reopening a
    /// allocated order for a new split sets every part back to offered when the split is written again; cancelling needs a reason.
    /// </summary>
    public async Task<UnifiedOrderDto> ActAsync(long id, UnifiedOrderAction action, UnifiedOrderReasonInput input, CancellationToken ct)
    {
        if (action == UnifiedOrderAction.Settle) return await SettleAsync(id, ct);
        await OperatedParkOfAsync(id, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var o = await LockAsync(id, ct);
        var parts = await db.Set<UnifiedOrderPart>().Where(p => p.OrderId == id).ToListAsync(ct);
        o.Apply(action, Facts(o, parts), input.Reason, clock.GetUtcNow().UtcDateTime);
        if (action == UnifiedOrderAction.Allocate)
            notices.Send(parts.Select(p => Notice.ToEnterprise(o.ParkId, p.EnterpriseId, NoticeKind, LinkPrefix + o.Id.ToString(CultureInfo.InvariantCulture), o.Product, p.Work)));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>An enterprise accepts or declines its part (its own users only: 404 for another's part; operators 403).</summary>
    public async Task<UnifiedOrderDto> AnswerAsync(long id, long partId, bool accept, UnifiedOrderReasonInput input, CancellationToken ct)
    {
        var part = await db.Set<UnifiedOrderPart>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == partId && p.OrderId == id, ct) ?? throw new NotFoundException("UnifiedOrderPart", partId);
        if (!Actor.EnterpriseIds.Contains(part.EnterpriseId)) throw new ForbiddenException("OnlyTheEnterpriseAnswersItsPart");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var o = await LockAsync(id, ct);
        var p = await db.Set<UnifiedOrderPart>().FirstAsync(x => x.Id == partId, ct);
        await db.Entry(p).ReloadAsync(ct);
        p.Answer(o.State, accept, input.Reason, Actor.UserName, clock.GetUtcNow().UtcDateTime);
        notices.Send([Notice.ToOperators(o.ParkId, accept ? "UnifiedOrderPartAccepted" : "UnifiedOrderPartDeclined", "/unified-orders/" + o.Id.ToString(CultureInfo.InvariantCulture), o.Product, p.Work)]);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>The operator records a part's delivery (quantity so far, accepted by the customer) while the order is in production.</summary>
    public async Task<UnifiedOrderDto> DeliveryAsync(long id, long partId, UnifiedOrderDeliveryInput input, CancellationToken ct)
    {
        await OperatedParkOfAsync(id, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var o = await LockAsync(id, ct);
        var p = await db.Set<UnifiedOrderPart>().FirstOrDefaultAsync(x => x.Id == partId && x.OrderId == id, ct) ?? throw new NotFoundException("UnifiedOrderPart", partId);
        p.RecordDelivery(o.State, input.DeliveredQuantity, input.AcceptedByCustomer, input.DeliveryNote, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>The customer's payment, once per order, on a delivered order (Idempotency-Key honoured by the API's middleware).</summary>
    public async Task<UnifiedOrderDto> PaymentAsync(long id, UnifiedOrderPaymentInput input, CancellationToken ct)
    {
        await OperatedParkOfAsync(id, ct);
        var on = input.ReceivedOn ?? Today;
        if (on > Today) throw new DomainRuleException("UnifiedOrderPaymentInFuture", "receivedOn", "回款日期不能晚于今天");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var o = await LockAsync(id, ct);
        o.RecordPayment(input.Amount, on, Actor.UserName, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>
    /// Settles a delivered, paid order once: the settlement engine shares the payment (the platform fee to the operator,
    /// the rest by fulfilled amount, to the 分 and adding up exactly) and its figures are stored on the order and its parts.
    /// </summary>
    public async Task<UnifiedOrderDto> SettleAsync(long id, CancellationToken ct)
    {
        await OperatedParkOfAsync(id, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var o = await LockAsync(id, ct);
        var parts = await db.Set<UnifiedOrderPart>().Where(p => p.OrderId == id).OrderBy(p => p.Id).ToListAsync(ct);
        var facts = Facts(o, parts);
        // the lifecycle first (409 when settled already or not paid), then the figures
        UnifiedOrderRules.Next(o.State, UnifiedOrderAction.Settle, facts);
        var counted = parts.Where(p => p.State == UnifiedOrderPartState.Accepted).ToList();
        var statement = UnifiedOrderSettlement.Settle(o.PaidAmount!.Value, o.Amount, o.FeePercent, counted.Select(p => p.ForSettlement()).ToList());
        for (var i = 0; i < counted.Count; i++) counted[i].Settled(statement.Parts[i]);
        o.Settle(facts, statement, Actor.UserName, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await GetAsync(id, ct);
    }

    private static UnifiedOrderFacts Facts(UnifiedOrder o, List<UnifiedOrderPart> parts) => new(parts.Count,
        parts.Count(p => p.State == UnifiedOrderPartState.Offered), parts.Count(p => p.State == UnifiedOrderPartState.Accepted),
        parts.Count(p => p.State == UnifiedOrderPartState.Accepted && p.DeliveredQuantity is null), o.PaidAmount is not null);

    /// <summary>The order's park when the caller operates it: 404 for an order out of sight, 403 for one it only sees.</summary>
    private async Task<long> OperatedParkOfAsync(long id, CancellationToken ct, string rule = "OnlyOperatorsMayWrite")
    {
        var parkId = await db.Set<UnifiedOrder>().AsNoTracking().Where(o => o.Id == id).Select(o => (long?)o.ParkId).FirstOrDefaultAsync(ct);
        if (parkId is not { } p) throw new NotFoundException("UnifiedOrder", id);
        if (!Actor.CanOperatePark(p))
        {
            // an enterprise user with a part in it learns it may not; anyone else does not learn the order exists
            var hasPart = await db.Set<UnifiedOrderPart>().AsNoTracking().AnyAsync(x => x.OrderId == id, ct);
            if (hasPart) throw new ForbiddenException(rule);
            throw new NotFoundException("UnifiedOrder", id);
        }
        return p;
    }

    private async Task<UnifiedOrder> LockAsync(long id, CancellationToken ct)
    {
        await RowLocks.ForUpdateAsync(db, "UnifiedOrders", "Id", id, ct);
        var o = await db.Set<UnifiedOrder>().FirstAsync(x => x.Id == id, ct);
        await db.Entry(o).ReloadAsync(ct);
        return o;
    }

    private static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new DomainRuleException("UnifiedOrderFieldRequired", field, "此项必填") { Arguments = [field] } : value.Trim();
}
