using ParkOps.Domain.Billing;

namespace ParkOps.Domain.Tests.Billing;

/// <summary>The books of a small park written out by hand: one finding per broken invariant, none when they add up.</summary>
public sealed class LedgerInvariantsTests
{
    private static readonly DateOnly Oct = new(2026, 10, 1);

    /// <summary>
    /// Enterprise 1: bill B1 of 300.00 (rent 200 + fee 100) paid 300 by one transfer of 350 (50 to credit), then 20 of
    /// credit spent on B2 (80.00, partly paid 20). Enterprise 2: bill B3 of 100 reissued as B3-R1 of 90 (10 credited).
    /// </summary>
    private static LedgerFacts Sound(
        Func<LedgerBill, LedgerBill>? bill = null, Func<LedgerPayment, LedgerPayment>? payment = null,
        Func<LedgerCreditAccount, LedgerCreditAccount>? account = null, IEnumerable<LedgerLine>? extraLines = null,
        IEnumerable<LedgerMovement>? extraMovements = null, IEnumerable<LedgerCharge>? charges = null, IEnumerable<LedgerCreditNote>? notes = null)
    {
        bill ??= b => b; payment ??= p => p; account ??= a => a;
        var bills = new List<LedgerBill>
        {
            new(1, "B1", 1, Oct, LedgerBillState.Paid, 300.00m, 300.00m),
            new(2, "B2", 1, Oct.AddMonths(1), LedgerBillState.PartiallyPaid, 80.00m, 20.00m),
            new(3, "B3", 2, Oct, LedgerBillState.Cancelled, 100.00m, 100.00m),
            new(4, "B3-R1", 2, Oct, LedgerBillState.Paid, 90.00m, 90.00m),
        }.Select(bill).ToList();
        var lines = new List<LedgerLine>
        {
            new(1, "Rent", "lease", "L1", 200.00m), new(1, "PropertyFee", "lease", "L1", 100.00m),
            new(2, "Rent", "lease", "L1", 80.00m),
            new(3, "Rent", "lease", "L2", 100.00m),
            new(4, "Rent", "lease", "L2", 100.00m), new(4, "Adjustment", "reissue", "3", -10.00m),
        };
        lines.AddRange(extraLines ?? []);
        var payments = new List<LedgerPayment>
        {
            new(10, 1, 1, 350.00m, 300.00m, false),
            new(11, 2, 1, 20.00m, 20.00m, true),
            new(12, 3, 2, 100.00m, 100.00m, false),
            new(13, 4, 2, 90.00m, 90.00m, false), // carried over from B3
        }.Select(payment).ToList();
        var creditNotes = notes?.ToList() ?? [new LedgerCreditNote(20, "CN-B3", 3, 4, 10.00m)];
        var accounts = new List<LedgerCreditAccount> { new(1, 30.00m), new(2, 10.00m) }.Select(account).ToList();
        var movements = new List<LedgerMovement>
        {
            new(30, 1, 50.00m, 10, null), new(31, 1, -20.00m, 11, null), new(32, 2, 10.00m, null, 20),
        };
        movements.AddRange(extraMovements ?? []);
        return new LedgerFacts(bills, lines, payments, creditNotes, accounts, movements, charges?.ToList() ?? []);
    }

    [Fact]
    public void Check_BooksThatAddUp_FindNothing() => LedgerInvariants.Check(Sound()).ShouldBeEmpty();

    [Fact]
    public void Check_PaidRaisedByOneFenMoreThanItsPayments_FindsTheBill()
    {
        var f = LedgerInvariants.Check(Sound(bill: b => b.Id == 2 ? b with { Paid = 20.01m } : b));
        f.Single(x => x.Rule == "BillPaidMustEqualPaymentsApplied").ShouldBe(new LedgerFinding("BillPaidMustEqualPaymentsApplied", "Bill", "B2", "20.00", "20.01"));
    }

    [Fact]
    public void Check_TotalNotTheSumOfItsLines_FindsTheBill()
    {
        var f = LedgerInvariants.Check(Sound(extraLines: [new LedgerLine(2, "LateFee", "late-fee", "7", 1.50m)]));
        f.ShouldHaveSingleItem().ShouldBe(new LedgerFinding("BillTotalMustEqualLines", "Bill", "B2", "81.50", "80.00"));
    }

    [Fact]
    public void Check_StatePaidWithMoneyStillOwed_FindsTheState()
    {
        var f = LedgerInvariants.Check(Sound(bill: b => b.Id == 2 ? b with { State = LedgerBillState.Paid } : b));
        f.ShouldHaveSingleItem().ShouldBe(new LedgerFinding("BillStateMustMatchPaid", "Bill", "B2", "PartiallyPaid", "Paid"));
    }

    [Fact]
    public void Check_PaidAboveTotal_IsFound()
    {
        var f = LedgerInvariants.Check(Sound(bill: b => b.Id == 1 ? b with { Paid = 350.00m } : b, payment: p => p.Id == 10 ? p with { Applied = 350.00m } : p));
        f.Select(x => x.Rule).ShouldContain("BillPaidMustBeWithinTotal");
        // the payment now leaves nothing for credit, yet credit moved 50: found as well
        f.Single(x => x.Rule == "PaymentMustMoveCreditExactly").ShouldBe(new LedgerFinding("PaymentMustMoveCreditExactly", "Payment", "10", "0.00", "50.00"));
    }

