using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Chains;

/// <summary>
/// The industry-chain map, the chain templates and the 招商 pipeline over HTTP (issue 14 §3): figures of the demo parks
/// counted by hand from <c>DemoSeeder</c>'s lists, who sees what, and bad input.
/// </summary>
public sealed class ChainTests(ParkOpsFactory app) : IClassFixture<ParkOpsFactory>
{
    private static JsonElement Stage(JsonElement map, string name) =>
        map.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("name").GetString() == name);

    /// <summary>A park in the region of 虎门's park with these stages (the same region: its firms are the candidates).</summary>
    private Task<long> NewParkAsync(string code, string stages) => app.WithDbAsync(async db =>
    {
        var region = await db.Parks.Where(p => p.Code == "DG-HM-01").Select(p => p.RegionId).SingleAsync();
        var p = new ParkOps.Web.Features.Parks.Park { RegionId = region, Name = "链测园区" + code, Code = code, ChainStages = stages, CreatedAt = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc) };
        db.Parks.Add(p);
        await db.SaveChangesAsync();
        return p.Id;
    });

    [Fact]
    public async Task Park2Map_GapsWeakLinksAndCompleteness_AsTheDemoListsThem()
    {
        var park = await app.ParkIdAsync("DG-HM-01");
        var res = await (await app.LoginAsync("operator2")).GetAsync($"/api/v1/parks/{park}/chain");
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        var map = await res.JsonAsync();
        // 面料供应 ×2, 印染整理 ×1, 服装设计 ×1, 成衣制造 ×2, 品牌销售 ×0: 4 of 5 stages covered = 80.0 %
        (map.GetProperty("covered").GetInt32(), map.GetProperty("total").GetInt32()).ShouldBe((4, 5));
        map.GetProperty("completeness").GetDecimal().ShouldBe(80.0m);
        (map.GetProperty("gaps").GetInt32(), map.GetProperty("weakLinks").GetInt32()).ShouldBe((1, 2));
        Stage(map, "品牌销售").GetProperty("status").GetString().ShouldBe("Gap");
        Stage(map, "印染整理").GetProperty("status").GetString().ShouldBe("Weak");
        Stage(map, "印染整理").GetProperty("firms")[0].GetProperty("name").GetString().ShouldBe("东莞市虎门速印数码印花有限公司");
        Stage(map, "成衣制造").GetProperty("status").GetString().ShouldBe("Covered");
        Stage(map, "成衣制造").GetProperty("firmCount").GetInt32().ShouldBe(2);
        // the dashboard's KPI of this quarter says the same
        var dash = await (await (await app.LoginAsync("operator2")).GetAsync($"/api/v1/parks/{park}/dashboard")).JsonAsync();
        dash.GetProperty("kpis").EnumerateArray().Single(k => k.GetProperty("kpi").GetString() == "chainCompleteness").GetProperty("value").GetDecimal().ShouldBe(80.0m);
    }

    [Fact]
    public async Task DemoParkMap_TakesTheElectronicsTemplate_WithServicesMarked()
    {
        var park = await app.ParkIdAsync();
        var map = await (await (await app.LoginAsync("tenant")).GetAsync($"/api/v1/parks/{park}/chain")).JsonAsync();
        map.GetProperty("leadingIndustry").GetString().ShouldBe("电子元器件");
        map.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("name").GetString()).ShouldBe(["原材料供应", "SMT贴片", "插件焊接", "成品组装", "质量检测", "物流仓储", "设备租赁"]);
        Stage(map, "物流仓储").GetProperty("kind").GetString().ShouldBe("Service");
        Stage(map, "SMT贴片").GetProperty("kind").GetString().ShouldBe("Main");
        // a tenant sees the firms by name but no deal amounts
        map.GetProperty("amountsShown").GetBoolean().ShouldBeFalse();
        map.GetProperty("flows").EnumerateArray().ShouldAllBe(f => f.GetProperty("amount").ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public async Task Templates_SixShipped_AndAParkAppliesOne()
    {
        var admin = await app.LoginAsync("admin");
        var templates = await (await admin.GetAsync("/api/v1/chain-templates")).JsonAsync();
        templates.EnumerateArray().Select(t => t.GetProperty("name").GetString()).ShouldBe(["电子元器件", "五金", "纺织印染", "鞋业", "新材料", "生物医药"]);
        var dyeing = templates.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "纺织印染");
        dyeing.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("name").GetString()).Take(6).ShouldBe(["坯布供应", "退浆", "煮练", "漂白", "染色", "后整理"]);

        // a fresh park of the demo region takes the dyeing template: 9 stages, none held
        var park = await NewParkAsync("CHAIN-T1", "");
        var applied = await admin.PostAsJsonAsync($"/api/v1/parks/{park}/chain/apply", new { templateId = dyeing.GetProperty("id").GetInt64() });
        applied.StatusCode.ShouldBe(HttpStatusCode.OK, await applied.Content.ReadAsStringAsync());
        var map = await applied.JsonAsync();
        (map.GetProperty("covered").GetInt32(), map.GetProperty("total").GetInt32(), map.GetProperty("gaps").GetInt32()).ShouldBe((0, 9, 9));
        map.GetProperty("completeness").GetDecimal().ShouldBe(0.0m);
        Stage(map, "集中污水处理").GetProperty("kind").GetString().ShouldBe("Service");
        // every stage is a gap, each listed with the region's firms working in it
        var candidates = await (await admin.GetAsync($"/api/v1/parks/{park}/chain/gap-candidates")).JsonAsync();
        candidates.GetArrayLength().ShouldBe(9);

        // an unknown template and a stage named twice are refused, naming the field
        await (await admin.PostAsJsonAsync($"/api/v1/parks/{park}/chain/apply", new { templateId = 999999 })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "ChainTemplateUnknown", "templateId");
        await (await admin.PutAsJsonAsync($"/api/v1/parks/{park}/chain", new { stages = new[] { new { name = "染色", kind = "Main" }, new { name = "染色", kind = "Service" } } }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "ChainStageDuplicate", "stages[1].name");

        // templates serve every park: an operator edits its own park's chain, never a template the other parks apply
        var op = await app.LoginAsync("operator");
        await (await op.PutAsJsonAsync($"/api/v1/chain-templates/{dyeing.GetProperty("id").GetInt64()}", new { name = "纺织印染", industryPrefixes = new[] { "C17" }, stages = new[] { new { name = "染色", kind = "Main" } } }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyPlatformAdminsManageChainTemplates");
        await (await op.PostAsJsonAsync("/api/v1/chain-templates", new { name = "运营方模板", industryPrefixes = new[] { "C17" }, stages = new[] { new { name = "染色", kind = "Main" } } }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyPlatformAdminsManageChainTemplates");
    }

    [Fact]
    public async Task GapCandidates_AreTheRegionsOtherParksFirmsOfThatStage()
    {
        // a park under the demo region whose chain has 成衣制造 and 品牌销售: 成衣制造 is held in 虎门 by two firms
        var admin = await app.LoginAsync("admin");
        var park = await NewParkAsync("CHAIN-T2", "成衣制造|品牌销售");
        var res = await admin.GetAsync($"/api/v1/parks/{park}/chain/gap-candidates");
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        var gaps = await res.JsonAsync();
        var sewing = gaps.EnumerateArray().Single(g => g.GetProperty("stage").GetString() == "成衣制造");
        sewing.GetProperty("firms").EnumerateArray().Select(f => f.GetProperty("name").GetString()).Order(StringComparer.Ordinal)
            .ShouldBe(new[] { "东莞市虎门尚品制衣厂", "东莞市虎门雅姿服饰有限公司" }.Order(StringComparer.Ordinal));
        sewing.GetProperty("firms")[0].GetProperty("parkName").GetString().ShouldNotBeNullOrEmpty();
        // only public fields
        sewing.GetProperty("firms")[0].EnumerateObject().Select(p => p.Name).ShouldBe(["enterpriseId", "name", "parkId", "parkName"]);
        gaps.EnumerateArray().Single(g => g.GetProperty("stage").GetString() == "品牌销售").GetProperty("firms").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Leads_CreateMoveVisit_AndTheirRefusals()
    {
        var park = await app.ParkIdAsync("DG-HM-01");
        var op = await app.LoginAsync("operator2");
        var created = await op.PostAsJsonAsync($"/api/v1/parks/{park}/investment-leads", new
        {
            name = "晋江市潮牌运营有限公司", source = "展会", targetStage = "品牌销售", contactName = "林总", contactPhone = "13900000001",
            anchorAgreement = true, anchorAgreedOn = "2026-11-20", policyTerms = "首年免租",
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var lead = await created.JsonAsync();
        var id = lead.GetProperty("id").GetInt64();
        lead.GetProperty("status").GetString().ShouldBe("Lead");
        lead.GetProperty("next").EnumerateArray().Select(x => x.GetString()).ShouldBe(["Contacted", "Dropped"]);

        // a jump, a drop without reason, a stage not of the chain, a unit not of the park
        await (await op.PostAsJsonAsync($"/api/v1/parks/{park}/investment-leads/{id}/status", new { status = "Intent" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "LeadStatusJumpNotAllowed", "status");
        await (await op.PostAsJsonAsync($"/api/v1/parks/{park}/investment-leads/{id}/status", new { status = "Dropped" }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "LeadReasonRequired", "reason");
        await (await op.PostAsJsonAsync($"/api/v1/parks/{park}/investment-leads", new { name = "某企业", source = "展会", targetStage = "芯片设计" }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "LeadStageUnknown", "targetStage");
        // a credit code of the wrong length: the text says what is wrong with it (the console's form shows the same)
        var badCode = await (await op.PostAsJsonAsync($"/api/v1/parks/{park}/investment-leads", new { name = "某企业", source = "展会", targetStage = "品牌销售", creditCode = "123" }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "CreditCodeMustBeValid", "creditCode");
        badCode.GetProperty("detail").GetString().ShouldBe("统一社会信用代码无效：应为 18 位");
        var foreignUnit = await app.WithDbAsync(db => db.Units.IgnoreQueryFilters().Where(u => u.ParkId != park).Select(u => u.Id).FirstAsync());
        await (await op.PutAsJsonAsync($"/api/v1/parks/{park}/investment-leads/{id}", new { name = "晋江市潮牌运营有限公司", source = "展会", targetStage = "品牌销售", preLetUnitIds = new[] { foreignUnit } }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "LeadUnitUnknown", "preLetUnitIds[0]");

        var moved = await (await op.PostAsJsonAsync($"/api/v1/parks/{park}/investment-leads/{id}/status", new { status = "Contacted" })).JsonAsync();
        moved.GetProperty("status").GetString().ShouldBe("Contacted");
        var visited = await op.PostAsJsonAsync($"/api/v1/parks/{park}/investment-leads/{id}/visits", new { visitedOn = "2026-11-25", note = "参观园区直播基地" });
        visited.StatusCode.ShouldBe(HttpStatusCode.OK, await visited.Content.ReadAsStringAsync());
        (await visited.JsonAsync()).GetProperty("visits")[0].GetProperty("note").GetString().ShouldBe("参观园区直播基地");
        // a visit without its day is refused (not stored as 0001-01-01)
        await (await op.PostAsJsonAsync($"/api/v1/parks/{park}/investment-leads/{id}/visits", new { note = "电话沟通" }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "LeadVisitDateRequired", "visitedOn");
        var dropped = await (await op.PostAsJsonAsync($"/api/v1/parks/{park}/investment-leads/{id}/status", new { status = "Dropped", reason = "选址在晋江本地" })).JsonAsync();
        (dropped.GetProperty("status").GetString(), dropped.GetProperty("statusReason").GetString()).ShouldBe(("Dropped", "选址在晋江本地"));

        // 入驻 needs an enterprise admitted in this park
        var second = await (await op.PostAsJsonAsync($"/api/v1/parks/{park}/investment-leads", new { name = "虎门品牌管理有限公司", source = "以商招商", targetStage = "品牌销售" })).JsonAsync();
        var sid = second.GetProperty("id").GetInt64();
        foreach (var s in new[] { "Contacted", "Visiting", "Intent" })
            (await op.PostAsJsonAsync($"/api/v1/parks/{park}/investment-leads/{sid}/status", new { status = s })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var parkOneFirm = await app.EnterpriseOfAsync("tenant");
        await (await op.PostAsJsonAsync($"/api/v1/parks/{park}/investment-leads/{sid}/status", new { status = "Admitted", enterpriseId = parkOneFirm }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "LeadAdmissionNeedsEnterprise", "enterpriseId");
        var own = await app.SomeEnterpriseAsync(park, 0);
        var admitted = await (await op.PostAsJsonAsync($"/api/v1/parks/{park}/investment-leads/{sid}/status", new { status = "Admitted", enterpriseId = own })).JsonAsync();
        (admitted.GetProperty("status").GetString(), admitted.GetProperty("enterpriseId").GetInt64()).ShouldBe(("Admitted", own));

        var list = await (await op.GetAsync($"/api/v1/parks/{park}/investment-leads")).JsonAsync();
        list.EnumerateArray().Select(l => l.GetProperty("id").GetInt64()).ShouldBe([sid, id], ignoreOrder: true);
        var summary = await (await (await app.LoginAsync("gov")).GetAsync($"/api/v1/parks/{park}/investment-leads/summary")).JsonAsync();
        summary.GetProperty("byStatus").GetProperty("Dropped").GetInt32().ShouldBe(1);
        summary.GetProperty("byStatus").GetProperty("Admitted").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task Leads_Scope_TenantRefused_OtherParksOperatorNotFound_GovernmentCountsOnly()
    {
        var park = await app.ParkIdAsync();
        await (await (await app.LoginAsync("tenant")).GetAsync($"/api/v1/parks/{park}/investment-leads")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyOperatorsMayRead");
        await (await (await app.LoginAsync("tenant")).PostAsJsonAsync($"/api/v1/parks/{park}/investment-leads", new { name = "某企业", source = "展会", targetStage = "SMT贴片" }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyOperatorsMayWrite");
        (await (await app.LoginAsync("operator2")).GetAsync($"/api/v1/parks/{park}/investment-leads")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.LoginAsync("operator2")).PostAsJsonAsync($"/api/v1/parks/{park}/investment-leads", new { name = "某企业", source = "展会", targetStage = "SMT贴片" }))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await (await (await app.LoginAsync("gov")).GetAsync($"/api/v1/parks/{park}/investment-leads")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "GovernmentSeesAggregatesOnly");
        // the demo's five leads: one at each open step but 入驻, one dropped
        var summary = await (await (await app.LoginAsync("gov")).GetAsync($"/api/v1/parks/{park}/investment-leads/summary")).JsonAsync();
        foreach (var s in new[] { "Lead", "Contacted", "Visiting", "Intent", "Dropped" }) summary.GetProperty("byStatus").GetProperty(s).GetInt32().ShouldBe(1);
        summary.GetProperty("anchorAgreements").GetInt32().ShouldBe(1);
        await (await (await app.LoginAsync("tenant")).GetAsync($"/api/v1/parks/{park}/investment-leads/summary")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyOperatorsMayRead");
    }
}
