namespace ParkOps.Web.Features.Billing.Contracts;

/// <summary>A deposit set against a tenant's open bills at its exit settlement: how much, on which day, and the settlement's reference.</summary>
public sealed record DepositOffset(long ParkId, long EnterpriseId, decimal Amount, DateOnly On, string Reference);

/// <summary>What one bill received from the deposit.</summary>
public sealed record DepositApplied(long BillId, string BillNumber, decimal Amount);

/// <summary>
/// Billing's door for booking a deposit against open bills (owner: Billing; caller: Leasing's exit settlement, which
/// held the deposit). The deposit becomes payments by method <c>Deposit</c> on the enterprise's open bills, oldest month
/// first, so the bills, the arrears and the ledger show it as the settlement statement does.
/// </summary>
public interface IDepositOffsets
{
    /// <summary>
    /// Books <see cref="DepositOffset.Amount"/> on the open bills inside the caller's transaction (each bill locked and
    /// read again); refuses with 409 <c>DepositExceedsOpenBills</c> when the bills carry less than the amount (a payment
    /// since the statement was approved), so nothing is booked half.
    /// </summary>
    Task<IReadOnlyList<DepositApplied>> ApplyAsync(DepositOffset offset, CancellationToken ct);
}
