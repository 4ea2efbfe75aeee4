using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Billing.Contracts;

namespace ParkOps.Web.Features.Billing;

/// <summary><see cref="IAccountStanding"/> and <see cref="IChargePoster"/> over Billing's tables; reads ignore scope filters (callers check who asks).</summary>
public sealed class AccountStanding(ParkOpsDb db) : IAccountStanding, IChargePoster
{
    public async Task<decimal> OutstandingAsync(long enterpriseId, CancellationToken ct)
    {
        // decimals are summed here: SQLite cannot sum them in SQL
        var open = await db.Bills.IgnoreQueryFilters().Where(b => b.EnterpriseId == enterpriseId && (b.State == BillState.Issued || b.State == BillState.PartiallyPaid))
            .Select(b => new { b.Total, b.Paid }).ToListAsync(ct);
        return open.Sum(b => b.Total - b.Paid);
    }

    public async Task<DateOnly?> LastBilledMonthAsync(long parkId, long enterpriseId, CancellationToken ct) =>
        await db.Bills.IgnoreQueryFilters().Where(b => b.ParkId == parkId && b.EnterpriseId == enterpriseId && b.State != BillState.Cancelled)
            .MaxAsync(b => (DateOnly?)b.Month, ct);

    public async Task<IReadOnlyList<OpenBill>> OpenBillsAsync(long parkId, long enterpriseId, CancellationToken ct) =>
        (await db.Bills.IgnoreQueryFilters().AsNoTracking()
            .Where(b => b.ParkId == parkId && b.EnterpriseId == enterpriseId && (b.State == BillState.Issued || b.State == BillState.PartiallyPaid))
            .Select(b => new { b.Id, b.Number, b.Month, b.DueDate, b.Total, b.Paid }).ToListAsync(ct))
        .Where(b => b.Total > b.Paid).OrderBy(b => b.Month).ThenBy(b => b.Id).Select(b => new OpenBill(b.Id, b.Number, b.Month, b.DueDate, b.Total - b.Paid)).ToList();

    public async Task<IReadOnlyList<BilledLeaseCharge>> LeaseChargesBilledAsync(long parkId, long enterpriseId, long leaseId, DateOnly fromMonth, CancellationToken ct)
    {
        // the bill run writes a lease's lines with source "lease" and the lease's id (BillComposer.LeaseLines)
        var source = leaseId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var live = db.Bills.IgnoreQueryFilters().Where(b => b.ParkId == parkId && b.EnterpriseId == enterpriseId && b.State != BillState.Cancelled && b.Month >= fromMonth);
        var lines = await db.BillLines.IgnoreQueryFilters().AsNoTracking()
            .Where(l => l.ParkId == parkId && l.EnterpriseId == enterpriseId && l.SourceType == "lease" && l.SourceId == source
                && (l.Kind == ParkOps.Domain.Billing.BillLineKind.Rent || l.Kind == ParkOps.Domain.Billing.BillLineKind.PropertyFee))
            .Join(live, l => l.BillId, b => b.Id, (l, b) => new { b.Id, b.Number, b.Month, l.Kind, l.Amount }).ToListAsync(ct);
        // decimals are summed here: SQLite cannot sum them in SQL
        return lines.GroupBy(l => (l.Id, l.Number, l.Month, l.Kind)).OrderBy(g => g.Key.Month).ThenBy(g => g.Key.Id).ThenBy(g => g.Key.Kind)
            .Select(g => new BilledLeaseCharge(g.Key.Id, g.Key.Number, g.Key.Month, g.Key.Kind, g.Sum(l => l.Amount))).ToList();
    }

    public async Task<IReadOnlyDictionary<long, PaymentRecord>> PunctualityAsync(long[]? enterpriseIds, DateOnly from, DateOnly until, CancellationToken ct)
    {
        var bills = db.Bills.IgnoreQueryFilters().Where(b => b.State != BillState.Cancelled && b.Total > 0 && b.DueDate >= from && b.DueDate < until);
        if (enterpriseIds is not null) bills = bills.Where(b => enterpriseIds.Contains(b.EnterpriseId));
        // on time: paid in full, and no payment towards it after its due date
        var rows = await bills.Select(b => new
        {
            b.EnterpriseId,
            OnTime = b.Paid >= b.Total && !db.Set<Payment>().IgnoreQueryFilters().Any(p => p.BillId == b.Id && p.PaidOn > b.DueDate),
        }).ToListAsync(ct);
        return rows.GroupBy(b => b.EnterpriseId).ToDictionary(g => g.Key, g => new PaymentRecord(g.Key, g.Count(), g.Count(x => x.OnTime)));
    }

    public async Task<IReadOnlyDictionary<long, int>> ArrearsMonthsAsync(long parkId, DateOnly asOf, CancellationToken ct)
    {
        var overdue = await db.Bills.IgnoreQueryFilters()
            .Where(b => b.ParkId == parkId && (b.State == BillState.Issued || b.State == BillState.PartiallyPaid) && b.DueDate < asOf)
            .Select(b => new { b.EnterpriseId, b.Month, b.Total, b.Paid }).ToListAsync(ct);
        return overdue.Where(b => b.Total > b.Paid).GroupBy(b => b.EnterpriseId).ToDictionary(g => g.Key, g => g.Select(b => b.Month).Distinct().Count());
    }

    public async Task PostAsync(ChargePosting charge, CancellationToken ct)
    {
        db.PendingCharges.Add(PendingCharge.From(charge));
        await db.SaveChangesAsync(ct);
    }
}
