using System.Globalization;
using System.Text.Json;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Pricing;
using ParkOps.Domain.Rules;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Leasing;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Resources;
using ParkOps.Domain.Billing;

namespace ParkOps.Web.Features.Billing;

public sealed record ReissueAdjustment([Line(200)] string? Description, decimal Amount);

/// <summary>Reissue a bill: <c>reason</c> is required; <c>adjustments</c> are extra lines (negative to reduce).</summary>
public sealed record ReissueInput(string? Reason, [MaxItems(BillReissueService.MaxAdjustments)] IReadOnlyList<ReissueAdjustment>? Adjustments = null);

public sealed record CreditNoteDto(long Id, string Number, long BillId, string BillNumber, long ReplacementBillId, string ReplacementBillNumber,
    decimal Amount, decimal PaidCarried, decimal ToCredit, string Reason, string IssuedBy, DateTime IssuedAt);

public sealed record ReissueResult(CreditNoteDto CreditNote, BillDto Bill);

/// <summary>
/// Bills are never edited in place. A wrong bill is reissued: a credit note cancels it in full, and a new bill for
/// the same enterprise and month carries its lines plus the operator's adjustment lines. What had been paid moves to
/// the new bill; whatever the new bill does not need goes to the enterprise's credit. All in one transaction.
/// </summary>
public sealed class BillReissueService(ParkOpsDb db, BillingService billing, CreditAccounts credits, TimeProvider clock, IStringLocalizer<Text> t)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    public const int MaxAdjustments = 20;

    public async Task<ReissueResult> ReissueAsync(long billId, ReissueInput input, CancellationToken ct)
    {
        // who asks and what they send, before anything is locked
        var found = await db.Bills.AsNoTracking().Where(b => b.Id == billId).Select(b => new { b.ParkId }).FirstOrDefaultAsync(ct) ?? throw new NotFoundException("Bill", billId);
        if (!db.Actor.CanOperatePark(found.ParkId)) throw new ForbiddenException("OnlyOperatorsMayWrite");
        var adjustments = Validate(input);

        var now = clock.GetUtcNow().UtcDateTime;
        var reason = input.Reason!.Trim();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // the bill is locked and read again: a payment or another reissue of it waits, then sees it cancelled
        await RowLocks.ForUpdateAsync(db, "Bills", "Id", billId, ct);
        var bill = await db.Bills.Include(b => b.Lines).FirstAsync(b => b.Id == billId, ct);
        await db.Entry(bill).ReloadAsync(ct);
        if (bill.State == BillState.Cancelled)
            throw new DomainRuleException("ReissueNeedsLiveBill", "billId", "账单已作废，不能再次重开", RuleKind.Conflict) { Arguments = [bill.Number] };
        var newTotal = bill.Lines.Sum(l => l.Amount) + adjustments.Sum(a => a.Amount);
        if (newTotal < 0)
            throw new DomainRuleException("ReissuedBillMustNotBeNegative", "adjustments", "重开后的账单金额不能为负") { Arguments = [newTotal] };
        var (root, depth) = await ChainAsync(bill, ct);

        // the old bill leaves the "one live bill per enterprise and month" index before the new one enters it
        bill.State = BillState.Cancelled;
        await db.SaveChangesAsync(ct);

        var replacement = new Bill
        {
            ParkId = bill.ParkId, EnterpriseId = bill.EnterpriseId, RunId = bill.RunId, Month = bill.Month, DueDate = bill.DueDate, IssuedAt = now,
            Number = $"{root}-R{depth + 1}", ReplacesBillId = bill.Id, State = BillState.Issued,
        };
        foreach (var l in bill.Lines.OrderBy(l => l.Id))
            replacement.Lines.Add(new BillLine
            {
                ParkId = l.ParkId, EnterpriseId = l.EnterpriseId, Kind = l.Kind, SourceType = l.SourceType, SourceId = l.SourceId, Description = l.Description,
                Quantity = l.Quantity, Unit = l.Unit, UnitPrice = l.UnitPrice, Amount = l.Amount, RulesJson = l.RulesJson,
            });
        foreach (var a in adjustments)
            replacement.Lines.Add(new BillLine
            {
                ParkId = bill.ParkId, EnterpriseId = bill.EnterpriseId, Kind = BillLineKind.Adjustment, SourceType = "reissue", SourceId = bill.Id.ToString(CultureInfo.InvariantCulture),
                Description = a.Description!.Trim(), Quantity = 1, Unit = "项", UnitPrice = a.Amount, Amount = a.Amount,
                RulesJson = JsonSerializer.Serialize(new[] { new AppliedRule("ReissueAdjustment", $"{bill.Number}: {reason}", a.Amount.ToString("0.00", CultureInfo.InvariantCulture) + " 元") }, Json),
            });
        replacement.Total = replacement.Lines.Sum(l => l.Amount);
        var carried = bill.Paid;
        replacement.Paid = Math.Min(carried, replacement.Total);
        replacement.State = replacement.Total > 0 && replacement.Paid >= replacement.Total || replacement.Total == 0 ? BillState.Paid
            : replacement.Paid > 0 ? BillState.PartiallyPaid : BillState.Issued;
        db.Bills.Add(replacement);
        await db.SaveChangesAsync(ct);

        var toCredit = carried - replacement.Paid;
        if (replacement.Paid > 0)
            db.Payments.Add(new Payment
            {
                ParkId = bill.ParkId, EnterpriseId = bill.EnterpriseId, BillId = replacement.Id, Amount = replacement.Paid, Applied = replacement.Paid,
                Method = PaymentMethod.CarriedOver, PaidOn = billing.Today, Reference = bill.Number, RecordedBy = db.Actor.UserName, RecordedAt = now,
            });
        // the charges other areas posted now belong to the replacement
        await db.PendingCharges.Where(c => c.BilledBillId == bill.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.BilledBillId, replacement.Id), ct);
        var note = new CreditNote
        {
            ParkId = bill.ParkId, EnterpriseId = bill.EnterpriseId, Number = $"CN-{bill.Number}", BillId = bill.Id, ReplacementBillId = replacement.Id,
            Amount = bill.Total, PaidCarried = carried, ToCredit = toCredit, Reason = reason, IssuedBy = db.Actor.UserName, IssuedAt = now,
        };
        db.CreditNotes.Add(note);
        await db.SaveChangesAsync(ct);
        if (toCredit > 0)
        {
            var credit = await credits.OpenAsync(bill.ParkId, bill.EnterpriseId, ct);
            credits.Move(credit, CreditMovementKind.ReissueExcess, toCredit, creditNoteId: note.Id);
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return new ReissueResult(ToDto(note, bill.Number, replacement.Number), await billing.BillAsync(replacement.Id, ct));
    }

    /// <summary>The credit notes that cancelled this bill or created it.</summary>
    public async Task<List<CreditNoteDto>> CreditNotesAsync(long billId, CancellationToken ct)
    {
        if (!await db.Bills.AnyAsync(b => b.Id == billId, ct)) throw new NotFoundException("Bill", billId);
        var notes = await db.CreditNotes.AsNoTracking().Where(n => n.BillId == billId || n.ReplacementBillId == billId).OrderBy(n => n.Id).ToListAsync(ct);
        var ids = notes.SelectMany(n => new[] { n.BillId, n.ReplacementBillId }).Distinct().ToArray();
        var numbers = await db.Bills.AsNoTracking().Where(b => ids.Contains(b.Id)).ToDictionaryAsync(b => b.Id, b => b.Number, ct);
        return notes.Select(n => ToDto(n, numbers.GetValueOrDefault(n.BillId, ""), numbers.GetValueOrDefault(n.ReplacementBillId, ""))).ToList();
    }

    private List<ReissueAdjustment> Validate(ReissueInput input)
    {
        var errors = new List<ValidationFailure>();
        if (string.IsNullOrWhiteSpace(input.Reason)) errors.Add(new ValidationFailure("reason", t["Val.Required"]));
        else if (input.Reason.Trim().Length > 500) errors.Add(new ValidationFailure("reason", t["Val.MaxLength", 500]));
        var list = input.Adjustments ?? [];
        if (list.Count > MaxAdjustments) errors.Add(new ValidationFailure("adjustments", t["Val.MaxItems", MaxAdjustments]));
        for (var i = 0; i < list.Count && i < MaxAdjustments; i++)
        {
            var a = list[i];
            if (string.IsNullOrWhiteSpace(a.Description)) errors.Add(new ValidationFailure($"adjustments[{i}].description", t["Val.Required"]));
            else if (a.Description.Trim().Length > 200) errors.Add(new ValidationFailure($"adjustments[{i}].description", t["Val.MaxLength", 200]));
            if (a.Amount == 0 || a.Amount != RentPricing.RoundToFen(a.Amount) || Math.Abs(a.Amount) > 100_000_000m)
                errors.Add(new ValidationFailure($"adjustments[{i}].amount", t["Val.AdjustmentAmount"]));
        }
        if (errors.Count > 0) throw new ValidationException(errors);
        return list.ToList();
    }

    /// <summary>The number of the first bill in the chain of reissues, and how many reissues came before.</summary>
    private async Task<(string Root, int Depth)> ChainAsync(Bill bill, CancellationToken ct)
    {
        var root = bill;
        var depth = 0;
        while (root.ReplacesBillId is { } prev && depth < 1000)
        {
            root = await db.Bills.AsNoTracking().FirstAsync(b => b.Id == prev, ct);
            depth++;
        }
        return (root.Number, depth);
    }

    private static CreditNoteDto ToDto(CreditNote n, string billNumber, string replacementNumber) =>
        new(n.Id, n.Number, n.BillId, billNumber, n.ReplacementBillId, replacementNumber, n.Amount, n.PaidCarried, n.ToCredit, n.Reason, n.IssuedBy, n.IssuedAt);
}
