using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Billing;
using ParkOps.Web.Features.Billing;
using ParkOps.Web.Features.ReserveFund;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.ReserveFund;

/// <summary>
/// The reserve fund over HTTP on the demo park (issue 12 §4): who sees what, the API's shape, contributions exact to
/// the 分, loans with their schedule, repayments, overdue marks and crises. Park 2 (DG-HM-01, operator2) has no fund
/// in the demo, so the tests that need exact figures build them there in quarters the demo has no reports for.
/// </summary>
public sealed class ReserveFundTests(ClockedParkOpsFactory app) : IClassFixture<ClockedParkOpsFactory>
{
    private DateOnly Today => FundTestData.Today(app.Clock);

    private static decimal Dec(JsonElement e, string name) => e.GetProperty(name).GetDecimal();

    // ---- scope and shape ----

    [Fact]
    public async Task Fund_Operator_SeesBalanceAsTheSumOfEveryEntryWithTheContractShape()
    {
        var op = await app.LoginAsync("operator");
        var park = await app.ParkIdAsync();
        var res = await op.GetAsync($"/api/v1/parks/{park}/reserve-fund");
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var fund = await res.JsonAsync();
        var entries = fund.GetProperty("entries").EnumerateArray().ToList();
        entries.ShouldNotBeEmpty();
        Dec(fund, "balance").ShouldBe(entries.Sum(e => Dec(e, "amount")));
        fund.GetProperty("redacted").GetBoolean().ShouldBeFalse();
        var first = entries[0];
        foreach (var name in new[] { "id", "kind", "amount", "enterpriseId", "occurredOn", "description", "reference" })
            first.TryGetProperty(name, out _).ShouldBeTrue(name);
        entries.Select(e => e.GetProperty("kind").GetString()).Distinct().Order().ShouldBe(["Contribution", "Disbursement", "Repayment"]);
        // the newest entry's balance-after is the balance
        Dec(first, "balanceAfter").ShouldBe(Dec(fund, "balance"));
    }

    [Fact]
    public async Task Fund_GovernmentViewer_SeesBalanceAndTotalsButNoFirmEntries()
    {
        var park = await app.ParkIdAsync();
        var full = await (await (await app.LoginAsync("operator")).GetAsync($"/api/v1/parks/{park}/reserve-fund")).JsonAsync();
        var res = await (await app.LoginAsync("gov")).GetAsync($"/api/v1/parks/{park}/reserve-fund");
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var gov = await res.JsonAsync();
        gov.GetProperty("redacted").GetBoolean().ShouldBeTrue();
        gov.GetProperty("entries").GetArrayLength().ShouldBe(0);
        Dec(gov, "balance").ShouldBe(Dec(full, "balance"));
        var disbursed = gov.GetProperty("totals").EnumerateArray().Single(t => t.GetProperty("kind").GetString() == "Disbursement");
        Dec(disbursed, "amount").ShouldBe(full.GetProperty("entries").EnumerateArray().Where(e => e.GetProperty("kind").GetString() == "Disbursement").Sum(e => Dec(e, "amount")));
        await (await (await app.LoginAsync("gov")).GetAsync($"/api/v1/parks/{park}/reserve-fund/loans")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "ReserveFundIsConfidential");
    }

    [Fact]
    public async Task Fund_EnterpriseUser_ParkFundIsForbiddenAndItsOwnShareIsShown()
    {
        var park = await app.ParkIdAsync();
        var tenant = await app.LoginAsync("tenant");
        await (await tenant.GetAsync($"/api/v1/parks/{park}/reserve-fund")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "ReserveFundIsConfidential");
        var own = await app.EnterpriseOfAsync("tenant");
        var res = await tenant.GetAsync($"/api/v1/enterprises/{own}/reserve-fund");
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var view = await res.JsonAsync();
        view.GetProperty("contributions").EnumerateArray().ShouldAllBe(c => c.GetProperty("enterpriseId").GetInt64() == own);
        var loan = view.GetProperty("loans").EnumerateArray().Single();
        loan.GetProperty("enterpriseId").GetInt64().ShouldBe(own);
        var other = await app.EnterpriseOfAsync("tenant2");
        await (await tenant.GetAsync($"/api/v1/enterprises/{other}/reserve-fund")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await tenant.GetAsync($"/api/v1/reserve-fund/loans/{loan.GetProperty("id").GetInt64()}")).EnsureSuccessStatusCodeAsync();
    }

