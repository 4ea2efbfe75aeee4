using System.Globalization;
using Microsoft.Extensions.Localization;
using PdfSharp.Drawing;
using ParkOps.Domain.ParkServices;
using ParkOps.Domain.Rules;
using ParkOps.Domain.Spaces;
using ParkOps.Web.Features.Billing.Contracts;
using ParkOps.Web.Features.Enterprises.Contracts;
using ParkOps.Web.Features.Leasing.Contracts;
using ParkOps.Web.Features.Marketplace.Contracts;
using ParkOps.Web.Features.ParkServices.Contracts;
using ParkOps.Web.Features.Parks.Contracts;
using ParkOps.Web.Features.Risk.Contracts;
using ParkOps.Web.Features.ServiceDesk.Contracts;
using ParkOps.Web.Features.Spaces.Contracts;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Platform.Pdf;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Dashboard;

/// <summary>One month of a park in the monthly report: stock figures at its last day (today for the running month), flows within it.</summary>
public sealed record ReportMonth(DateOnly Month, DateOnly AsOf, decimal LeasedSqm, decimal LeasableSqm, decimal? OccupancyPercent, decimal OverdueArrears,
    int OverdueBills, int Opened, int Resolved, int RepairsResponded, decimal RepairResponseMinutes, int Rated, int Satisfied, decimal Income, decimal ServiceIncome);

/// <summary>
/// What the monthly park report shows: the park, the month and the eleven before it, the enterprises in the park at the
/// month's end with those admitted and gone in it, the month's income by class, the risk alerts open at its end by type
/// and severity, and the enterprises that collaborated in it. Aggregates only: no firm is named.
/// </summary>
public sealed record MonthlyParkReport(ParkProfile Park, DateOnly Month, IReadOnlyList<ReportMonth> Months, int Enterprises, int Admitted, int Left,
    IReadOnlyList<RevenueShare> IncomeClasses, decimal ServiceShareTarget, IReadOnlyList<(string Type, int High, int Medium, int Low)> Alerts, int Collaborating)
{
    public ReportMonth This => Months[^1];
}

