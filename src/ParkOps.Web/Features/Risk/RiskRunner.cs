using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Monitoring;
using ParkOps.Domain.Risk;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Billing.Contracts;
using ParkOps.Web.Features.Enterprises.Contracts;
using ParkOps.Web.Features.Leasing.Contracts;
using ParkOps.Web.Features.Reporting.Contracts;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Platform;

namespace ParkOps.Web.Features.Risk;

public sealed record RiskRunResult(long RunId, long ParkId, RiskRunTrigger Trigger, string Quarter, int Findings, int Raised, int Updated, DateTime StartedAt, DateTime? FinishedAt);

/// <summary>
/// One park's run of the risk rules: gather (reports, members, arrears, leased area, through the areas' contracts) →
/// compose (<see cref="RiskRules"/>) → write (raise new alerts, refresh the evidence of active ones). Runs in a scope
/// of its own as the system (<see cref="RiskRuns"/>): what it reads is the park's, whoever asked for the run.
/// </summary>
public sealed class RiskRunner(ParkOpsDb db, IQuarterlyReports reports, IEnterpriseDirectory directory, IAccountStanding standing, ILeaseLedger leases, TimeProvider clock,
    Notifications.Contracts.INotices notices)
{
    /// <summary>Years of reports read: the loss criterion looks at three complete calendar years before the latest quarter.</summary>
    public const int QuartersRead = 16;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public DateOnly Today => Time.Today(clock);

    public async Task<RiskRun> RunAsync(long parkId, RiskRunTrigger trigger, string startedBy, CancellationToken ct)
    {
        var run = new RiskRun { ParkId = parkId, Trigger = trigger, StartedBy = startedBy, StartedAt = clock.GetUtcNow().UtcDateTime };
        await ExecuteAsync(run, ct);
        db.Set<RiskRun>().Add(run);
        await db.SaveChangesAsync(ct);
        return run;
    }

    /// <summary>The night's run of one park unless another process claimed it (the park's row for the day is unique); null then.</summary>
    public async Task<RiskRun?> RunNightlyAsync(long parkId, DateOnly day, CancellationToken ct)
    {
        var run = new RiskRun { ParkId = parkId, Trigger = RiskRunTrigger.Nightly, NightlyDay = day, StartedBy = "system", StartedAt = clock.GetUtcNow().UtcDateTime };
        db.Set<RiskRun>().Add(run);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return null;
        }
        await ExecuteAsync(run, ct);
        await db.SaveChangesAsync(ct);
        return run;
    }

    private async Task ExecuteAsync(RiskRun run, CancellationToken ct)
    {
        var today = Today;
        var settings = await RiskSettingsStore.LoadAsync(db, run.ParkId, ct);
        var input = await GatherAsync(run.ParkId, today, ct);
        var findings = RiskRules.Run(input, settings);
        var now = clock.GetUtcNow().UtcDateTime;
        var (raised, updated) = await WriteAsync(run.ParkId, findings, now, ct);
        run.Quarter = input.Latest.ToString();
        run.Findings = findings.Count;
        run.Raised = raised;
        run.Updated = updated;
        run.FinishedAt = clock.GetUtcNow().UtcDateTime;
    }

    /// <summary>The facts of the park as of <paramref name="today"/> (the last quarter that has ended is the one judged).</summary>
    public async Task<RiskInputs> GatherAsync(long parkId, DateOnly today, CancellationToken ct)
    {
        var latest = Quarter.Of(today).Previous;
        var members = (await directory.ParkMembersAsync(parkId, ct)).Where(m => m.InPark).ToList();
        var industry = await directory.ParkIndustryAsync(parkId, ct);
        var filed = await reports.ParkReportsAsync(parkId, latest.Plus(-(QuartersRead - 1)), latest, ct, CustomersRead.LatestSubmitted, FiguresRead.Risk);
        var arrears = await standing.ArrearsMonthsAsync(parkId, today, ct);
        // floor area leased at the end of the quarter judged (the density rule's denominator)
        var area = await leases.LeasedAreaAsync(parkId, latest.LastDay.AddDays(1).AddMonths(-1), ct);
        var enterprises = members.Select(m => new RiskEnterprise(m.Id, m.IsChainLeader, m.ChainStages, m.EstablishedOn, area.TryGetValue(m.Id, out var a) ? a : null)).ToList();
        var submitted = filed.Where(r => r.Submitted).Select(r => r.Facts).ToList();
        var filings = filed.Where(r => r.Facts.Quarter >= latest.Previous)
            .Select(r => new ReportFiling(r.Facts.EnterpriseId, r.Facts.Quarter, r.Submitted && r.SubmittedAt is { } at ? DateOnly.FromDateTime(Time.ToShanghai(at)) : null)).ToList();
        return new RiskInputs(latest, today, enterprises, submitted, filings, arrears, industry.ChainStages);
    }

    public static string EvidenceOf(RiskFinding f) => JsonSerializer.Serialize(f.Evidence, f.Evidence.GetType(), Json);

    /// <summary>
    /// Raises what is new and refreshes what is active; an active alert no run found again is marked as no longer
    /// holding and stays for a person to close; a closed alert of the same key and quarter is not raised again.
    /// Another run racing on the same park (a filing while the operator runs) loses on the unique key and retries once.
    /// </summary>
    public async Task<(int Raised, int Updated)> WriteAsync(long parkId, IReadOnlyList<RiskFinding> findings, DateTime now, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try { return await WriteOnceAsync(parkId, findings, now, ct); }
            catch (Exception e) when (attempt == 0 && IsUniqueViolation(e))
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private sealed record ActiveAlert(long Id, string Key, string Evidence, AlertSeverity Severity, string Basis, bool StillHolds);

    /// <summary>
    /// Set-wise: the active alerts are read as plain rows, new alerts go in by <see cref="SetWriter"/> and "no longer
    /// holds" is one UPDATE; only alerts whose evidence changed go through the change tracker. Through the tracker, a
    /// park of 100,000 firms (60,000 alerts) took 114 s on SQLite, most of it the tracked inserts and their audit rows
    /// (bench/results/risk.md). The run's own row, audited, keeps how many were raised and updated. The reads stay
    /// outside the transaction: a SQLite transaction that read before another process wrote could not write at all,
    /// where a late writer should lose on the unique key and retry.
    /// </summary>
    private async Task<(int, int)> WriteOnceAsync(long parkId, IReadOnlyList<RiskFinding> findings, DateTime now, CancellationToken ct)
    {
        var alerts = db.Set<RiskAlert>().IgnoreQueryFilters().AsNoTracking();
        var active = await alerts.Where(a => a.ParkId == parkId && a.ActiveKey != null)
            .Select(a => new ActiveAlert(a.Id, a.ActiveKey!, a.EvidenceJson, a.Severity, a.Basis, a.StillHolds))
            .ToDictionaryAsync(a => a.Key, ct);
        var closed = (await alerts.Where(a => a.ParkId == parkId && a.ActiveKey == null).Select(a => new { a.DedupeKey, a.Basis }).ToListAsync(ct))
            .Select(a => (a.DedupeKey, a.Basis)).ToHashSet();
        var fresh = new List<RiskAlert>();
        var changed = new Dictionary<long, (RiskFinding Finding, string Evidence)>();
        var seen = new HashSet<string>();
        foreach (var f in findings)
        {
            if (!seen.Add(f.Key)) continue;
            var evidence = EvidenceOf(f);
            if (active.TryGetValue(f.Key, out var a))
            {
                if (!RiskAlert.Unchanged(a.Evidence, a.Severity, a.Basis, a.StillHolds, f, evidence)) changed[a.Id] = (f, evidence);
                continue;
            }
            if (closed.Contains((f.Key, f.Basis.ToString()))) continue;
            fresh.Add(RiskAlert.Raise(parkId, f, evidence, now));
        }
        var gone = active.Values.Where(a => !seen.Contains(a.Key) && a.StillHolds).Select(a => a.Id).ToList();

        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        foreach (var slice in changed.Keys.Chunk(Slice))
        {
            var ids = slice;
            foreach (var a in await db.Set<RiskAlert>().IgnoreQueryFilters().Where(a => EF.Parameter(ids).Contains(a.Id)).ToListAsync(ct))
                a.Refresh(changed[a.Id].Finding, changed[a.Id].Evidence, now);
        }
        if (changed.Count > 0) await db.SaveChangesAsync(ct);
        foreach (var slice in gone.Chunk(Slice))
        {
            var ids = slice;
            await db.Set<RiskAlert>().IgnoreQueryFilters().Where(a => EF.Parameter(ids).Contains(a.Id))
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.StillHolds, false).SetProperty(a => a.UpdatedAt, now), ct);
        }
        // around the change tracker: the park's figures kept elsewhere learn of it from its mark
        if (gone.Count > 0) await Platform.ParkChanges.MarkAsync(db, [parkId], ct);
        await SetWriter.InsertAsync(db, fresh, null, ct);
        // the park's operators hear of new high-severity alerts, one notice per type, in the run's transaction
        var high = fresh.Where(a => a.Severity == AlertSeverity.High).GroupBy(a => a.Type).OrderBy(g => g.Key).ToList();
        if (high.Count > 0)
        {
            notices.Send(high.Select(g => Notifications.Contracts.Notice.ToOperators(parkId, "RiskAlert", $"/parks/{parkId}/risk",
                "@Risk.Type." + AlertTypes.Code(g.Key), g.Count().ToString(System.Globalization.CultureInfo.InvariantCulture))));
            await db.SaveChangesAsync(ct);
        }
        if (tx is not null) await tx.CommitAsync(ct);
        return (fresh.Count, changed.Count + gone.Count);
    }

    /// <summary>Ids per statement: one array (PostgreSQL) or JSON (SQLite) parameter each.</summary>
    private const int Slice = 50_000;

    // the same test as Leasing's, kept here: an area does not call another's internals; the set-wise insert raises
    // the provider's exception itself, SaveChanges wraps it
    private static bool IsUniqueViolation(Exception ex) => (ex is DbUpdateException ? ex.InnerException : ex) switch
    {
        Npgsql.PostgresException pg => pg.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        Microsoft.Data.Sqlite.SqliteException s => s.SqliteExtendedErrorCode is 2067 or 1555,
        _ => false,
    };

    public static RiskRunResult ToResult(RiskRun r) => new(r.Id, r.ParkId, r.Trigger, r.Quarter, r.Findings, r.Raised, r.Updated, r.StartedAt, r.FinishedAt);
}

