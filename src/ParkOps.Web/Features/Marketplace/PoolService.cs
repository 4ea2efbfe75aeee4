using ParkOps.Web.Features.Notifications.Contracts;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Marketplace;
using ParkOps.Domain.Rules;
using ParkOps.Web.Data;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Marketplace;

public sealed record PoolTierInput(decimal MinQuantity, decimal UnitPrice);

/// <summary>A new pool. <see cref="Deadline"/> is an instant (e.g. 2026-12-15T18:00:00+08:00); a tenant opens it as its own enterprise.</summary>
[StoredIn(typeof(ProcurementPool))]
public sealed record PoolInput
{
    [Line] public string Item { get; init; } = "";
    [FreeText] public string? Spec { get; init; }
    [Line] public string Unit { get; init; } = "";
    public decimal ListPrice { get; init; }
    [MaxItems(PoolRules.MaxTiers)] public PoolTierInput[]? Tiers { get; init; }
    public DateTimeOffset? Deadline { get; init; }
}

public sealed record CommitmentInput(decimal? Quantity);

public sealed record CloseInput([Line, StoredIn(typeof(PurchaseOrder), nameof(PurchaseOrder.Supplier))] string? Supplier);

public sealed record PoolMemberDto(long EnterpriseId, string EnterpriseName, decimal Quantity);

/// <summary>
/// A pool as the caller may see it: tiers, the total committed, the tier reached so far and the next one. An operator
/// sees every member's commitment; an enterprise sees its own (<see cref="MyQuantity"/>) and the others only as the total.
/// </summary>
public sealed record PoolDto(long Id, long ParkId, long? OpenerEnterpriseId, string? OpenerName, string Item, string Spec, string Unit, decimal ListPrice,
    IReadOnlyList<PoolTier> Tiers, DateTime Deadline, PoolState State, decimal TotalCommitted, int MemberCount, PoolTier? TierReached, PoolTier? NextTier,
    decimal? MyQuantity, IReadOnlyList<PoolMemberDto> Commitments, bool CanCommit, bool CanClose, long? OrderId, string CreatedBy, DateTime CreatedAt, DateTime? ClosedAt);

public sealed record AllocationDto(long EnterpriseId, string EnterpriseName, decimal Quantity, decimal UnitPrice, decimal Amount, decimal Saving);

/// <summary>The purchase order of a closed pool; an enterprise sees its own allocation, the park's operators all of them.</summary>
public sealed record PurchaseOrderDto(long Id, long PoolId, string Number, string? Supplier, string Item, string Unit, decimal ListPrice, decimal TotalQuantity, decimal UnitPrice,
    decimal TotalAmount, decimal TotalSaving, int MemberCount, IReadOnlyList<AllocationDto> Allocations, DateTime CreatedAt);

public sealed class PoolInputValidator : AbstractValidator<PoolInput>
{
    public PoolInputValidator(IStringLocalizer<Text> t)
    {
        RuleFor(x => x.Item).NotEmpty().WithMessage(_ => t["Val.Required"]).MaximumLength(100).WithMessage(_ => t["Val.MaxLength", 100]);
        RuleFor(x => x.Spec).MaximumLength(200).WithMessage(_ => t["Val.MaxLength", 200]);
        RuleFor(x => x.Unit).NotEmpty().WithMessage(_ => t["Val.Required"]).MaximumLength(20).WithMessage(_ => t["Val.MaxLength", 20]);
        RuleFor(x => x.ListPrice).GreaterThan(0).WithMessage(_ => t["Val.Range", "0.01", "10⁹"]).LessThan(1_000_000_000m).WithMessage(_ => t["Val.Range", "0.01", "10⁹"]);
        RuleFor(x => x.Deadline).NotNull().WithMessage(_ => t["Val.Required"]);
        RuleFor(x => x.Tiers).NotEmpty().WithMessage(_ => t["Val.Required"]);
        RuleForEach(x => x.Tiers).ChildRules(c =>
        {
            c.RuleFor(x => x.MinQuantity).LessThan(1_000_000_000m).WithMessage(_ => t["Val.Range", 0, "10⁹"]);
            c.RuleFor(x => x.UnitPrice).LessThan(1_000_000_000m).WithMessage(_ => t["Val.Range", 0, "10⁹"]);
        });
    }
}

