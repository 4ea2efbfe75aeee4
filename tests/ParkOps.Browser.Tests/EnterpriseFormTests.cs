using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ParkOps.Browser.Tests.Infrastructure;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ParkOps.Browser.Tests;

/// <summary>An operator registers an enterprise through the console form, as a person would.</summary>
public sealed class EnterpriseFormTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{
    [Fact]
    public async Task NewEnterpriseForm_OperatorFillsItIn_LandsOnTheDetailAndTheListSearchFindsIt()
    {
        var park = await App.ParkIdAsync();
        var code = Demo.NewCreditCode();
        var name = $"东莞浏览器测试模具{code[^6..]}有限公司";
        await SignInAsync("operator");
        await OpenAsync($"/parks/{park}/enterprises");

        await Page.GetByTestId("new-enterprise").ClickAsync();
        await Page.WaitForPageAsync($"**/parks/{park}/enterprises/new");
        await Page.Locator("#creditCode").FillAsync(code);
        await Page.Locator("#name").FillAsync(name);
        await Page.Locator("#legalPerson").FillAsync("陈建国");
        await Page.Locator("#industryCode").FillAsync("C3525");
        await Page.Locator("#establishedOn").FillAsync("2021-03-15");
        await Page.Locator("#sizeClass").SelectOptionAsync("AboveScale");
        var stage = await Page.Locator("#stage-0").GetAttributeAsync("value");
        await Page.Locator("#stage-0").CheckAsync();
        await Page.Locator("#tags").FillAsync("专精特新、高新技术企业");
        await Page.Locator("#employees").FillAsync("86");
        await Page.Locator("#contactName").FillAsync("陈建国");
        await Page.Locator("#contactPhone").FillAsync("0769-22881234");
        await Page.Locator("#contactEmail").FillAsync("chen@example.cn");
        await Page.Locator("#description").FillAsync("精密注塑模具研发与制造");
        await Page.GetByTestId("save-enterprise").ClickAsync();

        // the detail page of the new enterprise, with what was typed
        await Page.WaitForPageAsync(new Regex(@"/enterprises/\d+\?saved=1$"));
        var id = long.Parse(Regex.Match(Page.Url, @"/enterprises/(\d+)").Groups[1].Value);
        await Expect(Page.Locator("h1")).ToContainTextAsync(name);
        await Expect(Page.Locator(".alert-success[role=status]")).ToBeVisibleAsync();
        var archive = Page.Locator("section[aria-labelledby=archive]");
        await Expect(archive.Locator("dd code")).ToHaveTextAsync(code);
        await Expect(archive).ToContainTextAsync(stage!);
        await Expect(archive).ToContainTextAsync("2021-03-15");
        await Expect(archive).ToContainTextAsync("规上");
        await Expect(archive).ToContainTextAsync("专精特新");
        (await App.WithDbAsync(db => db.Enterprises.Where(e => e.Id == id).Select(e => new { e.CreditCode, e.Name, e.Employees }).SingleAsync()))
            .ShouldBe(new { CreditCode = code, Name = name, Employees = (int?)86 });

        // back to the list through the breadcrumb; the search box finds it
        await Page.Locator(".breadcrumb a").ClickAsync();
        await Page.WaitForPageAsync($"**/parks/{park}/enterprises");
        await Page.Locator("#search").FillAsync(name);
        await Page.Locator("#search").PressAsync("Enter");
        await Page.WaitForPageAsync(new Regex(@"[?&]search="));
        var rows = Page.GetByTestId("enterprise-table").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First.GetByRole(AriaRole.Link, new() { Name = name })).ToHaveAttributeAsync("href", $"/enterprises/{id}");
        await Expect(rows.First.Locator("code")).ToHaveTextAsync(code);
    }

    [Fact]
    public async Task NewEnterpriseForm_WrongCheckCharacter_ShowsChineseMessageAtTheFieldKeepsTheInputAndWritesNothing()
    {
        var park = await App.ParkIdAsync();
        var code = BrowserDemo.WithWrongCheckCharacter(Demo.NewCreditCode());
        var name = $"校验位错误测试{code[^6..]}有限公司";
        var before = await App.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters().CountAsync());
        await SignInAsync("operator");
        await OpenAsync($"/parks/{park}/enterprises/new");

        await Page.Locator("#creditCode").FillAsync(code);
        await Page.Locator("#name").FillAsync(name);
        await Page.Locator("#legalPerson").FillAsync("李明");
        await Page.Locator("#employees").FillAsync("12");
        await Page.Locator("#contactEmail").FillAsync("li@example.cn");
        await Page.Locator("#stage-1").CheckAsync();
        await Page.GetByTestId("save-enterprise").ClickAsync();
        await Page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);

        // still the form (a POST back to the same address), the message in Chinese right under the credit code field
        Page.Url.ShouldEndWith($"/parks/{park}/enterprises/new");
        var message = Page.Locator("#creditCode ~ .validation-message");
        await Expect(message).ToHaveTextAsync("统一社会信用代码无效：校验位不正确");
        await Expect(Page.Locator("#creditCode")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(Page.Locator("div.validation-message")).ToHaveCountAsync(1); // no other field complains
        await Expect(Page.Locator("[role=alert]")).ToContainTextAsync("校验位不正确");

        // what was typed is still there
        await Expect(Page.Locator("#creditCode")).ToHaveValueAsync(code);
        await Expect(Page.Locator("#name")).ToHaveValueAsync(name);
        await Expect(Page.Locator("#legalPerson")).ToHaveValueAsync("李明");
        await Expect(Page.Locator("#employees")).ToHaveValueAsync("12");
        await Expect(Page.Locator("#contactEmail")).ToHaveValueAsync("li@example.cn");
        await Expect(Page.Locator("#stage-1")).ToBeCheckedAsync();
        await Expect(Page.Locator("#stage-0")).Not.ToBeCheckedAsync();

        // nothing was written
        (await App.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters().CountAsync(e => e.Name == name))).ShouldBe(0);
        (await App.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters().CountAsync())).ShouldBe(before);
    }
}
