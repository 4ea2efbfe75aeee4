using ParkOps.Domain.Monitoring;

namespace ParkOps.Domain.Dashboard;

/// <summary>The park KPIs of DOMAIN §10, in the order the dashboard shows them.</summary>
public enum Kpi
{
    Occupancy,
    LeadingIndustryShare,
    SurvivalRate,
    TaxGrowth,
    TaxPerMu,
    OutputPerMu,
    CollaborationRate,
    ResponseTime,
    Satisfaction,
    ServiceRevenueShare,
    ChainCompleteness,
    OpenRiskAlerts,
}

/// <summary>Whether a KPI meets its target from above (occupancy ≥ 85 %) or from below (response time ≤ 120 minutes).</summary>
public enum KpiDirection { AtLeast, AtMost }

/// <summary>
/// The targets of DOMAIN §10 (defaults; a park's own service-share target replaces <see cref="ServiceSharePercent"/>).
/// Per-mu tax and output, chain completeness and open alerts have no target in the rules: they are shown without one.
/// </summary>
public sealed record KpiTargets
{
    /// <summary>seed 000: occupancy ≥ 85 %.</summary>
    public decimal OccupancyPercent { get; init; } = 85m;
    public decimal LeadingIndustryPercent { get; init; } = 70m;
    public decimal SurvivalPercent { get; init; } = 80m;
    /// <summary>Tax growth ≥ 15 % a year (a quarter against the same quarter a year before).</summary>
    public decimal TaxGrowthPercent { get; init; } = 15m;
    /// <summary>seed 000 case 2: 70 % of the enterprises collaborate.</summary>
    public decimal CollaborationPercent { get; init; } = 70m;
    /// <summary>seed 004: response within 2 hours (DOMAIN §4's default SLA).</summary>
    public decimal ResponseMinutes { get; init; } = 120m;
    /// <summary>seed 004: ≥ 90 % of ratings satisfied.</summary>
    public decimal SatisfactionPercent { get; init; } = 90m;
    /// <summary>seed 004: service revenue ≥ 30 % of the operator's income.</summary>
    public decimal ServiceSharePercent { get; init; } = 30m;

    public static readonly KpiTargets Default = new();
}

/// <summary>
/// What one park (or a region's parks added up) shows for one quarter, as gathered from the areas. Every figure is
/// nullable: null means the area has no data for it (the KPI then reads "no data", never a made-up zero).
/// </summary>
public sealed record ParkQuarterFacts(Quarter Quarter)
{
    /// <summary>Leasable floor area (units not marked not-leasable) and the area held by leases on the quarter's last day (today for the running quarter).</summary>
    public decimal? LeasableSqm { get; init; }
    public decimal? LeasedSqm { get; init; }
    /// <summary>Enterprises in the park on the quarter's last day, and of them those in the park's leading industry.</summary>
    public int? Enterprises { get; init; }
    public int? LeadingIndustryEnterprises { get; init; }
    /// <summary>Enterprises in the park a year before the quarter's end, and of them those still in at its end.</summary>
    public int? CohortAtStart { get; init; }
    public int? CohortStillIn { get; init; }
    /// <summary>Tax and output (万元) of the quarter's submitted reports; the same quarter's tax a year before; the park's land (亩).</summary>
    public decimal? Tax { get; init; }
    public decimal? TaxYearAgo { get; init; }
    public decimal? Output { get; init; }
    public decimal? LandMu { get; init; }
    /// <summary>Enterprises in the park with at least one collaboration delivered in the four quarters up to this one.</summary>
    public int? CollaboratingEnterprises { get; init; }
    /// <summary>Tickets opened in the quarter that were answered, and their response minutes added up.</summary>
    public int? Responded { get; init; }
    public decimal? ResponseMinutesTotal { get; init; }
    /// <summary>Ratings given on the quarter's tickets and, of those, satisfied (4 or 5).</summary>
    public int? Rated { get; init; }
    public int? Satisfied { get; init; }
    /// <summary>The operator's billed income in the quarter's months: services, and all of it.</summary>
    public decimal? ServiceRevenue { get; init; }
    public decimal? TotalRevenue { get; init; }
    /// <summary>Stages of the park's chain template, and those with at least one enterprise in the park.</summary>
    public int? ChainStages { get; init; }
    public int? StagesCovered { get; init; }
    /// <summary>Risk alerts open (open or acknowledged) on the quarter's last day.</summary>
    public int? OpenAlerts { get; init; }
}

/// <summary>
/// One KPI of one quarter: the value in its unit (rounded half away from zero to what is shown: percentages and minutes
/// to one decimal, per-mu figures to two, counts whole), the figures it was computed from, its target and whether it
/// meets it (null when there is no value or no target).
/// </summary>
public sealed record KpiValue(Kpi Kpi, Quarter Quarter, decimal? Value, string Unit, decimal? Target, KpiDirection Direction, decimal? Numerator, decimal? Denominator)
{
    public bool? Meets => Value is not { } v || Target is not { } t ? null : Direction == KpiDirection.AtLeast ? v >= t : v <= t;
}

