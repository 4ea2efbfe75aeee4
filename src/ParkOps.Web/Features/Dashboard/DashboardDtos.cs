namespace ParkOps.Web.Features.Dashboard;

/// <summary>One quarter of a KPI's trend: its value (null: no data) and whether it met the target.</summary>
public sealed record KpiPoint(string Quarter, decimal? Value, bool? Meets);

/// <summary>
/// A KPI of the asked quarter: code (as the items route takes it), name and definition in the caller's language, value
/// in its unit (percent, minutes, wan-yuan-per-mu, count; null: no data), target and direction (atLeast | atMost),
/// whether it meets the target (null: no value or no target), the figures it was computed from, and the trend of the
/// last eight quarters ending with the asked one.
/// </summary>
public sealed record KpiDto(string Kpi, string Name, string Definition, decimal? Value, string Unit, decimal? Target, string Direction, bool? Meets,
    decimal? Numerator, decimal? Denominator, IReadOnlyList<KpiPoint> Trend);

/// <summary>A park's dashboard for a quarter (asOf: the day the quarter's stock figures are read on: its last day, or today while it runs).</summary>
public sealed record ParkDashboardDto(long ParkId, string ParkName, string RegionName, string Quarter, DateOnly AsOf, bool ItemsVisible, IReadOnlyList<KpiDto> Kpis);

/// <summary>One row behind a KPI: what it is, whether it counts in the numerator, and its figure (area, count, 万元, 元).</summary>
public sealed record KpiItemDto(long? Id, string Label, string? Detail, decimal? Value, bool Counted, string? Link);

/// <summary>The rows behind a KPI of a quarter (the park's operators only: they name firms).</summary>
public sealed record KpiItemsDto(long ParkId, string Kpi, string Name, string Quarter, decimal? Value, string Unit, decimal? Numerator, decimal? Denominator,
    string ValueHeader, IReadOnlyList<KpiItemDto> Items, string? SeeAlso);

/// <summary>A KPI's value for one park of a region.</summary>
public sealed record KpiCell(string Kpi, decimal? Value, bool? Meets);

/// <summary>One park of a region with its KPIs of the quarter.</summary>
public sealed record RegionParkDto(long ParkId, string Name, string Code, string RegionName, IReadOnlyList<KpiCell> Kpis);

/// <summary>
/// Every park of a region side by side for a quarter, and the region's totals with their trends (numerators and
/// denominators added over the parks with data). Park aggregates only: no firm is named.
/// </summary>
public sealed record RegionOverviewDto(long RegionId, string RegionName, string Quarter, IReadOnlyList<RegionParkDto> Parks, IReadOnlyList<KpiDto> Totals);
