using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ParkOps.Browser.Tests.Infrastructure;
using ParkOps.Domain.Booking;
using ParkOps.Domain.Enterprises;
using ParkOps.Domain.Marketplace;
using ParkOps.Domain.ServiceDesk;
using ParkOps.Web.Features.Booking;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Leasing;
using ParkOps.Web.Features.Marketplace;
using ParkOps.Web.Features.ServiceDesk;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Features.Users;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ParkOps.Browser.Tests;

/// <summary>
/// What cannot be undone asks first (issue 13 §7): each such form carries a required confirmation box that names what
/// will happen, a click without it sends nothing, and once done the page names the object it acted on. Each test acts
/// on data it makes itself (an enterprise, a lease, a pool, a post, bookings, a ticket) or on an object no other browser
/// test reads (the park's last unit's QR code, the newest issued bill), because the browser tests of a collection share one host.
/// </summary>
public sealed class ConfirmationPagesTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    /// <summary>Runs a use case as the system (arranging what a test needs through the same services the pages call).</summary>
    private async Task<T> AsSystemAsync<TService, T>(Func<TService, Task<T>> work) where TService : notnull
    {
        await using var scope = App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(ActorScope.System);
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    /// <summary>A newly admitted enterprise of the demo park, named for the test that uses it.</summary>
    private Task<long> AdmittedEnterpriseAsync(long park, string name) => AsSystemAsync<EnterpriseService, long>(async s =>
    {
        var e = await s.CreateAsync(park, new EnterpriseInput
        {
            CreditCode = Demo.NewCreditCode(), Name = name, LegalPerson = "张三", IndustryCode = "C3982", ChainStages = ["SMT贴片"],
            EstablishedOn = new DateOnly(2020, 5, 1), SizeClass = SizeClass.BelowScale, Employees = 25,
        }, default);
        await s.DecideAsync(e.Id, new DecisionInput(AdmissionOutcome.Approve, "浏览器测试入园"), default);
        return e.Id;
    });

    // digits only: the Chinese scan of every page (ChineseAllTheWayTests) reads these names and counts Latin letters as English
    private static string Unique(string name) => $"{name}{Random.Shared.Next(100_000, 1_000_000)}";

    /// <summary>The browser refuses to send a form whose required box is unticked: it is still invalid after the click.</summary>
    private async Task ShouldNotBeSentAsync(string confirmSelector)
    {
        (await Page.Locator(confirmSelector).EvaluateAsync<bool>("c => !c.checked && !c.form.checkValidity()")).ShouldBeTrue();
    }

    [Fact]
    public async Task LeaseTerminate_OperatorTicksTheBox_TheUnitWaitsForTheSettlementAndTheMessageNamesTheLease()
    {
        var park = await App.ParkIdAsync();
        var name = Unique("东莞市解约测试电子有限公司");
        var enterprise = await AdmittedEnterpriseAsync(park, name);
        // the park's last vacant unit by code: the lease list's quote test takes the first
        var unit = await App.WithDbAsync(db => db.Units.Where(u => u.ParkId == park && u.Status == UnitStatus.Vacant && u.OccupantEnterpriseId == null)
            .OrderByDescending(u => u.Code).FirstAsync());
        var lease = await AsSystemAsync<LeaseService, Lease>(async s =>
        {
            var l = await s.CreateAsync(park, new LeaseInput(enterprise, [unit.Id], new DateOnly(Today.Year, Today.Month, 1), 12), default);
            await s.ActAsync(l.Id, "approve", new LeaseActionInput(), default);
            return await s.ActAsync(l.Id, "sign", new LeaseActionInput(), default);
        });
        await SignInAsync("operator");
        await OpenOkAsync($"/leases/{lease.Id}");

        await Expect(Page.Locator("#tconfirm")).ToHaveAttributeAsync("required", "");
        await Expect(Page.GetByTestId("terminate-form")).ToContainTextAsync($"租约 {lease.Code}（{name}）解约后，解约日之后不再出账，且无法撤销；单元 {unit.Code} 保留到退租结算完成后才释放为空置");
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
        await Page.GetByTestId("lease-terminate").ClickAsync();
        await ShouldNotBeSentAsync("#tconfirm");
        (await App.WithDbAsync(db => db.Leases.Where(l => l.Id == lease.Id).Select(l => l.State).SingleAsync())).ShouldBe(LeaseState.Signed);

        await Page.Locator("#treason").FillAsync("企业搬迁，提前解约");
        await Page.Locator("#tconfirm").CheckAsync();
        await Page.GetByTestId("lease-terminate").ClickAsync();
        await Page.WaitForPageAsync($"**/leases/{lease.Id}?done=terminate");
        await Expect(Page.GetByTestId("lease-done")).ToContainTextAsync($"已终止租约 {lease.Code}（{name}）：{Today:yyyy-MM-dd} 之后不再出账；单元 {unit.Code} 待退租结算完成后释放");
        (await App.WithDbAsync(db => db.Leases.Where(l => l.Id == lease.Id).Select(l => l.State).SingleAsync())).ShouldBe(LeaseState.Terminated);
        // held for the exit settlement: nobody can sign for it until the statement is settled
        (await App.WithDbAsync(db => db.Units.Where(u => u.Id == unit.Id).Select(u => u.Status).SingleAsync())).ShouldBe(UnitStatus.Leased);
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }

    [Fact]
    public async Task LeaseRevise_OperatorTicksTheBox_TheFactsChangeFromTheMonthAndTheMessageNamesIt()
    {
        var park = await App.ParkIdAsync();
        var name = Unique("东莞市重评测试电子有限公司");
        var enterprise = await AdmittedEnterpriseAsync(park, name);
        // a unit of its own, so no other test's lease holds it
        var unit = await App.WithDbAsync(async db =>
        {
            var floor = await db.Floors.Where(f => db.Set<Building>().Any(b => b.Id == f.BuildingId && b.ParkId == park)).OrderBy(f => f.Id).FirstAsync();
            var u = new Unit { ParkId = park, BuildingId = floor.BuildingId, FloorId = floor.Id, Code = $"RV-{Environment.TickCount64 % 1_000_000:D6}", AreaSqm = 300m, Use = ParkOps.Domain.Pricing.SpaceUse.Factory, LoadTonsPerSqm = 3m, Status = UnitStatus.Vacant };
            db.Units.Add(u);
            await db.SaveChangesAsync();
            return u;
        });
        var next = new DateOnly(Today.Year, Today.Month, 1).AddMonths(1);
        var lease = await AsSystemAsync<LeaseService, Lease>(async s =>
        {
            var l = await s.CreateAsync(park, new LeaseInput(enterprise, [unit.Id], next, 24), default);
            await s.ActAsync(l.Id, "approve", new LeaseActionInput(), default);
            return await s.ActAsync(l.Id, "sign", new LeaseActionInput(), default);
        });
        await SignInAsync("operator");
        await OpenOkAsync($"/leases/{lease.Id}");

        // the form starts from the archive (C3982: the park's leading industry) and the first month that may change
        await Expect(Page.Locator("#rmonth")).ToHaveValueAsync($"{next:yyyy-MM}");
        await Expect(Page.Locator("#rlead")).ToBeCheckedAsync();
        await Expect(Page.Locator("#rconfirm")).ToHaveAttributeAsync("required", "");
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
        await Page.Locator("#rlead").UncheckAsync();
        await Page.Locator("#rreason").FillAsync("主营业务已转出园区主导产业");
        await Page.GetByTestId("lease-revise").ClickAsync();
        await ShouldNotBeSentAsync("#rconfirm");
        (await App.WithDbAsync(db => db.LeaseFactsRevisions.CountAsync(r => r.LeaseId == lease.Id))).ShouldBe(0);

        await Page.Locator("#rconfirm").CheckAsync();
        await Page.GetByTestId("lease-revise").ClickAsync();
        await Page.WaitForPageAsync($"**/leases/{lease.Id}?done=revise*");
        await Expect(Page.GetByTestId("lease-done")).ToContainTextAsync($"已重新评定租约 {lease.Code}（{name}）的租户条件，自 {next:yyyy-MM} 起生效");
        await Expect(Page.GetByTestId("lease-revision")).ToContainTextAsync($"{next:yyyy-MM} 起重新评定：主导产业 是→否（主营业务已转出园区主导产业）");
        (await App.WithDbAsync(db => db.LeaseFactsRevisions.CountAsync(r => r.LeaseId == lease.Id))).ShouldBe(1);
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }

    [Fact]
    public async Task ExitStart_NoReasonIsPreset_TheOperatorChoosesAndTicks_ThenCompletesWithAnotherTick()
    {
        var park = await App.ParkIdAsync();
        var name = Unique("东莞市清退测试电子有限公司");
        var id = await AdmittedEnterpriseAsync(park, name);
        await SignInAsync("operator");
        await OpenOkAsync($"/enterprises/{id}");

        await Expect(Page.Locator("#exitReason")).ToHaveValueAsync("");
        await Expect(Page.Locator("#exitReason")).ToHaveAttributeAsync("required", "");
        await Expect(Page.Locator("#exitconfirm")).ToHaveAttributeAsync("required", "");
        await Page.GetByTestId("exit-start").ClickAsync();
        (await Page.Locator("#exitReason").EvaluateAsync<bool>("s => s.form.checkValidity()")).ShouldBeFalse();
        // a form that arrives without a reason all the same (the browser's check removed) is answered in words
        await Page.Locator("#exitReason").EvaluateAsync("s => s.removeAttribute('required')");
        await Page.Locator("#exitconfirm").CheckAsync();
        await Page.GetByTestId("exit-start").ClickAsync();
        await Expect(Page.GetByTestId("exit-reason-error")).ToContainTextAsync("请选择退出原因");
        (await App.WithDbAsync(db => db.ExitCases.CountAsync(x => x.EnterpriseId == id))).ShouldBe(0);
        (await App.WithDbAsync(db => db.Enterprises.Where(e => e.Id == id).Select(e => e.Status).SingleAsync())).ShouldBe(EnterpriseStatus.Admitted);

        await Page.Locator("#exitReason").SelectOptionAsync(nameof(ExitReason.RuleBreach));
        await Page.Locator("#exitconfirm").CheckAsync();
        await Page.GetByTestId("exit-start").ClickAsync();
        await Page.WaitForPageAsync($"**/enterprises/{id}?done=exit");
        await Expect(Page.GetByTestId("enterprise-done")).ToContainTextAsync($"已为 {name} 启动退出流程（违规清退）");
        (await App.WithDbAsync(db => db.ExitCases.Where(x => x.EnterpriseId == id).Select(x => x.Reason).SingleAsync())).ShouldBe(ExitReason.RuleBreach);
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);

        // completing vacates the units for good: it asks again
        var exitId = await App.WithDbAsync(db => db.ExitCases.Where(x => x.EnterpriseId == id).Select(x => x.Id).SingleAsync());
        await Expect(Page.Locator($"#xconfirm-{exitId}")).ToHaveAttributeAsync("required", "");
        await Page.GetByTestId("exit-complete").ClickAsync();
        await ShouldNotBeSentAsync($"#xconfirm-{exitId}");
        (await App.WithDbAsync(db => db.Enterprises.Where(e => e.Id == id).Select(e => e.Status).SingleAsync())).ShouldBe(EnterpriseStatus.Exiting);
        await Page.Locator($"#xconfirm-{exitId}").CheckAsync();
        await Page.GetByTestId("exit-complete").ClickAsync();
        await Page.WaitForPageAsync($"**/enterprises/{id}?done=exitcomplete");
        await Expect(Page.GetByTestId("enterprise-done")).ToContainTextAsync($"{name} 已完成退出");
        (await App.WithDbAsync(db => db.Enterprises.Where(e => e.Id == id).Select(e => e.Status).SingleAsync())).ShouldBe(EnterpriseStatus.Exited);
    }

    [Fact]
    public async Task MyBookings_Tenant_SoonestFirstThenCancelsOneOnlyWhenTicked()
    {
        var park = await App.ParkIdAsync();
        var enterprise = await App.EnterpriseOfAsync("tenant");
        var user = await App.WithDbAsync(db => db.Users.Where(u => u.UserName == "tenant").Select(u => u.Id).SingleAsync());
        // 101 会议室 after the demo's bookings end (14 days ahead), in its last opening hour: nobody else books there
        var room = await App.WithDbAsync(db => db.Resources.Where(r => r.ParkId == park && r.Code == "A-MR-101").SingleAsync());
        async Task<long> BookAsync(int days, string purpose)
        {
            var d = Today.AddDays(days);
            while (d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) d = d.AddDays(1);
            var start = BookingCalendar.At(d, new TimeOnly(20, 0));
            return await App.WithDbAsync(async db =>
            {
                var b = new ResourceBooking
                {
                    ParkId = park, EnterpriseId = enterprise, ResourceId = room.Id, UserId = user, Start = start.UtcDateTime, End = start.AddMinutes(30).UtcDateTime,
                    BlockedUntil = start.AddMinutes(30 + room.BufferMinutes).UtcDateTime, Purpose = purpose, CreatedAt = DateTime.UtcNow,
                };
                b.SetState(BookingState.Confirmed);
                db.Bookings.Add(b);
                await db.SaveChangesAsync();
                return b.Id;
            });
        }
        var later = await BookAsync(60, "年度总结会（浏览器）");
        var soon = await BookAsync(20, "客户来访（浏览器）");
        var mine = await App.WithDbAsync(db => db.Bookings.Where(b => b.ParkId == park && b.UserId == user).ToListAsync());
        var now = DateTime.UtcNow;
        // the order the page promises: not yet over, soonest first; then the rest, latest first
        var expected = mine.Where(b => b.End > now).OrderBy(b => b.Start).ThenBy(b => b.Id)
            .Concat(mine.Where(b => b.End <= now).OrderByDescending(b => b.Start).ThenByDescending(b => b.Id)).Select(b => b.Id.ToString()).ToList();
        expected.IndexOf(soon.ToString()).ShouldBeLessThan(expected.IndexOf(later.ToString()));

        await SignInAsync("tenant");
        await OpenOkAsync($"/parks/{park}/bookings/mine");
        (await Page.GetByTestId("my-bookings").Locator("li[data-booking]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.booking)"))
            .ShouldBe(expected.Take(30).ToArray());

        var page = expected.IndexOf(soon.ToString()) / 30 + 1;
        await OpenOkAsync($"/parks/{park}/bookings/mine?page={page}");
        await Page.GetByTestId($"cancel-open-{soon}").ClickAsync();
        await Expect(Page.GetByTestId($"cancel-form-{soon}")).ToContainTextAsync("101 会议室");
        await Expect(Page.Locator($"#cconfirm-{soon}")).ToHaveAttributeAsync("required", "");
        await Page.GetByTestId($"cancel-{soon}").ClickAsync();
        await ShouldNotBeSentAsync($"#cconfirm-{soon}");
        (await App.WithDbAsync(db => db.Bookings.Where(b => b.Id == soon).Select(b => b.State).SingleAsync())).ShouldBe(BookingState.Confirmed);
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);

        await Page.Locator($"#cconfirm-{soon}").CheckAsync();
        await Page.GetByTestId($"cancel-{soon}").ClickAsync();
        await Page.WaitForPageAsync($"**/bookings/mine?done=cancelled&booking={soon}");
        var day = BookingCalendar.DayOf(new DateTimeOffset(mine.Single(b => b.Id == soon).Start, TimeSpan.Zero));
        await Expect(Page.GetByTestId("bookings-done")).ToContainTextAsync($"已取消预约 #{soon}：101 会议室 {day:yyyy-MM-dd} 20:00–20:30");
        (await App.WithDbAsync(db => db.Bookings.Where(b => b.Id == soon).Select(b => b.State).SingleAsync())).ShouldBe(BookingState.Cancelled);
        (await App.WithDbAsync(db => db.Bookings.Where(b => b.Id == later).Select(b => b.State).SingleAsync())).ShouldBe(BookingState.Confirmed);
    }

    [Fact]
    public async Task PoolCancel_OperatorTicksTheBox_ThePoolIsCancelledAndNamed()
    {
        var park = await App.ParkIdAsync();
        var item = Unique("浏览器测试集采·导热硅脂");
        var pool = await AsSystemAsync<PoolService, ProcurementPool>(s => s.CreateAsync(park, new PoolInput
        {
            Item = item, Unit = "kg", ListPrice = 100m, Tiers = [new PoolTierInput(10m, 90m)], Deadline = DateTimeOffset.UtcNow.AddDays(7),
        }, default));
        await SignInAsync("operator");
        await OpenOkAsync($"/pools/{pool.Id}");
        // closing writes the order for good: it asks too
        await Expect(Page.Locator("#closeconfirm")).ToHaveAttributeAsync("required", "");
        await Expect(Page.Locator("#cancelconfirm")).ToHaveAttributeAsync("required", "");
        await Expect(Page.GetByTestId("pool-cancel-form")).ToContainTextAsync($"取消集采“{item}”后");
        await Page.GetByTestId("pool-cancel").ClickAsync();
        await ShouldNotBeSentAsync("#cancelconfirm");
        (await App.WithDbAsync(db => db.ProcurementPools.Where(p => p.Id == pool.Id).Select(p => p.State).SingleAsync())).ShouldBe(PoolState.Open);
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);

        await Page.Locator("#cancelconfirm").CheckAsync();
        await Page.GetByTestId("pool-cancel").ClickAsync();
        await Page.WaitForPageAsync($"**/pools/{pool.Id}?done=cancel");
        await Expect(Page.GetByTestId("pool-done")).ToContainTextAsync($"已取消集采“{item}”");
        (await App.WithDbAsync(db => db.ProcurementPools.Where(p => p.Id == pool.Id).Select(p => p.State).SingleAsync())).ShouldBe(PoolState.Cancelled);
    }

    [Fact]
    public async Task QrRotate_OperatorTicksTheBox_TheOldCodeIsVoidAndTheUnitNamed()
    {
        var park = await App.ParkIdAsync();
        // the park's last unit by code: the anonymous QR test scans the first code issued
        var unit = await App.WithDbAsync(db => db.Units.Where(u => u.ParkId == park).OrderByDescending(u => u.Code).FirstAsync());
        var before = await App.WithDbAsync(db => db.UnitQrCodes.Where(q => q.UnitId == unit.Id).Select(q => q.Token).SingleAsync());
        await SignInAsync("operator");
        await OpenOkAsync($"/parks/{park}/qr?unit={unit.Id}");
        await Expect(Page.Locator("#qrconfirm")).ToHaveAttributeAsync("required", "");
        await Expect(Page.GetByTestId("qr-rotate-form")).ToContainTextAsync($"单元 {unit.Code} 现在的二维码将立即失效");
        await Page.GetByTestId("qr-rotate").ClickAsync();
        await ShouldNotBeSentAsync("#qrconfirm");
        (await App.WithDbAsync(db => db.UnitQrCodes.Where(q => q.UnitId == unit.Id).Select(q => q.Token).SingleAsync())).ShouldBe(before);
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);

        await Page.Locator("#qrconfirm").CheckAsync();
        await Page.GetByTestId("qr-rotate").ClickAsync();
        await Page.WaitForPageAsync($"**/qr?unit={unit.Id}&done=rotated");
        await Expect(Page.GetByTestId("qr-done")).ToContainTextAsync($"已作废单元 {unit.Code} 的旧二维码并生成新码");
        (await App.WithDbAsync(db => db.UnitQrCodes.Where(q => q.UnitId == unit.Id).Select(q => q.Token).SingleAsync())).ShouldNotBe(before);
        await Expect(Page.GetByTestId("qr-url")).Not.ToContainTextAsync(before);
    }

    [Fact]
    public async Task PostClose_TenantTicksTheBox_ThePostIsClosedAndNamed()
    {
        var park = await App.ParkIdAsync();
        var own = await App.EnterpriseOfAsync("tenant");
        var title = Unique("浏览器测试：散热结构技术攻关");
        // a technology need matches no offer the other tests read
        var post = await AsSystemAsync<PostService, Post>(s => s.CreateAsync(park, new PostInput
        {
            EnterpriseId = own, Kind = "tech_need", Title = title, Description = "功放模块温升过高，寻求散热结构设计合作。",
        }, default));
        await SignInAsync("tenant");
        await OpenOkAsync($"/market/posts/{post.Id}");
        await Expect(Page.GetByTestId("post-close")).ToBeHiddenAsync();
        await Page.GetByTestId("post-close-section").Locator("summary").ClickAsync();
        await Expect(Page.Locator("#postcloseconfirm")).ToHaveAttributeAsync("required", "");
        await Expect(Page.GetByTestId("post-close-form")).ToContainTextAsync($"关闭《{title}》后它立即退出匹配");
        await Page.GetByTestId("post-close").ClickAsync();
        await ShouldNotBeSentAsync("#postcloseconfirm");
        (await App.WithDbAsync(db => db.Posts.Where(p => p.Id == post.Id).Select(p => p.State).SingleAsync())).ShouldBe(PostState.Open);
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);

        await Page.Locator("#postcloseconfirm").CheckAsync();
        await Page.GetByTestId("post-close").ClickAsync();
        await Page.WaitForPageAsync($"**/market/posts/{post.Id}?done=close");
        await Expect(Page.GetByTestId("post-done")).ToContainTextAsync($"已关闭《{title}》");
        (await App.WithDbAsync(db => db.Posts.Where(p => p.Id == post.Id).Select(p => p.State).SingleAsync())).ShouldBe(PostState.Closed);
    }

    [Fact]
    public async Task TicketRating_NothingPreselected_ReopenStandsApart_TheChosenStarsAreNamed()
    {
        var id = await ClosedTicketOfTenantAsync(Unique("浏览器测试：卫生间水龙头漏水"));
        var reference = TicketNames.Reference(id);
        await SignInAsync("tenant");
        await OpenOkAsync($"/tickets/{id}");

        var rate = Page.GetByTestId("ticket-rate");
        await Expect(rate.Locator("input[name=rating]")).ToHaveCountAsync(5);
        await Expect(rate.Locator("input[name=rating]:checked")).ToHaveCountAsync(0);
        await Expect(Page.Locator("#rate5")).ToHaveAttributeAsync("required", "");
        // reopening is its own outlined form, away from the rating's button
        await Expect(rate.GetByTestId("act-reopen")).ToHaveCountAsync(0);
        await Expect(Page.GetByTestId("ticket-reopen").GetByTestId("act-reopen")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bbtn-outline-danger\b"));
        var rateBox = (await Page.GetByTestId("act-rate").BoundingBoxAsync())!;
        var reopenBox = (await Page.GetByTestId("act-reopen").BoundingBoxAsync())!;
        reopenBox.Y.ShouldBeGreaterThan(rateBox.Y + rateBox.Height + 40);
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);

        await Page.GetByTestId("act-rate").ClickAsync();
        (await rate.EvaluateAsync<bool>("f => f.checkValidity()")).ShouldBeFalse();
        (await App.WithDbAsync(db => db.Tickets.Where(t => t.Id == id).Select(t => t.Rating).SingleAsync())).ShouldBeNull();
        // sent without a choice all the same (the browser's check removed): a plain message, still nothing stored
        (await rate.Locator("input[name=rating]").EvaluateAllAsync<int>("rs => { rs.forEach(r => r.removeAttribute('required')); return rs.length; }")).ShouldBe(5);
        await Page.EvaluateAsync("() => window.__sameDocument = true");
        await Page.GetByTestId("act-rate").ClickAsync();
        await Expect(Page.GetByTestId("rating-error")).ToContainTextAsync("请先选择 1–5 星");
        // answered in place (an enhanced post: the document stays, the answer is brought into view and focused)
        (await Page.EvaluateAsync<bool>("() => window.__sameDocument === true")).ShouldBeTrue();
        await Expect(Page.GetByTestId("ticket-error")).ToBeFocusedAsync();
        (await App.WithDbAsync(db => db.Tickets.Where(t => t.Id == id).Select(t => t.Rating).SingleAsync())).ShouldBeNull();

        await Page.Locator("#rate4").CheckAsync();
        await Page.Locator("#rcomment").FillAsync("维修师傅很快到场。");
        await Page.GetByTestId("act-rate").ClickAsync();
        await Page.WaitForPageAsync($"**/tickets/{id}?done=rate");
        await Expect(Page.GetByTestId("ticket-done")).ToContainTextAsync($"已提交对工单 {reference} 的评价：4 星");
        var stored = await App.WithDbAsync(db => db.Tickets.Where(t => t.Id == id).Select(t => new { t.Rating, t.RatingComment, t.State }).SingleAsync());
        stored.Rating.ShouldBe(4);
        stored.RatingComment.ShouldBe("维修师傅很快到场。");
        stored.State.ShouldBe(TicketState.Closed);
    }

    [Fact]
    public async Task TicketReopen_Enhanced_TheReasonIsRecordedAndTheTicketReopensInPlace()
    {
        var id = await ClosedTicketOfTenantAsync(Unique("浏览器测试：仓库门锁损坏"));
        await SignInAsync("tenant");
        await OpenOkAsync($"/tickets/{id}");
        await Page.EvaluateAsync("() => window.__sameDocument = true");
        await Page.Locator("#ocomment").FillAsync("门锁又坏了，仍然锁不上。");
        await Page.GetByTestId("ticket-reopen").GetByTestId("act-reopen").ClickAsync();
        await Page.WaitForPageAsync($"**/tickets/{id}?done=reopen");
        await Expect(Page.GetByTestId("ticket-done")).ToContainTextAsync($"已重新打开工单 {TicketNames.Reference(id)}");
        (await Page.EvaluateAsync<bool>("() => window.__sameDocument === true")).ShouldBeTrue();
        (await App.WithDbAsync(db => db.Tickets.Where(t => t.Id == id).Select(t => t.State).SingleAsync())).ShouldBe(TicketState.Reopened);
        await Expect(Page.GetByTestId("timeline")).ToContainTextAsync("门锁又坏了，仍然锁不上。");
    }

    /// <summary>A ticket of the demo tenant, resolved and closed six hours ago: ready to be rated or reopened.</summary>
    private async Task<long> ClosedTicketOfTenantAsync(string title)
    {
        var park = await App.ParkIdAsync();
        var own = await App.EnterpriseOfAsync("tenant");
        var requester = await App.WithDbAsync(db => db.Users.Where(u => u.UserName == "tenant").SingleAsync());
        var id = await App.WithDbAsync(async db =>
        {
            var at = DateTime.UtcNow.AddHours(-6);
            var t = new Ticket
            {
                ParkId = park, EnterpriseId = own, Kind = TicketKind.Request, Source = TicketSource.Account, Category = TicketCategory.Repair, Severity = TicketSeverity.Normal,
                CommonArea = "3号厂房二楼卫生间", Title = title, RequesterUserId = requester.Id, RequesterName = requester.DisplayName,
                CreatedAt = at, UpdatedAt = at, ResponseDueAt = at.AddHours(2), ResolutionDueAt = at.AddHours(24),
            };
            t.Move(TicketAction.Acknowledge, at.AddMinutes(20));
            t.Move(TicketAction.Start, at.AddMinutes(30));
            t.Resolve(at.AddHours(2), requester.DisplayName);
            t.Move(TicketAction.Close, at.AddHours(3));
            db.Tickets.Add(t);
            await db.SaveChangesAsync();
            return t.Id;
        });
        return id;
    }
}
