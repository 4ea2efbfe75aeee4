using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Features.Billing;
using ParkOps.Web.Features.Booking;
using ParkOps.Web.Tests.Infrastructure;
using ParkOps.Web.Tests.Booking;

namespace ParkOps.Web.Tests.Billing;

/// <summary>The demo park on a host of its own, handing each race test bills no other test touches.</summary>
public sealed class MoneyHost : ParkOpsFactory
{
    private readonly HashSet<long> _taken = [];
    private readonly SemaphoreSlim _lock = new(1, 1);

    /// <summary>
    /// An unpaid, issued bill of DG-CA-01 with at least <paramref name="minTotal"/> due that no other test took (the tests
    /// of a class run one after another, so sharing an enterprise is fine; a bill is never shared).
    /// </summary>
    public async Task<Bill> TakeBillAsync(decimal minTotal, bool enterpriseWithTwo = false)
    {
        await _lock.WaitAsync();
        try
        {
            var park = await this.ParkIdAsync();
            var open = (await WithDbAsync(db => db.Bills.Where(b => b.ParkId == park && b.State == BillState.Issued && b.Paid == 0).OrderBy(b => b.Id).ToListAsync()))
                .Where(b => !_taken.Contains(b.Id) && b.Total >= minTotal).ToList();
            var bill = open.FirstOrDefault(b => !enterpriseWithTwo || open.Count(o => o.EnterpriseId == b.EnterpriseId) >= 2)
                ?? throw new InvalidOperationException("the demo park has no more open bills for the race tests");
            _taken.Add(bill.Id);
            if (enterpriseWithTwo) _taken.Add(open.First(o => o.EnterpriseId == bill.EnterpriseId && o.Id != bill.Id).Id);
            return bill;
        }
        finally { _lock.Release(); }
    }

    /// <summary>Any bill of DG-CA-01, for requests refused before they touch it.</summary>
    public async Task<Bill> AnyBillAsync()
    {
        var park = await this.ParkIdAsync();
        return await WithDbAsync(db => db.Bills.Where(b => b.ParkId == park && b.State == BillState.Paid).OrderBy(b => b.Id).FirstAsync());
    }

    /// <summary>The other open bill of the same enterprise (taken with the first).</summary>
    public async Task<Bill> SecondBillOfAsync(Bill first) =>
        await WithDbAsync(db => db.Bills.Where(b => b.EnterpriseId == first.EnterpriseId && b.State == BillState.Issued && b.Paid == 0 && b.Id != first.Id).OrderBy(b => b.Id).FirstAsync());

    public Task<decimal> CreditAsync(long enterpriseId) =>
        WithDbAsync(db => db.CreditBalances.Where(c => c.EnterpriseId == enterpriseId).Select(c => (decimal?)c.Amount).FirstOrDefaultAsync()).ContinueWith(t => t.Result ?? 0m);

    public Task<Bill> BillAsync(long id) => WithDbAsync(db => db.Bills.AsNoTracking().FirstAsync(b => b.Id == id));
}

/// <summary>
/// Every money path under 50 parallel requests, with distinct and with repeated Idempotency-Keys, on SQLite and on
/// PostgreSQL: afterwards the totals are exact to the 分 and the park's books pass every invariant check.
/// </summary>
public sealed class MoneyRaceTests(MoneyHost app) : IClassFixture<MoneyHost>
{
    private const int N = 50;

    private async Task BooksAddUpAsync(HttpClient op)
    {
        var park = await app.ParkIdAsync();
        var res = await op.PostAsync($"/api/v1/parks/{park}/ledger-checks", null);
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        var check = await res.JsonAsync();
        check.GetProperty("findings").GetInt32().ShouldBe(0, check.GetProperty("details").ToString());
    }