/// <summary>
/// Joint procurement pools (DOMAIN §5 联合采购): an enterprise or the park's operator opens a pool; the park's tenants
/// commit quantities (one commitment each, 0 withdraws) until the deadline; the opener or the operator closes it,
/// which picks the tier the total reaches, computes each member's amount and saving, writes the purchase order with
/// its allocations and tells every member through the inbox. Below the first tier the pool fails, with no order.
/// </summary>
public sealed class PoolService(ParkOpsDb db, Platform.ParkGate gate, Enterprises.Contracts.IEnterpriseDirectory directory, IValidator<PoolInput> validator, TimeProvider clock, IStringLocalizer<Text> t, INotices notices)
{
    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<List<PoolDto>> ListAsync(long parkId, CancellationToken ct)
    {
        await gate.RequireSeesAsync(parkId, ct);
        var pools = await db.ProcurementPools.AsNoTracking().Where(p => p.ParkId == parkId).OrderBy(p => p.State == PoolState.Open ? 0 : 1).ThenByDescending(p => p.Deadline).ThenByDescending(p => p.Id).Take(200).ToListAsync(ct);
        return await ToDtosAsync(pools, ct);
    }

    public async Task<ProcurementPool> GetAsync(long id, CancellationToken ct) =>
        await db.ProcurementPools.FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw new NotFoundException("ProcurementPool", id);

    /// <summary>The enterprise of the caller in the park (tenants act for their own enterprise only), or null.</summary>
    private long? OwnEnterpriseIn(long parkId, IReadOnlyDictionary<long, long> parkOf) =>
        db.Actor.Has(Users.Role.EnterpriseUser) ? db.Actor.EnterpriseIds.Where(e => parkOf.GetValueOrDefault(e) == parkId).Select(e => (long?)e).FirstOrDefault() : null;

    private async Task<Dictionary<long, long>> ParksOfOwnAsync(CancellationToken ct)
    {
        var own = db.Actor.EnterpriseIds;
        return own.Length == 0 ? [] : (await directory.CardsAsync(own, ct)).ToDictionary(c => c.Key, c => c.Value.ParkId);
    }

    public bool CanClose(ProcurementPool p) => db.Actor.CanOperatePark(p.ParkId)
        || p.OpenerEnterpriseId is { } o && db.Actor.Has(Users.Role.EnterpriseUser) && db.Actor.EnterpriseIds.Contains(o);

    public async Task<ProcurementPool> CreateAsync(long parkId, PoolInput input, CancellationToken ct)
    {
        await gate.RequireSeesAsync(parkId, ct);
        long? opener = null;
        if (!db.Actor.CanOperatePark(parkId))
            opener = OwnEnterpriseIn(parkId, await ParksOfOwnAsync(ct)) ?? throw new ForbiddenException("OnlyParkMembersOpenPools");
        await validator.EnsureValidAsync(input, ct);
        var tiers = input.Tiers!.Select(x => new PoolTier(x.MinQuantity, x.UnitPrice)).ToList();
        PoolRules.CheckTiers(tiers, input.ListPrice);
        var now = Now;
        var deadline = input.Deadline!.Value.UtcDateTime;
        PoolRules.CheckDeadline(deadline, now);
        var pool = new ProcurementPool
        {
            ParkId = parkId, OpenerEnterpriseId = opener, Item = input.Item.Trim(), Spec = input.Spec?.Trim() ?? "", Unit = input.Unit.Trim(), ListPrice = input.ListPrice,
            Tiers = ProcurementPool.FormatTiers(tiers), Deadline = deadline, State = PoolState.Open, CreatedBy = db.Actor.UserName, CreatedAt = now, UpdatedAt = now,
        };
        db.ProcurementPools.Add(pool);
        await db.SaveChangesAsync(ct);
        return pool;
    }

