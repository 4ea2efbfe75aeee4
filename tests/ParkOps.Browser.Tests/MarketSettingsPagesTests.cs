using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ParkOps.Browser.Tests.Infrastructure;
using ParkOps.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ParkOps.Browser.Tests;

/// <summary>Issue 15 §5: an operator sets the park's matching threshold and credit weights on a page (the second park, so no other test sees it).</summary>
public sealed class MarketSettingsPagesTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{
    [Fact]
    public async Task Operator_SetsThresholdAndCreditWeights_AfterConfirming_TheyAreStoredAndShown()
    {
        var park = await App.ParkIdAsync("DG-HM-01");
        await SignInAsync("operator2");
        await OpenAsync($"/parks/{park}/market-settings");
        await Expect(Page.GetByTestId("market-settings-source")).ToContainTextAsync("系统默认值");
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);

        // credit weights that do not add up to 1 are refused, naming the rule, and the page keeps what was typed
        await Page.GetByTestId("cw-CreditRent").FillAsync("0.5");
        await Page.Locator("#msconfirm").CheckAsync();
        await Page.GetByTestId("market-settings-save").ClickAsync();
        await Expect(Page.GetByTestId("market-settings-error")).ToContainTextAsync("之和应为 1");

        await Page.GetByTestId("cw-CreditRent").FillAsync("0.5");
        await Page.GetByTestId("cw-CreditCollaboration").FillAsync("0.3");
        await Page.GetByTestId("mw-minScore").FillAsync("0.35");
        await Page.Locator("#msconfirm").CheckAsync();
        await Page.GetByTestId("market-settings-save").ClickAsync();
        await Page.WaitForPageAsync(new Regex(@"saved=1"));
        await Expect(Page.GetByTestId("market-settings-done")).ToContainTextAsync("已保存");
        await Expect(Page.GetByTestId("market-settings-source")).ToContainTextAsync("operator2");
        await Expect(Page.GetByTestId("mw-minScore")).ToHaveValueAsync("0.35");
        (await App.WithDbAsync(db => db.Set<ParkOps.Web.Features.Marketplace.MarketSettings>().IgnoreQueryFilters().Where(s => s.ParkId == park)
            .Select(s => new { s.MinScore, s.CreditRent, s.CreditCollaboration, s.CreditReporting, s.CapabilityFit }).SingleAsync()))
            .ShouldBe(new { MinScore = 0.35m, CreditRent = 0.5m, CreditCollaboration = 0.3m, CreditReporting = 0.2m, CapabilityFit = 0.25m });
    }
}
