using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Features.Billing;
using ParkOps.Web.Tests.Infrastructure;
using ParkOps.Domain.Billing;

namespace ParkOps.Web.Tests.Billing;

/// <summary>Bill runs, bills and payments on a host of their own (they change the demo park's money).</summary>
public sealed class BillingTests(ParkOpsFactory app) : IClassFixture<ParkOpsFactory>
{
    private async Task<string> MonthWithoutBillsAsync(long park) =>
        // the current month: the demo bills the twelve before it
        await app.WithDbAsync(async db =>
        {
            var months = await db.Bills.Where(b => b.ParkId == park).Select(b => b.Month).Distinct().ToListAsync();
            var latest = months.Max();
            return latest.AddMonths(1).ToString("yyyy-MM");
        });

    [Fact]
    public async Task BillRun_SameMonthTwice_CreatesBillsOnceAndChangesNothingTheSecondTime()
    {
        var op = await app.LoginAsync("operator");
        var park = await app.ParkIdAsync();
        var month = await MonthWithoutBillsAsync(park);
        var first = await (await op.PostAsJsonAsync($"/api/v1/parks/{park}/bill-runs", new { month })).JsonAsync();
        first.GetProperty("billsCreated").GetInt32().ShouldBeGreaterThan(0);
        var before = await app.WithDbAsync(db => db.Bills.CountAsync());
        var lines = await app.WithDbAsync(db => db.BillLines.CountAsync());
        var second = await (await op.PostAsJsonAsync($"/api/v1/parks/{park}/bill-runs", new { month })).JsonAsync();
        second.GetProperty("billsCreated").GetInt32().ShouldBe(0);
        second.GetProperty("billsExisting").GetInt32().ShouldBe(first.GetProperty("billsCreated").GetInt32());
        (await app.WithDbAsync(db => db.Bills.CountAsync())).ShouldBe(before);
        (await app.WithDbAsync(db => db.BillLines.CountAsync())).ShouldBe(lines);
    }

    [Fact]
    public async Task BillRun_FutureMonthOrBadFormat_IsRefusedWithTheField()
    {
        var op = await app.LoginAsync("operator");
        var park = await app.ParkIdAsync();
        var bad = await op.PostAsJsonAsync($"/api/v1/parks/{park}/bill-runs", new { month = "2026/10" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.JsonAsync()).GetProperty("field").GetString().ShouldBe("month");
        var future = await op.PostAsJsonAsync($"/api/v1/parks/{park}/bill-runs", new { month = DateTime.UtcNow.AddMonths(3).ToString("yyyy-MM") });
        future.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await future.JsonAsync()).GetProperty("rule").GetString().ShouldBe("BillMonthMustNotBeInFuture");
    }

    [Fact]
    public async Task Bill_RentLine_EqualsTheLeaseScheduleForThatMonth()
    {
        var op = await app.LoginAsync("operator");
        var bill = await app.WithDbAsync(db => db.Bills.Include(b => b.Lines).Where(b => b.Lines.Any(l => l.Kind == BillLineKind.Rent)).OrderBy(b => b.Id).FirstAsync());
        var rent = bill.Lines.First(l => l.Kind == BillLineKind.Rent);
        var lease = await (await op.GetAsync($"/api/v1/leases/{rent.SourceId}")).JsonAsync();
        var month = lease.GetProperty("months").EnumerateArray().First(m => m.GetProperty("month").GetString() == bill.Month.ToString("yyyy-MM"));
        month.GetProperty("amount").GetDecimal().ShouldBe(rent.Amount);
        var detail = await (await op.GetAsync($"/api/v1/bills/{bill.Id}")).JsonAsync();
        var lines = detail.GetProperty("lines").EnumerateArray().ToList();
        lines.Sum(l => l.GetProperty("amount").GetDecimal()).ShouldBe(detail.GetProperty("total").GetDecimal());
        lines.First(l => l.GetProperty("kind").GetString() == "Rent").GetProperty("rules").GetArrayLength().ShouldBeGreaterThan(0);
    }

    /// <summary>An unpaid bill of the operator's park (DG-CA-01).</summary>
    private async Task<Bill> OpenBillAsync()
    {
        var park = await app.ParkIdAsync();
        return await app.WithDbAsync(db => db.Bills.Where(b => b.ParkId == park && b.State == BillState.Issued && b.Total > 100).OrderByDescending(b => b.Id).FirstAsync());
    }

    [Fact]
    public async Task Payment_PartThenRest_MovesTheBillToPartlyPaidThenPaid()
    {
        var op = await app.LoginAsync("operator");
        var bill = await OpenBillAsync();
        var half = Math.Round(bill.Total / 2, 2);
        var r1 = await (await op.PostAsJsonAsync($"/api/v1/bills/{bill.Id}/payments", new { amount = half })).JsonAsync();
        r1.GetProperty("billState").GetString().ShouldBe("PartiallyPaid");
        r1.GetProperty("outstanding").GetDecimal().ShouldBe(bill.Total - half);
        var r2 = await (await op.PostAsJsonAsync($"/api/v1/bills/{bill.Id}/payments", new { amount = bill.Total - half })).JsonAsync();
        r2.GetProperty("billState").GetString().ShouldBe("Paid");
        r2.GetProperty("outstanding").GetDecimal().ShouldBe(0m);
    }

