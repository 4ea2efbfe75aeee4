using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Users;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Tests.Infrastructure;
using static ParkOps.Web.Tests.Foundation.FoundationApi;

namespace ParkOps.Web.Tests.Foundation;

/// <summary>
/// The caller's scope is cached per user (<see cref="ActorScopeCache"/>): a change to what it is made from counts from
/// the next request in this process, and a change this process did not make counts once the entry's lifetime is over.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class ActorScopeCacheTests(ParkOpsFactory app)
{
    private static async Task<long[]> ParksOfAsync(HttpClient user)
    {
        var me = await (await user.GetAsync("/api/v1/auth/me")).JsonAsync();
        return me.GetProperty("parkIds").EnumerateArray().Select(x => x.GetInt64()).Order().ToArray();
    }

    [Fact]
    public async Task Scope_GrantAddedAndRemoved_CountsFromTheNextRequest()
    {
        var (ca, hm) = (await app.ParkIdAsync(), await app.ParkIdAsync("DG-HM-01"));
        var admin = await app.LoginAsync("admin");
        var name = "cache_" + Guid.NewGuid().ToString("N")[..8];
        var id = await admin.CreateUserAsync(name, "Scope12345x", "EnterpriseUser", enterpriseId: await app.EnterpriseOfAsync("tenant"));
        var user = await app.LoginAsync(name, "Scope12345x");
        (await ParksOfAsync(user)).ShouldBe([ca]);
        (await user.GetAsync($"/api/v1/parks/{hm}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // a grant written straight into the database through EF Core (as a script or the CLI would) drops the cached scope
        var grant = await app.WithDbAsync(async db =>
        {
            var g = new RoleGrant { UserId = id, Role = Role.ParkOperator, ParkId = hm };
            db.RoleGrants.Add(g);
            await db.SaveChangesAsync();
            return g.Id;
        });
        (await ParksOfAsync(user)).ShouldBe(new[] { ca, hm }.Order().ToArray());
        (await user.GetAsync($"/api/v1/parks/{hm}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await app.WithDbAsync(async db =>
        {
            db.RoleGrants.Remove(await db.RoleGrants.SingleAsync(g => g.Id == grant));
            return await db.SaveChangesAsync();
        });
        (await ParksOfAsync(user)).ShouldBe([ca]);
        (await user.GetAsync($"/api/v1/parks/{hm}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Scope_EnterpriseRenamed_BookingsNameItsNewName()
    {
        // the caller's enterprises (id, park, name) travel with the cached scope; a rename drops it
        var tenant = await app.LoginAsync("tenant");
        var enterprise = await app.EnterpriseOfAsync("tenant");
        (await ParksOfAsync(tenant)).Length.ShouldBe(1);
        var original = await app.WithDbAsync(db => db.Enterprises.Where(e => e.Id == enterprise).Select(e => e.Name).SingleAsync());
        var renamed = original + "（更名）";
        try
        {
            await app.WithDbAsync(async db => { (await db.Enterprises.SingleAsync(e => e.Id == enterprise)).Name = renamed; return await db.SaveChangesAsync(); });
            var scope = await app.WithDbAsync(async db => await app.Services.GetRequiredService<ActorScopeCache>().GetAsync(db,
                await db.Users.Where(u => u.UserName == "tenant").Select(u => u.Id).SingleAsync(), CancellationToken.None));
            scope.Enterprises.Single().Name.ShouldBe(renamed);
        }
        finally
        {
            await app.WithDbAsync(async db => { (await db.Enterprises.SingleAsync(e => e.Id == enterprise)).Name = original; return await db.SaveChangesAsync(); });
        }
    }

    [Fact]
    public async Task Cache_ChangeThisProcessDidNotSee_CountsWhenTheEntryExpires()
    {
        // another app instance on the same database deactivates the user: this process learns it within the lifetime
        var admin = await app.LoginAsync("admin");
        var name = "stale_" + Guid.NewGuid().ToString("N")[..8];
        var id = await admin.CreateUserAsync(name, "Stale12345x", "EnterpriseUser", enterpriseId: await app.EnterpriseOfAsync("tenant"));
        var clock = new ManualClock();
        var cache = new ActorScopeCache(clock);
        (await app.WithDbAsync(db => cache.GetAsync(db, id, CancellationToken.None))).UserId.ShouldBe(id);
        // behind EF Core's back: nothing in this process hears of it
        await app.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE \"Users\" SET \"IsActive\" = {false} WHERE \"Id\" = {id}"));
        clock.Advance(ActorScopeCache.Lifetime - TimeSpan.FromSeconds(1));
        (await app.WithDbAsync(db => cache.GetAsync(db, id, CancellationToken.None))).UserId.ShouldBe(id, "still within the entry's lifetime");
        clock.Advance(TimeSpan.FromSeconds(2));
        (await app.WithDbAsync(db => cache.GetAsync(db, id, CancellationToken.None))).UserId.ShouldBeNull("expired: resolved again, and the account is inactive");
    }

    [Fact]
    public async Task Cache_InvalidatedWhileResolving_DoesNotKeepTheOldScope()
    {
        var tenantId = await app.WithDbAsync(db => db.Users.Where(u => u.UserName == "tenant").Select(u => u.Id).SingleAsync());
        var cache = new ActorScopeCache(new ManualClock());
        var first = await app.WithDbAsync(db => cache.GetAsync(db, tenantId, CancellationToken.None));
        (await app.WithDbAsync(db => cache.GetAsync(db, tenantId, CancellationToken.None))).ShouldBeSameAs(first, "a second request is answered from the cache");
        cache.Invalidate();
        (await app.WithDbAsync(db => cache.GetAsync(db, tenantId, CancellationToken.None))).ShouldNotBeSameAs(first);
    }

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks = 1_000_000;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => _ticks;
        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