/// <summary>A park's thresholds: stored JSON over the defaults.</summary>
public static class RiskSettingsStore
{
    public static async Task<RiskSettings> LoadAsync(ParkOpsDb db, long parkId, CancellationToken ct)
    {
        var json = await db.Set<RiskParkSettings>().IgnoreQueryFilters().AsNoTracking().Where(s => s.ParkId == parkId).Select(s => s.Json).FirstOrDefaultAsync(ct);
        return json is null ? RiskSettings.Default : JsonSerializer.Deserialize<RiskSettings>(json, RiskRunner.Json) ?? RiskSettings.Default;
    }
}

/// <summary>
/// Starts runs in a scope of their own as the system (the rules read the whole park, whoever asked), each recorded as a
/// job (<see cref="Jobs"/>, kind <see cref="JobKind"/>) with its figures.
/// </summary>
public sealed class RiskRuns(IServiceScopeFactory scopes, Jobs jobs)
{
    public const string JobKind = "RiskRun";

    public async Task<RiskRunResult> RunAsync(long parkId, RiskRunTrigger trigger, string startedBy, CancellationToken ct)
    {
        var job = await jobs.StartAsync(JobKind, parkId, trigger.ToString(), startedBy, ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(ActorScope.System);
            var run = await scope.ServiceProvider.GetRequiredService<RiskRunner>().RunAsync(parkId, trigger, startedBy, ct);
            var result = RiskRunner.ToResult(run);
            await jobs.FinishAsync(job, true, new { result.Quarter, result.Findings, result.Raised, result.Updated }, null, null);
            return result;
        }
        catch (Exception e)
        {
            await jobs.FinishAsync(job, false, null, (e as Domain.Rules.DomainRuleException)?.Rule, e.Message);
            throw;
        }
    }
}

