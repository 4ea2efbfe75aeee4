using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using ParkOps.Browser.Tests.Infrastructure;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Notifications;
using ParkOps.Web.Features.Notifications.Contracts;
using ParkOps.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ParkOps.Browser.Tests;

/// <summary>Notices written straight into the inbox of a demo enterprise, read as its user would.</summary>
internal static class InboxData
{
    public static Task<long> NoticeAsync(BrowserApp app, long enterprise, string quarter, string link) => app.WithDbAsync(async db =>
    {
        var park = await db.Enterprises.IgnoreQueryFilters().Where(e => e.Id == enterprise).Select(e => e.ParkId).SingleAsync();
        var n = new Notification { ParkId = park, Audience = NoticeAudience.Enterprise, EnterpriseId = enterprise, Kind = "ReportReminder", Arguments = $"[\"{quarter}\"]", Link = link, CreatedAt = DateTime.UtcNow };
        db.Set<Notification>().Add(n);
        await db.SaveChangesAsync();
        return n.Id;
    });

    public static async Task<int> BadgeAsync(IPage page, string testId)
    {
        var badge = page.GetByTestId(testId);
        if (await badge.CountAsync() == 0) return 0;
        var hidden = await badge.Locator(".visually-hidden").InnerTextAsync();
        hidden.ShouldMatch(@"^\d+ 条未读$");
        return int.Parse(hidden.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>The inbox at 1280 px: the menu's badge, opening a notice (read, and its page), marking all read.</summary>
public sealed class NotificationPagesTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{
    [Fact]
    public async Task Inbox_BadgeCountsUnread_OpeningANoticeReadsIt_MarkAllEmptiesTheBadge()
    {
        var enterprise = await App.EnterpriseOfAsync("tenant2");
        var first = await InboxData.NoticeAsync(App, enterprise, "浏览器甲", "/collaborations");
        await InboxData.NoticeAsync(App, enterprise, "浏览器乙", "/collaborations");
        await SignInAsync("tenant2");
        await OpenOkAsync("/inbox?unread=true");
        var unread = await InboxData.BadgeAsync(Page, "unread-badge");
        unread.ShouldBeGreaterThanOrEqualTo(2);
        if (unread <= 20) await Expect(Page.GetByTestId("notice")).ToHaveCountAsync(unread);
        await Expect(Page.GetByTestId("inbox-unread")).ToHaveTextAsync($"未读（{unread}）");
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);

        var card = Page.GetByTestId("notice").Filter(new() { HasText = "请尽快填报 浏览器甲 季度运营数据" });
        await Expect(card).ToHaveAttributeAsync("data-read", "false");
        await card.GetByTestId("notice-open").ClickAsync();
        await Page.WaitForPageAsync(new System.Text.RegularExpressions.Regex("/collaborations$"));
        (await InboxData.BadgeAsync(Page, "unread-badge")).ShouldBe(unread - 1);
        await OpenOkAsync("/inbox");
        await Expect(Page.GetByTestId("notice").Filter(new() { HasText = "浏览器甲" })).ToHaveAttributeAsync("data-read", "true");
        (await App.WithDbAsync(db => db.Set<NotificationRead>().IgnoreQueryFilters().CountAsync(r => r.NotificationId == first))).ShouldBe(1);

        await Page.GetByTestId("mark-read").ClickAsync();
        await Page.WaitForPageAsync(new System.Text.RegularExpressions.Regex("/inbox\\?marked="));
        await Expect(Page.GetByTestId("inbox-marked")).ToHaveTextAsync($"已将 {unread - 1} 条通知标为已读。");
        await Expect(Page.GetByTestId("unread-badge")).ToHaveCountAsync(0);
        await Expect(Page.GetByTestId("notice").Filter(new() { HasText = "浏览器乙" })).ToHaveAttributeAsync("data-read", "true");
        CspViolations.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("operator")]
    [InlineData("contractor")]
    [InlineData("gov")]
    [InlineData("admin")]
    public async Task Inbox_EveryRole_OpensWithItsOwnNotices(string user)
    {
        await SignInAsync(user);
        await OpenOkAsync("/inbox");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "收件箱" })).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("nav-inbox")).ToBeVisibleAsync();
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }
}

/// <summary>The inbox on a 375 px phone: cards that fit, and the unread badge beside the folded menu.</summary>
public sealed class NotificationPagesPhoneTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{
    private const int Width = 375;

    protected override BrowserNewContextOptions ContextOptions => new()
    {
        ViewportSize = new() { Width = Width, Height = 812 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2,
    };

    [Fact]
    public async Task Inbox_OnA375PxPhone_CardsFitAndTheBadgeShowsBesideTheMenuButton()
    {
        // the demo contractor is told of its open assignments
        await SignInAsync("contractor");
        await OpenOkAsync("/inbox");
        (await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(Width + 1);
        await Expect(Page.GetByTestId("phone-inbox")).ToBeVisibleAsync();
        (await InboxData.BadgeAsync(Page, "phone-unread-badge")).ShouldBeGreaterThan(0);
        await Expect(Page.GetByTestId("notice").First).ToContainTextAsync("已指派给您");
        var box = await Page.GetByTestId("notice").First.BoundingBoxAsync();
        box!.Width.ShouldBeLessThanOrEqualTo(Width);
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }
}
