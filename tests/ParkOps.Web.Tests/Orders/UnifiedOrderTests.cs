using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Features.Audit;
using ParkOps.Web.Features.Orders;
using ParkOps.Web.Tests.Infrastructure;
using ParkOps.Web.Tests.ReserveFund;

namespace ParkOps.Web.Tests.Orders;

/// <summary>
/// Unified orders over HTTP (issue 14 §2) in DG-CA-01 with the demo's operator and the two tenants: record, split (over
/// 100 % refused, nothing written), offer, accept/decline, deliveries, payment, settlement to the 分 (figures by hand),
/// and each enterprise seeing only its own part and statement.
/// </summary>
public sealed class UnifiedOrderTests(ClockedParkOpsFactory app) : IClassFixture<ClockedParkOpsFactory>
{
    private DateOnly Today => FundTestData.Today(app.Clock);

    private static decimal Dec(JsonElement e, string name) => e.GetProperty(name).GetDecimal();

    private async Task<(HttpClient Op, long Park, long T1, long T2)> ArrangeAsync() =>
        (await app.LoginAsync("operator"), await app.ParkIdAsync(), await app.EnterpriseOfAsync("tenant"), await app.EnterpriseOfAsync("tenant2"));

    private async Task<long> CreateAsync(HttpClient op, long park, decimal amount = 10000m, string product = "蓝牙模块 PCBA 贴片与组装")
    {
        var res = await op.PostJsonAsync($"/api/v1/parks/{park}/unified-orders",
            new { customerName = "深圳市测试科技有限公司", customerContact = "王经理 138 0000 0000", product, quantity = 100, unit = "片", amount, dueOn = Today.AddDays(20) });
        res.StatusCode.ShouldBe(HttpStatusCode.Created, await res.Content.ReadAsStringAsync());
        var o = await res.JsonAsync();
        (o.GetProperty("state").GetString(), Dec(o, "feePercent")).ShouldBe(("Draft", 3m));
        return o.GetProperty("id").GetInt64();
    }

    private static Task<HttpResponseMessage> SplitAsync(HttpClient op, long id, object parts) =>
        op.PutAsJsonAsync($"/api/v1/unified-orders/{id}/parts", new { parts }, Demo.Json);

    private static long PartOf(JsonElement order, long enterprise) =>
        order.GetProperty("parts").EnumerateArray().Single(p => p.GetProperty("enterpriseId").GetInt64() == enterprise).GetProperty("id").GetInt64();

    private Task<int> PartCountAsync(long order) => app.WithDbAsync(db => db.Set<UnifiedOrderPart>().IgnoreQueryFilters().CountAsync(p => p.OrderId == order));

