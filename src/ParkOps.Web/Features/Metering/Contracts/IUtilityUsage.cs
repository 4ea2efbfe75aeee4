using ParkOps.Domain.Billing;
using ParkOps.Domain.Metering;

namespace ParkOps.Web.Features.Metering.Contracts;

/// <summary>A meter's use in a month, and who pays for it: the enterprise whose lease held the metered unit (the bill run and the consumption view share this).</summary>
public sealed record MeterMonth(long MeterId, string Code, long UnitId, Utility Utility, long EnterpriseId, long LeaseId, Reading? Opening, Reading? Closing)
{
    public decimal Use => Opening is { } o && Closing is { } c ? c.Value - o.Value : 0m;
}

/// <summary>
/// Metering's contract (owner: Metering; callers: Billing's bill run, later evaluation and dashboards): the leases'
/// use of utilities in a month, and the tariffs that price it. Which lease pays for a unit comes from Leasing's
/// <see cref="Leasing.Contracts.ILeaseLedger"/>.
/// </summary>
public interface IUtilityUsage
{
    /// <summary>Each metered unit's use in the month (readings on SQLite flushed first), for the enterprises named (all when null).</summary>
    Task<List<MeterMonth>> MonthUseAsync(long parkId, DateOnly month, IReadOnlyCollection<long>? onlyEnterprises, CancellationToken ct);

    /// <summary>The park's tariff versions, every utility.</summary>
    Task<IReadOnlyList<Tariff>> TariffsInForceAsync(long parkId, CancellationToken ct);
}

/// <summary>
/// The park's late-fee policy as the bill run needs it (owner: Metering, which keeps the policy versions with the
/// tariffs; caller: Billing).
/// </summary>
public interface ILateFeeTerms
{
    /// <summary>The version in force for <paramref name="month"/> (the latest effective on or before its first day), or null.</summary>
    Task<LateFeeTerms?> InForceAsync(long parkId, DateOnly month, CancellationToken ct);
}
