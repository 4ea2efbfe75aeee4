using Microsoft.EntityFrameworkCore;
using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using ParkOps.Browser.Tests.Infrastructure;
using ParkOps.Web.Features.Demo;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ParkOps.Browser.Tests;

/// <summary>
/// The contribution pages on the demo park's published year: the figures on the page are the ones the API gives the
/// same signed-in user (read through the page's own cookie).
/// </summary>
public sealed class ContributionPagesTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{
    private static int Year => ContributionDemo.DemoYear(DateOnly.FromDateTime(Time.ToShanghai(DateTime.UtcNow)));

    private static string Money(decimal v) => v.ToString("#,##0.00", CultureInfo.InvariantCulture);

    private async Task<JsonElement> ApiAsync(string path)
    {
        var res = await Page.APIRequest.GetAsync(App.BaseUrl.TrimEnd('/') + path);
        res.Ok.ShouldBeTrue($"{path}: {res.Status} {await res.TextAsync()}");
        return JsonDocument.Parse(await res.TextAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task ParkPage_Operator_ChartScoresAndRebateAsTheApi_AxeClean()
    {
        var park = await App.ParkIdAsync();
        await SignInAsync("operator");
        var scores = (await ApiAsync($"/api/v1/parks/{park}/contribution-scores?year={Year}")).EnumerateArray().ToList();
        var rebate = await ApiAsync($"/api/v1/parks/{park}/rebates?year={Year}");
        await OpenOkAsync($"/parks/{park}/contribution?year={Year}");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync($"{Year} 年");
        await Expect(Page.GetByTestId("contribution-chart").Locator("canvas")).ToHaveCountAsync(1);
        await Expect(Page.GetByTestId("contribution-row")).ToHaveCountAsync(scores.Count);
        var top = scores.OrderByDescending(r => r.GetProperty("score").GetDecimal()).ThenBy(r => r.GetProperty("enterpriseId").GetInt64()).First();
        var topRow = Page.Locator($"[data-testid=contribution-row][data-enterprise='{top.GetProperty("enterpriseId").GetInt64()}']");
        await Expect(topRow.GetByTestId("contribution-score")).ToHaveTextAsync(top.GetProperty("score").GetDecimal().ToString("0.00", CultureInfo.InvariantCulture));
        var pool = rebate.GetProperty("pool").GetDecimal();
        await Expect(Page.GetByTestId("rebate-pool")).ToContainTextAsync(Money(pool));
        // the table's total row adds the allocations: exactly the pool
        await Expect(Page.GetByTestId("rebate-table").GetByTestId("rebate-sum")).ToHaveTextAsync(Money(pool));
        await Expect(Page.GetByTestId("rebate-table").GetByTestId("rebate-row")).ToHaveCountAsync(rebate.GetProperty("allocations").GetArrayLength());
        await Expect(Page.Locator("#pubconfirm")).ToHaveCountAsync(0);
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }

    [Fact]
    public async Task ParkPage_Operator_RecordsATrainingAndImportsTheTaxFile_ABadFileIsRefusedByRow()
    {
        var park = await App.ParkIdAsync();
        var own = await App.EnterpriseOfAsync("tenant");
        var firm = await App.WithDbAsync(db => db.Enterprises.Where(e => e.Id == own).Select(e => new { e.Name, e.CreditCode }).SingleAsync());
        var (name, code) = (firm.Name, firm.CreditCode);
        var foreign = await App.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters().Where(e => e.ParkId != park).Select(e => e.CreditCode).FirstAsync());
        var year = Time.ToShanghai(DateTime.UtcNow).Year;
        var title = "数控编程培训 " + Random.Shared.Next(100_000, 1_000_000);
        await SignInAsync("operator");
        await OpenOkAsync($"/parks/{park}/contribution?year={year}");

        // a training given: hours are part of the record
        var form = Page.GetByTestId("record-form");
        await form.Locator("#recent").SelectOptionAsync(own.ToString(CultureInfo.InvariantCulture));
        await form.Locator("#reckind").SelectOptionAsync("TrainingGiven");
        await form.Locator("#rechours").FillAsync("16");
        await form.Locator("#rectitle").FillAsync(title);
        await form.GetByTestId("record-add").ClickAsync();
        await Expect(Page.GetByTestId("contribution-done")).ToContainTextAsync($"已记录：{name} · 对外培训 · {title}");
        await Expect(Page.GetByTestId("contribution-records")).ToContainTextAsync(title);

        // the tax office's file: one bad row refuses the whole file, each row named
        var bad = System.Text.Encoding.UTF8.GetBytes($"统一社会信用代码,地方留存税收（元）\n{code},1000.50\n{foreign},20\n");
        await Page.Locator("#taxfile").SetInputFilesAsync(new FilePayload { Name = "留存税收.csv", MimeType = "text/csv", Buffer = bad });
        await Page.GetByTestId("tax-file-import").ClickAsync();
        await Expect(Page.GetByTestId("contribution-error")).ToContainTextAsync($"第 3 行「统一社会信用代码」：统一社会信用代码 {foreign} 不是本园区的企业");
        (await App.WithDbAsync(db => db.Set<ParkOps.Web.Features.Contribution.RetainedTax>().IgnoreQueryFilters().CountAsync(t => t.EnterpriseId == own && t.Year == year && t.Amount == 1000.50m))).ShouldBe(0);

        var good = System.Text.Encoding.UTF8.GetBytes($"统一社会信用代码,地方留存税收（元）\n{code},\"1,000.50\"\n");
        await Page.Locator("#taxfile").SetInputFilesAsync(new FilePayload { Name = "留存税收.csv", MimeType = "text/csv", Buffer = good });
        await Page.GetByTestId("tax-file-import").ClickAsync();
        await Expect(Page.GetByTestId("contribution-done")).ToContainTextAsync($"已导入 {year} 年地方留存税收");
        (await App.WithDbAsync(db => db.Set<ParkOps.Web.Features.Contribution.RetainedTax>().IgnoreQueryFilters().Where(t => t.EnterpriseId == own && t.Year == year).Select(t => t.Amount).SingleAsync())).ShouldBe(1000.50m);
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }

    [Fact]
    public async Task EnterprisePage_TenantOnAPhone_ScoreBreakdownAndRebateAsTheApi_AxeClean()
    {
        var own = await App.EnterpriseOfAsync("tenant");
        await SignInAsync("tenant");
        var mine = await ApiAsync($"/api/v1/enterprises/{own}/contribution?year={Year}");
        await OpenOkAsync("/");
        await Page.GetByTestId("nav-contribution").ClickAsync(new() { Force = true });
        await Page.WaitForPageAsync($"**/enterprises/{own}/contribution");
        // phone-first: read on a phone's width (the menu is reached above at desktop width, where it is not collapsed)
        await Page.SetViewportSizeAsync(390, 812);
        await Page.ReloadAsync();
        await Expect(Page.GetByTestId("contribution-my-score")).ToContainTextAsync(mine.GetProperty("score").GetDecimal().ToString("0.00", CultureInfo.InvariantCulture));
        await Expect(Page.GetByTestId("contribution-term")).ToHaveCountAsync(5);
        var affairs = mine.GetProperty("breakdown").EnumerateArray().Single(t => t.GetProperty("indicator").GetString() == "public-affairs");
        await Expect(Page.Locator("[data-testid=contribution-term][data-indicator=public-affairs]").GetByTestId("contribution-term-points"))
            .ToContainTextAsync(affairs.GetProperty("points").GetDecimal().ToString("0.00", CultureInfo.InvariantCulture));
        await Expect(Page.Locator("[data-testid=contribution-term][data-indicator=public-affairs] details li")).ToHaveCountAsync(affairs.GetProperty("evidence").GetArrayLength());
        await Expect(Page.GetByTestId("contribution-my-rebate")).ToContainTextAsync(Money(mine.GetProperty("rebate").GetProperty("amount").GetDecimal()));
        (await Page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth")).ShouldBeTrue("no horizontal scrolling on a phone");
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }

    [Fact]
    public async Task ParkPage_Government_ScoresWithoutToolsAndTheAllocationsWithheld()
    {
        var park = await App.ParkIdAsync();
        await SignInAsync("gov");
        var scores = (await ApiAsync($"/api/v1/parks/{park}/contribution-scores?year={Year}")).GetArrayLength();
        await OpenOkAsync($"/parks/{park}/contribution?year={Year}");
        await Expect(Page.GetByTestId("contribution-row")).ToHaveCountAsync(scores);
        await Expect(Page.GetByTestId("contribution-compute")).ToHaveCountAsync(0);
        await Expect(Page.GetByTestId("rebate-withheld")).ToBeVisibleAsync();
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }
}
