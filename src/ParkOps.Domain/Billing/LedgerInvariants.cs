namespace ParkOps.Domain.Billing;

public enum LedgerBillState { Issued, PartiallyPaid, Paid, Cancelled }

/// <summary>A bill as the books see it: its total, what was applied to it, and the bill it replaced (a reissue).</summary>
public sealed record LedgerBill(long Id, string Number, long EnterpriseId, DateOnly Month, LedgerBillState State, decimal Total, decimal Paid);

/// <summary>A bill line: where its amount came from (a lease, a meter, a booking, a late-fee policy, a reissue).</summary>
public sealed record LedgerLine(long BillId, string Kind, string SourceType, string SourceId, decimal Amount);

/// <summary>Money received for a bill: <see cref="Applied"/> went to the bill, the rest to credit; or drawn from credit.</summary>
public sealed record LedgerPayment(long Id, long BillId, long EnterpriseId, decimal Amount, decimal Applied, bool FromCredit);

/// <summary>A credit note cancelling a bill in favour of its replacement; <see cref="ToCredit"/> is what the replacement did not need.</summary>
public sealed record LedgerCreditNote(long Id, string Number, long BillId, long ReplacementBillId, decimal ToCredit);

/// <summary>An enterprise's credit balance as stored.</summary>
public sealed record LedgerCreditAccount(long EnterpriseId, decimal Balance);

/// <summary>One movement of an enterprise's credit (signed), naming the payment or credit note behind it where there is one.</summary>
public sealed record LedgerMovement(long Id, long EnterpriseId, decimal Amount, long? PaymentId, long? CreditNoteId);

/// <summary>A charge another area posted for the bill run, and the bill it went to.</summary>
public sealed record LedgerCharge(long Id, string SourceType, string SourceId, DateOnly Month, long? BilledBillId);

/// <summary>The books of one park (or of a whole installation): everything the invariants read.</summary>
public sealed record LedgerFacts(
    IReadOnlyList<LedgerBill> Bills,
    IReadOnlyList<LedgerLine> Lines,
    IReadOnlyList<LedgerPayment> Payments,
    IReadOnlyList<LedgerCreditNote> CreditNotes,
    IReadOnlyList<LedgerCreditAccount> Accounts,
    IReadOnlyList<LedgerMovement> Movements,
    IReadOnlyList<LedgerCharge> Charges);

/// <summary>
/// One broken invariant: the rule's name (a localisation key), the record it was found on (entity and its key or
/// number), and what the books say against what they should say.
/// </summary>
public sealed record LedgerFinding(string Rule, string Entity, string Key, string Expected, string Actual);

