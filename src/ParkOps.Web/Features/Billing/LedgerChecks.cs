using ParkOps.Web.Features.Parks;
using ParkOps.Web.Platform;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Billing;
using ParkOps.Web.Data;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Billing;

public enum LedgerCheckTrigger { Nightly, Console, Api, Cli }

/// <summary>
/// One run of the invariant check over a park's books (<see cref="LedgerInvariants"/>): when, who or what started it,
/// what it read and what it found. A nightly run carries its day, and the day is unique per park, so when several app
/// processes share the database the night's check runs once.
/// </summary>
public sealed class LedgerCheck : IParkOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public LedgerCheckTrigger Trigger { get; set; }
    /// <summary>The business day (Asia/Shanghai) of a nightly run; null for the others.</summary>
    public DateOnly? NightlyDay { get; set; }
    public string StartedBy { get; set; } = "";
    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public int Bills { get; set; }
    public int Lines { get; set; }
    public int Payments { get; set; }
    public int CreditAccounts { get; set; }
    public int Findings { get; set; }
    /// <summary>The findings as JSON [{rule, entity, key, expected, actual}] (the first <see cref="LedgerVerifier.MaxStoredFindings"/>).</summary>
    public string FindingsJson { get; set; } = "[]";
}

public sealed record LedgerFindingDto(string Rule, string Entity, string Key, string Expected, string Actual, string Text);

public sealed record LedgerCheckDto(long Id, long ParkId, LedgerCheckTrigger Trigger, DateOnly? NightlyDay, string StartedBy, DateTime StartedAt, DateTime? FinishedAt,
    int Bills, int Lines, int Payments, int CreditAccounts, int Findings, IReadOnlyList<LedgerFindingDto> Details);

/// <summary>
/// <c>verify</c>: gathers a park's books, checks them with the domain's invariants and records the run. It reports
/// and never repairs: a finding is for the operator to investigate (docs/operations.md).
/// </summary>
public sealed class LedgerVerifier(ParkOpsDb db, Enterprises.EnterpriseService enterprises, TimeProvider clock, IStringLocalizer<Text> t)
{
    public const int MaxStoredFindings = 500;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Checks a park the caller operates now and records the run.</summary>
    public async Task<LedgerCheckDto> RunAsync(long parkId, LedgerCheckTrigger trigger, CancellationToken ct)
    {
        await enterprises.ParkForWriteAsync(parkId, ct);
        var check = new LedgerCheck { ParkId = parkId, Trigger = trigger, StartedBy = db.Actor.UserName, StartedAt = clock.GetUtcNow().UtcDateTime };
        await CheckAsync(check, ct);
        db.LedgerChecks.Add(check);
        await db.SaveChangesAsync(ct);
        return ToDto(check);
    }

    /// <summary>
    /// The night's run for one park, unless another process has it already (the park's row for the day is unique);
    /// returns the check, or null when it was someone else's.
    /// </summary>
    public async Task<LedgerCheck?> RunNightlyAsync(long parkId, DateOnly day, CancellationToken ct)
    {
        var check = new LedgerCheck { ParkId = parkId, Trigger = LedgerCheckTrigger.Nightly, NightlyDay = day, StartedBy = "system", StartedAt = clock.GetUtcNow().UtcDateTime };
        db.LedgerChecks.Add(check);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (Leasing.LeaseService.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return null;
        }
        await CheckAsync(check, ct);
        await db.SaveChangesAsync(ct);
        return check;
    }

    public async Task<List<LedgerCheckDto>> HistoryAsync(long parkId, int take, CancellationToken ct)
    {
        await enterprises.ParkForWriteAsync(parkId, ct);
        var list = await db.LedgerChecks.AsNoTracking().Where(c => c.ParkId == parkId).OrderByDescending(c => c.Id).Take(Math.Clamp(take, 1, 100)).ToListAsync(ct);
        return list.Select(ToDto).ToList();
    }

    /// <summary>Reads the park's books (consistently: one read-only transaction) and fills in the check's figures and findings.</summary>
    private async Task CheckAsync(LedgerCheck check, CancellationToken ct)
    {
        var facts = await GatherAsync(check.ParkId, ct);
        var findings = LedgerInvariants.Check(facts);
        check.Bills = facts.Bills.Count;
        check.Lines = facts.Lines.Count;
        check.Payments = facts.Payments.Count;
        check.CreditAccounts = facts.Accounts.Count;
        check.Findings = findings.Count;
        check.FindingsJson = JsonSerializer.Serialize(findings.Take(MaxStoredFindings), Json);
        check.FinishedAt = clock.GetUtcNow().UtcDateTime;
    }