    [Fact]
    public async Task Payments_FiftyPartialPaymentsAtOnceOnOneBill_EveryFenIsApplied()
    {
        var op = await app.LoginAsync("operator");
        var bill = await app.TakeBillAsync(minTotal: 60m);
        var credit0 = await app.CreditAsync(bill.EnterpriseId);
        var answers = await Race.PostAsync([op], N, i => ($"/api/v1/bills/{bill.Id}/payments", new { amount = 1.00m, reference = $"RACE-A-{i}" }, null));
        answers.Count(a => a.Status == HttpStatusCode.OK).ShouldBe(N, answers.Tally());
        var after = await app.BillAsync(bill.Id);
        after.Paid.ShouldBe(50.00m);
        after.State.ShouldBe(BillState.PartiallyPaid);
        (await app.WithDbAsync(db => db.Payments.CountAsync(p => p.BillId == bill.Id))).ShouldBe(N);
        (await app.CreditAsync(bill.EnterpriseId)).ShouldBe(credit0);
        await BooksAddUpAsync(op);
    }

    [Fact]
    public async Task Payments_FiftyFullPaymentsAtOnce_OneSettlesTheBillAndTheRestIsCredit()
    {
        var op = await app.LoginAsync("operator");
        var bill = await app.TakeBillAsync(minTotal: 100m);
        var credit0 = await app.CreditAsync(bill.EnterpriseId);
        var answers = await Race.PostAsync([op], N, i => ($"/api/v1/bills/{bill.Id}/payments", new { amount = bill.Total, reference = $"RACE-B-{i}" }, null));
        answers.Count(a => a.Status == HttpStatusCode.OK).ShouldBe(N, answers.Tally());
        // received 50 × total: one total applied, 49 totals in credit, nothing else anywhere
        answers.Sum(a => a.Json.GetProperty("applied").GetDecimal()).ShouldBe(bill.Total);
        answers.Sum(a => a.Json.GetProperty("toCredit").GetDecimal()).ShouldBe(49 * bill.Total);
        var after = await app.BillAsync(bill.Id);
        after.Paid.ShouldBe(bill.Total);
        after.State.ShouldBe(BillState.Paid);
        (await app.CreditAsync(bill.EnterpriseId)).ShouldBe(credit0 + 49 * bill.Total);
        await BooksAddUpAsync(op);
    }

    [Fact]
    public async Task Payments_FiftyRetriesWithOneIdempotencyKey_OnePaymentAndEveryoneGetsItsAnswer()
    {
        var op = await app.LoginAsync("operator");
        var bill = await app.TakeBillAsync(minTotal: 30m);
        var key = "pay-" + Guid.NewGuid().ToString("N");
        var answers = await Race.PostAsync([op], N, _ => ($"/api/v1/bills/{bill.Id}/payments", new { amount = 12.34m, reference = "RACE-C" }, key));
        answers.Count(a => a.Status == HttpStatusCode.OK).ShouldBe(N, answers.Tally());
        answers.Select(a => a.Json.GetProperty("paymentId").GetInt64()).Distinct().Count().ShouldBe(1);
        answers.Count(a => a.Replayed).ShouldBe(N - 1);
        (await app.WithDbAsync(db => db.Payments.CountAsync(p => p.BillId == bill.Id))).ShouldBe(1);
        (await app.BillAsync(bill.Id)).Paid.ShouldBe(12.34m);
        await BooksAddUpAsync(op);
    }

    [Fact]
    public async Task Payments_OneReferenceSentFiftyTimesAtOnce_IsRecordedOnce()
    {
        var op = await app.LoginAsync("operator");
        var bill = await app.TakeBillAsync(minTotal: 10m);
        var reference = "BANK-" + Guid.NewGuid().ToString("N")[..10];
        var answers = await Race.PostAsync([op], N, _ => ($"/api/v1/bills/{bill.Id}/payments", new { amount = 5.00m, reference }, null));
        answers.Count(a => a.Status == HttpStatusCode.OK).ShouldBe(1, answers.Tally());
        answers.Count(a => a.Status == HttpStatusCode.Conflict && a.Rule == "PaymentReferenceMustBeUnique").ShouldBe(N - 1, answers.Tally());
        (await app.BillAsync(bill.Id)).Paid.ShouldBe(5.00m);
        await BooksAddUpAsync(op);
    }

