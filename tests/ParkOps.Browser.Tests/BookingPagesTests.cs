using Microsoft.EntityFrameworkCore;
using ParkOps.Browser.Tests.Infrastructure;
using ParkOps.Domain.Booking;
using ParkOps.Web.Features.Booking;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ParkOps.Browser.Tests;

/// <summary>Booking a shared lab in the console: click a free slot, book it, another tenant sees it taken, the operator sees the usage line.</summary>
public sealed class BookingPagesTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{
    private Task<long> ResourceAsync(string code) => App.WithDbAsync(db => db.Resources.Where(r => r.Code == code && db.Set<Park>().Any(p => p.Id == r.ParkId && p.Code == "DG-CA-01")).Select(r => r.Id).SingleAsync());

    private static DateOnly Weekday(int days)
    {
        var d = BookingCalendar.DayOf(DateTimeOffset.UtcNow).AddDays(days);
        while (d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) d = d.AddDays(1);
        return d;
    }


    [Fact]
    public async Task LabSlot_TenantBooksIt_SecondTenantSeesItTaken_OperatorSeesTheUsageLine()
    {
        var lab = await ResourceAsync("B-LAB-01");
        var park = await App.ParkIdAsync();
        var day = Weekday(20);
        var slot = $"{day:yyyy-MM-dd}T10:00";

        await SignInAsync("tenant");
        await OpenOkAsync($"/resources/{lab}?day={day:yyyy-MM-dd}&view=day");
        await Page.Locator($"[data-slot='{slot}']").ClickAsync();
        await Page.WaitForPatchedAsync();
        // the clicked slot is in the form: date, start and the minimum length (60 minutes)
        (await Page.Locator("#bstart").InputValueAsync()).ShouldBe("10:00");
        (await Page.Locator("#bend").InputValueAsync()).ShouldBe("11:00");
        (await Page.Locator("#bdate").InputValueAsync()).ShouldBe(day.ToString("yyyy-MM-dd"));
        await Page.Locator("#bpurpose").FillAsync("来料可靠性测试（浏览器）");
        await Page.GetByTestId("book-submit").ClickAsync();
        await Expect(Page.GetByTestId("booked")).ToBeVisibleAsync();
        await Expect(Page.Locator($"[data-busy='{slot}']")).ToContainTextAsync("来料可靠性测试（浏览器）");
        var booking = await App.WithDbAsync(db => db.Bookings.Where(b => b.ResourceId == lab && b.Purpose == "来料可靠性测试（浏览器）").SingleAsync());

        await Context.ClearCookiesAsync();
        await SignInAsync("tenant2");
        await OpenOkAsync($"/resources/{lab}?day={day:yyyy-MM-dd}&view=day");
        var taken = Page.Locator($"[data-busy='{slot}']");
        await Expect(taken).ToBeVisibleAsync();
        await Expect(taken).ToHaveTextAsync("已约");
        await Expect(Page.Locator($"[data-slot='{slot}']")).ToHaveCountAsync(0);
        (await Page.InnerTextAsync("main")).ShouldNotContain("来料可靠性测试（浏览器）");

        await Context.ClearCookiesAsync();
        await SignInAsync("operator");
        await OpenOkAsync($"/parks/{park}/bookings/usage?from={day:yyyy-MM-dd}&to={day:yyyy-MM-dd}");
        var line = Page.Locator($"[data-booking='{booking.Id}']");
        await Expect(line).ToContainTextAsync("共享测试实验室");
        await Expect(line).ToContainTextAsync("10:00–11:00");
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);