    // ---- the demo ----

    [Fact]
    public async Task Demo_BridgeLoanToJiexun_HasSixInstalmentsTheFirstRepaidAndSumsToThePrincipal()
    {
        var op = await app.LoginAsync("operator");
        var park = await app.ParkIdAsync();
        var jiexun = await app.EnterpriseOfAsync("tenant");
        var loans = (await (await op.GetAsync($"/api/v1/parks/{park}/reserve-fund/loans")).JsonAsync()).EnumerateArray().ToList();
        var loan = loans.Single(l => l.GetProperty("enterpriseId").GetInt64() == jiexun);
        var items = loan.GetProperty("instalments").EnumerateArray().ToList();
        items.Count.ShouldBe(6);
        items.Sum(i => Dec(i, "amount")).ShouldBe(Dec(loan, "principal"));
        Dec(items[0], "paid").ShouldBe(Dec(items[0], "amount"));
        items.Skip(1).ShouldAllBe(i => i.GetProperty("paid").GetDecimal() == 0m);
        Dec(loan, "repaid").ShouldBe(Dec(items[0], "amount"));
        loan.GetProperty("crisisId").ValueKind.ShouldBe(JsonValueKind.Number);
    }

    [Fact]
    public async Task Demo_Crisis_IsClosedWithItsFourFirmsActionsAndOutcome()
    {
        var op = await app.LoginAsync("operator");
        var park = await app.ParkIdAsync();
        var crises = (await (await op.GetAsync($"/api/v1/parks/{park}/crises")).JsonAsync()).EnumerateArray().ToList();
        var c = crises.Single(x => x.GetProperty("title").GetString() == "星辰智能订单骤降");
        c.GetProperty("state").GetString().ShouldBe("Closed");
        c.GetProperty("outcome").GetString().ShouldNotBeNullOrWhiteSpace();
        c.GetProperty("firms").EnumerateArray().Select(f => f.GetProperty("name").GetString()).ShouldBe(
            ["东莞市星辰智能终端有限公司", "东莞市长安捷讯电子有限公司", "东莞市德胜插件焊接有限公司", "东莞市鑫达铜箔科技有限公司"], ignoreOrder: true);
        c.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("kind").GetString()).ShouldBe(["Meeting", "BridgeLoan", "NewCustomers"], ignoreOrder: true);
    }

    // ---- contributions ----

    [Fact]
    public async Task Contributions_RateFromAQuarter_AreRevenueTimesRateRoundedHalfAwayFromZeroAndPostedOnce()
    {
        var op2 = await app.LoginAsync("operator2");
        var hm = await app.ParkIdAsync("DG-HM-01");
        var q = FundTestData.LastQuarter(app.Clock).Plus(-9);
        var firms = await FundTestData.EnterprisesAsync(app, hm);
        // 1.0002 万元 × 10000 × 0.25 % = 25.005 元 → 25.01 (half away from zero; banker's rounding would give 25.00)
        // 1234.5678 万元 × 10000 × 0.25 % = 30864.195 元 → 30864.20; revenue 0 pays nothing; a draft is not counted
        await FundTestData.ReportsAsync(app, hm, q, (firms[0], 1.0002m, true), (firms[1], 1234.5678m, true), (firms[2], 0m, true), (firms[3], 500m, false));
        (await op2.PutAsJsonAsync($"/api/v1/parks/{hm}/reserve-fund/settings", new { fromQuarter = q.ToString(), ratePercent = 0.25m })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var before = Dec(await (await op2.GetAsync($"/api/v1/parks/{hm}/reserve-fund")).JsonAsync(), "balance");

        var res = await op2.PostJsonAsync($"/api/v1/parks/{hm}/reserve-fund/contributions", new { quarter = q.ToString() });
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        var run = await res.JsonAsync();
        run.GetProperty("posted").GetInt32().ShouldBe(2);
        Dec(run, "ratePercent").ShouldBe(0.25m);
        Dec(run, "amount").ShouldBe(30889.21m);
        run.GetProperty("withoutReport").EnumerateArray().Select(x => x.GetInt64()).ShouldBe([firms[3]]);
        var amounts = run.GetProperty("contributions").EnumerateArray().ToDictionary(c => c.GetProperty("enterpriseId").GetInt64(), c => Dec(c, "amount"));
        amounts[firms[0]].ShouldBe(25.01m);
        amounts[firms[1]].ShouldBe(30864.20m);

        var again = await (await op2.PostJsonAsync($"/api/v1/parks/{hm}/reserve-fund/contributions", new { quarter = q.ToString() })).JsonAsync();
        again.GetProperty("posted").GetInt32().ShouldBe(0);
        again.GetProperty("alreadyPosted").GetInt32().ShouldBe(2);
        Dec(await (await op2.GetAsync($"/api/v1/parks/{hm}/reserve-fund")).JsonAsync(), "balance").ShouldBe(before + 30889.21m);

        // billed through Billing's charge contract: one charge each, on next month's bill, with the rule that made it
        var nextMonth = new DateOnly(Today.Year, Today.Month, 1).AddMonths(1);
        var charges = await app.WithDbAsync(db => db.PendingCharges.Where(c => c.ParkId == hm && c.Kind == BillLineKind.ReserveFund && c.SourceId.StartsWith(q.ToString())).ToListAsync());
        charges.Count.ShouldBe(2);
        charges.ShouldAllBe(c => c.Month == nextMonth && c.SourceType == "ReserveFund");
        charges.Single(c => c.EnterpriseId == firms[1]).Amount.ShouldBe(30864.20m);
        charges.Single(c => c.EnterpriseId == firms[1]).RulesJson.ShouldContain("ReserveFundRate");

        // the quarter is posted: its rate can no longer change
        await (await op2.PutAsJsonAsync($"/api/v1/parks/{hm}/reserve-fund/settings", new { fromQuarter = q.ToString(), ratePercent = 0.3m }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "ReserveFundRateQuarterPosted", "fromQuarter");
    }

    [Fact]
    public async Task Contributions_QuarterNotEnded_AreRefused()
    {
        var op = await app.LoginAsync("operator");
        var park = await app.ParkIdAsync();
        var current = FundTestData.LastQuarter(app.Clock).Next;
        await (await op.PostJsonAsync($"/api/v1/parks/{park}/reserve-fund/contributions", new { quarter = current.ToString() }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "ReserveFundQuarterNotEnded", "quarter");
        await (await op.PostJsonAsync($"/api/v1/parks/{park}/reserve-fund/contributions", new { quarter = "2026Q5" }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "ReserveFundQuarterFormat", "quarter");
        await (await (await app.LoginAsync("tenant")).PostJsonAsync($"/api/v1/parks/{park}/reserve-fund/contributions", new { quarter = "2025Q1" }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyOperatorsMayWrite");
    }

    // ---- loans ----

    private object LoanBody(long enterpriseId, decimal amount, params (int Days, decimal Amount)[] schedule) => new
    {
        enterpriseId, amount, purpose = "支付货款", startDate = Today.AddDays(-40),
        instalments = schedule.Select(s => new { dueDate = Today.AddDays(-40 + s.Days), amount = s.Amount }).ToArray(),
    };

    [Fact]
    public async Task Loans_BadInput_AreRefusedNamingRuleAndField()
    {
        var op = await app.LoginAsync("operator");
        var park = await app.ParkIdAsync();
        var firm = await app.EnterpriseOfAsync("tenant2");
        var path = $"/api/v1/parks/{park}/reserve-fund/loans";
        await (await op.PostJsonAsync(path, LoanBody(firm, 0m, (30, 0m)))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "ReserveFundAmountMustBePositive", "amount");
        await (await op.PostJsonAsync(path, LoanBody(firm, -100m, (30, -100m)))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "ReserveFundAmountMustBePositive", "amount");
        await (await op.PostJsonAsync(path, LoanBody(firm, 100.001m, (30, 100.001m)))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "ReserveFundAmountMustBePositive", "amount");
        await (await op.PostJsonAsync(path, LoanBody(firm, 1000m, (30, 500m), (60, 499.99m))))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "LoanScheduleMustSumToPrincipal", "instalments");
        await (await op.PostJsonAsync(path, LoanBody(firm, 1000m, (60, 500m), (30, 500m))))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "LoanInstalmentsMustAscend", "instalments[1].dueDate");
        await (await op.PostJsonAsync(path, LoanBody(firm, 1000m))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "LoanScheduleRequired", "instalments");
        var foreign = (await FundTestData.EnterprisesAsync(app, await app.ParkIdAsync("DG-HM-01")))[0];
        await (await op.PostJsonAsync(path, LoanBody(foreign, 1000m, (30, 1000m))))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "ReserveFundEnterpriseMustBeInPark", "enterpriseId");
        await (await op.PostJsonAsync(path, LoanBody(firm, 90_000_000m, (30, 90_000_000m))))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "ReserveFundInsufficient", "amount");
    }

    [Fact]
    public async Task Loans_RepaymentsAndOverdue_OldestInstalmentFirstNeverMoreThanOwed()
    {
        var op = await app.LoginAsync("operator");
        var park = await app.ParkIdAsync();
        var firm = await app.EnterpriseOfAsync("tenant2");
        // due 10 days ago, today, and in 20 days: only the first can be overdue
        var res = await op.PostJsonAsync($"/api/v1/parks/{park}/reserve-fund/loans", LoanBody(firm, 300.00m, (30, 100.00m), (40, 100.00m), (60, 100.00m)));
        res.StatusCode.ShouldBe(HttpStatusCode.Created, await res.Content.ReadAsStringAsync());
        var loan = await res.JsonAsync();
        var id = loan.GetProperty("id").GetInt64();
        loan.GetProperty("instalments").EnumerateArray().Select(i => i.GetProperty("overdue").GetBoolean()).ShouldBe([true, false, false]);
        loan.GetProperty("overdue").GetBoolean().ShouldBeTrue();
        Dec(loan, "overdueAmount").ShouldBe(100.00m);

        var pay = await (await op.PostJsonAsync($"/api/v1/reserve-fund/loans/{id}/repayments", new { amount = 150.00m, reference = "BANK-1" })).JsonAsync();
        pay.GetProperty("allocation").GetString().ShouldBe("1:100.00;2:50.00");
        Dec(pay, "outstanding").ShouldBe(150.00m);
        var after = await (await op.GetAsync($"/api/v1/reserve-fund/loans/{id}")).JsonAsync();
        after.GetProperty("overdue").GetBoolean().ShouldBeFalse();
        after.GetProperty("instalments").EnumerateArray().Select(i => i.GetProperty("paid").GetDecimal()).ShouldBe([100.00m, 50.00m, 0m]);

        await (await op.PostJsonAsync($"/api/v1/reserve-fund/loans/{id}/repayments", new { amount = 150.01m }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "LoanRepaymentExceedsOutstanding", "amount");
        await (await op.PostJsonAsync($"/api/v1/reserve-fund/loans/{id}/repayments", new { amount = 0m }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "ReserveFundAmountMustBePositive", "amount");
        await (await op.PostJsonAsync($"/api/v1/reserve-fund/loans/{id}/repayments", new { amount = 1m, paidOn = Today.AddDays(1) }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "LoanRepaymentDateOutOfRange", "paidOn");
        var last = await (await op.PostJsonAsync($"/api/v1/reserve-fund/loans/{id}/repayments", new { amount = 150.00m })).JsonAsync();
        last.GetProperty("state").GetString().ShouldBe("Repaid");
        await (await op.PostJsonAsync($"/api/v1/reserve-fund/loans/{id}/repayments", new { amount = 1m }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "LoanAlreadyRepaid", "amount");
        await (await (await app.LoginAsync("tenant2")).PostJsonAsync($"/api/v1/reserve-fund/loans/{id}/repayments", new { amount = 1m }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyOperatorsMayWrite");
    }

    [Fact]
    public async Task Loans_SameIdempotencyKeyTwice_DisbursesOnceAndReplaysTheAnswer()
    {
        var op = await app.LoginAsync("operator");
        var park = await app.ParkIdAsync();
        var firm = await app.EnterpriseOfAsync("tenant2");
        var key = "loan-" + Guid.NewGuid().ToString("N");
        var body = LoanBody(firm, 12.34m, (50, 12.34m));
        var first = await op.PostJsonAsync($"/api/v1/parks/{park}/reserve-fund/loans", body, key);
        var second = await op.PostJsonAsync($"/api/v1/parks/{park}/reserve-fund/loans", body, key);
        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        second.StatusCode.ShouldBe(HttpStatusCode.Created);
        second.Headers.Contains("Idempotent-Replayed").ShouldBeTrue();
        (await second.JsonAsync()).GetProperty("id").GetInt64().ShouldBe((await first.JsonAsync()).GetProperty("id").GetInt64());
        (await app.WithDbAsync(db => db.Set<BridgeLoan>().CountAsync(l => l.EnterpriseId == firm && l.Principal == 12.34m))).ShouldBe(1);
    }

    // ---- crises ----

    [Fact]
    public async Task Crises_OpenFromAlertWorkAndClose_GuardedTransitions()
    {
        var op = await app.LoginAsync("operator");
        var park = await app.ParkIdAsync();
        var firms = await FundTestData.EnterprisesAsync(app, park);
        var res = await op.PostJsonAsync($"/api/v1/parks/{park}/crises", new { title = "测试危机", alertId = 77, enterpriseIds = new[] { firms[0], firms[1] } });
        res.StatusCode.ShouldBe(HttpStatusCode.Created, await res.Content.ReadAsStringAsync());
        var crisis = await res.JsonAsync();
        var id = crisis.GetProperty("id").GetInt64();
        crisis.GetProperty("alertId").GetInt64().ShouldBe(77);
        crisis.GetProperty("state").GetString().ShouldBe("Open");
        crisis.GetProperty("firms").GetArrayLength().ShouldBe(2);

        await (await op.PostJsonAsync($"/api/v1/crises/{id}/actions", new { kind = "BridgeLoan", note = "过桥" }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "CrisisActionNeedsLoan", "loanId");
        await (await op.PostJsonAsync($"/api/v1/crises/{id}/actions", new { kind = "NewCustomers", note = "撮合", link = "https://evil.example/" }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "CrisisLinkMustBeLocal", "link");
        (await op.PostJsonAsync($"/api/v1/crises/{id}/actions", new { kind = "Meeting", note = "协调会" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await op.PostJsonAsync($"/api/v1/crises/{id}/close", new { outcome = "  " }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "CrisisOutcomeRequired", "outcome");
        var closed = await (await op.PostJsonAsync($"/api/v1/crises/{id}/close", new { outcome = "已化解" })).JsonAsync();
        closed.GetProperty("state").GetString().ShouldBe("Closed");
        closed.GetProperty("closedOn").GetString().ShouldBe(Today.ToString("yyyy-MM-dd"));
        await (await op.PostJsonAsync($"/api/v1/crises/{id}/actions", new { kind = "Meeting", note = "再开会" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "CrisisMustBeOpen");
        await (await op.PostJsonAsync($"/api/v1/crises/{id}/close", new { outcome = "again" })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "CrisisMustBeOpen");

        var foreign = (await FundTestData.EnterprisesAsync(app, await app.ParkIdAsync("DG-HM-01")))[0];
        await (await op.PostJsonAsync($"/api/v1/parks/{park}/crises", new { title = "跨园", enterpriseIds = new[] { foreign } }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "ReserveFundEnterpriseMustBeInPark", "enterpriseIds");
        await (await (await app.LoginAsync("gov")).GetAsync($"/api/v1/crises/{id}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyOperatorsMayRead");
    }
}

internal static class ResponseChecks
{
    public static async Task EnsureSuccessStatusCodeAsync(this HttpResponseMessage res)
    {
        res.IsSuccessStatusCode.ShouldBeTrue(await res.Content.ReadAsStringAsync());
    }
}