/// <summary>Runs the park's rules when Reporting tells of new or changed reports (a failure here is logged by Reporting; the night catches up).</summary>
public sealed class RiskReportListener(RiskRuns runs) : IReportFiledListener
{
    public async Task ReportsFiledAsync(long parkId, IReadOnlyCollection<long> enterpriseIds, Quarter quarter, CancellationToken ct) =>
        await runs.RunAsync(parkId, RiskRunTrigger.NewReports, "system", ct);
}

/// <summary>
/// Every night (Asia/Shanghai, <c>ParkOps:Risk:NightlyAt</c>, default 03:10, after the ledger check) runs the rules of
/// every park. Each park's night is claimed in the database (<see cref="RiskRun.NightlyDay"/> unique per park), so it
/// runs once however many app processes share it. <c>ParkOps:Risk:Nightly=false</c> turns it off.
/// </summary>
public sealed class RiskNightlyJob(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration config, ILogger<RiskNightlyJob> log)
    : NightlyJob(clock, config, log, "Risk", new TimeOnly(3, 10))
{
    /// <summary>The night's runs for <paramref name="day"/>: each park not yet run that day; returns how many this call ran.</summary>
    public override async Task<int> RunOnceAsync(DateOnly day, CancellationToken ct)
    {
        IReadOnlyList<long> parks;
        await using (var scope = scopes.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(ActorScope.System);
            parks = await scope.ServiceProvider.GetRequiredService<IEnterpriseDirectory>().ParkIdsAsync(ct);
        }
        var ran = 0;
        foreach (var park in parks)
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(ActorScope.System);
            try
            {
                var run = await scope.ServiceProvider.GetRequiredService<RiskRunner>().RunNightlyAsync(park, day, ct);
                if (run is null) continue;
                ran++;
                log.LogInformation("Nightly risk run of park {ParkId} on {Day}: {Findings} findings, {Raised} raised", park, day, run.Findings, run.Raised);
            }
            catch (Exception e) when (e is not OperationCanceledException) { log.LogError(e, "Nightly risk run of park {ParkId} failed", park); }
        }
        return ran;
    }
}
