using ParkOps.Browser.Tests.Infrastructure;
using ParkOps.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ParkOps.Browser.Tests;

/// <summary>What a tenant may see, checked through the pages rather than the API.</summary>
[Collection(PageSweepCollection.Name)]
public sealed class ScopeTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{
    [Fact]
    public async Task EnterpriseDetail_TenantOpensAnotherEnterprise_GetsTheNotFoundPageWithoutItsData()
    {
        var other = await App.EnterpriseOfAsync("tenant2");
        var otherName = await App.EnterpriseNameAsync(other);
        await SignInAsync("tenant");

        var res = await OpenAsync($"/enterprises/{other}");

        res.Status.ShouldBe(404);
        await Expect(Page.Locator("h1")).ToHaveTextAsync("未找到");
        (await Page.ContentAsync()).ShouldNotContain(otherName);
    }

    [Fact]
    public async Task EnterpriseDetail_EnglishTenantOpensAnotherEnterprise_GetsTheNotFoundPageInEnglish()
    {
        var other = await App.EnterpriseOfAsync("tenant2");
        await SignInAsync("tenant");
        await OpenOkAsync("/");
        await Page.GetByTestId("lang-en").ClickAsync();
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", "en");

        var res = await OpenAsync($"/enterprises/{other}");

        res.Status.ShouldBe(404);
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Not found");
    }

    [Fact]
    public async Task EnterpriseDetail_TenantOpensItsOwn_SeesItWithoutOperatorActions()
    {
        var own = await App.EnterpriseOfAsync("tenant");
        var name = await App.EnterpriseNameAsync(own);
        await SignInAsync("tenant");

        var res = await OpenAsync($"/enterprises/{own}");

        res.Status.ShouldBe(200);
        await Expect(Page.Locator("h1")).ToContainTextAsync(name);
        await Expect(Page.Locator($"a[href='/enterprises/{own}/edit']")).ToHaveCountAsync(0);
        await Expect(Page.GetByTestId("new-enterprise")).ToHaveCountAsync(0);
    }
}
