using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Pricing;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Enterprises.Contracts;
using ParkOps.Web.Features.Leasing.Contracts;

namespace ParkOps.Web.Features.Leasing;

/// <summary>
/// <see cref="ILeaseLedger"/> over the Leasing tables. Reads ignore the caller's scope filters: callers name the park
/// (and have checked the caller may act on it) or are system work. Children are loaded with flat queries of their own:
/// EF Core 10 builds delegates on every execution of a query that includes or projects a collection (dotnet/efcore#35210).
/// </summary>
public sealed class LeaseLedger(ParkOpsDb db, IEnterpriseDirectory directory) : ILeaseLedger
{
    /// <summary>Ids per query: bounds one statement's JSON or array parameter.</summary>
    private const int IdSlice = 50_000;

    public async Task<IReadOnlyList<LeaseInForce>> InForceAsync(long parkId, DateOnly month, IReadOnlyCollection<long>? exceptEnterprises, CancellationToken ct)
    {
        var monthEnd = month.AddMonths(1).AddDays(-1);
        var except = exceptEnterprises?.ToArray() ?? [];
        var leases = await db.Leases.IgnoreQueryFilters().AsNoTracking()
            .Where(l => l.ParkId == parkId && Lease.HaveBeenInForce.Contains(l.State) && l.StartDate <= monthEnd && l.EndDate >= month
                && (l.TerminatedOn == null || l.TerminatedOn >= month) && !except.Contains(l.EnterpriseId)
                // a month the exit settlement charged is not billed again
                && (l.SettledThrough == null || l.SettledThrough < month))
            .OrderBy(l => l.Id)
            .Select(l => new
            {
                l.Id, l.EnterpriseId, l.Code, l.StartDate, l.TermMonths, l.EndDate, l.TerminatedOn, l.EquityFreeMonths, l.FactsFixedAt,
                l.FactLeadingIndustry, l.FactHighTech, l.FactUnrelatedIndustry, l.FactStartup, l.MonthsInParkBefore, l.StartupFreeMonthsUsed,
            })
            .ToListAsync(ct);
        if (leases.Count == 0) return [];
        // the lease ids as one parameter per slice (SQLite json_each, PostgreSQL an array; see EnterpriseDirectory.CardsAsync):
        // a risk run over a very large park reads every lease in force
        var units = new List<(long Id, long LeaseId, long UnitId, SpaceUse Use, decimal AreaSqm)>();
        foreach (var slice in leases.Select(l => l.Id).Chunk(IdSlice))
            units.AddRange((await db.LeaseUnits.IgnoreQueryFilters().AsNoTracking().Where(u => u.ParkId == parkId && EF.Parameter(slice).Contains(u.LeaseId))
                .Select(u => new { u.Id, u.LeaseId, u.UnitId, u.Use, u.AreaSqm }).ToListAsync(ct)).Select(u => (u.Id, u.LeaseId, u.UnitId, u.Use, u.AreaSqm)));
        var unitsOf = units.OrderBy(u => u.Id).ToLookup(u => u.LeaseId, u => new LeasedUnit(u.Use, u.AreaSqm, u.UnitId));
        var cards = await directory.CardsAsync(leases.Select(l => l.EnterpriseId).Distinct().ToList(), ct);
        var park = await directory.ParkIndustryAsync(parkId, ct);
        // the operators' re-evaluations in force by the month (issue 15 §2): few leases have any
        var revisions = (await db.LeaseFactsRevisions.IgnoreQueryFilters().AsNoTracking().Where(r => r.ParkId == parkId && r.EffectiveMonth <= month).ToListAsync(ct))
            .ToLookup(r => r.LeaseId, r => r.ToRevision());
        return leases.Select(l =>
        {
            // the facts fixed at signing (or re-evaluated since) price the lease; a lease signed before they were kept is priced from the archive
            if (l.FactsFixedAt is null)
                return new LeaseInForce(l.Id, parkId, l.EnterpriseId, l.Code, l.StartDate, l.TermMonths, l.EndDate, l.TerminatedOn,
                    TenantFactsRules.Derive(park, cards[l.EnterpriseId].Pricing, l.StartDate, l.EquityFreeMonths), unitsOf[l.Id].ToList());
            var signed = new TenantFacts(l.FactLeadingIndustry, l.FactHighTech, l.FactUnrelatedIndustry, l.FactStartup, cards[l.EnterpriseId].Pricing.ContributionScore ?? 0,
                l.EquityFreeMonths, l.MonthsInParkBefore, l.StartupFreeMonthsUsed, cards[l.EnterpriseId].Pricing.ContributionScoreYear);
            var revision = FactsRevisions.Current(revisions[l.Id].ToList(), month);
            return new LeaseInForce(l.Id, parkId, l.EnterpriseId, l.Code, l.StartDate, l.TermMonths, l.EndDate, l.TerminatedOn,
                revision is null ? signed : FactsRevisions.Apply(signed, revision), unitsOf[l.Id].ToList(), revision is null ? null : FactsRevisions.Describe(signed, revision));
        }).ToList();
    }

