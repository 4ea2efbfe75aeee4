using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Pricing;

/// <summary>
/// "A rent policy version must be in force" (DOMAIN §3): a day can only be priced under a version effective on or
/// before it. The one place this rule refuses, for the quote, the lease, the rent calculator and the bill run alike.
/// </summary>
public static class RentPolicyMustBeInForce
{
    public const string Name = "RentPolicyMustBeInForce";

    /// <summary>
    /// A lease (or what-if quote) starting on <paramref name="start"/> needs a version in force on that day: the
    /// earliest version must not begin later. Refuses naming <paramref name="field"/>.
    /// </summary>
    public static void Check(IReadOnlyList<RentPolicy> policies, DateOnly start, string field = "startDate")
    {
        if (policies.Count == 0 || policies.Min(v => v.EffectiveFrom) > start)
            throw Refusal(start, field, "起租日尚无生效的租金政策");
    }

    /// <summary>The refusal for <paramref name="day"/>; the pricing engine names the policy field it looked at.</summary>
    public static DomainRuleException Refusal(DateOnly day, string field, string message) =>
        new(Name, field, message) { Arguments = [day] };
}
