using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Marketplace;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Marketplace;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Marketplace;

/// <summary>Look-ups the pool tests and the scope tests share.</summary>
public static class PoolApi
{
    public static Dictionary<string, object?> Body(string item = "测试锡膏", decimal listPrice = 320m, object[]? tiers = null, DateTimeOffset? deadline = null) => new()
    {
        ["item"] = item,
        ["spec"] = "SAC305 500g/罐",
        ["unit"] = "kg",
        ["listPrice"] = listPrice,
        ["tiers"] = tiers ?? new object[] { new { minQuantity = 50, unitPrice = 300 }, new { minQuantity = 100, unitPrice = 290 }, new { minQuantity = 200, unitPrice = 282.5 } },
        ["deadline"] = deadline ?? DateTimeOffset.UtcNow.AddDays(14),
    };

    public static async Task<long> CreatePoolAsync(this HttpClient client, long parkId, object? body = null)
    {
        var res = await client.PostAsJsonAsync($"/api/v1/parks/{parkId}/pools", body ?? Body(), Demo.Json);
        var text = await res.Content.ReadAsStringAsync();
        res.StatusCode.ShouldBe(HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt64();
    }

    public static Task<HttpResponseMessage> CommitAsync(this HttpClient client, long poolId, decimal quantity) =>
        client.PostAsJsonAsync($"/api/v1/pools/{poolId}/commitments", new { quantity }, Demo.Json);

    /// <summary>An open pool of the park (the demo's, or one written straight to the database for a park without one).</summary>
    public static Task<long> PoolInParkAsync(ParkOpsFactory app, long parkId) => app.WithDbAsync(async db =>
    {
        var id = await db.ProcurementPools.Where(p => p.ParkId == parkId && p.State == PoolState.Open).OrderBy(p => p.Id).Select(p => (long?)p.Id).FirstOrDefaultAsync();
        if (id is { } existing) return existing;
        var pool = new ProcurementPool
        {
            ParkId = parkId, Item = "范围测试集采", Unit = "个", ListPrice = 2m, Tiers = ProcurementPool.FormatTiers([new PoolTier(100, 1.8m)]), Deadline = DateTime.UtcNow.AddDays(30),
            State = PoolState.Open, CreatedBy = "test", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        };
        db.ProcurementPools.Add(pool);
        await db.SaveChangesAsync();
        return pool.Id;
    });
}

/// <summary>Joint procurement pools: opening with tiers, commitments of the park's tenants, closing into a purchase order with savings.</summary>
[Collection(DemoCollection.Name)]
public sealed class PoolTests(ParkOpsFactory app)
{
    [Fact]
    public async Task Pool_CommitAndClose_MakesAnOrderWhoseSavingsSumAndNotifiesMembers()
    {
        var park = await app.ParkIdAsync();
        var opener = await app.LoginAsync("tenant");
        var other = await app.LoginAsync("tenant2");
        var id = await opener.CreatePoolAsync(park);
        (await opener.CommitAsync(id, 40)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await opener.CommitAsync(id, 60.5m)).StatusCode.ShouldBe(HttpStatusCode.OK); // changed, still one commitment
        var seen = await (await other.CommitAsync(id, 45)).JsonAsync();
        seen.GetProperty("totalCommitted").GetDecimal().ShouldBe(105.5m);
        seen.GetProperty("myQuantity").GetDecimal().ShouldBe(45m);
        seen.GetProperty("tierReached").GetProperty("unitPrice").GetDecimal().ShouldBe(290m);
        // a member sees the others only as the total
        seen.GetProperty("commitments").EnumerateArray().Select(c => c.GetProperty("enterpriseId").GetInt64()).ShouldBe([await app.EnterpriseOfAsync("tenant2")]);
        var op = await app.LoginAsync("operator");
        (await (await op.GetAsync($"/api/v1/pools/{id}")).JsonAsync()).GetProperty("commitments").GetArrayLength().ShouldBe(2);
        // the other member is not the opener: it cannot close
        await (await other.PostAsJsonAsync($"/api/v1/pools/{id}/close", new { }, Demo.Json)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyOpenerOrOperatorClosesPool");

        var closed = await (await opener.PostAsJsonAsync($"/api/v1/pools/{id}/close", new { supplier = "东莞某焊材有限公司" }, Demo.Json)).JsonAsync();
        closed.Str("state").ShouldBe("Closed");
        var order = await (await op.GetAsync($"/api/v1/pools/{id}/order")).JsonAsync();
        order.GetProperty("unitPrice").GetDecimal().ShouldBe(290m);
        order.Str("supplier").ShouldBe("东莞某焊材有限公司");
        var allocations = order.GetProperty("allocations").EnumerateArray().ToList();
        allocations.Count.ShouldBe(2);
        allocations.Sum(a => a.GetProperty("saving").GetDecimal()).ShouldBe(order.GetProperty("totalSaving").GetDecimal());
        allocations.Sum(a => a.GetProperty("amount").GetDecimal()).ShouldBe(order.GetProperty("totalAmount").GetDecimal());
        order.GetProperty("totalSaving").GetDecimal().ShouldBe(60.5m * 30 + 45m * 30); // 3165
        order.GetProperty("totalAmount").GetDecimal().ShouldBe(105.5m * 290);
        // a member reads its own allocation only
        var own = await (await other.GetAsync($"/api/v1/pools/{id}/order")).JsonAsync();
        own.GetProperty("allocations").EnumerateArray().Single().GetProperty("quantity").GetDecimal().ShouldBe(45m);
        own.GetProperty("memberCount").GetInt32().ShouldBe(2);
        // commitments after close: 409
        await (await other.CommitAsync(id, 10)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "PoolMustBeOpen", "state");
        await (await opener.PostAsJsonAsync($"/api/v1/pools/{id}/close", new { }, Demo.Json)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "PoolMustBeOpen");
        foreach (var c in new[] { opener, other })
            (await (await c.GetAsync("/api/v1/notifications?unread=true")).JsonAsync()).GetProperty("items").EnumerateArray().ShouldContain(n => n.Str("link") == $"/pools/{id}" && n.Str("kind") == "PoolClosed");
    }

    [Fact]
    public async Task Pool_TotalBelowFirstTier_FailsWithoutAnOrder()
    {
        var park = await app.ParkIdAsync();
        var op = await app.LoginAsync("operator");
        var id = await op.CreatePoolAsync(park);
        (await (await app.LoginAsync("tenant")).CommitAsync(id, 20)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await op.PostAsJsonAsync($"/api/v1/pools/{id}/close", new { }, Demo.Json)).JsonAsync()).Str("state").ShouldBe("Failed");
        (await op.GetAsync($"/api/v1/pools/{id}/order")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Pool_WithdrawWithZero_RemovesTheCommitment()
    {
        var park = await app.ParkIdAsync();
        var tenant = await app.LoginAsync("tenant");
        var id = await tenant.CreatePoolAsync(park);
        (await tenant.CommitAsync(id, 30)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var after = await (await tenant.CommitAsync(id, 0)).JsonAsync();
        after.GetProperty("totalCommitted").GetDecimal().ShouldBe(0m);
        after.GetProperty("memberCount").GetInt32().ShouldBe(0);
        (await app.WithDbAsync(db => db.PoolCommitments.CountAsync(c => c.PoolId == id))).ShouldBe(0);
    }

    [Theory]
    [InlineData("tiersNotAscending", "PoolTiersMustAscend", "tiers[1].minQuantity")]
    [InlineData("pricesNotDescending", "PoolTierPricesMustDescend", "tiers[1].unitPrice")]
    [InlineData("listBelowTier", "PoolListPriceMustNotBeBelowFirstTier", "listPrice")]
    [InlineData("pastDeadline", "PoolDeadlineMustBeInTheFuture", "deadline")]
    public async Task PoolCreate_BadInput_Gets422NamingRuleAndFieldAndWritesNothing(string situation, string rule, string field)
    {
        var park = await app.ParkIdAsync();
        var before = await app.WithDbAsync(db => db.ProcurementPools.CountAsync());
        var body = situation switch
        {
            "tiersNotAscending" => PoolApi.Body(tiers: [new { minQuantity = 100, unitPrice = 300 }, new { minQuantity = 50, unitPrice = 290 }]),
            "pricesNotDescending" => PoolApi.Body(tiers: [new { minQuantity = 50, unitPrice = 300 }, new { minQuantity = 100, unitPrice = 310 }]),
            "listBelowTier" => PoolApi.Body(listPrice: 250m),
            _ => PoolApi.Body(deadline: DateTimeOffset.UtcNow.AddHours(-1)),
        };
        await (await (await app.LoginAsync("operator")).PostAsJsonAsync($"/api/v1/parks/{park}/pools", body, Demo.Json))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, rule, field);
        (await app.WithDbAsync(db => db.ProcurementPools.CountAsync())).ShouldBe(before);
    }

    [Fact]
    public async Task PoolCreate_MissingItem_Gets400WithTheField()
    {
        var body = PoolApi.Body(item: "");
        var problem = await (await (await app.LoginAsync("operator")).PostAsJsonAsync($"/api/v1/parks/{await app.ParkIdAsync()}/pools", body, Demo.Json)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.ErrorsFor("item").ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Commitment_NegativeQuantity_Gets422()
    {
        var tenant = await app.LoginAsync("tenant");
        var id = await tenant.CreatePoolAsync(await app.ParkIdAsync());
        await (await tenant.CommitAsync(id, -1)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "PoolQuantityMustNotBeNegative", "quantity");
    }

    [Fact]
    public async Task Commitment_AfterTheDeadline_Gets409()
    {
        var tenant = await app.LoginAsync("tenant");
        var id = await tenant.CreatePoolAsync(await app.ParkIdAsync());
        await app.WithDbAsync(async db => { var p = await db.ProcurementPools.SingleAsync(x => x.Id == id); p.Deadline = DateTime.UtcNow.AddMinutes(-1); await db.SaveChangesAsync(); return 0; });
        await (await tenant.CommitAsync(id, 5)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "PoolDeadlineHasPassed");
    }

    [Fact]
    public async Task Pool_TenantOfAnotherPark_Gets404AndCannotCommit()
    {
        var id = await (await app.LoginAsync("operator")).CreatePoolAsync(await app.ParkIdAsync());
        var hmEnterprise = await app.WithDbAsync(db => db.Enterprises.Where(e => db.Set<Park>().Any(p => p.Id == e.ParkId && p.Code == "DG-HM-01") && e.Status == EnterpriseStatus.Admitted)
            .OrderBy(e => e.Id).Select(e => e.Id).FirstAsync());
        var outsider = await app.LoginAsEnterpriseAsync(hmEnterprise);
        (await outsider.GetAsync($"/api/v1/pools/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.CommitAsync(id, 5)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.GetAsync($"/api/v1/parks/{await app.ParkIdAsync()}/pools")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Commitment_ByOperator_Gets403()
    {
        var op = await app.LoginAsync("operator");
        var id = await op.CreatePoolAsync(await app.ParkIdAsync());
        await (await op.CommitAsync(id, 5)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyParkTenantsCommit");
    }

    [Fact]
    public async Task PoolPages_DemoPark_ListAndDetailShowTiersAndTheTierReachedInText()
    {
        var park = await app.ParkIdAsync();
        var client = await app.CookieLoginAsync("tenant");
        var list = WebUtility.HtmlDecode(await client.GetStringAsync($"/parks/{park}/pools"));
        list.ShouldContain("锡膏");
        var openId = await app.WithDbAsync(db => db.ProcurementPools.Where(p => p.ParkId == park && p.State == PoolState.Open && p.Item.Contains("锡膏")).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync());
        var detail = WebUtility.HtmlDecode(await client.GetStringAsync($"/pools/{openId}"));
        detail.ShouldContain("data-testid=\"pool-tiers\"");
        detail.ShouldContain("✓ 已达到此档");
        detail.ShouldContain("name=\"Commit.Quantity\"");
        var closedId = await app.WithDbAsync(db => db.ProcurementPools.Where(p => p.ParkId == park && p.State == PoolState.Closed).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync());
        var closed = WebUtility.HtmlDecode(await (await app.CookieLoginAsync("operator")).GetStringAsync($"/pools/{closedId}"));
        closed.ShouldContain("data-testid=\"pool-order\"");
        closed.ShouldContain("节省");
    }
}