    [Fact]
    public async Task CreditPayments_FiftyAtOnce_SpendExactlyTheCreditThereIs()
    {
        var op = await app.LoginAsync("operator");
        var first = await app.TakeBillAsync(minTotal: 60m, enterpriseWithTwo: true);
        var second = await app.SecondBillOfAsync(first);
        var credit0 = await app.CreditAsync(first.EnterpriseId);
        // 20.00 over the first bill becomes credit
        var over = await op.PostAsJsonAsync($"/api/v1/bills/{first.Id}/payments", new { amount = first.Total + 20.00m, reference = "RACE-D-OVER" });
        over.StatusCode.ShouldBe(HttpStatusCode.OK, await over.Content.ReadAsStringAsync());
        var credit = credit0 + 20.00m;
        (await app.CreditAsync(first.EnterpriseId)).ShouldBe(credit);
        var whole = (int)Math.Floor(credit);
        var answers = await Race.PostAsync([op], N, _ => ($"/api/v1/bills/{second.Id}/payments", new { amount = 1.00m, method = "Credit" }, null));
        answers.Count(a => a.Status == HttpStatusCode.OK).ShouldBe(Math.Min(N, whole), answers.Tally());
        answers.Count(a => a.Status == HttpStatusCode.UnprocessableEntity && a.Rule == "CreditMustCoverPayment").ShouldBe(N - Math.Min(N, whole), answers.Tally());
        (await app.CreditAsync(first.EnterpriseId)).ShouldBe(credit - Math.Min(N, whole));
        (await app.BillAsync(second.Id)).Paid.ShouldBe(Math.Min(N, whole));
        await BooksAddUpAsync(op);
    }

    [Fact]
    public async Task Refunds_FiftyAtOnce_NeverPayOutMoreThanTheCredit()
    {
        var op = await app.LoginAsync("operator");
        var bill = await app.TakeBillAsync(minTotal: 10m);
        var over = await op.PostAsJsonAsync($"/api/v1/bills/{bill.Id}/payments", new { amount = bill.Total + 30.00m, reference = "RACE-E-OVER" });
        over.StatusCode.ShouldBe(HttpStatusCode.OK, await over.Content.ReadAsStringAsync());
        var credit = await app.CreditAsync(bill.EnterpriseId);
        credit.ShouldBeGreaterThanOrEqualTo(30.00m);
        // refund everything but 30.00 first, so the race is over exactly 30 whole yuan
        if (credit > 30.00m)
        {
            var pre = await op.PostAsJsonAsync($"/api/v1/enterprises/{bill.EnterpriseId}/credit-account/refunds", new { amount = credit - 30.00m, reference = "RACE-E-PRE" });
            pre.StatusCode.ShouldBe(HttpStatusCode.OK, await pre.Content.ReadAsStringAsync());
        }
        var answers = await Race.PostAsync([op], N, i => ($"/api/v1/enterprises/{bill.EnterpriseId}/credit-account/refunds", new { amount = 1.00m, reference = $"RACE-E-{i}" }, null));
        answers.Count(a => a.Status == HttpStatusCode.OK).ShouldBe(30, answers.Tally());
        answers.Count(a => a.Status == HttpStatusCode.UnprocessableEntity && a.Rule == "RefundMustNotExceedCredit").ShouldBe(20, answers.Tally());
        (await app.CreditAsync(bill.EnterpriseId)).ShouldBe(0m);
        var statement = await (await op.GetAsync($"/api/v1/enterprises/{bill.EnterpriseId}/credit-account")).JsonAsync();
        statement.GetProperty("balance").GetDecimal().ShouldBe(0m);
        statement.GetProperty("movements").EnumerateArray().Count(m => m.GetProperty("kind").GetString() == "Refund" && m.GetProperty("amount").GetDecimal() == -1.00m).ShouldBe(30);
        await BooksAddUpAsync(op);
    }

