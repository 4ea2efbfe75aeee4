using System.Globalization;
using System.Text.Json;
using ParkOps.Domain.Pricing;

namespace ParkOps.Domain.Tests.Pricing;

/// <summary>
/// The public sample (a copy of shared/data/rent-sample.json): every scenario's months and total equal
/// <c>expected</c> to the 分. Numbers are read from the JSON text as decimals.
/// </summary>
public sealed class RentSampleTests
{
    private static readonly JsonElement Sample = Load();

    private static JsonElement Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Pricing", "rent-sample.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.Clone();
    }

    public static TheoryData<string> ScenarioIds()
    {
        var ids = new TheoryData<string>();
        foreach (var s in Sample.GetProperty("scenarios").EnumerateArray()) ids.Add(s.GetProperty("id").GetString()!);
        return ids;
    }

    [Fact]
    public void Sample_HasTwelveScenariosWithExpectations()
    {
        Sample.GetProperty("scenarios").GetArrayLength().ShouldBe(12);
        Sample.GetProperty("expected").GetArrayLength().ShouldBe(12);
    }

    [Theory]
    [MemberData(nameof(ScenarioIds))]
    public void Quote_SampleScenario_EqualsExpectedToTheFen(string id)
    {
        var s = Sample.GetProperty("scenarios").EnumerateArray().Single(x => x.GetProperty("id").GetString() == id);
        var expected = Sample.GetProperty("expected").EnumerateArray().Single(x => x.GetProperty("id").GetString() == id);

        var schedule = RentPricing.Quote(Policy(s.GetProperty("policy")), Tenant(s.GetProperty("enterprise")), Units(s.GetProperty("units")),
            DateOnly.ParseExact(s.GetProperty("startDate").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture), s.GetProperty("termMonths").GetInt32());

        var want = expected.GetProperty("months").EnumerateArray()
            .Select(m => (m.GetProperty("month").GetString()!, Money(m.GetProperty("baseAmount")), Money(m.GetProperty("amount")))).ToList();
        schedule.Months.Select(m => (m.Label, m.BaseAmount, m.Amount)).ToList().ShouldBe(want);
        schedule.Total.ShouldBe(Money(expected.GetProperty("total")));
    }

    private static decimal Money(JsonElement e) => decimal.Parse(e.GetString()!, CultureInfo.InvariantCulture);

    private static RentPolicy Policy(JsonElement p) => new()
    {
        BasePrices = p.GetProperty("basePrices").EnumerateObject().ToDictionary(x => SpaceUses.Parse(x.Name, "basePrices"), x => x.Value.GetDecimal()),
        LeadingIndustryDiscount = p.GetProperty("leadingIndustryDiscount").GetDecimal(),
        HighTechDiscount = p.GetProperty("highTechDiscount").GetDecimal(),
        UnrelatedIndustryPremium = p.GetProperty("unrelatedIndustryPremium").GetDecimal(),
        LongLeaseMinYears = p.GetProperty("longLeaseMinYears").GetInt32(),
        LongLeaseYearlyDecrease = p.GetProperty("longLeaseYearlyDecrease").GetDecimal(),
        StartupFreeMonths = p.GetProperty("startupFreeMonths").GetInt32(),
        ContributionFromLeaseYear = p.GetProperty("contributionFromLeaseYear").GetInt32(),
        ContributionMaxDiscount = p.GetProperty("contributionMaxDiscount").GetDecimal(),
    };

    private static TenantFacts Tenant(JsonElement e) => new(
        e.GetProperty("leadingIndustry").GetBoolean(), e.GetProperty("highTech").GetBoolean(), e.GetProperty("unrelatedIndustry").GetBoolean(),
        e.GetProperty("startup").GetBoolean(), e.GetProperty("contributionScore").GetDecimal(), e.GetProperty("equityFreeMonths").GetInt32());

    private static LeasedUnit[] Units(JsonElement units) =>
        [.. units.EnumerateArray().Select(u => new LeasedUnit(SpaceUses.Parse(u.GetProperty("use").GetString(), "use"), u.GetProperty("areaSqm").GetDecimal()))];
}
