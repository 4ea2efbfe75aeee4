using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Tests.Infrastructure;
using static ParkOps.Web.Tests.Foundation.FoundationApi;

namespace ParkOps.Web.Tests.Foundation;

/// <summary>
/// Bad input gets a clear 400/409/422 ProblemDetails (problem+json, rule, field, traceId), never a 500, and leaves
/// the database exactly as it was.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class BadInputTests(ParkOpsFactory app)
{
    private async Task<(HttpClient Op, long Park)> OperatorAsync() => (await app.LoginAsync("operator"), await app.ParkIdAsync());

    /// <summary>Sends the request and checks the problem and that no row was written.</summary>
    private async Task<System.Text.Json.JsonElement> RefusedAsync(Func<Task<HttpResponseMessage>> send, HttpStatusCode status, string? rule = null, string? field = null)
    {
        var before = await app.CountsAsync();
        var body = await (await send()).ShouldBeProblemAsync(status, rule, field);
        (await app.CountsAsync()).ShouldBe(before, "a refused request must write nothing");
        return body;
    }

    [Theory]
    [InlineData("{\"creditCode\": \"x\", \"name\": ", null)]
    [InlineData("{\"creditCode\" \"x\"}", null)]
    [InlineData("not json at all", null)]
    [InlineData("{\"creditCode\": \"91441900MA4UABCD1X\", \"name\": \"甲\", \"employees\": \"many\"}", "employees")]
    [InlineData("{\"creditCode\": \"91441900MA4UABCD1X\", \"name\": \"甲\", \"employees\": 99999999999}", "employees")]
    [InlineData("{\"creditCode\": \"91441900MA4UABCD1X\", \"name\": \"甲\", \"employees\": 1.5}", "employees")]
    [InlineData("{\"creditCode\": \"91441900MA4UABCD1X\", \"name\": 42}", "name")]
    [InlineData("{\"creditCode\": \"91441900MA4UABCD1X\", \"name\": \"甲\", \"sizeClass\": \"Huge\"}", "sizeClass")]
    [InlineData("{\"creditCode\": \"91441900MA4UABCD1X\", \"name\": \"甲\", \"establishedOn\": \"2020-13-45\"}", "establishedOn")]
    [InlineData("{\"creditCode\": \"91441900MA4UABCD1X\", \"name\": \"甲\", \"tags\": \"高新技术企业\"}", "tags")]
    public async Task CreateEnterprise_UnreadableJson_Gives400NamingTheField(string raw, string? field)
    {
        var (op, park) = await OperatorAsync();
        var problem = await RefusedAsync(() => op.PostAsync($"/api/v1/parks/{park}/enterprises", Json(raw)), HttpStatusCode.BadRequest, "RequestMustBeReadable", field);
        problem.Str("detail").ShouldNotBeNullOrWhiteSpace();
    }

    /// <summary>The enum converter reads numbers too; a number that names no member must still be refused.</summary>
    [Fact]
    public async Task CreateEnterprise_EnumAsUndefinedNumber_Gives400NamingTheField()
    {
        var (op, park) = await OperatorAsync();
        var body = NewEnterprise();
        body["sizeClass"] = 7;
        await RefusedAsync(() => op.PostAsync($"/api/v1/parks/{park}/enterprises", Json(body)), HttpStatusCode.BadRequest, field: "sizeClass");
    }

    [Fact]
    public async Task CreateEnterprise_NullBody_Gives400()
    {
        var (op, park) = await OperatorAsync();
        await RefusedAsync(() => op.PostAsync($"/api/v1/parks/{park}/enterprises", Json("null")), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task CreateEnterprise_NoBodyAtAll_Gives4xxProblem()
    {
        var (op, park) = await OperatorAsync();
        var before = await app.CountsAsync();
        var res = await op.PostAsync($"/api/v1/parks/{park}/enterprises", null);
        ((int)res.StatusCode).ShouldBeInRange(400, 415);
        await res.ShouldBeProblemAsync(res.StatusCode);
        (await app.CountsAsync()).ShouldBe(before);
    }

    [Theory]
    [InlineData("name", 10_000)]
    [InlineData("name", 101)]
    [InlineData("legalPerson", 51)]
    [InlineData("contactName", 51)]
    [InlineData("description", 2001)]
    [InlineData("contactEmail", 101)]
    public async Task CreateEnterprise_OverLongString_Gives400WithFieldError(string field, int length)
    {
        var (op, park) = await OperatorAsync();
        var body = NewEnterprise();
        body[field] = field == "contactEmail" ? new string('a', length - 7) + "@qq.com" : new string('长', length);
        var problem = await RefusedAsync(() => op.PostAsync($"/api/v1/parks/{park}/enterprises", Json(body)), HttpStatusCode.BadRequest, "Validation");
        problem.ErrorsFor(field);
    }

    [Fact]
    public async Task CreateEnterprise_EmptyName_Gives400WithNameError()
    {
        var (op, park) = await OperatorAsync();
        var body = NewEnterprise();
        body["name"] = "   ";
        var problem = await RefusedAsync(() => op.PostAsync($"/api/v1/parks/{park}/enterprises", Json(body)), HttpStatusCode.BadRequest, "Validation", "name");
        problem.ErrorsFor("name");
    }

    public static TheoryData<string, string> BadCreditCodes()
    {
        var valid = Demo.CreditCodeFor(424242);
        var wrongCheck = valid[..17] + ParkOps.Domain.Enterprises.CreditCode.Charset.First(c => c != valid[17]);
        var data = new TheoryData<string, string>
        {
            { "check digit", wrongCheck },
            { "17 characters", valid[..17] },
            { "19 characters", valid + "1" },
            { "empty", "" },
            { "punctuation", valid[..8] + "-" + valid[9..] },
            { "Chinese", valid[..8] + "中" + valid[9..] },
        };
        foreach (var letter in "IOZSV")
            data.Add($"forbidden letter {letter}", valid[..8] + letter + valid[9..]);
        data.Add("forbidden lower-case letter", valid[..8] + "o" + valid[9..]);
        return data;
    }

    [Theory]
    [MemberData(nameof(BadCreditCodes))]
    public async Task CreateEnterprise_InvalidCreditCode_Gives400WithCreditCodeError(string why, string code)
    {
        var (op, park) = await OperatorAsync();
        var body = NewEnterprise();
        body["creditCode"] = code;
        var problem = await RefusedAsync(() => op.PostAsync($"/api/v1/parks/{park}/enterprises", Json(body)), HttpStatusCode.BadRequest, "Validation", "creditCode");
        problem.ErrorsFor("creditCode").ShouldHaveSingleItem(why);
    }

    [Fact]
    public async Task UpdateEnterprise_InvalidCreditCode_Gives400AndKeepsTheOldValues()
    {
        var (op, park) = await OperatorAsync();
        var created = await op.CreateEnterpriseAsync(park);
        var id = created.GetProperty("id").GetInt64();
        var body = NewEnterprise();
        body["creditCode"] = created.Str("creditCode")![..17] + "I";
        body["name"] = "不该写入的名称";
        var problem = await RefusedAsync(() => op.PutAsync($"/api/v1/enterprises/{id}", Json(body)), HttpStatusCode.BadRequest, "Validation", "creditCode");
        problem.ErrorsFor("creditCode");
        var stored = await app.WithDbAsync(db => db.Enterprises.SingleAsync(e => e.Id == id));
        stored.Name.ShouldBe(created.Str("name"));
        stored.CreditCode.ShouldBe(created.Str("creditCode"));
    }

    [Theory]
    [InlineData("same")]
    [InlineData("lower-case with spaces")]
    public async Task CreateEnterprise_CreditCodeAlreadyInPark_Gives409(string variant)
    {
        var (op, park) = await OperatorAsync();
        var first = NewEnterprise();
        await op.CreateEnterpriseAsync(park, first);
        var again = NewEnterprise();
        var code = first["creditCode"]!.GetValue<string>();
        again["creditCode"] = variant == "same" ? code : " " + code[..9].ToLowerInvariant() + " " + code[9..].ToLowerInvariant() + "\u3000";
        var problem = await RefusedAsync(() => op.PostAsync($"/api/v1/parks/{park}/enterprises", Json(again)), HttpStatusCode.Conflict, "CreditCodeMustBeUniqueInPark", "creditCode");
        problem.ErrorsFor("creditCode");
    }

    [Fact]
    public async Task UpdateEnterprise_CreditCodeOfAnotherEnterpriseInPark_Gives409()
    {
        var (op, park) = await OperatorAsync();
        var a = await op.CreateEnterpriseAsync(park);
        var b = await op.CreateEnterpriseAsync(park);
        var body = NewEnterprise(b.Str("name"));
        body["creditCode"] = a.Str("creditCode");
        await RefusedAsync(() => op.PutAsync($"/api/v1/enterprises/{b.GetProperty("id").GetInt64()}", Json(body)), HttpStatusCode.Conflict, "CreditCodeMustBeUniqueInPark", "creditCode");
    }

    [Fact]
    public async Task CreateEnterprise_CreditCodeRegisteredInAnotherPark_IsAccepted()
    {
        var admin = await app.LoginAsync("admin");
        var body = NewEnterprise();
        await admin.CreateEnterpriseAsync(await app.ParkIdAsync(), body);
        var again = NewEnterprise();
        again["creditCode"] = body["creditCode"]!.GetValue<string>();
        var other = await admin.CreateEnterpriseAsync(await app.ParkIdAsync("DG-HM-01"), again);
        other.Str("creditCode").ShouldBe(body["creditCode"]!.GetValue<string>());
    }

    /// <summary>The validator lets through 20 tags of 30 characters; the column must hold what the validator accepts.</summary>
    [Fact]
    public async Task CreateEnterprise_TagsAtTheValidatorsLimit_AreStoredOrRefusedNever500()
    {
        var (op, park) = await OperatorAsync();
        var body = NewEnterprise();
        body["tags"] = new JsonArray(Enumerable.Range(0, 20).Select(i => (JsonNode)JsonValue.Create($"{i:00}" + new string('标', 28))!).ToArray());
        var before = await app.CountsAsync();
        var res = await op.PostAsync($"/api/v1/parks/{park}/enterprises", Json(body));
        if (res.StatusCode == HttpStatusCode.Created)
            (await res.JsonAsync()).GetProperty("tags").GetArrayLength().ShouldBe(20);
        else
        {
            (await res.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Validation", "tags")).ErrorsFor("tags");
            (await app.CountsAsync()).ShouldBe(before);
        }
    }

    [Theory]
    [InlineData("?page=abc")]
    [InlineData("?pageSize=1e9")]
    [InlineData("?status=Nope")]
    [InlineData("?sizeClass=Huge")]
    [InlineData("?desc=perhaps")]
    public async Task ListEnterprises_UnreadableQuery_Gives400(string query)
    {
        var (op, park) = await OperatorAsync();
        await (await op.GetAsync($"/api/v1/parks/{park}/enterprises{query}")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "RequestMustBeReadable");
    }

    [Theory]
    [InlineData(-10)]
    [InlineData(0)]
    public async Task CreateUnit_AreaNotPositive_Gives400WithAreaError(decimal area)
    {
        var (op, park) = await OperatorAsync();
        var building = await app.WithDbAsync(db => db.Buildings.Where(b => b.ParkId == park).Select(b => b.Id).FirstAsync());
        var body = new JsonObject { ["buildingId"] = building, ["floorNumber"] = 1, ["code"] = Unique("BAD-"), ["areaSqm"] = area, ["use"] = "Factory", ["loadTonsPerSqm"] = 1, ["status"] = "Vacant" };
        var problem = await RefusedAsync(() => op.PostAsync($"/api/v1/parks/{park}/units", Json(body)), HttpStatusCode.BadRequest, "Validation", "areaSqm");
        problem.ErrorsFor("areaSqm");
    }

    [Fact]
    public async Task CreateUnit_OnABuildingOfAnotherPark_Gives422()
    {
        var admin = await app.LoginAsync("admin");
        var park = await app.ParkIdAsync();
        var hm = await app.ParkIdAsync("DG-HM-01");
        var foreignBuilding = await app.WithDbAsync(db => db.Buildings.Where(b => b.ParkId == hm).Select(b => b.Id).FirstAsync());
        var body = new JsonObject { ["buildingId"] = foreignBuilding, ["floorNumber"] = 1, ["code"] = Unique("X-"), ["areaSqm"] = 100, ["use"] = "Factory", ["loadTonsPerSqm"] = 1, ["status"] = "Vacant" };
        // as admin, who may write in both parks: the building exists and is visible, it is just in the wrong park
        var problem = await RefusedAsync(() => admin.PostAsync($"/api/v1/parks/{park}/units", Json(body)), (HttpStatusCode)422, "BuildingMustBelongToPark", "buildingId");
        problem.ErrorsFor("buildingId");
    }

    [Fact]
    public async Task CreateUnit_UnknownUse_Gives400()
    {
        var (op, park) = await OperatorAsync();
        var building = await app.WithDbAsync(db => db.Buildings.Where(b => b.ParkId == park).Select(b => b.Id).FirstAsync());
        var body = new JsonObject { ["buildingId"] = building, ["floorNumber"] = 1, ["code"] = Unique("BAD-"), ["areaSqm"] = 100, ["use"] = "Casino", ["loadTonsPerSqm"] = 1, ["status"] = "Vacant" };
        await RefusedAsync(() => op.PostAsync($"/api/v1/parks/{park}/units", Json(body)), HttpStatusCode.BadRequest, "RequestMustBeReadable", "use");
    }

    [Fact]
    public async Task Decide_UnknownOutcome_Gives400()
    {
        var (op, park) = await OperatorAsync();
        var id = (await op.CreateEnterpriseAsync(park)).GetProperty("id").GetInt64();
        await RefusedAsync(() => op.PostAsync($"/api/v1/enterprises/{id}/admission", Json("""{"outcome":"Maybe","comment":"x"}""")), HttpStatusCode.BadRequest, "RequestMustBeReadable", "outcome");
        (await app.WithDbAsync(db => db.Enterprises.SingleAsync(e => e.Id == id))).Status.ShouldBe(EnterpriseStatus.Applicant);
    }

    [Fact]
    public async Task StartExit_OverLongNotes_Gives400AndTheEnterpriseStaysAdmitted()
    {
        var (op, park) = await OperatorAsync();
        var id = (await op.CreateEnterpriseAsync(park)).GetProperty("id").GetInt64();
        await app.WithDbAsync(async db => { (await db.Enterprises.SingleAsync(e => e.Id == id)).Status = EnterpriseStatus.Admitted; return await db.SaveChangesAsync(); });
        var body = new JsonObject { ["reason"] = "Voluntary", ["notes"] = new string('注', 10_000) };
        var problem = await RefusedAsync(() => op.PostAsync($"/api/v1/enterprises/{id}/exit", Json(body)), HttpStatusCode.BadRequest, "Validation", "notes");
        problem.ErrorsFor("notes");
        (await app.WithDbAsync(db => db.Enterprises.SingleAsync(e => e.Id == id))).Status.ShouldBe(EnterpriseStatus.Admitted);
    }

    [Fact]
    public async Task StartExit_WithoutAReason_Gives400NamingTheReasonAndNoCaseIsOpened()
    {
        // no reason is assumed: a body without one was read as the first (僵尸企业清退) before issue 13 §7
        var (op, park) = await OperatorAsync();
        var id = (await op.CreateEnterpriseAsync(park)).GetProperty("id").GetInt64();
        await app.WithDbAsync(async db => { (await db.Enterprises.SingleAsync(e => e.Id == id)).Status = EnterpriseStatus.Admitted; return await db.SaveChangesAsync(); });
        var problem = await RefusedAsync(() => op.PostAsync($"/api/v1/enterprises/{id}/exit", Json("""{"notes":"企业长期停产"}""")), HttpStatusCode.BadRequest, "Validation", "reason");
        problem.ErrorsFor("reason");
        (await app.WithDbAsync(db => db.Enterprises.SingleAsync(e => e.Id == id))).Status.ShouldBe(EnterpriseStatus.Admitted);
    }

    [Fact]
    public async Task CompleteExit_OverLongSettlement_Gives400AndTheCaseStaysOpen()
    {
        var (op, park) = await OperatorAsync();
        var id = (await op.CreateEnterpriseAsync(park)).GetProperty("id").GetInt64();
        await app.WithDbAsync(async db => { (await db.Enterprises.SingleAsync(e => e.Id == id)).Status = EnterpriseStatus.Admitted; return await db.SaveChangesAsync(); });
        var started = await op.PostAsync($"/api/v1/enterprises/{id}/exit", Json("""{"reason":"Voluntary"}"""));
        started.StatusCode.ShouldBe(HttpStatusCode.OK);
        var caseId = (await started.JsonAsync()).GetProperty("id").GetInt64();
        var body = new JsonObject { ["settlement"] = new string('结', 10_000) };
        var problem = await RefusedAsync(() => op.PostAsync($"/api/v1/exit-cases/{caseId}/complete", Json(body)), HttpStatusCode.BadRequest, "Validation", "settlement");
        problem.ErrorsFor("settlement");
        (await app.WithDbAsync(db => db.ExitCases.SingleAsync(x => x.Id == caseId))).State.ShouldBe(ExitState.Open);
        (await app.WithDbAsync(db => db.Enterprises.SingleAsync(e => e.Id == id))).Status.ShouldBe(EnterpriseStatus.Exiting);
    }

    [Fact]
    public async Task Decide_OverLongComment_Gives400()
    {
        var (op, park) = await OperatorAsync();
        var id = (await op.CreateEnterpriseAsync(park)).GetProperty("id").GetInt64();
        var body = new JsonObject { ["outcome"] = "Reject", ["comment"] = new string('评', 1001) };
        var problem = await RefusedAsync(() => op.PostAsync($"/api/v1/enterprises/{id}/admission", Json(body)), HttpStatusCode.BadRequest, "Validation", "comment");
        problem.ErrorsFor("comment");
    }

    [Fact]
    public async Task GetEnterprise_UnknownId_Gives404Problem()
    {
        var (op, _) = await OperatorAsync();
        await (await op.GetAsync("/api/v1/enterprises/987654321")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "MustExistInScope");
    }
}
