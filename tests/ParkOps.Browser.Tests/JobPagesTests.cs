using Microsoft.Extensions.DependencyInjection;
using ParkOps.Browser.Tests.Infrastructure;
using ParkOps.Web.Platform;
using ParkOps.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ParkOps.Browser.Tests;

/// <summary>The park's job history as an operator reads it, on a desktop and on a 375 px phone.</summary>
public sealed class JobPagesTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{
    private async Task<(long Park, long Failed, long Completed)> TwoJobsAsync()
    {
        var park = await App.ParkIdAsync();
        var jobs = App.Services.GetRequiredService<Jobs>();
        var failed = await jobs.StartAsync(JobKinds.Import, park, "Units · 单元.xlsx", "operator", default);
        await jobs.FinishAsync(failed, false, null, "ImportRowsMustBeValid", "2 rows");
        var completed = await jobs.StartAsync(JobKinds.BillRun, park, "2001-02", "operator", default);
        await jobs.ReportAsync(completed, 0, 12, default);
        await jobs.FinishAsync(completed, true, new { billsCreated = 12, billsExisting = 3, totalCreated = 34500.5m }, null, null);
        return (park, failed.Id, completed.Id);
    }

    [Fact]
    public async Task Jobs_Operator_ShowsEachJobsOutcomeInChinese_AndAxeFindsNoSeriousViolations()
    {
        var (park, _, _) = await TwoJobsAsync();
        await SignInAsync("operator");
        await OpenOkAsync($"/parks/{park}/bills");
        await Page.GetByTestId("jobs-link").ClickAsync();
        await Page.WaitForPageAsync(new System.Text.RegularExpressions.Regex($"/parks/{park}/jobs$"));
        var bill = Page.GetByTestId("job").Filter(new() { HasText = "2001-02" });
        await Expect(bill.GetByTestId("job-state")).ToHaveTextAsync("已完成");
        await Expect(bill.GetByTestId("job-outcome")).ToHaveTextAsync("新开账单 12 张（已有 3 张），合计 34,500.50 元");
        var import = Page.GetByTestId("job").Filter(new() { HasText = "单元.xlsx" }).First;
        await Expect(import.GetByTestId("job-state")).ToHaveTextAsync("失败");
        await Expect(import.GetByTestId("job-outcome")).ToHaveTextAsync("文件中有存在问题的行，未导入任何行");
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);

        // live: a run that starts while the page is open appears, its progress moves and its end shows, without a reload
        await Page.EvaluateAsync("() => { window.__sameDocument = true; }");
        var jobs = App.Services.GetRequiredService<Jobs>();
        var running = await jobs.StartAsync(JobKinds.BillRun, park, "2001-04", "operator", default);
        await jobs.ReportAsync(running, 3, 12, default);
        var live = Page.GetByTestId("job").Filter(new() { HasText = "2001-04" });
        await Expect(live.GetByTestId("job-state")).ToHaveTextAsync("进行中");
        await Expect(live).ToContainTextAsync("3 / 12（25%）");
        await jobs.ReportAsync(running, 12, 12, default);
        await jobs.FinishAsync(running, true, new { billsCreated = 12, billsExisting = 0, totalCreated = 1200m }, null, null);
        await Expect(live.GetByTestId("job-state")).ToHaveTextAsync("已完成");
        await Expect(live.GetByTestId("job-outcome")).ToHaveTextAsync("新开账单 12 张（已有 0 张），合计 1,200.00 元");
        (await Page.EvaluateAsync<bool>("() => window.__sameDocument === true")).ShouldBeTrue("the job list was reloaded");
    }

    [Fact]
    public async Task Jobs_Tenant_IsRefusedWithTheRule()
    {
        var park = await App.ParkIdAsync();
        await SignInAsync("tenant");
        var res = await OpenAsync($"/parks/{park}/jobs");
        res.Status.ShouldBe(403);
        await Expect(Page.GetByTestId("jobs-error")).ToHaveTextAsync("只有园区运营人员可以查看");
    }
}

/// <summary>The job history on a phone: no sideways scrolling, and each job's fields stay side by side with their labels.</summary>
public sealed class JobPagesPhoneTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{
    private const int Width = 375;

    protected override BrowserNewContextOptions ContextOptions => new()
    {
        ViewportSize = new() { Width = Width, Height = 812 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2,
    };

    [Fact]
    public async Task Jobs_OnA375PxPhone_FitsAndEveryFieldIsReadable()
    {
        var park = await App.ParkIdAsync();
        var jobs = App.Services.GetRequiredService<Jobs>();
        var job = await jobs.StartAsync(JobKinds.BillRun, park, "2001-03", "operator", default);
        await jobs.FinishAsync(job, true, new { billsCreated = 1, billsExisting = 0, totalCreated = 100m }, null, null);
        await SignInAsync("operator");
        await OpenOkAsync($"/parks/{park}/jobs");
        // the live list is drawn again when its circuit starts: measure it once it is live
        await Expect(Page.GetByTestId("jobs-list")).ToHaveAttributeAsync("data-interactive", "true");
        await Expect(Page.GetByTestId("job").First).ToBeVisibleAsync();
        (await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(Width + 1);
        // every value cell is wide enough for a date and time on one line (no column squeezed to a few characters)
        var narrowest = await Page.EvaluateAsync<int>("() => Math.min(...[...document.querySelectorAll('[data-testid=job] dd')].map(d => d.getBoundingClientRect().width))");
        narrowest.ShouldBeGreaterThanOrEqualTo(150);
    }
}
