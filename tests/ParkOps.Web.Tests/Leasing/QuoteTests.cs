using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Enterprises;
using ParkOps.Domain.Pricing;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Leasing;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Leasing;

/// <summary>POST /api/v1/leases/quote: every month of the term with its rules, priced by the park's policy. A host of its own (quotes read the park's policy).</summary>
public sealed class QuoteTests(ParkOpsFactory app) : IClassFixture<ParkOpsFactory>
{
    private static readonly DateOnly Start = new(2027, 3, 1);

    private async Task<HttpResponseMessage> QuoteAsync(HttpClient client, long enterpriseId, long[] unitIds, DateOnly start, int termMonths, int equityFreeMonths = 0) =>
        await client.PostJsonAsync("/api/v1/leases/quote", new { enterpriseId, unitIds, startDate = start, termMonths, equityFreeMonths });

    private async Task<JsonElement> QuoteOkAsync(HttpClient client, long enterpriseId, long[] unitIds, DateOnly start, int termMonths)
    {
        var res = await QuoteAsync(client, enterpriseId, unitIds, start, termMonths);
        var text = await res.Content.ReadAsStringAsync();
        res.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>An admitted enterprise of the leading industry (C38/C39), not high-tech and past its startup years at <see cref="Start"/>.</summary>
    private async Task<Enterprise> LeadingEnterpriseAsync(long park)
    {
        var all = await app.AdmittedAsync(park);
        var ent = all.First(e => (e.IndustryCode.StartsWith("C38", StringComparison.Ordinal) || e.IndustryCode.StartsWith("C39", StringComparison.Ordinal))
            && !e.Tags.Contains("高新技术企业") && e.EstablishedOn is { } est && Lifecycle.StageOn(est, Start) != LifecycleStage.Startup);
        // these tests price the leading-industry rule; the demo publishes contribution scores (issue 14), whose discount
        // counts from the park year (months in the park before this lease), which the hand pricing here leaves out
        await app.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters().Where(e => e.Id == ent.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(e => e.ContributionScore, (decimal?)null).SetProperty(e => e.ContributionScoreYear, (int?)null).SetProperty(e => e.ContributionScoreNote, (string?)null)));
        ent.ContributionScore = null;
        return ent;
    }

    private Task<Unit> FactoryUnitAsync(long park) =>
        app.WithDbAsync(db => db.Units.AsNoTracking().Where(u => u.ParkId == park && u.Use == SpaceUse.Factory && u.Status != UnitStatus.NotLeasable).OrderBy(u => u.Id).FirstAsync());

    [Fact]
    public async Task Quote_SixtyMonthsFromTheFirst_GivesSixtyConsecutiveMonthsInFenAndTheirSum()
    {
        var park = await app.ParkIdAsync();
        var op = await app.LoginAsync("operator");
        var ent = await LeadingEnterpriseAsync(park);
        var unit = await FactoryUnitAsync(park);

        var q = await QuoteOkAsync(op, ent.Id, [unit.Id], Start, 60);

        var months = q.GetProperty("months").EnumerateArray().ToList();
        months.Count.ShouldBe(60);
        q.GetProperty("termMonths").GetInt32().ShouldBe(60);
        q.GetProperty("endDate").GetString().ShouldBe("2032-02-29");
        for (var i = 0; i < months.Count; i++)
        {
            var m = months[i];
            m.GetProperty("month").GetString().ShouldBe(LeasingApi.Month(Start.AddMonths(i)), $"month {i + 1}");
            m.GetProperty("leaseMonth").GetInt32().ShouldBe(i + 1);
            m.GetProperty("leaseYear").GetInt32().ShouldBe(i / 12 + 1);
            foreach (var name in new[] { "baseAmount", "amount" })
            {
                var v = m.GetProperty(name).GetDecimal();
                v.ShouldBe(Math.Round(v, 2), $"{name} of {m.GetProperty("month")} is in fen");
                v.ShouldBeGreaterThan(0m);
            }
            var rules = m.GetProperty("rules").EnumerateArray().ToList();
            rules.ShouldNotBeEmpty();
            rules[0].GetProperty("name").GetString().ShouldBe(RentRules.BasePrice);
            foreach (var r in rules)
                foreach (var field in new[] { "name", "parameter", "effect" })
                    r.GetProperty(field).GetString().ShouldNotBeNullOrWhiteSpace($"rule {field} of {m.GetProperty("month")}");
        }
        q.GetProperty("total").GetDecimal().ShouldBe(months.Sum(m => m.GetProperty("amount").GetDecimal()));
        q.GetProperty("baseTotal").GetDecimal().ShouldBe(months.Sum(m => m.GetProperty("baseAmount").GetDecimal()));
    }