    [Fact]
    public async Task Refunds_FiftyRetriesWithOneKey_PayOutOnce()
    {
        var op = await app.LoginAsync("operator");
        var bill = await app.TakeBillAsync(minTotal: 10m);
        (await op.PostAsJsonAsync($"/api/v1/bills/{bill.Id}/payments", new { amount = bill.Total + 40.00m, reference = "RACE-F-OVER" })).EnsureSuccessStatusCode();
        var credit = await app.CreditAsync(bill.EnterpriseId);
        var key = "refund-" + Guid.NewGuid().ToString("N");
        var answers = await Race.PostAsync([op], N, _ => ($"/api/v1/enterprises/{bill.EnterpriseId}/credit-account/refunds", new { amount = 7.50m }, key));
        answers.Count(a => a.Status == HttpStatusCode.OK).ShouldBe(N, answers.Tally());
        answers.Select(a => a.Json.GetProperty("id").GetInt64()).Distinct().Count().ShouldBe(1);
        (await app.CreditAsync(bill.EnterpriseId)).ShouldBe(credit - 7.50m);
        await BooksAddUpAsync(op);
    }

    [Fact]
    public async Task Reissue_FiftyAtOnceOnOneBill_OneReplacementAndTheRestAreRefused()
    {
        var op = await app.LoginAsync("operator");
        var bill = await app.TakeBillAsync(minTotal: 10m);
        var answers = await Race.PostAsync([op], N, i => ($"/api/v1/bills/{bill.Id}/reissue", new { reason = $"并发重开 {i}" }, null));
        answers.Count(a => a.Status == HttpStatusCode.OK).ShouldBe(1, answers.Tally());
        answers.Count(a => a.Status == HttpStatusCode.Conflict && a.Rule == "ReissueNeedsLiveBill").ShouldBe(N - 1, answers.Tally());
        (await app.WithDbAsync(db => db.CreditNotes.CountAsync(n => n.BillId == bill.Id))).ShouldBe(1);
        (await app.WithDbAsync(db => db.Bills.CountAsync(b => b.EnterpriseId == bill.EnterpriseId && b.Month == bill.Month && b.State != BillState.Cancelled))).ShouldBe(1);
        await BooksAddUpAsync(op);
    }

    [Fact]
    public async Task Reissue_RacingFortyNinePayments_EveryPaymentEndsOnTheLiveBillOrIsRefused()
    {
        var op = await app.LoginAsync("operator");
        var bill = await app.TakeBillAsync(minTotal: 60m);
        var answers = await Race.PostAsync([op], N, i => i == 25
            ? ($"/api/v1/bills/{bill.Id}/reissue", new { reason = "与收款并发" }, null)
            : ($"/api/v1/bills/{bill.Id}/payments", new { amount = 1.00m, reference = $"RACE-G-{i}" }, null));
        var reissue = answers[25];
        reissue.Status.ShouldBe(HttpStatusCode.OK, reissue.ToString());
        var payments = answers.Where((_, i) => i != 25).ToList();
        var accepted = payments.Count(a => a.Status == HttpStatusCode.OK);
        payments.Count(a => a.Status == HttpStatusCode.Conflict && a.Rule == "PaymentNeedsLiveBill").ShouldBe(N - 1 - accepted, answers.Tally());
        // what was accepted before the reissue was carried to the replacement, to the 分
        var replacementId = reissue.Json.GetProperty("bill").GetProperty("id").GetInt64();
        (await app.BillAsync(bill.Id)).Paid.ShouldBe(accepted * 1.00m);
        (await app.BillAsync(replacementId)).Paid.ShouldBe(accepted * 1.00m);
        await BooksAddUpAsync(op);
    }

    [Fact]
    public async Task BillRun_FiftyAtOnceForOneMonth_BillsEveryEnterpriseOnce()
    {
        var op = await app.LoginAsync("operator");
        var park = await app.ParkIdAsync();
        var month = await app.WithDbAsync(async db => (await db.Bills.Where(b => b.ParkId == park).MaxAsync(b => b.Month)).AddMonths(1));
        var answers = await Race.PostAsync([op], N, _ => ($"/api/v1/parks/{park}/bill-runs", new { month = month.ToString("yyyy-MM") }, null));
        answers.Count(a => a.Status == HttpStatusCode.OK).ShouldBe(N, answers.Tally());
        var created = answers.Sum(a => a.Json.GetProperty("billsCreated").GetInt32());
        var bills = await app.WithDbAsync(db => db.Bills.Where(b => b.ParkId == park && b.Month == month).ToListAsync());
        created.ShouldBe(bills.Count);
        bills.Count.ShouldBeGreaterThan(0);
        answers.Count(a => a.Json.GetProperty("billsCreated").GetInt32() > 0).ShouldBe(1);
        bills.GroupBy(b => b.EnterpriseId).ShouldAllBe(g => g.Count() == 1);
        answers.Sum(a => a.Json.GetProperty("totalCreated").GetDecimal()).ShouldBe(bills.Sum(b => b.Total));
        await BooksAddUpAsync(op);
    }

