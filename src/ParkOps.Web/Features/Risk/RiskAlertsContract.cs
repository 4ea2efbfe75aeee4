using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Risk;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Risk.Contracts;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Features.Risk;

/// <summary><see cref="IRiskAlerts"/> over Risk's tables (reads ignore scope: the callers check who asks).</summary>
public sealed class RiskAlertsContract(ParkOpsDb db, RiskRuns runs, TimeProvider clock) : IRiskAlerts
{
    public async Task<int> RunAsync(long parkId, string startedBy, CancellationToken ct) =>
        (await runs.RunAsync(parkId, RiskRunTrigger.Demo, startedBy, ct)).Raised;

    public async Task<IReadOnlyList<RiskAlertFacts>> AlertsAsync(long parkId, CancellationToken ct) =>
        (await db.Set<RiskAlert>().IgnoreQueryFilters().AsNoTracking().Where(a => a.ParkId == parkId).OrderBy(a => a.Id).ToListAsync(ct)).Select(Facts).ToList();

    public async Task<IReadOnlyDictionary<long, IReadOnlyList<RiskAlertFacts>>> AlertsAsync(IReadOnlyCollection<long> parkIds, CancellationToken ct)
    {
        var ids = parkIds.Distinct().ToArray();
        // the park ids as one parameter (PostgreSQL an array, SQLite json_each): a region has thousands of parks
        var rows = ids.Length == 0 ? [] : await db.Set<RiskAlert>().IgnoreQueryFilters().AsNoTracking().Where(a => EF.Parameter(ids).Contains(a.ParkId)).ToListAsync(ct);
        var byPark = rows.OrderBy(a => a.Id).Select(Facts).ToLookup(a => a.ParkId);
        return ids.ToDictionary(id => id, IReadOnlyList<RiskAlertFacts> (id) => byPark[id].ToList());
    }

    public async Task<RiskAlertFacts?> AlertAsync(long alertId, CancellationToken ct) =>
        await db.Set<RiskAlert>().IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(a => a.Id == alertId, ct) is { } a ? Facts(a) : null;

    public async Task ActAsync(long alertId, string action, string? reason, string by, CancellationToken ct)
    {
        var a = await db.Set<RiskAlert>().IgnoreQueryFilters().FirstOrDefaultAsync(x => x.Id == alertId, ct) ?? throw new NotFoundException("Alert", alertId);
        if (!Enum.TryParse<AlertAction>(action, true, out var act)) throw new NotFoundException("AlertAction", action);
        a.Apply(act, reason, by, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
    }

    private static RiskAlertFacts Facts(RiskAlert a) =>
        new(a.Id, a.ParkId, AlertTypes.Code(a.Type), AlertService.Code(a.Severity), AlertService.Code(a.State), a.EnterpriseId, a.RaisedAt, a.EvidenceJson)
        {
            Active = AlertLifecycle.IsActive(a.State),
            ClosedAt = AlertLifecycle.IsActive(a.State) ? null : a.StateChangedAt ?? a.UpdatedAt,
        };
}