    private async Task<LedgerFacts> GatherAsync(long parkId, CancellationToken ct)
    {
        // one snapshot: on PostgreSQL a REPEATABLE READ transaction, on SQLite a deferred one (a read snapshot of the WAL
        // that does not hold back writers), so a payment landing mid-check cannot show as a bill/payments mismatch
        await using var tx = await ReadSnapshotAsync(ct);
        var bills = (await db.Bills.IgnoreQueryFilters().AsNoTracking().Where(b => b.ParkId == parkId)
                .Select(b => new { b.Id, b.Number, b.EnterpriseId, b.Month, b.State, b.Total, b.Paid }).ToListAsync(ct))
            .Select(b => new LedgerBill(b.Id, b.Number, b.EnterpriseId, b.Month, (LedgerBillState)(int)b.State, b.Total, b.Paid)).ToList();
        var lines = (await db.BillLines.IgnoreQueryFilters().AsNoTracking().Where(l => l.ParkId == parkId)
                .Select(l => new { l.BillId, l.Kind, l.SourceType, l.SourceId, l.Amount }).ToListAsync(ct))
            .Select(l => new LedgerLine(l.BillId, l.Kind.ToString(), l.SourceType, l.SourceId, l.Amount)).ToList();
        var payments = (await db.Payments.IgnoreQueryFilters().AsNoTracking().Where(p => p.ParkId == parkId)
                .Select(p => new { p.Id, p.BillId, p.EnterpriseId, p.Amount, p.Applied, p.Method }).ToListAsync(ct))
            .Select(p => new LedgerPayment(p.Id, p.BillId, p.EnterpriseId, p.Amount, p.Applied, p.Method == PaymentMethod.Credit)).ToList();
        var notes = await db.CreditNotes.IgnoreQueryFilters().AsNoTracking().Where(n => n.ParkId == parkId)
            .Select(n => new LedgerCreditNote(n.Id, n.Number, n.BillId, n.ReplacementBillId, n.ToCredit)).ToListAsync(ct);
        var accounts = await db.CreditBalances.IgnoreQueryFilters().AsNoTracking().Where(c => c.ParkId == parkId)
            .Select(c => new LedgerCreditAccount(c.EnterpriseId, c.Amount)).ToListAsync(ct);
        var movements = await db.CreditMovements.IgnoreQueryFilters().AsNoTracking().Where(m => m.ParkId == parkId)
            .Select(m => new LedgerMovement(m.Id, m.EnterpriseId, m.Amount, m.PaymentId, m.CreditNoteId)).ToListAsync(ct);
        var charges = await db.PendingCharges.IgnoreQueryFilters().AsNoTracking().Where(c => c.ParkId == parkId)
            .Select(c => new LedgerCharge(c.Id, c.SourceType, c.SourceId, c.Month, c.BilledBillId)).ToListAsync(ct);
        await tx.CommitAsync(ct);
        return new LedgerFacts(bills, lines, payments, notes, accounts, movements, charges);
    }

    private async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction> ReadSnapshotAsync(CancellationToken ct)
    {
        if (db.Database.IsNpgsql()) return await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        await db.Database.OpenConnectionAsync(ct);
        var sqlite = (Microsoft.Data.Sqlite.SqliteConnection)db.Database.GetDbConnection();
        return await db.Database.UseTransactionAsync(sqlite.BeginTransaction(deferred: true), ct) ?? throw new InvalidOperationException("no transaction");
    }

    public LedgerCheckDto ToDto(LedgerCheck c)
    {
        var findings = JsonSerializer.Deserialize<List<LedgerFinding>>(c.FindingsJson, Json) ?? [];
        return new LedgerCheckDto(c.Id, c.ParkId, c.Trigger, c.NightlyDay, c.StartedBy, c.StartedAt, c.FinishedAt, c.Bills, c.Lines, c.Payments, c.CreditAccounts, c.Findings,
            findings.Select(f => new LedgerFindingDto(f.Rule, f.Entity, f.Key, f.Expected, f.Actual, Describe(f))).ToList());
    }

    /// <summary>The finding in the reader's language: what is wrong, on which record, expected against found.</summary>
    public string Describe(LedgerFinding f)
    {
        var text = t["Ledger." + f.Rule, f.Key, f.Expected, f.Actual];
        return text.ResourceNotFound ? string.Create(CultureInfo.InvariantCulture, $"{f.Rule}: {f.Entity} {f.Key}: {f.Expected} ≠ {f.Actual}") : text.Value;
    }
}

/// <summary>
/// Every night (Asia/Shanghai, <c>ParkOps:Verification:NightlyAt</c>, default 02:30) checks the books of every park
/// and removes idempotency records past their retention. Each park's night is claimed in the database, so the work
/// runs once however many app processes share it. <c>ParkOps:Verification:Nightly=false</c> turns it off.
/// </summary>
public sealed class LedgerNightlyJob(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration config, ILogger<LedgerNightlyJob> log)
    : NightlyJob(clock, config, log, "Verification", new TimeOnly(2, 30))
{
    /// <summary>The night's work for <paramref name="day"/>: each park not yet checked that day, then the purge.</summary>
    public override async Task<int> RunOnceAsync(DateOnly day, CancellationToken ct)
    {
        List<long> parks;
        await using (var scope = scopes.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(ActorScope.System);
            var db = scope.ServiceProvider.GetRequiredService<ParkOpsDb>();
            parks = await db.Parks.Select(p => p.Id).OrderBy(id => id).ToListAsync(ct);
            await IdempotencyMiddleware.PurgeAsync(db, Clock.GetUtcNow().UtcDateTime, ct);
        }
        var ran = 0;
        foreach (var park in parks)
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(ActorScope.System);
            var check = await scope.ServiceProvider.GetRequiredService<LedgerVerifier>().RunNightlyAsync(park, day, ct);
            if (check is null) continue;
            ran++;
            if (check.Findings > 0) log.LogWarning("Ledger check of park {ParkId} on {Day}: {Findings} findings", park, day, check.Findings);
        }
        return ran;
    }
}