    [Fact]
    public async Task Booking_FiftyRetriesWithOneKey_OneBookingAndTheSameAnswer()
    {
        var tenant = await app.LoginAsync("tenant");
        var room = await app.ResourceIdAsync("A-MR-101");
        var day = BookingApi.Weekday(41);
        var body = BookingApi.Body(day, "09:00", "10:00", "幂等重试");
        var key = "book-" + Guid.NewGuid().ToString("N");
        var answers = await Race.PostAsync([tenant], N, _ => ($"/api/v1/resources/{room}/bookings", body, key));
        answers.Count(a => a.Status == HttpStatusCode.Created).ShouldBe(N, answers.Tally());
        answers.Select(a => a.Json.GetProperty("booking").GetProperty("id").GetInt64()).Distinct().Count().ShouldBe(1);
        var from = new DateTimeOffset(day.ToDateTime(new TimeOnly(0, 0)), TimeSpan.FromHours(8)).UtcDateTime;
        (await app.WithDbAsync(db => db.Bookings.CountAsync(b => b.ResourceId == room && b.Live && b.Start >= from && b.Start < from.AddDays(1)))).ShouldBe(1);
    }

    [Fact]
    public async Task IdempotencyKey_SameKeyWithAnotherBody_Is409AndWritesNothing()
    {
        var op = await app.LoginAsync("operator");
        var bill = await app.TakeBillAsync(minTotal: 10m);
        var key = "reuse-" + Guid.NewGuid().ToString("N");
        (await Send(op, $"/api/v1/bills/{bill.Id}/payments", new { amount = 2.00m }, key)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var other = await Send(op, $"/api/v1/bills/{bill.Id}/payments", new { amount = 3.00m }, key);
        other.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var problem = await other.JsonAsync();
        problem.GetProperty("rule").GetString().ShouldBe("IdempotencyKeyReused");
        problem.GetProperty("field").GetString().ShouldBe("Idempotency-Key");
        (await app.BillAsync(bill.Id)).Paid.ShouldBe(2.00m);
    }

    [Fact]
    public async Task IdempotencyKey_IsTheCallersOwn_AnotherUserWithTheSameKeyIsNotAnsweredWithIt()
    {
        var op = await app.LoginAsync("operator");
        var admin = await app.LoginAsync("admin");
        var bill = await app.TakeBillAsync(minTotal: 10m);
        var key = "shared-" + Guid.NewGuid().ToString("N");
        var a = await (await Send(op, $"/api/v1/bills/{bill.Id}/payments", new { amount = 1.00m }, key)).JsonAsync();
        var b = await (await Send(admin, $"/api/v1/bills/{bill.Id}/payments", new { amount = 1.00m }, key)).JsonAsync();
        b.GetProperty("paymentId").GetInt64().ShouldNotBe(a.GetProperty("paymentId").GetInt64());
        (await app.BillAsync(bill.Id)).Paid.ShouldBe(2.00m);
    }

    [Theory]
    [InlineData("k-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("with space")]
    [InlineData("中文键")]
    public async Task IdempotencyKey_NotVisibleAscii_Is400NamingTheHeader(string key)
    {
        var op = await app.LoginAsync("operator");
        var bill = await app.AnyBillAsync();
        var paid = bill.Paid;
        using var msg = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/bills/{bill.Id}/payments") { Content = JsonContent.Create(new { amount = 1.00m }) };
        msg.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        var res = await op.SendAsync(msg);
        res.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await res.JsonAsync()).GetProperty("field").GetString().ShouldBe("Idempotency-Key");
        (await app.BillAsync(bill.Id)).Paid.ShouldBe(paid);
    }

    [Fact]
    public async Task IdempotencyKey_RetryOnAnotherAppProcess_IsAnsweredFromTheDatabase()
    {
        var op = await app.LoginAsync("operator");
        await using var second = new SecondHost(app.Database);
        var op2 = await second.LoginAsync("operator");
        var bill = await app.TakeBillAsync(minTotal: 10m);
        var key = "two-hosts-" + Guid.NewGuid().ToString("N");
        var first = await Send(op, $"/api/v1/bills/{bill.Id}/payments", new { amount = 4.00m }, key);
        var retry = await Send(op2, $"/api/v1/bills/{bill.Id}/payments", new { amount = 4.00m }, key);
        retry.StatusCode.ShouldBe(HttpStatusCode.OK);
        retry.Headers.Contains("Idempotent-Replayed").ShouldBeTrue();
        (await retry.Content.ReadAsStringAsync()).ShouldBe(await first.Content.ReadAsStringAsync());
        (await app.BillAsync(bill.Id)).Paid.ShouldBe(4.00m);
    }

    [Fact]
    public async Task IdempotencyKey_AfterARefusedRequest_TheSameKeyRunsAgain()
    {
        // a refused request wrote nothing (its work is one transaction), so its key is free for the corrected retry
        var op = await app.LoginAsync("operator");
        var bill = await app.AnyBillAsync();
        var key = "refused-" + Guid.NewGuid().ToString("N");
        var tooEarly = await Send(op, $"/api/v1/bills/{bill.Id}/payments", new { amount = 1.00m, paidOn = "1999-12-31" }, key);
        tooEarly.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await app.WithDbAsync(db => db.IdempotencyRecords.CountAsync(r => r.Key == key))).ShouldBe(0);
        var again = await Send(op, $"/api/v1/bills/{bill.Id}/payments", new { amount = 1.00m, paidOn = "1999-12-31" }, key);
        again.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        again.Headers.Contains("Idempotent-Replayed").ShouldBeFalse();
    }

    private static async Task<HttpResponseMessage> Send(HttpClient c, string path, object body, string key)
    {
        using var msg = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: Demo.Json) };
        msg.Headers.Add("Idempotency-Key", key);
        var res = await c.SendAsync(msg);
        await res.Content.LoadIntoBufferAsync();
        return res;
    }
}

