using ParkOps.Domain.Monitoring;
using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Risk;

/// <summary>The kinds of alert (issue 12 §3); <see cref="AlertTypes.Code"/> is the API's spelling.</summary>
public enum AlertType { Zombie, OrderDrop, Concentration, ParkDependence, MissingReport, Ecosystem }

public enum AlertSeverity { Low, Medium, High }

/// <summary>open → acknowledged → resolved, or dismissed (with a reason) from open or acknowledged.</summary>
public enum AlertState { Open, Acknowledged, Resolved, Dismissed }

public enum AlertAction { Acknowledge, Resolve, Dismiss }

public static class AlertTypes
{
    public static string Code(AlertType t) => t switch
    {
        AlertType.Zombie => "zombie",
        AlertType.OrderDrop => "order-drop",
        AlertType.Concentration => "concentration",
        AlertType.ParkDependence => "park-dependence",
        AlertType.MissingReport => "missing-report",
        _ => "ecosystem",
    };

    public static readonly IReadOnlyList<AlertType> All = Enum.GetValues<AlertType>();

    public static bool TryParse(string? code, out AlertType type)
    {
        foreach (var t in All)
            if (string.Equals(Code(t), code, StringComparison.OrdinalIgnoreCase)) { type = t; return true; }
        type = default;
        return false;
    }
}

/// <summary>The alert's lifecycle as a table: a person acknowledges, resolves or dismisses; nothing reopens a closed alert.</summary>
public static class AlertLifecycle
{
    public static bool IsActive(AlertState s) => s is AlertState.Open or AlertState.Acknowledged;

    /// <summary>The state after <paramref name="action"/>, or AlertTransitionMustBeAllowed (409); a dismissal without a reason is AlertDismissalNeedsReason (422).</summary>
    public static AlertState Next(AlertState state, AlertAction action, string? reason = null)
    {
        var next = (state, action) switch
        {
            (AlertState.Open, AlertAction.Acknowledge) => AlertState.Acknowledged,
            (AlertState.Open or AlertState.Acknowledged, AlertAction.Resolve) => AlertState.Resolved,
            (AlertState.Open or AlertState.Acknowledged, AlertAction.Dismiss) => AlertState.Dismissed,
            _ => throw new DomainRuleException("AlertTransitionMustBeAllowed", "state", $"预警处于{state}，不能{action}", RuleKind.Conflict) { Arguments = [state, action] },
        };
        if (action == AlertAction.Dismiss && string.IsNullOrWhiteSpace(reason))
            throw new DomainRuleException("AlertDismissalNeedsReason", "reason", "忽略预警须说明理由");
        return next;
    }
}

/// <summary>
/// A park's thresholds (issue 12 §3 defaults). <see cref="ParkDependenceShare"/> is ours: the seed names the signal
/// without a figure, and a park where two firms make more than half the output loses half its output with them.
/// The ecosystem benchmark is the park's median of the quarter (the park itself is the peer group: no published
/// regional figure per ㎡ exists for a micro park).
/// </summary>
public sealed record RiskSettings
{
    /// <summary>Output and electricity below this share of the firm's own earlier mean count as near zero.</summary>
    public decimal ZombieActivityShare { get; init; } = 0.10m;
    public int ZombieQuietQuarters { get; init; } = 2;
    public int ZombieBaselineQuarters { get; init; } = 4;
    public int ZombieArrearsMonths { get; init; } = 3;
    public int ZombieLossYears { get; init; } = 3;
    /// <summary>Liabilities ÷ assets strictly above this is a criterion.</summary>
    public decimal ZombieDebtRatio { get; init; } = 0.85m;
    /// <summary>A quarter-on-quarter revenue fall of at least this share.</summary>
    public decimal OrderDropShare { get; init; } = 0.30m;
    /// <summary>A supplier exposure of at least this makes an order drop severe.</summary>
    public decimal OrderDropSevereExposure { get; init; } = 0.50m;
    /// <summary>HHI strictly above: high.</summary>
    public decimal HhiHigh { get; init; } = 2500m;
    /// <summary>HHI from this up to <see cref="HhiHigh"/> (both included): moderate.</summary>
    public decimal HhiModerate { get; init; } = 1500m;
    /// <summary>The top two enterprises' share of the park's output strictly above this.</summary>
    public decimal ParkDependenceShare { get; init; } = 0.50m;
    /// <summary>A quarter's report is due on this day of the month after the quarter.</summary>
    public int ReportDueDay { get; init; } = 20;
    /// <summary>Below this share of the park's median, for <see cref="DensityQuarters"/> quarters running.</summary>
    public decimal DensityShareOfMedian { get; init; } = 0.80m;
    public int DensityQuarters { get; init; } = 2;
    /// <summary>Open posts ÷ headcount strictly above this.</summary>
    public decimal TalentGapShare { get; init; } = 0.25m;