/// <summary>
/// The park KPIs of DOMAIN §10 computed from plain figures: each a ratio or a sum with its definition's numerator and
/// denominator; a KPI whose figures are missing (or whose denominator is zero) has no value.
/// </summary>
public static class ParkKpis
{
    public const string Percent = "percent", Minutes = "minutes", WanYuanPerMu = "wan-yuan-per-mu", Count = "count";

    /// <summary>The unit each KPI is stated in.</summary>
    public static string UnitOf(Kpi kpi) => kpi switch
    {
        Kpi.TaxPerMu or Kpi.OutputPerMu => WanYuanPerMu,
        Kpi.ResponseTime => Minutes,
        Kpi.OpenRiskAlerts => Count,
        _ => Percent,
    };

    public static KpiDirection DirectionOf(Kpi kpi) => kpi is Kpi.ResponseTime or Kpi.OpenRiskAlerts ? KpiDirection.AtMost : KpiDirection.AtLeast;

    public static decimal? TargetOf(Kpi kpi, KpiTargets t) => kpi switch
    {
        Kpi.Occupancy => t.OccupancyPercent,
        Kpi.LeadingIndustryShare => t.LeadingIndustryPercent,
        Kpi.SurvivalRate => t.SurvivalPercent,
        Kpi.TaxGrowth => t.TaxGrowthPercent,
        Kpi.CollaborationRate => t.CollaborationPercent,
        Kpi.ResponseTime => t.ResponseMinutes,
        Kpi.Satisfaction => t.SatisfactionPercent,
        Kpi.ServiceRevenueShare => t.ServiceSharePercent,
        _ => null,
    };

    /// <summary>Every KPI of the quarter, in <see cref="Kpi"/> order.</summary>
    public static IReadOnlyList<KpiValue> Compute(ParkQuarterFacts f, KpiTargets targets) =>
        Enum.GetValues<Kpi>().Select(k => Compute(k, f, targets)).ToList();

    public static KpiValue Compute(Kpi kpi, ParkQuarterFacts f, KpiTargets targets)
    {
        (decimal? Num, decimal? Den) figures = kpi switch
        {
            Kpi.Occupancy => (f.LeasedSqm, f.LeasableSqm),
            Kpi.LeadingIndustryShare => (f.LeadingIndustryEnterprises, f.Enterprises),
            Kpi.SurvivalRate => (f.CohortStillIn, f.CohortAtStart),
            // growth = (this year's quarter − the same quarter last year) ÷ last year's
            Kpi.TaxGrowth => f.Tax is { } tax && f.TaxYearAgo is { } ago ? (tax - ago, ago) : (null, null),
            Kpi.TaxPerMu => (f.Tax, f.LandMu),
            Kpi.OutputPerMu => (f.Output, f.LandMu),
            Kpi.CollaborationRate => (f.CollaboratingEnterprises, f.Enterprises),
            Kpi.ResponseTime => (f.ResponseMinutesTotal, f.Responded),
            Kpi.Satisfaction => (f.Satisfied, f.Rated),
            Kpi.ServiceRevenueShare => (f.ServiceRevenue, f.TotalRevenue),
            Kpi.ChainCompleteness => (f.StagesCovered, f.ChainStages),
            Kpi.OpenRiskAlerts => (f.OpenAlerts, null),
            _ => throw new ArgumentOutOfRangeException(nameof(kpi)),
        };
        return FromFigures(kpi, f.Quarter, figures.Num, figures.Den, targets);
    }

    /// <summary>
    /// A region's KPI for a quarter from its parks' values: numerators and denominators added up over the parks that
    /// have both (a park without data neither adds to nor dilutes the total), then the same ratio. No park with data: no value.
    /// </summary>
    public static KpiValue Combine(Kpi kpi, Quarter quarter, IEnumerable<KpiValue> parks, KpiTargets targets)
    {
        var with = parks.Where(v => v.Kpi == kpi && v.Value is not null && v.Numerator is not null && (kpi == Kpi.OpenRiskAlerts || v.Denominator is not null)).ToList();
        if (with.Count == 0) return FromFigures(kpi, quarter, null, null, targets);
        return FromFigures(kpi, quarter, with.Sum(v => v.Numerator!.Value), kpi == Kpi.OpenRiskAlerts ? null : with.Sum(v => v.Denominator!.Value), targets);
    }

    private static KpiValue FromFigures(Kpi kpi, Quarter quarter, decimal? num, decimal? den, KpiTargets targets)
    {
        var d = den ?? 0;
        decimal? value = kpi switch
        {
            Kpi.OpenRiskAlerts => num,
            _ when num is null || d <= 0 => null,
            Kpi.TaxPerMu or Kpi.OutputPerMu => Round(num.Value / d, 2),
            Kpi.ResponseTime => Round(num.Value / d, 1),
            _ => Round(num.Value / d * 100, 1),
        };
        return value is null
            ? new KpiValue(kpi, quarter, null, UnitOf(kpi), TargetOf(kpi, targets), DirectionOf(kpi), null, null)
            : new KpiValue(kpi, quarter, value, UnitOf(kpi), TargetOf(kpi, targets), DirectionOf(kpi), num, den);
    }

    private static decimal Round(decimal v, int decimals) => Math.Round(v, decimals, MidpointRounding.AwayFromZero);
}
