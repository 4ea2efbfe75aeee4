using System.Globalization;
using ParkOps.Domain.Metering;
using ParkOps.Domain.Pricing;

namespace ParkOps.Domain.Billing;

/// <summary>What a bill line charges for; stored by value, so members are only ever appended.</summary>
public enum BillLineKind { Rent, PropertyFee, Electricity, Water, SharedResource, ServiceFee, LateFee, Adjustment, ReserveFund }

/// <summary>A meter's measured use in the billed month, paid by the enterprise whose lease holds the metered unit.</summary>
public sealed record MeteredUse(long MeterId, string MeterCode, long EnterpriseId, Utility Utility, Reading Opening, Reading Closing)
{
    public decimal Use => Closing.Value - Opening.Value;
}

/// <summary>A charge another area posted for the month (a booking's paid hours, a service fee): it becomes a line as posted.</summary>
public sealed record ChargeToBill(long EnterpriseId, BillLineKind Kind, string SourceType, string SourceId, string Description, decimal Quantity, string Unit,
    decimal UnitPrice, decimal Amount, IReadOnlyList<AppliedRule> Rules);

/// <summary>An earlier bill still (partly) unpaid after its due date.</summary>
public sealed record OverdueBill(long EnterpriseId, string Number, DateOnly DueDate, decimal Outstanding);

/// <summary>The park's late-fee policy in force for the billed month (<see cref="PolicyId"/> is the line's source).</summary>
public sealed record LateFeeTerms(long PolicyId, decimal DailyRate, int GraceDays);

/// <summary>
/// Everything one park's bill run gathered for a month: the park's rent policy versions (ordered by effective date,
/// with their property fee), utility tariffs, late-fee terms, each enterprise's 亩均 class, and the leases, metered
/// uses, posted charges and overdue bills of the enterprises to bill.
/// </summary>
public sealed record BillFacts(DateOnly Month, IReadOnlyList<RentPolicy> Policies, IReadOnlyList<Tariff> Tariffs, LateFeeTerms? LateFee,
    IReadOnlyDictionary<long, string?> MuClasses, IReadOnlyList<LeaseInForce> Leases, IReadOnlyList<MeteredUse> Uses, IReadOnlyList<ChargeToBill> Charges,
    IReadOnlyList<OverdueBill> Overdue);

/// <summary>A bill line with the rules that made its amount (rounded to the 分 once, here).</summary>
public sealed record ComposedLine(long EnterpriseId, BillLineKind Kind, string SourceType, string SourceId, string Description, decimal Quantity, string Unit,
    decimal UnitPrice, decimal Amount, IReadOnlyList<AppliedRule> Rules);

/// <summary>One enterprise's bill for the month: its lines in order (rent and property fee per lease, utilities, charges, late fee).</summary>
public sealed record ComposedBill(long EnterpriseId, IReadOnlyList<ComposedLine> Lines)
{
    public decimal Total => Lines.Sum(l => l.Amount);
}

