using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Pricing;
using ParkOps.Domain.Rules;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Resources;
using ParkOps.Web.Features.Enterprises.Contracts;
using ParkOps.Web.Features.Billing.Contracts;

namespace ParkOps.Web.Features.Billing;

public sealed record PaymentInput(decimal Amount, PaymentMethod Method = PaymentMethod.BankTransfer, DateOnly? PaidOn = null, [Code(100)] string? Reference = null);

public sealed record PaymentResult(long PaymentId, long BillId, decimal Amount, decimal Applied, decimal ToCredit, BillState BillState, decimal Outstanding, decimal CreditBalance);

public sealed record ArrearsRow(long EnterpriseId, string EnterpriseName, int Bills, decimal Outstanding, decimal Days0To30, decimal Days31To60, decimal Days61To90, decimal Over90, DateOnly OldestDue);

/// <summary>Payments against bills (full, partial, over-payment as credit) and the arrears ageing of a park.</summary>
public sealed class PaymentService(ParkOpsDb db, EnterpriseService enterprises, CreditAccounts credits, TimeProvider clock, IStringLocalizer<Text> t,
    IEnterpriseDirectory directory, IAccountStanding standing) : IParkArrears, IBilledRevenue, IDepositOffsets, IOverbillingCredits
{
    /// <summary>Methods only an exit settlement books: refused by hand (the payment form does not offer them).</summary>
    public static bool BookedBySettlementOnly(PaymentMethod m) => m is PaymentMethod.CarriedOver or PaymentMethod.Deposit or PaymentMethod.CreditNote;

    /// <summary>The earliest day a payment may be dated (nothing in the books is older).</summary>
    public static readonly DateOnly EarliestPaidOn = new(2000, 1, 1);

    /// <summary>
    /// Records money received for a bill. Inside one transaction: the bill row is locked and read again, the
    /// enterprise's credit locked (<see cref="CreditAccounts"/>), the outstanding amount computed from the locked copy
    /// and both changed relative to it; so 50 requests at once on one bill apply exactly what they carry, and never
    /// more than the bill needs. A reference (bank, WeChat, receipt number) is accepted once per enterprise.
    /// </summary>
    public async Task<PaymentResult> PayAsync(long billId, PaymentInput input, CancellationToken ct)
    {
        // who asks and what they send, before anything is locked
        var found = await db.Bills.AsNoTracking().Where(b => b.Id == billId).Select(b => new { b.ParkId }).FirstOrDefaultAsync(ct) ?? throw new NotFoundException("Bill", billId);
        if (!db.Actor.CanOperatePark(found.ParkId)) throw new ForbiddenException("OnlyOperatorsMayWrite");
        var today = enterprises.Today;
        var reference = Validate(input, today);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await RowLocks.ForUpdateAsync(db, "Bills", "Id", billId, ct);
        var bill = await db.Bills.FirstAsync(b => b.Id == billId, ct);
        await db.Entry(bill).ReloadAsync(ct);
        if (bill.State == BillState.Cancelled)
            throw new DomainRuleException("PaymentNeedsLiveBill", "billId", "账单已作废，不能收款", RuleKind.Conflict) { Arguments = [bill.Number] };
        var credit = await credits.OpenAsync(bill.ParkId, bill.EnterpriseId, ct);
        if (reference is not null && await db.Payments.IgnoreQueryFilters().Where(p => p.EnterpriseId == bill.EnterpriseId && p.Reference == reference && p.Method != PaymentMethod.CarriedOver)
                .Select(p => new { p.BillId, p.Amount }).FirstOrDefaultAsync(ct) is { } twin)
        {
            var twinNumber = await db.Bills.IgnoreQueryFilters().Where(b => b.Id == twin.BillId).Select(b => b.Number).FirstAsync(ct);
            throw new DomainRuleException("PaymentReferenceMustBeUnique", "reference", "该流水号已登记过", RuleKind.Conflict) { Arguments = [reference, twinNumber, twin.Amount] };
        }
        if (input.Method == PaymentMethod.Credit && input.Amount > credit.Amount)
            throw new DomainRuleException("CreditMustCoverPayment", "amount", "预存余额不足") { Arguments = [credit.Amount] };
        var outstanding = bill.Total - bill.Paid;
        var applied = Math.Min(input.Amount, Math.Max(0, outstanding));
        var toCredit = input.Amount - applied;
        // paying from credit never puts money back into credit
        if (input.Method == PaymentMethod.Credit && toCredit > 0)
            throw new DomainRuleException("CreditPaymentMustNotExceedOutstanding", "amount", "预存抵扣不能超过未收金额") { Arguments = [outstanding] };
        bill.Paid += applied;
        bill.State = bill.Paid >= bill.Total ? BillState.Paid : bill.Paid > 0 ? BillState.PartiallyPaid : BillState.Issued;
        var p = new Payment
        {
            ParkId = bill.ParkId, EnterpriseId = bill.EnterpriseId, BillId = bill.Id, Amount = input.Amount, Applied = applied, Method = input.Method,
            PaidOn = input.PaidOn ?? today, Reference = reference, RecordedBy = db.Actor.UserName, RecordedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Payments.Add(p);
        await db.SaveChangesAsync(ct);
        if (input.Method == PaymentMethod.Credit) credits.Move(credit, CreditMovementKind.CreditPayment, -applied, paymentId: p.Id);
        else if (toCredit > 0) credits.Move(credit, CreditMovementKind.Overpayment, toCredit, paymentId: p.Id);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new PaymentResult(p.Id, bill.Id, p.Amount, applied, toCredit, bill.State, bill.Total - bill.Paid, credit.Amount);
    }

    public async Task<IReadOnlyList<DepositApplied>> ApplyAsync(DepositOffset offset, CancellationToken ct)
    {
        if (offset.Amount <= 0) return [];
        if (db.Database.CurrentTransaction is null) throw new InvalidOperationException("a deposit is booked inside the settlement's transaction");
        var open = await standing.OpenBillsAsync(offset.ParkId, offset.EnterpriseId, ct);
        var left = offset.Amount;
        var applied = new List<DepositApplied>();
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var o in open)
        {
            if (left == 0) break;
            await RowLocks.ForUpdateAsync(db, "Bills", "Id", o.BillId, ct);
            var bill = await db.Bills.IgnoreQueryFilters().FirstAsync(b => b.Id == o.BillId, ct);
            await db.Entry(bill).ReloadAsync(ct);
            var outstanding = bill.State == BillState.Cancelled ? 0 : Math.Max(0, bill.Total - bill.Paid);
            var take = Math.Min(left, outstanding);
            if (take == 0) continue;
            bill.Paid += take;
            bill.State = bill.Paid >= bill.Total ? BillState.Paid : BillState.PartiallyPaid;
            db.Payments.Add(new Payment
            {
                ParkId = bill.ParkId, EnterpriseId = bill.EnterpriseId, BillId = bill.Id, Amount = take, Applied = take, Method = PaymentMethod.Deposit,
                PaidOn = offset.On, Reference = offset.Reference, RecordedBy = db.Actor.UserName, RecordedAt = now,
            });
            applied.Add(new DepositApplied(bill.Id, bill.Number, take));
            left -= take;
        }
        if (left > 0)
            throw new DomainRuleException("DepositExceedsOpenBills", "state", "未付账单已少于结算单所列欠费，请退回草稿重新核对", RuleKind.Conflict) { Arguments = [offset.Amount, offset.Amount - left] };
        await db.SaveChangesAsync(ct);
        return applied;
    }

    public async Task<IReadOnlyList<OverbillingApplied>> ApplyAsync(OverbillingCredit credit, CancellationToken ct)
    {
        if (credit.ToBills <= 0) return [];
        if (db.Database.CurrentTransaction is null) throw new InvalidOperationException("a credit is booked inside the settlement's transaction");
        var left = credit.ToBills;
        var applied = new List<OverbillingApplied>();
        var now = clock.GetUtcNow().UtcDateTime;
        var numbers = new Dictionary<long, string>();
        // what each over-charging bill has still to give after it took what it could itself
        var rest = new List<(long BillId, decimal Amount)>();
        void Book(Bill bill, decimal take, long from)
        {
            bill.Paid += take;
            bill.State = bill.Paid >= bill.Total ? BillState.Paid : BillState.PartiallyPaid;
            var reference = $"{credit.Reference} 多收 {numbers[from]}";
            db.Payments.Add(new Payment
            {
                ParkId = bill.ParkId, EnterpriseId = bill.EnterpriseId, BillId = bill.Id, Amount = take, Applied = take, Method = PaymentMethod.CreditNote,
                PaidOn = credit.On, Reference = reference.Length > 100 ? reference[..100] : reference, RecordedBy = db.Actor.UserName, RecordedAt = now,
            });
            applied.Add(new OverbillingApplied(bill.Id, bill.Number, from, take));
            left -= take;
        }
        // first each over-charge on the bill that made it, while that bill is open
        foreach (var o in credit.Overcharges.Where(o => o.Amount > 0).GroupBy(o => o.BillId).Select(g => new BillOvercharge(g.Key, g.Sum(o => o.Amount))).OrderBy(o => o.BillId))
        {
            await RowLocks.ForUpdateAsync(db, "Bills", "Id", o.BillId, ct);
            var bill = await db.Bills.IgnoreQueryFilters().FirstAsync(b => b.Id == o.BillId && b.ParkId == credit.ParkId && b.EnterpriseId == credit.EnterpriseId, ct);
            await db.Entry(bill).ReloadAsync(ct);
            numbers[bill.Id] = bill.Number;
            var outstanding = bill.State == BillState.Cancelled ? 0 : Math.Max(0, bill.Total - bill.Paid);
            var take = Math.Min(Math.Min(left, o.Amount), outstanding);
            if (take > 0) Book(bill, take, bill.Id);
            if (o.Amount > take) rest.Add((bill.Id, o.Amount - take));
        }
        // then what they could not take, on the other open bills, oldest month first (saved first: the list is read from the database)
        await db.SaveChangesAsync(ct);
        if (left > 0)
            foreach (var open in await standing.OpenBillsAsync(credit.ParkId, credit.EnterpriseId, ct))
            {
                if (left == 0) break;
                await RowLocks.ForUpdateAsync(db, "Bills", "Id", open.BillId, ct);
                var bill = await db.Bills.IgnoreQueryFilters().FirstAsync(b => b.Id == open.BillId, ct);
                await db.Entry(bill).ReloadAsync(ct);
                var outstanding = bill.State == BillState.Cancelled ? 0 : Math.Max(0, bill.Total - bill.Paid);
                while (outstanding > 0 && left > 0 && rest.Count > 0)
                {
                    var (from, amount) = rest[0];
                    var take = Math.Min(Math.Min(left, amount), outstanding);
                    Book(bill, take, from);
                    outstanding -= take;
                    if (amount > take) rest[0] = (from, amount - take);
                    else rest.RemoveAt(0);
                }
            }
        if (left > 0)
            throw new DomainRuleException("CreditExceedsOpenBills", "state", "未付账单已少于结算单所列应冲减的金额，请退回草稿重新核对", RuleKind.Conflict)
                { Arguments = [credit.ToBills, credit.ToBills - left] };
        await db.SaveChangesAsync(ct);
        return applied;
    }

    /// <summary>The checks of a payment's input; returns its reference, trimmed (null when none).</summary>
    private string? Validate(PaymentInput input, DateOnly today)
    {
        var errors = new List<ValidationFailure>();
        if (input.Amount <= 0 || input.Amount != RentPricing.RoundToFen(input.Amount) || input.Amount > 100_000_000m)
            errors.Add(new ValidationFailure("amount", t["Val.PaymentAmount"]));
        if (!Enum.IsDefined(input.Method) || BookedBySettlementOnly(input.Method)) errors.Add(new ValidationFailure("method", t["Val.Enum"]));
        var reference = string.IsNullOrWhiteSpace(input.Reference) ? null : input.Reference.Trim();
        if ((reference?.Length ?? 0) > 100) errors.Add(new ValidationFailure("reference", t["Val.MaxLength", 100]));
        else if (reference is not null && reference.Any(c => char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format))
            errors.Add(new ValidationFailure("reference", t["Val.NoInvisibleCharacters"]));
        // money is recorded when it arrives: not in the future, not before the books began
        if (input.PaidOn is { } on && (on > today || on < EarliestPaidOn))
            errors.Add(new ValidationFailure("paidOn", t["Val.Range", EarliestPaidOn.ToString("yyyy-MM-dd"), today.ToString("yyyy-MM-dd")]));
        if (errors.Count > 0) throw new ValidationException(errors);
        return reference;
    }

    public async Task<List<Payment>> PaymentsAsync(long billId, CancellationToken ct)
    {
        if (!await db.Bills.AnyAsync(b => b.Id == billId, ct)) throw new NotFoundException("Bill", billId);
        return await db.Payments.AsNoTracking().Where(p => p.BillId == billId).OrderBy(p => p.Id).ToListAsync(ct);
    }

    /// <summary>
    /// Outstanding amounts by enterprise, aged by days past the due date on <paramref name="asOf"/>. Names firms and
    /// their debts: a government viewer of the park is refused (it reads <see cref="TotalsAsync"/>), a tenant sees its own.
    /// </summary>
    public async Task<List<ArrearsRow>> ArrearsAsync(long parkId, DateOnly? asOf, CancellationToken ct)
    {
        await enterprises.ParkForReadAsync(parkId, ct);
        db.Actor.RefuseGovernmentViewer(parkId);
        var day = asOf ?? enterprises.Today;
        var open = await OverdueAsync(db.Bills.AsNoTracking(), parkId, day, ct);
        var ids = open.Select(b => b.EnterpriseId).Distinct().ToArray();
        var names = await directory.NamesAsync(ids, ct);
        return open.GroupBy(b => b.EnterpriseId).Select(g =>
        {
            var aged = Age(g, day);
            return new ArrearsRow(g.Key, names.GetValueOrDefault(g.Key, ""), g.Count(), aged.Total, aged.D0, aged.D31, aged.D61, aged.D90, g.Min(b => b.DueDate));
        }).OrderByDescending(r => r.Outstanding).ToList();
    }

    /// <summary>
    /// The park's arrears summed (<see cref="IParkArrears"/>): read past the bills' scope filter, which shows a government
    /// viewer no bill at all, so its totals are the operator's totals; no firm is named.
    /// </summary>
    public async Task<ParkArrearsTotals> TotalsAsync(long parkId, DateOnly? asOf, CancellationToken ct)
    {
        await enterprises.ParkForReadAsync(parkId, ct);
        if (!db.Actor.ReadsParkAggregates(parkId)) throw new ForbiddenException("ParkAggregatesAreForOperatorsAndGovernment");
        var day = asOf ?? enterprises.Today;
        var open = await OverdueAsync(db.Bills.IgnoreQueryFilters().AsNoTracking(), parkId, day, ct);
        var aged = Age(open, day);
        int Count(int from, int to) => open.Count(b => day.DayNumber - b.DueDate.DayNumber is var d && d >= from && d <= to);
        return new ParkArrearsTotals(parkId, day, open.Select(b => b.EnterpriseId).Distinct().Count(), open.Count, aged.Total, aged.D0, aged.D31, aged.D61, aged.D90,
            Count(1, 30), Count(31, 60), Count(61, 90), Count(91, int.MaxValue));
    }

    /// <summary>
    /// The park's arrears on past days (<see cref="IParkArrears"/>): bills read past the scope filter; a bill paid (in
    /// part or whole) after a day owed those payments on it.
    /// </summary>
    public async Task<IReadOnlyList<ArrearsOnDay>> OverdueOnAsync(long parkId, IReadOnlyList<DateOnly> days, CancellationToken ct)
    {
        await enterprises.ParkForReadAsync(parkId, ct);
        if (!db.Actor.ReadsParkAggregates(parkId)) throw new ForbiddenException("ParkAggregatesAreForOperatorsAndGovernment");
        if (days.Count == 0) return [];
        var last = days.Max();
        var bills = await db.Bills.IgnoreQueryFilters().AsNoTracking()
            .Where(b => b.ParkId == parkId && (b.State == BillState.Issued || b.State == BillState.PartiallyPaid || b.State == BillState.Paid) && b.DueDate < last)
            .Select(b => new { b.Id, b.Total, b.Paid, b.DueDate }).ToListAsync(ct);
        var ids = bills.Select(b => b.Id).ToArray();
        var first = days.Min();
        // only payments after the earliest day can be taken back
        var later = await db.Payments.IgnoreQueryFilters().AsNoTracking().Where(p => p.ParkId == parkId && ids.Contains(p.BillId) && p.PaidOn > first)
            .Select(p => new { p.BillId, p.Applied, p.PaidOn }).ToListAsync(ct);
        return days.Select(d =>
        {
            // decimals are summed here: SQLite cannot sum them in SQL
            var owed = bills.Where(b => b.DueDate < d)
                .Select(b => b.Total - b.Paid + later.Where(p => p.BillId == b.Id && p.PaidOn > d).Sum(p => p.Applied))
                .Where(o => o > 0).ToList();
            return new ArrearsOnDay(d, owed.Count, owed.Sum());
        }).ToList();
    }

    /// <summary>
    /// The park's billed amounts per month and line kind (<see cref="IBilledRevenue"/>): read past the bills' scope filter
    /// (a government viewer sees no bill line), summed here, no firm named.
    /// </summary>
    public async Task<IReadOnlyList<BilledAmount>> BilledByKindAsync(long parkId, DateOnly from, DateOnly until, CancellationToken ct)
    {
        await enterprises.ParkForReadAsync(parkId, ct);
        if (!db.Actor.ReadsParkAggregates(parkId)) throw new ForbiddenException("ParkAggregatesAreForOperatorsAndGovernment");
        var live = db.Bills.IgnoreQueryFilters().Where(b => b.ParkId == parkId && b.State != BillState.Cancelled && b.Month >= from && b.Month < until);
        var lines = await db.BillLines.IgnoreQueryFilters().AsNoTracking().Where(l => l.ParkId == parkId)
            .Join(live, l => l.BillId, b => b.Id, (l, b) => new { b.Month, l.Kind, l.Amount }).ToListAsync(ct);
        // decimals are summed here: SQLite cannot sum them in SQL
        return lines.GroupBy(l => (l.Month, l.Kind)).OrderBy(g => g.Key.Month).ThenBy(g => g.Key.Kind)
            .Select(g => new BilledAmount(g.Key.Month, g.Key.Kind, g.Sum(l => l.Amount))).ToList();
    }

    public async Task<IReadOnlyDictionary<long, IReadOnlyList<BilledAmount>>> BilledByKindAsync(IReadOnlyCollection<long> parkIds, DateOnly from, DateOnly until, CancellationToken ct)
    {
        var ids = parkIds.Distinct().ToArray();
        if (ids.Length == 0) return new Dictionary<long, IReadOnlyList<BilledAmount>>();
        // the checks of ParkForReadAsync and ReadsParkAggregates park by park, with one read of the parks in sight
        var seen = (await db.Parks.AsNoTracking().Where(p => EF.Parameter(ids).Contains(p.Id)).Select(p => p.Id).ToListAsync(ct)).ToHashSet();
        foreach (var id in ids) if (!seen.Contains(id)) throw new NotFoundException("Park", id);
        foreach (var id in ids) if (!db.Actor.ReadsParkAggregates(id)) throw new ForbiddenException("ParkAggregatesAreForOperatorsAndGovernment");
        return await BilledOfAsync(ids, from, until, ct);
    }

    /// <summary>
    /// The live bills' lines of these parks added up per park, month and kind in the database (a region's two years of
    /// bills are millions of lines; the one-park read above sends the lines and adds them here, the same figures). Exactly: each amount is taken in units of 0.0001 元 (the column's scale) as an
    /// integer and those are added, so SQLite, which keeps decimals as text and cannot add them in SQL, gives the sum
    /// the decimals would (exact while an amount stays under 9·10¹¹ 元, where a double still tells 0.0001 apart).
    /// </summary>
    private async Task<IReadOnlyDictionary<long, IReadOnlyList<BilledAmount>>> BilledOfAsync(long[] ids, DateOnly from, DateOnly until, CancellationToken ct)
    {
        // the park ids as one parameter (PostgreSQL an array, SQLite json_each): a region has thousands of parks
        var live = db.Bills.IgnoreQueryFilters().Where(b => EF.Parameter(ids).Contains(b.ParkId) && b.State != BillState.Cancelled && b.Month >= from && b.Month < until);
        var sums = await db.BillLines.IgnoreQueryFilters().AsNoTracking()
            .Join(live, l => l.BillId, b => b.Id, (l, b) => new { b.ParkId, LineParkId = l.ParkId, b.Month, l.Kind, l.Amount })
            .Where(x => x.LineParkId == x.ParkId)
            .GroupBy(x => new { x.ParkId, x.Month, x.Kind })
            .Select(g => new { g.Key.ParkId, g.Key.Month, g.Key.Kind, Units = g.Sum(x => (long)Math.Round((double)x.Amount * 10000)) })
            .ToListAsync(ct);
        var byPark = sums.ToLookup(s => s.ParkId);
        return ids.ToDictionary(id => id, IReadOnlyList<BilledAmount> (id) => byPark[id].OrderBy(s => s.Month).ThenBy(s => s.Kind)
            .Select(s => new BilledAmount(s.Month, s.Kind, s.Units / 10000m)).ToList());
    }

    private sealed record Overdue(long EnterpriseId, decimal Total, decimal Paid, DateOnly DueDate);

    private static Task<List<Overdue>> OverdueAsync(IQueryable<Bill> bills, long parkId, DateOnly day, CancellationToken ct) =>
        bills.Where(b => b.ParkId == parkId && (b.State == BillState.Issued || b.State == BillState.PartiallyPaid) && b.DueDate < day)
            .Select(b => new Overdue(b.EnterpriseId, b.Total, b.Paid, b.DueDate)).ToListAsync(ct);

    // decimals are summed here: SQLite cannot sum them in SQL
    private static (decimal Total, decimal D0, decimal D31, decimal D61, decimal D90) Age(IEnumerable<Overdue> bills, DateOnly day)
    {
        var list = bills as IReadOnlyCollection<Overdue> ?? bills.ToList();
        decimal Bucket(int from, int to) => list.Where(b => day.DayNumber - b.DueDate.DayNumber is var d && d >= from && d <= to).Sum(b => b.Total - b.Paid);
        return (list.Sum(b => b.Total - b.Paid), Bucket(1, 30), Bucket(31, 60), Bucket(61, 90), Bucket(91, int.MaxValue));
    }

    /// <summary>What an enterprise still owes on its bills (used when a lease is settled against its deposit).</summary>
    public Task<decimal> OutstandingAsync(long enterpriseId, CancellationToken ct) => standing.OutstandingAsync(enterpriseId, ct);
}
