using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Pricing;
using ParkOps.Domain.Billing;
using ParkOps.Web.Features.Audit;
using ParkOps.Web.Features.Billing;
using ParkOps.Web.Features.Leasing;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Leasing;

/// <summary>
/// Issue 15 §2 over HTTP: an operator re-evaluates a signed lease's tenant facts from a named future month; the months
/// before keep their prices, the bill run prices the month as the lease shows it, and every refusal names its rule.
/// </summary>
public sealed class FactsRevisionTests(ParkOpsFactory app) : IClassFixture<ParkOpsFactory>
{
    private static string M(DateOnly d) => LeasingApi.Month(d);

    private static Task<HttpResponseMessage> ReviseAsync(HttpClient c, long leaseId, DateOnly month, bool leading = false, string? reason = "主营业务已转出园区主导产业") =>
        c.PostJsonAsync($"/api/v1/leases/{leaseId}/facts-revisions", new { effectiveMonth = M(month), leadingIndustry = leading, highTech = false, unrelatedIndustry = false, startup = false, reason });

    private static List<JsonElement> Months(JsonElement detail) => detail.GetProperty("months").EnumerateArray().ToList();

    [Fact]
    public async Task Revise_FromAFutureMonth_RepricesFromThenOnAndTheBillRunAgrees()
    {
        await using var host = await OwnHost<ClockedParkOpsFactory>.StartAsync();
        var h = host.App;
        var park = await h.ParkIdAsync();
        var op = await h.LoginAsync("operator");
        var ent = await h.NewTenantAsync(park, new DateOnly(2012, 5, 1), 0m);
        var unit = await h.NewVacantUnitAsync(park, area: 1000m);
        var start = LeasingApi.NextMonth;
        var lease = await op.LeaseInStateAsync(park, ent.Id, [unit.Id], "Active", start, termMonths: 24);
        var before = Months(await op.GetJsonAsync($"/api/v1/leases/{lease.Id()}")).Select(m => m.GetProperty("amount").GetDecimal()).ToList();
        var from = start.AddMonths(2);

        var res = await ReviseAsync(op, lease.Id(), from);
        var text = await res.Content.ReadAsStringAsync();
        res.StatusCode.ShouldBe(HttpStatusCode.Created, text);
        JsonDocument.Parse(text).RootElement.GetProperty("explanation").GetString().ShouldBe($"{M(from)} 起重新评定：主导产业 是→否（主营业务已转出园区主导产业）");

        // the tenant (C39, in the park's SMT stage) signed as leading industry; the 1,000 ㎡ factory then costs the base less
        // the leading-industry discount, and from the re-evaluation on the base alone (2012-founded, score 0, 24 months)
        var policy = await h.PolicyOnAsync(park, from);
        lease.GetProperty("tenancy").GetProperty("leadingIndustry").GetBoolean().ShouldBeTrue();
        before[2].ShouldBe(Math.Round(1000m * policy.FactoryPrice * (1 - policy.LeadingIndustryDiscount), 2, MidpointRounding.AwayFromZero));
        var months = Months(await op.GetJsonAsync($"/api/v1/leases/{lease.Id()}"));
        months.Take(2).Select(m => m.GetProperty("amount").GetDecimal()).ShouldBe(before.Take(2), "months before the re-evaluation keep their price");
        var revised = months[2];
        revised.GetProperty("amount").GetDecimal().ShouldBe(1000m * policy.FactoryPrice);
        revised.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("name").GetString()).ShouldContain(RentRules.FactsRevised);
        (await op.GetJsonAsync($"/api/v1/leases/{lease.Id()}/facts-revisions")).GetArrayLength().ShouldBe(1);

        // two months on, the bill run of that month prices the lease as the lease page shows it
        var today = LeasingApi.Today;
        h.Clock.Advance(TimeSpan.FromDays(from.DayNumber - today.DayNumber + 1));
        op = await h.LoginAsync("operator"); // the sign-in of two months ago has expired
        var run = await op.PostJsonAsync($"/api/v1/parks/{park}/bill-runs", new { month = M(from) });
        run.StatusCode.ShouldBe(HttpStatusCode.OK, await run.Content.ReadAsStringAsync());
        var leaseKey = lease.Id().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var line = await h.WithDbAsync(db => db.BillLines.AsNoTracking()
            .Where(l => l.Kind == BillLineKind.Rent && l.SourceId == leaseKey && db.Set<Bill>().Any(b => b.Id == l.BillId && b.Month == from)).SingleAsync());
        line.Amount.ShouldBe(revised.GetProperty("amount").GetDecimal());
        line.RulesJson.ShouldContain(RentRules.FactsRevised);

