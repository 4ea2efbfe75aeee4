using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Features.Audit;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Domain.Marketplace;
using ParkOps.Web.Features.Contribution;
using ParkOps.Web.Features.Demo;
using ParkOps.Web.Features.Marketplace;
using ParkOps.Web.Features.Users;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Contribution;

/// <summary>
/// Contribution scores and the tax rebate over HTTP, on a host of its own: the demo's published year, and years of
/// their own (2001, 2002, 2004) where a test sets every record by hand, so the expected figures are worked out here.
/// </summary>
public sealed class ContributionApiTests(ClockedParkOpsFactory app) : IClassFixture<ClockedParkOpsFactory>
{
    private DateOnly Today => DateOnly.FromDateTime(Time.ToShanghai(app.Clock.GetUtcNow().UtcDateTime));
    private int Year => ContributionDemo.DemoYear(Today);

    private async Task<List<long>> InParkAsync(long park) => await app.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters()
        .Where(e => e.ParkId == park && (e.Status == EnterpriseStatus.Admitted || e.Status == EnterpriseStatus.Conditional || e.Status == EnterpriseStatus.Exiting))
        .OrderBy(e => e.Id).Select(e => e.Id).ToListAsync());

    private static async Task<JsonElement> OkAsync(HttpResponseMessage res)
    {
        var text = await res.Content.ReadAsStringAsync();
        res.IsSuccessStatusCode.ShouldBeTrue(text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static JsonElement Term(JsonElement row, string indicator) => row.GetProperty("breakdown").EnumerateArray().Single(t => t.Str("indicator") == indicator);

    [Fact]
    public async Task Scores_DemoYear_EveryFirmInTheParkWithFiveIndicators()
    {
        var park = await app.ParkIdAsync();
        var rows = (await OkAsync(await (await app.LoginAsync("operator")).GetAsync($"/api/v1/parks/{park}/contribution-scores?year={Year}"))).EnumerateArray().ToList();
        rows.Select(r => r.GetProperty("enterpriseId").GetInt64()).ShouldBe(await InParkAsync(park));
        rows.ShouldAllBe(r => r.GetProperty("breakdown").GetArrayLength() == 5);
        rows.First().GetProperty("breakdown").EnumerateArray().Select(t => t.Str("indicator"))
            .ShouldBe(["order-collaboration", "technology-sharing", "talent-mobility", "platform-activity", "public-affairs"]);
        rows.Max(r => r.GetProperty("score").GetDecimal()).ShouldBeGreaterThan(30m);
        rows.ShouldAllBe(r => r.GetProperty("score").GetDecimal() >= 0 && r.GetProperty("score").GetDecimal() <= 100);
    }

    [Fact]
    public async Task Scores_OrderCollaboration_IsTheDeliveredAmountOnEitherSideWithItsRecords()
    {
        var park = await app.ParkIdAsync();
        var (from, to) = (new DateOnly(Year, 1, 1), new DateOnly(Year, 12, 31));
        var delivered = await app.WithDbAsync(db => db.Collaborations.IgnoreQueryFilters()
            .Where(c => (c.ParkId == park || c.OfferParkId == park) && c.DeliveredOn >= from && c.DeliveredOn <= to
                && (c.State == CollaborationState.Delivered || c.State == CollaborationState.Closed || c.State == CollaborationState.Disputed))
            .Select(c => new { c.Id, c.NeedEnterpriseId, c.OfferEnterpriseId, Amount = c.Amount ?? 0 }).ToListAsync());
        delivered.ShouldNotBeEmpty("the demo has a year of collaborations");
        var firm = delivered.SelectMany(c => new[] { c.NeedEnterpriseId, c.OfferEnterpriseId }).GroupBy(x => x).MaxBy(g => g.Count())!.Key;
        var mine = delivered.Where(c => c.NeedEnterpriseId == firm || c.OfferEnterpriseId == firm).ToList();
        var rows = (await OkAsync(await (await app.LoginAsync("operator")).GetAsync($"/api/v1/parks/{park}/contribution-scores?year={Year}"))).EnumerateArray();
        var term = Term(rows.Single(r => r.GetProperty("enterpriseId").GetInt64() == firm), "order-collaboration");
        term.GetProperty("value").GetDecimal().ShouldBe(mine.Sum(c => c.Amount));
        term.GetProperty("evidence").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).Order().ShouldBe(mine.Select(c => c.Id).Order());
    }

    [Fact]
    public async Task Scores_Tenant_SeesOnlyItsOwnRowWithItsRecords()
    {
        var own = await app.EnterpriseOfAsync("tenant");
        var rows = (await OkAsync(await (await app.LoginAsync("tenant")).GetAsync($"/api/v1/parks/{await app.ParkIdAsync()}/contribution-scores?year={Year}"))).EnumerateArray().ToList();
        rows.Count.ShouldBe(1);
        rows[0].GetProperty("enterpriseId").GetInt64().ShouldBe(own);
        Term(rows[0], "public-affairs").GetProperty("evidence").GetArrayLength().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Scores_GovernmentViewer_SeesEveryScoreButNoFigureOrRecord()
    {
        var park = await app.ParkIdAsync();
        var rows = (await OkAsync(await (await app.LoginAsync("gov")).GetAsync($"/api/v1/parks/{park}/contribution-scores?year={Year}"))).EnumerateArray().ToList();
        rows.Count.ShouldBe((await InParkAsync(park)).Count);
        rows.SelectMany(r => r.GetProperty("breakdown").EnumerateArray()).ShouldAllBe(t => t.GetProperty("value").ValueKind == JsonValueKind.Null && t.GetProperty("evidence").GetArrayLength() == 0);
        rows.Max(r => r.GetProperty("score").GetDecimal()).ShouldBeGreaterThan(0m);
    }

    [Theory]
    [InlineData("", HttpStatusCode.BadRequest)]
    [InlineData("?year=1999", HttpStatusCode.BadRequest)]
    [InlineData("?year=2999", HttpStatusCode.BadRequest)]
    public async Task Scores_MissingOrImpossibleYear_IsABadRequestOnYear(string query, HttpStatusCode status)
    {
        var res = await (await app.LoginAsync("operator")).GetAsync($"/api/v1/parks/{await app.ParkIdAsync()}/contribution-scores{query}");
        (await res.ShouldBeProblemAsync(status, null, "year")).ErrorsFor("year").ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Scores_YearWithoutPublishedVersion_IsNotFound()
    {
        var res = await (await app.LoginAsync("operator")).GetAsync($"/api/v1/parks/{await app.ParkIdAsync()}/contribution-scores?year=2003");
        await res.ShouldBeProblemAsync(HttpStatusCode.NotFound, "MustExistInScope");
    }

    [Fact]
    public async Task Rebates_DemoYear_AllocationsAddUpToHalfTheRetainedTax()
    {
        var park = await app.ParkIdAsync();
        var taxes = await app.WithDbAsync(db => db.Set<RetainedTax>().IgnoreQueryFilters().Where(t => t.ParkId == park && t.Year == Year).SumAsync(t => t.Amount));
        taxes.ShouldBeGreaterThan(0m);
        var body = await OkAsync(await (await app.LoginAsync("operator")).GetAsync($"/api/v1/parks/{park}/rebates?year={Year}"));
        var pool = body.GetProperty("pool").GetDecimal();
        pool.ShouldBe(Math.Round(taxes / 2, 2, MidpointRounding.AwayFromZero));
        body.GetProperty("allocations").EnumerateArray().Sum(a => a.GetProperty("amount").GetDecimal()).ShouldBe(pool);
        body.GetProperty("allocations").EnumerateArray().ShouldAllBe(a => a.GetProperty("amount").GetDecimal() >= 0);
        body.GetProperty("scoreVersion").GetInt32().ShouldBe(1);
        // money in 元 with two decimals, as the rest of the API
        body.GetProperty("pool").GetRawText().Split('.').Last().Length.ShouldBe(2);
    }

    [Fact]
    public async Task Rebates_Tenant_SeesThePoolAndOnlyItsOwnAllocation()
    {
        var own = await app.EnterpriseOfAsync("tenant");
        var body = await OkAsync(await (await app.LoginAsync("tenant")).GetAsync($"/api/v1/parks/{await app.ParkIdAsync()}/rebates?year={Year}"));
        body.GetProperty("pool").GetDecimal().ShouldBeGreaterThan(0m);
        body.GetProperty("allocations").EnumerateArray().Select(a => a.GetProperty("enterpriseId").GetInt64()).ShouldBe([own]);
    }

    [Fact]
    public async Task Publish_DemoYear_FeedsTheRentContributionScore()
    {
        var own = await app.EnterpriseOfAsync("tenant");
        var rows = (await OkAsync(await (await app.LoginAsync("tenant")).GetAsync($"/api/v1/parks/{await app.ParkIdAsync()}/contribution-scores?year={Year}"))).EnumerateArray().ToList();
        var stored = await app.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters().Where(e => e.Id == own).Select(e => new { e.ContributionScore, e.ContributionScoreYear }).SingleAsync());
        stored.ContributionScore.ShouldBe(rows[0].GetProperty("score").GetDecimal());
        stored.ContributionScoreYear.ShouldBe(Year);
    }

    [Fact]
    public async Task Publish_SetsEachScoreWithOneAuditRowForThePark_AndAnOlderYearLeavesTheLaterScore()
    {
        var park = await app.ParkIdAsync();
        var own = await app.EnterpriseOfAsync("tenant");
        async Task<List<ParkOps.Web.Features.Audit.AuditEntry>> AuditAsync() => await app.WithDbAsync(db => db.AuditEntries.IgnoreQueryFilters()
            .Where(a => a.Entity == "EnterpriseScores" && a.ParkId == park && a.Source == "contribution-publish").OrderBy(a => a.Id).ToListAsync());
        async Task<(decimal? Score, int? Year)> StoredAsync() => await app.WithDbAsync(async db => await db.Enterprises.IgnoreQueryFilters().Where(e => e.Id == own)
            .Select(e => new ValueTuple<decimal?, int?>(e.ContributionScore, e.ContributionScoreYear)).SingleAsync());

        // the demo's publication of its year set the tenant's score (set-wise) with one audit row for the park naming the
        // year, the note and the firms changed (each firm's value is its row in the published run)
        var stored = await StoredAsync();
        stored.Year.ShouldBe(Year);
        var audit = await AuditAsync();
        audit.ShouldNotBeEmpty();
        audit[^1].Action.ShouldBe("Updated");
        audit[^1].EntityKey.ShouldBe(Year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var after = JsonDocument.Parse(audit[^1].After.ShouldNotBeNull()).RootElement;
        after.GetProperty("ContributionScoreYear").GetInt32().ShouldBe(Year);
        after.GetProperty("Enterprises").EnumerateArray().Select(e => e.GetInt64()).ShouldContain(own);

        // 2003 is older than the demo's year: publishing it leaves every firm's later score as it was and writes no change
        var op = await app.LoginAsync("operator");
        var draft = await OkAsync(await op.PostAsJsonAsync($"/api/v1/parks/{park}/contribution/runs", new { year = 2003 }));
        var published = await OkAsync(await op.PostAsync($"/api/v1/parks/{park}/contribution/runs/{draft.GetProperty("id").GetInt64()}/publish", null));
        published.Str("state").ShouldBe("published");
        published.GetProperty("scores").GetArrayLength().ShouldBe((await InParkAsync(park)).Count);
        (await StoredAsync()).ShouldBe(stored);
        (await AuditAsync()).Count.ShouldBe(audit.Count);
    }

    [Fact]
    public async Task Evidence_ReadAgainAsOfTheRun_AddsUpToEachValue_AndLeavesOutARecordEnteredAfter()
    {
        var park = await app.ParkIdAsync();
        var op = await app.LoginAsync("operator");
        var own = await app.EnterpriseOfAsync("tenant");
        var runId = await app.WithDbAsync(db => db.Set<ContributionRun>().IgnoreQueryFilters()
            .Where(r => r.ParkId == park && r.Year == Year && r.State == ContributionRunState.Published).OrderByDescending(r => r.Version).Select(r => r.Id).FirstAsync());
        // every firm's every term: the records read again (the active days per day, the rest as listed) add up to the value
        // the run computed in one pass (the active days counted in the database)
        var run = await OkAsync(await op.GetAsync($"/api/v1/parks/{park}/contribution/runs/{runId}"));
        var terms = run.GetProperty("scores").EnumerateArray().SelectMany(r => r.GetProperty("breakdown").EnumerateArray()
            .Select(t => (Firm: r.GetProperty("enterpriseId").GetInt64(), Term: t))).ToList();
        terms.Count.ShouldBe(5 * (await InParkAsync(park)).Count);
        foreach (var (firm, t) in terms)
            t.GetProperty("evidence").EnumerateArray().Sum(e => e.GetProperty("counted").GetDecimal()).ShouldBe(t.GetProperty("value").GetDecimal(), $"{firm} {t.Str("indicator")}");

        // a record of the run's year entered after it is not behind the run's figures: the tenant's page lists what it listed
        async Task<JsonElement> AffairsAsync() => Term(await OkAsync(await (await app.LoginAsync("tenant")).GetAsync($"/api/v1/enterprises/{own}/contribution?year={Year}")), "public-affairs");
        var before = await AffairsAsync();
        var added = await OkAsync(await op.PostAsJsonAsync($"/api/v1/parks/{park}/contribution/records", new
        {
            rows = new[] { new { enterpriseId = own, kind = "EventAttended", occurredOn = $"{Year}-01-02", title = "后补的活动记录", hours = (decimal?)null } },
        }));
        var later = await AffairsAsync();
        later.GetProperty("value").GetDecimal().ShouldBe(before.GetProperty("value").GetDecimal());
        later.GetProperty("evidence").EnumerateArray().Select(e => e.GetProperty("id").GetInt64())
            .ShouldBe(before.GetProperty("evidence").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()));
        later.GetProperty("evidence").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).ShouldNotContain(added[0].GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Year2001_HandSetRecords_ScoresRebateAndVersionsAsWorkedOut()
    {
        var park = await app.ParkIdAsync();
        var op = await app.LoginAsync("operator");
        var a = await app.EnterpriseOfAsync("tenant");
        var b = await app.EnterpriseOfAsync("tenant2");
        var others = (await InParkAsync(park)).Where(x => x != a && x != b).ToList();
        var (c, d) = (others[0], others[1]);
        object Rec(long e, string kind, string on, decimal? hours = null) => new { enterpriseId = e, kind, occurredOn = on, title = "手工记录", hours };
        await OkAsync(await op.PostAsJsonAsync($"/api/v1/parks/{park}/contribution/records", new
        {
            rows = new[]
            {
                Rec(a, "EventAttended", "2001-03-01"), Rec(a, "EventAttended", "2001-04-01"), Rec(a, "CommitteeRole", "2001-05-01"),
                Rec(a, "TrainingGiven", "2001-06-01", 16m), Rec(b, "DrillAttended", "2001-06-02"), Rec(b, "TalentReferral", "2001-07-01"),
                Rec(b, "InParkTransfer", "2001-08-01"), Rec(c, "JointRdProject", "2001-09-01"),
            },
        }));
        var draft = await OkAsync(await op.PostAsJsonAsync($"/api/v1/parks/{park}/contribution/runs", new { year = 2001 }));
        draft.Str("state").ShouldBe("draft");
        await OkAsync(await op.PostAsync($"/api/v1/parks/{park}/contribution/runs/{draft.GetProperty("id").GetInt64()}/publish", null));

        // public affairs A 3, B 1; talent A 16 h ÷ 8 = 2, B 1 + 1 = 2; technology C 40 (a joint R&D project); nothing else in 2001
        var scores = (await OkAsync(await op.GetAsync($"/api/v1/parks/{park}/contribution-scores?year=2001"))).EnumerateArray()
            .ToDictionary(r => r.GetProperty("enterpriseId").GetInt64(), r => r.GetProperty("score").GetDecimal());
        scores[a].ShouldBe(30.00m);   // 0.20 × 100 + 0.10 × 100
        scores[b].ShouldBe(23.33m);   // 0.20 × 100 + 0.10 × 100 ÷ 3
        scores[c].ShouldBe(25.00m);   // 0.25 × 100
        scores[d].ShouldBe(0m);

        var taxes = await op.PostAsJsonAsync($"/api/v1/parks/{park}/retained-taxes", new { year = 2001, rows = new object[]
        {
            new { enterpriseId = a, amount = 100000.00m }, new { enterpriseId = b, amount = 50000.00m }, new { enterpriseId = d, amount = 10000.01m },
        } });
        await OkAsync(taxes);
        var rebateDraft = await OkAsync(await op.PostAsJsonAsync($"/api/v1/parks/{park}/rebates/runs", new { year = 2001 }));
        await OkAsync(await op.PostAsync($"/api/v1/parks/{park}/rebates/runs/{rebateDraft.GetProperty("runId").GetInt64()}/publish", null));
        var rebate = await OkAsync(await op.GetAsync($"/api/v1/parks/{park}/rebates?year=2001"));
        // Σt = 160,000.01; half of it is 80,000.005, half up to the 分
        rebate.GetProperty("pool").GetDecimal().ShouldBe(80000.01m);
        var alloc = rebate.GetProperty("allocations").EnumerateArray().ToDictionary(x => x.GetProperty("enterpriseId").GetInt64(), x => x.GetProperty("amount").GetDecimal());
        alloc.Values.Sum().ShouldBe(80000.01m);
        // each within a 分 of 0.35·t + 0.15·Σt·s ÷ Σs (Σs = 78.33)
        decimal Exact(decimal t, decimal s) => 0.35m * t + 0.15m * 160000.01m * s / 78.33m;
        Math.Abs(alloc[a] - Exact(100000m, 30m)).ShouldBeLessThan(0.01m);
        Math.Abs(alloc[b] - Exact(50000m, 23.33m)).ShouldBeLessThan(0.01m);
        Math.Abs(alloc[c] - Exact(0m, 25m)).ShouldBeLessThan(0.01m);
        Math.Abs(alloc[d] - Exact(10000.01m, 0m)).ShouldBeLessThan(0.01m);

        // a new record and a new draft change nothing published; publishing makes version 2, and the rebate keeps version 1's scores
        await OkAsync(await op.PostAsJsonAsync($"/api/v1/parks/{park}/contribution/records", new { rows = new[] { Rec(b, "CommitteeRole", "2001-10-01"), Rec(b, "CommitteeRole", "2001-11-01") } }));
        var second = await OkAsync(await op.PostAsJsonAsync($"/api/v1/parks/{park}/contribution/runs", new { year = 2001 }));
        (await OkAsync(await op.GetAsync($"/api/v1/parks/{park}/contribution-scores?year=2001"))).EnumerateArray()
            .Single(r => r.GetProperty("enterpriseId").GetInt64() == b).GetProperty("score").GetDecimal().ShouldBe(23.33m);
        var v2 = await OkAsync(await op.PostAsync($"/api/v1/parks/{park}/contribution/runs/{second.GetProperty("id").GetInt64()}/publish", null));
        v2.GetProperty("version").GetInt32().ShouldBe(2);
        // public affairs B 3 = A 3: both 100
        (await OkAsync(await op.GetAsync($"/api/v1/parks/{park}/contribution-scores?year=2001"))).EnumerateArray()
            .Single(r => r.GetProperty("enterpriseId").GetInt64() == b).GetProperty("score").GetDecimal().ShouldBe(30.00m);
        var after = await OkAsync(await op.GetAsync($"/api/v1/parks/{park}/rebates?year=2001"));
        after.GetProperty("scoreVersion").GetInt32().ShouldBe(1);
        after.GetProperty("allocations").EnumerateArray().Single(x => x.GetProperty("enterpriseId").GetInt64() == b).GetProperty("amount").GetDecimal().ShouldBe(alloc[b]);
        // publishing a published version again is refused
        var again = await op.PostAsync($"/api/v1/parks/{park}/contribution/runs/{second.GetProperty("id").GetInt64()}/publish", null);
        await again.ShouldBeProblemAsync(HttpStatusCode.Conflict, "ContributionRunAlreadyPublished");
    }

    [Fact]
    public async Task Year2005_ActiveDays_AreShanghaiDaysOncePerFirm_CountedAsTheDaysListed()
    {
        var park = await app.ParkIdAsync();
        var own = await app.EnterpriseOfAsync("tenant");
        var user = await app.WithDbAsync(db => db.Users.IgnoreQueryFilters().Where(u => u.UserName == "tenant").Select(u => u.Id).SingleAsync());
        // four writes of the tenant's account in 2005: 10:00 and 23:30 on 1 March in Shanghai, 00:30 on 2 March (still
        // 1 March in UTC), and 1 June; three Shanghai days (two UTC days), the first counted once for its two writes
        await app.WithDbAsync(async db =>
        {
            foreach (var at in new[] { new DateTime(2005, 3, 1, 2, 0, 0), new DateTime(2005, 3, 1, 15, 30, 0), new DateTime(2005, 3, 1, 16, 30, 0), new DateTime(2005, 6, 1, 1, 0, 0) })
                db.AuditEntries.Add(new ParkOps.Web.Features.Audit.AuditEntry
                {
                    At = DateTime.SpecifyKind(at, DateTimeKind.Utc), ActorId = user, ActorName = "tenant", Action = "Updated", Entity = "Post", EntityKey = "0", ParkId = park,
                });
            await db.SaveChangesAsync();
            return 0;
        });
        var op = await app.LoginAsync("operator");
        var draft = await OkAsync(await op.PostAsJsonAsync($"/api/v1/parks/{park}/contribution/runs", new { year = 2005 }));
        var mine = draft.GetProperty("scores").EnumerateArray().Single(r => r.GetProperty("enterpriseId").GetInt64() == own);
        Term(mine, "platform-activity").GetProperty("value").GetDecimal().ShouldBe(3m);
        // read again: the days month by month, adding up to the three counted
        var run = await OkAsync(await op.GetAsync($"/api/v1/parks/{park}/contribution/runs/{draft.GetProperty("id").GetInt64()}"));
        var evidence = Term(run.GetProperty("scores").EnumerateArray().Single(r => r.GetProperty("enterpriseId").GetInt64() == own), "platform-activity")
            .GetProperty("evidence").EnumerateArray().Select(e => (On: e.Str("on")!, Counted: e.GetProperty("counted").GetDecimal())).ToList();
        evidence.ShouldBe(new[] { ("2005-03-01", 2m), ("2005-06-01", 1m) });
    }

    [Theory]
    [InlineData("amount")]
    [InlineData("enterpriseId")]
    public async Task TaxImport_BadSecondRow_IsABadRequestNamingTheRowAndNothingIsWritten(string field)
    {
        var park = await app.ParkIdAsync();
        var op = await app.LoginAsync("operator");
        var a = await app.EnterpriseOfAsync("tenant");
        var b = await app.EnterpriseOfAsync("tenant2");
        var foreign = await app.WithDbAsync(async db => await db.Enterprises.IgnoreQueryFilters().Where(e => e.ParkId != park).Select(e => e.Id).FirstAsync());
        var bad = field == "amount" ? new { enterpriseId = b, amount = -5.00m } : new { enterpriseId = foreign, amount = 5.00m };
        var res = await op.PostAsJsonAsync($"/api/v1/parks/{park}/retained-taxes", new { year = 2002, rows = new[] { new { enterpriseId = a, amount = 100.00m }, bad } });
        (await res.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Validation", $"rows[1].{field}")).ErrorsFor($"rows[1].{field}").Single().ShouldContain("第 2 行");
        (await app.WithDbAsync(db => db.Set<RetainedTax>().IgnoreQueryFilters().CountAsync(t => t.Year == 2002))).ShouldBe(0);
    }

    private Task<string> CodeOfAsync(long enterprise) => app.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters().Where(e => e.Id == enterprise).Select(e => e.CreditCode).SingleAsync());

    [Fact]
    public async Task TaxFile_CleanCsv_ReplacesTheListedFirmsFigures_WithSpacesInACodeAndThousandsSeparators()
    {
        var park = await app.ParkIdAsync();
        var op = await app.LoginAsync("operator");
        var (a, b) = (await app.EnterpriseOfAsync("tenant"), await app.EnterpriseOfAsync("tenant2"));
        var (ca, cb) = (await CodeOfAsync(a), await CodeOfAsync(b));
        var csv = $"企业名称,统一社会信用代码,地方留存税收（元）\n甲,{ca[..6]} {ca[6..]},\"12,345.60\"\n乙,{cb.ToLowerInvariant()},0.05\n";
        var res = await op.PostAsync($"/api/v1/parks/{park}/retained-taxes/import?year=2005", Imports.TestFiles.Form(System.Text.Encoding.UTF8.GetBytes(csv), "留存税收2005.csv"));
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        var stored = await app.WithDbAsync(db => db.Set<RetainedTax>().IgnoreQueryFilters().Where(t => t.Year == 2005).ToDictionaryAsync(t => t.EnterpriseId, t => t.Amount));
        stored.Count.ShouldBe(2);
        stored[a].ShouldBe(12345.60m);
        stored[b].ShouldBe(0.05m);
    }

    [Fact]
    public async Task TaxFile_AForeignCodeANegativeAndAFirmTwice_IsABadRequestNamingEachRowAndNothingIsWritten()
    {
        var park = await app.ParkIdAsync();
        var op = await app.LoginAsync("operator");
        var (a, b) = (await app.EnterpriseOfAsync("tenant"), await app.EnterpriseOfAsync("tenant2"));
        var (ca, cb) = (await CodeOfAsync(a), await CodeOfAsync(b));
        var foreign = await app.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters().Where(e => e.ParkId != park).Select(e => e.CreditCode).FirstAsync());
        var csv = $"统一社会信用代码,地方留存税收（元）\n{ca},100.00\n{foreign},5.00\n{cb},-3.00\n{ca},7.001\n";
        var res = await op.PostAsync($"/api/v1/parks/{park}/retained-taxes/import?year=2006", Imports.TestFiles.Form(System.Text.Encoding.UTF8.GetBytes(csv), "taxes.csv"));
        var errors = (await res.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Validation", "file")).ErrorsFor("file");
        errors.Length.ShouldBe(4);
        errors[0].ShouldBe($"第 3 行「统一社会信用代码」：统一社会信用代码 {foreign} 不是本园区的企业");
        errors[1].ShouldBe("第 4 行「地方留存税收（元）」：留存税收不能为负数（-3.00）");
        errors[2].ShouldBe($"第 5 行「统一社会信用代码」：统一社会信用代码 {ca} 在文件中出现了两次");
        errors[3].ShouldBe("第 5 行「地方留存税收（元）」：金额只能精确到分（7.001）");
        (await app.WithDbAsync(db => db.Set<RetainedTax>().IgnoreQueryFilters().CountAsync(t => t.Year == 2006))).ShouldBe(0);
    }

    [Fact]
    public async Task TaxFile_WithoutTheAmountColumn_IsRefusedNamingIt_AndATenantIsRefused()
    {
        var park = await app.ParkIdAsync();
        var csv = System.Text.Encoding.UTF8.GetBytes("统一社会信用代码,税额合计\n91440300MA5F000001,1\n");
        await (await (await app.LoginAsync("operator")).PostAsync($"/api/v1/parks/{park}/retained-taxes/import?year=2007", Imports.TestFiles.Form(csv, "t.csv")))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "RetainedTaxColumnsMissing", "file");
        (await (await app.LoginAsync("tenant")).PostAsync($"/api/v1/parks/{park}/retained-taxes/import?year=2007", Imports.TestFiles.Form(csv, "t.csv"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Records_TrainingWithoutHours_IsABadRequestOnTheRowAndNothingIsWritten()
    {
        var park = await app.ParkIdAsync();
        var a = await app.EnterpriseOfAsync("tenant");
        var res = await (await app.LoginAsync("operator")).PostAsJsonAsync($"/api/v1/parks/{park}/contribution/records", new
        {
            rows = new object[] { new { enterpriseId = a, kind = "EventAttended", occurredOn = "2004-01-05", title = "对接会" }, new { enterpriseId = a, kind = "TrainingGiven", occurredOn = "2004-01-06", title = "培训" } },
        });
        await res.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Validation", "rows[1].hours");
        (await app.WithDbAsync(db => db.Set<ContributionRecord>().IgnoreQueryFilters().CountAsync(r => r.OccurredOn.Year == 2004))).ShouldBe(0);
    }

    [Fact]
    public async Task Compute_ByEnterpriseUser_IsForbidden()
    {
        var res = await (await app.LoginAsync("tenant")).PostAsJsonAsync($"/api/v1/parks/{await app.ParkIdAsync()}/contribution/runs", new { year = Year });
        await res.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyOperatorsMayRunContribution");
    }

    [Fact]
    public async Task RebateCompute_YearWithoutPublishedScores_IsRefusedNamingTheYear()
    {
        var res = await (await app.LoginAsync("operator")).PostAsJsonAsync($"/api/v1/parks/{await app.ParkIdAsync()}/rebates/runs", new { year = 2005 });
        await res.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "RebateNeedsPublishedScores", "year");
    }

    [Fact]
    public async Task EnterpriseView_Tenant_ItsScoreAndRebateAsThePark()
    {
        var own = await app.EnterpriseOfAsync("tenant");
        var tenant = await app.LoginAsync("tenant");
        var mine = await OkAsync(await tenant.GetAsync($"/api/v1/enterprises/{own}/contribution?year={Year}"));
        var park = (await OkAsync(await (await app.LoginAsync("operator")).GetAsync($"/api/v1/parks/{await app.ParkIdAsync()}/rebates?year={Year}")))
            .GetProperty("allocations").EnumerateArray().Single(x => x.GetProperty("enterpriseId").GetInt64() == own);
        mine.GetProperty("rebate").GetProperty("amount").GetDecimal().ShouldBe(park.GetProperty("amount").GetDecimal());
        var other = await app.EnterpriseOfAsync("tenant2");
        await (await tenant.GetAsync($"/api/v1/enterprises/{other}/contribution?year={Year}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "MustExistInScope");
    }
}
