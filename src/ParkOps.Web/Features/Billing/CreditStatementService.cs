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

/// <summary>Pay credit back to the enterprise: <c>amount</c> up to its balance; how, when and the reference of the transfer.</summary>
public sealed record RefundInput(decimal Amount, PaymentMethod Method = PaymentMethod.BankTransfer, DateOnly? PaidOn = null, [Code(100)] string? Reference = null, [Line(500)] string? Note = null);

public sealed record CreditMovementDto(long Id, CreditMovementKind Kind, decimal Amount, decimal BalanceAfter, long? PaymentId, long? BillId, string? BillNumber,
    long? CreditNoteId, string? CreditNoteNumber, PaymentMethod? Method, DateOnly? PaidOn, string? Reference, string? Note, string RecordedBy, DateTime RecordedAt);

/// <summary>An enterprise's credit with the park: the balance and every movement that made it (newest first).</summary>
public sealed record CreditStatement(long EnterpriseId, string EnterpriseName, long ParkId, decimal Balance, IReadOnlyList<CreditMovementDto> Movements);

/// <summary>
/// The enterprise's credit account as its operator and the enterprise itself see it, and refunds of credit (the money
/// goes back to the enterprise, e.g. when it leaves the park). A government viewer does not see a named firm's
/// account (DOMAIN §1: financial detail is the enterprise's).
/// </summary>
public sealed class CreditStatementService(ParkOpsDb db, EnterpriseService enterprises, CreditAccounts credits, IStringLocalizer<Text> t)
{
    public const int MaxMovements = 500;

    public async Task<CreditStatement> StatementAsync(long enterpriseId, CancellationToken ct)
    {
        var e = await AccountHolderAsync(enterpriseId, ct);
        var balance = await db.CreditBalances.AsNoTracking().Where(c => c.EnterpriseId == enterpriseId).Select(c => (decimal?)c.Amount).FirstOrDefaultAsync(ct) ?? 0m;
        var moves = await db.CreditMovements.AsNoTracking().Where(m => m.EnterpriseId == enterpriseId).OrderByDescending(m => m.Id).Take(MaxMovements).ToListAsync(ct);
        var paymentIds = moves.Where(m => m.PaymentId is not null).Select(m => m.PaymentId!.Value).ToArray();
        var billOfPayment = await db.Payments.AsNoTracking().Where(p => paymentIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.BillId, ct);
        var noteIds = moves.Where(m => m.CreditNoteId is not null).Select(m => m.CreditNoteId!.Value).ToArray();
        var notes = await db.CreditNotes.AsNoTracking().Where(n => noteIds.Contains(n.Id)).ToDictionaryAsync(n => n.Id, n => new { n.Number, n.ReplacementBillId }, ct);
        var billIds = billOfPayment.Values.Concat(notes.Values.Select(n => n.ReplacementBillId)).Distinct().ToArray();
        var numbers = await db.Bills.AsNoTracking().Where(b => billIds.Contains(b.Id)).ToDictionaryAsync(b => b.Id, b => b.Number, ct);
        return new CreditStatement(e.Id, e.Name, e.ParkId, balance, moves.Select(m =>
        {
            long? bill = m.PaymentId is { } pid && billOfPayment.TryGetValue(pid, out var b) ? b
                : m.CreditNoteId is { } nid && notes.TryGetValue(nid, out var n) ? n.ReplacementBillId : null;
            return new CreditMovementDto(m.Id, m.Kind, m.Amount, m.BalanceAfter, m.PaymentId, bill, bill is { } x ? numbers.GetValueOrDefault(x) : null,
                m.CreditNoteId, m.CreditNoteId is { } c && notes.TryGetValue(c, out var note) ? note.Number : null, m.Method, m.PaidOn, m.Reference, m.Note, m.RecordedBy, m.RecordedAt);
        }).ToList());
    }

    /// <summary>The balance alone (0 when the enterprise never had credit).</summary>
    public async Task<decimal> BalanceAsync(long enterpriseId, CancellationToken ct)
    {
        await AccountHolderAsync(enterpriseId, ct);
        return await db.CreditBalances.AsNoTracking().Where(c => c.EnterpriseId == enterpriseId).Select(c => (decimal?)c.Amount).FirstOrDefaultAsync(ct) ?? 0m;
    }

    /// <summary>Pays credit back; the balance is locked, so 50 refunds at once never pay out more than there was.</summary>
    public async Task<CreditMovementDto> RefundAsync(long enterpriseId, RefundInput input, CancellationToken ct)
    {
        var e = await AccountHolderAsync(enterpriseId, ct);
        if (!db.Actor.CanOperatePark(e.ParkId)) throw new ForbiddenException("OnlyOperatorsMayWrite");
        var today = enterprises.Today;
        var errors = new List<ValidationFailure>();
        if (input.Amount <= 0 || input.Amount != RentPricing.RoundToFen(input.Amount) || input.Amount > 100_000_000m) errors.Add(new ValidationFailure("amount", t["Val.PaymentAmount"]));
        if (!Enum.IsDefined(input.Method) || input.Method is PaymentMethod.Credit || PaymentService.BookedBySettlementOnly(input.Method)) errors.Add(new ValidationFailure("method", t["Val.Enum"]));
        if (input.PaidOn is { } on && (on > today || on < PaymentService.EarliestPaidOn))
            errors.Add(new ValidationFailure("paidOn", t["Val.Range", PaymentService.EarliestPaidOn.ToString("yyyy-MM-dd"), today.ToString("yyyy-MM-dd")]));
        var reference = string.IsNullOrWhiteSpace(input.Reference) ? null : input.Reference.Trim();
        if (reference?.Length > 100) errors.Add(new ValidationFailure("reference", t["Val.MaxLength", 100]));
        var note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
        if (note?.Length > 500) errors.Add(new ValidationFailure("note", t["Val.MaxLength", 500]));
        if (errors.Count > 0) throw new ValidationException(errors);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var account = await credits.OpenAsync(e.ParkId, e.Id, ct);
        if (input.Amount > account.Amount)
            throw new DomainRuleException("RefundMustNotExceedCredit", "amount", "退款不能超过预存余额") { Arguments = [account.Amount] };
        var m = credits.Move(account, CreditMovementKind.Refund, -input.Amount);
        m.Method = input.Method;
        m.PaidOn = input.PaidOn ?? today;
        m.Reference = reference;
        m.Note = note;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new CreditMovementDto(m.Id, m.Kind, m.Amount, m.BalanceAfter, null, null, null, null, null, m.Method, m.PaidOn, m.Reference, m.Note, m.RecordedBy, m.RecordedAt);
    }

    /// <summary>The enterprise, when the caller may see its account: its park's operators and the enterprise itself.</summary>
    private async Task<Enterprise> AccountHolderAsync(long enterpriseId, CancellationToken ct)
    {
        var e = await db.Enterprises.AsNoTracking().FirstOrDefaultAsync(x => x.Id == enterpriseId, ct) ?? throw new NotFoundException("Enterprise", enterpriseId);
        if (!db.Actor.CanOperatePark(e.ParkId) && !db.Actor.EnterpriseIds.Contains(e.Id)) throw new ForbiddenException("CreditAccountIsConfidential");
        return e;
    }
}
