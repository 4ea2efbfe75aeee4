using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Evaluation;

/// <summary>The eight 亩均 indicators (DOMAIN §7): six for 规上 firms, two for 规下 firms. Their definitions are fixed here.</summary>
public enum MuIndicator
{
    /// <summary>规上 亩均税收: tax (万元) ÷ land (亩).</summary>
    TaxPerMu,
    /// <summary>规上 亩均增加值: value added ÷ land.</summary>
    ValueAddedPerMu,
    /// <summary>单位能耗增加值: value added ÷ energy (tce).</summary>
    ValueAddedPerEnergy,
    /// <summary>单位排放增加值: value added ÷ main pollutant emissions (t).</summary>
    ValueAddedPerEmission,
    /// <summary>全员劳动生产率: value added ÷ average headcount.</summary>
    LabourProductivity,
    /// <summary>R&amp;D intensity: R&amp;D ÷ main revenue.</summary>
    RdIntensity,
    /// <summary>规下 亩均税收: tax ÷ land.</summary>
    BelowTaxPerMu,
    /// <summary>规下 单位电耗税收: tax ÷ electricity (万kWh).</summary>
    TaxPerElectricity,
}

/// <summary>The class of a firm: A–D by rank within its group, T not rated (utility, or too young).</summary>
public enum MuClass { A, B, C, D, T }

/// <summary>Weight and benchmark of one indicator in one region and year.</summary>
public sealed record IndicatorSetting(MuIndicator Indicator, decimal Weight, decimal Benchmark);

/// <summary>
/// The 亩均 rules of one region and year, versioned (a changed setting is a new version). Defaults are DOMAIN §7's
/// 2022 values (Huangyan, Taizhou 2022 weights and benchmarks; Kaihua 2014 cap; Huai'an class shares).
/// </summary>
public sealed record MujunSettings(
    string Region,
    int Year,
    int Version,
    IReadOnlyList<IndicatorSetting> Indicators,
    decimal CapFactor,
    decimal ShareA,
    decimal ShareB,
    decimal ShareC,
    int MinYearsInProduction,
    bool ExcludeUtilities,
    bool CombinedParcel)
{
    public const int AboveCount = 6, BelowCount = 2;

    public static readonly MuIndicator[] AboveIndicators =
        [MuIndicator.TaxPerMu, MuIndicator.ValueAddedPerMu, MuIndicator.ValueAddedPerEnergy, MuIndicator.ValueAddedPerEmission, MuIndicator.LabourProductivity, MuIndicator.RdIntensity];
    public static readonly MuIndicator[] BelowIndicators = [MuIndicator.BelowTaxPerMu, MuIndicator.TaxPerElectricity];

    /// <summary>DOMAIN §7, 2022 values, for any region and year until the region sets its own.</summary>
    public static MujunSettings Default(string region, int year) => new(region, year, 1,
    [
        new(MuIndicator.TaxPerMu, 30, 24.097m),
        new(MuIndicator.ValueAddedPerMu, 20, 136.16m),
        new(MuIndicator.ValueAddedPerEnergy, 20, 2.694m),
        new(MuIndicator.ValueAddedPerEmission, 10, 4929.81m),
        new(MuIndicator.LabourProductivity, 10, 18.14m),
        new(MuIndicator.RdIntensity, 10, 0.0302m),
        new(MuIndicator.BelowTaxPerMu, 50, 11.5932m),
        new(MuIndicator.TaxPerElectricity, 50, 0.2352m),
    ], CapFactor: 1.5m, ShareA: 0.20m, ShareB: 0.60m, ShareC: 0.95m, MinYearsInProduction: 2, ExcludeUtilities: true, CombinedParcel: false);

    public IndicatorSetting Of(MuIndicator i) =>
        Indicators.FirstOrDefault(s => s.Indicator == i) ?? throw new DomainRuleException("MujunSettingsIncomplete", "indicators", $"the settings lack indicator {i}");

    /// <summary>Refuses settings the engine cannot compute with: every indicator once, benchmarks above zero, shares rising.</summary>
    public void Check()
    {
        foreach (var i in Enum.GetValues<MuIndicator>())
        {
            var s = Of(i);
            if (s.Benchmark <= 0) throw new DomainRuleException("MujunBenchmarkMustBePositive", "benchmark", $"benchmark of {i} must be above 0") { Arguments = [i.ToString()] };
            if (s.Weight < 0) throw new DomainRuleException("MujunWeightMustNotBeNegative", "weight", $"weight of {i} must not be negative") { Arguments = [i.ToString()] };
        }
        if (Indicators.Count != Enum.GetValues<MuIndicator>().Length || Indicators.Select(s => s.Indicator).Distinct().Count() != Indicators.Count)
            throw new DomainRuleException("MujunSettingsIncomplete", "indicators", "each indicator exactly once");
        if (CapFactor < 1) throw new DomainRuleException("MujunCapBelowOne", "capFactor", "the cap must be at least 1 × weight");
        if (!(ShareA > 0 && ShareA <= ShareB && ShareB <= ShareC && ShareC <= 1))
            throw new DomainRuleException("MujunSharesMustRise", "shareA", "class shares must satisfy 0 < A ≤ B ≤ C ≤ 1");
        if (MinYearsInProduction < 0) throw new DomainRuleException("MujunMinYearsNegative", "minYearsInProduction", "minimum years must not be negative");
    }
}