/// <summary>
/// The invariants that prove the books add up (hardening issue: "no lost or double money"). They only report; a
/// finding is for a person to investigate, never repaired behind their back.
/// <list type="bullet">
/// <item>a bill's paid amount is the sum applied to it by its payments, within 0…total, and its state agrees;</item>
/// <item>a bill's total is the sum of its lines;</item>
/// <item>every credit balance is the sum of its movements, never negative, and every payment or credit note that moved
/// credit has exactly the movement it implies;</item>
/// <item>every bill line belongs to exactly one live bill: no source is billed twice in a month, every cancelled bill
/// leads through its credit notes to a live bill, and every billed charge sits on a live bill that carries it;</item>
/// <item>at most one live bill per enterprise and month.</item>
/// </list>
/// </summary>
public static class LedgerInvariants
{
    public static IReadOnlyList<LedgerFinding> Check(LedgerFacts f)
    {
        var findings = new List<LedgerFinding>();
        var bills = f.Bills.ToDictionary(b => b.Id);
        var appliedBy = f.Payments.GroupBy(p => p.BillId).ToDictionary(g => g.Key, g => g.Sum(p => p.Applied));
        var linesBy = f.Lines.ToLookup(l => l.BillId);

        foreach (var b in f.Bills.OrderBy(b => b.Id))
        {
            var applied = appliedBy.GetValueOrDefault(b.Id);
            if (b.Paid != applied)
                findings.Add(new("BillPaidMustEqualPaymentsApplied", "Bill", b.Number, Money(applied), Money(b.Paid)));
            var lines = linesBy[b.Id].Sum(l => l.Amount);
            if (b.Total != lines)
                findings.Add(new("BillTotalMustEqualLines", "Bill", b.Number, Money(lines), Money(b.Total)));
            if (b.Paid < 0 || b.Paid > Math.Max(0, b.Total))
                findings.Add(new("BillPaidMustBeWithinTotal", "Bill", b.Number, $"0…{Money(Math.Max(0, b.Total))}", Money(b.Paid)));
            if (b.State == LedgerBillState.Cancelled || b.Total == 0 && b.Paid == 0 && b.State is LedgerBillState.Issued or LedgerBillState.Paid) continue;
            var expected = b.Paid >= b.Total ? LedgerBillState.Paid : b.Paid > 0 ? LedgerBillState.PartiallyPaid : LedgerBillState.Issued;
            if (b.State != expected)
                findings.Add(new("BillStateMustMatchPaid", "Bill", b.Number, expected.ToString(), b.State.ToString()));
        }

        foreach (var p in f.Payments.OrderBy(p => p.Id))
        {
            if (p.Applied < 0 || p.Applied > p.Amount || p.FromCredit && p.Applied != p.Amount)
                findings.Add(new("PaymentAppliedMustNotExceedAmount", "Payment", Key(p.Id), $"0…{Money(p.Amount)}", Money(p.Applied)));
            if (!bills.ContainsKey(p.BillId))
                findings.Add(new("PaymentMustBelongToBill", "Payment", Key(p.Id), Key(p.BillId), "—"));
        }

        CheckCredit(f, findings);
        CheckBilledOnce(f, bills, findings);
        return findings;
    }

    private static void CheckCredit(LedgerFacts f, List<LedgerFinding> findings)
    {
        var movementsBy = f.Movements.GroupBy(m => m.EnterpriseId).ToDictionary(g => g.Key, g => g.Sum(m => m.Amount));
        var accounts = f.Accounts.ToDictionary(a => a.EnterpriseId);
        foreach (var a in f.Accounts.OrderBy(a => a.EnterpriseId))
        {
            var sum = movementsBy.GetValueOrDefault(a.EnterpriseId);
            if (a.Balance != sum)
                findings.Add(new("CreditBalanceMustEqualMovements", "CreditBalance", Key(a.EnterpriseId), Money(sum), Money(a.Balance)));
            if (a.Balance < 0)
                findings.Add(new("CreditBalanceMustNotBeNegative", "CreditBalance", Key(a.EnterpriseId), "≥ 0", Money(a.Balance)));
        }
        foreach (var (enterprise, sum) in movementsBy.Where(kv => !accounts.ContainsKey(kv.Key)).OrderBy(kv => kv.Key))
            findings.Add(new("CreditBalanceMustEqualMovements", "CreditBalance", Key(enterprise), Money(sum), "—"));

        // money received is applied or credited, to the 分: each payment's credit side has exactly its movement
        var byPayment = f.Movements.Where(m => m.PaymentId is not null).GroupBy(m => m.PaymentId!.Value).ToDictionary(g => g.Key, g => g.Sum(m => m.Amount));
        foreach (var p in f.Payments.OrderBy(p => p.Id))
        {
            var implied = p.FromCredit ? -p.Applied : p.Amount - p.Applied;
            var moved = byPayment.GetValueOrDefault(p.Id);
            if (moved != implied)
                findings.Add(new("PaymentMustMoveCreditExactly", "Payment", Key(p.Id), Money(implied), Money(moved)));
        }
        var byNote = f.Movements.Where(m => m.CreditNoteId is not null).GroupBy(m => m.CreditNoteId!.Value).ToDictionary(g => g.Key, g => g.Sum(m => m.Amount));
        foreach (var n in f.CreditNotes.OrderBy(n => n.Id))
        {
            var moved = byNote.GetValueOrDefault(n.Id);
            if (moved != n.ToCredit)
                findings.Add(new("CreditNoteMustMoveCreditExactly", "CreditNote", n.Number, Money(n.ToCredit), Money(moved)));
        }
    }

