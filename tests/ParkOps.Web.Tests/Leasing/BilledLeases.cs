using System.Net;
using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Billing;
using ParkOps.Web.Features.Billing;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Leasing;

/// <summary>
/// A lease whose month was billed in full by the real bill run before its termination was recorded: the bill, its rent
/// and property-fee lines as billed, and what the days up to the termination cost, worked out here by hand.
/// </summary>
public sealed record BilledLease(long Lease, long Enterprise, long BillId, string BillNumber, DateOnly Month, DateOnly TerminatedOn, decimal BillTotal,
    decimal RentBilled, decimal FeeBilled, decimal RentDue, decimal FeeDue)
{
    public decimal RentCredit => RentBilled - RentDue;
    public decimal FeeCredit => FeeBilled - FeeDue;
    public decimal Credit => RentCredit + FeeCredit;
}

public static class BilledLeases
{
    /// <summary>
    /// A new enterprise leases a new 500 ㎡ unit from the 1st of last month (its deposit given); last month's bill run
    /// (the real one, which bills only enterprises without a bill for the month: the demo's are billed) bills it in
    /// full; then the lease is terminated on the 20th of that month.
    /// </summary>
    public static async Task<BilledLease> BilledThenTerminatedAsync(this ParkOpsFactory app, HttpClient op, decimal deposit)
    {
        var park = await app.ParkIdAsync();
        var ent = await app.NewTenantAsync(park, new DateOnly(2015, 1, 1), 0m);
        var unit = await app.NewVacantUnitAsync(park, area: 500m);
        var month = LeasingApi.NextMonth.AddMonths(-2);
        var created = await op.PostJsonAsync($"/api/v1/parks/{park}/leases", LeasingApi.LeaseBody(ent.Id, [unit.Id], month, 12, deposit));
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.JsonAsync()).Id();
        await op.ActOkAsync(id, "approve");
        await op.ActOkAsync(id, "sign");
        await op.ActOkAsync(id, "activate");
        var run = await op.PostJsonAsync($"/api/v1/parks/{park}/bill-runs", new { month = LeasingApi.Month(month) });
        run.StatusCode.ShouldBe(HttpStatusCode.OK, await run.Content.ReadAsStringAsync());
        var key = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (bill, lines) = await app.WithDbAsync(async db =>
        {
            var b = await db.Bills.IgnoreQueryFilters().AsNoTracking().SingleAsync(x => x.EnterpriseId == ent.Id && x.Month == month);
            var l = await db.BillLines.IgnoreQueryFilters().AsNoTracking().Where(x => x.BillId == b.Id).ToListAsync();
            return (b, l);
        });
        // the bill carries the lease's rent and property fee for the whole month, and nothing else (no meter, no charge)
        var rent = lines.Where(l => l.Kind == BillLineKind.Rent && l.SourceType == "lease" && l.SourceId == key).ShouldHaveSingleItem().Amount;
        var fee = lines.Where(l => l.Kind == BillLineKind.PropertyFee && l.SourceType == "lease" && l.SourceId == key).ShouldHaveSingleItem().Amount;
        rent.ShouldBeGreaterThan(0m);
        bill.Total.ShouldBe(rent + fee);
        var on = month.AddDays(19);
        (await op.ActOkAsync(id, "terminate", new { on = on.ToString("yyyy-MM-dd"), reason = "提前退租" })).State().ShouldBe("Terminated");
        // the 20 days of a month of D days: rent and the property fee (500 ㎡ × the policy's fee) × 20 / D, rounded half away from zero to the 分
        var days = DateTime.DaysInMonth(month.Year, month.Month);
        var policy = await app.PolicyOnAsync(park, month);
        fee.ShouldBe(Math.Round(500m * policy.PropertyFeePerSqm, 2, MidpointRounding.AwayFromZero));
        var rentDue = Math.Round(rent * 20 / days, 2, MidpointRounding.AwayFromZero);
        var feeDue = Math.Round(500m * policy.PropertyFeePerSqm * 20 / days, 2, MidpointRounding.AwayFromZero);
        return new BilledLease(id, ent.Id, bill.Id, bill.Number, month, on, bill.Total, rent, fee, rentDue, feeDue);
    }

    /// <summary>The park's books checked through the API: no finding.</summary>
    public static async Task BooksAddUpAsync(this ParkOpsFactory app, HttpClient op)
    {
        var park = await app.ParkIdAsync();
        var res = await op.PostAsync($"/api/v1/parks/{park}/ledger-checks", null);
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        var check = await res.JsonAsync();
        check.GetProperty("findings").GetInt32().ShouldBe(0, check.GetProperty("details").ToString());
    }
}
