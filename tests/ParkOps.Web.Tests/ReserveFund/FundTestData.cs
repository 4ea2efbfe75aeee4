using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Monitoring;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Reporting;
using ParkOps.Web.Features.ReserveFund;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.ReserveFund;

/// <summary>Arranging the fund's tests: reports with chosen revenue in quarters the demo left empty, and the dates the host sees.</summary>
public static class FundTestData
{
    /// <summary>The last quarter that ended, as the demo's reports count it.</summary>
    public static Quarter LastQuarter(TimeProvider clock) => Quarter.Of(Today(clock)).Previous;

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Time.Shanghai).DateTime);

    /// <summary>Admitted enterprises of a park, in id order.</summary>
    public static Task<List<long>> EnterprisesAsync(ParkOpsFactory app, long parkId) =>
        app.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters().Where(e => e.ParkId == parkId && e.Status == EnterpriseStatus.Admitted)
            .OrderBy(e => e.Id).Select(e => e.Id).ToListAsync());

    /// <summary>Writes one report per (enterprise, main revenue in 万元, submitted) for the quarter, straight into Reporting's table.</summary>
    public static Task ReportsAsync(ParkOpsFactory app, long parkId, Quarter q, params (long EnterpriseId, decimal RevenueWan, bool Submitted)[] rows) =>
        app.WithDbAsync(async db =>
        {
            foreach (var (eid, revenue, submitted) in rows)
                db.Set<QuarterlyReport>().Add(new QuarterlyReport
                {
                    ParkId = parkId, EnterpriseId = eid, Year = q.Year, QuarterNumber = q.Number, State = submitted ? ReportState.Submitted : ReportState.Draft,
                    Source = ReportSource.Form, Output = revenue, MainRevenue = revenue, UpdatedBy = "test", UpdatedAt = DateTime.UtcNow,
                    SubmittedAt = submitted ? DateTime.UtcNow : null,
                });
            return await db.SaveChangesAsync();
        });

    /// <summary>
    /// A bridge loan of the enterprise (the first it has, else one written straight into the table without touching the
    /// fund's balance: for scope tests, which only need an id).
    /// </summary>
    public static Task<long> LoanOfAsync(ParkOpsFactory app, long parkId, long enterpriseId) =>
        app.WithDbAsync(async db =>
        {
            var id = await db.Set<BridgeLoan>().Where(l => l.EnterpriseId == enterpriseId).OrderBy(l => l.Id).Select(l => (long?)l.Id).FirstOrDefaultAsync();
            if (id is { } existing) return existing;
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var loan = new BridgeLoan { ParkId = parkId, EnterpriseId = enterpriseId, Principal = 100m, Purpose = "scope-test", StartDate = today, DisbursedBy = "test", CreatedAt = DateTime.UtcNow,
                Instalments = [new() { ParkId = parkId, EnterpriseId = enterpriseId, Number = 1, DueDate = today.AddMonths(1), Amount = 100m }] };
            db.Add(loan);
            await db.SaveChangesAsync();
            return loan.Id;
        });

    /// <summary>A crisis of the park (the first it has, else a new open one).</summary>
    public static Task<long> CrisisInParkAsync(ParkOpsFactory app, long parkId) =>
        app.WithDbAsync(async db =>
        {
            var id = await db.Set<Crisis>().Where(c => c.ParkId == parkId).OrderBy(c => c.Id).Select(c => (long?)c.Id).FirstOrDefaultAsync();
            if (id is { } existing) return existing;
            var crisis = new Crisis { ParkId = parkId, Title = "scope-test", OpenedOn = DateOnly.FromDateTime(DateTime.UtcNow), OpenedBy = "test" };
            db.Add(crisis);
            await db.SaveChangesAsync();
            return crisis.Id;
        });

    public static async Task<HttpResponseMessage> PostJsonAsync(this HttpClient c, string path, object body, string? key = null)
    {
        using var msg = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: Demo.Json) };
        if (key is not null) msg.Headers.Add("Idempotency-Key", key);
        return await c.SendAsync(msg);
    }
}
