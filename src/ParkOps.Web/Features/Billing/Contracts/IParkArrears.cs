namespace ParkOps.Web.Features.Billing.Contracts;

/// <summary>
/// A park's arrears on a day, as totals only: how much is overdue on how many bills of how many enterprises, aged by
/// days past the due date (amounts and bill counts per bucket). No firm is named (DOMAIN §1: a government viewer reads aggregates, not a firm's bills).
/// </summary>
public sealed record ParkArrearsTotals(long ParkId, DateOnly AsOf, int Enterprises, int Bills, decimal Outstanding,
    decimal Days0To30, decimal Days31To60, decimal Days61To90, decimal Over90,
    int Bills0To30, int Bills31To60, int Bills61To90, int BillsOver90);

/// <summary>What was overdue in a park at the end of <see cref="AsOf"/>: how many bills and how much (no firm named).</summary>
public sealed record ArrearsOnDay(DateOnly AsOf, int Bills, decimal Outstanding);

/// <summary>
/// Billing's contract for a park's money figures (owner: Billing; callers: the home page, the arrears page, the API).
/// Unlike <see cref="IAccountStanding"/> it checks who asks: the park's operators, the platform admin and the park's
/// government viewers read it; an enterprise user of the park is refused; a park out of sight is not found.
/// </summary>
public interface IParkArrears
{
    /// <summary>The park's overdue bills on <paramref name="asOf"/> (the park's today when null), summed.</summary>
    Task<ParkArrearsTotals> TotalsAsync(long parkId, DateOnly? asOf, CancellationToken ct);

    /// <summary>
    /// What was overdue on each of <paramref name="days"/> (in the order given), as the payments then stood: a bill counts
    /// when it was due before the day and, the payments received after the day taken back, something was left to pay.
    /// On today it gives <see cref="TotalsAsync"/>'s outstanding and bill count.
    /// </summary>
    Task<IReadOnlyList<ArrearsOnDay>> OverdueOnAsync(long parkId, IReadOnlyList<DateOnly> days, CancellationToken ct);
}