    [Fact]
    public void Check_CreditBalanceNotItsMovements_IsFound()
    {
        // the lost-money defect: fifty payments of 1.00 raised the balance by 1.00 only
        var f = LedgerInvariants.Check(Sound(account: a => a.EnterpriseId == 1 ? a with { Balance = 29.99m } : a));
        f.ShouldHaveSingleItem().ShouldBe(new LedgerFinding("CreditBalanceMustEqualMovements", "CreditBalance", "1", "30.00", "29.99"));
    }

    [Fact]
    public void Check_MovementsWithoutABalanceRow_AreFound()
    {
        var f = LedgerInvariants.Check(Sound(extraMovements: [new LedgerMovement(40, 9, 5.00m, null, null)]));
        f.ShouldHaveSingleItem().ShouldBe(new LedgerFinding("CreditBalanceMustEqualMovements", "CreditBalance", "9", "5.00", "—"));
    }

    [Fact]
    public void Check_NegativeBalance_IsFound()
    {
        var f = LedgerInvariants.Check(Sound(account: a => a.EnterpriseId == 2 ? a with { Balance = -1.00m } : a,
            extraMovements: [new LedgerMovement(41, 2, -11.00m, null, null)]));
        f.ShouldHaveSingleItem().ShouldBe(new LedgerFinding("CreditBalanceMustNotBeNegative", "CreditBalance", "2", "≥ 0", "-1.00"));
    }

    [Fact]
    public void Check_CreditPaymentWithoutItsMovement_IsFound()
    {
        var facts = Sound();
        facts = facts with { Movements = facts.Movements.Where(m => m.Id != 31).ToList(), Accounts = [new(1, 50.00m), new(2, 10.00m)] };
        LedgerInvariants.Check(facts).ShouldHaveSingleItem().ShouldBe(new LedgerFinding("PaymentMustMoveCreditExactly", "Payment", "11", "-20.00", "0.00"));
    }

    [Fact]
    public void Check_CreditNoteExcessNotCredited_IsFound()
    {
        var facts = Sound();
        facts = facts with { Movements = facts.Movements.Where(m => m.Id != 32).ToList(), Accounts = [new(1, 30.00m), new(2, 0m)] };
        LedgerInvariants.Check(facts).ShouldHaveSingleItem().ShouldBe(new LedgerFinding("CreditNoteMustMoveCreditExactly", "CreditNote", "CN-B3", "10.00", "0.00"));
    }

    [Fact]
    public void Check_OneLeaseMonthOnTwoLiveBills_IsFoundOnce()
    {
        // B2's lease L1 rent of November appears again on another enterprise's live November bill
        var facts = Sound(bill: b => b);
        facts = facts with
        {
            Bills = [.. facts.Bills, new LedgerBill(5, "B5", 3, Oct.AddMonths(1), LedgerBillState.Issued, 80.00m, 0m)],
            Lines = [.. facts.Lines, new LedgerLine(5, "Rent", "lease", "L1", 80.00m)],
        };
        LedgerInvariants.Check(facts).ShouldHaveSingleItem().ShouldBe(new LedgerFinding("SourceMustBeBilledOnce", "BillLine", "lease:L1 2026-11 Rent", "1", "B2、B5"));
    }

    [Fact]
    public void Check_SameLateFeePolicyOnTwoEnterprises_IsNotDoubleBilling()
    {
        var facts = Sound();
        facts = facts with
        {
            Bills = [.. facts.Bills.Select(b => b.Id == 2 ? b with { Total = 81.00m } : b), new LedgerBill(5, "B5", 3, Oct.AddMonths(1), LedgerBillState.Issued, 2.00m, 0m)],
            Lines = [.. facts.Lines, new LedgerLine(2, "LateFee", "late-fee", "7", 1.00m), new LedgerLine(5, "LateFee", "late-fee", "7", 2.00m)],
        };
        LedgerInvariants.Check(facts).ShouldBeEmpty();
    }

    [Fact]
    public void Check_CancelledBillWithoutCreditNote_IsFound()
    {
        var f = LedgerInvariants.Check(Sound(notes: []));
        f.ShouldHaveSingleItem().ShouldBe(new LedgerFinding("CancelledBillMustLeadToLiveBill", "Bill", "B3", "→ live bill", "—"));
    }

    [Fact]
    public void Check_TwoLiveBillsOfOneEnterpriseAndMonth_AreFound()
    {
        var f = LedgerInvariants.Check(Sound(bill: b => b.Id == 3 ? b with { State = LedgerBillState.Paid } : b));
        f.Single(x => x.Rule == "OneLiveBillPerEnterpriseAndMonth").Key.ShouldBe("B3、B3-R1");
    }

    [Fact]
    public void Check_ChargeBilledToACancelledBill_IsFound()
    {
        var f = LedgerInvariants.Check(Sound(
            extraLines: [new LedgerLine(3, "SharedResource", "booking", "77", 0m), new LedgerLine(4, "SharedResource", "booking", "77", 0m)],
            charges: [new LedgerCharge(50, "booking", "77", Oct, 3)]));
        f.ShouldHaveSingleItem().ShouldBe(new LedgerFinding("ChargeMustBeOnLiveBill", "PendingCharge", "booking:77 2026-10", "live bill with its line", "B3 (Cancelled)"));
    }

    [Fact]
    public void Check_ChargeOnALiveBillThatCarriesIt_IsFine() =>
        LedgerInvariants.Check(Sound(extraLines: [new LedgerLine(4, "SharedResource", "booking", "77", 0m)], charges: [new LedgerCharge(50, "booking", "77", Oct, 4)])).ShouldBeEmpty();
}
