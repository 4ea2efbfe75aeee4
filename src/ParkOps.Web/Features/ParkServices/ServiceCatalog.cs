using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.ParkServices;
using ParkOps.Domain.Rules;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Enterprises.Contracts;
using ParkOps.Web.Infrastructure;

using ParkOps.Web.Platform;

namespace ParkOps.Web.Features.ParkServices;

/// <summary>
/// The park's price list of paid services: services with versioned prices (a new price applies from its day, so an
/// order keeps the price in force on its order date), and the park's service-share target. Operators edit; everyone who
/// sees the park reads the active services (an enterprise user orders from them); changes are audited by the interceptor.
/// </summary>
public sealed class ServiceCatalog(ParkOpsDb db, TimeProvider clock, ParkGate gate)
{
    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Time.Shanghai).DateTime);

    private ActorScope Actor => db.Actor;

    /// <summary>The park's operators (and the platform admin); another who sees the park gets 403, everyone else 404 (<see cref="ParkGate"/>).</summary>
    internal Task RequireOperatorAsync(long parkId, string rule, CancellationToken ct) => gate.RequireOperatorAsync(parkId, rule, ct);

    /// <summary>Anyone who sees the park; 404 otherwise.</summary>
    internal Task RequireSeesAsync(long parkId, CancellationToken ct) => gate.RequireSeesAsync(parkId, ct);

    /// <summary>A console form's submission runs once (a double click creates or fulfils nothing more).</summary>
    public Task<bool> RunOnceAsync(string? key, string request, Func<Task> work, CancellationToken ct) =>
        IdempotencyMiddleware.RunOnceAsync(db, Actor.UserId ?? 0, key ?? Guid.NewGuid().ToString("N"), request, clock.GetUtcNow().UtcDateTime, work, ct);

    /// <summary>The price list: operators get every service, others the active ones; each with the price in force today.</summary>
    public async Task<IReadOnlyList<ServiceDto>> ListAsync(long parkId, CancellationToken ct)
    {
        await RequireSeesAsync(parkId, ct);
        var all = Actor.CanOperatePark(parkId);
        var services = await db.Set<ParkService>().IgnoreQueryFilters().AsNoTracking().Where(s => s.ParkId == parkId && (all || s.IsActive))
            .OrderBy(s => s.Category).ThenBy(s => s.Code).ToListAsync(ct);
        var prices = await db.Set<ServicePrice>().IgnoreQueryFilters().AsNoTracking().Where(p => p.ParkId == parkId).ToListAsync(ct);
        var today = Today;
        return services.Select(s => ToDto(s, prices.Where(p => p.ServiceId == s.Id).ToList(), today)).ToList();
    }

    public async Task<ServiceDto> GetAsync(long parkId, long serviceId, CancellationToken ct)
    {
        await RequireSeesAsync(parkId, ct);
        var s = await db.Set<ParkService>().IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(x => x.Id == serviceId && x.ParkId == parkId, ct);
        if (s is null || !s.IsActive && !Actor.CanOperatePark(parkId)) throw new NotFoundException("ParkService", serviceId);
        return ToDto(s, await PricesAsync(serviceId, ct), Today);
    }

    internal Task<List<ServicePrice>> PricesAsync(long serviceId, CancellationToken ct) =>
        db.Set<ServicePrice>().IgnoreQueryFilters().AsNoTracking().Where(p => p.ServiceId == serviceId).ToListAsync(ct);

    private static ServiceDto ToDto(ParkService s, List<ServicePrice> prices, DateOnly today)
    {
        var versions = prices.OrderBy(p => p.EffectiveFrom).Select(p => new ServicePriceDto(p.EffectiveFrom, p.UnitPrice, p.SetBy, p.SetAt)).ToList();
        var now = prices.Where(p => p.EffectiveFrom <= today).OrderByDescending(p => p.EffectiveFrom).Select(p => (decimal?)p.UnitPrice).FirstOrDefault();
        return new ServiceDto(s.Id, s.ParkId, s.Code, s.Name, s.Category, s.Unit, s.Description, s.IsActive, now, versions);
    }

    public async Task<ServiceDto> CreateAsync(long parkId, ServiceInput input, CancellationToken ct)
    {
        await RequireOperatorAsync(parkId, "OnlyOperatorsMayWrite", ct);
        var code = Required(input.Code, "code");
        var name = Required(input.Name, "name");
        var unit = Required(input.Unit, "unit");
        CheckCategory(input.Category);
        ServiceRules.CheckPrice(input.UnitPrice);
        var today = Today;
        var from = input.EffectiveFrom ?? today;
        ServiceRules.CheckEffectiveFrom(from, today);
        if (await db.Set<ParkService>().IgnoreQueryFilters().AnyAsync(s => s.ParkId == parkId && s.Code == code, ct))
            throw new DomainRuleException("ServiceCodeTaken", "code", "该服务编码已在本园区使用", RuleKind.Conflict) { Arguments = [code] };
        var now = clock.GetUtcNow().UtcDateTime;
        var s = new ParkService
        {
            ParkId = parkId, Code = code, Name = name, Category = input.Category, Unit = unit, Description = Trim(input.Description), IsActive = input.IsActive,
            CreatedAt = now, UpdatedAt = now,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(s);
        await db.SaveChangesAsync(ct);
        db.Add(new ServicePrice { ServiceId = s.Id, ParkId = parkId, EffectiveFrom = from, UnitPrice = input.UnitPrice, SetBy = Actor.UserName, SetAt = now });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await GetAsync(parkId, s.Id, ct);
    }

    public async Task<ServiceDto> UpdateAsync(long parkId, long serviceId, ServiceUpdateInput input, CancellationToken ct)
    {
        await RequireOperatorAsync(parkId, "OnlyOperatorsMayWrite", ct);
        var s = await db.Set<ParkService>().FirstOrDefaultAsync(x => x.Id == serviceId && x.ParkId == parkId, ct) ?? throw new NotFoundException("ParkService", serviceId);
        s.Name = Required(input.Name, "name");
        s.Unit = Required(input.Unit, "unit");
        CheckCategory(input.Category);
        s.Category = input.Category;
        s.Description = Trim(input.Description);
        s.IsActive = input.IsActive;
        s.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return await GetAsync(parkId, serviceId, ct);
    }

    /// <summary>
    /// A new price from a day on: today or later. A version already in force (its day today or earlier) is never
    /// replaced (ServicePriceVersionInForce, 409): orders were placed at it. A future version may be set again.
    /// </summary>
    public async Task<ServiceDto> SetPriceAsync(long parkId, long serviceId, ServicePriceInput input, CancellationToken ct)
    {
        await RequireOperatorAsync(parkId, "OnlyOperatorsMayWrite", ct);
        if (!await db.Set<ParkService>().AnyAsync(x => x.Id == serviceId && x.ParkId == parkId, ct)) throw new NotFoundException("ParkService", serviceId);
        ServiceRules.CheckPrice(input.UnitPrice);
        var today = Today;
        ServiceRules.CheckEffectiveFrom(input.EffectiveFrom, today);
        var row = await db.Set<ServicePrice>().FirstOrDefaultAsync(p => p.ServiceId == serviceId && p.EffectiveFrom == input.EffectiveFrom, ct);
        if (row is not null && row.EffectiveFrom <= today)
            throw new DomainRuleException("ServicePriceVersionInForce", "effectiveFrom", "该日生效的价格已在使用，不能修改", RuleKind.Conflict) { Arguments = [input.EffectiveFrom.ToString("yyyy-MM-dd")] };
        if (row is null) db.Add(row = new ServicePrice { ServiceId = serviceId, ParkId = parkId, EffectiveFrom = input.EffectiveFrom });
        row.UnitPrice = input.UnitPrice;
        row.SetBy = Actor.UserName;
        row.SetAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return await GetAsync(parkId, serviceId, ct);
    }

    /// <summary>The park's service-share target (per cent); the default when none is set.</summary>
    public async Task<decimal> TargetAsync(long parkId, CancellationToken ct) =>
        await db.Set<ServiceSetting>().IgnoreQueryFilters().Where(s => s.ParkId == parkId).Select(s => (decimal?)s.TargetPercent).FirstOrDefaultAsync(ct)
            ?? RevenueStructure.DefaultTargetPercent;

    /// <summary><see cref="TargetAsync"/> of each of these parks in one read.</summary>
    public async Task<IReadOnlyDictionary<long, decimal>> TargetsAsync(long[] parkIds, CancellationToken ct)
    {
        var set = parkIds.Length == 0 ? [] : await db.Set<ServiceSetting>().IgnoreQueryFilters().Where(s => EF.Parameter(parkIds).Contains(s.ParkId))
            .Select(s => new { s.ParkId, s.TargetPercent }).ToListAsync(ct);
        var found = set.GroupBy(s => s.ParkId).ToDictionary(g => g.Key, g => g.First().TargetPercent);
        return parkIds.Distinct().ToDictionary(id => id, id => found.TryGetValue(id, out var t) ? t : RevenueStructure.DefaultTargetPercent);
    }

    public async Task<decimal> SetTargetAsync(long parkId, ServiceTargetInput input, CancellationToken ct)
    {
        await RequireOperatorAsync(parkId, "OnlyOperatorsMayWrite", ct);
        RevenueStructure.CheckTarget(input.TargetPercent);
        var row = await db.Set<ServiceSetting>().FirstOrDefaultAsync(s => s.ParkId == parkId, ct);
        if (row is null) db.Add(row = new ServiceSetting { ParkId = parkId });
        row.TargetPercent = input.TargetPercent;
        row.SetBy = Actor.UserName;
        row.SetAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return row.TargetPercent;
    }

    private static void CheckCategory(ServiceCategory c)
    {
        if (!Enum.IsDefined(c)) throw new DomainRuleException("ServiceCategoryUnknown", "category", "服务类别不存在");
    }

    private static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new DomainRuleException("ServiceFieldRequired", field, "必填项不能为空") { Arguments = [field] } : value.Trim();

    private static string? Trim(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
