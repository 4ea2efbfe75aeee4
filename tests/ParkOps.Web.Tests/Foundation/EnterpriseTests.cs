using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Enterprises;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Tests.Infrastructure;
using static ParkOps.Web.Tests.Foundation.FoundationApi;

namespace ParkOps.Web.Tests.Foundation;

/// <summary>
/// The enterprise archive's use cases over HTTP: register, read, change, search, admission with its reasons, exit.
/// A host of its own: these tests admit and remove enterprises, which would move the shared demo park's figures.
/// </summary>
public sealed class EnterpriseTests(ParkOpsFactory app) : IClassFixture<ParkOpsFactory>
{
    private async Task<(HttpClient Op, long Park)> OperatorAsync() => (await app.LoginAsync("operator"), await app.ParkIdAsync());

    private static long Id(JsonElement e) => e.GetProperty("id").GetInt64();

    private static DateOnly TodayInShanghai => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Time.Shanghai).DateTime);

    [Fact]
    public async Task Create_ValidInput_Gives201WithLocationAndApplicantStatus()
    {
        var (op, park) = await OperatorAsync();
        var body = NewEnterprise();
        var res = await op.PostAsync($"/api/v1/parks/{park}/enterprises", Json(body));
        res.StatusCode.ShouldBe(HttpStatusCode.Created);
        var created = await res.JsonAsync();
        res.Headers.Location!.ToString().ShouldBe($"/api/v1/enterprises/{Id(created)}");
        created.Str("status").ShouldBe("Applicant");
        created.GetProperty("parkId").GetInt64().ShouldBe(park);

        var got = await op.GetAsync(res.Headers.Location);
        got.StatusCode.ShouldBe(HttpStatusCode.OK);
        var e = await got.JsonAsync();
        e.Str("name").ShouldBe(body["name"]!.GetValue<string>());
        e.Str("creditCode").ShouldBe(body["creditCode"]!.GetValue<string>());
        e.Str("industryCode").ShouldBe("C3982");
        e.GetProperty("chainStages").EnumerateArray().Select(x => x.GetString()).ShouldBe(["SMT贴片"]);
        e.Str("establishedOn").ShouldBe("2020-05-01");
        e.Str("lifecycleStage").ShouldBe(Lifecycle.StageOn(new DateOnly(2020, 5, 1), TodayInShanghai).ToString());
        e.GetProperty("employees").GetInt32().ShouldBe(25);
        e.Str("status").ShouldBe("Applicant");
    }

    [Fact]
    public async Task Create_CreditCodeTypedLowerCaseWithSpaces_IsStoredNormalised()
    {
        var (op, park) = await OperatorAsync();
        var code = Demo.NewCreditCode();
        var body = NewEnterprise();
        body["creditCode"] = $" {code[..6].ToLowerInvariant()} {code[6..]}\u3000";
        var created = await op.CreateEnterpriseAsync(park, body);
        created.Str("creditCode").ShouldBe(code);
        (await app.WithDbAsync(db => db.Enterprises.Where(x => x.Id == Id(created)).Select(x => x.CreditCode).SingleAsync())).ShouldBe(code);
    }

    [Fact]
    public async Task Update_ChangedFields_AreReturnedAndStored()
    {
        var (op, park) = await OperatorAsync();
        var created = await op.CreateEnterpriseAsync(park);
        var body = NewEnterprise(Unique("东莞市改名电子有限公司"));
        body["creditCode"] = created.Str("creditCode");
        body["tags"] = new JsonArray("专精特新", "高新技术企业");
        body["employees"] = 31;
        body["description"] = "  两边有空格  ";
        var res = await op.PutAsync($"/api/v1/enterprises/{Id(created)}", Json(body));
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var got = await (await op.GetAsync($"/api/v1/enterprises/{Id(created)}")).JsonAsync();
        got.Str("name").ShouldBe(body["name"]!.GetValue<string>());
        got.GetProperty("tags").EnumerateArray().Select(x => x.GetString()).ShouldBe(["专精特新", "高新技术企业"]);
        got.GetProperty("employees").GetInt32().ShouldBe(31);
        got.Str("description").ShouldBe("两边有空格");
        got.Str("status").ShouldBe("Applicant", "editing the archive does not decide admission");
    }

    [Fact]
    public async Task Update_UnknownId_Gives404()
    {
        var (op, _) = await OperatorAsync();
        await (await op.PutAsync("/api/v1/enterprises/987654321", Json(NewEnterprise()))).ShouldBeProblemAsync(HttpStatusCode.NotFound, "MustExistInScope");
    }

    private async Task<(string Token, long[] Ids)> ThreeToFindAsync(HttpClient op, long park)
    {
        var token = Unique("Find") + "x";
        var ids = new List<long>();
        foreach (var (suffix, staff) in new[] { ("B", 20), ("A", 30), ("C", 10) })
        {
            var body = NewEnterprise($"{token}-{suffix}");
            body["employees"] = staff;
            ids.Add(Id(await op.CreateEnterpriseAsync(park, body)));
        }
        return (token, ids.ToArray());
    }

    private static List<JsonElement> Items(JsonElement page) => page.GetProperty("items").EnumerateArray().ToList();

    [Fact]
    public async Task List_SearchWithPaging_GivesTotalAndPages()
    {
        var (op, park) = await OperatorAsync();
        var (token, ids) = await ThreeToFindAsync(op, park);
        var first = await (await op.GetAsync($"/api/v1/parks/{park}/enterprises?search={token}&pageSize=2")).JsonAsync();
        first.GetProperty("total").GetInt32().ShouldBe(3);
        first.GetProperty("pageSize").GetInt32().ShouldBe(2);
        first.GetProperty("pageNumber").GetInt32().ShouldBe(1);
        first.GetProperty("pageCount").GetInt32().ShouldBe(2);
        Items(first).Count.ShouldBe(2);
        var second = await (await op.GetAsync($"/api/v1/parks/{park}/enterprises?search={token}&pageSize=2&page=2")).JsonAsync();
        Items(second).Count.ShouldBe(1);
        Items(first).Concat(Items(second)).Select(Id).Order().ShouldBe(ids.Order());
    }

    [Theory]
    [InlineData("name", false, "A,B,C")]
    [InlineData("name", true, "C,B,A")]
    [InlineData("employees", false, "C,B,A")]
    [InlineData("employees", true, "A,B,C")]
    public async Task List_Sorted_ComesInThatOrder(string sort, bool desc, string expected)
    {
        var (op, park) = await OperatorAsync();
        var (token, _) = await ThreeToFindAsync(op, park);
        var page = await (await op.GetAsync($"/api/v1/parks/{park}/enterprises?search={token}&sort={sort}&desc={desc}")).JsonAsync();
        string.Join(",", Items(page).Select(i => i.Str("name")![^1..])).ShouldBe(expected);
    }

    [Fact]
    public async Task List_SearchByCreditCodeInLowerCase_FindsTheEnterprise()
    {
        var (op, park) = await OperatorAsync();
        var created = await op.CreateEnterpriseAsync(park);
        var page = await (await op.GetAsync($"/api/v1/parks/{park}/enterprises?search={created.Str("creditCode")!.ToLowerInvariant()}")).JsonAsync();
        Items(page).Select(Id).ShouldBe([Id(created)]);
    }

    [Fact]
    public async Task List_FilteredByStatus_HoldsOnlyThatStatus()
    {
        var (op, park) = await OperatorAsync();
        var page = await (await op.GetAsync($"/api/v1/parks/{park}/enterprises?status=Applicant&pageSize=500")).JsonAsync();
        var expected = await app.WithDbAsync(db => db.Enterprises.CountAsync(e => e.ParkId == park && e.Status == EnterpriseStatus.Applicant));
        page.GetProperty("total").GetInt32().ShouldBe(expected);
        Items(page).ShouldAllBe(i => i.Str("status") == "Applicant");
    }

    [Theory]
    [InlineData("pageSize=100000", 500)]
    [InlineData("pageSize=501", 500)]
    [InlineData("pageSize=0", 1)]
    [InlineData("pageSize=-5", 1)]
    [InlineData("", 20)]
    public async Task List_PageSize_IsClampedBetween1And500(string query, int size)
    {
        var (op, park) = await OperatorAsync();
        var page = await (await op.GetAsync($"/api/v1/parks/{park}/enterprises?{query}&page=0")).JsonAsync();
        page.GetProperty("pageSize").GetInt32().ShouldBe(size);
        page.GetProperty("pageNumber").GetInt32().ShouldBe(1);
        Items(page).Count.ShouldBe(Math.Min(size, page.GetProperty("total").GetInt32()));
    }

    private static async Task<JsonElement> AssessmentAsync(HttpClient c, long id)
    {
        var res = await c.GetAsync($"/api/v1/enterprises/{id}/admission");
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        return (await res.JsonAsync()).GetProperty("assessment");
    }

    private static List<(string? Code, string? Effect, string? Detail)> Reasons(JsonElement assessment) =>
        assessment.GetProperty("reasons").EnumerateArray().Select(r => (r.Str("code"), r.Str("effect"), r.Str("detail"))).ToList();

    [Fact]
    public async Task Admission_TagOnTheNegativeList_SuggestsRejectWithTheReason()
    {
        var (op, park) = await OperatorAsync();
        var body = NewEnterprise();
        body["tags"] = new JsonArray("污染大");
        var a = await AssessmentAsync(op, Id(await op.CreateEnterpriseAsync(park, body)));
        a.Str("suggested").ShouldBe("Reject");
        Reasons(a).ShouldContain(("NegativeList", "Blocks", "污染大"));
        a.GetProperty("priority").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task Admission_IndustryOutsideTheLeadingPrefixes_SuggestsConditional()
    {
        var (op, park) = await OperatorAsync();
        var body = NewEnterprise();
        body["industryCode"] = "C1810";
        body["chainStages"] = new JsonArray();
        var a = await AssessmentAsync(op, Id(await op.CreateEnterpriseAsync(park, body)));
        a.Str("suggested").ShouldBe("Conditional");
        Reasons(a).ShouldBe([("OutsideLeadingIndustry", "Condition", "C1810")]);
    }

    [Fact]
    public async Task Admission_LeadingIndustryFit_IsGivenAsASupportingReason()
    {
        var (op, park) = await OperatorAsync();
        var body = NewEnterprise();
        body["industryCode"] = "M7452";
        var a = await AssessmentAsync(op, Id(await op.CreateEnterpriseAsync(park, body)));
        Reasons(a).ShouldContain(("LeadingIndustryFit", "Supports", "M7452"));
    }

    [Fact]
    public async Task Admission_StageWithNoEnterprisesInThePark_GivesPriority()
    {
        var hm = await app.ParkIdAsync("DG-HM-01");
        var inStage = await app.WithDbAsync(async db => (await db.Enterprises.Where(e => e.ParkId == hm && (e.Status == EnterpriseStatus.Admitted || e.Status == EnterpriseStatus.Conditional))
            .Select(e => e.ChainStages).ToListAsync()).Count(s => s.Split('|').Contains("品牌销售")));
        inStage.ShouldBe(0, "precondition: the garment park has nobody in 品牌销售");
        var op2 = await app.LoginAsync("operator2");
        var body = NewEnterprise();
        body["industryCode"] = "C1810";
        body["chainStages"] = new JsonArray("品牌销售");
        var a = await AssessmentAsync(op2, Id(await op2.CreateEnterpriseAsync(hm, body)));
        Reasons(a).ShouldContain(("FillsEmptyStage", "Supports", "品牌销售"));
        a.GetProperty("priority").GetBoolean().ShouldBeTrue();
        a.Str("suggested").ShouldBe("Approve");
    }

    private static Task<HttpResponseMessage> DecideAsync(HttpClient c, long id, string outcome, string? comment) =>
        c.PostAsync($"/api/v1/enterprises/{id}/admission", Json(new JsonObject { ["outcome"] = outcome, ["comment"] = comment }));

    private async Task<long> PollutingApplicantAsync(HttpClient op, long park)
    {
        var body = NewEnterprise();
        body["tags"] = new JsonArray("污染大");
        return Id(await op.CreateEnterpriseAsync(park, body));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Decide_AgainstTheSuggestionWithoutComment_Gives422AndDecidesNothing(string? comment)
    {
        var (op, park) = await OperatorAsync();
        var id = await PollutingApplicantAsync(op, park);
        var before = await app.CountsAsync();
        await (await DecideAsync(op, id, "Approve", comment)).ShouldBeProblemAsync((HttpStatusCode)422, "OverrideNeedsComment", "comment");
        (await app.CountsAsync()).ShouldBe(before);
        (await app.WithDbAsync(db => db.Enterprises.SingleAsync(e => e.Id == id))).Status.ShouldBe(EnterpriseStatus.Applicant);
    }

    [Fact]
    public async Task Decide_AgainstTheSuggestionWithComment_IsRecordedWithSuggestionAndReasons()
    {
        var (op, park) = await OperatorAsync();
        var id = await PollutingApplicantAsync(op, park);
        var res = await DecideAsync(op, id, "Approve", "  已整改，环评复核通过  ");
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        var d = await res.JsonAsync();
        d.Str("suggested").ShouldBe("Reject");
        d.Str("outcome").ShouldBe("Approve");
        d.Str("comment").ShouldBe("已整改，环评复核通过");
        d.Str("decidedBy").ShouldBe("operator");
        JsonDocument.Parse(d.Str("reasonsJson")!).RootElement.EnumerateArray().ShouldContain(r => r.GetProperty("Code").GetString() == "NegativeList");
        var stored = await app.WithDbAsync(db => db.AdmissionDecisions.Where(x => x.EnterpriseId == id).Select(x => x.Comment).SingleAsync());
        stored.ShouldBe("已整改，环评复核通过");
        (await (await op.GetAsync($"/api/v1/enterprises/{id}")).JsonAsync()).Str("status").ShouldBe("Admitted");
        var history = (await (await op.GetAsync($"/api/v1/enterprises/{id}/admission")).JsonAsync()).GetProperty("history");
        history.GetArrayLength().ShouldBe(1);
    }

    /// <summary>The reasons kept as evidence read like the demo's (effect by name), so a later reader can show them.</summary>
    [Fact]
    public async Task Decide_RecordedReasons_NameTheirEffect()
    {
        var (op, park) = await OperatorAsync();
        var id = await PollutingApplicantAsync(op, park);
        (await DecideAsync(op, id, "Reject", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var json = await app.WithDbAsync(db => db.AdmissionDecisions.Where(x => x.EnterpriseId == id).Select(x => x.ReasonsJson).SingleAsync());
        var reason = JsonDocument.Parse(json).RootElement.EnumerateArray().Single(r => r.GetProperty("Code").GetString() == "NegativeList");
        reason.GetProperty("Effect").ValueKind.ShouldBe(JsonValueKind.String, json);
        reason.GetProperty("Effect").GetString().ShouldBe("Blocks");
        reason.GetProperty("Detail").GetString().ShouldBe("污染大");
    }

    [Theory]
    [InlineData("Approve", "Admitted")]
    [InlineData("Conditional", "Conditional")]
    [InlineData("Reject", "Rejected")]
    public async Task Decide_WithComment_SetsTheStatus(string outcome, string status)
    {
        var (op, park) = await OperatorAsync();
        var id = Id(await op.CreateEnterpriseAsync(park));
        (await DecideAsync(op, id, outcome, "评审意见")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await op.GetAsync($"/api/v1/enterprises/{id}")).JsonAsync()).Str("status").ShouldBe(status);
    }

    [Fact]
    public async Task Decide_AsSuggestedWithoutComment_IsAccepted()
    {
        var (op, park) = await OperatorAsync();
        var id = await PollutingApplicantAsync(op, park);
        (await DecideAsync(op, id, "Reject", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.WithDbAsync(db => db.Enterprises.SingleAsync(e => e.Id == id))).Status.ShouldBe(EnterpriseStatus.Rejected);
    }

    [Fact]
    public async Task Decide_Twice_Gives409AndKeepsTheFirstDecision()
    {
        var (op, park) = await OperatorAsync();
        var id = Id(await op.CreateEnterpriseAsync(park));
        (await DecideAsync(op, id, "Approve", "符合")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var before = await app.CountsAsync();
        await (await DecideAsync(op, id, "Reject", "改主意")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "AdmissionOnlyForApplicants", "status");
        (await app.CountsAsync()).ShouldBe(before);
        (await app.WithDbAsync(db => db.Enterprises.SingleAsync(e => e.Id == id))).Status.ShouldBe(EnterpriseStatus.Admitted);
    }

    [Fact]
    public async Task Decide_AsGovernmentViewer_Gives403()
    {
        var (op, park) = await OperatorAsync();
        var id = Id(await op.CreateEnterpriseAsync(park));
        await (await DecideAsync(await app.LoginAsync("gov"), id, "Approve", "x")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyOperatorsMayWrite");
    }

    /// <summary>An admitted enterprise that holds two units (leasing is not built yet, so the units are given directly).</summary>
    private async Task<(long Id, long[] Units)> AdmittedTenantWithUnitsAsync(HttpClient op, long park)
    {
        var id = Id(await op.CreateEnterpriseAsync(park));
        (await DecideAsync(op, id, "Approve", "入园")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var units = await app.WithDbAsync(async db =>
        {
            var free = await db.Units.Where(u => u.ParkId == park && u.Status == UnitStatus.Vacant && u.OccupantEnterpriseId == null).OrderBy(u => u.Id).Take(2).ToListAsync();
            free.Count.ShouldBe(2);
            foreach (var u in free) { u.Status = UnitStatus.Leased; u.OccupantEnterpriseId = id; }
            await db.SaveChangesAsync();
            return free.Select(u => u.Id).ToArray();
        });
        return (id, units);
    }

    [Fact]
    public async Task Exit_StartedThenCompleted_VacatesTheUnitsAndEndsAsExited()
    {
        var (op, park) = await OperatorAsync();
        var (id, units) = await AdmittedTenantWithUnitsAsync(op, park);

        var started = await op.PostAsync($"/api/v1/enterprises/{id}/exit", Json("""{"reason":"LeaseEnd","notes":"租约到期"}"""));
        started.StatusCode.ShouldBe(HttpStatusCode.OK, await started.Content.ReadAsStringAsync());
        var exitCase = await started.JsonAsync();
        exitCase.Str("state").ShouldBe("Open");
        exitCase.Str("reason").ShouldBe("LeaseEnd");
        (await app.WithDbAsync(db => db.Enterprises.SingleAsync(e => e.Id == id))).Status.ShouldBe(EnterpriseStatus.Exiting);
        (await app.WithDbAsync(db => db.Units.CountAsync(u => units.Contains(u.Id) && u.OccupantEnterpriseId == id))).ShouldBe(2, "units stay let until the exit is completed");

        var done = await op.PostAsync($"/api/v1/exit-cases/{Id(exitCase)}/complete", Json("""{"settlement":"押金 20000 元抵扣水电费后退还"}"""));
        done.StatusCode.ShouldBe(HttpStatusCode.OK, await done.Content.ReadAsStringAsync());
        var closed = await done.JsonAsync();
        closed.Str("state").ShouldBe("Completed");
        closed.Str("settlement").ShouldBe("押金 20000 元抵扣水电费后退还");
        closed.GetProperty("closedAt").ValueKind.ShouldBe(JsonValueKind.String);

        (await app.WithDbAsync(db => db.Enterprises.SingleAsync(e => e.Id == id))).Status.ShouldBe(EnterpriseStatus.Exited);
        var after = await app.WithDbAsync(db => db.Units.Where(u => units.Contains(u.Id)).ToListAsync());
        after.ShouldAllBe(u => u.OccupantEnterpriseId == null && u.Status == UnitStatus.Vacant);
        var cases = await (await op.GetAsync($"/api/v1/enterprises/{id}/exit-cases")).JsonAsync();
        cases.EnumerateArray().Select(c => c.Str("state")).ShouldBe(["Completed"]);
    }

    [Fact]
    public async Task Exit_CompletedTwice_Gives409()
    {
        var (op, park) = await OperatorAsync();
        var (id, _) = await AdmittedTenantWithUnitsAsync(op, park);
        var x = Id(await (await op.PostAsync($"/api/v1/enterprises/{id}/exit", Json("""{"reason":"Voluntary"}"""))).JsonAsync());
        (await op.PostAsync($"/api/v1/exit-cases/{x}/complete", Json("{}"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var before = await app.CountsAsync();
        await (await op.PostAsync($"/api/v1/exit-cases/{x}/complete", Json("{}"))).ShouldBeProblemAsync(HttpStatusCode.Conflict, "ExitCaseMustBeOpen", "state");
        await (await op.PostAsync($"/api/v1/exit-cases/{x}/cancel", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "ExitCaseMustBeOpen", "state");
        (await app.CountsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Exit_Cancelled_KeepsTheUnitsAndReadmits()
    {
        var (op, park) = await OperatorAsync();
        var (id, units) = await AdmittedTenantWithUnitsAsync(op, park);
        var x = Id(await (await op.PostAsync($"/api/v1/enterprises/{id}/exit", Json("""{"reason":"Zombie"}"""))).JsonAsync());
        var res = await op.PostAsync($"/api/v1/exit-cases/{x}/cancel", null);
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await res.JsonAsync()).Str("state").ShouldBe("Cancelled");
        (await app.WithDbAsync(db => db.Enterprises.SingleAsync(e => e.Id == id))).Status.ShouldBe(EnterpriseStatus.Admitted);
        (await app.WithDbAsync(db => db.Units.CountAsync(u => units.Contains(u.Id) && u.OccupantEnterpriseId == id && u.Status == UnitStatus.Leased))).ShouldBe(2);
    }

    [Fact]
    public async Task Exit_OfAnApplicant_Gives409AndOpensNoCase()
    {
        var (op, park) = await OperatorAsync();
        var id = Id(await op.CreateEnterpriseAsync(park));
        var before = await app.CountsAsync();
        await (await op.PostAsync($"/api/v1/enterprises/{id}/exit", Json("""{"reason":"Voluntary"}"""))).ShouldBeProblemAsync(HttpStatusCode.Conflict, "ExitOnlyForAdmitted", "status");
        (await app.CountsAsync()).ShouldBe(before);
    }
}