    [Fact]
    public async Task Quote_LeadingIndustryEnterprise_GetsTheDiscountAsPricedByHandAndByTheEngine()
    {
        var park = await app.ParkIdAsync();
        var op = await app.LoginAsync("operator");
        var ent = await LeadingEnterpriseAsync(park);
        var unit = await FactoryUnitAsync(park);
        var v = await app.PolicyOnAsync(park, Start);

        var q = await QuoteOkAsync(op, ent.Id, [unit.Id], Start, 60);

        var facts = q.GetProperty("facts");
        facts.GetProperty("leadingIndustry").GetBoolean().ShouldBeTrue($"{ent.IndustryCode} is in the park's leading industry");
        facts.GetProperty("unrelatedIndustry").GetBoolean().ShouldBeFalse();
        var months = q.GetProperty("months").EnumerateArray().ToList();

        // by hand, from the stored policy: area × price × (1 − leading) × (1 − yearly decrease)^(year − 1) × contribution from its year, rounded once
        var score = ent.ContributionScore ?? 0m;
        for (var m = 1; m <= 60; m++)
        {
            var y = (m - 1) / 12 + 1;
            var exact = unit.AreaSqm * v.FactoryPrice * (1 - v.LeadingIndustryDiscount);
            for (var k = 1; k < y; k++) exact *= 1 - v.LongLeaseYearlyDecrease;
            if (y >= v.ContributionFromLeaseYear) exact *= 1 - v.ContributionMaxDiscount * score / 100;
            var expected = Math.Round(exact, 2, MidpointRounding.AwayFromZero);
            months[m - 1].GetProperty("amount").GetDecimal().ShouldBe(expected, $"lease month {m}");
            months[m - 1].GetProperty("baseAmount").GetDecimal().ShouldBe(Math.Round(unit.AreaSqm * v.FactoryPrice, 2, MidpointRounding.AwayFromZero));
            var rule = months[m - 1].GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("name").GetString() == RentRules.LeadingIndustryDiscount);
            rule.GetProperty("effect").GetString().ShouldBe("×" + (1 - v.LeadingIndustryDiscount).ToString("0.############", CultureInfo.InvariantCulture));
        }

