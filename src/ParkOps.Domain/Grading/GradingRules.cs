using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Grading;

/// <summary>The nine dimensions of the Wenzhou 2020 micro-park grading (DOMAIN §10), plus the Hangzhou 2024 adjustments.</summary>
public enum GradingDimension
{
    Mujun, IndustryFocus, Operations, Services, Cultivation, Digital, Agglomeration, Safety, Integrity,
    /// <summary>Point rules outside the 100 points: +/− per occurrence, and the veto that forces D.</summary>
    Adjustment,
}

/// <summary>How an item gets its points.</summary>
public enum GradingItemKind
{
    /// <summary>The operator scores it (0 … max) and proves it with evidence.</summary>
    SelfScored,
    /// <summary>Computed from platform facts (another area's contract); no data → no points, shown as "no data".</summary>
    Rule,
    /// <summary>A count (from a rule) times points per occurrence, outside the dimensions' caps (Hangzhou: new 规上 +2, below scale −1, missed report −2).</summary>
    Adjustment,
    /// <summary>A veto: any occurrence forces grade D (a serious accident). The operator may declare it with evidence.</summary>
    Veto,
}

public enum GradingState { Draft, Submitted, Returned, Approved }

public enum GradingAction { Save, Submit, Adjust, Return, Approve }

/// <summary>
/// One item of an assessment as the engine sees it: its maximum (dimension items), the points it has (null: no data or
/// not yet scored), for adjustments and vetoes the count of occurrences (null: no data) and the points per occurrence.
/// </summary>
public sealed record GradedItem(string Code, GradingDimension Dimension, GradingItemKind Kind, decimal MaxPoints, decimal? Points,
    int? Count = null, decimal PointsPerCount = 0, bool HasEvidence = false);

/// <summary>Grade thresholds (points at least): A ≥ <see cref="A"/>, B ≥ <see cref="B"/>, C ≥ <see cref="C"/>, else D.</summary>
public sealed record GradeThresholds(decimal A, decimal B, decimal C)
{
    public static readonly GradeThresholds Default = new(90, 75, 60);
}

/// <summary>A dimension's points: the sum of its items capped at the dimension's maximum (the sum of its items' maxima).</summary>
public sealed record DimensionScore(GradingDimension Dimension, decimal Points, decimal MaxPoints);

/// <summary>Why an item costs points: below its maximum, a negative adjustment, no data, or a veto.</summary>
public enum LossReason { BelowMax, NoData, Deduction, Veto }

/// <summary>An item that costs points, with the points lost (a veto loses none by itself: it forces D).</summary>
public sealed record LostPoints(string Code, GradingDimension Dimension, decimal Lost, LossReason Reason);

/// <summary>
/// The computed result: per dimension, the base (dimensions' sum), the adjustments, the total (base + adjustments,
/// kept within 0 … 100 + positive adjustments never below 0), the grade, whether a veto forced D, and what cost points
/// (largest loss first, then by code).
/// </summary>
public sealed record GradingResult(IReadOnlyList<DimensionScore> Dimensions, decimal Base, decimal Adjustments, decimal Total, string Grade,
    bool ForcedD, IReadOnlyList<LostPoints> Lost);

/// <summary>
/// The park grading engine (Wenzhou 2020 dimensions, Hangzhou 2024 point rules; DOMAIN §10). Pure: the items come in
/// with their points; the engine sums each dimension capped at its maximum, adds the adjustments, grades by the
/// thresholds, and lets any veto force D.
/// </summary>
public static class GradingRules
{
    public static readonly IReadOnlyList<GradingDimension> Dimensions = Enum.GetValues<GradingDimension>().Where(d => d != GradingDimension.Adjustment).ToList();

