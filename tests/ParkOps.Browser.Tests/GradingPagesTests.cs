using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using ParkOps.Browser.Tests.Infrastructure;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ParkOps.Browser.Tests;

/// <summary>Park grading on the demo: the operator's page shows the API's grade and total with the dimension chart; the county opens a submitted assessment from the region overview and approves it.</summary>
public sealed class GradingPagesTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{
    private static string Num(decimal v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Operator_DemoParkGrading_ShowsTheApisGradeAndTotalWithTheChart_AxeClean()
    {
        var park = await App.ParkIdAsync();
        using var http = await ApiClientAsync("operator");
        var res = await http.GetAsync($"/api/v1/parks/{park}/grading");
        res.EnsureSuccessStatusCode();
        var api = await res.JsonAsync();
        await SignInAsync("operator");
        await OpenOkAsync($"/parks/{park}/grading");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "园区评级自评", Exact = false }).First).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("grading-grade")).ToHaveTextAsync(api.GetProperty("grade").GetString()!);
        await Expect(Page.GetByTestId("grading-total")).ToHaveTextAsync(Num(api.GetProperty("total").GetDecimal()));
        await Expect(Page.GetByTestId("grading-chart").Locator("canvas")).ToHaveCountAsync(1);
        // the demo's scored items with their evidence, and the items that cost points
        await Expect(Page.Locator("[data-testid='grading-item'][data-code='F1'] input[name^='p-']")).ToHaveValueAsync("8");
        await Expect(Page.Locator("[data-testid='grading-item'][data-code='F1']").GetByTestId("grading-evidence-link")).ToHaveCountAsync(1);
        await Expect(Page.GetByTestId("grading-lost-item")).ToHaveCountAsync(api.GetProperty("lost").GetArrayLength());
        // the data table one click away
        await Page.GetByTestId("grading-chart-table-toggle").Locator("summary").ClickAsync();
        await Expect(Page.GetByTestId("grading-chart-table")).ToBeVisibleAsync();
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }

    [Fact]
    public async Task Government_OpensASubmittedAssessmentFromTheRegion_AndApprovesIt()
    {
        var park = await App.ParkIdAsync();
        const int year = 2016;
        using (var op = await ApiClientAsync("operator"))
        {
            var d = await (await op.GetAsync($"/api/v1/parks/{park}/grading?year={year}")).JsonAsync();
            var f1 = d.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("code").GetString() == "F1").GetProperty("itemId").GetInt64();
            (await op.PutAsJsonAsync($"/api/v1/parks/{park}/grading/items?year={year}", new { items = new object[] { new { itemId = f1, points = 7 } } })).EnsureSuccessStatusCode();
            using var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(ParkOps.Web.Features.Grading.GradingDemo.Pdf("证明"));
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            form.Add(file, "file", "证明.pdf");
            (await op.PostAsync($"/api/v1/parks/{park}/grading/evidence?year={year}&itemId={f1}", form)).EnsureSuccessStatusCode();
            (await op.PostAsync($"/api/v1/parks/{park}/grading/submit?year={year}", null)).EnsureSuccessStatusCode();
        }
        await SignInAsync("gov");
        await OpenOkAsync($"/parks/{park}/grading?year={year}");
        await Expect(Page.GetByTestId("grading-state")).ToHaveAttributeAsync("data-state", "submitted");
        await Expect(Page.GetByTestId("grading-review")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("grading-form").Locator("input[name^='p-']")).ToHaveCountAsync(0);
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
        // approving asks first: without the box nothing is sent
        await Page.GetByTestId("grading-approve").ClickAsync();
        await Expect(Page.GetByTestId("grading-state")).ToHaveAttributeAsync("data-state", "submitted");
        await Page.Locator("#gapconfirm").CheckAsync();
        await Page.GetByTestId("grading-approve").ClickAsync();
        await Page.WaitForPageAsync("**/grading?year=2016&done=approved*");
        await Expect(Page.GetByTestId("grading-done")).ToContainTextAsync("已审核通过");
        await Expect(Page.GetByTestId("grading-state")).ToHaveAttributeAsync("data-state", "approved");

        // the region overview links the demo park to its grading of the quarter's year
        var city = await App.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Regions.Where(r => r.Code == "441900").Select(r => r.Id)));
        await OpenOkAsync($"/regions/{city}/parks?quarter={year}Q4");
        var link = Page.Locator($"[data-testid='region-row'][data-park='{park}']").GetByTestId("region-grading-link");
        await Expect(link).ToHaveCountAsync(1);
        // an ended quarter: the province's template can be exported
        await Expect(Page.GetByTestId("province-export")).ToHaveAttributeAsync("href", $"/api/v1/regions/{city}/province-export?year={year}&quarter=4");
        // F1 7 points, four quarters of 2016 not submitted (−8): 0 points, D
        await Expect(link).ToHaveTextAsync("D 级（0 分）");
        await link.ClickAsync();
        await Page.WaitForPageAsync($"**/parks/{park}/grading?year={year}*");
        await Expect(Page.GetByTestId("grading-state")).ToHaveAttributeAsync("data-state", "approved");
        await Expect(Page.GetByTestId("grading-chart").Locator("canvas")).ToHaveCountAsync(1);
        await Expect(Page.GetByTestId("grading-back")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Catalogue_AdminEditsAnItemAndAddsOne_OnAPhoneToo_AndAnOperatorIsRefused()
    {
        await SignInAsync("admin");
        await Page.SetViewportSizeAsync(375, 812);
        await OpenOkAsync("/admin/grading-items");
        using var admin = await ApiClientAsync("admin");
        var before = await ParkOps.Web.Tests.Infrastructure.Demo.JsonAsync(await admin.GetAsync("/api/v1/grading-items"));
        await Expect(Page.GetByTestId("gcat-item")).ToHaveCountAsync(before.GetProperty("items").GetArrayLength());
        await Expect(Page.GetByTestId("gcat-dimension")).ToHaveCountAsync(10);
        (await Page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth")).ShouldBeTrue("no horizontal scrolling on a phone");
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);

        // edit I1: the form starts from the item; a maximum of 0 is refused in words and nothing changes
        var i1 = before.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("code").GetString() == "I1");
        await Page.Locator("[data-testid='gcat-item'][data-code='I1']").GetByTestId("gcat-edit-link").ClickAsync();
        await Expect(Page.Locator("#gzh")).ToHaveValueAsync(i1.GetProperty("textZh").GetString()!);
        await Page.Locator("#gmax").FillAsync("0");
        await Page.Locator("#gmax").EvaluateAsync("e => e.removeAttribute('min')");
        await Page.GetByTestId("gcat-save").ClickAsync();
        await Expect(Page.GetByTestId("gcat-error")).ToContainTextAsync("评分项 I1 的分值不合理");
        await Page.Locator("#gmax").FillAsync(Num(i1.GetProperty("maxPoints").GetDecimal()));
        await Page.Locator("#gzh").FillAsync("建立清廉园区建设制度并落实廉洁风险防控");
        await Page.GetByTestId("gcat-save").ClickAsync();
        await Page.WaitForPageAsync("**done=saved*");
        await Expect(Page.GetByTestId("gcat-done")).ToHaveTextAsync("已保存评分项 I1。");
        await Expect(Page.Locator("[data-testid='gcat-item'][data-code='I1']")).ToContainTextAsync("建立清廉园区建设制度并落实廉洁风险防控");

        // a new self-scored item in 数字赋能: the dimension's maximum grows by its 3 points
        var digital = before.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("dimension").GetString() == "digital" && i.GetProperty("active").GetBoolean()).Sum(i => i.GetProperty("maxPoints").GetDecimal());
        var code = $"D{Random.Shared.Next(100, 1000)}";
        await Page.Locator("#ncode").FillAsync(code);
        await Page.Locator("#ndim").SelectOptionAsync("digital");
        await Page.Locator("#nmax").FillAsync("3");
        await Page.Locator("#nzh").FillAsync("园区建有能耗在线监测系统");
        await Page.Locator("#nen").FillAsync("Online energy monitoring");
        await Page.GetByTestId("gcat-create").ClickAsync();
        await Page.WaitForPageAsync("**done=created*");
        await Expect(Page.GetByTestId("gcat-done")).ToHaveTextAsync($"已新增评分项 {code}。");
        var section = Page.Locator("[data-testid='gcat-dimension'][data-dimension='digital']");
        await Expect(section.Locator($"[data-testid='gcat-item'][data-code='{code}']")).ToContainTextAsync("园区建有能耗在线监测系统");
        await Expect(section.Locator("h2")).ToContainTextAsync($"满分 {Num(digital + 3)} 分");
        (await Page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth")).ShouldBeTrue("no horizontal scrolling on a phone");
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);

        await SignInAsync("operator");
        var res = await Page.GotoAsync("/admin/grading-items");
        res!.Status.ShouldBe(403);
        await Expect(Page.GetByTestId("gcat-error")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("gcat-item")).ToHaveCountAsync(0);
    }
}
