using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Billing;
using ParkOps.Domain.ParkServices;
using ParkOps.Domain.Rules;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Billing.Contracts;
using ParkOps.Web.Features.Enterprises.Contracts;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Features.ParkServices;

/// <summary>
/// Orders of the park's services: a tenant orders for its own enterprise, an operator for any enterprise of the park.
/// An order is priced when placed (the version in force on its order date); fulfilling it posts exactly one service-fee
/// charge through Billing's <see cref="IChargePoster"/> for the enterprise's next bill. Every action locks the order row
/// and reads it again inside one transaction, so of many requests racing on one order one fulfils and the rest are refused.
/// </summary>
public sealed class ServiceOrders(ParkOpsDb db, ServiceCatalog catalog, IChargePoster charges, IAccountStanding standing, IEnterpriseDirectory directory, TimeProvider clock)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    public const string SourceType = "service-order";

    private ActorScope Actor => db.Actor;

    public async Task<ServiceOrderDto> CreateAsync(long parkId, ServiceOrderInput input, CancellationToken ct)
    {
        await catalog.RequireSeesAsync(parkId, ct);
        var enterpriseId = await OrderingEnterpriseAsync(parkId, input.EnterpriseId, ct);
        // nothing is written before every check passed
        var service = await db.Set<ParkService>().IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(s => s.Id == input.ServiceId && s.ParkId == parkId, ct);
        if (service is not { IsActive: true })
            throw new DomainRuleException("ServiceNotOffered", "serviceId", "本园区没有提供该服务，或该服务已停用") { Arguments = [input.ServiceId] };
        ServiceRules.CheckQuantity(input.Quantity);
        var today = catalog.Today;
        var price = ServiceRules.PriceOn((await catalog.PricesAsync(service.Id, ct)).Select(p => new ServicePriceVersion(p.EffectiveFrom, p.UnitPrice)), today);
        var now = clock.GetUtcNow().UtcDateTime;
        var order = new ServiceOrder
        {
            ParkId = parkId, EnterpriseId = enterpriseId, ServiceId = service.Id, ServiceName = service.Name, Unit = service.Unit,
            Quantity = input.Quantity, UnitPrice = price.UnitPrice, Amount = ServiceRules.Amount(price.UnitPrice, input.Quantity), OrderedOn = today,
            Note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim(), ByOperator = Actor.CanOperatePark(parkId),
            OrderedBy = Actor.UserName, CreatedAt = now, UpdatedAt = now,
        };
        db.Add(order);
        await db.SaveChangesAsync(ct);
        return await ToDtoAsync(order, ct);
    }

    /// <summary>
    /// Who the order is for: an operator names an enterprise of the park (422 enterpriseId otherwise); an enterprise user
    /// orders for its own enterprise of this park only (another's: 403); anyone else may not order (403).
    /// </summary>
    private async Task<long> OrderingEnterpriseAsync(long parkId, long? asked, CancellationToken ct)
    {
        if (Actor.CanOperatePark(parkId))
        {
            if (asked is not { } id)
                throw new DomainRuleException("ServiceOrderNeedsEnterprise", "enterpriseId", "请选择为哪家企业下单");
            var card = (await directory.CardsAsync([id], ct)).GetValueOrDefault(id);
            if (card is null || card.ParkId != parkId || !card.InPark)
                throw new DomainRuleException("ServiceOrderEnterpriseNotInPark", "enterpriseId", "该企业不在本园区") { Arguments = [id] };
            return id;
        }
        var own = Actor.Enterprises.Where(e => e.ParkId == parkId).Select(e => e.Id).ToList();
        if (own.Count == 0) throw new ForbiddenException("ServiceOrdersAreForTenantsAndOperators");
        if (asked is { } other && !own.Contains(other)) throw new ForbiddenException("ServiceOrderOwnEnterpriseOnly");
        return asked ?? own[0];
    }

    /// <summary>
    /// The park's orders (operators: all; an enterprise user: its own), newest first, filtered by state, enterprise and
    /// order month (yyyy-MM). A government viewer is refused: orders name firms (DOMAIN §1).
    /// </summary>
    public async Task<IReadOnlyList<ServiceOrderDto>> ListAsync(long parkId, ServiceOrderState? state, long? enterpriseId, string? month, CancellationToken ct)
    {
        await catalog.RequireSeesAsync(parkId, ct);
        if (!Actor.CanOperatePark(parkId) && !Actor.Enterprises.Any(e => e.ParkId == parkId)) throw new ForbiddenException("ServiceOrdersAreForTenantsAndOperators");
        var q = db.Set<ServiceOrder>().AsNoTracking().Where(o => o.ParkId == parkId);
        if (state is { } s) q = q.Where(o => o.State == s);
        if (enterpriseId is { } e) q = q.Where(o => o.EnterpriseId == e);
        if (!string.IsNullOrEmpty(month))
        {
            if (!DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", Inv, DateTimeStyles.None, out var m))
                throw new DomainRuleException("ServiceOrderMonthFormat", "month", "月份格式应为 yyyy-MM");
            var next = m.AddMonths(1);
            q = q.Where(o => o.OrderedOn >= m && o.OrderedOn < next);
        }
        var rows = await q.OrderByDescending(o => o.Id).Take(500).ToListAsync(ct);
        var names = await directory.NamesAsync(rows.Select(o => o.EnterpriseId).Distinct(), ct);
        return rows.Select(o => ServiceOrderDto.From(o, names.GetValueOrDefault(o.EnterpriseId))).ToList();
    }

    /// <summary>The park's enterprises an operator may order for (in the park now), by name.</summary>
    public async Task<IReadOnlyList<(long Id, string Name)>> ParkEnterprisesAsync(long parkId, CancellationToken ct)
    {
        await catalog.RequireOperatorAsync(parkId, "OnlyOperatorsMayRead", ct);
        return (await directory.ParkMembersAsync(parkId, ct)).Where(m => m.InPark).OrderBy(m => m.Name, StringComparer.Ordinal).Select(m => (m.Id, m.Name)).ToList();
    }

    public async Task<ServiceOrderDto> GetAsync(long id, CancellationToken ct)
    {
        var o = await db.Set<ServiceOrder>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("ServiceOrder", id);
        return await ToDtoAsync(o, ct);
    }

    /// <summary>Parses an action's name from the route: accept | fulfil | cancel | reject (404 otherwise).</summary>
    public static ServiceOrderAction ParseAction(string action) => action switch
    {
        "accept" => ServiceOrderAction.Accept,
        "fulfil" => ServiceOrderAction.Fulfil,
        "cancel" => ServiceOrderAction.Cancel,
        "reject" => ServiceOrderAction.Reject,
        _ => throw new NotFoundException("ServiceOrderAction", action),
    };

    /// <summary>
    /// Moves the order: accept, fulfil and reject are the operators'; cancel also the ordering enterprise's. Fulfil posts
    /// the service fee (price × quantity as stored on the order) for the month after the enterprise's last bill in the
    /// park, or the current month when that is later, with a Chinese rule text naming the service, quantity and unit price.
    /// </summary>
    public async Task<ServiceOrderDto> ActAsync(long id, ServiceOrderAction action, ServiceOrderActionInput input, CancellationToken ct)
    {
        var found = await db.Set<ServiceOrder>().AsNoTracking().Where(o => o.Id == id).Select(o => new { o.ParkId, o.EnterpriseId }).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("ServiceOrder", id);
        var operates = Actor.CanOperatePark(found.ParkId);
        if (!operates && (action != ServiceOrderAction.Cancel || !Actor.EnterpriseIds.Contains(found.EnterpriseId)))
            throw new ForbiddenException("OnlyOperatorsMayWrite");
        ServiceRules.CheckReason(action, input.Reason);
        var today = catalog.Today;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await RowLocks.ForUpdateAsync(db, "ServiceOrders", "Id", id, ct);
        var order = await db.Set<ServiceOrder>().FirstAsync(o => o.Id == id, ct);
        await db.Entry(order).ReloadAsync(ct);
        order.Apply(action, input.Reason, Actor.UserName, now, today);
        if (order.State == ServiceOrderState.Fulfilled)
        {
            var current = new DateOnly(today.Year, today.Month, 1);
            var lastBilled = await standing.LastBilledMonthAsync(order.ParkId, order.EnterpriseId, ct);
            var month = lastBilled is { } b && b.AddMonths(1) > current ? b.AddMonths(1) : current;
            order.ChargeMonth = month;
            // Billing's door: the charge and the fulfilled order are saved in one save, inside this transaction
            await charges.PostAsync(new ChargePosting(order.ParkId, order.EnterpriseId, month, BillLineKind.ServiceFee, SourceType, order.Id.ToString(Inv),
                $"{order.ServiceName}（服务订单 {order.Id}）", order.Quantity, order.Unit, order.UnitPrice, order.Amount,
                [ServiceRules.ChargeRule(order.ServiceName, order.Quantity, order.Unit, order.UnitPrice, order.Amount)]), ct);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await ToDtoAsync(order, ct);
    }

    private async Task<ServiceOrderDto> ToDtoAsync(ServiceOrder o, CancellationToken ct) =>
        ServiceOrderDto.From(o, (await directory.NamesAsync([o.EnterpriseId], ct)).GetValueOrDefault(o.EnterpriseId));
}
