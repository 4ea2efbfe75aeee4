using ParkOps.Domain.ParkServices;

namespace ParkOps.Web.Features.ParkServices.Contracts;

/// <summary>
/// A park's revenue structure for a year: each month and the year as a whole, by class (rent, property fee, utilities,
/// services, other; see <see cref="RevenueStructure.ClassOf"/>), with the service share against the park's target.
/// </summary>
public sealed record RevenueYear(long ParkId, int Year, decimal TargetPercent, IReadOnlyList<RevenuePeriod> Months, RevenuePeriod Total);

/// <summary>One month of a park's revenue structure (its first day) as <see cref="IRevenueStructure.YearAsync"/> composes it.</summary>
public sealed record RevenueMonth(DateOnly Month, RevenuePeriod Period);

/// <summary>A park's months of revenue structure with its service-share target (percent).</summary>
public sealed record RevenueMonths(long ParkId, decimal TargetPercent, IReadOnlyList<RevenueMonth> Months);

/// <summary>
/// ParkServices' contract for the operator's income structure (owner: ParkServices; callers: its own page and API, later
/// the dashboards). The park's operators, the platform admin and the park's government viewers (totals of the
/// operator's own income, no firm's figures); an enterprise user gets 403; a park out of sight 404.
/// </summary>
public interface IRevenueStructure
{
    Task<RevenueYear> YearAsync(long parkId, int year, CancellationToken ct);

    /// <summary>
    /// Each month from <paramref name="from"/> (inclusive) to <paramref name="until"/> (exclusive, first days of months)
    /// of each of these parks, composed as <see cref="YearAsync"/> composes its months (the same figures), with the park's
    /// target: set-wise, a few reads whatever the number of parks (caller: Dashboard). The same checks park by park as
    /// <see cref="YearAsync"/>, and the same range of years.
    /// </summary>
    Task<IReadOnlyDictionary<long, RevenueMonths>> MonthsAsync(IReadOnlyCollection<long> parkIds, DateOnly from, DateOnly until, CancellationToken ct);
}