/// <summary>
/// The monthly bill (DOMAIN §3) from gathered facts, with no storage and no clock: per enterprise, each lease's rent
/// (the pricing engine's own figure for the month, cut by days when the lease ended inside it) and property fee,
/// each metered use at the tariff in force with the 亩均-class surcharge, the charges other areas posted, and a late
/// fee on what was overdue. The host gathers the facts through the areas' contracts, composes here, then writes.
/// </summary>
public static class BillComposer
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>China Standard Time: UTC+8, without daylight saving since 1991 (readings are dated 2000 or later).</summary>
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    /// <summary>The bills of <paramref name="enterpriseIds"/>, in that order; an enterprise with nothing to bill gets a bill without lines.</summary>
    public static IReadOnlyList<ComposedBill> Compose(BillFacts facts, IReadOnlyList<long> enterpriseIds)
    {
        var leasesBy = facts.Leases.ToLookup(l => l.EnterpriseId);
        var usesBy = facts.Uses.ToLookup(u => u.EnterpriseId);
        var chargesBy = facts.Charges.ToLookup(c => c.EnterpriseId);
        var overdueBy = facts.Overdue.ToLookup(b => b.EnterpriseId);
        var bills = new List<ComposedBill>(enterpriseIds.Count);
        foreach (var eid in enterpriseIds)
        {
            var lines = new List<ComposedLine>();
            foreach (var lease in leasesBy[eid]) lines.AddRange(LeaseLines(lease, facts.Month, facts.Policies));
            var muClass = facts.MuClasses.GetValueOrDefault(eid);
            foreach (var u in usesBy[eid])
                if (UtilityLine(u, facts.Tariffs, muClass, facts.Month) is { } line) lines.Add(line);
            foreach (var c in chargesBy[eid])
                lines.Add(new ComposedLine(c.EnterpriseId, c.Kind, c.SourceType, c.SourceId, c.Description, c.Quantity, c.Unit, c.UnitPrice, c.Amount, c.Rules));
            if (facts.LateFee is { } terms && LateFeeLine(eid, overdueBy[eid].ToList(), terms, facts.Month) is { } fee) lines.Add(fee);
            bills.Add(new ComposedBill(eid, lines));
        }
        return bills;
    }

    /// <summary>
    /// The rent line of a lease for the month (the schedule's own line: quote and bill agree to the 分), cut by days
    /// when the lease was terminated inside the month, and the property fee of the policy version in force on the
    /// line's first day for the days covered: area × fee × days ÷ days in month, rounded once.
    /// </summary>
    public static IEnumerable<ComposedLine> LeaseLines(LeaseInForce lease, DateOnly month, IReadOnlyList<RentPolicy> policies)
    {
        RentPolicyMustBeInForce.Check(policies, lease.StartDate);
        // only the billed month is priced (RentPricing.QuoteMonths: the schedule's own figures for that month)
        var line = RentPricing.QuoteMonths(policies, lease.Facts, lease.Units, lease.StartDate, lease.TermMonths, month, month, lease.FactsRevision).FirstOrDefault();
        if (line is null) yield break;
        var end = lease.TerminatedOn is { } te && te < line.To ? te : line.To;
        if (end < line.From) yield break;
        var rules = line.Rules.ToList();
        var amount = line.Amount;
        var days = end.DayNumber - line.From.DayNumber + 1;
        var lineDays = line.To.DayNumber - line.From.DayNumber + 1;
        if (days < lineDays)
        {
            amount = RentPricing.RoundToFen(line.Amount * days / lineDays);
            rules.Add(new AppliedRule("TerminationProRata", $"{Day(line.From)}…{Day(end)}", $"×{days}/{lineDays}"));
        }
        var area = lease.Units.Sum(u => u.AreaSqm);
        var source = lease.LeaseId.ToString(Inv);
        yield return new ComposedLine(lease.EnterpriseId, BillLineKind.Rent, "lease", source, $"租金 {lease.Code} {line.Label}", area, "㎡", 0, amount, rules);
        var policy = policies.Where(v => v.EffectiveFrom <= line.From).MaxBy(v => v.EffectiveFrom);
        if (policy is { PropertyFeePerSqm: > 0 })
        {
            var daysInMonth = DateTime.DaysInMonth(month.Year, month.Month);
            var fee = RentPricing.RoundToFen(area * policy.PropertyFeePerSqm * days / daysInMonth);
            yield return new ComposedLine(lease.EnterpriseId, BillLineKind.PropertyFee, "lease", source, $"物业费 {lease.Code} {line.Label}", area, "㎡",
                policy.PropertyFeePerSqm, fee,
                [new AppliedRule("PropertyFee", $"{Day(policy.EffectiveFrom)} 版政策：{area}㎡ × {policy.PropertyFeePerSqm} 元/㎡·月", days == daysInMonth ? $"{fee} 元" : $"×{days}/{daysInMonth}")]);
        }
    }

    /// <summary>
    /// A meter's utilities line: previous and current reading, use, the tariff in force on the month's first day and
    /// the enterprise's 亩均-class surcharge, rounded to the 分 once (<see cref="Tariffs.Charge"/>); none without a tariff.
    /// </summary>
    public static ComposedLine? UtilityLine(MeteredUse u, IReadOnlyList<Tariff> tariffs, string? muClass, DateOnly month)
    {
        var tariff = Tariffs.InForce(tariffs, u.Utility, month);
        if (tariff is null) return null;
        var charge = Tariffs.Charge(tariff, u.Use, muClass);
        var unit = Meters.UnitOf(u.Utility);
        var rules = new List<AppliedRule>(3) { new("MeterReading", $"{u.MeterCode}: {Local(u.Opening.At)} {u.Opening.Value} → {Local(u.Closing.At)} {u.Closing.Value}", $"{u.Use} {unit}") };
        rules.AddRange(charge.Rules.Select(r => new AppliedRule(r.Name, r.Parameter, r.Effect)));
        var electric = u.Utility == Utility.Electricity;
        return new ComposedLine(u.EnterpriseId, electric ? BillLineKind.Electricity : BillLineKind.Water, "meter", u.MeterId.ToString(Inv),
            $"{(electric ? "电费" : "水费")} {u.MeterCode} {month.ToString("yyyy-MM", Inv)}", u.Use, unit, charge.UnitPrice, charge.Amount, rules);
    }

    /// <summary>The late fee on an enterprise's overdue bills for the days late in the month before (<see cref="LateFees.Compute"/>); none when it comes to 0.</summary>
    public static ComposedLine? LateFeeLine(long enterpriseId, IReadOnlyList<OverdueBill> overdue, LateFeeTerms terms, DateOnly month)
    {
        if (overdue.Count == 0) return null;
        var (amount, rules) = LateFees.Compute(overdue.Select(b => new LateFees.Overdue(b.Number, b.DueDate, b.Outstanding)), month, terms.DailyRate, terms.GraceDays);
        if (amount <= 0) return null;
        return new ComposedLine(enterpriseId, BillLineKind.LateFee, "late-fee", terms.PolicyId.ToString(Inv), $"滞纳金 {month.AddMonths(-1).ToString("yyyy-MM", Inv)}",
            rules.Count, "笔", terms.DailyRate, amount, rules.Select(r => new AppliedRule(r.Name, r.Parameter, r.Effect)).ToList());
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", Inv);

    private static string Local(DateTime utc) => (utc + Shanghai).ToString("yyyy-MM-dd HH:mm", Inv);
}
