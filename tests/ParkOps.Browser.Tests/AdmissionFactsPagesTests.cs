using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ParkOps.Browser.Tests.Infrastructure;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ParkOps.Browser.Tests;

/// <summary>
/// Issue 15 §4 and §6 as an operator meets them: an applicant's declared processes and earlier grade judged by the
/// park's negative list (reasons in Chinese, naming the fact), the declarations entered on the enterprise form, and the
/// 亩均 class entered with its year and source.
/// </summary>
public sealed class AdmissionFactsPagesTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{
    [Fact]
    public async Task DemoApplicant_ReviewNamesThePlatingAndTheEarlierClassD()
    {
        // the demo's applicant that plates its own wire and was graded D before it came
        var id = await App.WithDbAsync(db => db.Enterprises.Where(e => e.Processes.Contains("电镀") && e.EarlierClass == "D").Select(e => e.Id).SingleAsync());
        await SignInAsync("operator");
        await OpenAsync($"/enterprises/{id}");
        await Expect(Page.GetByTestId("suggested")).ToHaveTextAsync("不予准入");
        await Expect(Page.GetByTestId("reason-NegativeProcess")).ToContainTextAsync("申报工艺含“电镀”");
        await Expect(Page.GetByTestId("reason-NegativeClassD")).ToContainTextAsync("惠州市惠阳区被评为 D 类");
        await Expect(Page.GetByTestId("processes")).ToHaveTextAsync("拉丝、电镀");
    }

    [Fact]
    public async Task EnterpriseForm_DeclaringPlating_TheReviewSuggestsRejection()
    {
        var park = await App.ParkIdAsync();
        var code = Demo.NewCreditCode();
        await SignInAsync("operator");
        await OpenAsync($"/parks/{park}/enterprises/new");
        await Page.Locator("#creditCode").FillAsync(code);
        await Page.Locator("#name").FillAsync($"东莞申报工艺测试{code[^6..]}有限公司");
        await Page.Locator("#industryCode").FillAsync("C3982");
        await Page.Locator("#processes").FillAsync("冲压、电镀");
        await Page.Locator("#emission").SelectOptionAsync("简化管理");
        await Page.GetByTestId("save-enterprise").ClickAsync();
        await Page.WaitForPageAsync(new Regex(@"/enterprises/\d+\?saved=1$"));
        await Expect(Page.GetByTestId("processes")).ToHaveTextAsync("冲压、电镀");
        await Expect(Page.GetByTestId("suggested")).ToHaveTextAsync("不予准入");
        await Expect(Page.GetByTestId("reason-NegativeProcess")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task MuClass_OperatorEntersClassYearAndSource_PageShowsThem()
    {
        var park = await App.ParkIdAsync();
        // an admitted firm; the entry grades the year after the one its class is for (an evaluation's year is not overwritten)
        var (id, held) = await App.WithDbAsync(async db => await db.Enterprises.Where(e => e.ParkId == park && e.Status == ParkOps.Web.Features.Enterprises.EnterpriseStatus.Admitted)
            .OrderByDescending(e => e.Id).Select(e => new ValueTuple<long, int?>(e.Id, e.MuClassYear)).FirstAsync());
        var year = (held ?? 2024) + 1;
        await SignInAsync("operator");
        await OpenAsync($"/enterprises/{id}");
        await Page.GetByText("录入亩均分类").ClickAsync();
        await Page.Locator("#muclass").SelectOptionAsync("C");
        await Page.Locator("#muyear").FillAsync(year.ToString());
        await Page.Locator("#musource").FillAsync("");
        await Page.GetByTestId("mu-class-save").ClickAsync();
        // no source: refused in Chinese, nothing changed
        await Expect(Page.GetByTestId("mu-class-error")).ToContainTextAsync("请填写分类来源");

        await Page.Locator("#musource").FillAsync($"长安镇经发局 {year} 年度亩均评价结果");
        await Page.GetByTestId("mu-class-save").ClickAsync();
        await Page.WaitForPageAsync(new Regex(@"done=muclass"));
        await Expect(Page.GetByTestId("enterprise-done")).ToContainTextAsync("亩均分类");
        await Expect(Page.GetByTestId("mu-class")).ToHaveTextAsync($"C 类 · {year} 年度 · 运营方录入：长安镇经发局 {year} 年度亩均评价结果");
    }

    [Fact]
    public async Task Settings_NegativeListReadsInChinese_AndSavesBackUnchanged_WithTheThinShare()
    {
        var park = await App.ParkIdAsync();
        var before = await App.WithDbAsync(db => db.Parks.Where(p => p.Id == park).Select(p => new { p.NegativeList, p.ThinStageShare }).SingleAsync());
        await SignInAsync("operator");
        await OpenAsync($"/parks/{park}/settings");
        var list = await Page.Locator("#negative").InputValueAsync();
        list.ShouldContain("工艺:电镀");
        list.ShouldContain("行业:C26");
        list.ShouldNotContain("process:");
        decimal.Parse(await Page.Locator("#thin").InputValueAsync(), System.Globalization.CultureInfo.InvariantCulture).ShouldBe(before.ThinStageShare * 100);
        await Page.GetByTestId("settings-form").Locator("button[type=submit]").ClickAsync();
        await Page.WaitForPageAsync(new Regex(@"/settings\?saved=1$"));
        await Expect(Page.GetByTestId("settings-saved")).ToBeVisibleAsync();
        (await App.WithDbAsync(db => db.Parks.Where(p => p.Id == park).Select(p => new { p.NegativeList, p.ThinStageShare }).SingleAsync())).ShouldBe(before);
    }
}
