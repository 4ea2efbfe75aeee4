using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using ParkOps.Browser.Tests.Infrastructure;
using ParkOps.Web.Features.Evaluation;
using ParkOps.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ParkOps.Browser.Tests;

/// <summary>The 亩均 pages on the demo park's published year: the operator's result and draft, the county's view, the tenant's own result.</summary>
public sealed class MujunPagesTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{
    private async Task<(int Year, List<MujunResultRow> Rows)> PublishedAsync(long park) => await App.WithDbAsync(async db =>
    {
        var run = await db.Set<MujunRun>().Where(r => r.ParkId == park && r.State == MujunRunState.Published).OrderByDescending(r => r.Year).ThenByDescending(r => r.Version).FirstAsync();
        return (run.Year, await db.Set<MujunResultRow>().Where(r => r.RunId == run.Id).ToListAsync());
    });

    [Fact]
    public async Task ParkResult_Operator_ChartAndTableOfEveryClass_AxeClean()
    {
        var park = await App.ParkIdAsync();
        var (year, rows) = await PublishedAsync(park);
        await SignInAsync("operator");
        await OpenOkAsync($"/parks/{park}/mujun");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync($"{year} 年度");
        await Expect(Page.GetByTestId("mujun-chart").Locator("canvas")).ToHaveCountAsync(1);
        await Expect(Page.GetByTestId("mujun-row")).ToHaveCountAsync(rows.Count);
        // the distribution table carries the chart's numbers: the 规上 row counts the published 规上 firms of each class
        var above = Page.GetByTestId("mujun-distribution").Locator("tbody tr").First;
        foreach (var (cls, i) in new[] { "A", "B", "C", "D" }.Select((c, i) => (c, i)))
            await Expect(above.Locator("td").Nth(i)).ToHaveTextAsync(rows.Count(r => r.AboveScale && r.Class == cls).ToString());
        // a firm's row leads to its result with every term
        var first = rows.Where(r => r.Class != "T").OrderBy(r => r.AboveScale ? 0 : 1).ThenBy(r => r.Rank).ThenBy(r => r.EnterpriseId).First();
        await Page.GetByTestId("mujun-row").First.Locator("a").ClickAsync();
        await Page.WaitForPageAsync($"**/enterprises/{first.EnterpriseId}/mujun?year={year}");
        await Expect(Page.GetByTestId("mujun-terms").Locator("li")).ToHaveCountAsync(first.AboveScale ? 6 : 2);
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }

    [Fact]
    public async Task Compute_Operator_ShowsADraftWithAConfirmedPublish()
    {
        var park = await App.ParkIdAsync();
        var (year, rows) = await PublishedAsync(park);
        await SignInAsync("operator");
        await OpenOkAsync($"/parks/{park}/mujun?year={year}");
        await Page.GetByTestId("mujun-compute").ClickAsync();
        await Page.WaitForPageAsync(new System.Text.RegularExpressions.Regex($"/mujun\\?year={year}&run=\\d+$"));
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "草稿结果（未发布）" })).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("mujun-row")).ToHaveCountAsync(rows.Count);
        // publishing cannot be undone: the box must be ticked first
        await Expect(Page.Locator("#pubconfirm")).ToHaveAttributeAsync("required", "");
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }

    [Fact]
    public async Task ParkResult_Government_ClassesWithoutFirmFiguresOrTools()
    {
        var park = await App.ParkIdAsync();
        var (_, rows) = await PublishedAsync(park);
        await SignInAsync("gov");
        await OpenOkAsync($"/parks/{park}/mujun");
        await Expect(Page.GetByTestId("mujun-row")).ToHaveCountAsync(rows.Count);
        await Expect(Page.GetByTestId("mujun-compute")).ToHaveCountAsync(0);
        await Expect(Page.GetByTestId("mujun-row").Locator("a")).ToHaveCountAsync(0);
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }

    [Fact]
    public async Task OwnResult_Tenant_ClassTermsAndWhatLiftsIt_AxeClean()
    {
        var own = await App.EnterpriseOfAsync("tenant");
        var park = await App.ParkIdAsync();
        var (_, rows) = await PublishedAsync(park);
        var mine = rows.Single(r => r.EnterpriseId == own);
        await SignInAsync("tenant");
        await OpenOkAsync("/");
        await Page.GetByTestId("nav-mujun").ClickAsync(new() { Force = true });
        await Page.WaitForPageAsync($"**/enterprises/{own}/mujun");
        await Expect(Page.GetByTestId("mujun-class").First).ToContainTextAsync(mine.Class);
        if (mine.Class == "T") await Expect(Page.GetByTestId("mujun-not-rated")).ToBeVisibleAsync();
        else
        {
            await Expect(Page.GetByTestId("mujun-score")).ToContainTextAsync(mine.Score!.Value.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
            await Expect(Page.GetByTestId("mujun-terms").Locator("li")).ToHaveCountAsync(mine.AboveScale ? 6 : 2);
            await Expect(Page.GetByTestId("mujun-lift")).ToHaveCountAsync(mine.LiftJson is null ? 0 : 1);
        }
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }
}