        // the day overview: every resource side by side; the operator sees who booked the lab at 10:00, and a free
        // step of another resource opens that resource's booking form at its time
        var booker = await App.WithDbAsync(db => db.Enterprises.Where(e => e.Id == booking.EnterpriseId).Select(e => e.Name).SingleAsync());
        var resources = await App.WithDbAsync(db => db.Resources.CountAsync(r => r.ParkId == park && r.IsActive));
        await OpenOkAsync($"/parks/{park}/bookings/day?date={day:yyyy-MM-dd}");
        await Expect(Page.GetByTestId("dayboard").Locator("thead th.dayboard-res")).ToHaveCountAsync(resources);
        await Expect(Page.Locator($"[data-busy='{lab}@10:00']")).ToContainTextAsync(booker);
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
        var free = Page.Locator("[data-slot$='@14:00']").First;
        var target = (await free.GetAttributeAsync("data-slot"))!.Split('@')[0];
        await free.ClickAsync();
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/resources/{target}\\?"));
        (await Page.Locator("#bstart").InputValueAsync()).ShouldBe("14:00");
        (await Page.Locator("#bdate").InputValueAsync()).ShouldBe(day.ToString("yyyy-MM-dd"));
    }

    [Fact]
    public async Task LabDay_DraggedOverThreeFreeSlots_TheFormHoldsTheWholeStretch()
    {
        var lab = await ResourceAsync("B-LAB-01");
        var day = Weekday(34);
        await SignInAsync("tenant");
        await OpenOkAsync($"/resources/{lab}?day={day:yyyy-MM-dd}&view=day");
        // the live calendar is drawn again when its circuit starts: measure the cells once it is live
        await Expect(Page.GetByTestId("calendar")).ToHaveAttributeAsync("data-interactive", "true");
        var first = Page.Locator($"a[data-slot='{day:yyyy-MM-dd}T10:00']");
        var third = Page.Locator($"a[data-slot='{day:yyyy-MM-dd}T11:00']");
        await Expect(third).ToBeVisibleAsync();

        // press on 10:00, move over 10:30 to 11:00, release: 10:00–11:30 (the 11:00 slot ends half an hour later)
        var a = (await first.BoundingBoxAsync())!;
        var c = (await third.BoundingBoxAsync())!;
        await Page.Mouse.MoveAsync(a.X + a.Width / 2, a.Y + a.Height / 2);
        await Page.Mouse.DownAsync();
        await Page.Mouse.MoveAsync(c.X + c.Width / 2, (a.Y + c.Y) / 2 + a.Height / 2, new() { Steps = 4 });
        await Page.Mouse.MoveAsync(c.X + c.Width / 2, c.Y + c.Height / 2, new() { Steps = 4 });
        await Expect(Page.Locator("td.slot-selecting")).ToHaveCountAsync(3);
        await Page.Mouse.UpAsync();

        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("end=11(%3A|:)30"));
        await Expect(Page.Locator("#bstart")).ToHaveValueAsync("10:00");
        await Expect(Page.Locator("#bend")).ToHaveValueAsync("11:30");
        await Expect(Page.Locator("#bdate")).ToHaveValueAsync(day.ToString("yyyy-MM-dd"));
    }

    [Fact]
    public async Task DayOverview_DraggedDownOneResourcesColumn_TheFormHoldsTheWholeStretch()
    {
        var lab = await ResourceAsync("B-LAB-01");
        var park = await App.ParkIdAsync();
        var day = Weekday(36);
        await SignInAsync("tenant");
        await OpenOkAsync($"/parks/{park}/bookings/day?date={day:yyyy-MM-dd}");
        await Expect(Page.GetByTestId("dayboard")).ToHaveAttributeAsync("data-interactive", "true");
        var first = Page.Locator($"a[data-slot='{lab}@10:00']");
        var second = Page.Locator($"a[data-slot='{lab}@10:30']");
        await Expect(second).ToBeVisibleAsync();

        // press on 10:00 in the lab's column, move to 10:30, release: 10:00–11:00
        var a = (await first.BoundingBoxAsync())!;
        var b = (await second.BoundingBoxAsync())!;
        await Page.Mouse.MoveAsync(a.X + a.Width / 2, a.Y + a.Height / 2);
        await Page.Mouse.DownAsync();
        await Page.Mouse.MoveAsync(b.X + b.Width / 2, b.Y + b.Height / 2, new() { Steps = 4 });
        await Expect(Page.Locator("td.slot-selecting")).ToHaveCountAsync(2);
        await Page.Mouse.UpAsync();

        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/resources/{lab}\\?.*end=11(%3A|:)00"));
        await Expect(Page.Locator("#bstart")).ToHaveValueAsync("10:00");
        await Expect(Page.Locator("#bend")).ToHaveValueAsync("11:00");
        await Expect(Page.Locator("#bdate")).ToHaveValueAsync(day.ToString("yyyy-MM-dd"));
    }

    [Fact]
    public async Task Usage_OperatorRecordsAStartedBooking_TheLineShowsHoursFreeHoursAndAmount()
    {
        var printer = await ResourceAsync("C-EQ-01");
        var park = await App.ParkIdAsync();
        var enterprise = await App.EnterpriseOfAsync("tenant2");
        var start = BookingCalendar.At(BookingCalendar.DayOf(DateTimeOffset.UtcNow).AddMonths(-30), new TimeOnly(9, 0));
        var id = await App.WithDbAsync(async db =>
        {
            var b = new ResourceBooking { ParkId = park, EnterpriseId = enterprise, ResourceId = printer, UserId = 0, Start = start.UtcDateTime, End = start.AddHours(2).UtcDateTime, BlockedUntil = start.AddHours(2.25).UtcDateTime, Purpose = "治具打印", CreatedAt = start.UtcDateTime };
            b.SetState(BookingState.Confirmed);
            db.Bookings.Add(b);
            await db.SaveChangesAsync();
            return b.Id;
        });
        await SignInAsync("operator");
        var day = BookingCalendar.DayOf(start);
        await OpenOkAsync($"/parks/{park}/bookings/usage?from={day:yyyy-MM-dd}&to={day:yyyy-MM-dd}");
        var line = Page.Locator($"[data-booking='{id}']");
        await line.Locator("input[name=actualEnd]").FillAsync("11:30");
        await line.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = $"登记预约 #{id} 的使用" }).ClickAsync();
        await Expect(Page.Locator(".alert-success")).ToBeVisibleAsync();
        var saved = await App.WithDbAsync(db => db.Bookings.SingleAsync(b => b.Id == id));
        saved.BilledHours.ShouldBe(2.5m);
        await Expect(Page.Locator($"[data-booking='{id}']")).ToContainTextAsync($"计 2.5 小时，其中免费 {saved.FreeHours!.Value:0.##} 小时，金额 {saved.Amount!.Value:N2} 元");
    }

    [Theory]
    [InlineData("operator", "/parks/{park}/resources")]
    [InlineData("tenant", "/parks/{park}/bookings/mine")]
    [InlineData("operator", "/parks/{park}/bookings/approvals")]
    [InlineData("operator", "/parks/{park}/bookings/usage")]
    [InlineData("operator", "/parks/{park}/resources/utilisation")]
    [InlineData("tenant", "/resources/{lab}")]
    public async Task BookingPage_AxeFindsNoSeriousViolations(string user, string template)
    {
        await SignInAsync(user);
        await OpenOkAsync((await PathAsync(template)).Replace("{lab}", (await ResourceAsync("B-LAB-01")).ToString()));
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }

    [Fact]
    public async Task Calendar_KeyboardUser_TabsToAFreeSlotAndOpensTheForm()
    {
        var room = await ResourceAsync("A-MR-102");
        var day = Weekday(22);
        await SignInAsync("tenant");
        await OpenOkAsync($"/resources/{room}?day={day:yyyy-MM-dd}&view=day");
        // the live calendar redraws its slots once its circuit is up: focus a slot of the live grid, not the prerendered one
        await Expect(Page.GetByTestId("calendar")).ToHaveAttributeAsync("data-interactive", "true");
        var first = Page.Locator("[data-slot]").First;
        await first.FocusAsync();
        var slot = await first.GetAttributeAsync("data-slot");
        await Page.Keyboard.PressAsync("Enter");
        await Page.WaitForPageAsync(new System.Text.RegularExpressions.Regex("start="));
        (await Page.Locator("#bstart").InputValueAsync()).ShouldBe(slot![11..]);
    }
}
