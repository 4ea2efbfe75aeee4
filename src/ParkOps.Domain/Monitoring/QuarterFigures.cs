namespace ParkOps.Domain.Monitoring;

/// <summary>
/// One enterprise's operating figures for one quarter (DOMAIN §7), in the units of the province's form: money in
/// 万元, energy in tce, electricity in kWh, water and emissions in tonnes. <see cref="EmissionsT"/> is null when the
/// firm reports none (the 亩均 rules treat a missing emission figure differently from zero).
/// </summary>
public sealed record QuarterFigures(
    decimal Output,
    decimal MainRevenue,
    decimal Tax,
    decimal ValueAdded,
    decimal RdSpend,
    decimal EnergyTce,
    decimal ElectricityKwh,
    decimal WaterT,
    decimal? EmissionsT,
    decimal AvgHeadcount,
    decimal NetProfit,
    decimal TotalAssets,
    decimal TotalLiabilities,
    int PatentsHeld,
    int PatentsGranted)
{
    /// <summary>Posts the firm is recruiting for at the quarter's end (在招岗位); null when not reported. Risk's talent gap reads it.</summary>
    public int? OpenPosts { get; init; }
}

/// <summary>
/// A main customer and its share (0–100 %) of the reporting firm's revenue: an enterprise of the same park
/// (<see cref="EnterpriseId"/> set) or an outside customer by name.
/// </summary>
public sealed record CustomerShare(long? EnterpriseId, string Name, decimal SharePercent);

/// <summary>One enterprise's report for one quarter, as the rules read it.</summary>
public sealed record QuarterReportFacts(long EnterpriseId, Quarter Quarter, QuarterFigures Figures, IReadOnlyList<CustomerShare> Customers);
