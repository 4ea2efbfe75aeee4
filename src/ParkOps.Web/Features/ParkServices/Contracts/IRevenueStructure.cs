using ParkOps.Domain.ParkServices;

namespace ParkOps.Web.Features.ParkServices.Contracts;

/// <summary>
/// A park's revenue structure for a year: each month and the year as a whole, by class (rent, property fee, utilities,
/// services, other; see <see cref="RevenueStructure.ClassOf"/>), with the service share against the park's target.
/// </summary>
public sealed record RevenueYear(long ParkId, int Year, decimal TargetPercent, IReadOnlyList<RevenuePeriod> Months, RevenuePeriod Total);

/// <summary>
/// ParkServices' contract for the operator's income structure (owner: ParkServices; callers: its own page and API, later
/// the dashboards). The park's operators, the platform admin and the park's government viewers (totals of the
/// operator's own income, no firm's figures); an enterprise user gets 403; a park out of sight 404.
/// </summary>
public interface IRevenueStructure
{
    Task<RevenueYear> YearAsync(long parkId, int year, CancellationToken ct);
}
