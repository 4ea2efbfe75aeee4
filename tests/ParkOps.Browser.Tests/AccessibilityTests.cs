using ParkOps.Browser.Tests.Infrastructure;
using ParkOps.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ParkOps.Browser.Tests;

/// <summary>
/// axe-core finds nothing serious or critical on the console's pages, in the state a person sees them: the pages a
/// role's menu and home lead to are checked by the sweep in <see cref="ChineseAllTheWayTests"/> (every role); here the
/// pages no menu links to (details, forms) and the states after a failed submit.
/// </summary>
[Collection(PageSweepCollection.Name)]
public sealed class AccessibilityTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{
    [MarkupFact]
    public async Task Axe_PageWithAnUnlabelledFieldAndLowContrast_ReportsBothAsSerious()
    {
        // the checker itself: a page with known faults must fail it
        await Page.SetContentAsync("""
            <!DOCTYPE html><html lang="zh-CN"><head><title>t</title></head>
            <body><main><h1>检查</h1><input id="x"><p style="color:#aaa;background:#fff">浅灰色文字</p></main></body></html>
            """);
        var found = await Axe.RunAsync(Page);
        found.Select(v => (v.Id, v.Impact)).ShouldContain(("label", "critical"));
        found.Select(v => (v.Id, v.Impact)).ShouldContain(("color-contrast", "serious"));
        var ex = await Should.ThrowAsync<AccessibilityException>(() => Page.ShouldHaveNoSeriousViolationsAsync());
        ex.Message.ShouldContain("label (critical)");
        ex.Message.ShouldContain("#x");
    }

    [MarkupFact]
    public async Task LoginPage_Axe_NoSeriousViolations()
    {
        await OpenAsync("/login");
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }

    [MarkupFact]
    public async Task LoginPage_AfterAWrongPassword_NoSeriousViolations()
    {
        await OpenAsync("/login");
        await Page.Locator("#userName").FillAsync("operator");
        await Page.Locator("#password").FillAsync("wrong-password");
        await Page.Locator("main form [type=submit]").ClickAsync();
        await Expect(Page.GetByTestId("login-error")).ToBeVisibleAsync();
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }

    [MarkupTheory]
    [InlineData("/enterprises/{enterprise}")]
    [InlineData("/enterprises/{applicant}")]
    [InlineData("/parks/{park}/enterprises/new")]
    [InlineData("/enterprises/{enterprise}/edit")]
    [InlineData("/parks/{park}/meter-readings/import")]
    public async Task OperatorPage_Axe_NoSeriousViolations(string page)
    {
        await SignInAsync("operator");
        var res = await OpenAsync(await PathAsync(page));
        res.Status.ShouldBe(200);
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }

    [MarkupFact]
    public async Task NewEnterpriseForm_AfterAFailedSubmit_NoSeriousViolations()
    {
        await SignInAsync("operator");
        await OpenAsync(await PathAsync("/parks/{park}/enterprises/new"));
        await Page.Locator("#creditCode").FillAsync(BrowserDemo.WithWrongCheckCharacter(Demo.NewCreditCode()));
        await Page.Locator("#contactEmail").FillAsync("not-an-email");
        await Page.GetByTestId("save-enterprise").ClickAsync();
        await Expect(Page.Locator(".validation-message").First).ToBeVisibleAsync();
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }

    [MarkupFact]
    public async Task UsersForm_AfterAFailedSubmit_NoSeriousViolations()
    {
        await SignInAsync("operator");
        await OpenAsync("/users");
        await Page.Locator("#un").FillAsync("x");
        await Page.Locator("#pw").FillAsync("short");
        await Page.Locator("section[aria-labelledby=newuser] [type=submit]").ClickAsync();
        await Expect(Page.Locator("div.validation-message").First).ToBeVisibleAsync();
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }



    [MarkupTheory]
    [InlineData("zh")]
    [InlineData("en")]
    public async Task NotFoundPage_Axe_NoSeriousViolations(string language)
    {
        await SignInAsync("tenant");
        if (language == "en")
        {
            await OpenAsync("/");
            await Page.GetByTestId("lang-en").ClickAsync();
            // the switch sets its cookie on a full load: wait for it before the next page is asked for
            await Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        }
        var res = await OpenAsync(await PathAsync("/enterprises/{other}"));
        res.Status.ShouldBe(404);
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }
}
