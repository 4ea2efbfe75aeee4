using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ParkOps.Domain.Monitoring;
using Microsoft.AspNetCore.Identity;
using ParkOps.Web.Features.Grading;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Features.Users;
using ParkOps.Web.Features.Reporting;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Grading;

/// <summary>
/// Park grading over HTTP (issue 14 §4): the operator fills, proves and submits; evidence is required at submit; the
/// county adjusts, approves or returns; the rule items read the park's quarterly submissions; the demo's draft; who may.
/// Past years (2019, 2018) keep the figures independent of the day the tests run.
/// </summary>
public sealed class GradingTests(ParkOpsFactory app) : IClassFixture<ParkOpsFactory>
{
    private static JsonElement Item(JsonElement d, string code) => d.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("code").GetString() == code);

    private static long Id(JsonElement d, string code) => Item(d, code).GetProperty("itemId").GetInt64();

    private async Task<JsonElement> GetAsync(HttpClient c, long park, int year)
    {
        var res = await c.GetAsync($"/api/v1/parks/{park}/grading?year={year}");
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        return await res.JsonAsync();
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient c, long park, int year, long item, byte[] bytes, string name)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", name);
        return await c.PostAsync($"/api/v1/parks/{park}/grading/evidence?year={year}&itemId={item}", form);
    }

    /// <summary>The park's submissions of a year: Q1 and Q2 on time, Q3 after its due date, Q4 none.</summary>
    private Task SubmissionsAsync(long park, int year) => app.WithDbAsync(async db =>
    {
        foreach (var (n, late) in new[] { (1, false), (2, false), (3, true) })
        {
            var due = ReportRules.DueDate(new Quarter(year, n));
            var at = due.AddDays(late ? 5 : -3).ToDateTime(new TimeOnly(2, 0), DateTimeKind.Utc);
            var s = new ReportSubmission { ParkId = park, Year = year, QuarterNumber = n, State = SubmissionState.Draft, CompiledAt = at, CompiledBy = "test", UpdatedAt = at };
            s.Apply(SubmissionAction.Compile, "test", at);
            s.Apply(SubmissionAction.Submit, "test", at);
            db.Add(s);
        }
        await db.SaveChangesAsync();
        return 0;
    });

    [Fact]
    public async Task Flow_FillProveSubmitAdjustApprove_ComputesTheGradeAndKeepsTheHistory()
    {
        var park = await app.ParkIdAsync();
        await SubmissionsAsync(park, 2019);
        var op = await app.LoginAsync("operator");
        var d = await GetAsync(op, park, 2019);
        d.GetProperty("state").GetString().ShouldBe("draft");
        d.GetProperty("items").GetArrayLength().ShouldBe(21);
        d.GetProperty("dimensions").GetArrayLength().ShouldBe(9);
        d.GetProperty("dimensions").EnumerateArray().Sum(x => x.GetProperty("maxPoints").GetDecimal()).ShouldBe(100m);
        // Q3 late and Q4 missing: 2 × −2; no published 亩均 evaluation of 2019: no data; the safety ledger: no data
        Item(d, "H3").GetProperty("count").GetInt32().ShouldBe(2);
        Item(d, "H3").GetProperty("points").GetDecimal().ShouldBe(-4m);
        Item(d, "M1").GetProperty("noData").GetBoolean().ShouldBeTrue();
        Item(d, "H1").GetProperty("noData").GetBoolean().ShouldBeTrue();
        Item(d, "H4").GetProperty("noData").GetBoolean().ShouldBeTrue();
        d.GetProperty("total").GetDecimal().ShouldBe(0m);

        var save = await op.PutAsJsonAsync($"/api/v1/parks/{park}/grading/items?year=2019", new
        {
            items = new object[] { new { itemId = Id(d, "F1"), points = 8, note = "主导产业占比 78%" }, new { itemId = Id(d, "O1"), points = 6 }, new { itemId = Id(d, "D1"), points = 7.5 } },
        });
        save.StatusCode.ShouldBe(HttpStatusCode.OK, await save.Content.ReadAsStringAsync());
        d = await save.JsonAsync();
        // 8 + 6 + 7.5 − 4 = 17.5
        d.GetProperty("total").GetDecimal().ShouldBe(17.5m);
        d.GetProperty("grade").GetString().ShouldBe("D");
        d.GetProperty("lost").EnumerateArray().Single(l => l.GetProperty("code").GetString() == "H3").GetProperty("lost").GetDecimal().ShouldBe(4m);
        d.GetProperty("lost").EnumerateArray().Single(l => l.GetProperty("code").GetString() == "M1").GetProperty("reason").GetString().ShouldBe("noData");

        // no evidence: the first scored item in the catalogue's order is named
        var refused = await (await op.PostAsync($"/api/v1/parks/{park}/grading/submit?year=2019", null)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "GradingEvidenceMissing", "items");
        refused.GetProperty("detail").GetString()!.ShouldContain("F1");

        (await UploadAsync(op, park, 2019, Id(d, "F1"), GradingDemo.Pdf("证明"), "证明.pdf")).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await UploadAsync(op, park, 2019, Id(d, "O1"), GradingDemo.Pdf("制度"), "制度.pdf")).StatusCode.ShouldBe(HttpStatusCode.Created);
        var second = await (await op.PostAsync($"/api/v1/parks/{park}/grading/submit?year=2019", null)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "GradingEvidenceMissing", "items");
        second.GetProperty("detail").GetString()!.ShouldContain("D1");
        var ev = await UploadAsync(op, park, 2019, Id(d, "D1"), GradingDemo.Pdf("平台"), "平台.pdf");
        var evUrl = (await ev.JsonAsync()).GetProperty("url").GetString()!;

        var submitted = await op.PostAsync($"/api/v1/parks/{park}/grading/submit?year=2019", null);
        submitted.StatusCode.ShouldBe(HttpStatusCode.OK, await submitted.Content.ReadAsStringAsync());
        (await submitted.JsonAsync()).GetProperty("state").GetString().ShouldBe("submitted");
        // read-only for the operator now
        await (await op.PutAsJsonAsync($"/api/v1/parks/{park}/grading/items?year=2019", new { items = new object[] { new { itemId = Id(d, "F1"), points = 1 } } }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "GradingStepRefused");
        await (await UploadAsync(op, park, 2019, Id(d, "F1"), GradingDemo.Pdf("再传"), "再传.pdf")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "GradingStepRefused");

        var gov = await app.LoginAsync("gov");
        (await gov.GetAsync(evUrl)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await gov.PostAsync($"/api/v1/parks/{park}/grading/submit?year=2019", null)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyOperatorsFillGrading");
        await (await op.PostAsJsonAsync($"/api/v1/parks/{park}/grading/review?year=2019", new { decision = "approve" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyGovernmentReviewsGrading");
        await (await gov.PostAsJsonAsync($"/api/v1/parks/{park}/grading/review?year=2019", new { decision = "adjust", itemId = Id(d, "O1"), points = 4 }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "GradingAdjustNeedsReason");
        var adjusted = await gov.PostAsJsonAsync($"/api/v1/parks/{park}/grading/review?year=2019", new { decision = "adjust", itemId = Id(d, "O1"), points = 4, reason = "管理制度未见印发文件" });
        adjusted.StatusCode.ShouldBe(HttpStatusCode.OK, await adjusted.Content.ReadAsStringAsync());
        var a = await adjusted.JsonAsync();
        a.GetProperty("total").GetDecimal().ShouldBe(15.5m);
        Item(a, "O1").GetProperty("reviewedPoints").GetDecimal().ShouldBe(4m);
        Item(a, "O1").GetProperty("selfPoints").GetDecimal().ShouldBe(6m);

        var approved = await gov.PostAsJsonAsync($"/api/v1/parks/{park}/grading/review?year=2019", new { decision = "approve" });
        approved.StatusCode.ShouldBe(HttpStatusCode.OK, await approved.Content.ReadAsStringAsync());
        var p = await approved.JsonAsync();
        (p.GetProperty("state").GetString(), p.GetProperty("approvedGrade").GetString(), p.GetProperty("approvedTotal").GetDecimal()).ShouldBe(("approved", "D", 15.5m));
        p.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("action").GetString()).ShouldBe(["save", "submit", "adjust", "approve"]);
        var step = p.GetProperty("steps")[2];
        (step.GetProperty("itemCode").GetString(), step.GetProperty("fromPoints").GetDecimal(), step.GetProperty("toPoints").GetDecimal(), step.GetProperty("reason").GetString())
            .ShouldBe(("O1", 6m, 4m, "管理制度未见印发文件"));
        await (await gov.PostAsJsonAsync($"/api/v1/parks/{park}/grading/review?year=2019", new { decision = "return", reason = "再看看" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "GradingStepRefused");
    }

    [Fact]
    public async Task Return_LetsTheOperatorEditAgain_AndADeclaredAccidentForcesD()
    {
        var park = await app.ParkIdAsync();
        var op = await app.LoginAsync("operator");
        var d = await GetAsync(op, park, 2018);
        var all = new[] { "M2", "F1", "F2", "O1", "O2", "S1", "S2", "C1", "C2", "D1", "A1", "A2", "P1", "P2", "I1" };
        var save = await op.PutAsJsonAsync($"/api/v1/parks/{park}/grading/items?year=2018",
            new { items = all.Select(c => new { itemId = Id(d, c), points = Item(d, c).GetProperty("maxPoints").GetDecimal() }).ToArray() });
        save.StatusCode.ShouldBe(HttpStatusCode.OK, await save.Content.ReadAsStringAsync());
        foreach (var c in all) (await UploadAsync(op, park, 2018, Id(d, c), GradingDemo.Pdf(c), $"{c}.pdf")).StatusCode.ShouldBe(HttpStatusCode.Created);
        d = await GetAsync(op, park, 2018);
        // 90 of the self-scored items; M1 no data (10); 2018 has no quarterly submissions: 4 quarters missed, −8
        (d.GetProperty("base").GetDecimal(), d.GetProperty("adjustments").GetDecimal(), d.GetProperty("total").GetDecimal(), d.GetProperty("grade").GetString())
            .ShouldBe((90m, -8m, 82m, "B"));

        (await op.PostAsync($"/api/v1/parks/{park}/grading/submit?year=2018", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var gov = await app.LoginAsync("gov");
        var ret = await gov.PostAsJsonAsync($"/api/v1/parks/{park}/grading/review?year=2018", new { decision = "return", reason = "请申报安全事故情况" });
        ret.StatusCode.ShouldBe(HttpStatusCode.OK, await ret.Content.ReadAsStringAsync());
        (await ret.JsonAsync()).GetProperty("returnReason").GetString().ShouldBe("请申报安全事故情况");

        var declared = await op.PutAsJsonAsync($"/api/v1/parks/{park}/grading/items?year=2018", new { items = new object[] { new { itemId = Id(d, "H5"), count = 1, note = "6月厂房火灾" } } });
        declared.StatusCode.ShouldBe(HttpStatusCode.OK, await declared.Content.ReadAsStringAsync());
        var x = await declared.JsonAsync();
        (x.GetProperty("state").GetString(), x.GetProperty("grade").GetString(), x.GetProperty("forcedD").GetBoolean(), x.GetProperty("total").GetDecimal()).ShouldBe(("returned", "D", true, 82m));
        x.GetProperty("lost")[0].GetProperty("code").GetString().ShouldBe("H5");
        await (await op.PostAsync($"/api/v1/parks/{park}/grading/submit?year=2018", null)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "GradingEvidenceMissing", "items");
    }

    /// <summary>
    /// A county adjustment, then a return: the operator's changed answer counts again (the adjustment stays in the
    /// history); and one person who operates the park and views its region may not review it.
    /// </summary>
    [Fact]
    public async Task AfterAReturn_TheChangedAnswerCounts_AndTheParksOwnOperatorMayNotReview()
    {
        var park = await app.ParkIdAsync();
        var op = await app.LoginAsync("operator");
        var d = await GetAsync(op, park, 2016);
        var max = Item(d, "O1").GetProperty("maxPoints").GetDecimal();
        // every self-scored item at its maximum, each proved (the total stays above the floor of 0 after 2016's −8)
        var all = new[] { "M2", "F1", "F2", "O1", "O2", "S1", "S2", "C1", "C2", "D1", "A1", "A2", "P1", "P2", "I1" };
        (await op.PutAsJsonAsync($"/api/v1/parks/{park}/grading/items?year=2016",
            new { items = all.Select(c => new { itemId = Id(d, c), points = Item(d, c).GetProperty("maxPoints").GetDecimal() }).ToArray() })).StatusCode.ShouldBe(HttpStatusCode.OK);
        foreach (var c in all) (await UploadAsync(op, park, 2016, Id(d, c), GradingDemo.Pdf(c), $"{c}.pdf")).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await op.PostAsync($"/api/v1/parks/{park}/grading/submit?year=2016", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var submitted = (await GetAsync(op, park, 2016)).GetProperty("total").GetDecimal();
        submitted.ShouldBe(82m); // 90 self-scored, M1 no data, four quarters of 2016 missed −8

        // a user who operates the park and views its region: refused (grants combine; filling and reviewing are two people)
        await app.WithDbAsync(async db =>
        {
            var region = await db.Parks.IgnoreQueryFilters().Where(p => p.Id == park).Select(p => p.RegionId).SingleAsync();
            var user = new User { UserName = "both-hats", DisplayName = "both-hats", CreatedAt = DateTime.UtcNow };
            user.PasswordHash = new PasswordHasher<User>().HashPassword(user, ParkOps.Web.Features.Demo.DemoSeeder.Password);
            user.Grants.Add(new RoleGrant { Role = Role.ParkOperator, ParkId = park });
            user.Grants.Add(new RoleGrant { Role = Role.GovernmentViewer, RegionId = region });
            db.Users.Add(user);
            return await db.SaveChangesAsync();
        });
        await (await (await app.LoginAsync("both-hats")).PostAsJsonAsync($"/api/v1/parks/{park}/grading/review?year=2016", new { decision = "approve" }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "GradingReviewerFillsThisPark");

        var gov = await app.LoginAsync("gov");
        (await gov.PostAsJsonAsync($"/api/v1/parks/{park}/grading/review?year=2016", new { decision = "adjust", itemId = Id(d, "O1"), points = max - 2, reason = "制度文件不全" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await GetAsync(op, park, 2016)).GetProperty("total").GetDecimal().ShouldBe(submitted - 2);
        (await gov.PostAsJsonAsync($"/api/v1/parks/{park}/grading/review?year=2016", new { decision = "return", reason = "请补充制度文件" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var resaved = await op.PutAsJsonAsync($"/api/v1/parks/{park}/grading/items?year=2016", new { items = new[] { new { itemId = Id(d, "O1"), points = max - 1 } } });
        resaved.StatusCode.ShouldBe(HttpStatusCode.OK, await resaved.Content.ReadAsStringAsync());
        (await resaved.JsonAsync()).GetProperty("total").GetDecimal().ShouldBe(submitted - 1);
    }

    [Fact]
    public async Task BadInput_IsRefusedAndWritesNothing()
    {
        var park = await app.ParkIdAsync();
        var op = await app.LoginAsync("operator");
        var d = await GetAsync(op, park, 2017);
        await (await op.PutAsJsonAsync($"/api/v1/parks/{park}/grading/items?year=2017", new { items = new object[] { new { itemId = Id(d, "F1"), points = 8.5 } } }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "GradingPointsOutOfRange", "points");
        await (await op.PutAsJsonAsync($"/api/v1/parks/{park}/grading/items?year=2017", new { items = new object[] { new { itemId = Id(d, "M1"), points = 5 } } }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "GradingItemIsComputed", "items");
        await (await UploadAsync(op, park, 2017, Id(d, "F1"), "<html>not a pdf</html>"u8.ToArray(), "x.pdf"))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "GradingEvidenceType", "file");
        await (await UploadAsync(op, park, 2017, Id(d, "H3"), GradingDemo.Pdf("x"), "x.pdf"))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "GradingItemIsComputed", "itemId");
        await (await op.GetAsync($"/api/v1/parks/{park}/grading?year=1999")).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "GradingYearOutOfRange", "year");
        // the console's forms call the service directly (no endpoint filter): it refuses an over-long note itself
        using (var scope = app.Services.CreateScope())
            await Should.ThrowAsync<FluentValidation.ValidationException>(() => scope.ServiceProvider.GetRequiredService<GradingService>()
                .SaveAsync(park, 2017, new GradingSaveInput([new GradingEntryInput(Id(d, "F1"), 5, null, new string('注', 1500))]), default));
        (await app.WithDbAsync(db => db.Set<GradingAssessment>().IgnoreQueryFilters().CountAsync(a => a.ParkId == park && a.Year == 2017))).ShouldBe(0);
    }

    [Fact]
    public async Task Access_TenantAndOtherParks_AndTheAdminsCatalogue()
    {
        var park = await app.ParkIdAsync();
        await (await (await app.LoginAsync("tenant")).GetAsync($"/api/v1/parks/{park}/grading?year=2019")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "GradingForOperatorsAndGovernment");
        (await (await app.LoginAsync("operator2")).GetAsync($"/api/v1/parks/{park}/grading?year=2019")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var admin = await app.LoginAsync("admin");
        var cat = await (await admin.GetAsync("/api/v1/grading-items")).JsonAsync();
        var th = cat.GetProperty("thresholds");
        (th.GetProperty("a").GetDecimal(), th.GetProperty("b").GetDecimal(), th.GetProperty("c").GetDecimal()).ShouldBe((90m, 75m, 60m));
        cat.GetProperty("items").GetArrayLength().ShouldBe(21);
        var i1 = cat.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("code").GetString() == "I1");
        var body = new { textZh = "建立廉洁风险防控制度", textEn = "Integrity rules", maxPoints = 5, pointsPerCount = 0, active = true };
        await (await (await app.LoginAsync("operator")).PutAsJsonAsync($"/api/v1/grading-items/{i1.GetProperty("id").GetInt64()}", body))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyAdminEditsGradingItems");
        await (await admin.PutAsJsonAsync($"/api/v1/grading-items/{i1.GetProperty("id").GetInt64()}", body with { maxPoints = 0 }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "GradingItemPointsInvalid", "maxPoints");
        var ok = await admin.PutAsJsonAsync($"/api/v1/grading-items/{i1.GetProperty("id").GetInt64()}", body with { textZh = i1.GetProperty("textZh").GetString()!, textEn = i1.GetProperty("textEn").GetString()! });
        ok.StatusCode.ShouldBe(HttpStatusCode.OK, await ok.Content.ReadAsStringAsync());
        await (await admin.PutAsJsonAsync("/api/v1/grading-items/thresholds", new { a = 70, b = 75, c = 60 })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "GradingThresholdsOrder");
    }

    [Fact]
    public async Task Demo_TheDemoParkHasAPartlyFilledDraft()
    {
        var park = await app.ParkIdAsync();
        var year = await app.WithDbAsync(db => db.Set<GradingAssessment>().IgnoreQueryFilters().Where(a => a.ParkId == park).Select(a => a.Year).MaxAsync());
        var d = await GetAsync(await app.LoginAsync("operator"), park, year);
        d.GetProperty("state").GetString().ShouldBe("draft");
        var scored = d.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("selfPoints").ValueKind == JsonValueKind.Number).ToList();
        scored.Select(i => (i.GetProperty("code").GetString(), i.GetProperty("selfPoints").GetDecimal(), i.GetProperty("evidence").GetArrayLength()))
            .ShouldBe([("M2", 8m, 1), ("F1", 8m, 1), ("F2", 6m, 1), ("O1", 6m, 1), ("P1", 5m, 1)]);
        d.GetProperty("dimensions").EnumerateArray().Single(x => x.GetProperty("dimension").GetString() == "industryFocus").GetProperty("points").GetDecimal().ShouldBe(14m);
    }
}
