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

namespace ParkOps.Web.Features.Billing;

public sealed record BillRunRequest([Code(7)] string Month);

public sealed record BillRunResult(long Id, long ParkId, string Month, BillRunState State, int BillsCreated, int BillsExisting, decimal TotalCreated, DateTime StartedAt, DateTime FinishedAt);

public sealed record BillLineDto(long Id, BillLineKind Kind, string SourceType, string SourceId, string Description, decimal Quantity, string Unit, decimal UnitPrice, decimal Amount, IReadOnlyList<QuoteRule> Rules);

public sealed record BillDto(long Id, long ParkId, long EnterpriseId, string EnterpriseName, string Number, string Month, BillState State, decimal Total, decimal Paid,
    decimal Outstanding, DateOnly DueDate, DateTime IssuedAt, IReadOnlyList<BillLineDto>? Lines);

/// <summary>
/// The monthly bill run (DOMAIN §3): one bill per enterprise and month with rent (from the pricing engine, the
/// same figures as the quote), property fee and the charges other areas posted. A run is one transaction (a run
/// killed half-way leaves nothing) and re-runnable: enterprises that already have a bill for the month are
/// skipped, so running a month twice changes nothing.
/// </summary>
public sealed class BillingService(ParkOpsDb db, EnterpriseService enterprises, TimeProvider clock, IStringLocalizer<Text> t, Metering.MeteringService metering, Platform.Jobs jobs)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Leases in these states have been in force and are billed for the months they covered.</summary>
    private static readonly LeaseState[] Billable = [LeaseState.Signed, LeaseState.Active, LeaseState.Renewed, LeaseState.Changed, LeaseState.Terminated, LeaseState.Expired, LeaseState.Settled];

    public DateOnly Today => enterprises.Today;

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
            // the leases in force that month whose enterprise has no bill yet: a rerun with everyone billed loads none
            var leases = await db.Leases.AsNoTracking()
                .Where(l => l.ParkId == parkId && Billable.Contains(l.State) && l.StartDate <= monthEnd && l.EndDate >= month
                    && (l.TerminatedOn == null || l.TerminatedOn >= month) && !billedIds.Contains(l.EnterpriseId))
                .ToListAsync(ct);
            // their units in a flat query of their own: EF Core 10's shaper for an included collection builds delegates on
            // every execution (dotnet/efcore#35210), which cost the bill run more than the second round trip
            if (leases.Count > 0)
            {
                var leaseIds = leases.Select(l => l.Id).ToArray();
                var unitsOf = (await db.LeaseUnits.AsNoTracking().Where(u => u.ParkId == parkId && leaseIds.Contains(u.LeaseId)).OrderBy(u => u.Id).ToListAsync(ct)).ToLookup(u => u.LeaseId);
                foreach (var l in leases) l.Units.AddRange(unitsOf[l.Id]);
            }
            var charges = await db.PendingCharges.Where(c => c.ParkId == parkId && c.Month == month && c.BilledBillId == null).ToListAsync(ct);
            // late fees on what is still overdue, per the park's late-fee policy in force for the month
            var lateFee = await db.LateFeePolicies.AsNoTracking().Where(x => x.ParkId == parkId && x.EffectiveFrom <= month).OrderByDescending(x => x.EffectiveFrom).FirstOrDefaultAsync(ct);
            var overdue = lateFee is null || lateFee.DailyRate == 0 ? [] : (await db.Bills.AsNoTracking()
                .Where(b => b.ParkId == parkId && (b.State == BillState.Issued || b.State == BillState.PartiallyPaid) && b.DueDate < month)
                .Select(b => new { b.EnterpriseId, b.Number, b.DueDate, b.Total, b.Paid }).ToListAsync(ct))
                .Where(b => b.Total > b.Paid && !billed.Contains(b.EnterpriseId)).ToList();
            // utilities are paid through leases, so these are all the enterprises the run may bill; none left = nothing to do
            var enterpriseIds = leases.Select(l => l.EnterpriseId).Concat(charges.Select(c => c.EnterpriseId)).Concat(overdue.Select(b => b.EnterpriseId))
                .Distinct().Where(id => !billed.Contains(id)).Order().ToList();
            List<Metering.MeterMonth> uses = [];
            List<ParkOps.Domain.Metering.Tariff> tariffs = [];
            Dictionary<long, Enterprise> ents = [];
            List<RentPolicyVersion> versions = [];
            if (enterpriseIds.Count > 0)
            {
                // utilities: each metered unit's use in the month, paid by the lease holding the unit (Features/Metering)
                tariffs = (await db.UtilityTariffs.AsNoTracking().Where(x => x.ParkId == parkId).ToListAsync(ct)).Select(x => x.ToTariff()).ToList();
                if (tariffs.Count > 0)
                    uses = (await metering.MonthUseAsync(parkId, month, enterpriseIds.ToHashSet(), ct)).Where(u => u.Closing is not null && u.Use > 0).ToList();
                ents = await db.Enterprises.IgnoreQueryFilters().AsNoTracking().Where(e => enterpriseIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
                versions = await db.RentPolicyVersions.AsNoTracking().Where(p => p.ParkId == parkId).OrderBy(p => p.EffectiveFrom).ToListAsync(ct);
            }
            var policies = versions.Select(v => v.ToPolicy()).ToList();
            await jobs.ReportAsync(job, 0, enterpriseIds.Count, ct);

            var run = new BillRun { ParkId = parkId, Month = month, State = BillRunState.Completed, StartedBy = db.Actor.UserName, StartedAt = started, BillsExisting = billed.Count };
            if (enterpriseIds.Count == 0)
            {
                // nothing to bill (a rerun of a billed month): the run writes nothing at all, not even its own record
                run.FinishedAt = clock.GetUtcNow().UtcDateTime;
                ok = true;
                return result = ToResult(run);
            }
            var leasesBy = leases.ToLookup(l => l.EnterpriseId);
            var chargesBy = charges.ToLookup(c => c.EnterpriseId);
            var usesBy = uses.ToLookup(u => u.EnterpriseId);
            var overdueBy = overdue.ToLookup(b => b.EnterpriseId);
            var bills = new List<Bill>();
            var done = 0;
            foreach (var eid in enterpriseIds)
            {
                var bill = new Bill
                {
                    ParkId = parkId, EnterpriseId = eid, Month = month, State = BillState.Issued, Number = $"{park.Code}-{month:yyyyMM}-{++seq:D4}",
                    DueDate = month.AddDays(14), IssuedAt = started,
                };
                foreach (var lease in leasesBy[eid])
                    bill.Lines.AddRange(LeaseLines(park, ents[eid], lease, month, policies, versions));
                foreach (var u in usesBy[eid])
                    if (UtilityLine(u, tariffs, ents[eid], parkId, month) is { } line) bill.Lines.Add(line);
                bill.Lines.AddRange(chargesBy[eid].Select(c => c.ToLine()));
                if (lateFee is not null && overdueBy[eid].Any())
                {
                    var (amount, rules) = ParkOps.Domain.Metering.LateFees.Compute(overdueBy[eid].Select(b => new ParkOps.Domain.Metering.LateFees.Overdue(b.Number, b.DueDate, b.Total - b.Paid)),
                        month, lateFee.DailyRate, lateFee.GraceDays);
                    if (amount > 0)
                        bill.Lines.Add(new BillLine
                        {
                            ParkId = parkId, EnterpriseId = eid, Kind = BillLineKind.LateFee, SourceType = "late-fee", SourceId = lateFee.Id.ToString(CultureInfo.InvariantCulture),
                            Description = $"滞纳金 {month.AddMonths(-1):yyyy-MM}", Quantity = rules.Count, Unit = "笔", UnitPrice = lateFee.DailyRate, Amount = amount,
                            RulesJson = JsonSerializer.Serialize(rules.Select(r => new QuoteRule(r.Name, r.Parameter, r.Effect)), Json),
                        });
                }
                bill.Total = bill.Lines.Sum(l => l.Amount);
                if (++done % 50 == 0) await jobs.ReportAsync(job, done, null, ct);
                if (bill.Lines.Count == 0) continue;
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
            if (charges.Count > 0)
            {
                var billOf = bills.ToDictionary(b => b.EnterpriseId, b => b.Id);
                foreach (var c in charges) c.BilledBillId = billOf.TryGetValue(c.EnterpriseId, out var id) ? id : null;
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

    /// <summary>
    /// A meter's utilities line: previous and current reading, use, the tariff in force on the month's first day and
    /// the enterprise's 亩均-class surcharge, rounded to the 分 once (ParkOps.Domain.Metering.Tariffs).
    /// </summary>
    public static BillLine? UtilityLine(Metering.MeterMonth u, IReadOnlyList<ParkOps.Domain.Metering.Tariff> tariffs, Enterprise e, long parkId, DateOnly month)
    {
        var tariff = ParkOps.Domain.Metering.Tariffs.InForce(tariffs, u.Utility, month);
        if (tariff is null || u.Opening is not { } o || u.Closing is not { } c) return null;
        var charge = ParkOps.Domain.Metering.Tariffs.Charge(tariff, u.Use, e.MuClass);
        var unit = ParkOps.Domain.Metering.Meters.UnitOf(u.Utility);
        var rules = new List<QuoteRule> { new("MeterReading", $"{u.Code}: {Time.Format(o.At)} {o.Value} → {Time.Format(c.At)} {c.Value}", $"{u.Use} {unit}") };
        rules.AddRange(charge.Rules.Select(r => new QuoteRule(r.Name, r.Parameter, r.Effect)));
        var electric = u.Utility == ParkOps.Domain.Metering.Utility.Electricity;
        return new BillLine
        {
            ParkId = parkId, EnterpriseId = u.EnterpriseId, Kind = electric ? BillLineKind.Electricity : BillLineKind.Water, SourceType = "meter",
            SourceId = u.MeterId.ToString(CultureInfo.InvariantCulture), Description = $"{(electric ? "电费" : "水费")} {u.Code} {month:yyyy-MM}",
            Quantity = u.Use, Unit = unit, UnitPrice = charge.UnitPrice, Amount = charge.Amount, RulesJson = JsonSerializer.Serialize(rules, Json),
        };
    }

    /// <summary>
    /// The rent line of a lease for the month (the schedule's own line: quote and bill agree to the 分), cut by
    /// days when the lease was terminated inside the month, and the property fee for the days covered.
    /// </summary>
    public static IEnumerable<BillLine> LeaseLines(Park park, Enterprise e, Lease lease, DateOnly month, IReadOnlyList<RentPolicy> policies, IReadOnlyList<RentPolicyVersion> versions)
    {
        // only the billed month is priced (RentPricing.QuoteMonths: the schedule's own figures for that month)
        if (policies.Count == 0 || policies.Min(v => v.EffectiveFrom) > lease.StartDate)
            throw new DomainRuleException("RentPolicyMustBeInForce", "startDate", "起租日尚无生效的租金政策") { Arguments = [lease.StartDate] };
        var f = LeaseService.Facts(park, e, lease.StartDate, lease.EquityFreeMonths);
        var line = RentPricing.QuoteMonths(policies, new TenantFacts(f.LeadingIndustry, f.HighTech, f.UnrelatedIndustry, f.Startup, f.ContributionScore, f.EquityFreeMonths),
            lease.Units.Select(u => new LeasedUnit((SpaceUse)(int)u.Use, u.AreaSqm)).ToList(), lease.StartDate, lease.TermMonths, month, month).FirstOrDefault();
        if (line is null) yield break;
        var end = lease.TerminatedOn is { } te && te < line.To ? te : line.To;
        if (end < line.From) yield break;
        var rules = line.Rules.Select(r => new QuoteRule(r.Name, r.Parameter, r.Effect)).ToList();
        var amount = line.Amount;
        var days = end.DayNumber - line.From.DayNumber + 1;
        var lineDays = line.To.DayNumber - line.From.DayNumber + 1;
        if (days < lineDays)
        {
            amount = RentPricing.RoundToFen(line.Amount * days / lineDays);
            rules.Add(new QuoteRule("TerminationProRata", $"{line.From:yyyy-MM-dd}…{end:yyyy-MM-dd}", $"×{days}/{lineDays}"));
        }
        var units = string.Join("、", lease.Units.Select(u => u.UnitId));
        yield return new BillLine
        {
            ParkId = lease.ParkId, EnterpriseId = lease.EnterpriseId, Kind = BillLineKind.Rent, SourceType = "lease", SourceId = lease.Id.ToString(CultureInfo.InvariantCulture),
            Description = $"租金 {lease.Code} {line.Label}", Quantity = lease.Units.Sum(u => u.AreaSqm), Unit = "㎡", UnitPrice = 0, Amount = amount,
            RulesJson = JsonSerializer.Serialize(rules, Json),
        };
        var policy = versions.LastOrDefault(v => v.EffectiveFrom <= line.From);
        if (policy is { PropertyFeePerSqm: > 0 })
        {
            var area = lease.Units.Sum(u => u.AreaSqm);
            var daysInMonth = DateTime.DaysInMonth(month.Year, month.Month);
            var fee = RentPricing.RoundToFen(area * policy.PropertyFeePerSqm * days / daysInMonth);
            yield return new BillLine
            {
                ParkId = lease.ParkId, EnterpriseId = lease.EnterpriseId, Kind = BillLineKind.PropertyFee, SourceType = "lease", SourceId = lease.Id.ToString(CultureInfo.InvariantCulture),
                Description = $"物业费 {lease.Code} {line.Label}", Quantity = area, Unit = "㎡", UnitPrice = policy.PropertyFeePerSqm, Amount = fee,
                RulesJson = JsonSerializer.Serialize(new[] { new QuoteRule("PropertyFee", $"policy {policy.EffectiveFrom:yyyy-MM-dd}: {area}㎡ × {policy.PropertyFeePerSqm} 元/㎡·月", days == daysInMonth ? $"{fee} 元" : $"×{days}/{daysInMonth}") }, Json),
            };
        }
    }

    public async Task<List<BillRunResult>> RunsAsync(long parkId, CancellationToken ct)
    {
        await enterprises.ParkForReadAsync(parkId, ct);
        if (db.Actor.IsEnterpriseOnly) throw new ForbiddenException("OnlyOperatorsMayWrite");
        return (await db.BillRuns.AsNoTracking().Where(r => r.ParkId == parkId).OrderByDescending(r => r.Id).Take(100).ToListAsync(ct)).Select(ToResult).ToList();
    }

    private static BillRunResult ToResult(BillRun r) =>
        new(r.Id, r.ParkId, r.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture), r.State, r.BillsCreated, r.BillsExisting, r.TotalCreated, r.StartedAt, r.FinishedAt);

    public async Task<Page<BillDto>> BillsAsync(long parkId, string? month, long? enterpriseId, BillState? state, int? page, int? pageSize, CancellationToken ct)
    {
        await enterprises.ParkForReadAsync(parkId, ct);
        var q = db.Bills.AsNoTracking().Where(b => b.ParkId == parkId);
        if (!string.IsNullOrEmpty(month)) { var m = ParseMonth(month); q = q.Where(b => b.Month == m); }
        if (enterpriseId is { } eid) q = q.Where(b => b.EnterpriseId == eid);
        if (state is { } s) q = q.Where(b => b.State == s);
        var p = await q.OrderByDescending(b => b.Month).ThenBy(b => b.Number).ToPageAsync(page, pageSize, ct, defaultSize: 50);
        var names = await NamesAsync(p.Items.Select(b => b.EnterpriseId), ct);
        return new Page<BillDto>(p.Items.Select(b => ToDto(b, names, null)).ToList(), p.Total, p.PageNumber, p.PageSize);
    }

    public async Task<BillDto> BillAsync(long id, CancellationToken ct)
    {
        var b = await db.Bills.AsNoTracking().Include(x => x.Lines).FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("Bill", id);
        var names = await NamesAsync([b.EnterpriseId], ct);
        return ToDto(b, names, b.Lines.OrderBy(l => l.Kind).ThenBy(l => l.Id).Select(l => new BillLineDto(l.Id, l.Kind, l.SourceType, l.SourceId, l.Description, l.Quantity, l.Unit, l.UnitPrice, l.Amount,
            JsonSerializer.Deserialize<List<QuoteRule>>(l.RulesJson, Json) ?? [])).ToList());
    }

    private async Task<Dictionary<long, string>> NamesAsync(IEnumerable<long> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToArray();
        return await db.Enterprises.Where(e => list.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Name, ct);
    }

    private static BillDto ToDto(Bill b, Dictionary<long, string> names, IReadOnlyList<BillLineDto>? lines) =>
        new(b.Id, b.ParkId, b.EnterpriseId, names.GetValueOrDefault(b.EnterpriseId, ""), b.Number, b.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture), b.State,
            b.Total, b.Paid, b.Total - b.Paid, b.DueDate, b.IssuedAt, lines);
}