    [Fact]
    public async Task Lifecycle_SettlesToTheFen_AndEachEnterpriseSeesOnlyItsOwnPartAndStatement()
    {
        var (op, park, t1, t2) = await ArrangeAsync();
        var tenant = await app.LoginAsync("tenant");
        var tenant2 = await app.LoginAsync("tenant2");
        var id = await CreateAsync(op, park);

        // tenant: 60 of 100 at 60 % for 6,000.00; tenant2: 40 at 40 %, amount left out → 10,000.00 × 40 % = 4,000.00
        var split = await SplitAsync(op, id, new object[] { new { enterpriseId = t1, work = "SMT 贴片", quantity = 60, sharePercent = 60, amount = 6000m }, new { enterpriseId = t2, work = "成品组装", quantity = 40, sharePercent = 40 } });
        split.StatusCode.ShouldBe(HttpStatusCode.OK, await split.Content.ReadAsStringAsync());
        var order = await split.JsonAsync();
        Dec(order, "sharedPercent").ShouldBe(100m);
        order.GetProperty("parts").EnumerateArray().Select(p => Dec(p, "amount")).ShouldBe([6000m, 4000m]);
        var p1 = PartOf(order, t1);
        var p2 = PartOf(order, t2);

        // a draft is the operator's alone
        (await tenant.GetAsync($"/api/v1/unified-orders/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await op.PostJsonAsync($"/api/v1/unified-orders/{id}/allocate", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);

        // each tenant sees the order with its own part only; another's part is not there to answer
        var seen = await (await tenant.GetAsync($"/api/v1/unified-orders/{id}")).JsonAsync();
        seen.GetProperty("parts").EnumerateArray().Select(p => p.GetProperty("enterpriseId").GetInt64()).ShouldBe([t1]);
        seen.GetProperty("sharedPercent").ValueKind.ShouldBe(JsonValueKind.Null);
        (await tenant.PostJsonAsync($"/api/v1/unified-orders/{id}/parts/{p2}/accept", new { })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await (await op.PostJsonAsync($"/api/v1/unified-orders/{id}/parts/{p1}/accept", new { })).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyTheEnterpriseAnswersItsPart");
        // production waits for every answer
        await (await op.PostJsonAsync($"/api/v1/unified-orders/{id}/start", new { })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "UnifiedOrderPartsAwaitingAnswer", "parts");
        (await tenant.PostJsonAsync($"/api/v1/unified-orders/{id}/parts/{p1}/accept", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await tenant2.PostJsonAsync($"/api/v1/unified-orders/{id}/parts/{p2}/accept", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await tenant.PostJsonAsync($"/api/v1/unified-orders/{id}/parts/{p1}/accept", new { })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "UnifiedOrderPartAnswered");
        (await op.PostJsonAsync($"/api/v1/unified-orders/{id}/start", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);

        // deliveries: tenant all 60, tenant2 30 of 40; over the part's quantity is refused naming the field
        await (await op.PostJsonAsync($"/api/v1/unified-orders/{id}/parts/{p2}/delivery", new { deliveredQuantity = 40.01m, acceptedByCustomer = true }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "UnifiedOrderDeliveryInvalid", "deliveredQuantity");
        await (await op.PostJsonAsync($"/api/v1/unified-orders/{id}/deliver", new { })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "UnifiedOrderDeliveryMissing", "parts");
        (await op.PostJsonAsync($"/api/v1/unified-orders/{id}/parts/{p1}/delivery", new { deliveredQuantity = 60, acceptedByCustomer = true })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await op.PostJsonAsync($"/api/v1/unified-orders/{id}/parts/{p2}/delivery", new { deliveredQuantity = 30, acceptedByCustomer = true, deliveryNote = "余 10 件下月补" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await op.PostJsonAsync($"/api/v1/unified-orders/{id}/payment", new { amount = 9000.01m })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "UnifiedOrderPaymentNotOpen");
        (await op.PostJsonAsync($"/api/v1/unified-orders/{id}/deliver", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await op.PostJsonAsync($"/api/v1/unified-orders/{id}/settle", new { })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "UnifiedOrderNotPaid", "payment");
        await (await op.PostJsonAsync($"/api/v1/unified-orders/{id}/payment", new { amount = 10000.01m })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "UnifiedOrderPaymentInvalid", "amount");
        (await op.PostJsonAsync($"/api/v1/unified-orders/{id}/payment", new { amount = 9000.01m })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var settled = await op.PostJsonAsync($"/api/v1/unified-orders/{id}/settle", new { });
        settled.StatusCode.ShouldBe(HttpStatusCode.OK, await settled.Content.ReadAsStringAsync());
        // by hand: fee 10,000.00 × 3 % = 300.00; 8,700.01 shared by fulfilled 6,000.00 (60/60 of 6,000) and 3,000.00 (30/40 of 4,000):
        // tenant 8,700.01 × 2/3 = 5,800.0066… → 5,800.00, tenant2 2,900.0033… → 2,900.00; the one 分 left → tenant (larger remainder)
        var statement = await (await op.GetAsync($"/api/v1/unified-orders/{id}/statement")).JsonAsync();
        (Dec(statement, "received"), Dec(statement, "platformFee"), Dec(statement, "distributable")).ShouldBe((9000.01m, 300.00m, 8700.01m));
        var rows = statement.GetProperty("parts").EnumerateArray().ToDictionary(p => p.GetProperty("enterpriseId").GetInt64());
        (Dec(rows[t1], "fulfilledAmount"), Dec(rows[t1], "feeBorne"), Dec(rows[t1], "revenue")).ShouldBe((6000.00m, 200.00m, 5800.01m));
        (Dec(rows[t2], "fulfilledAmount"), Dec(rows[t2], "feeBorne"), Dec(rows[t2], "revenue")).ShouldBe((3000.00m, 100.00m, 2900.00m));
        rows[t2].GetProperty("explanation").GetString()!.ShouldContain("分包金额 4000.00 元 × 已验收交付 30 ÷ 订购 40 = 3000.00 元");
        statement.GetProperty("explanation").GetString()!.ShouldContain("订单金额 10000.00 元 × 3% = 300.00 元");

        // each enterprise's statement: its own part only, the order's totals
        var mine = await (await tenant2.GetAsync($"/api/v1/unified-orders/{id}/statement")).JsonAsync();
        mine.GetProperty("parts").EnumerateArray().Select(p => (p.GetProperty("enterpriseId").GetInt64(), Dec(p, "revenue"))).ShouldBe([(t2, 2900.00m)]);
        Dec(mine, "platformFee").ShouldBe(300.00m);
        var list = await (await tenant.GetAsync($"/api/v1/parks/{park}/unified-orders")).JsonAsync();
        var row = list.EnumerateArray().Single(r => r.GetProperty("id").GetInt64() == id);
        (row.GetProperty("myPartState").GetString(), Dec(row, "myRevenue")).ShouldBe(("Accepted", 5800.01m));

        // settled once
        await (await op.PostJsonAsync($"/api/v1/unified-orders/{id}/settle", new { })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "UnifiedOrderTransitionNotAllowed", "state");
        await (await op.PostJsonAsync($"/api/v1/unified-orders/{id}/payment", new { amount = 1m })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "UnifiedOrderAlreadyPaid");
        // audited through the interceptor
        (await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Entity == nameof(UnifiedOrder) && a.EntityKey == id.ToString()))).ShouldBeGreaterThan(5);
    }

    private static async Task<List<JsonElement>> ToDoAsync(HttpClient user, long order)
    {
        var res = await user.GetAsync("/api/v1/me/todo");
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await res.JsonAsync()).EnumerateArray().Where(i => i.GetProperty("link").GetString()!.EndsWith($"unified-orders/{order}", StringComparison.Ordinal)).ToList();
    }

    private static string Kinds(List<JsonElement> items) => string.Join(",", items.Select(i => i.GetProperty("kind").GetString()));

    [Fact]
    public async Task ToDo_EachTenantAnswersItsOwnPart_ThenTheOperatorStartsDeliversRecordsPaymentAndSettles()
    {
        var (op, park, t1, t2) = await ArrangeAsync();
        var tenant = await app.LoginAsync("tenant");
        var tenant2 = await app.LoginAsync("tenant2");
        var id = await CreateAsync(op, park, 8000m, "待办测试 充电器外壳注塑");
        var order = await (await SplitAsync(op, id, new object[] { new { enterpriseId = t1, work = "外壳注塑", quantity = 70, sharePercent = 70, amount = 5600m }, new { enterpriseId = t2, work = "丝印", quantity = 30, sharePercent = 30, amount = 2400m } })).JsonAsync();
        var (p1, p2) = (PartOf(order, t1), PartOf(order, t2));
        // a draft asks nobody yet
        (await ToDoAsync(tenant, id)).ShouldBeEmpty();
        (await ToDoAsync(op, id)).ShouldBeEmpty();

        (await op.PostJsonAsync($"/api/v1/unified-orders/{id}/allocate", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        // each tenant: its own part with its own figures, to its own page; the operator waits for the answers
        var mine = (await ToDoAsync(tenant, id)).ShouldHaveSingleItem();
        (mine.GetProperty("kind").GetString(), mine.GetProperty("link").GetString(), mine.GetProperty("amount").GetDecimal(), mine.GetProperty("urgency").GetString())
            .ShouldBe(("orders.answer", $"/my/unified-orders/{id}", 5600m, "Soon"));
        mine.GetProperty("dueDate").GetString().ShouldBe(Today.AddDays(20).ToString("yyyy-MM-dd"));
        mine.GetProperty("title").GetString().ShouldBe("统一接单「待办测试 充电器外壳注塑」分给您的外壳注塑（70 片，5,600.00 元）待您答复");
        var theirs = (await ToDoAsync(tenant2, id)).ShouldHaveSingleItem();
        theirs.GetProperty("amount").GetDecimal().ShouldBe(2400m);
        theirs.GetProperty("title").GetString()!.ShouldNotContain("5,600.00");
        (await ToDoAsync(op, id)).ShouldBeEmpty();

        (await tenant.PostJsonAsync($"/api/v1/unified-orders/{id}/parts/{p1}/accept", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ToDoAsync(tenant, id)).ShouldBeEmpty();
        (await ToDoAsync(op, id)).ShouldBeEmpty();
        (await tenant2.PostJsonAsync($"/api/v1/unified-orders/{id}/parts/{p2}/decline", new { reason = "丝印线本月满产" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var ready = (await ToDoAsync(op, id)).ShouldHaveSingleItem();
        (ready.GetProperty("kind").GetString(), ready.GetProperty("role").GetString(), ready.GetProperty("urgency").GetString()).ShouldBe(("orders.ready", "operator", "Open"));
        ready.GetProperty("title").GetString().ShouldBe("统一接单「待办测试 充电器外壳注塑」的分包已全部答复，可以开始生产");
        (await ToDoAsync(tenant2, id)).ShouldBeEmpty();

        (await op.PostJsonAsync($"/api/v1/unified-orders/{id}/start", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ToDoAsync(op, id)).ShouldBeEmpty("in production before its due date: nothing to do yet");
        (await op.PostJsonAsync($"/api/v1/unified-orders/{id}/parts/{p1}/delivery", new { deliveredQuantity = 70, acceptedByCustomer = true })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await op.PostJsonAsync($"/api/v1/unified-orders/{id}/deliver", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        Kinds(await ToDoAsync(op, id)).ShouldBe("orders.payment");
        (await op.PostJsonAsync($"/api/v1/unified-orders/{id}/payment", new { amount = 8000m })).StatusCode.ShouldBe(HttpStatusCode.OK);
        Kinds(await ToDoAsync(op, id)).ShouldBe("orders.settle");
        (await op.PostJsonAsync($"/api/v1/unified-orders/{id}/settle", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ToDoAsync(op, id)).ShouldBeEmpty();
        // another park's operator never sees it
        (await ToDoAsync(await app.LoginAsync("operator2"), id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ToDo_EveryPartDeclined_AsksTheOperatorToSplitAgain()
    {
        var (op, park, t1, _) = await ArrangeAsync();
        var tenant = await app.LoginAsync("tenant");
        var id = await CreateAsync(op, park, 1000m, "待办测试 被谢绝的订单");
        var order = await (await SplitAsync(op, id, new object[] { new { enterpriseId = t1, work = "整单", quantity = 100, sharePercent = 100 } })).JsonAsync();
        (await op.PostJsonAsync($"/api/v1/unified-orders/{id}/allocate", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await tenant.PostJsonAsync($"/api/v1/unified-orders/{id}/parts/{PartOf(order, t1)}/decline", new { reason = "产能不足" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var item = (await ToDoAsync(op, id)).ShouldHaveSingleItem();
        (item.GetProperty("kind").GetString(), item.GetProperty("urgency").GetString()).ShouldBe(("orders.resplit", "Soon"));
        item.GetProperty("title").GetString().ShouldBe("统一接单「待办测试 被谢绝的订单」的分包都被谢绝，请重新拆分");
    }

    [Fact]
    public async Task Settings_TheParksDefaultFee_IsWhatANewOrderWithoutOneTakes_AndBadRatesAreRefused()
    {
        var (op, park, _, _) = await ArrangeAsync();
        // another park's default is its own business: set in 虎门, it changes nothing in 长安
        var other = await app.ParkIdAsync("DG-HM-01");
        var op2 = await app.LoginAsync("operator2");
        (await op2.PutAsJsonAsync($"/api/v1/parks/{other}/unified-order-settings", new { defaultFeePercent = 7.5m })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await op.GetAsync($"/api/v1/parks/{other}/unified-order-settings")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.LoginAsync("tenant")).GetAsync($"/api/v1/parks/{park}/unified-order-settings")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        await (await op.PutAsJsonAsync($"/api/v1/parks/{park}/unified-order-settings", new { defaultFeePercent = 100.01m }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "UnifiedOrderFeeInvalid", "defaultFeePercent");
        await (await op.PutAsJsonAsync($"/api/v1/parks/{park}/unified-order-settings", new { defaultFeePercent = 2.555m }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "UnifiedOrderFeeInvalid", "defaultFeePercent");
        var before = await (await op.GetAsync($"/api/v1/parks/{park}/unified-order-settings")).JsonAsync();
        (Dec(before, "defaultFeePercent"), before.GetProperty("isDefault").GetBoolean()).ShouldBe((3m, true));

        var saved = await op.PutAsJsonAsync($"/api/v1/parks/{park}/unified-order-settings", new { defaultFeePercent = 4.25m });
        saved.StatusCode.ShouldBe(HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
        var now = await (await op.GetAsync($"/api/v1/parks/{park}/unified-order-settings")).JsonAsync();
        (Dec(now, "defaultFeePercent"), now.GetProperty("isDefault").GetBoolean(), now.GetProperty("updatedBy").GetString()).ShouldBe((4.25m, false, "operator"));
        try
        {
            // no rate given: the park's 4.25 %; a rate given: that one
            var res = await op.PostJsonAsync($"/api/v1/parks/{park}/unified-orders",
                new { customerName = "深圳市测试科技有限公司", customerContact = "王经理", product = "默认费率测试", quantity = 10, unit = "件", amount = 1000m, dueOn = Today.AddDays(5) });
            res.StatusCode.ShouldBe(HttpStatusCode.Created);
            Dec(await res.JsonAsync(), "feePercent").ShouldBe(4.25m);
            var own = await op.PostJsonAsync($"/api/v1/parks/{park}/unified-orders",
                new { customerName = "深圳市测试科技有限公司", customerContact = "王经理", product = "自定费率测试", quantity = 10, unit = "件", amount = 1000m, dueOn = Today.AddDays(5), feePercent = 0m });
            Dec(await own.JsonAsync(), "feePercent").ShouldBe(0m);
        }
        finally
        {
            // the other tests of this class create orders at the platform's 3 %
            await app.WithDbAsync(db => db.Set<UnifiedOrderSettings>().IgnoreQueryFilters().Where(s => s.ParkId == park).ExecuteDeleteAsync());
        }
    }

    [Fact]
    public async Task Split_SharesAbove100_RefusedNamingTheShare_AndNothingWritten()
    {
        var (op, park, t1, t2) = await ArrangeAsync();
        var id = await CreateAsync(op, park);
        var over = await SplitAsync(op, id, new object[] { new { enterpriseId = t1, work = "贴片", quantity = 50, sharePercent = 60 }, new { enterpriseId = t2, work = "组装", quantity = 50, sharePercent = 40.01m } });
        await over.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "UnifiedOrderSharesAbove100", "parts[1].sharePercent");
        (await PartCountAsync(id)).ShouldBe(0);

        // a split that stands is not touched by a refused one
        (await SplitAsync(op, id, new object[] { new { enterpriseId = t1, work = "贴片", quantity = 50, sharePercent = 50 } })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await SplitAsync(op, id, new object[] { new { enterpriseId = t1, work = "贴片", quantity = 50, sharePercent = 70 }, new { enterpriseId = t2, work = "组装", quantity = 50, sharePercent = 31 } }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "UnifiedOrderSharesAbove100", "parts[1].sharePercent");
        var parts = await app.WithDbAsync(db => db.Set<UnifiedOrderPart>().IgnoreQueryFilters().Where(p => p.OrderId == id).Select(p => new { p.EnterpriseId, p.SharePercent }).ToListAsync());
        parts.Select(p => (p.EnterpriseId, p.SharePercent)).ShouldBe([(t1, 50m)]);
        // amounts above the order's, an enterprise of another park
        await (await SplitAsync(op, id, new object[] { new { enterpriseId = t1, work = "贴片", quantity = 50, sharePercent = 50, amount = 10000.01m } }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "UnifiedOrderPartAmountsAboveOrder", "parts[0].amount");
        var foreign = (await FundTestData.EnterprisesAsync(app, await app.ParkIdAsync("DG-HM-01")))[0];
        await (await SplitAsync(op, id, new object[] { new { enterpriseId = t1, work = "贴片", quantity = 50, sharePercent = 50 }, new { enterpriseId = foreign, work = "组装", quantity = 1, sharePercent = 1 } }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "UnifiedOrderEnterpriseNotInPark", "parts[1].enterpriseId");
        (await PartCountAsync(id)).ShouldBe(1);
    }

    [Fact]
    public async Task Decline_NeedsAReason_ThenTheOrderIsReopenedAndSplitAgain()
    {
        var (op, park, t1, t2) = await ArrangeAsync();
        var tenant = await app.LoginAsync("tenant");
        var id = await CreateAsync(op, park, 5000m, "不锈钢外壳 CNC 加工");
        var order = await (await SplitAsync(op, id, new object[] { new { enterpriseId = t1, work = "外壳加工", quantity = 100, sharePercent = 100 } })).JsonAsync();
        var part = PartOf(order, t1);
        (await op.PostJsonAsync($"/api/v1/unified-orders/{id}/allocate", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await op.PutAsJsonAsync($"/api/v1/unified-orders/{id}/parts", new { parts = new object[] { new { enterpriseId = t2, work = "外壳", quantity = 1, sharePercent = 1 } } }, Demo.Json))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "UnifiedOrderSplitLocked");
        await (await tenant.PostJsonAsync($"/api/v1/unified-orders/{id}/parts/{part}/decline", new { })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "UnifiedOrderReasonRequired", "reason");
        var declined = await (await tenant.PostJsonAsync($"/api/v1/unified-orders/{id}/parts/{part}/decline", new { reason = "本月产能已满" })).JsonAsync();
        declined.GetProperty("parts")[0].GetProperty("state").GetString().ShouldBe("Declined");
        await (await op.PostJsonAsync($"/api/v1/unified-orders/{id}/start", new { })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "UnifiedOrderNoPartAccepted");
        (await op.PostJsonAsync($"/api/v1/unified-orders/{id}/reopen", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var again = await (await SplitAsync(op, id, new object[] { new { enterpriseId = t2, work = "外壳加工", quantity = 100, sharePercent = 100 } })).JsonAsync();
        again.GetProperty("parts").EnumerateArray().Select(p => (p.GetProperty("enterpriseId").GetInt64(), p.GetProperty("state").GetString())).ShouldBe([(t2, "Offered")]);
        // the tenant whose part is gone no longer sees the order
        (await tenant.GetAsync($"/api/v1/unified-orders/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // cancel needs a reason
        await (await op.PostJsonAsync($"/api/v1/unified-orders/{id}/cancel", new { })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "UnifiedOrderReasonRequired", "reason");
        var cancelled = await (await op.PostJsonAsync($"/api/v1/unified-orders/{id}/cancel", new { reason = "客户撤单" })).JsonAsync();
        (cancelled.GetProperty("state").GetString(), cancelled.GetProperty("reason").GetString()).ShouldBe(("Cancelled", "客户撤单"));
    }

    [Fact]
    public async Task Create_BadInput_NamesTheField_AndAGovernmentViewerSeesNoOrders()
    {
        var (op, park, _, _) = await ArrangeAsync();
        async Task Bad(object body, string rule, string field) =>
            await (await op.PostJsonAsync($"/api/v1/parks/{park}/unified-orders", body)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, rule, field);
        await Bad(new { customerName = "甲", customerContact = "乙", product = "丙", quantity = 1, unit = "件", amount = 100.001m, dueOn = Today }, "UnifiedOrderAmountInvalid", "amount");
        await Bad(new { customerName = "甲", customerContact = "乙", product = "丙", quantity = 1, unit = "件", amount = 100m, dueOn = Today, feePercent = 100.5m }, "UnifiedOrderFeeInvalid", "feePercent");
        await Bad(new { customerName = "甲", customerContact = "乙", product = "丙", quantity = 1, unit = "件", amount = 100m, dueOn = Today.AddDays(-1) }, "UnifiedOrderDueInPast", "dueOn");
        await Bad(new { customerName = " ", customerContact = "乙", product = "丙", quantity = 1, unit = "件", amount = 100m, dueOn = Today }, "UnifiedOrderFieldRequired", "customerName");
        var gov = await app.LoginAsync("gov");
        await (await gov.GetAsync($"/api/v1/parks/{park}/unified-orders")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "UnifiedOrdersAreForOperatorsAndEnterprises");
        var tenant = await app.LoginAsync("tenant");
        await (await tenant.PostJsonAsync($"/api/v1/parks/{park}/unified-orders", new { customerName = "甲", customerContact = "乙", product = "丙", quantity = 1, unit = "件", amount = 100m, dueOn = Today }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyOperatorsMayWrite");
    }

    [Fact]
    public async Task Demo_HasASettledOrderWhoseStatementAddsUp()
    {
        var (op, park, t1, _) = await ArrangeAsync();
        var list = await (await op.GetAsync($"/api/v1/parks/{park}/unified-orders?state=Settled")).JsonAsync();
        var id = list.EnumerateArray().Single(r => r.GetProperty("customerName").GetString() == "深圳市声远科技有限公司").GetProperty("id").GetInt64();
        var s = await (await op.GetAsync($"/api/v1/unified-orders/{id}/statement")).JsonAsync();
        // 186,000.00 × 3 % = 5,580.00; received 185,442.00
        (Dec(s, "received"), Dec(s, "platformFee")).ShouldBe((185442.00m, 5580.00m));
        (Dec(s, "platformFee") + s.GetProperty("parts").EnumerateArray().Sum(p => Dec(p, "revenue"))).ShouldBe(185442.00m);
        var tenant = await app.LoginAsync("tenant");
        var mine = await (await tenant.GetAsync($"/api/v1/unified-orders/{id}/statement")).JsonAsync();
        mine.GetProperty("parts").EnumerateArray().Select(p => p.GetProperty("enterpriseId").GetInt64()).ShouldBe([t1]);
    }
}
