using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Monitoring;
using ParkOps.Domain.ServiceDesk;
using ParkOps.Web.Data;
using ParkOps.Web.Features.ServiceDesk.Contracts;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Features.ServiceDesk;

/// <summary><see cref="IDeskFigures"/>: requests (not work orders) by the quarter they were opened in; minutes summed here (SQLite cannot sum decimals).</summary>
public sealed class DeskFigures(ParkOpsDb db) : IDeskFigures
{
    public async Task<IReadOnlyList<DeskQuarter>> QuartersAsync(long parkId, Quarter from, Quarter to, CancellationToken ct) =>
        (await QuartersAsync([parkId], from, to, ct))[parkId];

    public async Task<IReadOnlyDictionary<long, IReadOnlyList<DeskQuarter>>> QuartersAsync(IReadOnlyCollection<long> parkIds, Quarter from, Quarter to, CancellationToken ct)
    {
        var ids = parkIds.Distinct().ToArray();
        // a day either side: the quarter is decided on the Shanghai date below
        var fromUtc = from.FirstDay.AddDays(-1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var toUtc = to.LastDay.AddDays(2).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        // the park ids as one parameter (PostgreSQL an array, SQLite json_each): a region has thousands of parks
        var rows = ids.Length == 0 ? [] : await db.Tickets.IgnoreQueryFilters().AsNoTracking()
            .Where(x => EF.Parameter(ids).Contains(x.ParkId) && x.Kind == TicketKind.Request && x.CreatedAt >= fromUtc && x.CreatedAt < toUtc)
            .Select(x => new { x.ParkId, x.CreatedAt, x.Category, x.RespondedAt, x.Rating }).ToListAsync(ct);
        var byPark = rows.GroupBy(r => (r.ParkId, Quarter.Of(DateOnly.FromDateTime(Time.ToShanghai(r.CreatedAt))))).ToDictionary(g => g.Key, g => g.ToList());
        var quarters = Quarter.Span(from, to).ToList();
        return ids.ToDictionary(id => id, IReadOnlyList<DeskQuarter> (id) => quarters.Select(q =>
        {
            var list = byPark.GetValueOrDefault((id, q)) ?? [];
            var repairs = list.Where(r => r.Category == TicketCategory.Repair && r.RespondedAt is not null).ToList();
            var minutes = repairs.Sum(r => (decimal)(r.RespondedAt!.Value - r.CreatedAt).TotalMinutes);
            var ratings = list.Where(r => r.Rating is not null).Select(r => r.Rating!.Value).ToList();
            return new DeskQuarter(q, repairs.Count, Math.Round(minutes, 2), ratings.Count, ratings.Count(Satisfaction.IsSatisfied));
        }).ToList());
    }

    public async Task<IReadOnlyList<DeskMonthFigures>> MonthsAsync(long parkId, DateOnly first, DateOnly last, CancellationToken ct)
    {
        var months = new List<DateOnly>();
        for (var m = new DateOnly(first.Year, first.Month, 1); m <= last; m = m.AddMonths(1)) months.Add(m);
        if (months.Count == 0) return [];
        var fromUtc = months[0].AddDays(-1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var toUtc = months[^1].AddMonths(1).AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var rows = await db.Tickets.IgnoreQueryFilters().AsNoTracking()
            .Where(x => x.ParkId == parkId && x.Kind == TicketKind.Request && x.CreatedAt >= fromUtc && x.CreatedAt < toUtc)
            .Select(x => new { x.CreatedAt, x.Category, x.RespondedAt, x.ResolvedAt, x.Rating }).ToListAsync(ct);
        var byMonth = rows.GroupBy(r => { var d = Time.ToShanghai(r.CreatedAt); return new DateOnly(d.Year, d.Month, 1); }).ToDictionary(g => g.Key, g => g.ToList());
        return months.Select(m =>
        {
            var list = byMonth.GetValueOrDefault(m) ?? [];
            var repairs = list.Where(r => r.Category == TicketCategory.Repair && r.RespondedAt is not null).ToList();
            var ratings = list.Where(r => r.Rating is not null).Select(r => r.Rating!.Value).ToList();
            return new DeskMonthFigures(m, list.Count, list.Count(r => r.ResolvedAt is not null), repairs.Count,
                Math.Round(repairs.Sum(r => (decimal)(r.RespondedAt!.Value - r.CreatedAt).TotalMinutes), 2), ratings.Count, ratings.Count(Satisfaction.IsSatisfied));
        }).ToList();
    }
}