    [Fact]
    public async Task Payment_MoreThanOutstanding_PutsTheExcessIntoCreditWhichPaysTheNextBill()
    {
        var op = await app.LoginAsync("operator");
        var park = await app.ParkIdAsync();
        // an enterprise with two unpaid bills (the demo's every ninth has paid nothing for three months)
        var (bill, next) = await app.WithDbAsync(async db =>
        {
            var open = await db.Bills.Where(b => b.ParkId == park && b.State == BillState.Issued && b.Paid == 0 && b.Total > 100).OrderBy(b => b.Id).ToListAsync();
            var pair = open.GroupBy(b => b.EnterpriseId).First(g => g.Count() >= 2).Take(2).ToList();
            return (pair[0], pair[1]);
        });
        var credit0 = await app.WithDbAsync(db => db.CreditBalances.Where(c => c.EnterpriseId == bill.EnterpriseId).Select(c => c.Amount).FirstOrDefaultAsync());
        var res = await op.PostAsJsonAsync($"/api/v1/bills/{bill.Id}/payments", new { amount = bill.Total + 100m });
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        var r = await res.JsonAsync();
        r.GetProperty("toCredit").GetDecimal().ShouldBe(100m);
        r.GetProperty("creditBalance").GetDecimal().ShouldBe(credit0 + 100m);
        var tooMuch = await op.PostAsJsonAsync($"/api/v1/bills/{next.Id}/payments", new { amount = credit0 + 100.01m, method = "Credit" });
        tooMuch.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await tooMuch.JsonAsync()).GetProperty("rule").GetString().ShouldBe("CreditMustCoverPayment");
        var fromCredit = await (await op.PostAsJsonAsync($"/api/v1/bills/{next.Id}/payments", new { amount = 50m, method = "Credit" })).JsonAsync();
        fromCredit.GetProperty("creditBalance").GetDecimal().ShouldBe(credit0 + 50m);
        fromCredit.GetProperty("applied").GetDecimal().ShouldBe(50m);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(0.001)]
    public async Task Payment_ZeroNegativeOrBelowAFen_Gives400AndWritesNothing(double amount)
    {
        var op = await app.LoginAsync("operator");
        var bill = await OpenBillAsync();
        var before = await app.WithDbAsync(db => db.Payments.CountAsync());
        var res = await op.PostAsJsonAsync($"/api/v1/bills/{bill.Id}/payments", new { amount = (decimal)amount });
        res.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await res.JsonAsync()).GetProperty("field").GetString().ShouldBe("amount");
        (await app.WithDbAsync(db => db.Payments.CountAsync())).ShouldBe(before);
    }

    [Fact]
    public async Task Payment_ToACancelledBill_Gives409()
    {
        var op = await app.LoginAsync("operator");
        var bill = await OpenBillAsync();
        await app.WithDbAsync(async db => { var b = await db.Bills.FirstAsync(x => x.Id == bill.Id); b.State = BillState.Cancelled; return await db.SaveChangesAsync(); });
        var res = await op.PostAsJsonAsync($"/api/v1/bills/{bill.Id}/payments", new { amount = 10m });
        res.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await res.JsonAsync()).GetProperty("rule").GetString().ShouldBe("PaymentNeedsLiveBill");
    }

    [Fact]
    public async Task Payment_ByTheBillsOwnTenant_Is403_ByAnotherTenantOrGovernment404()
    {
        // a tenant sees its own bill but may not record money on it; another enterprise's bill and, for a government
        // viewer, every named firm's bill are outside their scope
        var own = await app.EnterpriseOfAsync("tenant");
        var park = await app.ParkIdAsync();
        var ownBill = await app.WithDbAsync(db => db.Bills.Where(b => b.EnterpriseId == own && b.State != BillState.Cancelled).OrderByDescending(b => b.Id).FirstAsync());
        var foreign = await app.WithDbAsync(db => db.Bills.Where(b => b.ParkId == park && b.EnterpriseId != own && b.State != BillState.Cancelled).OrderBy(b => b.Id).FirstAsync());
        var before = await app.WithDbAsync(db => db.Payments.CountAsync());
        var tenant = await app.LoginAsync("tenant");
        var mine = await tenant.PostAsJsonAsync($"/api/v1/bills/{ownBill.Id}/payments", new { amount = 10m });
        mine.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await mine.JsonAsync()).GetProperty("rule").GetString().ShouldBe("OnlyOperatorsMayWrite");
        (await tenant.PostAsJsonAsync($"/api/v1/bills/{foreign.Id}/payments", new { amount = 10m })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.LoginAsync("gov")).PostAsJsonAsync($"/api/v1/bills/{foreign.Id}/payments", new { amount = 10m })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.WithDbAsync(db => db.Payments.CountAsync())).ShouldBe(before);
    }

    [Fact]
    public async Task Arrears_AgesOutstandingBillsByDaysPastDue_AndTenantsSeeOnlyTheirOwnBills()
    {
        var op = await app.LoginAsync("operator");
        var park = await app.ParkIdAsync();
        var rows = (await (await op.GetAsync($"/api/v1/parks/{park}/arrears")).JsonAsync()).EnumerateArray().ToList();
        rows.ShouldNotBeEmpty();
        foreach (var r in rows)
        {
            var buckets = new[] { "days0To30", "days31To60", "days61To90", "over90" }.Sum(k => r.GetProperty(k).GetDecimal());
            buckets.ShouldBe(r.GetProperty("outstanding").GetDecimal());
        }
        var tenant = await app.LoginAsync("tenant");
        var own = await app.EnterpriseOfAsync("tenant");
        var bills = (await (await tenant.GetAsync($"/api/v1/parks/{park}/bills?pageSize=500")).JsonAsync()).GetProperty("items").EnumerateArray().ToList();
        bills.ShouldNotBeEmpty();
        bills.ShouldAllBe(b => b.GetProperty("enterpriseId").GetInt64() == own);
    }
}
