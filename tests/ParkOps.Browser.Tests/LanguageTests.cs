using ParkOps.Browser.Tests.Infrastructure;
using ParkOps.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ParkOps.Browser.Tests;

/// <summary>The console speaks Chinese by default and English on request, and remembers the choice.</summary>
[Collection(PageSweepCollection.Name)]
public sealed class LanguageTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{
    [Fact]
    public async Task LanguageSwitch_EnglishThenChinese_TextsFollowAndTheChoiceSurvivesNavigation()
    {
        var park = await App.ParkIdAsync();
        await OpenAsync("/login");
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("登录");
        await Expect(Page.GetByTestId("lang-zh")).ToHaveAttributeAsync("aria-current", "true");

        // the switch is a full load back to the same address: wait for the new document's language, not for the address
        // (it matches before the click has left the page, and a wait for an address already reached can miss the load)
        await Page.GetByTestId("lang-en").ClickAsync();
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Sign in");
        await Expect(Page.Locator("label[for=userName]")).ToHaveTextAsync("User name");
        await Expect(Page.GetByTestId("lang-en")).ToHaveAttributeAsync("aria-current", "true");

        // the choice persists: signing in and moving between pages stays English
        await SignInThroughTheFormAsync("operator");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Park overview");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Enterprises", Exact = true }).ClickAsync();
        await Page.WaitForPageAsync($"**/parks/{park}/enterprises");
        await Expect(Page.Locator("h1")).ToContainTextAsync("Enterprises");
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", "en");

        // and back to Chinese, on the same page
        await Page.GetByTestId("lang-zh").ClickAsync();
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(Page.Locator("h1")).ToContainTextAsync("企业档案");
        await OpenAsync("/");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("园区概览");
    }

    [Theory]
    [InlineData("en-GB", "Sign in", "en")]
    [InlineData("zh-TW", "登录", "zh-CN")]
    [InlineData("fr-FR", "登录", "zh-CN")]
    public async Task LoginPage_BrowserLanguageAndNoChoiceMade_EnglishForEnglishChineseOtherwise(string locale, string title, string lang)
    {
        await using var context = await Chromium.Browser.NewContextAsync(new() { BaseURL = App.BaseUrl, Locale = locale });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await Expect(page.Locator("h1")).ToHaveTextAsync(title);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", lang);
    }
}
