using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Pricing;
using ParkOps.Domain.Rules;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Billing;

public sealed record PaymentInput(decimal Amount, PaymentMethod Method = PaymentMethod.BankTransfer, DateOnly? PaidOn = null, string? Reference = null);

public sealed record PaymentResult(long PaymentId, long BillId, decimal Amount, decimal Applied, decimal ToCredit, BillState BillState, decimal Outstanding, decimal CreditBalance);

public sealed record ArrearsRow(long EnterpriseId, string EnterpriseName, int Bills, decimal Outstanding, decimal Days0To30, decimal Days31To60, decimal Days61To90, decimal Over90, DateOnly OldestDue);

/// <summary>Payments against bills (full, partial, over-payment as credit) and the arrears ageing of a park.</summary>
public sealed class PaymentService(ParkOpsDb db, EnterpriseService enterprises, TimeProvider clock, IStringLocalizer<Text> t)
{
    public async Task<PaymentResult> PayAsync(long billId, PaymentInput input, CancellationToken ct)
    {
        var bill = await db.Bills.FirstOrDefaultAsync(b => b.Id == billId, ct) ?? throw new NotFoundException("Bill", billId);
        if (!db.Actor.CanOperatePark(bill.ParkId)) throw new ForbiddenException("OnlyOperatorsMayWrite");
        if (input.Amount <= 0 || input.Amount != RentPricing.RoundToFen(input.Amount) || input.Amount > 100_000_000m)
            throw new ValidationException([new ValidationFailure("amount", t["Val.PaymentAmount"])]);
        if (!Enum.IsDefined(input.Method) || input.Method == PaymentMethod.CarriedOver) throw new ValidationException([new ValidationFailure("method", t["Val.Enum"])]);
        if ((input.Reference?.Length ?? 0) > 100) throw new ValidationException([new ValidationFailure("reference", t["Val.MaxLength", 100])]);
        if (bill.State == BillState.Cancelled)
            throw new DomainRuleException("PaymentNeedsLiveBill", "billId", "账单已作废，不能收款", RuleKind.Conflict) { Arguments = [bill.Number] };

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var credit = await db.CreditBalances.FirstOrDefaultAsync(c => c.EnterpriseId == bill.EnterpriseId, ct);
        if (credit is null)
        {
            credit = new CreditBalance { ParkId = bill.ParkId, EnterpriseId = bill.EnterpriseId };
            db.CreditBalances.Add(credit);
        }
        if (input.Method == PaymentMethod.Credit && input.Amount > credit.Amount)
            throw new DomainRuleException("CreditMustCoverPayment", "amount", "预存余额不足") { Arguments = [credit.Amount] };
        var outstanding = bill.Total - bill.Paid;
        var applied = Math.Min(input.Amount, Math.Max(0, outstanding));
        var toCredit = input.Amount - applied;
        if (input.Method == PaymentMethod.Credit)
        {
            // paying from credit never puts money back into credit
            if (toCredit > 0) throw new DomainRuleException("CreditPaymentMustNotExceedOutstanding", "amount", "预存抵扣不能超过未收金额") { Arguments = [outstanding] };
            credit.Amount -= applied;
        }
        else credit.Amount += toCredit;
        bill.Paid += applied;
        bill.State = bill.Paid >= bill.Total ? BillState.Paid : bill.Paid > 0 ? BillState.PartiallyPaid : BillState.Issued;
        var p = new Payment
        {
            ParkId = bill.ParkId, EnterpriseId = bill.EnterpriseId, BillId = bill.Id, Amount = input.Amount, Applied = applied, Method = input.Method,
            PaidOn = input.PaidOn ?? enterprises.Today, Reference = input.Reference?.Trim(), RecordedBy = db.Actor.UserName, RecordedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Payments.Add(p);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new PaymentResult(p.Id, bill.Id, p.Amount, applied, toCredit, bill.State, bill.Total - bill.Paid, credit.Amount);
    }

    public async Task<List<Payment>> PaymentsAsync(long billId, CancellationToken ct)
    {
        if (!await db.Bills.AnyAsync(b => b.Id == billId, ct)) throw new NotFoundException("Bill", billId);
        return await db.Payments.AsNoTracking().Where(p => p.BillId == billId).OrderBy(p => p.Id).ToListAsync(ct);
    }

    /// <summary>Outstanding amounts by enterprise, aged by days past the due date on <paramref name="asOf"/>.</summary>
    public async Task<List<ArrearsRow>> ArrearsAsync(long parkId, DateOnly? asOf, CancellationToken ct)
    {
        await enterprises.ParkForReadAsync(parkId, ct);
        var day = asOf ?? enterprises.Today;
        var open = await db.Bills.AsNoTracking()
            .Where(b => b.ParkId == parkId && (b.State == BillState.Issued || b.State == BillState.PartiallyPaid) && b.DueDate < day)
            .Select(b => new { b.EnterpriseId, b.Total, b.Paid, b.DueDate }).ToListAsync(ct);
        var ids = open.Select(b => b.EnterpriseId).Distinct().ToArray();
        var names = await db.Enterprises.Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Name, ct);
        return open.GroupBy(b => b.EnterpriseId).Select(g =>
        {
            decimal Bucket(int from, int to) => g.Where(b => day.DayNumber - b.DueDate.DayNumber is var d && d >= from && d <= to).Sum(b => b.Total - b.Paid);
            return new ArrearsRow(g.Key, names.GetValueOrDefault(g.Key, ""), g.Count(), g.Sum(b => b.Total - b.Paid),
                Bucket(1, 30), Bucket(31, 60), Bucket(61, 90), Bucket(91, int.MaxValue), g.Min(b => b.DueDate));
        }).OrderByDescending(r => r.Outstanding).ToList();
    }

    /// <summary>What an enterprise still owes on its bills (used when a lease is settled against its deposit).</summary>
    public async Task<decimal> OutstandingAsync(long enterpriseId, CancellationToken ct)
    {
        // decimals are summed here: SQLite cannot sum them in SQL
        var open = await db.Bills.IgnoreQueryFilters().Where(b => b.EnterpriseId == enterpriseId && (b.State == BillState.Issued || b.State == BillState.PartiallyPaid))
            .Select(b => new { b.Total, b.Paid }).ToListAsync(ct);
        return open.Sum(b => b.Total - b.Paid);
    }
}
