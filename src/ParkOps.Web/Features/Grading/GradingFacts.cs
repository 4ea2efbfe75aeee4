using ParkOps.Domain.Monitoring;
using ParkOps.Web.Features.Evaluation.Contracts;
using ParkOps.Web.Features.Reporting.Contracts;

namespace ParkOps.Web.Features.Grading;

/// <summary>A rule item's figure: the points (dimension items) or the count (adjustments, vetoes), null when the platform has no data for it, and how it was found.</summary>
public sealed record RuleFigure(decimal? Points, int? Count, string? Basis);

/// <summary>
/// The platform facts the rule-computed items read, only through the other areas' contracts (DOMAIN §10): the 亩均
/// evaluation (Evaluation's published runs: the share of firms rated A or B, and who went above or below scale between
/// last year's and this year's evaluation) and the park's quarterly submissions (Reporting: each quarter of the year due
/// and not submitted by its due date costs points). The safety ledger is not there yet: its rule has no data.
/// </summary>
public sealed class GradingFacts(IMujunEvaluation mujun, IQuarterlyReports reports)
{
    public const string MujunShare = "mujunShare";
    public const string NewAboveScale = "newAboveScale";
    public const string BelowScale = "belowScale";
    public const string MissedReports = "missedReports";
    public const string SafetyLedger = "safetyLedger";

    public static readonly IReadOnlyList<string> Codes = [MujunShare, NewAboveScale, BelowScale, MissedReports, SafetyLedger];

    public async Task<IReadOnlyDictionary<string, RuleFigure>> ReadAsync(long parkId, int year, DateOnly today, IReadOnlyCollection<GradingItem> items, CancellationToken ct)
    {
        var result = new Dictionary<string, RuleFigure>();
        var codes = items.Where(i => i.RuleCode is not null).Select(i => i.RuleCode!).ToHashSet();
        MujunYearSummary? now = null, before = null;
        if (codes.Overlaps([MujunShare, NewAboveScale, BelowScale])) now = await mujun.PublishedSummaryAsync(parkId, year, ct);
        if (codes.Overlaps([NewAboveScale, BelowScale])) before = await mujun.PublishedSummaryAsync(parkId, year - 1, ct);
        foreach (var item in items.Where(i => i.RuleCode is not null))
        {
            result[item.Code] = item.RuleCode switch
            {
                MujunShare => Share(now, item.MaxPoints),
                NewAboveScale => now is null || before is null ? new RuleFigure(null, null, null)
                    : new RuleFigure(null, now.AboveScale.Count(id => !before.AboveScale.Contains(id)), $"{year - 1}→{year}"),
                BelowScale => now is null || before is null ? new RuleFigure(null, null, null)
                    : new RuleFigure(null, before.AboveScale.Count(id => now.Firms.Contains(id) && !now.AboveScale.Contains(id)), $"{year - 1}→{year}"),
                MissedReports => await MissedAsync(parkId, year, today, ct),
                _ => new RuleFigure(null, null, null),
            };
        }
        return result;
    }

    /// <summary>Max × the share of rated firms (A–D, not T) in class A or B, rounded half up to 2 decimals.</summary>
    private static RuleFigure Share(MujunYearSummary? s, decimal max)
    {
        if (s is null) return new RuleFigure(null, null, null);
        int C(string k) => s.Classes.GetValueOrDefault(k);
        var rated = C("A") + C("B") + C("C") + C("D");
        if (rated == 0) return new RuleFigure(null, null, null);
        return new RuleFigure(Math.Round(max * (C("A") + C("B")) / rated, 2, MidpointRounding.AwayFromZero), null, $"{C("A") + C("B")}/{rated}");
    }

    /// <summary>The year's quarters whose due date has passed by <paramref name="today"/> without a submission sent by then.</summary>
    private async Task<RuleFigure> MissedAsync(long parkId, int year, DateOnly today, CancellationToken ct)
    {
        var due = Enumerable.Range(1, 4).Select(n => new Quarter(year, n)).Where(q => ReportRules.DueDate(q) < today).ToList();
        if (due.Count == 0) return new RuleFigure(null, 0, "0/0");
        var filings = await reports.ParkFilingsAsync([parkId], due[0], due[^1], ct);
        var missed = due.Count(q => filings.FirstOrDefault(f => f.Quarter == q) is not { Filed: true, SubmittedAt: { } at } ||
            DateOnly.FromDateTime(Infrastructure.Time.ToShanghai(at)) > ReportRules.DueDate(q));
        return new RuleFigure(null, missed, $"{missed}/{due.Count}");
    }
}
