using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Billing;
using ParkOps.Domain.ParkServices;
using ParkOps.Web.Features.Billing;
using ParkOps.Web.Features.ParkServices;
using ParkOps.Web.Tests.Infrastructure;
using ParkOps.Web.Tests.ReserveFund;

namespace ParkOps.Web.Tests.ParkServices;

/// <summary>
/// The operator's paid services over HTTP (issue 15 §8): the price list, orders and their lifecycle, the service fee on the
/// next bill, bad input naming its field with nothing written, who sees and orders what, and the revenue structure of a
/// small fixture computed by hand. Exact figures are built in park 2 (DG-HM-01, operator2), which has no services in the demo.
/// </summary>
public sealed class ParkServicesTests(ClockedParkOpsFactory app) : IClassFixture<ClockedParkOpsFactory>
{
    private DateOnly Today => FundTestData.Today(app.Clock);
    private DateOnly ThisMonth => new(Today.Year, Today.Month, 1);

    private static decimal Dec(JsonElement e, string name) => e.GetProperty(name).GetDecimal();

    private async Task<(HttpClient Op, long Park, long Firm)> Park2Async()
    {
        var op = await app.LoginAsync("operator2");
        var park = await app.ParkIdAsync("DG-HM-01");
        return (op, park, (await FundTestData.EnterprisesAsync(app, park))[0]);
    }

    private static async Task<JsonElement> CreateServiceAsync(HttpClient op, long park, string code, decimal price, string unit = "次", string name = "检测报告代办")
    {
        var res = await op.PostJsonAsync($"/api/v1/parks/{park}/services", new { code, name, category = "Testing", unit, unitPrice = price });
        res.StatusCode.ShouldBe(HttpStatusCode.Created, await res.Content.ReadAsStringAsync());
        return await res.JsonAsync();
    }

    private Task<int> OrderCountAsync(long park) => app.WithDbAsync(db => db.Set<ServiceOrder>().IgnoreQueryFilters().CountAsync(o => o.ParkId == park));

    // ---- order → fulfil → charge → bill ----

