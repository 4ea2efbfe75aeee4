using System.Text.RegularExpressions;
using ParkOps.Browser.Tests.Infrastructure;
using ParkOps.Web.Features.Demo;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ParkOps.Browser.Tests;

/// <summary>The console can be used without a mouse.</summary>
[Collection(PageSweepCollection.Name)]
public sealed class KeyboardTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{
    private Task<string?> FocusedIdAsync() => Page.EvaluateAsync<string?>("() => document.activeElement?.id || null");

    [Fact]
    public async Task LoginForm_KeyboardOnly_TabToTheFieldsAndEnterSignsIn()
    {
        await OpenAsync("/login");
        // Tab from the top of the page until the user name field has the focus (skip link, brand, languages come first)
        for (var i = 0; i < 10 && await FocusedIdAsync() != "userName"; i++) await Page.Keyboard.PressAsync("Tab");
        (await FocusedIdAsync()).ShouldBe("userName");
        await Page.Keyboard.TypeAsync("operator");
        await Page.Keyboard.PressAsync("Tab");
        (await FocusedIdAsync()).ShouldBe("password");
        await Page.Keyboard.TypeAsync(DemoSeeder.Password);
        await Page.Keyboard.PressAsync("Enter");

        await Page.WaitForPageAsync(new Regex("^(?!.*/login).*$"));
        await Expect(Page.Locator("h1")).ToHaveTextAsync("园区概览");
        await Expect(Page.GetByTestId("current-user")).ToContainTextAsync("operator");
    }

    [Fact]
    public async Task SkipLink_FirstTab_ShowsItAndEnterMovesFocusToTheMainContent()
    {
        await SignInAsync("operator");
        await OpenAsync("/users");
        var skip = Page.Locator("a.skip-link");
        // the page's own address: a bare "#main" resolves against <base href="/"> to the home page
        await Expect(skip).ToHaveAttributeAsync("href", "/users#main");
        (await skip.BoundingBoxAsync())?.Width.ShouldBeLessThanOrEqualTo(1, "hidden until it has the focus");

        await Page.Keyboard.PressAsync("Tab");
        await Expect(skip).ToBeFocusedAsync();
        await Expect(skip).ToHaveTextAsync("跳到正文");
        (await skip.BoundingBoxAsync())!.Width.ShouldBeGreaterThan(20, "visible once focused");

        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page.Locator("main#main")).ToBeFocusedAsync();
        new Uri(Page.Url).AbsolutePath.ShouldBe("/users", "the skip link stays on the page");
        // the next Tab lands inside the main content, past the navigation
        await Page.Keyboard.PressAsync("Tab");
        (await Page.EvaluateAsync<bool>("() => document.querySelector('main').contains(document.activeElement)")).ShouldBeTrue();
    }

    [Fact]
    public async Task LoginPage_Loads_StylesheetAndScriptAreServed()
    {
        var css = Page.WaitForResponseAsync(r => r.Url.EndsWith("/lib/bootstrap/bootstrap.min.css"));
        var js = Page.WaitForResponseAsync(r => r.Url.EndsWith("/lib/bootstrap/bootstrap.bundle.min.js"));
        var app = Page.WaitForResponseAsync(r => r.Url.EndsWith("/css/app.css"));
        await OpenAsync("/login");
        (await css).Status.ShouldBe(200);
        (await js).Status.ShouldBe(200);
        (await app).Status.ShouldBe(200);
        (await Page.EvaluateAsync<bool>("() => typeof window.bootstrap === 'object'")).ShouldBeTrue("Bootstrap's script ran");
        // the primary button is styled by Bootstrap, not the browser's grey default
        (await Page.Locator("main form [type=submit]").EvaluateAsync<string>("b => getComputedStyle(b).backgroundColor")).ShouldBe("rgb(13, 110, 253)");
    }
}
