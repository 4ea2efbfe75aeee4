using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Rules;
using ParkOps.Web.Data;

namespace ParkOps.Web.Features.Billing;

/// <summary>Why an enterprise's credit moved.</summary>
public enum CreditMovementKind
{
    /// <summary>A payment above what the bill still needed: the excess.</summary>
    Overpayment,
    /// <summary>A payment by method Credit drew on the balance.</summary>
    CreditPayment,
    /// <summary>A reissued bill needed less than had been paid on the bill it replaced.</summary>
    ReissueExcess,
    /// <summary>Credit paid back to the enterprise.</summary>
    Refund,
}

/// <summary>
/// One movement of an enterprise's credit with the park (signed: in positive, out negative). The balance
/// (<see cref="CreditBalance"/>) is always the sum of its movements; <c>verify</c> proves it. Movements are only
/// ever added, in the same transaction as the payment, credit note or refund that causes them.
/// </summary>
public sealed class CreditMovement : IEnterpriseOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public long EnterpriseId { get; set; }
    public CreditMovementKind Kind { get; set; }
    public decimal Amount { get; set; }
    /// <summary>The balance right after this movement.</summary>
    public decimal BalanceAfter { get; set; }
    public long? PaymentId { get; set; }
    public long? CreditNoteId { get; set; }
    /// <summary>For a refund: how the money went back, when, and the bank or cash reference.</summary>
    public PaymentMethod? Method { get; set; }
    public DateOnly? PaidOn { get; set; }
    public string? Reference { get; set; }
    public string? Note { get; set; }
    public string RecordedBy { get; set; } = "";
    public DateTime RecordedAt { get; set; }
}

/// <summary>
/// The one way to change credit: <see cref="OpenAsync"/> locks the enterprise's balance row for the rest of the
/// caller's transaction (creating it when missing), <see cref="Move"/> changes it and records the movement beside it.
/// Every money path that touches credit goes through here, inside its own transaction, so two requests never both
/// spend the same credit.
/// </summary>
public sealed class CreditAccounts(ParkOpsDb db, TimeProvider clock)
{
    /// <summary>The enterprise's balance, locked until the caller's transaction ends. Call inside a transaction.</summary>
    public async Task<CreditBalance> OpenAsync(long parkId, long enterpriseId, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null) throw new InvalidOperationException("Credit is changed inside a transaction only");
        // the row exists before anyone locks it: two first payments of one enterprise must not both insert it
        await db.Database.ExecuteSqlAsync($"""INSERT INTO "CreditBalances" ("ParkId", "EnterpriseId", "Amount") VALUES ({parkId}, {enterpriseId}, {0m}) ON CONFLICT ("EnterpriseId") DO NOTHING""", ct);
        await RowLocks.ForUpdateAsync(db, "CreditBalances", "EnterpriseId", enterpriseId, ct);
        var balance = await db.CreditBalances.IgnoreQueryFilters().FirstAsync(c => c.EnterpriseId == enterpriseId, ct);
        // a context that read the row earlier in the request would hold a stale copy: the locked row is the truth
        await db.Entry(balance).ReloadAsync(ct);
        return balance;
    }

    /// <summary>Moves <paramref name="amount"/> (signed) and records why; refuses to take the balance below zero.</summary>
    public CreditMovement Move(CreditBalance account, CreditMovementKind kind, decimal amount, long? paymentId = null, long? creditNoteId = null)
    {
        if (account.Amount + amount < 0)
            throw new DomainRuleException("CreditMustCoverPayment", "amount", "预存余额不足") { Arguments = [account.Amount] };
        account.Amount += amount;
        var m = new CreditMovement
        {
            ParkId = account.ParkId, EnterpriseId = account.EnterpriseId, Kind = kind, Amount = amount, BalanceAfter = account.Amount,
            PaymentId = paymentId, CreditNoteId = creditNoteId, RecordedBy = db.Actor.UserName, RecordedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.CreditMovements.Add(m);
        return m;
    }
}
