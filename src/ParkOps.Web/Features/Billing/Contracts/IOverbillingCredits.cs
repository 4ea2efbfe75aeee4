namespace ParkOps.Web.Features.Billing.Contracts;

/// <summary>What one bill charged too much (rent and property fee for days after a lease ended).</summary>
public sealed record BillOvercharge(long BillId, decimal Amount);

/// <summary>
/// The over-charges an exit settlement credits, and how much of them the open bills take (<see cref="ToBills"/>, the
/// statement's figure: the rest is refunded with the deposit), on which day and the settlement's reference.
/// </summary>
public sealed record OverbillingCredit(long ParkId, long EnterpriseId, IReadOnlyList<BillOvercharge> Overcharges, decimal ToBills, DateOnly On, string Reference);

/// <summary>What one bill received of the credit, and the bill that charged too much (the same bill unless it was paid already).</summary>
public sealed record OverbillingApplied(long BillId, string BillNumber, long OverchargedBillId, decimal Amount);

/// <summary>
/// Billing's door for crediting what a bill charged beyond the end of a lease (owner: Billing; caller: Leasing's exit
/// settlement). The credit becomes payments by method <c>CreditNote</c> (多收冲减): first on the bill that charged too
/// much, while it is open; what that bill cannot take, on the enterprise's other open bills, oldest month first. So the
/// bills, the arrears and the ledger show what the settlement statement shows. Never entered by hand.
/// </summary>
public interface IOverbillingCredits
{
    /// <summary>
    /// Books <see cref="OverbillingCredit.ToBills"/> inside the caller's transaction (each bill locked and read again)
    /// and saves; refuses with 409 <c>CreditExceedsOpenBills</c> when the bills carry less than that (a payment since
    /// the statement was approved), so nothing is booked half.
    /// </summary>
    Task<IReadOnlyList<OverbillingApplied>> ApplyAsync(OverbillingCredit credit, CancellationToken ct);
}