        // and the pure engine, given the same facts, agrees to the fen
        var engine = RentPricing.Quote([v.ToPolicy()], new TenantFacts(LeadingIndustry: true, ContributionScore: score),
            [new LeasedUnit(SpaceUse.Factory, unit.AreaSqm)], Start, 60);
        months.Select(m => m.GetProperty("amount").GetDecimal()).ShouldBe(engine.Months.Select(m => m.Amount));
        q.GetProperty("total").GetDecimal().ShouldBe(engine.Total);
    }

    [Fact]
    public async Task Quote_FiveYearLeaseOfEveryAdmittedEnterprise_NeverGetsDearer()
    {
        var park = await app.ParkIdAsync();
        var op = await app.LoginAsync("operator");
        var unit = await FactoryUnitAsync(park);
        var enterprises = await app.AdmittedAsync(park);
        enterprises.Count.ShouldBeGreaterThan(20);
        foreach (var e in enterprises)
        {
            var q = await QuoteOkAsync(op, e.Id, [unit.Id], Start, 60);
            var amounts = q.GetProperty("months").EnumerateArray().Select(m => m.GetProperty("amount").GetDecimal()).ToList();
            amounts.Count.ShouldBe(60);
            // free months (a startup's first months) cost nothing; from the first charged month on, no month costs more than the one before
            var charged = amounts.SkipWhile(a => a == 0).ToList();
            charged.ShouldNotBeEmpty();
            for (var i = 1; i < charged.Count; i++)
                charged[i].ShouldBeLessThanOrEqualTo(charged[i - 1], $"{e.Name} ({e.IndustryCode}): charged month {i + 1} costs more than the one before");
            charged[^1].ShouldBeLessThan(charged[0], $"{e.Name}: a 5-year lease gets the long-lease decrease");
        }
    }

    [Fact]
    public async Task Quote_UnitOfAnotherPark_Gives422UnitsMustBelongToPark()
    {
        var park = await app.ParkIdAsync();
        var hm = await app.ParkIdAsync("DG-HM-01");
        var ent = await LeadingEnterpriseAsync(park);
        var foreign = await app.WithDbAsync(db => db.Units.Where(u => u.ParkId == hm).OrderBy(u => u.Id).Select(u => u.Id).FirstAsync());
        var own = await FactoryUnitAsync(park);

        foreach (var who in new[] { "operator", "admin" })
        {
            var res = await QuoteAsync(await app.LoginAsync(who), ent.Id, [own.Id, foreign], Start, 36);
            var problem = await res.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "UnitsMustBelongToPark", "unitIds");
            problem.Str("detail")!.ShouldContain(foreign.ToString(CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task Quote_NotLeasableUnit_Gives422UnitMustBeLeasable()
    {
        var park = await app.ParkIdAsync();
        var ent = await LeadingEnterpriseAsync(park);
        var blocked = await app.WithDbAsync(db => db.Units.Where(u => u.ParkId == park && u.Status == UnitStatus.NotLeasable).OrderBy(u => u.Id).FirstAsync());

        var res = await QuoteAsync(await app.LoginAsync("operator"), ent.Id, [blocked.Id], Start, 36);

        var problem = await res.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "UnitMustBeLeasable", "unitIds");
        problem.Str("detail")!.ShouldContain(blocked.Code);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-12)]
    public async Task Quote_TermOfNoMonths_Gives400NamingTermMonths(int term)
    {
        var park = await app.ParkIdAsync();
        var ent = await LeadingEnterpriseAsync(park);
        var unit = await FactoryUnitAsync(park);

        var res = await QuoteAsync(await app.LoginAsync("operator"), ent.Id, [unit.Id], Start, term);

        var problem = await res.ShouldBeProblemAsync(HttpStatusCode.BadRequest, field: "termMonths");
        problem.ErrorsFor("termMonths");
    }

    [Fact]
    public async Task Quote_StartBeforeTheFirstPolicyVersion_Gives422NamingStartDate()
    {
        var park = await app.ParkIdAsync();
        var ent = await LeadingEnterpriseAsync(park);
        var unit = await FactoryUnitAsync(park);
        var first = await app.WithDbAsync(db => db.RentPolicyVersions.Where(p => p.ParkId == park).MinAsync(p => p.EffectiveFrom));

        var res = await QuoteAsync(await app.LoginAsync("operator"), ent.Id, [unit.Id], new DateOnly(first.Year - 1, 1, 1), 36);

        var problem = await res.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "RentPolicyMustBeInForce");
        problem.Str("field").ShouldBe("startDate", "the field is named as the request names it");
    }

    [Fact]
    public async Task Quote_NegativeEquityFreeMonths_Gives4xxNamingEquityFreeMonths()
    {
        var park = await app.ParkIdAsync();
        var ent = await LeadingEnterpriseAsync(park);
        var unit = await FactoryUnitAsync(park);

        var res = await QuoteAsync(await app.LoginAsync("operator"), ent.Id, [unit.Id], Start, 36, equityFreeMonths: -3);

        ((int)res.StatusCode).ShouldBeInRange(400, 499, await res.Content.ReadAsStringAsync());
        var problem = await res.JsonAsync();
        problem.Str("field").ShouldBe("equityFreeMonths", "the field is named as the request names it");
    }

    [Fact]
    public async Task Quote_TenantForAnotherEnterprise_Gives404ButForItsOwnGivesTheQuote()
    {
        var park = await app.ParkIdAsync();
        var tenant = await app.LoginAsync("tenant");
        var own = await app.EnterpriseOfAsync("tenant");
        var other = await app.EnterpriseOfAsync("tenant2");
        var unit = await FactoryUnitAsync(park);

        var res = await QuoteAsync(tenant, other, [unit.Id], Start, 36);
        await res.ShouldBeProblemAsync(HttpStatusCode.NotFound);

        var mine = await QuoteOkAsync(tenant, own, [unit.Id], Start, 36);
        mine.GetProperty("months").GetArrayLength().ShouldBe(36);
    }

    [Fact]
    public async Task Quote_GovernmentViewer_Gives403()
    {
        var park = await app.ParkIdAsync();
        var ent = await LeadingEnterpriseAsync(park);
        var unit = await FactoryUnitAsync(park);

        var res = await QuoteAsync(await app.LoginAsync("gov"), ent.Id, [unit.Id], Start, 36);

        await res.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task RentCalculator_SameFactsAndUnitAsAQuote_GivesTheSameMonthsAndTotal()
    {
        var park = await app.ParkIdAsync();
        var ent = await LeadingEnterpriseAsync(park);
        var unit = await FactoryUnitAsync(park);
        var op = await app.LoginAsync("operator");
        var quote = await QuoteOkAsync(op, ent.Id, [unit.Id], Start, 60);
        var facts = quote.GetProperty("facts");
        var res = await op.PostJsonAsync($"/api/v1/parks/{park}/rent-calculator", new
        {
            facts = new
            {
                leadingIndustry = facts.GetProperty("leadingIndustry").GetBoolean(), highTech = facts.GetProperty("highTech").GetBoolean(),
                unrelatedIndustry = facts.GetProperty("unrelatedIndustry").GetBoolean(), startup = facts.GetProperty("startup").GetBoolean(),
                contributionScore = facts.GetProperty("contributionScore").GetDecimal(), equityFreeMonths = 0,
            },
            units = new[] { new { use = "Factory", areaSqm = unit.AreaSqm } },
            startDate = Start, termMonths = 60,
        });
        var text = await res.Content.ReadAsStringAsync();
        res.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        var calc = JsonDocument.Parse(text).RootElement;
        calc.GetProperty("total").GetDecimal().ShouldBe(quote.GetProperty("total").GetDecimal());
        calc.GetProperty("months").EnumerateArray().Select(m => m.GetProperty("amount").GetDecimal())
            .ShouldBe(quote.GetProperty("months").EnumerateArray().Select(m => m.GetProperty("amount").GetDecimal()));
    }

    [Fact]
    public async Task RentCalculator_BadInput_NamesTheField()
    {
        var park = await app.ParkIdAsync();
        var op = await app.LoginAsync("operator");
        var facts = new { leadingIndustry = false, highTech = false, unrelatedIndustry = false, startup = false, contributionScore = 0, equityFreeMonths = 0 };
        var none = await (await op.PostJsonAsync($"/api/v1/parks/{park}/rent-calculator", new { facts, units = Array.Empty<object>(), startDate = Start, termMonths = 12 }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        none.GetProperty("errors").TryGetProperty("units", out _).ShouldBeTrue();
        var negative = await (await op.PostJsonAsync($"/api/v1/parks/{park}/rent-calculator", new { facts, units = new[] { new { use = "Lab", areaSqm = -5m } }, startDate = Start, termMonths = 12 }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        negative.GetProperty("errors").TryGetProperty("units[0].areaSqm", out _).ShouldBeTrue();
        await (await op.PostJsonAsync($"/api/v1/parks/{park}/rent-calculator", new { facts = facts with { contributionScore = 150 }, units = new[] { new { use = "Lab", areaSqm = 100m } }, startDate = Start, termMonths = 12 }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "ContributionScoreMustBeWithin0To100", "facts.contributionScore");
        await (await op.PostJsonAsync($"/api/v1/parks/{park}/rent-calculator", new { facts, units = new[] { new { use = "Lab", areaSqm = 100m } }, startDate = new DateOnly(2001, 1, 1), termMonths = 12 }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "RentPolicyMustBeInForce", "startDate");
    }

    [Fact]
    public async Task RentCalculatorPage_PostedForm_ShowsTheSchedule()
    {
        var park = await app.ParkIdAsync();
        var browser = await app.CookieLoginAsync("operator");
        var page = await browser.GetStringAsync($"/parks/{park}/rent-calculator");
        var res = await browser.PostAsync($"/parks/{park}/rent-calculator", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "calc", ["__RequestVerificationToken"] = ConsoleForms.AntiforgeryToken(page),
            ["Form.Startup"] = "true", ["Form.Use0"] = "Lab", ["Form.Area0"] = "200", ["Form.Start"] = "2027-03-01", ["Form.Term"] = "24",
        }));
        var html = await res.Content.ReadAsStringAsync();
        res.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        html.ShouldContain("data-testid=\"rent-schedule\"");
        System.Text.RegularExpressions.Regex.Matches(html, "<tr>\\s*<td class=\"text-nowrap\">").Count.ShouldBe(24);
    }
}