    /// <summary>The caller's enterprise commits <paramref name="input"/>.Quantity (0 withdraws); one commitment per enterprise.</summary>
    public async Task<ProcurementPool> CommitAsync(long id, CommitmentInput input, CancellationToken ct)
    {
        var pool = await GetAsync(id, ct);
        var enterprise = OwnEnterpriseIn(pool.ParkId, await ParksOfOwnAsync(ct)) ?? throw new ForbiddenException("OnlyParkTenantsCommit");
        if (input.Quantity is null) throw new ValidationException([new FluentValidation.Results.ValidationFailure("quantity", t["Val.Required"])]);
        var q = input.Quantity.Value;
        if (q >= 1_000_000_000m) throw new ValidationException([new FluentValidation.Results.ValidationFailure("quantity", t["Val.Range", 0, "10⁹"])]);
        // the pool is locked and read again: a commitment lands before a close (and is in its order) or after it (and is refused)
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await RowLocks.ForUpdateAsync(db, "ProcurementPools", "Id", id, ct);
        await db.Entry(pool).ReloadAsync(ct);
        PoolRules.CheckCommitment(pool.State, pool.Deadline, Now, q);
        var c = await db.PoolCommitments.FirstOrDefaultAsync(x => x.PoolId == id && x.EnterpriseId == enterprise, ct);
        if (c is null && q > 0)
            db.PoolCommitments.Add(c = new PoolCommitment { PoolId = id, ParkId = pool.ParkId, EnterpriseId = enterprise });
        else if (c is not null && q == 0)
            db.PoolCommitments.Remove(c);
        if (c is not null && q > 0) (c.Quantity, c.UpdatedBy, c.UpdatedAt) = (q, db.Actor.UserName, Now);
        pool.UpdatedAt = Now;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return pool;
    }

    /// <summary>Close (tier, savings, purchase order, inbox) or cancel, by the opener or the park's operator.</summary>
    public async Task<ProcurementPool> CloseAsync(long id, CloseInput input, bool cancel, CancellationToken ct)
    {
        var pool = await GetAsync(id, ct);
        if (!CanClose(pool)) throw new ForbiddenException("OnlyOpenerOrOperatorClosesPool");
        if (input.Supplier is { Length: > 200 }) throw new ValidationException([new FluentValidation.Results.ValidationFailure("supplier", t["Val.MaxLength", 200])]);
        // one transaction with the pool locked: closed once, one purchase order, and no commitment slips in meanwhile
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await RowLocks.ForUpdateAsync(db, "ProcurementPools", "Id", id, ct);
        await db.Entry(pool).ReloadAsync(ct);
        pool.EnsureCan(cancel ? PoolAction.Cancel : PoolAction.Close);
        var commitments = await db.PoolCommitments.IgnoreQueryFilters().Where(c => c.PoolId == id).OrderBy(c => c.EnterpriseId).ToListAsync(ct);
        var now = Now;
        string kind;
        if (cancel) { pool.End(PoolAction.Cancel, now); kind = "PoolCancelled"; }
        else
        {
            var outcome = PoolRules.Close(pool.TierList, pool.ListPrice, commitments.Select(c => new PoolMember(c.EnterpriseId, c.Quantity)).ToList());
            if (outcome.Failed) { pool.End(PoolAction.Fail, now); kind = "PoolFailed"; }
            else
            {
                pool.End(PoolAction.Close, now);
                kind = "PoolClosed";
                var order = new PurchaseOrder
                {
                    ParkId = pool.ParkId, PoolId = pool.Id, Number = $"JC{now.AddHours(8):yyyyMMdd}-{pool.Id:D6}", Supplier = string.IsNullOrWhiteSpace(input.Supplier) ? null : input.Supplier.Trim(),
                    TotalQuantity = outcome.TotalQuantity, UnitPrice = outcome.Tier!.UnitPrice, TotalAmount = outcome.TotalAmount, TotalSaving = outcome.TotalSaving,
                    CreatedBy = db.Actor.UserName, CreatedAt = now,
                };
                db.PurchaseOrders.Add(order);
                await db.SaveChangesAsync(ct);
                db.PurchaseAllocations.AddRange(outcome.Allocations.Select(a => new PurchaseAllocation
                {
                    OrderId = order.Id, ParkId = pool.ParkId, EnterpriseId = a.EnterpriseId, Quantity = a.Quantity, UnitPrice = a.UnitPrice, Amount = a.Amount, Saving = a.Saving,
                }));
            }
        }
        var members = commitments.Select(c => c.EnterpriseId).ToHashSet();
        if (pool.OpenerEnterpriseId is { } opener) members.Add(opener);
        notices.Send(members.Select(e => Notice.ToEnterprise(pool.ParkId, e, kind, $"/pools/{pool.Id}", pool.Item)));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return pool;
    }