        // that month is now this month (and billed): it cannot be re-evaluated any more
        await (await ReviseAsync(op, lease.Id(), from, leading: true)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "RevisionMustBeInTheFuture", "effectiveMonth");
        (await h.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Entity == "LeaseFactsRevision"))).ShouldBe(1);
    }

    [Fact]
    public async Task Revise_BadRequests_AreRefusedNamingRuleAndFieldAndWriteNothing()
    {
        var park = await app.ParkIdAsync();
        var op = await app.LoginAsync("operator");
        var ent = await app.NewTenantAsync(park, new DateOnly(2013, 1, 1), 0m);
        var unit = await app.NewVacantUnitAsync(park);
        var lease = await op.LeaseInStateAsync(park, ent.Id, [unit.Id], "Signed", termMonths: 12);
        var id = lease.Id();
        var next = LeasingApi.NextMonth;
        var thisMonth = next.AddMonths(-1);

        (await op.PostJsonAsync($"/api/v1/leases/{id}/facts-revisions", new { effectiveMonth = "2027/03", leadingIndustry = true, reason = "x" }))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        await (await ReviseAsync(op, id, thisMonth)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "RevisionMustBeInTheFuture", "effectiveMonth");
        await (await ReviseAsync(op, id, next.AddMonths(12))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "RevisionMustFallInTerm", "effectiveMonth");
        await (await ReviseAsync(op, id, next.AddMonths(1), reason: " ")).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "RevisionNeedsReason", "reason");
        await (await ReviseAsync(op, id, next.AddMonths(1), leading: true)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "RevisionMustChangeFacts", "leadingIndustry");
        // another enterprise's user does not see the lease at all
        await (await ReviseAsync(await app.LoginAsync("tenant"), id, next.AddMonths(1))).ShouldBeProblemAsync(HttpStatusCode.NotFound, "MustExistInScope");
        (await app.WithDbAsync(db => db.LeaseFactsRevisions.CountAsync(r => r.LeaseId == id))).ShouldBe(0);

        (await ReviseAsync(op, id, next.AddMonths(1))).StatusCode.ShouldBe(HttpStatusCode.Created);
        await (await ReviseAsync(op, id, next.AddMonths(1), leading: true)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "RevisionMonthTaken", "effectiveMonth");
        (await app.WithDbAsync(db => db.LeaseFactsRevisions.CountAsync(r => r.LeaseId == id))).ShouldBe(1);

        var intent = await op.CreateLeaseAsync(park, ent.Id, [(await app.NewVacantUnitAsync(park)).Id], next);
        await (await ReviseAsync(op, intent.Id(), next.AddMonths(1))).ShouldBeProblemAsync(HttpStatusCode.Conflict, "RevisionNeedsASignedLease", "id");
    }

    [Fact]
    public async Task Revise_ConcurrentRequestsForOneMonth_ExactlyOneLands()
    {
        var park = await app.ParkIdAsync();
        var ent = await app.NewTenantAsync(park, new DateOnly(2014, 1, 1), 0m);
        var op = await app.LoginAsync("operator");
        var lease = await op.LeaseInStateAsync(park, ent.Id, [(await app.NewVacantUnitAsync(park)).Id], "Signed", termMonths: 12);
        var month = LeasingApi.NextMonth.AddMonths(2);
        var clients = new[] { op, await app.LoginAsync("operator") };
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, 50).Select(async i => { await gate.Task; return (await ReviseAsync(clients[i % 2], lease.Id(), month)).StatusCode; }).ToList();
        gate.SetResult();
        var codes = await Task.WhenAll(tasks);
        codes.Count(c => c == HttpStatusCode.Created).ShouldBe(1);
        codes.Count(c => c == HttpStatusCode.Conflict).ShouldBe(49, string.Join(",", codes.GroupBy(c => c).Select(g => $"{(int)g.Key}×{g.Count()}")));
        (await app.WithDbAsync(db => db.LeaseFactsRevisions.CountAsync(r => r.LeaseId == lease.Id()))).ShouldBe(1);
    }
}