    [Fact]
    public async Task Fulfil_PostsOneServiceFeeThatTheNextBillRunPutsOnTheBillWithItsChineseRule()
    {
        var (op, park, firm) = await Park2Async();
        var svc = await CreateServiceAsync(op, park, "HM-TEST1", 333.33m, "份", "有害物质检测");
        var created = await op.PostJsonAsync($"/api/v1/parks/{park}/service-orders", new { serviceId = svc.GetProperty("id").GetInt64(), quantity = 3, enterpriseId = firm });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var order = await created.JsonAsync();
        var id = order.GetProperty("id").GetInt64();
        Dec(order, "amount").ShouldBe(999.99m); // 333.33 × 3
        order.GetProperty("state").GetString().ShouldBe("Ordered");

        (await op.PostJsonAsync($"/api/v1/service-orders/{id}/accept", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var fulfilled = await (await op.PostJsonAsync($"/api/v1/service-orders/{id}/fulfil", new { })).JsonAsync();
        fulfilled.GetProperty("state").GetString().ShouldBe("Fulfilled");
        // the demo billed park 2 through last month: the fee goes on this month's bill
        fulfilled.GetProperty("chargeMonth").GetString().ShouldBe(ThisMonth.ToString("yyyy-MM-dd"));
        var charge = await app.WithDbAsync(db => db.PendingCharges.IgnoreQueryFilters().SingleAsync(c => c.SourceType == "service-order" && c.SourceId == id.ToString()));
        (charge.Kind, charge.Amount, charge.EnterpriseId, charge.Month).ShouldBe((BillLineKind.ServiceFee, 999.99m, firm, ThisMonth));

        var run = await op.PostJsonAsync($"/api/v1/parks/{park}/bill-runs", new { month = ThisMonth.ToString("yyyy-MM") });
        run.StatusCode.ShouldBe(HttpStatusCode.OK, await run.Content.ReadAsStringAsync());
        var line = await app.WithDbAsync(db => db.BillLines.IgnoreQueryFilters().SingleAsync(l => l.SourceType == "service-order" && l.SourceId == id.ToString()));
        (line.Kind, line.Amount, line.Quantity, line.UnitPrice, line.Unit).ShouldBe((BillLineKind.ServiceFee, 999.99m, 3m, 333.33m, "份"));
        line.RulesJson.ShouldContain("有害物质检测：3 份 × 333.33 元/份");
        line.RulesJson.ShouldContain("999.99 元");
        var bill = await app.WithDbAsync(db => db.Bills.IgnoreQueryFilters().SingleAsync(b => b.Id == line.BillId));
        (bill.EnterpriseId, bill.Month).ShouldBe((firm, ThisMonth));
        // the charge is spent: a rerun of the month adds nothing
        (await op.PostJsonAsync($"/api/v1/parks/{park}/bill-runs", new { month = ThisMonth.ToString("yyyy-MM") })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.WithDbAsync(db => db.BillLines.IgnoreQueryFilters().CountAsync(l => l.SourceType == "service-order" && l.SourceId == id.ToString()))).ShouldBe(1);
        // once billed, the next fulfilled order goes on next month's bill
        var second = await (await op.PostJsonAsync($"/api/v1/parks/{park}/service-orders", new { serviceId = svc.GetProperty("id").GetInt64(), quantity = 1, enterpriseId = firm })).JsonAsync();
        var next = await (await op.PostJsonAsync($"/api/v1/service-orders/{second.GetProperty("id").GetInt64()}/fulfil", new { })).JsonAsync();
        next.GetProperty("chargeMonth").GetString().ShouldBe(ThisMonth.AddMonths(1).ToString("yyyy-MM-dd"));
        // a fulfilled order is final
        await (await op.PostJsonAsync($"/api/v1/service-orders/{id}/cancel", new { reason = "晚了" })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "ServiceOrderTransitionNotAllowed", "state");
    }

    [Fact]
    public async Task CancelAndReject_NeedAReason_AndPostNoCharge()
    {
        var (op, park, firm) = await Park2Async();
        var svc = await CreateServiceAsync(op, park, "HM-CXL", 50m);
        var id = (await (await op.PostJsonAsync($"/api/v1/parks/{park}/service-orders", new { serviceId = svc.GetProperty("id").GetInt64(), quantity = 1, enterpriseId = firm })).JsonAsync()).GetProperty("id").GetInt64();
        await (await op.PostJsonAsync($"/api/v1/service-orders/{id}/reject", new { })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "ServiceOrderReasonRequired", "reason");
        var rejected = await (await op.PostJsonAsync($"/api/v1/service-orders/{id}/reject", new { reason = "资料不全" })).JsonAsync();
        (rejected.GetProperty("state").GetString(), rejected.GetProperty("reason").GetString()).ShouldBe(("Rejected", "资料不全"));
        await (await op.PostJsonAsync($"/api/v1/service-orders/{id}/fulfil", new { })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "ServiceOrderTransitionNotAllowed");
        (await app.WithDbAsync(db => db.PendingCharges.IgnoreQueryFilters().CountAsync(c => c.SourceType == "service-order" && c.SourceId == id.ToString()))).ShouldBe(0);
    }

    // ---- bad input ----

    [Fact]
    public async Task Order_ServiceTheParkDoesNotOffer_Is422NamingServiceIdAndWritesNothing()
    {
        var (op, park, firm) = await Park2Async();
        var inactive = await CreateServiceAsync(op, park, "HM-OFF", 10m);
        var inactiveId = inactive.GetProperty("id").GetInt64();
        (await op.PutAsJsonAsync($"/api/v1/parks/{park}/services/{inactiveId}", new { name = "已停用服务", category = "Other", unit = "次", isActive = false }, Demo.Json)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var otherParks = await ServiceTestData.ServiceInParkAsync(app, await app.ParkIdAsync());
        var before = await OrderCountAsync(park);
        foreach (var serviceId in new[] { inactiveId, otherParks, 99_999_999L })
            await (await op.PostJsonAsync($"/api/v1/parks/{park}/service-orders", new { serviceId, quantity = 1, enterpriseId = firm }))
                .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "ServiceNotOffered", "serviceId");
        (await OrderCountAsync(park)).ShouldBe(before);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("0.001")]
    public async Task Order_QuantityNotPositiveOrTooFine_Is422NamingQuantityAndWritesNothing(string quantity)
    {
        var (op, park, firm) = await Park2Async();
        var svc = await ServiceTestData.ServiceInParkAsync(app, park);
        var before = await OrderCountAsync(park);
        await (await op.PostJsonAsync($"/api/v1/parks/{park}/service-orders", new { serviceId = svc, quantity = decimal.Parse(quantity), enterpriseId = firm }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "ServiceQuantityInvalid", "quantity");
        (await OrderCountAsync(park)).ShouldBe(before);
    }

    [Fact]
    public async Task Order_ByAnOperatorWithoutEnterprise_Is422NamingEnterpriseId()
    {
        var (op, park, _) = await Park2Async();
        var svc = await ServiceTestData.ServiceInParkAsync(app, park);
        await (await op.PostJsonAsync($"/api/v1/parks/{park}/service-orders", new { serviceId = svc, quantity = 1 }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "ServiceOrderNeedsEnterprise", "enterpriseId");
    }

    [Fact]
    public async Task Prices_AFutureVersionDoesNotRepriceToday_AndAVersionInForceNeverChanges()
    {
        var (op, park, firm) = await Park2Async();
        var svc = await CreateServiceAsync(op, park, "HM-VER", 100m);
        var id = svc.GetProperty("id").GetInt64();
        var today = Today.ToString("yyyy-MM-dd");
        (await op.PostJsonAsync($"/api/v1/parks/{park}/services/{id}/prices", new { effectiveFrom = Today.AddDays(10), unitPrice = 120m })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var order = await (await op.PostJsonAsync($"/api/v1/parks/{park}/service-orders", new { serviceId = id, quantity = 2, enterpriseId = firm })).JsonAsync();
        (Dec(order, "unitPrice"), Dec(order, "amount")).ShouldBe((100m, 200m));
        await (await op.PostJsonAsync($"/api/v1/parks/{park}/services/{id}/prices", new { effectiveFrom = today, unitPrice = 90m }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "ServicePriceVersionInForce", "effectiveFrom");
        await (await op.PostJsonAsync($"/api/v1/parks/{park}/services/{id}/prices", new { effectiveFrom = Today.AddDays(-1), unitPrice = 90m }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "ServicePriceDateInPast", "effectiveFrom");
        await (await op.PostJsonAsync($"/api/v1/parks/{park}/services/{id}/prices", new { effectiveFrom = Today.AddDays(20), unitPrice = 1.005m }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "ServicePriceInvalid", "unitPrice");
        var list = await (await op.GetAsync($"/api/v1/parks/{park}/services")).JsonAsync();
        var listed = list.EnumerateArray().Single(s => s.GetProperty("id").GetInt64() == id);
        Dec(listed, "unitPrice").ShouldBe(100m);
        listed.GetProperty("prices").EnumerateArray().Select(p => Dec(p, "unitPrice")).ShouldBe([100m, 120m]);
        await (await op.PostJsonAsync($"/api/v1/parks/{park}/services", new { code = "HM-VER", name = "重复", category = "Other", unit = "次", unitPrice = 1m }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "ServiceCodeTaken", "code");
    }

    // ---- scope ----

    [Fact]
    public async Task Tenant_SeesActiveServicesAndOnlyItsOwnOrders_AndOrdersOnlyForItself()
    {
        var park = await app.ParkIdAsync();
        var tenant = await app.LoginAsync("tenant");
        var own = await app.EnterpriseOfAsync("tenant");
        var other = await app.EnterpriseOfAsync("tenant2");
        var services = await (await tenant.GetAsync($"/api/v1/parks/{park}/services")).JsonAsync();
        services.GetArrayLength().ShouldBeGreaterThan(0);
        services.EnumerateArray().ShouldAllBe(s => s.GetProperty("isActive").GetBoolean());
        var svc = services[0].GetProperty("id").GetInt64();

        var created = await tenant.PostJsonAsync($"/api/v1/parks/{park}/service-orders", new { serviceId = svc, quantity = 1, note = "本企业下单" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var mine = await created.JsonAsync();
        (mine.GetProperty("enterpriseId").GetInt64(), mine.GetProperty("byOperator").GetBoolean()).ShouldBe((own, false));
        await (await tenant.PostJsonAsync($"/api/v1/parks/{park}/service-orders", new { serviceId = svc, quantity = 1, enterpriseId = other }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "ServiceOrderOwnEnterpriseOnly");

        var orders = await (await tenant.GetAsync($"/api/v1/parks/{park}/service-orders")).JsonAsync();
        orders.GetArrayLength().ShouldBeGreaterThan(0);
        orders.EnumerateArray().ShouldAllBe(o => o.GetProperty("enterpriseId").GetInt64() == own);
        var othersOrder = await ServiceTestData.OrderOfAsync(app, park, other);
        await (await tenant.GetAsync($"/api/v1/service-orders/{othersOrder}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        // a tenant may not fulfil (nor accept) its own order, only cancel it
        var id = mine.GetProperty("id").GetInt64();
        await (await tenant.PostJsonAsync($"/api/v1/service-orders/{id}/fulfil", new { })).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyOperatorsMayWrite");
        (await tenant.PostJsonAsync($"/api/v1/service-orders/{id}/cancel", new { reason = "不需要了" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await tenant.PostJsonAsync($"/api/v1/service-orders/{othersOrder}/cancel", new { reason = "越权" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GovernmentViewer_GetsTheRevenueStructureButNoOrders()
    {
        var park = await app.ParkIdAsync();
        var gov = await app.LoginAsync("gov");
        await (await gov.GetAsync($"/api/v1/parks/{park}/service-orders")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "ServiceOrdersAreForTenantsAndOperators");
        var year = Today.Year;
        var asGov = await (await gov.GetAsync($"/api/v1/parks/{park}/revenue-structure?year={year}")).JsonAsync();
        var asOp = await (await (await app.LoginAsync("operator")).GetAsync($"/api/v1/parks/{park}/revenue-structure?year={year}")).JsonAsync();
        Dec(asGov.GetProperty("total"), "total").ShouldBe(Dec(asOp.GetProperty("total"), "total"));
        await (await (await app.LoginAsync("tenant")).GetAsync($"/api/v1/parks/{park}/revenue-structure?year={year}"))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "ParkAggregatesAreForOperatorsAndGovernment");
    }

    // ---- the revenue structure ----

    [Fact]
    public async Task RevenueStructure_SmallFixture_EveryFigureAsComputedByHand()
    {
        var (op, park, _) = await Park2Async();
        var firms = await FundTestData.EnterprisesAsync(app, park);
        // a year the demo has no bills in: two months, two firms (not the one the other tests bill: a bill in 2031 would move
        // its next bill there), and a cancelled bill that must not count
        const int year = 2031;
        await app.WithDbAsync(async db =>
        {
            var run = new BillRun { ParkId = park, Month = new DateOnly(year, 3, 1), StartedBy = "test", StartedAt = DateTime.UtcNow, FinishedAt = DateTime.UtcNow };
            db.Add(run);
            await db.SaveChangesAsync();
            void AddBill(long enterprise, int month, BillState state, params (BillLineKind Kind, decimal Amount)[] lines)
            {
                var b = new Bill
                {
                    ParkId = park, EnterpriseId = enterprise, RunId = run.Id, Number = $"T{year}{month:00}-{enterprise}-{state}", Month = new DateOnly(year, month, 1), State = state,
                    Total = lines.Sum(l => l.Amount), DueDate = new DateOnly(year, month, 15), IssuedAt = DateTime.UtcNow,
                };
                foreach (var (kind, amount) in lines)
                    b.Lines.Add(new BillLine { ParkId = park, EnterpriseId = enterprise, Kind = kind, SourceType = "test", SourceId = "1", Description = "测试", Amount = amount });
                db.Add(b);
            }
            AddBill(firms[^1], 3, BillState.Issued, (BillLineKind.Rent, 6000m), (BillLineKind.PropertyFee, 1000m), (BillLineKind.Electricity, 500.50m), (BillLineKind.ServiceFee, 1200m));
            AddBill(firms[^2], 3, BillState.Paid, (BillLineKind.Water, 299.50m), (BillLineKind.SharedResource, 800m), (BillLineKind.LateFee, 200m));
            AddBill(firms[^2], 3, BillState.Cancelled, (BillLineKind.Rent, 99999m));
            AddBill(firms[^1], 4, BillState.Issued, (BillLineKind.Rent, 600m), (BillLineKind.ServiceFee, 400m));
            await db.SaveChangesAsync();
            return 0;
        });
        (await op.PutAsJsonAsync($"/api/v1/parks/{park}/revenue-structure/target", new { targetPercent = 25 }, Demo.Json)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var r = await (await op.GetAsync($"/api/v1/parks/{park}/revenue-structure?year={year}")).JsonAsync();
        Dec(r, "targetPercent").ShouldBe(25m);
        var months = r.GetProperty("months").EnumerateArray().ToList();
        months.Count.ShouldBe(12);
        decimal Class(JsonElement p, string c) => Dec(p.GetProperty("classes").EnumerateArray().Single(x => x.GetProperty("class").GetString() == c), "amount");
        decimal ShareOf(JsonElement p, string c) => Dec(p.GetProperty("classes").EnumerateArray().Single(x => x.GetProperty("class").GetString() == c), "share");
        // March: rent 6000, property 1000, utilities 500.50 + 299.50 = 800, services 1200 + 800 = 2000, other 200; total 10000
        var march = months[2];
        march.GetProperty("period").GetString().ShouldBe("2031-03");
        (Class(march, "Rent"), Class(march, "PropertyFee"), Class(march, "Utilities"), Class(march, "Services"), Class(march, "Other")).ShouldBe((6000m, 1000m, 800m, 2000m, 200m));
        Dec(march, "total").ShouldBe(10000m);
        (ShareOf(march, "Rent"), Dec(march, "serviceShare")).ShouldBe((0.6m, 0.2m));
        march.GetProperty("meetsTarget").GetBoolean().ShouldBeFalse(); // 20 % < 25 %
        // April: rent 600, services 400 → 40 %
        var april = months[3];
        (Dec(april, "total"), Dec(april, "serviceShare")).ShouldBe((1000m, 0.4m));
        april.GetProperty("meetsTarget").GetBoolean().ShouldBeTrue();
        Dec(months[0], "total").ShouldBe(0m);
        // the year: 11000, services 2400 → 0.2182 (2400 / 11000 = 0.21818…)
        var total = r.GetProperty("total");
        (Dec(total, "total"), Class(total, "Services"), Dec(total, "serviceShare")).ShouldBe((11000m, 2400m, 0.2182m));
        (Dec(total, "target"), total.GetProperty("meetsTarget").GetBoolean()).ShouldBe((0.25m, false));

        await (await op.GetAsync($"/api/v1/parks/{park}/revenue-structure?year=1999")).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "RevenueYearOutOfRange", "year");
        await (await op.PutAsJsonAsync($"/api/v1/parks/{park}/revenue-structure/target", new { targetPercent = 101 }, Demo.Json))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "RevenueTargetInvalid", "targetPercent");
    }

    [Fact]
    public async Task Demo_TheParkHasAPriceListAndAYearOfOrdersWhoseFeesAreBilled()
    {
        var park = await app.ParkIdAsync();
        var op = await app.LoginAsync("operator");
        var services = await (await op.GetAsync($"/api/v1/parks/{park}/services")).JsonAsync();
        services.GetArrayLength().ShouldBeGreaterThanOrEqualTo(8);
        var orders = (await (await op.GetAsync($"/api/v1/parks/{park}/service-orders")).JsonAsync()).EnumerateArray().ToList();
        orders.Select(o => o.GetProperty("state").GetString()).Distinct().Order().ShouldBe(["Accepted", "Cancelled", "Fulfilled", "Ordered", "Rejected"]);
        // every fulfilled order of a past month is on a bill line of its own, for its amount
        var lastMonth = ThisMonth.AddMonths(-1);
        var billed = await app.WithDbAsync(db => db.BillLines.IgnoreQueryFilters().Where(l => l.ParkId == park && l.SourceType == "service-order" && l.Kind == BillLineKind.ServiceFee)
            .Select(l => new { l.SourceId, l.Amount }).ToListAsync());
        var fulfilled = orders.Where(o => o.GetProperty("state").GetString() == "Fulfilled" && DateOnly.Parse(o.GetProperty("chargeMonth").GetString()!) <= lastMonth).ToList();
        fulfilled.Count.ShouldBeGreaterThan(40);
        foreach (var o in fulfilled)
            billed.Single(b => b.SourceId == o.GetProperty("id").GetInt64().ToString()).Amount.ShouldBe(Dec(o, "amount"));
    }
}
