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

public sealed record BillRunRequest(string Month);

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
public sealed class BillingService(ParkOpsDb db, EnterpriseService enterprises, TimeProvider clock, IStringLocalizer<Text> t)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Leases in these states have been in force and are billed for the months they covered.</summary>
    private static readonly LeaseState[] Billable = [LeaseState.Signed, LeaseState.Active, LeaseState.Renewed, LeaseState.Changed, LeaseState.Terminated, LeaseState.Expired, LeaseState.Settled];

    public DateOnly Today => enterprises.Today;

    public DateOnly ParseMonth(string? month, string field = "month")
    {
        if (month is null || !DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m))
            throw new ValidationException([new ValidationFailure(field, t["Val.Month"])]);
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

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var billed = (await db.Bills.Where(b => b.ParkId == parkId && b.Month == month && b.State != BillState.Cancelled).Select(b => b.EnterpriseId).ToListAsync(ct)).ToHashSet();
        var leases = await db.Leases.AsNoTracking().Include(l => l.Units)
            .Where(l => l.ParkId == parkId && Billable.Contains(l.State) && l.StartDate <= monthEnd && l.EndDate >= month).ToListAsync(ct);
        leases = leases.Where(l => (l.TerminatedOn ?? l.EndDate) >= month).ToList();
        var charges = await db.PendingCharges.Where(c => c.ParkId == parkId && c.Month == month && c.BilledBillId == null).ToListAsync(ct);
        var enterpriseIds = leases.Select(l => l.EnterpriseId).Concat(charges.Select(c => c.EnterpriseId)).Distinct().Where(id => !billed.Contains(id)).Order().ToList();
        var ents = await db.Enterprises.IgnoreQueryFilters().Where(e => enterpriseIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
        var versions = await db.RentPolicyVersions.AsNoTracking().Where(p => p.ParkId == parkId).OrderBy(p => p.EffectiveFrom).ToListAsync(ct);
        var policies = versions.Select(v => v.ToPolicy()).ToList();
        var seq = await db.Bills.IgnoreQueryFilters().CountAsync(b => b.ParkId == parkId && b.Month == month, ct);

        var run = new BillRun { ParkId = parkId, Month = month, State = BillRunState.Completed, StartedBy = db.Actor.UserName, StartedAt = started, BillsExisting = billed.Count };
        db.BillRuns.Add(run);
        await db.SaveChangesAsync(ct);
        var bills = new List<Bill>();
        foreach (var eid in enterpriseIds)
        {
            var bill = new Bill
            {
                ParkId = parkId, EnterpriseId = eid, RunId = run.Id, Month = month, State = BillState.Issued, Number = $"{park.Code}-{month:yyyyMM}-{++seq:D4}",
                DueDate = month.AddDays(14), IssuedAt = started,
            };
            foreach (var lease in leases.Where(l => l.EnterpriseId == eid))
                bill.Lines.AddRange(LeaseLines(park, ents[eid], lease, month, policies, versions));
            bill.Lines.AddRange(charges.Where(c => c.EnterpriseId == eid).Select(c => c.ToLine()));
            bill.Total = bill.Lines.Sum(l => l.Amount);
            if (bill.Lines.Count == 0) continue;
            bills.Add(bill);
        }
        db.Bills.AddRange(bills);
        await db.SaveChangesAsync(ct);
        foreach (var c in charges)
            c.BilledBillId = bills.FirstOrDefault(b => b.EnterpriseId == c.EnterpriseId)?.Id;
        run.BillsCreated = bills.Count;
        run.TotalCreated = bills.Sum(b => b.Total);
        run.FinishedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ToResult(run);
    }

    /// <summary>
    /// The rent line of a lease for the month (the schedule's own line: quote and bill agree to the 分), cut by
    /// days when the lease was terminated inside the month, and the property fee for the days covered.
    /// </summary>
    public static IEnumerable<BillLine> LeaseLines(Park park, Enterprise e, Lease lease, DateOnly month, IReadOnlyList<RentPolicy> policies, IReadOnlyList<RentPolicyVersion> versions)
    {
        var schedule = LeaseService.Price(policies, park, e, lease.Units.Select(u => (u.Use, u.AreaSqm)).ToList(), lease.StartDate, lease.TermMonths, lease.EquityFreeMonths);
        var line = schedule.Months.FirstOrDefault(m => m.Month.Year == month.Year && m.Month.Month == month.Month);
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
