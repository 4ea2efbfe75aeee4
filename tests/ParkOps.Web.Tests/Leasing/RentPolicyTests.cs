using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Features.Leasing;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Leasing;

/// <summary>Rent policy versions: list, refuse bad figures naming the field, one version per day, and a new version reprices from its month on. A host of its own.</summary>
public sealed class RentPolicyTests(ParkOpsFactory app) : IClassFixture<ParkOpsFactory>
{
    /// <summary>A valid policy body (DOMAIN §3 defaults) effective from the day, with the given factory price.</summary>
    public static JsonObject PolicyBody(DateOnly effectiveFrom, decimal factoryPrice = 30m) => new()
    {
        ["effectiveFrom"] = effectiveFrom.ToString("yyyy-MM-dd"), ["factoryPrice"] = factoryPrice, ["labPrice"] = 45m, ["officePrice"] = 40m,
        ["warehousePrice"] = 18m, ["dormitoryPrice"] = 15m, ["leadingIndustryDiscount"] = 0.2m, ["highTechDiscount"] = 0.2m,
        ["unrelatedIndustryPremium"] = 0.15m, ["longLeaseMinYears"] = 3, ["longLeaseYearlyDecrease"] = 0.05m, ["startupFreeMonths"] = 6,
        ["contributionFromLeaseYear"] = 3, ["contributionMaxDiscount"] = 0.3m, ["propertyFeePerSqm"] = 3.5m, ["depositMonths"] = 2,
    };

    /// <summary>The body of the version in force, with one figure changed.</summary>
    private static JsonObject From(RentPolicyVersion v, DateOnly effectiveFrom, string? field = null, JsonNode? value = null)
    {
        var body = new JsonObject
        {
            ["effectiveFrom"] = effectiveFrom.ToString("yyyy-MM-dd"), ["factoryPrice"] = v.FactoryPrice, ["labPrice"] = v.LabPrice, ["officePrice"] = v.OfficePrice,
            ["warehousePrice"] = v.WarehousePrice, ["dormitoryPrice"] = v.DormitoryPrice, ["leadingIndustryDiscount"] = v.LeadingIndustryDiscount,
            ["highTechDiscount"] = v.HighTechDiscount, ["unrelatedIndustryPremium"] = v.UnrelatedIndustryPremium, ["longLeaseMinYears"] = v.LongLeaseMinYears,
            ["longLeaseYearlyDecrease"] = v.LongLeaseYearlyDecrease, ["startupFreeMonths"] = v.StartupFreeMonths, ["contributionFromLeaseYear"] = v.ContributionFromLeaseYear,
            ["contributionMaxDiscount"] = v.ContributionMaxDiscount, ["propertyFeePerSqm"] = v.PropertyFeePerSqm, ["depositMonths"] = v.DepositMonths,
        };
        if (field is not null) body[field] = value;
        return body;
    }

    private Task<int> VersionCountAsync(long park) => app.WithDbAsync(db => db.RentPolicyVersions.CountAsync(p => p.ParkId == park));

    [Fact]
    public async Task RentPolicies_Get_ListsTheParksVersionsInDateOrder()
    {
        var park = await app.ParkIdAsync();
        var stored = await app.WithDbAsync(db => db.RentPolicyVersions.Where(p => p.ParkId == park).OrderBy(p => p.EffectiveFrom).ToListAsync());
        stored.ShouldNotBeEmpty();

        var list = await (await app.LoginAsync("operator")).GetJsonAsync($"/api/v1/parks/{park}/rent-policies");

        var items = list.EnumerateArray().ToList();
        items.Count.ShouldBe(stored.Count);
        for (var i = 0; i < items.Count; i++)
        {
            items[i].Str("effectiveFrom").ShouldBe(stored[i].EffectiveFrom.ToString("yyyy-MM-dd"));
            items[i].GetProperty("factoryPrice").GetDecimal().ShouldBe(stored[i].FactoryPrice);
            items[i].GetProperty("parkId").GetInt64().ShouldBe(park);
        }
        // the other park's operator does not see them
        await (await (await app.LoginAsync("operator2")).GetAsync($"/api/v1/parks/{park}/rent-policies")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("factoryPrice", "BasePriceMustNotBeNegative")]
    [InlineData("labPrice", "BasePriceMustNotBeNegative")]
    [InlineData("propertyFeePerSqm", "BasePriceMustNotBeNegative")]
    [InlineData("unrelatedIndustryPremium", "PremiumMustNotBeNegative")]
    [InlineData("leadingIndustryDiscount", "DiscountMustBeAFraction")]
    public async Task RentPolicies_NegativeFigure_Gives422NamingTheFieldAndWritesNothing(string field, string rule)
    {
        var park = await app.ParkIdAsync();
        var v = await app.PolicyOnAsync(park, new DateOnly(2030, 1, 1));
        var before = await VersionCountAsync(park);

        var res = await (await app.LoginAsync("operator")).PostJsonAsync($"/api/v1/parks/{park}/rent-policies", From(v, new DateOnly(2031, 2, 1), field, -1.5m));

        var problem = await res.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, rule);
        problem.Str("field").ShouldBe(field, "the field is named as the request names it");
        problem.ErrorsFor(field);
        (await VersionCountAsync(park)).ShouldBe(before);
    }

