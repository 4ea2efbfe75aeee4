using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Features.Grading;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Grading;

/// <summary>
/// The platform admin adds grading items (issue 14 §4, items as data): a self-scored item in a dimension and a declared
/// veto, each refusal named. Its own database: the items added would change the catalogue other grading tests count.
/// </summary>
public sealed class GradingCatalogueTests(ParkOpsFactory app) : IClassFixture<ParkOpsFactory>
{
    [Fact]
    public async Task Catalogue_AdminAddsASelfScoredItemAndAVeto_TheyJoinTheAssessment_AndBadItemsAreRefusedWithNothingWritten()
    {
        var admin = await app.LoginAsync("admin");
        var before = await app.WithDbAsync(db => db.Set<GradingItem>().CountAsync());
        object Item(string code, string dimension = "digital", string kind = "selfScored", decimal maxPoints = 4) =>
            new { code, dimension, kind, textZh = "园区建有数字化管理平台并对接县级平台", textEn = "A digital platform linked to the county's", maxPoints };

        await (await (await app.LoginAsync("operator")).PostAsJsonAsync("/api/v1/grading-items", Item("D9")))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyAdminEditsGradingItems");
        await (await admin.PostAsJsonAsync("/api/v1/grading-items", Item("D 9"))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "GradingItemCodeInvalid", "code");
        await (await admin.PostAsJsonAsync("/api/v1/grading-items", Item("D9", dimension: "weather"))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "GradingItemDimensionUnknown", "dimension");
        await (await admin.PostAsJsonAsync("/api/v1/grading-items", Item("D9", dimension: "3"))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "GradingItemDimensionUnknown", "dimension");
        await (await admin.PostAsJsonAsync("/api/v1/grading-items", Item("D9", kind: "rule"))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "GradingItemKindNotAddable", "kind");
        await (await admin.PostAsJsonAsync("/api/v1/grading-items", Item("D9", kind: "veto"))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "GradingItemKindNotAddable", "kind");
        await (await admin.PostAsJsonAsync("/api/v1/grading-items", Item("D9", maxPoints: 0))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "GradingItemPointsInvalid", "maxPoints");
        await (await admin.PostAsJsonAsync("/api/v1/grading-items", Item("H9", dimension: "adjustment", kind: "veto", maxPoints: 5))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "GradingItemPointsInvalid", "maxPoints");
        var taken = await (await admin.PostAsJsonAsync("/api/v1/grading-items", Item("d1"))).ShouldBeProblemAsync(HttpStatusCode.Conflict, "GradingItemCodeTaken", "code");
        taken.GetProperty("detail").GetString().ShouldBe("评分项编号 D1 已被使用");
        (await app.WithDbAsync(db => db.Set<GradingItem>().CountAsync())).ShouldBe(before);

        var created = await admin.PostAsJsonAsync("/api/v1/grading-items", Item("d9"));
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var item = await created.JsonAsync();
        (item.GetProperty("code").GetString(), item.GetProperty("dimension").GetString(), item.GetProperty("kind").GetString(), item.GetProperty("maxPoints").GetDecimal(), item.GetProperty("active").GetBoolean())
            .ShouldBe(("D9", "digital", "selfScored", 4m, true));
        created.Headers.Location!.ToString().ShouldBe($"/api/v1/grading-items/{item.GetProperty("id").GetInt64()}");
        var veto = await admin.PostAsJsonAsync("/api/v1/grading-items", Item("H9", dimension: "adjustment", kind: "veto", maxPoints: 0));
        veto.StatusCode.ShouldBe(HttpStatusCode.Created, await veto.Content.ReadAsStringAsync());

        // the catalogue lists D9 right after D1 (the digital dimension's last item) and H9 last
        var codes = (await (await admin.GetAsync("/api/v1/grading-items")).JsonAsync()).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()).ToList();
        codes.IndexOf("D9").ShouldBe(codes.IndexOf("D1") + 1);
        codes[^1].ShouldBe("H9");
        // a park's assessment offers the new items: the digital dimension's maximum grows by 4 (D1's 6 + 4)
        var park = await app.ParkIdAsync();
        var grading = await (await (await app.LoginAsync("operator")).GetAsync($"/api/v1/parks/{park}/grading?year=2026")).JsonAsync();
        grading.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()).ShouldContain("D9");
        grading.GetProperty("dimensions").EnumerateArray().Single(d => d.GetProperty("dimension").GetString() == "digital").GetProperty("maxPoints").GetDecimal()
            .ShouldBe(await app.WithDbAsync(db => db.Set<GradingItem>().Where(i => i.Code == "D1").Select(i => i.MaxPoints).SingleAsync()) + 4m);
    }
}