    private static void CheckBilledOnce(LedgerFacts f, Dictionary<long, LedgerBill> bills, List<LedgerFinding> findings)
    {
        foreach (var g in f.Bills.Where(b => b.State != LedgerBillState.Cancelled).GroupBy(b => (b.EnterpriseId, b.Month)).Where(g => g.Count() > 1))
            findings.Add(new("OneLiveBillPerEnterpriseAndMonth", "Bill", string.Join("、", g.Select(b => b.Number)), "1", g.Count().ToString(System.Globalization.CultureInfo.InvariantCulture)));

        // a source is billed once a month: a lease's rent and property fee, a meter's use, a posted charge; a late fee is
        // the enterprise's own (one policy serves every enterprise); adjustment lines are the operator's, any number
        var live = f.Lines.Where(l => l.Kind != "Adjustment" && bills.TryGetValue(l.BillId, out var b) && b.State != LedgerBillState.Cancelled)
            .Select(l => (Line: l, Bill: bills[l.BillId]));
        foreach (var g in live.GroupBy(x => (x.Bill.Month, x.Line.Kind, x.Line.SourceType, x.Line.SourceId, Owner: x.Line.SourceType == "late-fee" ? x.Bill.EnterpriseId : 0))
                     .Where(g => g.Count() > 1).OrderBy(g => g.Key.Month).ThenBy(g => g.Key.SourceId, StringComparer.Ordinal))
            findings.Add(new("SourceMustBeBilledOnce", "BillLine", $"{g.Key.SourceType}:{g.Key.SourceId} {g.Key.Month:yyyy-MM} {g.Key.Kind}",
                "1", string.Join("、", g.Select(x => x.Bill.Number).Distinct())));

        // every cancelled bill leads, through the credit notes that replaced it, to a live bill
        var noteOf = f.CreditNotes.GroupBy(n => n.BillId).ToDictionary(g => g.Key, g => g.First());
        foreach (var b in f.Bills.Where(b => b.State == LedgerBillState.Cancelled).OrderBy(b => b.Id))
        {
            var at = b;
            var steps = 0;
            while (at.State == LedgerBillState.Cancelled && noteOf.TryGetValue(at.Id, out var n) && bills.TryGetValue(n.ReplacementBillId, out var next) && steps++ < 10_000)
                at = next;
            if (at.State == LedgerBillState.Cancelled)
                findings.Add(new("CancelledBillMustLeadToLiveBill", "Bill", b.Number, "→ live bill", at == b ? "—" : at.Number));
        }

        // a billed charge sits on a live bill that carries its line
        var sources = f.Lines.Select(l => (l.BillId, l.SourceType, l.SourceId)).ToHashSet();
        foreach (var c in f.Charges.Where(c => c.BilledBillId is not null).OrderBy(c => c.Id))
        {
            var on = bills.GetValueOrDefault(c.BilledBillId!.Value);
            if (on is null || on.State == LedgerBillState.Cancelled || !sources.Contains((on.Id, c.SourceType, c.SourceId)))
                findings.Add(new("ChargeMustBeOnLiveBill", "PendingCharge", $"{c.SourceType}:{c.SourceId} {c.Month:yyyy-MM}", "live bill with its line",
                    on is null ? "—" : $"{on.Number} ({on.State})"));
        }
    }

    private static string Money(decimal d) => d.ToString("0.00##", System.Globalization.CultureInfo.InvariantCulture);
    private static string Key(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
