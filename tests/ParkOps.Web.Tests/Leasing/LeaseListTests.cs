using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Features.Leasing;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Leasing;

/// <summary>Who sees and changes which leases: expiry reminders, tenants, the government viewer, the other park's operator. A host of its own.</summary>
public sealed class LeaseListTests(ParkOpsFactory app) : IClassFixture<ParkOpsFactory>
{
    private static List<JsonElement> Items(JsonElement page) => page.GetProperty("items").EnumerateArray().ToList();

    [Theory]
    [InlineData(90)]
    [InlineData(30)]
    [InlineData(7)]
    public async Task ListLeases_ExpiringWithinDays_HoldsOnlyHoldingLeasesEndingWithinThem(int days)
    {
        var park = await app.ParkIdAsync();
        var op = await app.LoginAsync("operator");
        var until = LeasingApi.Today.AddDays(days);
        var expected = await app.WithDbAsync(db => db.Leases.Where(l => l.ParkId == park && (l.State == LeaseState.Active || l.State == LeaseState.Signed) && l.EndDate <= until)
            .Select(l => l.Id).ToListAsync());
        if (days == 90) expected.ShouldNotBeEmpty("the demo park has leases ending within 90 days");
        var later = await app.WithDbAsync(db => db.Leases.CountAsync(l => l.ParkId == park && l.EndDate > until));
        later.ShouldBeGreaterThan(0, "and leases ending later, which the filter must leave out");

        var page = await op.GetJsonAsync($"/api/v1/parks/{park}/leases?expiringWithinDays={days}&pageSize=200");

        var items = Items(page);
        items.Select(l => l.Id()).Order().ShouldBe(expected.Order());
        page.GetProperty("total").GetInt32().ShouldBe(expected.Count);
        foreach (var l in items)
        {
            DateOnly.Parse(l.Str("endDate")!).ShouldBeLessThanOrEqualTo(until);
            l.State().ShouldBeOneOf("Active", "Signed");
            l.GetProperty("daysToExpiry").GetInt32().ShouldBeLessThanOrEqualTo(days);
        }
    }

    [Fact]
    public async Task ListLeases_ExpiringWithinAnAbsurdNumberOfDays_Gives400NotAServerError()
    {
        var park = await app.ParkIdAsync();
        var op = await app.LoginAsync("operator");

        var res = await op.GetAsync($"/api/v1/parks/{park}/leases?expiringWithinDays={int.MaxValue}");

        await res.ShouldBeProblemAsync(HttpStatusCode.BadRequest, field: "expiringWithinDays");
    }

