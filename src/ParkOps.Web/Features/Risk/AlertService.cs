using System.Text.Json;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Risk;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Enterprises.Contracts;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Risk;

/// <summary>An alert as the API gives it (issue 12 §3's contract: exactly these fields).</summary>
public sealed record AlertDto(long Id, string Type, string Severity, string State, long? EnterpriseId, DateTime RaisedAt, JsonElement Evidence);

/// <summary>An alert with what the console shows besides: who owns it, why it was dismissed, whether the latest run still found it.</summary>
public sealed record AlertView(AlertDto Alert, AlertType Type, AlertSeverity Severity, AlertState State, string Basis, string? Owner, string? Reason, bool StillHolds,
    DateTime UpdatedAt, DateTime? StateChangedAt);

[StoredIn(typeof(RiskAlert))] public sealed record AlertDismissInput([FreeText] string? Reason);

public sealed record AlertBulkInput([MaxItems(AlertService.MaxBulk)] long[] Ids);

public sealed record AlertBulkResult(int Acknowledged, IReadOnlyList<long> Skipped);

public sealed record AlertFilter(string? Type = null, string? State = null, string? Severity = null, long? EnterpriseId = null);

/// <summary>Counts of a park's alerts for government viewers: no enterprise, no figure of any firm.</summary>
public sealed record RiskSummaryDto(long ParkId, int Active, IReadOnlyList<RiskSummaryRow> ByType, IReadOnlyDictionary<string, int> BySeverity, IReadOnlyDictionary<string, int> ByState);

public sealed record RiskSummaryRow(string Type, int High, int Medium, int Low, int Total);

/// <summary>
/// The alerts of a park for its operators (and the platform admin): list, act, bulk acknowledge, run now, thresholds;
/// a government viewer of the park reads only <see cref="SummaryAsync"/>; an enterprise user none of it (DOMAIN §1: an
/// alert names a firm and its confidential figures).
/// </summary>
public sealed class AlertService(ParkOpsDb db, RiskRuns runs, IEnterpriseDirectory directory, TimeProvider clock, IStringLocalizer<Text> t)
{
    public const int MaxBulk = 500;

    private static readonly string[] States = Enum.GetNames<AlertState>().Select(s => s.ToLowerInvariant()).ToArray();
    private static readonly string[] Severities = Enum.GetNames<AlertSeverity>().Select(s => s.ToLowerInvariant()).ToArray();

    private async Task OperatorOfAsync(long parkId, CancellationToken ct)
    {
        if (!db.Actor.CanOperatePark(parkId))
        {
            if (db.Actor.CanSeePark(parkId)) throw new ForbiddenException("RiskAlertsAreForOperators");
            throw new NotFoundException("Park", parkId);
        }
        await directory.ParkIndustryAsync(parkId, ct);
    }

    public static string Code(AlertSeverity s) => s.ToString().ToLowerInvariant();
    public static string Code(AlertState s) => s.ToString().ToLowerInvariant();

    public async Task<List<AlertView>> ListAsync(long parkId, AlertFilter filter, CancellationToken ct)
    {
        await OperatorOfAsync(parkId, ct);
        var q = db.Set<RiskAlert>().AsNoTracking().Where(a => a.ParkId == parkId);
        var failures = new List<ValidationFailure>();
        if (!string.IsNullOrWhiteSpace(filter.Type))
        {
            if (AlertTypes.TryParse(filter.Type.Trim(), out var type)) q = q.Where(a => a.Type == type);
            else failures.Add(new ValidationFailure("type", t["Risk.BadType", string.Join(", ", AlertTypes.All.Select(AlertTypes.Code))]));
        }
        if (!string.IsNullOrWhiteSpace(filter.State))
        {
            if (Enum.TryParse<AlertState>(filter.State.Trim(), true, out var state) && States.Contains(filter.State.Trim().ToLowerInvariant())) q = q.Where(a => a.State == state);
            else failures.Add(new ValidationFailure("state", t["Risk.BadState", string.Join(", ", States)]));
        }
        if (!string.IsNullOrWhiteSpace(filter.Severity))
        {
            if (Enum.TryParse<AlertSeverity>(filter.Severity.Trim(), true, out var sev) && Severities.Contains(filter.Severity.Trim().ToLowerInvariant())) q = q.Where(a => a.Severity == sev);
            else failures.Add(new ValidationFailure("severity", t["Risk.BadSeverity", string.Join(", ", Severities)]));
        }
        if (failures.Count > 0) throw new ValidationException(failures);
        if (filter.EnterpriseId is { } e) q = q.Where(a => a.EnterpriseId == e);
        var rows = await q.ToListAsync(ct);
        // worst first, then newest
        return rows.OrderByDescending(a => AlertLifecycle.IsActive(a.State)).ThenByDescending(a => a.Severity).ThenByDescending(a => a.RaisedAt).ThenByDescending(a => a.Id)
            .Select(View).ToList();
    }

    public async Task<AlertView> GetAsync(long id, CancellationToken ct)
    {
        var a = await db.Set<RiskAlert>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("Alert", id);
        await OperatorOfAsync(a.ParkId, ct);
        return View(a);
    }

    /// <summary>The park of an alert the caller may read (checked by <see cref="GetAsync"/> first).</summary>
    public async Task<long> ParkOfAsync(long id, CancellationToken ct) =>
        await db.Set<RiskAlert>().AsNoTracking().Where(x => x.Id == id).Select(x => x.ParkId).FirstOrDefaultAsync(ct);

