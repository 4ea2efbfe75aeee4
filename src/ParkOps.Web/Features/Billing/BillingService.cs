using System.Globalization;
using System.Text.Json;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Pricing;
using ParkOps.Domain.Rules;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Leasing;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Resources;
using ParkOps.Domain.Billing;
using ParkOps.Web.Features.Enterprises.Contracts;
using ParkOps.Web.Features.Leasing.Contracts;
using ParkOps.Web.Features.Metering.Contracts;

namespace ParkOps.Web.Features.Billing;

public sealed record BillRunRequest([Code(7)] string Month);

public sealed record BillRunResult(long Id, long ParkId, string Month, BillRunState State, int BillsCreated, int BillsExisting, decimal TotalCreated, DateTime StartedAt, DateTime FinishedAt);

public sealed record BillLineDto(long Id, BillLineKind Kind, string SourceType, string SourceId, string Description, decimal Quantity, string Unit, decimal UnitPrice, decimal Amount, IReadOnlyList<AppliedRule> Rules);

public sealed record BillDto(long Id, long ParkId, long EnterpriseId, string EnterpriseName, string Number, string Month, BillState State, decimal Total, decimal Paid,
    decimal Outstanding, DateOnly DueDate, DateTime IssuedAt, IReadOnlyList<BillLineDto>? Lines);