    public async Task<PurchaseOrderDto> OrderAsync(long id, CancellationToken ct)
    {
        var pool = await GetAsync(id, ct);
        var order = await db.PurchaseOrders.AsNoTracking().FirstOrDefaultAsync(o => o.PoolId == id, ct) ?? throw new NotFoundException("PurchaseOrder", id);
        // each member's line is its own deal amount: its enterprise and the park's operators see it, a government viewer
        // only where its region allows (the order's totals are the pool's, seen by all who see the pool)
        var allocations = (await db.PurchaseAllocations.IgnoreQueryFilters().AsNoTracking().Where(a => a.OrderId == order.Id).OrderBy(a => a.EnterpriseId).ToListAsync(ct))
            .Where(a => db.Actor.SeesEnterpriseDetail(a.ParkId, a.EnterpriseId)).ToList();
        var memberCount = await db.PurchaseAllocations.IgnoreQueryFilters().CountAsync(a => a.OrderId == order.Id, ct);
        var names = await NamesAsync(allocations.Select(a => a.EnterpriseId), ct);
        return new PurchaseOrderDto(order.Id, pool.Id, order.Number, order.Supplier, pool.Item, pool.Unit, pool.ListPrice, order.TotalQuantity, order.UnitPrice, order.TotalAmount,
            order.TotalSaving, memberCount, allocations.Select(a => new AllocationDto(a.EnterpriseId, names.GetValueOrDefault(a.EnterpriseId, ""), a.Quantity, a.UnitPrice, a.Amount, a.Saving)).ToList(),
            order.CreatedAt);
    }

    private Task<Dictionary<long, string>> NamesAsync(IEnumerable<long> ids, CancellationToken ct) => directory.PublicNamesAsync(ids, ct);

    public async Task<PoolDto> ToDtoAsync(ProcurementPool p, CancellationToken ct) => (await ToDtosAsync([p], ct))[0];

    public async Task<List<PoolDto>> ToDtosAsync(IReadOnlyList<ProcurementPool> pools, CancellationToken ct)
    {
        var ids = pools.Select(p => p.Id).ToArray();
        // totals over every member (the pool is the caller's to see); each member's commitment only to whom sees its detail
        var totals = await db.PoolCommitments.IgnoreQueryFilters().Where(c => ids.Contains(c.PoolId)).GroupBy(c => c.PoolId)
            .Select(g => new { g.Key, Total = g.Sum(c => c.Quantity), Count = g.Count() }).ToListAsync(ct);
        var visible = (await db.PoolCommitments.IgnoreQueryFilters().AsNoTracking().Where(c => ids.Contains(c.PoolId)).ToListAsync(ct))
            .Where(c => db.Actor.SeesEnterpriseDetail(c.ParkId, c.EnterpriseId)).ToList();
        var orders = await db.PurchaseOrders.AsNoTracking().Where(o => ids.Contains(o.PoolId)).Select(o => new { o.PoolId, o.Id }).ToListAsync(ct);
        var names = await NamesAsync(visible.Select(c => c.EnterpriseId).Concat(pools.Where(p => p.OpenerEnterpriseId != null).Select(p => p.OpenerEnterpriseId!.Value)), ct);
        var parkOf = await ParksOfOwnAsync(ct);
        var now = Now;
        return pools.Select(p =>
        {
            var tiers = p.TierList;
            var total = totals.FirstOrDefault(x => x.Key == p.Id)?.Total ?? 0;
            var own = OwnEnterpriseIn(p.ParkId, parkOf);
            var mine = visible.Where(c => c.PoolId == p.Id).OrderBy(c => c.EnterpriseId).ToList();
            return new PoolDto(p.Id, p.ParkId, p.OpenerEnterpriseId, p.OpenerEnterpriseId is { } o ? names.GetValueOrDefault(o) : null, p.Item, p.Spec, p.Unit, p.ListPrice,
                tiers, p.Deadline, p.State, total, totals.FirstOrDefault(x => x.Key == p.Id)?.Count ?? 0, PoolRules.TierReached(tiers, total), PoolRules.NextTier(tiers, total),
                own is { } e ? mine.FirstOrDefault(c => c.EnterpriseId == e)?.Quantity ?? 0 : null,
                mine.Select(c => new PoolMemberDto(c.EnterpriseId, names.GetValueOrDefault(c.EnterpriseId, ""), c.Quantity)).ToList(),
                own is not null && p.State == PoolState.Open && now < p.Deadline, p.State == PoolState.Open && CanClose(p),
                orders.FirstOrDefault(x => x.PoolId == p.Id)?.Id, p.CreatedBy, p.CreatedAt, p.ClosedAt);
        }).ToList();
    }
}
