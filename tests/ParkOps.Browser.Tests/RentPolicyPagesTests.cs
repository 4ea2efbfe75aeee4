using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ParkOps.Browser.Tests.Infrastructure;
using ParkOps.Web.Tests.Infrastructure;
using ParkOps.Web.Features.Leasing;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ParkOps.Browser.Tests;

/// <summary>Issue 13 item 11: an operator edits the park's rent policy on a page, as a new version with its effective date.</summary>
public sealed class RentPolicyPagesTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{
    [Fact]
    public async Task Operator_AddsAVersionFromTheLatest_AfterConfirming_ItShowsAsUpcoming()
    {
        var park = await App.ParkIdAsync("DG-HM-01");
        var latest = await App.WithDbAsync(db => db.Set<RentPolicyVersion>().IgnoreQueryFilters().Where(v => v.ParkId == park).OrderByDescending(v => v.EffectiveFrom).FirstAsync());
        await SignInAsync("operator2");
        await OpenAsync($"/parks/{park}/rent-policies");
        await Expect(Page.GetByTestId($"policy-{latest.EffectiveFrom:yyyy-MM-dd}")).ToContainTextAsync($"厂房 {latest.FactoryPrice:0.00}");

        // the form starts from the latest version; a date far ahead keeps the demo's months as they are
        decimal.Parse(await Page.Locator("#pfactory").InputValueAsync(), System.Globalization.CultureInfo.InvariantCulture).ShouldBe(latest.FactoryPrice);
        var from = new DateOnly(2099, 1, 1);
        await Page.Locator("#pfrom").FillAsync("2099-01-01");
        await Page.Locator("#pfactory").FillAsync("26.5");
        await Page.Locator("#plead").FillAsync("25");
        // unconfirmed: the browser holds the form (the box is required); the server says so too when it is sent anyway
        await Page.Locator("#pconfirm").EvaluateAsync("el => el.required = false");
        await Page.GetByTestId("policy-save").ClickAsync();
        await Expect(Page.GetByTestId("policy-error")).ToContainTextAsync("请先勾选确认框");
        (await App.WithDbAsync(db => db.Set<RentPolicyVersion>().IgnoreQueryFilters().CountAsync(v => v.ParkId == park && v.EffectiveFrom == from))).ShouldBe(0);

        await Page.Locator("#pconfirm").CheckAsync();
        await Page.GetByTestId("policy-save").ClickAsync();
        await Page.WaitForPageAsync(new Regex(@"added=2099-01-01"));
        await Expect(Page.GetByTestId("policy-done")).ToContainTextAsync("2099-01-01");
        var card = Page.GetByTestId("policy-2099-01-01");
        await Expect(card.GetByTestId("policy-state")).ToHaveTextAsync("待生效");
        await Expect(card).ToContainTextAsync("厂房 26.50");
        await Expect(card).ToContainTextAsync("25 %");
        var stored = await App.WithDbAsync(db => db.Set<RentPolicyVersion>().IgnoreQueryFilters().SingleAsync(v => v.ParkId == park && v.EffectiveFrom == from));
        (stored.FactoryPrice, stored.LeadingIndustryDiscount, stored.OfficePrice, stored.CreatedBy).ShouldBe((26.5m, 0.25m, latest.OfficePrice, "operator2"));
    }
}