    [Fact]
    public async Task ListLeases_Tenant_SeesOnlyItsOwnLeases()
    {
        var park = await app.ParkIdAsync();
        var own = await app.EnterpriseOfAsync("tenant");
        var tenant = await app.LoginAsync("tenant");
        var ownCount = await app.WithDbAsync(db => db.Leases.CountAsync(l => l.EnterpriseId == own));
        ownCount.ShouldBeGreaterThan(0, "the tenant's enterprise has a demo lease");
        (await app.WithDbAsync(db => db.Leases.CountAsync(l => l.ParkId == park && l.EnterpriseId != own))).ShouldBeGreaterThan(0);

        var page = await tenant.GetJsonAsync($"/api/v1/parks/{park}/leases?pageSize=200");

        var items = Items(page);
        items.Count.ShouldBe(ownCount);
        items.ShouldAllBe(l => l.GetProperty("enterpriseId").GetInt64() == own);
        page.GetProperty("total").GetInt32().ShouldBe(ownCount);
        // nor can it read or name another enterprise's lease
        var others = await app.WithDbAsync(db => db.Leases.Where(l => l.ParkId == park && l.EnterpriseId != own).OrderBy(l => l.Id).Select(l => l.Id).FirstAsync());
        await (await tenant.GetAsync($"/api/v1/leases/{others}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await tenant.GetJsonAsync($"/api/v1/parks/{park}/leases?enterpriseId={await app.EnterpriseOfAsync("tenant2")}")).GetProperty("total").GetInt32().ShouldBe(0);
        // its own lease it reads with the schedule
        var mine = Items(page)[0].Id();
        (await tenant.GetJsonAsync($"/api/v1/leases/{mine}")).GetProperty("months").GetArrayLength().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Lease_Tenant_CannotChangeItsOwnLease()
    {
        var own = await app.EnterpriseOfAsync("tenant");
        var tenant = await app.LoginAsync("tenant");
        var mine = await app.WithDbAsync(db => db.Leases.Where(l => l.EnterpriseId == own).OrderBy(l => l.Id).FirstAsync());

        var res = await tenant.ActAsync(mine.Id, "terminate", new { on = LeasingApi.Today.ToString("yyyy-MM-dd") });

        // the tenant sees its own lease, but only the park's operator changes it
        await res.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyOperatorsMayWrite");
        (await app.LeaseAsync(mine.Id)).State.ShouldBe(mine.State);
    }

    [Fact]
    public async Task Leases_GovernmentViewer_CannotWrite()
    {
        var park = await app.ParkIdAsync();
        var gov = await app.LoginAsync("gov");
        var lease = await app.WithDbAsync(db => db.Leases.Where(l => l.ParkId == park && l.State == LeaseState.Active).OrderBy(l => l.Id).FirstAsync());
        var unit = await app.NewVacantUnitAsync(park);
        var ent = (await app.AdmittedAsync(park))[0];
        var before = await app.WithDbAsync(db => db.Leases.CountAsync());
        var policies = await app.WithDbAsync(db => db.RentPolicyVersions.CountAsync());

        var create = await gov.PostJsonAsync($"/api/v1/parks/{park}/leases", LeasingApi.LeaseBody(ent.Id, [unit.Id], LeasingApi.NextMonth));
        // a government viewer sees the park and its leases, and may change none of them
        await create.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyOperatorsMayWrite");
        foreach (var action in new[] { "terminate", "renew", "expire" })
        {
            var act = await gov.ActAsync(lease.Id, action, new { on = LeasingApi.Today.ToString("yyyy-MM-dd") });
            // a lease is the enterprise's confidential record: outside a government viewer's scope altogether
            await act.ShouldBeProblemAsync(HttpStatusCode.NotFound, "MustExistInScope");
        }
        var policy = await gov.PostJsonAsync($"/api/v1/parks/{park}/rent-policies", RentPolicyTests.PolicyBody(new DateOnly(2031, 1, 1)));
        await policy.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyOperatorsMayWrite");

        (await app.WithDbAsync(db => db.Leases.CountAsync())).ShouldBe(before);
        (await app.LeaseAsync(lease.Id)).State.ShouldBe(LeaseState.Active);
        (await app.WithDbAsync(db => db.RentPolicyVersions.CountAsync())).ShouldBe(policies);
    }

    [Fact]
    public async Task Lease_OperatorOfAnotherPark_Gets404()
    {
        var hm = await app.ParkIdAsync("DG-HM-01");
        var op = await app.LoginAsync("operator");
        var lease = await app.WithDbAsync(db => db.Leases.Where(l => l.ParkId == hm && l.State == LeaseState.Active).OrderBy(l => l.Id).FirstAsync());

        await (await op.GetAsync($"/api/v1/leases/{lease.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await op.ActAsync(lease.Id, "terminate", new { on = LeasingApi.Today.ToString("yyyy-MM-dd") })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await op.GetAsync($"/api/v1/parks/{hm}/leases")).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        (await app.LeaseAsync(lease.Id)).State.ShouldBe(LeaseState.Active);
        // while the park's own operator reads it
        (await (await app.LoginAsync("operator2")).GetJsonAsync($"/api/v1/leases/{lease.Id}")).GetProperty("lease").Id().ShouldBe(lease.Id);
    }
}
