using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Pricing;

/// <summary>
/// One version of a park's rent pricing policy (DOMAIN §3). A park keeps several versions; each applies from
/// <see cref="EffectiveFrom"/> until the next version's date (see <see cref="RentPricing"/> for which version
/// a bill month uses). Every figure is the operator's to change; <see cref="Defaults"/> holds DOMAIN §3's
/// defaults. Fractions are written as fractions (0.20 = 20 %).
/// </summary>
public sealed record RentPolicy
{
    /// <summary>First day this version is in force. <see cref="DateOnly.MinValue"/> = always (a what-if policy).</summary>
    public DateOnly EffectiveFrom { get; init; } = DateOnly.MinValue;

    /// <summary>元 per ㎡ per month for each use; a use without a price cannot be quoted.</summary>
    public IReadOnlyDictionary<SpaceUse, decimal> BasePrices { get; init; } = new Dictionary<SpaceUse, decimal>();

    /// <summary>Discount for an enterprise in the park's leading industry (seed 004, Suzhou: 35 vs 50 元 → 10–30 %, default 20 %).</summary>
    public decimal LeadingIndustryDiscount { get; init; } = 0.20m;

    /// <summary>Discount for a high-tech enterprise; when both apply, only the larger one counts.</summary>
    public decimal HighTechDiscount { get; init; } = 0.20m;

    /// <summary>Premium for an enterprise unrelated to the park's industry (seed 004: 10–20 %, default 15 %).</summary>
    public decimal UnrelatedIndustryPremium { get; init; } = 0.15m;

    /// <summary>A lease of at least this many years (term ≥ 12 × this, in months) gets the yearly decrease.</summary>
    public int LongLeaseMinYears { get; init; } = 3;

    /// <summary>Rent falls by this fraction each lease year, compounding: × (1 − d)^(lease year − 1) (seed 004: 5 %).</summary>
    public decimal LongLeaseYearlyDecrease { get; init; } = 0.05m;

    /// <summary>The first N lease months are free for a startup (初创) enterprise (seed 004, Shenzhen Nanshan: 6).</summary>
    public int StartupFreeMonths { get; init; } = 6;

    /// <summary>The collaboration contribution discount applies from this lease year on (seed 000 case 9: year 3).</summary>
    public int ContributionFromLeaseYear { get; init; } = 3;

    /// <summary>Discount at a contribution score of 100; a score s gives max × s ÷ 100 (seed 000 case 9: 30 %).</summary>
    public decimal ContributionMaxDiscount { get; init; } = 0.30m;

    /// <summary>Property fee in 元 per ㎡ per month, billed beside the rent for the days the lease covers (0 = none).</summary>
    public decimal PropertyFeePerSqm { get; init; }

    /// <summary>DOMAIN §3's defaults with the given base prices.</summary>
    public static RentPolicy Defaults(IReadOnlyDictionary<SpaceUse, decimal> basePrices, DateOnly? effectiveFrom = null) =>
        new() { BasePrices = basePrices, EffectiveFrom = effectiveFrom ?? DateOnly.MinValue };

    /// <summary>
    /// Refuses a policy that cannot price anything sensibly. Field names are prefixed with <paramref name="prefix"/>
    /// (e.g. <c>policy.leadingIndustryDiscount</c>) and written as in the JSON shape of the rent calculator.
    /// </summary>
    public void Validate(string prefix = "policy")
    {
        foreach (var (use, price) in BasePrices)
        {
            if (!Enum.IsDefined(use)) throw SpaceUses.Unknown(use.ToString(), $"{prefix}.basePrices");
            if (price < 0)
                throw new DomainRuleException("BasePriceMustNotBeNegative", $"{prefix}.basePrices.{use.Key()}",
                    $"基础租金不能为负：{price}") { Arguments = [price] };
        }
        Fraction(LeadingIndustryDiscount, "leadingIndustryDiscount");
        Fraction(HighTechDiscount, "highTechDiscount");
        Fraction(LongLeaseYearlyDecrease, "longLeaseYearlyDecrease");
        Fraction(ContributionMaxDiscount, "contributionMaxDiscount");
        if (UnrelatedIndustryPremium < 0)
            throw new DomainRuleException("PremiumMustNotBeNegative", $"{prefix}.unrelatedIndustryPremium",
                $"非相关产业加价不能为负：{UnrelatedIndustryPremium}") { Arguments = [UnrelatedIndustryPremium] };
        AtLeast(LongLeaseMinYears, 1, "longLeaseMinYears");
        AtLeast(StartupFreeMonths, 0, "startupFreeMonths");
        AtLeast(ContributionFromLeaseYear, 1, "contributionFromLeaseYear");

        void Fraction(decimal value, string name)
        {
            if (value is < 0 or > 1)
                throw new DomainRuleException("DiscountMustBeAFraction", $"{prefix}.{name}",
                    $"折扣应在 0 到 1 之间：{value}") { Arguments = [value] };
        }

        void AtLeast(int value, int min, string name)
        {
            if (value < min)
                throw new DomainRuleException("PolicyNumberOutOfRange", $"{prefix}.{name}",
                    $"取值应不小于 {min}：{value}") { Arguments = [value, min] };
        }
    }
}
