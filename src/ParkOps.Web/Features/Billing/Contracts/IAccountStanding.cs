namespace ParkOps.Web.Features.Billing.Contracts;

/// <summary>How an enterprise has paid its bills due in a period: bills due (not cancelled, not zero) and those paid in full by their due date.</summary>
public sealed record PaymentRecord(long EnterpriseId, int BillsDue, int PaidOnTime)
{
    /// <summary>Share of the bills due that were paid on time; null when none fell due.</summary>
    public decimal? OnTimeShare => BillsDue == 0 ? null : (decimal)PaidOnTime / BillsDue;
}

/// <summary>
/// Billing's contract for an enterprise's standing (owner: Billing; callers: Leasing's settlement, Marketplace's credit
/// file and match credit, later risk and scoring): what it owes now, and how punctually it paid.
/// </summary>
public interface IAccountStanding
{
    /// <summary>What the enterprise owes on its open bills (issued or partly paid), across every park.</summary>
    Task<decimal> OutstandingAsync(long enterpriseId, CancellationToken ct);

    /// <summary>
    /// Punctuality over bills due from <paramref name="from"/> (inclusive) to <paramref name="until"/> (exclusive), for the
    /// enterprises named, or for every enterprise with a bill due when <paramref name="enterpriseIds"/> is null.
    /// </summary>
    Task<IReadOnlyDictionary<long, PaymentRecord>> PunctualityAsync(long[]? enterpriseIds, DateOnly from, DateOnly until, CancellationToken ct);

    /// <summary>
    /// Months in arrears per enterprise of the park on <paramref name="asOf"/>: how many billed months have a bill past
    /// its due date and not paid in full (caller: Risk's zombie rule, "rent arrears ≥ 3 months"); enterprises with none are left out.
    /// </summary>
    Task<IReadOnlyDictionary<long, int>> ArrearsMonthsAsync(long parkId, DateOnly asOf, CancellationToken ct);

    /// <summary>
    /// The latest month (its first day) the enterprise has a live bill for in the park, or null (caller: Leasing's
    /// re-evaluation of a lease's facts, which may not reach back into a billed month).
    /// </summary>
    Task<DateOnly?> LastBilledMonthAsync(long parkId, long enterpriseId, CancellationToken ct);

    /// <summary>
    /// The enterprise's bills in the park not paid in full (issued or partly paid), oldest month first, each with what is
    /// left to pay (caller: Leasing's exit settlement, which lists them as arrears).
    /// </summary>
    Task<IReadOnlyList<OpenBill>> OpenBillsAsync(long parkId, long enterpriseId, CancellationToken ct);

    /// <summary>
    /// What the enterprise's live bills in the park (cancelled ones left out) charged one lease for rent and property fee
    /// for the months from <paramref name="fromMonth"/> on, per bill and kind (the lines the bill run made from the lease),
    /// oldest month first (caller: Leasing's exit settlement, which credits what was billed for days after the lease ended).
    /// </summary>
    Task<IReadOnlyList<BilledLeaseCharge>> LeaseChargesBilledAsync(long parkId, long enterpriseId, long leaseId, DateOnly fromMonth, CancellationToken ct);
}

/// <summary>A lease's rent (<c>Rent</c>) or property fee (<c>PropertyFee</c>) on one live bill: the bill, its month (first day) and the amount.</summary>
public sealed record BilledLeaseCharge(long BillId, string BillNumber, DateOnly Month, ParkOps.Domain.Billing.BillLineKind Kind, decimal Amount);

/// <summary>A bill still to be paid: number, month (its first day), due date and what is left.</summary>
public sealed record OpenBill(long BillId, string Number, DateOnly Month, DateOnly DueDate, decimal Outstanding);
