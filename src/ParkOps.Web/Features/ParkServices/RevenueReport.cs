using System.Globalization;
using ParkOps.Domain.ParkServices;
using ParkOps.Domain.Rules;
using ParkOps.Web.Features.Billing.Contracts;
using ParkOps.Web.Features.ParkServices.Contracts;

namespace ParkOps.Web.Features.ParkServices;

/// <summary>
/// The revenue structure (<see cref="IRevenueStructure"/>): gather the billed amounts per month and line kind through
/// Billing's <see cref="IBilledRevenue"/> (which checks who asks), compose each month and the year with
/// <see cref="RevenueStructure.Compose"/>, against the park's target.
/// </summary>
public sealed class RevenueReport(IBilledRevenue billed, ServiceCatalog catalog) : IRevenueStructure
{
    public const int MinYear = 2000, MaxYear = 2100;

    public async Task<RevenueYear> YearAsync(long parkId, int year, CancellationToken ct)
    {
        if (year is < MinYear or > MaxYear)
            throw new DomainRuleException("RevenueYearOutOfRange", "year", $"年份须在 {MinYear} 至 {MaxYear} 之间") { Arguments = [MinYear, MaxYear] };
        var from = new DateOnly(year, 1, 1);
        var rows = await billed.BilledByKindAsync(parkId, from, from.AddYears(1), ct);
        var target = await catalog.TargetAsync(parkId, ct);
        var months = Enumerable.Range(1, 12).Select(m => RevenueStructure.Compose(
            new DateOnly(year, m, 1).ToString("yyyy-MM", CultureInfo.InvariantCulture),
            rows.Where(r => r.Month.Month == m).Select(r => (r.Kind, r.Amount)), target)).ToList();
        var total = RevenueStructure.Compose(year.ToString(CultureInfo.InvariantCulture), rows.Select(r => (r.Kind, r.Amount)), target);
        return new RevenueYear(parkId, year, target, months, total);
    }

    public async Task<IReadOnlyDictionary<long, RevenueMonths>> MonthsAsync(IReadOnlyCollection<long> parkIds, DateOnly from, DateOnly until, CancellationToken ct)
    {
        var first = new DateOnly(from.Year, from.Month, 1);
        var months = new List<DateOnly>();
        for (var m = first; m < until; m = m.AddMonths(1)) months.Add(m);
        foreach (var year in months.Select(m => m.Year).Distinct())
            if (year is < MinYear or > MaxYear)
                throw new DomainRuleException("RevenueYearOutOfRange", "year", $"年份须在 {MinYear} 至 {MaxYear} 之间") { Arguments = [MinYear, MaxYear] };
        var ids = parkIds.Distinct().ToArray();
        var billedOf = await billed.BilledByKindAsync(ids, first, until, ct);
        var targets = await catalog.TargetsAsync(ids, ct);
        return ids.ToDictionary(id => id, id =>
        {
            var rows = billedOf[id].ToLookup(r => r.Month);
            var target = targets[id];
            // composed as YearAsync composes a month: the month's billed amounts by kind, against the park's target
            return new RevenueMonths(id, target, months.Select(m => new RevenueMonth(m, RevenueStructure.Compose(
                m.ToString("yyyy-MM", CultureInfo.InvariantCulture), rows[m].Select(r => (r.Kind, r.Amount)), target))).ToList());
        });
    }
}
