using Microsoft.EntityFrameworkCore;
using ParkOps.Browser.Tests.Infrastructure;
using ParkOps.Web.Features.Billing;
using ParkOps.Web.Features.Booking;
using ParkOps.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ParkOps.Browser.Tests;

/// <summary>
/// A tenant on a 375 px phone: nothing scrolls sideways, no column is squeezed until its text stands a character or two
/// to a line, and the menu opens behind its toggler.
/// </summary>
[Collection(PageSweepCollection.Name)]
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
    [InlineData("/parks/{park}/bookings/day")]
    [InlineData("/resources/{lab}?view=day")]
    [InlineData("/resources/{lab}")]
    [InlineData("/enterprises/{own}/credit-account")]
    [InlineData("/enterprises/{own}/credit")]
    [InlineData("/enterprises/{own}/reserve-fund")]
    [InlineData("/parks/{park}/my-services")]
    [InlineData("/parks/{park}/my-unified-orders")]
    [InlineData("/parks/{park}/chain")]
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
        var scan = await ScanAsync(await PathAsync(page));
        scan.Status.ShouldBe(200, $"GET {scan.Url}: {scan.ErrorText}");
        scan.InnerWidth.ShouldBe(Width);
        scan.ScrollWidth.ShouldBeLessThanOrEqualTo(Width + 1, $"page {scan.Url} is wider than the phone; wide elements: {string.Join(", ", scan.Wide)}");
        scan.Squeezed.ShouldBeEmpty($"page {scan.Url} squeezes these cells on a 375 px phone");
    }

    /// <summary>What the two page-wide checks read from a page as the tenant sees it on the phone.</summary>
    private sealed record PhoneScan(string Url, int Status, string ErrorText, int InnerWidth, int ScrollWidth, string[] Wide, string[] Squeezed, string[] Narrow);

    /// <summary>
    /// Pages already read in this run, by host and path. The sideways check and the narrow-text check look at the
    /// same page in the same state, so each page is opened once and both tests assert on what it showed (each its own
    /// claim, each failing on its own); the first of the two to run opens it in its own context, which also holds it
    /// to every asset loading and no policy violation.
    /// </summary>
    private static readonly Dictionary<(string Host, string Path), PhoneScan> Scans = [];

    private async Task<PhoneScan> ScanAsync(string path)
    {
        lock (Scans) if (Scans.TryGetValue((App.BaseUrl, path), out var known)) return known;
        await SignInAsync("tenant");
        var res = await Page.GotoAsync(path) ?? throw new InvalidOperationException($"no response for {path}");
        ShouldStillBeSignedIn(path);
        PhoneScan scan;
        if (res.Status != 200) scan = new(Page.Url, res.Status, await Page.InnerTextAsync("body"), 0, 0, [], [], []);
        else
        {
            await ShouldBeStyledAsync();
            // a live part (calendar, ticket list) is drawn again when its circuit starts and after the phone's turn to
            // today's view: read the page once every live part is live
            // (a page that turns a phone to another view, data-phone-view, is read once it has turned)
            await Page.WaitForFunctionAsync("() => !document.querySelector('[data-phone-view]') && !document.documentElement.hasAttribute('data-navigating') && [...document.querySelectorAll('[data-live]')].every(e => e.hasAttribute('data-interactive'))");
            var innerWidth = await Page.EvaluateAsync<int>("() => window.innerWidth");
            var scrollWidth = await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            // the elements that stick out, to make a failure useful
            var wide = scrollWidth <= Width + 1 ? [] : await Page.EvaluateAsync<string[]>($$"""
                () => [...document.querySelectorAll('body *')]
                  .filter(e => e.getBoundingClientRect().right > {{Width + 1}} && !e.closest('.table-responsive, .collapse:not(.show)'))
                  .slice(0, 10).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + String(e.className).trim().replace(/\s+/g, '.') : '') + ' right=' + Math.round(e.getBoundingClientRect().right))
                """);
            scan = new(Page.Url, res.Status, "", innerWidth, scrollWidth, wide, await SqueezedCellsAsync(), await NarrowTextAsync());
        }
        lock (Scans) Scans[(App.BaseUrl, path)] = scan;
        return scan;
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
    [InlineData("/parks/{park}/meters")]
    [InlineData("/parks/{park}/resources")]
    [InlineData("/parks/{park}/bookings/mine")]
    [InlineData("/parks/{park}/bookings/day")]
    [InlineData("/resources/{lab}")]
    [InlineData("/enterprises/{own}/credit-account")]
    [InlineData("/enterprises/{own}/credit")]
    [InlineData("/enterprises/{own}/reserve-fund")]
    [InlineData("/parks/{park}/my-services")]
    [InlineData("/parks/{park}/my-unified-orders")]
    [InlineData("/enterprises/{own}/mujun")]
    [InlineData("/parks/{park}/tickets")]
    [InlineData("/parks/{park}/tickets?view=all")]
    [InlineData("/parks/{park}/tickets/new")]
    [InlineData("/parks/{park}/bills")]
    [InlineData("/bills/{latest}")]
    [InlineData("/parks/{park}/leases")]
    [InlineData("/parks/{park}/market")]
    [InlineData("/parks/{park}/pools")]
    [InlineData("/collaborations")]
    [InlineData("/inbox")]
    [InlineData("/reporting/enterprises/{own}/reports")]
    public async Task TenantPage_OnA375PxPhone_GivesEveryTextAtLeastThreeCharactersOfWidth(string page)
    {
        var path = await PathAsync(page);
        if (path.Contains("{latest}")) path = path.Replace("{latest}", (await LatestTenantBillAsync()).ToString());
        var scan = await ScanAsync(path);
        scan.Status.ShouldBe(200, $"GET {path}: {scan.ErrorText}");
        scan.Narrow.ShouldBeEmpty($"page {scan.Url} gives these texts less than three characters of width on a 375 px phone");
    }

    /// <summary>
    /// Visible table cells, description terms and details and spans that give their text less than three characters of
    /// its own font: a box that narrow whose text breaks over several lines ("维 / 修 / 中"), or a cell of which less
    /// than that shows on the screen because it lies beyond the phone's edge in a frame that scrolls sideways (a column
    /// only a swipe reveals). Text that fits on one line (a two-character state, a number) may be as narrow as it is.
    /// </summary>
    private async Task<string[]> NarrowTextAsync() => await Page.EvaluateAsync<string[]>("""
        () => {
          // hidden on purpose: display none, a closed collapse or details, or clipped to a pixel (visually-hidden, a card list's header row)
          const hidden = e => { for (let a = e; a; a = a.parentElement) { const r = a.getBoundingClientRect(); if (r.width <= 1 || r.height <= 1) return true; } return false; };
          // the part of the box the phone shows without scrolling sideways: cut by the window and by every frame that clips
          const shown = e => {
            const r = e.getBoundingClientRect();
            let left = Math.max(r.left, 0), right = Math.min(r.right, window.innerWidth);
            for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
              if (getComputedStyle(a).overflowX === 'visible') continue;
              const f = a.getBoundingClientRect();
              left = Math.max(left, f.left); right = Math.min(right, f.right);
            }
            return Math.max(0, right - left);
          };
          return [...document.querySelectorAll('td, th, dt, dd, span')]
            .filter(e => e.offsetParent !== null && !e.closest('.collapse:not(.show), details:not([open])') && !hidden(e))
            .map(e => {
              const text = e.innerText.replace(/\s+/g, '');
              if (text.length < 2) return null;
              const size = parseFloat(getComputedStyle(e).fontSize);
              // the lines its shown text takes (text for screen readers only, clipped to a pixel, does not count)
              const tops = new Set();
              const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
              for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                if (!n.textContent.trim() || hidden(n.parentElement)) continue;
                const range = document.createRange();
                range.selectNodeContents(n);
                for (const r of range.getClientRects()) if (r.width > 0) tops.add(Math.round(r.top));
              }
              const lines = tops.size;
              const width = e.getBoundingClientRect().width;
              const visible = shown(e);
              const name = `${e.tagName.toLowerCase()} "${text.slice(0, 12)}"`;
              if (lines >= 2 && width < 3 * size) return `${name} ${Math.round(width)}px at ${size}px, ${lines} lines`;
              if (visible + 1 < Math.min(width, 3 * size)) return `${name} shows ${Math.round(visible)}px of ${Math.round(width)}px at ${size}px without scrolling sideways`;
              return null;
            })
            .filter(x => x)
            .slice(0, 10);
        }
        """);

    [Fact]
    public async Task DayOverview_OnA375PxPhone_ListsEachResourceByStretch_AndATapBooksFromOne()
    {
        var park = await App.ParkIdAsync();
        var day = ParkOps.Domain.Booking.BookingCalendar.DayOf(DateTimeOffset.UtcNow).AddDays(40);
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) day = day.AddDays(1);
        var resources = await App.WithDbAsync(db => db.Resources.CountAsync(r => r.ParkId == park && r.IsActive));
        await SignInAsync("tenant");
        await OpenOkAsync($"/parks/{park}/bookings/day?date={day:yyyy-MM-dd}");
        // the phone reads one list per resource, not the desk's grid of columns
        await Expect(Page.GetByTestId("dayboard")).ToBeHiddenAsync();
        var list = Page.GetByTestId("dayboard-phone");
        await Expect(list).ToBeVisibleAsync();
        await Expect(list.Locator("section")).ToHaveCountAsync(resources);
        // a free stretch is one line with its hours, and its button opens the booking form at its start
        var run = list.Locator("li[data-run]").Filter(new() { Has = Page.Locator("a.btn") }).First;
        var from = (await run.GetAttributeAsync("data-run"))!.Split('@');
        await run.Locator("a.btn").TapAsync();
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/resources/{from[0]}\\?"));
        await Expect(Page.Locator("#bstart")).ToHaveValueAsync(from[1]);
        await Expect(Page.Locator("#bdate")).ToHaveValueAsync(day.ToString("yyyy-MM-dd"));
    }

    [Fact]
    public async Task LatestBill_OnA375PxPhone_IsAtMost4000PxTallWithItsRulesFoldedAway()
    {
        await SignInAsync("tenant");
        var bill = await LatestTenantBillAsync();
        await OpenOkAsync($"/bills/{bill}");
        // the phone reads blocks, not the desktop's table
        await Expect(Page.GetByTestId("bill-lines")).ToBeHiddenAsync();
        var blocks = Page.GetByTestId("bill-blocks");
        await Expect(blocks).ToBeVisibleAsync();
        // the rules are there, folded: one tap on a line's 计算依据 shows them
        var fold = blocks.Locator("[data-testid=bill-block]:visible details.rules-fold").First;
        await Expect(fold.Locator("ul")).ToBeHiddenAsync();
        await fold.Locator("summary").TapAsync();
        await Expect(fold.Locator("ul li").First).ToBeVisibleAsync();
        await fold.Locator("summary").TapAsync();
        // a kind with many lines (the month's bookings) is one block that opens on a tap
        var group = blocks.GetByTestId("bill-group").First;
        await Expect(group.GetByTestId("bill-block").First).ToBeHiddenAsync();
        await group.Locator(":scope > summary").TapAsync();
        await Expect(group.GetByTestId("bill-block").First).ToBeVisibleAsync();
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
        await group.Locator(":scope > summary").TapAsync();
        var height = await Page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
        // on failure, where the height goes: the page's tallest parts and the tallest bill lines
        var parts = height <= 4000 ? "" : await Page.EvaluateAsync<string>("""
            () => [...document.querySelectorAll('main > *, main > * > *, [data-testid=bill-blocks] > *')]
              .map(e => [Math.round(e.getBoundingClientRect().height), e.tagName.toLowerCase() + (e.dataset.testid ? '#' + e.dataset.testid : '') + ' ' + e.innerText.replace(/\s+/g, ' ').slice(0, 40)])
              .sort((a, b) => b[0] - a[0]).slice(0, 12).map(x => x.join('px ')).join('; ')
            """);
        height.ShouldBeLessThanOrEqualTo(4000, $"the latest bill {Page.Url} is {height} px tall on a 375 px phone: {parts}");
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }

    [Fact]
    public async Task ResourceCalendar_OpenedOnAPhone_ShowsTodaysDayView()
    {
        await SignInAsync("tenant");
        await OpenOkAsync(await PathAsync("/resources/{lab}"));
        await Page.WaitForPageAsync(new System.Text.RegularExpressions.Regex(@"[?&]view=day"));
        await Expect(Page.GetByTestId("calendar").Locator("thead th[scope=col]")).ToHaveCountAsync(2);
        // a week asked for by name stays a week
        await OpenOkAsync(await PathAsync("/resources/{lab}?view=week"));
        await Expect(Page.GetByTestId("calendar").Locator("thead th[scope=col]")).ToHaveCountAsync(8);
    }

    [Theory]
    [InlineData("/parks/{park}/tickets?view=all", "ticket-table")]
    [InlineData("/parks/{park}/bills", "bill-table")]
    [InlineData("/parks/{park}/market", "post-table")]
    [InlineData("/collaborations", "collab-table")]
    public async Task TenantList_OnA375PxPhone_ShowsEachRowAsACardWithLabelledFields(string page, string table)
    {
        await SignInAsync("tenant");
        await OpenOkAsync(await PathAsync(page));
        var list = Page.GetByTestId(table);
        await Expect(list).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"(^|\s)cards(\s|$)"));
        // a live list is drawn again when its circuit starts (the first rows are then detached): read it once it is live
        if (await list.GetAttributeAsync("data-live") is not null) await Expect(list).ToHaveAttributeAsync("data-interactive", "true");
        (await list.EvaluateAsync<string>("t => getComputedStyle(t.tBodies[0].rows[0]).display")).ShouldBe("block");
        // every cell but the card's heading shows its column's name
        var labels = await list.EvaluateAsync<string[]>("t => [...t.tBodies[0].rows[0].cells].slice(1).filter(c => c.colSpan === 1 && c.innerText.trim()).map(c => getComputedStyle(c, '::before').content)");
        labels.ShouldNotBeEmpty();
        labels.ShouldAllBe(l => l.Length > 2 && l != "none");
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }

    private Task<long> LatestTenantBillAsync() => App.WithDbAsync(async db =>
    {
        var own = await App.EnterpriseOfAsync("tenant");
        return await db.Bills.IgnoreQueryFilters().Where(b => b.EnterpriseId == own && b.State != ParkOps.Web.Features.Billing.BillState.Cancelled)
            .OrderByDescending(b => b.Month).ThenByDescending(b => b.Id).Select(b => b.Id).FirstAsync();
    });

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