    public static GradingResult Compute(IReadOnlyList<GradedItem> items, GradeThresholds thresholds)
    {
        var dims = new List<DimensionScore>();
        foreach (var d in Dimensions)
        {
            var of = items.Where(i => i.Dimension == d && i.Kind is GradingItemKind.SelfScored or GradingItemKind.Rule).ToList();
            var max = of.Sum(i => i.MaxPoints);
            var sum = of.Sum(i => Math.Clamp(i.Points ?? 0, 0, i.MaxPoints));
            dims.Add(new DimensionScore(d, Math.Min(sum, max), max));
        }
        var baseTotal = dims.Sum(x => x.Points);
        var adjustments = items.Where(i => i.Kind == GradingItemKind.Adjustment).Sum(i => (i.Count ?? 0) * i.PointsPerCount);
        var total = Math.Max(0, baseTotal + adjustments);
        var forced = items.Any(i => i.Kind == GradingItemKind.Veto && (i.Count ?? 0) > 0);
        var grade = forced ? "D" : GradeOf(total, thresholds);

        var lost = new List<LostPoints>();
        foreach (var i in items)
        {
            switch (i.Kind)
            {
                case GradingItemKind.SelfScored or GradingItemKind.Rule:
                    var got = Math.Clamp(i.Points ?? 0, 0, i.MaxPoints);
                    if (got < i.MaxPoints)
                        lost.Add(new LostPoints(i.Code, i.Dimension, i.MaxPoints - got, i.Points is null && i.Kind == GradingItemKind.Rule ? LossReason.NoData : LossReason.BelowMax));
                    break;
                case GradingItemKind.Adjustment when (i.Count ?? 0) * i.PointsPerCount < 0:
                    lost.Add(new LostPoints(i.Code, i.Dimension, -(i.Count!.Value * i.PointsPerCount), LossReason.Deduction));
                    break;
                case GradingItemKind.Veto when (i.Count ?? 0) > 0:
                    lost.Add(new LostPoints(i.Code, i.Dimension, 0, LossReason.Veto));
                    break;
            }
        }
        return new GradingResult(dims, baseTotal, adjustments, total, grade, forced,
            lost.OrderByDescending(l => l.Reason == LossReason.Veto).ThenByDescending(l => l.Lost).ThenBy(l => l.Code, StringComparer.Ordinal).ToList());
    }

    public static string GradeOf(decimal total, GradeThresholds t) => total >= t.A ? "A" : total >= t.B ? "B" : total >= t.C ? "C" : "D";

    /// <summary>Thresholds must fall: 0 ≤ C ≤ B ≤ A ≤ 200 (422 GradingThresholdsOrder).</summary>
    public static void CheckThresholds(GradeThresholds t)
    {
        if (t.C < 0 || t.C > t.B || t.B > t.A || t.A > 200)
            throw new DomainRuleException("GradingThresholdsOrder", "a", "等级分数线须满足 0 ≤ C ≤ B ≤ A") { Arguments = [t.A, t.B, t.C] };
    }

    /// <summary>A self-scored item's points lie within 0 … max, in steps of 0.5 (422 GradingPointsOutOfRange).</summary>
    public static void CheckPoints(string code, decimal points, decimal max)
    {
        if (points < 0 || points > max || points * 2 != decimal.Truncate(points * 2))
            throw new DomainRuleException("GradingPointsOutOfRange", "points", "得分超出该项范围") { Arguments = [code, max] };
    }

    /// <summary>A declared count of occurrences (a veto) is 0 … 99 (422 GradingCountOutOfRange).</summary>
    public static void CheckCount(string code, int count)
    {
        if (count is < 0 or > 99) throw new DomainRuleException("GradingCountOutOfRange", "count", "次数超出范围") { Arguments = [code] };
    }

    /// <summary>
    /// At submit, every self-scored item with points above zero and every declared veto must have evidence: the first
    /// that has none refuses with GradingEvidenceMissing naming it (422, field <c>items</c>).
    /// </summary>
    public static void CheckEvidence(IEnumerable<GradedItem> items, Func<string, string> nameOf)
    {
        foreach (var i in items)
        {
            var claims = i.Kind switch
            {
                GradingItemKind.SelfScored => (i.Points ?? 0) > 0,
                GradingItemKind.Veto => (i.Count ?? 0) > 0,
                _ => false,
            };
            if (claims && !i.HasEvidence)
                throw new DomainRuleException("GradingEvidenceMissing", "items", $"评分项“{nameOf(i.Code)}”有得分但未上传佐证材料") { Arguments = [i.Code, nameOf(i.Code)] };
        }
    }

    /// <summary>A reviewer's change of an item's points names its reason (422 GradingAdjustNeedsReason).</summary>
    public static void CheckReason(string? reason, string rule = "GradingAdjustNeedsReason")
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainRuleException(rule, "reason", "须说明原因");
    }

    /// <summary>
    /// Save: draft or returned → same state (the operator edits). Submit: draft or returned → submitted. Adjust:
    /// submitted → submitted (the reviewer). Return / approve: submitted → returned / approved. Anything else refuses
    /// with GradingStepRefused (409): a submitted assessment is read-only for the operator, an approved one final.
    /// </summary>
    public static GradingState Next(GradingState state, GradingAction action) => (state, action) switch
    {
        (GradingState.Draft, GradingAction.Save) => GradingState.Draft,
        (GradingState.Returned, GradingAction.Save) => GradingState.Returned,
        (GradingState.Draft or GradingState.Returned, GradingAction.Submit) => GradingState.Submitted,
        (GradingState.Submitted, GradingAction.Adjust) => GradingState.Submitted,
        (GradingState.Submitted, GradingAction.Return) => GradingState.Returned,
        (GradingState.Submitted, GradingAction.Approve) => GradingState.Approved,
        _ => throw new DomainRuleException("GradingStepRefused", "state", $"评级自评状态为 {state}，不能 {action}", RuleKind.Conflict) { Arguments = [state, action] },
    };
}