    public async Task<AlertView> ActAsync(long id, AlertAction action, string? reason, CancellationToken ct)
    {
        var a = await db.Set<RiskAlert>().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("Alert", id);
        await OperatorOfAsync(a.ParkId, ct);
        a.Apply(action, reason, db.Actor.UserName, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return View(a);
    }

    /// <summary>Acknowledges the park's open alerts among <paramref name="ids"/>; those already past open are skipped and listed; an id not of the park is 404 and changes nothing.</summary>
    public async Task<AlertBulkResult> AcknowledgeAsync(long parkId, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        await OperatorOfAsync(parkId, ct);
        if (ids.Count == 0) throw new ValidationException([new ValidationFailure("ids", t["Risk.NoIds"])]);
        var wanted = ids.Distinct().ToArray();
        var alerts = await db.Set<RiskAlert>().Where(a => a.ParkId == parkId && wanted.Contains(a.Id)).ToListAsync(ct);
        var missing = wanted.Except(alerts.Select(a => a.Id)).FirstOrDefault();
        if (missing != 0) throw new NotFoundException("Alert", missing);
        var now = clock.GetUtcNow().UtcDateTime;
        var skipped = new List<long>();
        foreach (var a in alerts.OrderBy(a => a.Id))
        {
            if (a.State != AlertState.Open) { skipped.Add(a.Id); continue; }
            a.Apply(AlertAction.Acknowledge, null, db.Actor.UserName, now);
        }
        await db.SaveChangesAsync(ct);
        return new AlertBulkResult(alerts.Count - skipped.Count, skipped);
    }

    public async Task<RiskRunResult> RunNowAsync(long parkId, CancellationToken ct)
    {
        await OperatorOfAsync(parkId, ct);
        return await runs.RunAsync(parkId, RiskRunTrigger.Operator, db.Actor.UserName, ct);
    }

    public async Task<List<RiskRunResult>> RunHistoryAsync(long parkId, int take, CancellationToken ct)
    {
        await OperatorOfAsync(parkId, ct);
        var rows = await db.Set<RiskRun>().AsNoTracking().Where(r => r.ParkId == parkId).OrderByDescending(r => r.Id).Take(take).ToListAsync(ct);
        return rows.Select(RiskRunner.ToResult).ToList();
    }

    public async Task<RiskSettings> SettingsAsync(long parkId, CancellationToken ct)
    {
        await OperatorOfAsync(parkId, ct);
        return await RiskSettingsStore.LoadAsync(db, parkId, ct);
    }

    public async Task<RiskSettings> SetSettingsAsync(long parkId, RiskSettings settings, CancellationToken ct)
    {
        await OperatorOfAsync(parkId, ct);
        settings.Check();
        var row = await db.Set<RiskParkSettings>().FirstOrDefaultAsync(s => s.ParkId == parkId, ct);
        if (row is null) db.Set<RiskParkSettings>().Add(row = new RiskParkSettings { ParkId = parkId });
        row.Json = JsonSerializer.Serialize(settings, RiskRunner.Json);
        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        row.UpdatedBy = db.Actor.UserName;
        await db.SaveChangesAsync(ct);
        return settings;
    }

    /// <summary>
    /// The park's counts by type, severity and state: its operators, the platform admin and the park's government
    /// viewers; an enterprise user of the park is refused; a park out of sight is not found.
    /// </summary>
    public async Task<RiskSummaryDto> SummaryAsync(long parkId, CancellationToken ct)
    {
        var a = db.Actor;
        if (!a.CanOperatePark(parkId) && !a.GovernmentParkIds.Contains(parkId))
        {
            if (a.CanSeePark(parkId)) throw new ForbiddenException("RiskSummaryIsForOperatorsAndGovernment");
            throw new NotFoundException("Park", parkId);
        }
        await directory.ParkIndustryAsync(parkId, ct);
        var rows = await db.Set<RiskAlert>().IgnoreQueryFilters().AsNoTracking().Where(x => x.ParkId == parkId)
            .GroupBy(x => new { x.Type, x.Severity, x.State }).Select(g => new { g.Key.Type, g.Key.Severity, g.Key.State, Count = g.Count() }).ToListAsync(ct);
        var active = rows.Where(r => AlertLifecycle.IsActive(r.State)).ToList();
        var byType = AlertTypes.All.Select(type =>
        {
            var of = active.Where(r => r.Type == type).ToList();
            int Of(AlertSeverity s) => of.Where(r => r.Severity == s).Sum(r => r.Count);
            return new RiskSummaryRow(AlertTypes.Code(type), Of(AlertSeverity.High), Of(AlertSeverity.Medium), Of(AlertSeverity.Low), of.Sum(r => r.Count));
        }).ToList();
        var bySeverity = Enum.GetValues<AlertSeverity>().Reverse().ToDictionary(Code, s => active.Where(r => r.Severity == s).Sum(r => r.Count));
        var byState = Enum.GetValues<AlertState>().ToDictionary(Code, s => rows.Where(r => r.State == s).Sum(r => r.Count));
        return new RiskSummaryDto(parkId, active.Sum(r => r.Count), byType, bySeverity, byState);
    }

    public static AlertView View(RiskAlert a)
    {
        using var doc = JsonDocument.Parse(a.EvidenceJson);
        var dto = new AlertDto(a.Id, AlertTypes.Code(a.Type), Code(a.Severity), Code(a.State), a.EnterpriseId, a.RaisedAt, doc.RootElement.Clone());
        return new AlertView(dto, a.Type, a.Severity, a.State, a.Basis, a.Owner, a.Reason, a.StillHolds, a.UpdatedAt, a.StateChangedAt);
    }
}