/// <summary>
/// The monthly bill run (DOMAIN §3): one bill per enterprise and month with rent (from the pricing engine, the
/// same figures as the quote), property fee and the charges other areas posted. A run is one transaction (a run
/// killed half-way leaves nothing) and re-runnable: enterprises that already have a bill for the month are
/// skipped, so running a month twice changes nothing.
/// </summary>
public sealed class BillingService(ParkOpsDb db, EnterpriseService enterprises, TimeProvider clock, IStringLocalizer<Text> t, Platform.Jobs jobs,
    ILeaseLedger ledger, Metering.Contracts.IUtilityUsage utilities, Metering.Contracts.ILateFeeTerms lateFees, IEnterpriseDirectory directory, Notifications.Contracts.INotices notices)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public DateOnly Today => enterprises.Today;

    /// <summary>A console form's submission runs once (a double click or a resent page pays or refunds nothing more).</summary>
    public Task<bool> RunOnceAsync(string? key, string request, Func<Task> work, CancellationToken ct) =>
        IdempotencyMiddleware.RunOnceAsync(db, db.Actor.UserId ?? 0, key ?? Guid.NewGuid().ToString("N"), request, clock.GetUtcNow().UtcDateTime, work, ct);

    public DateOnly ParseMonth(string? month, string field = "month")
    {
        if (!ParkOps.Domain.Rules.BusinessDates.TryParseMonth(month, out var m))
            throw new ValidationException([new ValidationFailure(field, t["Val.Month"]) { ErrorCode = "Month" }]);
        return m;
    }

    public async Task<BillRunResult> RunAsync(long parkId, BillRunRequest request, CancellationToken ct)
    {
        var park = await enterprises.ParkForWriteAsync(parkId, ct);
        var month = ParseMonth(request.Month);
        var today = enterprises.Today;
        if (month > new DateOnly(today.Year, today.Month, 1))
            throw new DomainRuleException("BillMonthMustNotBeInFuture", "month", "不能为未来月份出账") { Arguments = [request.Month] };
        var monthEnd = month.AddMonths(1).AddDays(-1);
        var started = clock.GetUtcNow().UtcDateTime;
        // the job is recorded before the run's transaction opens, and its end after it closes: others see both
        var job = await jobs.StartAsync(Platform.JobKinds.BillRun, parkId, request.Month, db.Actor.UserName, ct);
        var ok = false;
        BillRunResult? result = null;
        Exception? failure = null;
        try
        {
            // the run is one transaction and a failure anywhere undoes all of it: no savepoint around each save
            db.Database.AutoSavepointsEnabled = false;
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // one run of a park at a time: a second run waits, then finds the month billed and writes nothing (SQLite's
            // transaction holds the one write lock already)
            await RowLocks.AdvisoryAsync(db, RowLocks.Spaces.BillRun, parkId, ct);
            // the month's bills so far: who is billed already (live bills), and how many numbers are taken (all bills)
            var monthBills = await db.Bills.IgnoreQueryFilters().Where(b => b.ParkId == parkId && b.Month == month).Select(b => new { b.EnterpriseId, b.State }).ToListAsync(ct);
            var billed = monthBills.Where(b => b.State != BillState.Cancelled).Select(b => b.EnterpriseId).ToHashSet();
            var billedIds = billed.ToArray();
            var seq = monthBills.Count;
            // gather: the leases in force that month whose enterprise has no bill yet (a rerun with everyone billed loads none)
            var leases = await ledger.InForceAsync(parkId, month, billed, ct);
            var pending = await db.PendingCharges.Where(c => c.ParkId == parkId && c.Month == month && c.BilledBillId == null).ToListAsync(ct);
            // late fees on what is still overdue, per the park's late-fee policy in force for the month
            var lateFee = await lateFees.InForceAsync(parkId, month, ct);
            var overdue = lateFee is null || lateFee.DailyRate == 0 ? [] : (await db.Bills.AsNoTracking()
                .Where(b => b.ParkId == parkId && (b.State == BillState.Issued || b.State == BillState.PartiallyPaid) && b.DueDate < month)
                .Select(b => new { b.EnterpriseId, b.Number, b.DueDate, b.Total, b.Paid }).ToListAsync(ct))
                .Where(b => b.Total > b.Paid && !billed.Contains(b.EnterpriseId)).Select(b => new OverdueBill(b.EnterpriseId, b.Number, b.DueDate, b.Total - b.Paid)).ToList();
            // utilities are paid through leases, so these are all the enterprises the run may bill; none left = nothing to do
            var enterpriseIds = leases.Select(l => l.EnterpriseId).Concat(pending.Select(c => c.EnterpriseId)).Concat(overdue.Select(b => b.EnterpriseId))
                .Distinct().Where(id => !billed.Contains(id)).Order().ToList();
            List<MeteredUse> uses = [];
            IReadOnlyList<ParkOps.Domain.Metering.Tariff> tariffs = [];
            IReadOnlyDictionary<long, Enterprises.Contracts.EnterpriseCard> cards = new Dictionary<long, Enterprises.Contracts.EnterpriseCard>();
            IReadOnlyList<RentPolicy> policies = [];
            if (enterpriseIds.Count > 0)
            {
                // utilities: each metered unit's use in the month, paid by the lease holding the unit (Metering's door)
                tariffs = await utilities.TariffsInForceAsync(parkId, ct);
                if (tariffs.Count > 0)
                    uses = (await utilities.MonthUseAsync(parkId, month, enterpriseIds.ToHashSet(), ct))
                        .Where(u => u.Opening is not null && u.Closing is not null && u.Use > 0)
                        .Select(u => new MeteredUse(u.MeterId, u.Code, u.EnterpriseId, u.Utility, u.Opening!.Value, u.Closing!.Value)).ToList();
                cards = await directory.CardsAsync(enterpriseIds, ct);
                policies = await ledger.RentPoliciesAsync(parkId, ct);
            }
            await jobs.ReportAsync(job, 0, enterpriseIds.Count, ct);

            var run = new BillRun { ParkId = parkId, Month = month, State = BillRunState.Completed, StartedBy = db.Actor.UserName, StartedAt = started, BillsExisting = billed.Count };
            if (enterpriseIds.Count == 0)
            {
                // nothing to bill (a rerun of a billed month): the run writes nothing at all, not even its own record
                run.FinishedAt = clock.GetUtcNow().UtcDateTime;
                ok = true;
                return result = ToResult(run);
            }
            // compose: every figure and its rules come from the domain (BillComposer); this only numbers and stores them
            var facts = new BillFacts(month, policies, tariffs, lateFee, cards.ToDictionary(c => c.Key, c => c.Value.MuClass), leases, uses,
                pending.Select(c => new ChargeToBill(c.EnterpriseId, c.Kind, c.SourceType, c.SourceId, c.Description, c.Quantity, c.Unit, c.UnitPrice, c.Amount, BillRules.Deserialize(c.RulesJson))).ToList(),
                overdue);
            var composed = BillComposer.Compose(facts, enterpriseIds);
            var bills = new List<Bill>();
            var done = 0;
            foreach (var c in composed)
            {
                if (++done % 50 == 0) await jobs.ReportAsync(job, done, null, ct);
                if (c.Lines.Count == 0) continue;
                var bill = new Bill
                {
                    ParkId = parkId, EnterpriseId = c.EnterpriseId, Month = month, State = BillState.Issued, Number = $"{park.Code}-{month:yyyyMM}-{++seq:D4}",
                    DueDate = month.AddDays(14), IssuedAt = started, Total = c.Total,
                };
                foreach (var l in c.Lines)
                    bill.Lines.Add(new BillLine
                    {
                        ParkId = parkId, EnterpriseId = l.EnterpriseId, Kind = l.Kind, SourceType = l.SourceType, SourceId = l.SourceId, Description = l.Description,
                        Quantity = l.Quantity, Unit = l.Unit, UnitPrice = l.UnitPrice, Amount = l.Amount, RulesJson = BillRules.Serialize(l.Rules),
                    });
                bills.Add(bill);
            }
            // the run's record carries its figures from the start (one insert, no update afterwards)
            run.BillsCreated = bills.Count;
            run.TotalCreated = bills.Sum(b => b.Total);
            run.FinishedAt = clock.GetUtcNow().UtcDateTime;
            db.BillRuns.Add(run);
            await db.SaveChangesAsync(ct);
            foreach (var b in bills) b.RunId = run.Id;
            await WriteBillsAsync(bills, ct);
            // each enterprise hears of its new bill, in the run's transaction (a failed run tells no one)
            await notices.SendSetAsync(bills.Select(b => Notifications.Contracts.Notice.ToEnterprise(parkId, b.EnterpriseId, "BillIssued", $"/bills/{b.Id}",
                b.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture), b.Number, b.Total.ToString("0.00", CultureInfo.InvariantCulture),
                b.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)) with { DedupeKey = $"bill-issued:{b.Id}" }).ToList(), skipGiven: false, ct);
            if (pending.Count > 0)
            {
                var billOf = bills.ToDictionary(b => b.EnterpriseId, b => b.Id);
                foreach (var c in pending) c.BilledBillId = billOf.TryGetValue(c.EnterpriseId, out var id) ? id : null;
                await db.SaveChangesAsync(ct);
            }
            await tx.CommitAsync(ct);
            ok = true;
            return result = ToResult(run);
        }
        catch (Exception e)
        {
            failure = e;
            throw;
        }
        finally
        {
            await jobs.FinishAsync(job, ok, result is null ? null : new { result.BillsCreated, result.BillsExisting, result.TotalCreated },
                failure switch { DomainRuleException d => d.Rule, null => null, _ => "BillRunFailed" }, failure?.Message);
        }
    }

    /// <summary>
    /// Stores the run's bills and lines set-wise (SetWriter: one statement per set on PostgreSQL, one prepared statement
    /// on SQLite) in the run's transaction, with one audit row per bill (its number, total and lines) instead of one
    /// per row: at 100,000 bills a run must not write half a million audit rows through the change tracker.
    /// </summary>
    private async Task WriteBillsAsync(List<Bill> bills, CancellationToken ct)
    {
        if (bills.Count == 0) return;
        await SetWriter.InsertAsync(db, bills, nameof(Bill.Number), ct);
        var lines = new List<BillLine>(bills.Sum(b => b.Lines.Count));
        foreach (var b in bills)
            foreach (var l in b.Lines) { l.BillId = b.Id; lines.Add(l); }
        await SetWriter.InsertAsync(db, lines, null, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var audit = bills.Select(b => new Audit.AuditEntry
        {
            At = now, ActorId = db.Actor.UserId, ActorName = db.Actor.UserName, Action = "Created", Entity = nameof(Bill),
            EntityKey = b.Id.ToString(CultureInfo.InvariantCulture), ParkId = b.ParkId, Source = "bill-run",
            After = JsonSerializer.Serialize(new { b.Id, b.Number, b.EnterpriseId, Month = b.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture), b.RunId, b.Total, b.DueDate,
                Lines = b.Lines.Select(l => new { l.Kind, l.SourceType, l.SourceId, l.Amount }) }, Json),
        }).ToList();
        await SetWriter.InsertAsync(db, audit, null, ct);
    }

    public async Task<List<BillRunResult>> RunsAsync(long parkId, CancellationToken ct)
    {
        await enterprises.ParkForReadAsync(parkId, ct);
        if (db.Actor.IsEnterpriseOnly) throw new ForbiddenException("OnlyOperatorsMayWrite");
        return (await db.BillRuns.AsNoTracking().Where(r => r.ParkId == parkId).OrderByDescending(r => r.Id).Take(100).ToListAsync(ct)).Select(ToResult).ToList();
    }

    private static BillRunResult ToResult(BillRun r) =>
        new(r.Id, r.ParkId, r.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture), r.State, r.BillsCreated, r.BillsExisting, r.TotalCreated, r.StartedAt, r.FinishedAt);

    public Task<Page<BillDto>> BillsAsync(long parkId, string? month, long? enterpriseId, BillState? state, int? page, int? pageSize, CancellationToken ct) =>
        BillsAsync(parkId, new BillFilter(month, enterpriseId, state), page, pageSize, ct);

    /// <summary>
    /// Bills of a park through a filter: month, enterprise, state, and standing — "unpaid" (issued or partly paid, something
    /// outstanding) or "overdue" (unpaid and past its due date, Beijing's today); sorted as asked (<see cref="BillFilter.Sorts"/>),
    /// by default newest month first.
    /// </summary>
    public async Task<Page<BillDto>> BillsAsync(long parkId, BillFilter f, int? page, int? pageSize, CancellationToken ct)
    {
        await enterprises.ParkForReadAsync(parkId, ct);
        db.Actor.RefuseGovernmentViewer(parkId);
        var q = db.Bills.AsNoTracking().Where(b => b.ParkId == parkId);
        if (!string.IsNullOrEmpty(f.Month)) { var m = ParseMonth(f.Month); q = q.Where(b => b.Month == m); }
        if (f.EnterpriseId is { } eid) q = q.Where(b => b.EnterpriseId == eid);
        if (f.State is { } s) q = q.Where(b => b.State == s);
        switch (f.Standing?.Trim().ToLowerInvariant())
        {
            case null or "" or "all": break;
            case "unpaid": q = q.Where(b => (b.State == BillState.Issued || b.State == BillState.PartiallyPaid) && b.Total > b.Paid); break;
            case "overdue":
                var today = Today;
                q = q.Where(b => (b.State == BillState.Issued || b.State == BillState.PartiallyPaid) && b.Total > b.Paid && b.DueDate < today);
                break;
            default: throw new FluentValidation.ValidationException([new FluentValidation.Results.ValidationFailure("standing", t["Val.Unknown"])]);
        }
        var sort = string.IsNullOrWhiteSpace(f.Sort) ? "month" : f.Sort.Trim().ToLowerInvariant();
        var desc = f.Desc ?? sort is "month" or "total" or "outstanding";
        q = sort switch
        {
            "month" => desc ? q.OrderByDescending(b => b.Month).ThenBy(b => b.Number) : q.OrderBy(b => b.Month).ThenBy(b => b.Number),
            "number" => desc ? q.OrderByDescending(b => b.Number) : q.OrderBy(b => b.Number),
            "due" => desc ? q.OrderByDescending(b => b.DueDate).ThenBy(b => b.Number) : q.OrderBy(b => b.DueDate).ThenBy(b => b.Number),
            "total" => desc ? q.OrderByDescending(b => b.Total).ThenBy(b => b.Number) : q.OrderBy(b => b.Total).ThenBy(b => b.Number),
            "outstanding" => desc ? q.OrderByDescending(b => b.Total - b.Paid).ThenBy(b => b.Number) : q.OrderBy(b => b.Total - b.Paid).ThenBy(b => b.Number),
            _ => throw new FluentValidation.ValidationException([new FluentValidation.Results.ValidationFailure("sort", t["Val.Unknown"])]),
        };
        var p = await q.ToPageAsync(page, pageSize, ct, defaultSize: 50);
        var names = await NamesAsync(p.Items.Select(b => b.EnterpriseId), ct);
        return new Page<BillDto>(p.Items.Select(b => ToDto(b, names, null)).ToList(), p.Total, p.PageNumber, p.PageSize);
    }

    /// <summary>The enterprises billed in the park (the bill list's enterprise filter), by name, within the caller's scope.</summary>
    public async Task<List<KeyValuePair<long, string>>> BilledEnterprisesAsync(long parkId, CancellationToken ct)
    {
        await enterprises.ParkForReadAsync(parkId, ct);
        var ids = await db.Bills.AsNoTracking().Where(b => b.ParkId == parkId).Select(b => b.EnterpriseId).Distinct().ToListAsync(ct);
        var names = await NamesAsync(ids, ct);
        return names.OrderBy(n => n.Value, StringComparer.Ordinal).ToList();
    }

    public async Task<BillDto> BillAsync(long id, CancellationToken ct)
    {
        var b = await db.Bills.AsNoTracking().Include(x => x.Lines).FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("Bill", id);
        var names = await NamesAsync([b.EnterpriseId], ct);
        return ToDto(b, names, b.Lines.OrderBy(l => l.Kind).ThenBy(l => l.Id).Select(l => new BillLineDto(l.Id, l.Kind, l.SourceType, l.SourceId, l.Description, l.Quantity, l.Unit, l.UnitPrice, l.Amount,
            BillRules.Deserialize(l.RulesJson))).ToList());
    }

    private Task<Dictionary<long, string>> NamesAsync(IEnumerable<long> ids, CancellationToken ct) => directory.NamesAsync(ids, ct);

    private static BillDto ToDto(Bill b, Dictionary<long, string> names, IReadOnlyList<BillLineDto>? lines) =>
        new(b.Id, b.ParkId, b.EnterpriseId, names.GetValueOrDefault(b.EnterpriseId, ""), b.Number, b.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture), b.State,
            b.Total, b.Paid, b.Total - b.Paid, b.DueDate, b.IssuedAt, lines);
}

/// <summary>What a bill list is filtered and sorted by (all optional): <see cref="Standing"/> "unpaid" or "overdue"; <see cref="Sort"/> one of <see cref="Sorts"/>.</summary>
public sealed record BillFilter(string? Month = null, long? EnterpriseId = null, BillState? State = null, string? Standing = null, string? Sort = null, bool? Desc = null)
{
    public static readonly string[] Standings = ["unpaid", "overdue"];
    public static readonly string[] Sorts = ["month", "number", "due", "total", "outstanding"];
}