    public async Task<IReadOnlyDictionary<long, decimal>> LeasedAreaAsync(long parkId, DateOnly month, CancellationToken ct)
    {
        var monthEnd = month.AddMonths(1).AddDays(-1);
        // the same leases as InForceAsync, as one flat join (a risk run over a 100,000-firm park read the tenants' cards
        // and the units by lease id only to add these areas up)
        // and a lease without units still counts (its tenant leases 0 m², not nothing)
        var rows = await (from l in db.Leases.IgnoreQueryFilters().AsNoTracking()
                          where l.ParkId == parkId && Lease.HaveBeenInForce.Contains(l.State) && l.StartDate <= monthEnd && l.EndDate >= month
                              && (l.TerminatedOn == null || l.TerminatedOn >= month)
                              && (l.SettledThrough == null || l.SettledThrough < month)
                          join u in db.LeaseUnits.IgnoreQueryFilters().AsNoTracking().Where(u => u.ParkId == parkId) on l.Id equals u.LeaseId into units
                          from u in units.DefaultIfEmpty()
                          select new { l.EnterpriseId, AreaSqm = (decimal?)u!.AreaSqm }).ToListAsync(ct);
        var area = new Dictionary<long, decimal>();
        foreach (var r in rows) area[r.EnterpriseId] = area.GetValueOrDefault(r.EnterpriseId) + (r.AreaSqm ?? 0);
        return area;
    }

    public async Task<IReadOnlyList<UnitHolding>> HoldersAsync(long parkId, DateOnly month, CancellationToken ct)
    {
        var monthEnd = month.AddMonths(1).AddDays(-1);
        // one flat row per lease and unit (a collection projection would rebuild delegates on every run: dotnet/efcore#35210)
        var rows = await (from l in db.Leases.IgnoreQueryFilters().AsNoTracking()
                          join u in db.LeaseUnits.IgnoreQueryFilters().AsNoTracking() on l.Id equals u.LeaseId
                          where l.ParkId == parkId && Lease.HaveBeenInForce.Contains(l.State) && l.StartDate <= monthEnd && l.EndDate >= month
                              && (l.SettledThrough == null || l.SettledThrough < month)
                          orderby l.Id, u.Id
                          select new { l.Id, l.EnterpriseId, l.StartDate, l.EndDate, l.TerminatedOn, u.UnitId }).ToListAsync(ct);
        var holder = new Dictionary<long, UnitHolding>();
        foreach (var l in rows)
            if ((l.TerminatedOn ?? DateOnly.MaxValue) >= month && (!holder.TryGetValue(l.UnitId, out var h) || h.StartDate < l.StartDate))
                holder[l.UnitId] = new UnitHolding(l.UnitId, l.Id, l.EnterpriseId, l.StartDate, l.EndDate, l.TerminatedOn);
        return [.. holder.Values];
    }

    public async Task<IReadOnlyList<UnitHolding>> HoldingsAsync(IReadOnlyCollection<long> unitIds, DateOnly endingFrom, CancellationToken ct)
    {
        var ids = unitIds.Distinct().ToArray();
        return await db.LeaseUnits.IgnoreQueryFilters().AsNoTracking().Where(lu => ids.Contains(lu.UnitId))
            .Join(db.Leases.IgnoreQueryFilters().Where(l => Lease.HaveBeenInForce.Contains(l.State) && l.EndDate >= endingFrom), lu => lu.LeaseId, l => l.Id,
                (lu, l) => new UnitHolding(lu.UnitId, l.Id, l.EnterpriseId, l.StartDate, l.EndDate, l.TerminatedOn)).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<RentPolicy>> RentPoliciesAsync(long parkId, CancellationToken ct) =>
        (await db.Set<RentPolicyVersion>().AsNoTracking().Where(p => p.ParkId == parkId).OrderBy(p => p.EffectiveFrom).ToListAsync(ct)).Select(v => v.ToPolicy()).ToList();
}
