using System.Net;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Features.Billing;
using ParkOps.Web.Features.ParkServices;
using ParkOps.Web.Tests.Infrastructure;
using ParkOps.Web.Tests.ReserveFund;

namespace ParkOps.Web.Tests.ParkServices;

/// <summary>
/// The service-fee money path under 50 parallel requests on SQLite and on PostgreSQL, in park 2 (DG-HM-01): fulfilling
/// one order fifty times posts exactly one charge; creating an order fifty times with one Idempotency-Key makes one order.
/// </summary>
public sealed class ParkServicesRaceTests(ParkOpsFactory app) : IClassFixture<ParkOpsFactory>
{
    private const int N = 50;

    private async Task<(HttpClient Op, long Park, long Firm, long Service)> ArrangeAsync(string code)
    {
        var op = await app.LoginAsync("operator2");
        var park = await app.ParkIdAsync("DG-HM-01");
        var firm = (await FundTestData.EnterprisesAsync(app, park))[1];
        var res = await op.PostJsonAsync($"/api/v1/parks/{park}/services", new { code, name = "可靠性试验", category = "Testing", unit = "小时", unitPrice = 19.99m });
        res.StatusCode.ShouldBe(HttpStatusCode.Created, await res.Content.ReadAsStringAsync());
        return (op, park, firm, (await res.JsonAsync()).GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Fulfil_FiftyAtOnceOnOneOrder_ExactlyOneChargeOfTheExactAmount()
    {
        var (op, park, firm, service) = await ArrangeAsync("RACE-F");
        var created = await op.PostJsonAsync($"/api/v1/parks/{park}/service-orders", new { serviceId = service, quantity = 0.33m, enterpriseId = firm });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.JsonAsync()).GetProperty("id").GetInt64();
        var op2 = await app.LoginAsync("operator2");

        var answers = await Race.PostAsync([op, op2], N, _ => ($"/api/v1/service-orders/{id}/fulfil", new { }, null));
        answers.Count(a => a.Status == HttpStatusCode.OK).ShouldBe(1, answers.Tally());
        answers.Count(a => a.Status == HttpStatusCode.Conflict && a.Rule == "ServiceOrderTransitionNotAllowed").ShouldBe(N - 1, answers.Tally());
        var charges = await app.WithDbAsync(db => db.PendingCharges.IgnoreQueryFilters().Where(c => c.SourceType == "service-order" && c.SourceId == id.ToString()).Select(c => c.Amount).ToListAsync());
        charges.ShouldBe([6.60m]); // 19.99 × 0.33 = 6.5967 → 6.60
    }

    [Fact]
    public async Task Create_FiftyWithOneIdempotencyKey_OneOrderAndEveryoneGetsIt()
    {
        var (op, park, firm, service) = await ArrangeAsync("RACE-C");
        var key = "svc-order-" + Guid.NewGuid().ToString("N");
        var answers = await Race.PostAsync([op], N, _ => ($"/api/v1/parks/{park}/service-orders", new { serviceId = service, quantity = 2, enterpriseId = firm, note = "竞争" }, key));
        answers.Count(a => a.Status == HttpStatusCode.Created).ShouldBe(N, answers.Tally());
        answers.Select(a => a.Json.GetProperty("id").GetInt64()).Distinct().Count().ShouldBe(1);
        answers.Count(a => a.Replayed).ShouldBe(N - 1);
        (await app.WithDbAsync(db => db.Set<ServiceOrder>().IgnoreQueryFilters().CountAsync(o => o.ServiceId == service))).ShouldBe(1);
    }
}