/// <summary>The console's money forms: a second post of one rendered form (a double click, a resent page) records nothing more.</summary>
public sealed class MoneyFormTests(MoneyHost app) : IClassFixture<MoneyHost>
{
    [Fact]
    public async Task PaymentForm_PostedTwiceAtOnce_RecordsOnePayment()
    {
        var bill = await app.TakeBillAsync(minTotal: 20m);
        var browser = await app.CookieLoginAsync("operator");
        var page = await (await browser.GetAsync($"/bills/{bill.Id}")).Content.ReadAsStringAsync();
        var token = ConsoleForms.AntiforgeryToken(page);
        var key = System.Text.RegularExpressions.Regex.Match(page, "name=\"Pay.Key\" value=\"([0-9a-f]{32})\"").Groups[1].Value;
        key.ShouldNotBeNullOrEmpty();
        FormUrlEncodedContent Form() => new(new Dictionary<string, string>
        {
            ["_handler"] = "payment", ["__RequestVerificationToken"] = token, ["Pay.Amount"] = "7.00", ["Pay.Method"] = "Cash", ["Pay.Key"] = key,
        });
        var posts = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => browser.PostAsync($"/bills/{bill.Id}", Form())));
        posts.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Redirect || r.StatusCode == HttpStatusCode.Found || r.StatusCode == HttpStatusCode.SeeOther);
        (await app.WithDbAsync(db => db.Payments.CountAsync(p => p.BillId == bill.Id))).ShouldBe(1);
        (await app.BillAsync(bill.Id)).Paid.ShouldBe(7.00m);
    }
}
