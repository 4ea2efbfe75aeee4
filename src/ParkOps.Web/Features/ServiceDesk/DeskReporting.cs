using System.Security.Cryptography;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Rules;
using ParkOps.Domain.ServiceDesk;
using ParkOps.Web.Data;
using ParkOps.Web.Features.ServiceDesk.Contracts;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Resources;
using static ParkOps.Web.Features.ServiceDesk.DeskAccess;

namespace ParkOps.Web.Features.ServiceDesk;

/// <summary>The desk's monthly report: volume, response times, SLA met shares, satisfaction (aggregates only).</summary>
public sealed class DeskReporting(ParkOpsDb db, DeskAccess desk, IStringLocalizer<Text> t) : IDeskReports
{
    /// <summary>
    /// Months (Asia/Shanghai) of the desk: tickets opened, how fast they were answered, the share that met each
    /// target, and the share of ratings that were satisfied (4 or 5; target ≥ 90 %, seed 004). Aggregates only: the
    /// park's operators and its government viewers read it.
    /// </summary>
    public async Task<DeskReport> ReportAsync(long parkId, int? months, CancellationToken ct)
    {
        await desk.ParkForReadAsync(parkId, ct);
        if (!desk.Actor.IsPlatformAdmin && !desk.Actor.OperatorParkIds.Contains(parkId) && !desk.Actor.GovernmentParkIds.Contains(parkId))
            throw new ForbiddenException("OnlyOperatorsMayReadDeskReport");
        var n = months ?? 12;
        if (n is < 1 or > 36) throw new ValidationException([new ValidationFailure("months", t["Val.Range", 1, 36])]);
        var now = desk.Now;
        var local = Time.ToShanghai(now);
        var firstMonth = new DateTime(local.Year, local.Month, 1).AddMonths(-(n - 1));
        var fromUtc = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(firstMonth, DateTimeKind.Unspecified), Time.Shanghai);
        var rows = await db.Tickets.IgnoreQueryFilters().AsNoTracking().Where(x => x.ParkId == parkId && x.CreatedAt >= fromUtc && x.Kind == TicketKind.Request)
            .Select(x => new { x.CreatedAt, x.Category, x.RespondedAt, x.ResponseDueAt, x.ResolvedAt, x.ResolutionDueAt, x.Rating, x.WorkOrderId, x.State })
            .ToListAsync(ct);
        var list = new List<DeskMonth>();
        for (var m = firstMonth; m <= new DateTime(local.Year, local.Month, 1); m = m.AddMonths(1))
        {
            var inMonth = rows.Where(r => { var l = Time.ToShanghai(r.CreatedAt); return l.Year == m.Year && l.Month == m.Month; }).ToList();
            var responded = inMonth.Where(r => r.RespondedAt is not null).ToList();
            var minutes = responded.Select(r => (r.RespondedAt!.Value - r.CreatedAt).TotalMinutes).Order().ToList();
            var resolved = inMonth.Where(r => r.ResolvedAt is not null).ToList();
            var ratings = inMonth.Where(r => r.Rating is not null).Select(r => r.Rating!.Value).ToList();
            list.Add(new DeskMonth(m.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), inMonth.Count, responded.Count,
                minutes.Count == 0 ? null : Math.Round(minutes.Average(), 1), minutes.Count == 0 ? null : Math.Round(Median(minutes), 1),
                responded.Count == 0 ? null : Math.Round((decimal)responded.Count(r => r.RespondedAt <= r.ResponseDueAt) / responded.Count, 4),
                resolved.Count, resolved.Count == 0 ? null : Math.Round((decimal)resolved.Count(r => r.ResolvedAt <= r.ResolutionDueAt) / resolved.Count, 4),
                ratings.Count, Satisfaction.Share(ratings), ratings.Count == 0 ? null : Math.Round(ratings.Average(), 2),
                Enum.GetValues<TicketCategory>().ToDictionary(TicketNames.Of, c => inMonth.Count(r => r.Category == c))));
        }
        var open = await db.Tickets.IgnoreQueryFilters().AsNoTracking().Where(x => x.ParkId == parkId && x.WorkOrderId == null
            && (x.State == TicketState.New || x.State == TicketState.Acknowledged || x.State == TicketState.InProgress || x.State == TicketState.Reopened))
            .Select(x => new { x.State, x.ResponseDueAt, x.ResolutionDueAt, x.RespondedAt }).ToListAsync(ct);
        var breached = open.Count(o => SlaClock.MinutesToBreach(o.State, o.ResponseDueAt, o.ResolutionDueAt, now) < 0 || (o.RespondedAt is { } r && r > o.ResponseDueAt));
        return new DeskReport(parkId, list, open.Count, breached, 0.90m);
    }

    private static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