/// <summary>
/// The printable monthly park report (issue 14 §4): gathered through the areas' contracts (Leasing, Spaces, Enterprises,
/// Billing, ParkServices, ServiceDesk, Risk, Marketplace) and drawn as an A4 PDF in the caller's language with charts and
/// the tables behind them. Who may read it: as the dashboard (the park's operators, its government viewers, the admin).
/// </summary>
public sealed class MonthlyReportService(DashboardService dashboard, TimeProvider clock, IParkUnits units, ILeaseOccupancy occupancy,
    IEnterpriseDirectory directory, IParkArrears arrears, IRevenueStructure revenue, IDeskFigures desk, IRiskAlerts alerts, ICollaborationRecords collaborations,
    IStringLocalizer<Text> t, IConfiguration config)
{
    public DateOnly Today => Time.Today(clock);

    /// <summary>"2026-11" → its first day; none → last month (the usual report); a month not yet begun → 422 MonthlyReportMonthInFuture.</summary>
    public DateOnly ParseMonth(string? text)
    {
        var today = Today;
        var current = new DateOnly(today.Year, today.Month, 1);
        if (string.IsNullOrWhiteSpace(text)) return current.AddMonths(-1);
        if (!DateOnly.TryParseExact(text.Trim() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) || month.Year < InputGuard.MinYear)
            throw new DomainRuleException("MonthlyReportMonthFormat", "month", "月份格式应为 2026-11") { Arguments = [text] };
        if (month > current) throw new DomainRuleException("MonthlyReportMonthInFuture", "month", "所选月份尚未开始") { Arguments = [text] };
        return month;
    }

    public async Task<MonthlyParkReport> GatherAsync(long parkId, string? month, CancellationToken ct)
    {
        var park = await dashboard.RequireAggregatesAsync(parkId, ct);
        var m = ParseMonth(month);
        var today = Today;
        var months = Enumerable.Range(0, 12).Select(i => m.AddMonths(i - 11)).ToList();
        var ends = months.Select(x => x.AddMonths(1).AddDays(-1)).Select(d => d > today ? today : d).ToList();
        var leasable = (await units.UnitsAsync(parkId, ct)).Where(u => u.Leasable).Sum(u => u.AreaSqm);
        var leased = await occupancy.LeasedAreaAsync(parkId, ends, ct);
        var owed = await arrears.OverdueOnAsync(parkId, ends, ct);
        var tickets = await desk.MonthsAsync(parkId, months[0], months[^1], ct);
        var income = new Dictionary<DateOnly, RevenuePeriod>();
        decimal target = 0;
        foreach (var year in months.Select(x => x.Year).Distinct())
        {
            var y = await revenue.YearAsync(parkId, year, ct);
            for (var i = 0; i < y.Months.Count; i++) income[new DateOnly(year, i + 1, 1)] = y.Months[i];
            if (year == m.Year) target = y.TargetPercent;
        }
        var rows = months.Select((x, i) =>
        {
            var inc = income.GetValueOrDefault(x);
            return new ReportMonth(x, ends[i], leased[i].LeasedSqm, leasable, leasable > 0 ? Math.Round(Land.Occupancy(leased[i].LeasedSqm, leasable) * 100, 1, MidpointRounding.AwayFromZero) : null,
                owed[i].Outstanding, owed[i].Bills, tickets[i].Opened, tickets[i].Resolved, tickets[i].RepairsResponded, tickets[i].RepairResponseMinutes,
                tickets[i].Rated, tickets[i].Satisfied, inc?.Total ?? 0, inc?.Classes.First(c => c.Class == RevenueClass.Services).Amount ?? 0);
        }).ToList();
        var end = ends[^1];
        var tenures = await directory.ParkTenuresAsync(parkId, ct);
        var monthEnd = m.AddMonths(1).AddDays(-1);
        var endUtc = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(end.AddDays(1).ToDateTime(TimeOnly.MinValue), DateTimeKind.Unspecified), Time.Shanghai);
        var open = (await alerts.AlertsAsync(parkId, ct)).Where(a => a.OpenAt(endUtc)).ToList();
        var byType = open.GroupBy(a => a.Type).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Count(a => a.Severity == "high"), g.Count(a => a.Severity == "medium"), g.Count(a => a.Severity == "low"))).ToList();
        var collaborating = await collaborations.CollaboratorsAsync(parkId, m, end, ct);
        var inPark = tenures.Where(x => x.InParkOn(end)).ToList();
        return new MonthlyParkReport(park, m, rows, inPark.Count,
            tenures.Count(x => x.AdmittedOn is { } a && a >= m && a <= monthEnd), tenures.Count(x => x.ExitedOn is { } e && e >= m && e <= monthEnd),
            income.GetValueOrDefault(m)?.Classes ?? [], target, byType, inPark.Count(x => collaborating.ContainsKey(x.Id)));
    }

    public async Task<(byte[] Bytes, string FileName)> PdfAsync(long parkId, string? month, CancellationToken ct)
    {
        var report = await GatherAsync(parkId, month, ct);
        CjkFontResolver.EnsureConfigured(config["ParkOps:Pdf:FontPath"]);
        return (Render(report), $"{report.Park.Code}-{report.Month:yyyy-MM}-monthly-report.pdf");
    }

    private static readonly XColor Blue = XColor.FromArgb(21, 101, 192);
    private static readonly XColor Red = XColor.FromArgb(198, 40, 40);
    private static readonly XColor Green = XColor.FromArgb(46, 125, 50);

    private static string Money(decimal v) => v.ToString("#,0.00", CultureInfo.InvariantCulture);
    private static string N(decimal v, string f = "0.0") => v.ToString(f, CultureInfo.InvariantCulture);
    private string MonthName(DateOnly m) => t["Monthly.MonthShort", m.Year, m.Month];

    public byte[] Render(MonthlyParkReport r)
    {
        var m = r.This;
        var title = t["Monthly.Title", r.Park.Name, r.Month.Year, r.Month.Month].Value;
        using var pdf = new PdfSheet(title, t["Monthly.Footer", r.Park.Name, r.Month.Year, r.Month.Month]);
        pdf.Title(title, t["Monthly.Subtitle", r.Park.Code, r.Park.RegionName ?? "", m.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Time.ToShanghai(clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)]);

        pdf.Heading(t["Monthly.Summary"]);
        var satisfied = m.Rated > 0 ? N(Math.Round(100m * m.Satisfied / m.Rated, 1, MidpointRounding.AwayFromZero)) + "%" : t["Monthly.None"].Value;
        var response = m.RepairsResponded > 0 ? t["Monthly.Minutes", N(Math.Round(m.RepairResponseMinutes / m.RepairsResponded, 1, MidpointRounding.AwayFromZero))].Value : t["Monthly.None"].Value;
        var share = m.Income > 0 ? N(Math.Round(100m * m.ServiceIncome / m.Income, 1, MidpointRounding.AwayFromZero)) + "%" : t["Monthly.None"].Value;
        string? collaboratingNote = r.Enterprises > 0 ? t["Monthly.CollaboratingNote", N(Math.Round(100m * r.Collaborating / r.Enterprises, 1, MidpointRounding.AwayFromZero))].Value : null;
        pdf.KeyFigures(
        [
            (t["Monthly.Enterprises"], t["Monthly.Count", r.Enterprises], t["Monthly.EnterprisesNote", r.Admitted, r.Left]),
            (t["Kpi.Occupancy"], m.OccupancyPercent is { } o ? N(o) + "%" : t["Monthly.None"], t["Monthly.OccupancyNote", N(m.LeasedSqm, "#,0.##"), N(m.LeasableSqm, "#,0.##")]),
            (t["Monthly.Overdue"], Money(m.OverdueArrears) + " 元", t["Monthly.OverdueNote", m.OverdueBills]),
            (t["Monthly.Income"], Money(m.Income) + " 元", t["Monthly.IncomeNote", share, N(r.ServiceShareTarget, "0.#")]),
            (t["Monthly.Tickets"], t["Monthly.TicketCount", m.Opened], t["Monthly.TicketsNote", m.Resolved, response]),
            (t["Monthly.Satisfaction"], satisfied, t["Monthly.SatisfactionNote", m.Rated]),
            (t["Monthly.Alerts"], t["Monthly.AlertCount", r.Alerts.Sum(a => a.High + a.Medium + a.Low)], t["Monthly.AlertsNote", r.Alerts.Sum(a => a.High)]),
            (t["Monthly.Collaborating"].Value, t["Monthly.Count", r.Collaborating].Value, collaboratingNote),
        ]);

        pdf.Heading(t["Monthly.Trends"]);
        var names = r.Months.Select(x => MonthName(x.Month)).ToList();
        pdf.BarChart(t["Monthly.ChartOccupancy"], names, [new PdfSeries(t["Kpi.Occupancy"], r.Months.Select(x => x.OccupancyPercent).ToList(), Blue)], "0.0", "%", 130);
        pdf.BarChart(t["Monthly.ChartOverdue"], names, [new PdfSeries(t["Monthly.Overdue"], r.Months.Select(x => (decimal?)Math.Round(x.OverdueArrears / 10_000m, 1, MidpointRounding.AwayFromZero)).ToList(), Red)],
            "0.0", t["Monthly.TenThousandYuan"], 130);
        pdf.BarChart(t["Monthly.ChartTickets"], names,
        [
            new PdfSeries(t["Monthly.Opened"], r.Months.Select(x => (decimal?)x.Opened).ToList(), Blue),
            new PdfSeries(t["Monthly.Resolved"], r.Months.Select(x => (decimal?)x.Resolved).ToList(), Green),
        ], "0", t["Monthly.TicketUnit"], 130);
        pdf.Table(
        [
            new PdfColumn(t["Monthly.Month"], 1.1), new PdfColumn(t["Kpi.Occupancy"], 1, true), new PdfColumn(t["Monthly.OverdueYuan"], 1.6, true),
            new PdfColumn(t["Monthly.Opened"], 0.9, true), new PdfColumn(t["Monthly.Resolved"], 0.9, true), new PdfColumn(t["Monthly.IncomeYuan"], 1.6, true),
        ], r.Months.Select(x => (IReadOnlyList<string>)
        [
            MonthName(x.Month), x.OccupancyPercent is { } o ? N(o) + "%" : "—", Money(x.OverdueArrears), x.Opened.ToString(CultureInfo.InvariantCulture),
            x.Resolved.ToString(CultureInfo.InvariantCulture), Money(x.Income),
        ]));

        pdf.Heading(t["Monthly.IncomeStructure"]);
        if (r.IncomeClasses.Count == 0 || r.IncomeClasses.Sum(c => c.Amount) == 0) pdf.Paragraph(t["Monthly.NoIncome"]);
        else
        {
            pdf.BarChart(t["Monthly.ChartIncome"], r.IncomeClasses.Select(c => t["RevClass." + c.Class].Value).ToList(),
                [new PdfSeries(t["Monthly.IncomeYuan"], r.IncomeClasses.Select(c => (decimal?)c.Amount).ToList(), Blue)], "#,0", t["Unit.Yuan"], 120);
            pdf.Table([new PdfColumn(t["Monthly.Class"], 2), new PdfColumn(t["Monthly.IncomeYuan"], 1.5, true), new PdfColumn(t["Monthly.Share"], 1, true)],
                r.IncomeClasses.Select(c => (IReadOnlyList<string>)[t["RevClass." + c.Class].Value, Money(c.Amount), N(Math.Round(c.Share * 100, 1, MidpointRounding.AwayFromZero)) + "%"]));
        }

        pdf.Heading(t["Monthly.AlertsHeading"]);
        if (r.Alerts.Count == 0) pdf.Paragraph(t["Monthly.NoAlerts"]);
        else
            pdf.Table([new PdfColumn(t["Monthly.AlertType"], 2.4), new PdfColumn(t["Risk.Severity.high"], 1, true), new PdfColumn(t["Risk.Severity.medium"], 1, true), new PdfColumn(t["Risk.Severity.low"], 1, true)],
                r.Alerts.Select(a => (IReadOnlyList<string>)[t["Risk.Type." + a.Type].Value, a.High.ToString(CultureInfo.InvariantCulture), a.Medium.ToString(CultureInfo.InvariantCulture), a.Low.ToString(CultureInfo.InvariantCulture)]));

        pdf.Heading(t["Monthly.Definitions"]);
        pdf.Paragraph(t["Monthly.DefinitionsText"], pdf.Small);
        return pdf.ToBytes();
    }
}
