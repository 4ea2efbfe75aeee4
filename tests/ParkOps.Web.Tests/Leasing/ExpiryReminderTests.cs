using System.Net;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Features.Leasing;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Leasing;

/// <summary>Expiry reminders at 90, 30 and 7 days: computed from the holding leases; tenants see their own.</summary>
public sealed class ExpiryReminderTests(ParkOpsFactory app) : IClassFixture<ParkOpsFactory>
{
    [Theory]
    [InlineData(0, 7)]
    [InlineData(7, 7)]
    [InlineData(8, 30)]
    [InlineData(30, 30)]
    [InlineData(31, 90)]
    [InlineData(90, 90)]
    public void StageOf_DaysLeft_IsTheFirstStageNotYetPassed(int days, int stage) => ExpiryReminderService.StageOf(days).ShouldBe(stage);

    [Fact]
    public void StageOf_AfterTheEnd_IsNone() => ExpiryReminderService.StageOf(-1).ShouldBeNull();

    [Fact]
    public async Task Reminders_Operator_ListsEveryHoldingLeaseEndingWithin90DaysSoonestFirst()
    {
        var park = await app.ParkIdAsync();
        var op = await app.LoginAsync("operator");
        var list = await (await op.GetAsync($"/api/v1/parks/{park}/lease-reminders")).JsonAsync();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")));
        var until = today.AddDays(90);
        var expected = await app.WithDbAsync(db => db.Leases.Where(l => l.ParkId == park && (l.State == LeaseState.Active || l.State == LeaseState.Signed) && l.EndDate >= today && l.EndDate <= until)
            .Select(l => l.Id).ToListAsync());
        expected.Count.ShouldBeGreaterThan(0, "the demo park has leases ending soon");
        list.EnumerateArray().Select(r => r.GetProperty("leaseId").GetInt64()).Order().ShouldBe(expected.Order());
        var days = list.EnumerateArray().Select(r => r.GetProperty("daysLeft").GetInt32()).ToList();
        days.ShouldBe(days.Order().ToList());
        // the stages written out: within 7 days → 7, within 30 → 30, within 90 → 90
        foreach (var r in list.EnumerateArray())
            r.GetProperty("stage").GetInt32().ShouldBe(r.GetProperty("daysLeft").GetInt32() switch { <= 7 => 7, <= 30 => 30, _ => 90 });
    }

    [Fact]
    public async Task Reminders_TenantAndHomePage_ShowOnlyItsOwnLeases()
    {
        var park = await app.ParkIdAsync();
        var own = await app.EnterpriseOfAsync("tenant");
        // make the tenant's lease end in 20 days, so it has a reminder
        var lease = await app.WithDbAsync(async db =>
        {
            var l = await db.Leases.Where(x => x.EnterpriseId == own && x.State == LeaseState.Active).OrderBy(x => x.Id).FirstAsync();
            l.EndDate = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(20);
            await db.SaveChangesAsync();
            return l;
        });
        var tenant = await app.LoginAsync("tenant");
        var list = await (await tenant.GetAsync($"/api/v1/parks/{park}/lease-reminders")).JsonAsync();
        list.EnumerateArray().ShouldAllBe(r => r.GetProperty("enterpriseId").GetInt64() == own);
        list.EnumerateArray().Select(r => r.GetProperty("leaseId").GetInt64()).ShouldContain(lease.Id);
        var home = await (await app.CookieLoginAsync("tenant")).GetStringAsync("/");
        home.ShouldContain("data-testid=\"expiry-reminders\"");
        home.ShouldContain($"/leases/{lease.Id}");
        var other = await app.WithDbAsync(db => db.Leases.Where(l => l.ParkId == park && l.EnterpriseId != own && l.State == LeaseState.Active).Select(l => l.Id).ToListAsync());
        foreach (var id in other) home.ShouldNotContain($"/leases/{id}\"");
    }

    [Fact]
    public async Task HomePage_OperatorSeesTheDeskMonthAndReminders_TenantDoesNotSeeTheDesk()
    {
        var op = await (await app.CookieLoginAsync("operator")).GetStringAsync("/");
        op.ShouldContain("data-testid=\"desk-kpis\"");
        op.ShouldContain("data-testid=\"expiry-reminders\"");
        var tenant = await (await app.CookieLoginAsync("tenant2")).GetStringAsync("/");
        tenant.ShouldNotContain("data-testid=\"desk-kpis\"");
    }
}