    public static RiskSettings Default { get; } = new();

    /// <summary>Refuses settings that would make a rule meaningless (RiskSettingOutOfRange, naming the setting).</summary>
    public void Check()
    {
        static void Share(decimal v, string field)
        {
            if (v is <= 0 or > 1) throw new DomainRuleException("RiskSettingOutOfRange", field, $"{field} 须在 0 到 1 之间") { Arguments = [field] };
        }
        Share(ZombieActivityShare, "zombieActivityShare");
        Share(ZombieDebtRatio, "zombieDebtRatio");
        Share(OrderDropShare, "orderDropShare");
        Share(OrderDropSevereExposure, "orderDropSevereExposure");
        Share(ParkDependenceShare, "parkDependenceShare");
        Share(DensityShareOfMedian, "densityShareOfMedian");
        Share(TalentGapShare, "talentGapShare");
        void Count(int v, int max, string field)
        {
            if (v < 1 || v > max) throw new DomainRuleException("RiskSettingOutOfRange", field, $"{field} 超出范围") { Arguments = [field] };
        }
        Count(ZombieQuietQuarters, 4, "zombieQuietQuarters");
        Count(ZombieBaselineQuarters, 8, "zombieBaselineQuarters");
        Count(ZombieArrearsMonths, 36, "zombieArrearsMonths");
        Count(ZombieLossYears, 3, "zombieLossYears");
        Count(ReportDueDay, 28, "reportDueDay");
        Count(DensityQuarters, 4, "densityQuarters");
        if (HhiModerate <= 0 || HhiModerate > HhiHigh || HhiHigh > 10000)
            throw new DomainRuleException("RiskSettingOutOfRange", "hhiModerate", "HHI 阈值须满足 0 < 中度 ≤ 高度 ≤ 10000") { Arguments = ["hhiModerate"] };
    }
}

/// <summary>What a rule found: the alert it asks for, keyed so a run does not raise the same finding twice.</summary>
/// <param name="Key">Dedupe key within the park (type, enterprise, and what distinguishes one finding of the kind from another).</param>
/// <param name="Basis">The quarter of data the finding stands on (a closed alert of the same key and basis is not raised again).</param>
public sealed record RiskFinding(AlertType Type, AlertSeverity Severity, long? EnterpriseId, string Key, Quarter Basis, RiskEvidence Evidence);

/// <summary>The figures that triggered a finding; serialised as the alert's evidence.</summary>
public abstract record RiskEvidence;

/// <summary>One zombie criterion with the figures behind it (<see cref="Criterion"/>: quiet, arrears, losses, debt).</summary>
public sealed record ZombieCriterion(string Criterion, IReadOnlyDictionary<string, decimal> Figures);

public sealed record ZombieEvidence(IReadOnlyList<ZombieCriterion> Criteria) : RiskEvidence;

/// <summary>A supplier on the ripple: degree 1 sells to the firm that fell, degree 2 to a degree-1 supplier.</summary>
public sealed record RippleSupplier(long EnterpriseId, decimal Exposure, int Degree, decimal? CustomerHhi, long Via);

public sealed record OrderDropEvidence(string Quarter, decimal RevenueBefore, decimal RevenueNow, decimal Drop, bool ChainLeader,
    IReadOnlyList<RippleSupplier> Suppliers) : RiskEvidence;

/// <summary>A firm's customer concentration (Kind "customers") or a chain stage held by one firm (Kind "single-stage").</summary>
public sealed record ConcentrationEvidence(string Kind, decimal? Hhi, string? Level, IReadOnlyList<CustomerShare>? Customers, decimal? UnnamedShare, string? Stage)
    : RiskEvidence;

public sealed record ParkDependenceEvidence(string Quarter, decimal ParkOutput, IReadOnlyList<long> TopEnterprises, decimal TopOutput, decimal Share, decimal Threshold)
    : RiskEvidence;

/// <summary>Kind "missing" (no submitted report after its due date) or "late" (submitted after it).</summary>
public sealed record ReportEvidence(string Kind, string Quarter, DateOnly DueOn, DateOnly? SubmittedOn, int DaysLate) : RiskEvidence;

/// <summary>Kind "output-density" (万元 per ㎡), "patent-density" (per 100 employees) or "talent-gap" (open posts ÷ headcount).</summary>
public sealed record EcosystemEvidence(string Kind, IReadOnlyList<EcosystemQuarter> Quarters, decimal Threshold) : RiskEvidence;

public sealed record EcosystemQuarter(string Quarter, decimal Value, decimal Benchmark);