    [Fact]
    public async Task RentPolicies_SecondVersionOnTheSameDay_Gives409()
    {
        var park = await app.ParkIdAsync();
        var op = await app.LoginAsync("operator");
        var day = new DateOnly(2033, 1, 1);
        var first = await op.PostJsonAsync($"/api/v1/parks/{park}/rent-policies", PolicyBody(day, 31m));
        first.StatusCode.ShouldBe(HttpStatusCode.Created, await first.Content.ReadAsStringAsync());
        var before = await VersionCountAsync(park);

        var res = await op.PostJsonAsync($"/api/v1/parks/{park}/rent-policies", PolicyBody(day, 33m));

        await res.ShouldBeProblemAsync(HttpStatusCode.Conflict, "RentPolicyVersionsMustDiffer", "effectiveFrom");
        (await VersionCountAsync(park)).ShouldBe(before);
        (await app.WithDbAsync(db => db.RentPolicyVersions.SingleAsync(p => p.ParkId == park && p.EffectiveFrom == day))).FactoryPrice.ShouldBe(31m);
        // the same day in the other park is another park's business
        var hm = await app.ParkIdAsync("DG-HM-01");
        (await (await app.LoginAsync("operator2")).PostJsonAsync($"/api/v1/parks/{hm}/rent-policies", PolicyBody(day, 20m))).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task RentPolicies_VersionEffectiveMidLease_ChangesTheScheduleFromThatMonthOn()
    {
        var park = await app.ParkIdAsync();
        var op = await app.LoginAsync("operator");
        var ent = (await app.AdmittedAsync(park))[0];
        var unit = await app.NewVacantUnitAsync(park, 400m);
        var start = new DateOnly(2028, 1, 1);
        var lease = await op.LeaseInStateAsync(park, ent.Id, [unit.Id], "Approved", start, 24);
        var id = lease.Id();
        var old = await app.PolicyOnAsync(park, start);
        var before = (await op.GetJsonAsync($"/api/v1/leases/{id}")).GetProperty("months").EnumerateArray().ToList();
        before.Count.ShouldBe(24);
        var changeOn = new DateOnly(2028, 7, 1);
        var newPrice = old.FactoryPrice + 7m;

        var res = await op.PostJsonAsync($"/api/v1/parks/{park}/rent-policies", From(old, changeOn, "factoryPrice", newPrice));
        res.StatusCode.ShouldBe(HttpStatusCode.Created, await res.Content.ReadAsStringAsync());

        var after = (await op.GetJsonAsync($"/api/v1/leases/{id}")).GetProperty("months").EnumerateArray().ToList();
        after.Count.ShouldBe(24);
        for (var i = 0; i < 24; i++)
        {
            var month = start.AddMonths(i);
            after[i].Str("month").ShouldBe(LeasingApi.Month(month));
            if (month < changeOn)
            {
                after[i].GetRawText().ShouldBe(before[i].GetRawText(), $"{LeasingApi.Month(month)} is before the new version");
                continue;
            }
            after[i].Str("policyEffectiveFrom").ShouldBe(changeOn.ToString("yyyy-MM-dd"));
            after[i].GetProperty("baseAmount").GetDecimal().ShouldBe(Math.Round(400m * newPrice, 2, MidpointRounding.AwayFromZero));
            after[i].GetProperty("rules")[0].Str("parameter")!.ShouldContain("2028-07-01");
            // the same rules at a higher price: the amount grows in proportion
            var ratio = newPrice / old.FactoryPrice;
            after[i].GetProperty("amount").GetDecimal().ShouldBe(before[i].GetProperty("amount").GetDecimal() * ratio, 0.02m);
            after[i].GetProperty("amount").GetDecimal().ShouldBeGreaterThan(before[i].GetProperty("amount").GetDecimal());
        }
        // the quote for the same lease agrees with the lease's schedule
        var quote = await op.PostJsonAsync("/api/v1/leases/quote", new { enterpriseId = ent.Id, unitIds = new[] { unit.Id }, startDate = start, termMonths = 24 });
        var q = JsonDocument.Parse(await quote.Content.ReadAsStringAsync()).RootElement;
        q.GetProperty("total").GetDecimal().ShouldBe(after.Sum(m => m.GetProperty("amount").GetDecimal()));
    }

    [Theory]
    [InlineData("tenant", HttpStatusCode.Forbidden)]   // a tenant of the park sees it, may not set its policy
    [InlineData("gov", HttpStatusCode.Forbidden)]      // a government viewer reads, never writes
    [InlineData("operator2", HttpStatusCode.NotFound)] // another park's operator does not see this park at all
    public async Task RentPolicies_PostByAnyoneButTheParksOperator_IsRefused(string user, HttpStatusCode expected)
    {
        var park = await app.ParkIdAsync();
        var before = await VersionCountAsync(park);

        var res = await (await app.LoginAsync(user)).PostJsonAsync($"/api/v1/parks/{park}/rent-policies", PolicyBody(new DateOnly(2034, 1, 1)));

        await res.ShouldBeProblemAsync(expected);
        (await VersionCountAsync(park)).ShouldBe(before);
    }
}
