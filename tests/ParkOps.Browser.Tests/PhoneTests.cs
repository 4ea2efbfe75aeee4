using ParkOps.Browser.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ParkOps.Browser.Tests;

/// <summary>
/// A tenant on a 375 px phone: nothing scrolls sideways, no column is squeezed until its text stands a character or two
/// to a line, and the menu opens behind its toggler.
/// </summary>
public sealed class PhoneTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{
    private const int Width = 375;

    protected override BrowserNewContextOptions ContextOptions => new()
    {
        ViewportSize = new() { Width = Width, Height = 812 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2,
    };

    [Theory]
    [InlineData("/")]
    [InlineData("/enterprises/{own}")]
    [InlineData("/parks/{park}/spaces")]
    [InlineData("/parks/{park}/meters")]
    [InlineData("/parks/{park}/resources")]
    [InlineData("/parks/{park}/bookings/mine")]
    [InlineData("/resources/{lab}?view=day")]
    [InlineData("/resources/{lab}")]
    [InlineData("/enterprises/{own}/credit-account")]
    [InlineData("/enterprises/{own}/credit")]
    [InlineData("/enterprises/{own}/reserve-fund")]
    [InlineData("/enterprises/{own}/mujun")]
    [InlineData("/parks/{park}/tickets")]
    [InlineData("/parks/{park}/tickets/new")]
    [InlineData("/parks/{park}/bills")]
    [InlineData("/parks/{park}/leases")]
    [InlineData("/parks/{park}/market")]
    [InlineData("/parks/{park}/pools")]
    [InlineData("/collaborations")]
    [InlineData("/inbox")]
    [InlineData("/reporting/enterprises/{own}/reports")]
    public async Task TenantPage_OnA375PxPhone_HasNoHorizontalOverflow(string page)
    {
        await SignInAsync("tenant");
        var res = await OpenAsync(await PathAsync(page));
        res.Status.ShouldBe(200);
        (await Page.EvaluateAsync<int>("() => window.innerWidth")).ShouldBe(Width);
        var scrollWidth = await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        if (scrollWidth > Width + 1)
        {
            // name the elements that stick out, to make the failure useful
            var wide = await Page.EvaluateAsync<string[]>($$"""
                () => [...document.querySelectorAll('body *')]
                  .filter(e => e.getBoundingClientRect().right > {{Width + 1}} && !e.closest('.table-responsive, .collapse:not(.show)'))
                  .slice(0, 10).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + String(e.className).trim().replace(/\s+/g, '.') : '') + ' right=' + Math.round(e.getBoundingClientRect().right))
                """);
            scrollWidth.ShouldBeLessThanOrEqualTo(Width + 1, $"page {Page.Url} is wider than the phone; wide elements: {string.Join(", ", wide)}");
        }
        (await SqueezedCellsAsync()).ShouldBeEmpty($"page {Page.Url} squeezes these cells on a 375 px phone");
    }

    /// <summary>
    /// Cells (table, description list) whose column is narrower than four characters of their font while their text
    /// (four characters or more) wraps onto several lines: the page fits the phone, but nobody reads "东莞市巧匠电子有限公司"
    /// standing two characters to a line.
    /// </summary>
    private async Task<string[]> SqueezedCellsAsync() => await Page.EvaluateAsync<string[]>("""
        () => [...document.querySelectorAll('td, th, dt, dd')]
          .filter(e => e.offsetParent !== null && !e.closest('.collapse:not(.show), .visually-hidden'))
          .map(e => {
            const text = e.innerText.replace(/\s+/g, '');
            if (text.length < 4) return null;
            const size = parseFloat(getComputedStyle(e).fontSize);
            const range = document.createRange();
            range.selectNodeContents(e);
            const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size;
            const width = e.getBoundingClientRect().width;
            return lines >= 2 && width < 4 * size ? `${e.tagName.toLowerCase()} "${text.slice(0, 12)}" ${Math.round(width)}px, ${lines} lines` : null;
          })
          .filter(x => x)
          .slice(0, 10)
        """);

    [Theory]
    [InlineData("/")]
    [InlineData("/enterprises/{own}")]
    [InlineData("/parks/{park}/spaces")]
    public async Task NavToggler_OnAPhone_OpensTheMenu(string page)
    {
        await SignInAsync("tenant");
        await OpenAsync(await PathAsync(page));
        var toggler = Page.Locator(".navbar-toggler");
        var menu = Page.Locator("#mainNav");
        await Expect(toggler).ToBeVisibleAsync();
        await Expect(toggler).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(menu).ToBeHiddenAsync();

        await toggler.TapAsync();
        await Expect(toggler).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(menu).ToBeVisibleAsync();
        // Bootstrap marks the menu "show" once its opening transition has ended; until then it is clipped while it grows,
        // and a tap aimed at a link in it can land on the page beneath
        await Expect(menu).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"(^|\s)show(\s|$)"));
        await Expect(menu.GetByRole(AriaRole.Link, new() { Name = "本企业" })).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("lang-en")).ToBeVisibleAsync();
        // the open menu fits the phone too
        (await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(Width + 1);

        // and the language switch works from the phone menu
        await Page.GetByTestId("lang-en").TapAsync();
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(toggler).ToHaveAttributeAsync("aria-label", "Toggle navigation");
    }
}
