using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Enterprises;
using ParkOps.Domain.Pricing;
using ParkOps.Web.Features.Audit;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Leasing;

/// <summary>
/// Issue 15 over HTTP: a renewal or change continues the enterprise's time in the park (the contribution discount
/// counts years in the park, startup free months are granted once), and the facts that price a lease are fixed
/// when it is signed.
/// </summary>
public sealed class TenancyTests(ParkOpsFactory app) : IClassFixture<ParkOpsFactory>
{
    private static List<JsonElement> Months(JsonElement detail) => detail.GetProperty("months").EnumerateArray().ToList();

    private static IEnumerable<string?> RuleNames(JsonElement month) => month.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("name").GetString());

    [Fact]
    public async Task Renewal_AfterTwoYears_CarriesTheTimeInTheParkAndTheContributionDiscountFromItsFirstMonth()
    {
        var park = await app.ParkIdAsync();
        var op = await app.LoginAsync("operator");
        var ent = await app.NewTenantAsync(park, new DateOnly(2010, 1, 1), 50m);
        var unit = await app.NewVacantUnitAsync(park);
        var first = await op.LeaseInStateAsync(park, ent.Id, [unit.Id], "Signed", termMonths: 24);
        first.GetProperty("tenancy").GetProperty("monthsInParkBefore").GetInt32().ShouldBe(0);
        var firstDetail = await op.GetJsonAsync($"/api/v1/leases/{first.Id()}");
        RuleNames(Months(firstDetail)[0]).ShouldNotContain(RentRules.ContributionDiscount, "year 1 in the park");
        RuleNames(Months(firstDetail)[12]).ShouldNotContain(RentRules.ContributionDiscount, "year 2 in the park");

        var renewal = await op.ActOkAsync(first.Id(), "renew");
        await op.ActOkAsync(renewal.Id(), "approve");
        var signed = await op.ActOkAsync(renewal.Id(), "sign");

        var tenancy = signed.GetProperty("tenancy");
        tenancy.GetProperty("monthsInParkBefore").GetInt32().ShouldBe(24);
        var months = Months(await op.GetJsonAsync($"/api/v1/leases/{renewal.Id()}"));
        months.Count.ShouldBe(24);
        RuleNames(months[0]).ShouldContain(RentRules.ContributionDiscount, "its first month is the enterprise's third year in the park");
        // the same month in the first lease's last year was priced without the discount: 50 × 30 % of policy max off now
        var lastOfFirst = Months(firstDetail)[23].GetProperty("amount").GetDecimal();
        var policy = await app.PolicyOnAsync(park, DateOnly.Parse(renewal.Str("startDate")!));
        months[0].GetProperty("amount").GetDecimal().ShouldBe(Math.Round(lastOfFirst * (1 - policy.ContributionMaxDiscount * 0.5m), 2, MidpointRounding.AwayFromZero));
    }

    [Fact]
    public async Task Change_OfAStartupAfterFourMonths_GrantsOnlyTheStartupMonthsLeft()
    {
        var park = await app.ParkIdAsync();
        var op = await app.LoginAsync("operator");
        var start = LeasingApi.NextMonth;
        var ent = await app.NewTenantAsync(park, start.AddMonths(-6), 0m);
        var policy = await app.PolicyOnAsync(park, start);
        policy.StartupFreeMonths.ShouldBe(6, "the demo park's policy grants six startup months");
        var unit = await app.NewVacantUnitAsync(park);
        var first = await op.LeaseInStateAsync(park, ent.Id, [unit.Id], "Signed", termMonths: 12);
        first.GetProperty("tenancy").GetProperty("startup").GetBoolean().ShouldBeTrue();
        first.GetProperty("tenancy").GetProperty("startupFreeMonthsGranted").GetInt32().ShouldBe(6);

        var change = await op.ActOkAsync(first.Id(), "change", new { on = start.AddMonths(4), termMonths = 12 });
        await op.ActOkAsync(change.Id(), "approve");
        var signed = await op.ActOkAsync(change.Id(), "sign");

        var tenancy = signed.GetProperty("tenancy");
        tenancy.GetProperty("monthsInParkBefore").GetInt32().ShouldBe(4);
        tenancy.GetProperty("startupFreeMonthsUsed").GetInt32().ShouldBe(4);
        tenancy.GetProperty("startupFreeMonthsGranted").GetInt32().ShouldBe(2);
        var amounts = Months(await op.GetJsonAsync($"/api/v1/leases/{change.Id()}")).Select(m => m.GetProperty("amount").GetDecimal()).ToList();
        amounts.Take(2).ShouldAllBe(a => a == 0m);
        amounts[2].ShouldBeGreaterThan(0m);
    }

    [Fact]
    public async Task SignedLease_AfterTheArchiveChanges_KeepsTheFactsFixedAtSigning()
    {
        var park = await app.ParkIdAsync();
        var op = await app.LoginAsync("operator");
        var ent = await app.NewTenantAsync(park, new DateOnly(2012, 5, 1), 0m);
        var unit = await app.NewVacantUnitAsync(park);
        var lease = await op.LeaseInStateAsync(park, ent.Id, [unit.Id], "Signed", termMonths: 12);
        var before = Months(await op.GetJsonAsync($"/api/v1/leases/{lease.Id()}")).Select(m => m.GetProperty("amount").GetDecimal()).ToList();
        lease.GetProperty("tenancy").GetProperty("highTech").GetBoolean().ShouldBeFalse();

        await app.WithDbAsync(async db =>
        {
            var e = await db.Enterprises.SingleAsync(x => x.Id == ent.Id);
            e.Tags = TenantFactsRules.HighTechTag;
            return await db.SaveChangesAsync();
        });

        var detail = await op.GetJsonAsync($"/api/v1/leases/{lease.Id()}");
        Months(detail).Select(m => m.GetProperty("amount").GetDecimal()).ShouldBe(before, "a signed lease is priced with the facts of its signing");
        detail.GetProperty("lease").GetProperty("tenancy").GetProperty("highTech").GetBoolean().ShouldBeFalse();
        // a quote made now sees the new tag
        var quote = await op.PostJsonAsync("/api/v1/leases/quote", new { enterpriseId = ent.Id, unitIds = new[] { unit.Id }, startDate = LeasingApi.NextMonth, termMonths = 12 });
        var q = JsonDocument.Parse(await quote.Content.ReadAsStringAsync()).RootElement;
        q.GetProperty("facts").GetProperty("highTech").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task ContributionScore_EnteredByTheOperator_PricesTheLeaseAndIsNamedWithItsYear()
    {
        var park = await app.ParkIdAsync();
        var op = await app.LoginAsync("operator");
        var ent = await app.NewTenantAsync(park, new DateOnly(2011, 3, 1), 0m);
        var unit = await app.NewVacantUnitAsync(park);
        var first = await op.LeaseInStateAsync(park, ent.Id, [unit.Id], "Signed", termMonths: 36);

        var res = await op.PutAsJsonAsync($"/api/v1/enterprises/{ent.Id}/contribution-score", new { score = 60m, year = 2025, note = "园区协作贡献度评议会 2025 年度结果" });
        res.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, await res.Content.ReadAsStringAsync());

        var months = Months(await op.GetJsonAsync($"/api/v1/leases/{first.Id()}"));
        var rule = months[24].GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("name").GetString() == RentRules.ContributionDiscount);
        rule.GetProperty("parameter").GetString()!.ShouldStartWith("贡献度 60（2025 年） × 30%，自租赁第 3 年起");
        var audit = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Entity == nameof(Enterprise) && a.EntityKey == ent.Id.ToString()).OrderBy(a => a.Id).ToListAsync());
        audit.ShouldContain(a => a.ActorName == "operator" && a.After!.Contains("\"ContributionScoreYear\":2025"));
    }

    [Theory]
    [InlineData(101, 2025, "依据", "score")]
    [InlineData(-1, 2025, "依据", "score")]
    [InlineData(50, 1999, "依据", "year")]
    [InlineData(50, 2025, " ", "note")]
    public async Task ContributionScore_BadInput_IsRefusedNamingTheField(int score, int year, string note, string field)
    {
        var park = await app.ParkIdAsync();
        var op = await app.LoginAsync("operator");
        var ent = (await app.AdmittedAsync(park))[0];
        var problem = await (await op.PutAsJsonAsync($"/api/v1/enterprises/{ent.Id}/contribution-score", new { score = (decimal)score, year, note }))
            .ShouldBeProblemAsync(System.Net.HttpStatusCode.BadRequest);
        problem.ErrorsFor(field);
        (await app.WithDbAsync(db => db.Enterprises.Where(e => e.Id == ent.Id).Select(e => e.ContributionScoreNote).SingleAsync())).ShouldNotBe(note, "nothing was written");
    }

    [Fact]
    public async Task ContributionScore_SetByTheTenant_IsForbidden()
    {
        var tenant = await app.LoginAsync("tenant");
        var ent = await app.EnterpriseOfAsync("tenant");
        await (await tenant.PutAsJsonAsync($"/api/v1/enterprises/{ent}/contribution-score", new { score = 99m, year = 2025, note = "自评" }))
            .ShouldBeProblemAsync(System.Net.HttpStatusCode.Forbidden, "OnlyOperatorsMayWrite");
    }
}
