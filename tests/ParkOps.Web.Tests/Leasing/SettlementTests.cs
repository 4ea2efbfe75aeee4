using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Billing;
using ParkOps.Web.Features.Billing;
using ParkOps.Web.Features.Leasing;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Features.Users;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Leasing;

/// <summary>
/// Issue 15 §7 over HTTP: the exit settlement as a statement (draft → submitted → approved → settled), the units held
/// until it is settled, the money it moves, and who may see and act on it. A host of its own: settling frees units.
/// Each lease here belongs to a new enterprise without bills, and ends the day before it starts (nothing left to bill),
/// so every figure is the deposit and the deductions the test writes out.
/// </summary>
public sealed class SettlementTests(ParkOpsFactory app) : IClassFixture<ParkOpsFactory>
{
    private static DateOnly Start => LeasingApi.NextMonth;

    /// <summary>A terminated lease of a new enterprise with the deposit given, ended before its first day.</summary>
    private async Task<(HttpClient Op, long Lease, long Unit, long Enterprise)> TerminatedAsync(decimal deposit)
    {
        var op = await app.LoginAsync("operator");
        var park = await app.ParkIdAsync();
        var ent = await app.NewTenantAsync(park, new DateOnly(2015, 1, 1), 0m);
        var unit = await app.NewVacantUnitAsync(park);
        var res = await op.PostJsonAsync($"/api/v1/parks/{park}/leases", LeasingApi.LeaseBody(ent.Id, [unit.Id], Start, 12, deposit));
        res.StatusCode.ShouldBe(HttpStatusCode.Created, await res.Content.ReadAsStringAsync());
        var id = (await res.JsonAsync()).Id();
        await op.ActOkAsync(id, "approve");
        await op.ActOkAsync(id, "sign");
        (await op.ActOkAsync(id, "terminate", new { on = Start.AddDays(-1).ToString("yyyy-MM-dd"), reason = "未入驻即解约" })).State().ShouldBe("Terminated");
        return (op, id, unit.Id, ent.Id);
    }

    private static Task<HttpResponseMessage> StepAsync(HttpClient c, long lease, string action, object? body = null) =>
        c.PostJsonAsync($"/api/v1/leases/{lease}/settlement/{action}", body ?? new { });

    private static async Task<JsonElement> StepOkAsync(HttpClient c, long lease, string action, object? body = null)
    {
        var res = await StepAsync(c, lease, action, body);
        res.StatusCode.ShouldBe(HttpStatusCode.OK, $"{action}: {await res.Content.ReadAsStringAsync()}");
        return await res.JsonAsync();
    }

    private static async Task<JsonElement> PutOkAsync(HttpClient c, long lease, object body)
    {
        var res = await c.PutAsJsonAsync($"/api/v1/leases/{lease}/settlement", body, Demo.Json);
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        return await res.JsonAsync();
    }

    [Fact]
    public async Task Settlement_TerminatedLease_HoldsTheUnitUntilSettledThenFreesIt()
    {
        var (op, lease, unit, _) = await TerminatedAsync(20_000m);
        (await app.UnitAsync(unit)).Status.ShouldBe(UnitStatus.Leased, "terminated, not settled: the unit is still held");
        (await app.LeaseAsync(lease)).Units.ShouldAllBe(u => u.Holds);

        var draft = await PutOkAsync(op, lease, new { damages = 1_234.56m, damagesNote = "墙面破损", deductions = new[] { new { text = "保洁费", amount = 800m } } });

        draft.Str("state").ShouldBe("Draft");
        draft.GetProperty("lines").EnumerateArray().Select(l => l.Str("kind")).ShouldBe(["Deposit", "Damages", "OtherDeduction"]);
        draft.GetProperty("deposit").GetDecimal().ShouldBe(20_000m);
        draft.GetProperty("totalDeductions").GetDecimal().ShouldBe(2_034.56m);   // 1,234.56 + 800
        draft.GetProperty("refund").GetDecimal().ShouldBe(17_965.44m);           // 20,000 − 2,034.56
        draft.GetProperty("owed").GetDecimal().ShouldBe(0m);

        await StepOkAsync(op, lease, "submit", new { expectedRefund = 17_965.44m, expectedOwed = 0m });
        // one operator in the park: the operator who submitted approves (recorded as such)
        (await StepOkAsync(op, lease, "approve")).Str("approvedBy").ShouldBe("operator");
        (await app.UnitAsync(unit)).Status.ShouldBe(UnitStatus.Leased, "approved, not settled: still held");
        var settled = await StepOkAsync(op, lease, "settle", new { expectedRefund = 17_965.44m });

        settled.Str("state").ShouldBe("Settled");
        settled.GetProperty("chargePosted").GetDecimal().ShouldBe(0m);
        var stored = await app.LeaseAsync(lease);
        stored.State.ShouldBe(LeaseState.Settled);
        stored.SettlementRefund.ShouldBe(17_965.44m);
        stored.SettlementDamages.ShouldBe(2_034.56m);
        stored.Units.ShouldAllBe(u => !u.Holds);
        (await app.UnitAsync(unit)).Status.ShouldBe(UnitStatus.Vacant);
        // settled is final
        await (await StepAsync(op, lease, "reopen")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "SettlementIsFinal");
        var put = await op.PutAsJsonAsync($"/api/v1/leases/{lease}/settlement", new { damages = 1m, damagesNote = "x" }, Demo.Json);
        await put.ShouldBeProblemAsync(HttpStatusCode.Conflict, "SettlementIsFinal");
    }

    [Fact]
    public async Task Settlement_UnitOfAnUnsettledLease_CannotBeSignedByAnother()
    {
        var (op, _, unit, _) = await TerminatedAsync(5_000m);
        var park = await app.ParkIdAsync();
        var other = await app.NewTenantAsync(park, new DateOnly(2016, 1, 1), 0m);
        var next = await op.LeaseInStateAsync(park, other.Id, [unit], "Approved");

        await (await op.ActAsync(next.Id(), "sign")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "UnitMustHaveOneActiveLease");
    }

    [Fact]
    public async Task Settlement_DeductionsAboveTheDeposit_OwedPartChargedOnTheNextBillOnce()
    {
        var (op, lease, _, ent) = await TerminatedAsync(1_000m);
        await PutOkAsync(op, lease, new { damages = 1_500.50m, damagesNote = "门禁损坏" });
        await StepOkAsync(op, lease, "submit", new { expectedOwed = 500.50m });
        await StepOkAsync(op, lease, "approve");

        var settled = await StepOkAsync(op, lease, "settle");

        settled.GetProperty("owed").GetDecimal().ShouldBe(500.50m);   // 1,500.50 − 1,000
        settled.GetProperty("refund").GetDecimal().ShouldBe(0m);
        settled.GetProperty("chargePosted").GetDecimal().ShouldBe(500.50m);
        var charges = await app.WithDbAsync(db => db.PendingCharges.AsNoTracking().Where(c => c.EnterpriseId == ent).ToListAsync());
        var charge = charges.ShouldHaveSingleItem();
        charge.Amount.ShouldBe(500.50m);
        charge.Kind.ShouldBe(BillLineKind.Adjustment);
        charge.SourceType.ShouldBe("settlement");
        charge.Month.ShouldBe(Start, "the month after the one the lease ended in");
    }

    [Fact]
    public async Task Settlement_DepositAboveTheFirstBill_IsBookedOnTheOpenBillsOldestFirst()
    {
        var (op, lease, _, ent) = await TerminatedAsync(5_000m);
        var park = await app.ParkIdAsync();
        // two bills the tenant never paid: 3,000.00 (January) and 4,000.40 (February)
        var (jan, feb) = await app.WithDbAsync(async db =>
        {
            var run = new Features.Billing.BillRun { ParkId = park, Month = new DateOnly(2024, 1, 1), StartedBy = "test", StartedAt = DateTime.UtcNow, FinishedAt = DateTime.UtcNow };
            db.Add(run);
            await db.SaveChangesAsync();
            Features.Billing.Bill Bill(int month, decimal total) => new()
            {
                ParkId = park, EnterpriseId = ent, RunId = run.Id, Number = $"TDEP-{ent}-{month:00}", Month = new DateOnly(2024, month, 1), State = Features.Billing.BillState.Issued,
                Total = total, DueDate = new DateOnly(2024, month, 15), IssuedAt = DateTime.UtcNow,
                Lines = [new() { ParkId = park, EnterpriseId = ent, Kind = BillLineKind.Rent, SourceType = "test", SourceId = "1", Description = "租金", Amount = total }],
            };
            var (a, b) = (Bill(1, 3_000m), Bill(2, 4_000.40m));
            db.AddRange(a, b);
            await db.SaveChangesAsync();
            return (a.Id, b.Id);
        });

        var draft = await PutOkAsync(op, lease, new { });
        draft.GetProperty("lines").EnumerateArray().Where(l => l.Str("kind") == "Arrears").Select(l => l.GetProperty("amount").GetDecimal()).ShouldBe([3_000m, 4_000.40m]);
        draft.GetProperty("owed").GetDecimal().ShouldBe(2_000.40m);            // 7,000.40 − 5,000
        draft.GetProperty("depositToBills").GetDecimal().ShouldBe(5_000m);
        await StepOkAsync(op, lease, "submit", new { expectedOwed = 2_000.40m });
        await StepOkAsync(op, lease, "approve");
        var settled = await StepOkAsync(op, lease, "settle");

        // the owed part is on a bill already (February's rest): nothing is charged again
        settled.GetProperty("chargePosted").GetDecimal().ShouldBe(0m);
        var bills = await app.WithDbAsync(db => db.Bills.IgnoreQueryFilters().AsNoTracking().Where(b => b.Id == jan || b.Id == feb).OrderBy(b => b.Month)
            .Select(b => new { b.Paid, b.State }).ToListAsync());
        bills.ShouldBe([new { Paid = 3_000m, State = Features.Billing.BillState.Paid }, new { Paid = 2_000m, State = Features.Billing.BillState.PartiallyPaid }]);
        var code = (await app.LeaseAsync(lease)).Code;
        var payments = await app.WithDbAsync(db => db.Payments.IgnoreQueryFilters().AsNoTracking().Where(p => p.EnterpriseId == ent).OrderBy(p => p.BillId)
            .Select(p => new { p.BillId, p.Amount, p.Applied, p.Method, p.Reference }).ToListAsync());
        payments.ShouldBe([
            new { BillId = jan, Amount = 3_000m, Applied = 3_000m, Method = Features.Billing.PaymentMethod.Deposit, Reference = (string?)$"退租结算 {code}" },
            new { BillId = feb, Amount = 2_000m, Applied = 2_000m, Method = Features.Billing.PaymentMethod.Deposit, Reference = (string?)$"退租结算 {code}" }]);
        // by hand the deposit method is refused: only a settlement books it
        var byHand = await op.PostJsonAsync($"/api/v1/bills/{feb}/payments", new { amount = 1m, method = "Deposit" });
        (await byHand.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("method").ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Settlement_TerminatedMidMonthAfterItsBillRun_CreditsTheDaysBeyondAndSettleLowersThatBill()
    {
        var op = await app.LoginAsync("operator");
        var b = await app.BilledThenTerminatedAsync(op, deposit: 1_000m);

        var draft = await PutOkAsync(op, b.Lease, new { });

        // the credits stand with the deposit: rent and property fee for the 20th to the month's end, as billed less as due
        var lines = draft.GetProperty("lines").EnumerateArray().ToList();
        lines.Select(l => l.Str("kind")).ShouldBe(["Deposit", "RentBilledBeyondEnd", "PropertyFeeBilledBeyondEnd", "Arrears"]);
        var month = LeasingApi.Month(b.Month);
        var rent = lines[1];
        rent.GetProperty("amount").GetDecimal().ShouldBe(b.RentCredit);
        rent.GetProperty("isCredit").GetBoolean().ShouldBeTrue();
        rent.Str("source").ShouldBe($"{b.BillNumber} {month}");
        rent.Str("explanation").ShouldBe($"账单 {b.BillNumber} 已计 {month} 租金 {b.RentBilled:#,0.00} 元；租约 {b.TerminatedOn:yyyy-MM-dd} 结束，该月应计 {b.RentDue:#,0.00} 元，多收 {b.RentCredit:#,0.00} 元退回");
        lines[2].GetProperty("amount").GetDecimal().ShouldBe(b.FeeCredit);
        lines[3].GetProperty("amount").GetDecimal().ShouldBe(b.BillTotal);
        // nothing is left unbilled: the month was billed; the bill's whole total is owed, less the credits and the deposit
        var owed = b.BillTotal - b.Credit - 1_000m;
        draft.GetProperty("deposit").GetDecimal().ShouldBe(1_000m);
        draft.GetProperty("billedBeyondEnd").GetDecimal().ShouldBe(b.Credit);
        draft.GetProperty("totalDeductions").GetDecimal().ShouldBe(b.BillTotal);
        draft.GetProperty("owed").GetDecimal().ShouldBe(owed);
        draft.GetProperty("creditToBills").GetDecimal().ShouldBe(b.Credit);
        draft.GetProperty("depositToBills").GetDecimal().ShouldBe(1_000m);

        await StepOkAsync(op, b.Lease, "submit", new { expectedOwed = owed });
        await StepOkAsync(op, b.Lease, "approve");
        var settled = await StepOkAsync(op, b.Lease, "settle", new { expectedOwed = owed });

        // the owed part is on the bill already: nothing charged again; the bill carries the credit first, then the deposit
        settled.GetProperty("chargePosted").GetDecimal().ShouldBe(0m);
        settled.GetProperty("creditToBills").GetDecimal().ShouldBe(b.Credit);
        var code = (await app.LeaseAsync(b.Lease)).Code;
        var (bill, payments) = await app.WithDbAsync(async db => (
            await db.Bills.IgnoreQueryFilters().AsNoTracking().SingleAsync(x => x.Id == b.BillId),
            await db.Payments.IgnoreQueryFilters().AsNoTracking().Where(p => p.EnterpriseId == b.Enterprise).OrderBy(p => p.Id)
                .Select(p => new { p.BillId, p.Amount, p.Applied, p.Method, p.Reference }).ToListAsync()));
        (bill.Total - bill.Paid).ShouldBe(owed);
        bill.State.ShouldBe(Features.Billing.BillState.PartiallyPaid);
        payments.ShouldBe([
            new { BillId = b.BillId, Amount = b.Credit, Applied = b.Credit, Method = Features.Billing.PaymentMethod.CreditNote, Reference = (string?)$"退租结算 {code} 多收 {b.BillNumber}" },
            new { BillId = b.BillId, Amount = 1_000m, Applied = 1_000m, Method = Features.Billing.PaymentMethod.Deposit, Reference = (string?)$"退租结算 {code}" }]);
        // the arrears list shows what the statement said is still owed, and the books add up
        var open = await op.GetJsonAsync($"/api/v1/bills/{b.BillId}");
        open.GetProperty("outstanding").GetDecimal().ShouldBe(owed);
        await app.BooksAddUpAsync(op);
        // by hand the credit-note method is refused: only a settlement books it
        var byHand = await op.PostJsonAsync($"/api/v1/bills/{b.BillId}/payments", new { amount = 1m, method = "CreditNote" });
        (await byHand.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("method").ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Settlement_BilledMonthPaidBeforeTheTermination_TheCreditIsRefundedWithTheDeposit()
    {
        var op = await app.LoginAsync("operator");
        var b = await app.BilledThenTerminatedAsync(op, deposit: 2_000m);
        var paid = await op.PostJsonAsync($"/api/v1/bills/{b.BillId}/payments", new { amount = b.BillTotal, method = "BankTransfer", reference = $"PAID-{b.BillId}" });
        paid.StatusCode.ShouldBe(HttpStatusCode.OK, await paid.Content.ReadAsStringAsync());

        var draft = await PutOkAsync(op, b.Lease, new { });

        draft.GetProperty("lines").EnumerateArray().Select(l => l.Str("kind")).ShouldBe(["Deposit", "RentBilledBeyondEnd", "PropertyFeeBilledBeyondEnd"]);
        var refund = 2_000m + b.Credit;
        draft.GetProperty("refund").GetDecimal().ShouldBe(refund);
        draft.GetProperty("creditToBills").GetDecimal().ShouldBe(0m);
        await StepOkAsync(op, b.Lease, "submit", new { expectedRefund = refund });
        await StepOkAsync(op, b.Lease, "approve");
        await StepOkAsync(op, b.Lease, "settle", new { expectedRefund = refund });

        (await app.LeaseAsync(b.Lease)).SettlementRefund.ShouldBe(refund);
        var methods = await app.WithDbAsync(db => db.Payments.IgnoreQueryFilters().AsNoTracking().Where(p => p.EnterpriseId == b.Enterprise).Select(p => p.Method).ToListAsync());
        methods.ShouldBe([Features.Billing.PaymentMethod.BankTransfer], "a paid bill takes no credit and no deposit: both are refunded");
        (await app.WithDbAsync(db => db.Bills.IgnoreQueryFilters().AsNoTracking().SingleAsync(x => x.Id == b.BillId))).Paid.ShouldBe(b.BillTotal);
        await app.BooksAddUpAsync(op);
    }

    [Fact]
    public async Task Settlement_ClientTotalThatDoesNotAddUp_Refused422AndNothingStored()
    {
        var (op, lease, _, _) = await TerminatedAsync(10_000m);

        var res = await op.PutAsJsonAsync($"/api/v1/leases/{lease}/settlement",
            new { damages = 300m, damagesNote = "玻璃", expectedRefund = 9_800m }, Demo.Json);

        await res.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "SettlementLinesMustAddUp", "expectedRefund");
        (await app.WithDbAsync(db => db.LeaseSettlements.CountAsync(s => s.LeaseId == lease))).ShouldBe(0);
        var draft = await op.GetJsonAsync($"/api/v1/leases/{lease}/settlement");
        draft.GetProperty("refund").GetDecimal().ShouldBe(10_000m);
    }

    [Theory]
    [InlineData(12.345, "盘点", "SettlementAmountInFen", "deductions[0].amount")]
    [InlineData(50, " ", "SettlementDeductionNeedsText", "deductions[0].text")]
    [InlineData(0, "钥匙", "SettlementAmountOutOfRange", "deductions[0].amount")]
    public async Task Settlement_BadDeduction_Refused422NamingTheField(double amount, string text, string rule, string field)
    {
        var (op, lease, _, _) = await TerminatedAsync(10_000m);

        var res = await op.PutAsJsonAsync($"/api/v1/leases/{lease}/settlement", new { deductions = new[] { new { text, amount = (decimal)amount } } }, Demo.Json);

        await res.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, rule, field);
    }

    [Fact]
    public async Task Settlement_FiguresChangedAfterSubmission_SettleRefused409UntilReopened()
    {
        var (op, lease, _, _) = await TerminatedAsync(8_000m);
        await StepOkAsync(op, lease, "submit");
        await StepOkAsync(op, lease, "approve");
        // what a bill run or payment would do to the live figures: here the deposit held changes under the approval
        await app.WithDbAsync(db => db.Leases.Where(l => l.Id == lease).ExecuteUpdateAsync(s => s.SetProperty(l => l.Deposit, 7_000m)));

        await (await StepAsync(op, lease, "settle")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "SettlementOutOfDate");
        (await app.LeaseAsync(lease)).State.ShouldBe(LeaseState.Terminated);

        (await StepOkAsync(op, lease, "reopen")).Str("state").ShouldBe("Draft");
        var again = await StepOkAsync(op, lease, "submit");
        again.GetProperty("refund").GetDecimal().ShouldBe(7_000m);
    }

    [Fact]
    public async Task Settlement_ConfirmedFigureNotTheStoredOne_ApproveRefused422()
    {
        var (op, lease, _, _) = await TerminatedAsync(8_000m);
        await StepOkAsync(op, lease, "submit");

        await (await StepAsync(op, lease, "approve", new { expectedRefund = 8_000.01m })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "SettlementLinesMustAddUp", "expectedRefund");
        (await op.GetJsonAsync($"/api/v1/leases/{lease}/settlement")).Str("state").ShouldBe("Submitted");
    }

    [Fact]
    public async Task Settlement_ApproveBeforeSubmit_Refused409()
    {
        var (op, lease, _, _) = await TerminatedAsync(8_000m);

        await (await StepAsync(op, lease, "approve")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "SettlementTransitionNotAllowed");
    }

    [Fact]
    public async Task Settlement_ActiveLease_Refused409NeedsEndedLease()
    {
        var op = await app.LoginAsync("operator");
        var park = await app.ParkIdAsync();
        var ent = await app.NewTenantAsync(park, new DateOnly(2015, 1, 1), 0m);
        var lease = await op.LeaseInStateAsync(park, ent.Id, [(await app.NewVacantUnitAsync(park)).Id], "Signed");

        await (await op.GetAsync($"/api/v1/leases/{lease.Id()}/settlement")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "SettlementNeedsEndedLease");
        await (await StepAsync(op, lease.Id(), "submit")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "SettlementNeedsEndedLease");
    }

    [Fact]
    public async Task Settlement_OldSettleAction_Refused409PointingToTheStatement()
    {
        var (op, lease, _, _) = await TerminatedAsync(8_000m);

        await (await op.ActAsync(lease, "settle", new { })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "SettleThroughStatement");
        (await app.LeaseAsync(lease)).State.ShouldBe(LeaseState.Terminated);
    }

    [Fact]
    public async Task Settlement_Pdf_IsAPdfNamedAfterTheLease()
    {
        var (op, lease, _, _) = await TerminatedAsync(8_000m);
        var code = (await app.LeaseAsync(lease)).Code;

        var res = await op.GetAsync($"/api/v1/leases/{lease}/settlement/pdf");

        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        res.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        res.Content.Headers.ContentDisposition!.FileName!.Trim('"').ShouldBe($"{code}-settlement.pdf");
        var bytes = await res.Content.ReadAsByteArrayAsync();
        System.Text.Encoding.ASCII.GetString(bytes, 0, 5).ShouldBe("%PDF-");
    }

    [Fact]
    public async Task Settlement_Tenant_ReadsItsOwnButCannotWriteAndOthersCannotSee()
    {
        var op = await app.LoginAsync("operator");
        var park = await app.ParkIdAsync();
        var tenantEnterprise = await app.WithDbAsync(db => db.Set<RoleGrant>().Where(g => g.Role == Role.EnterpriseUser)
            .Join(db.Users.Where(u => u.UserName == "tenant"), g => g.UserId, u => u.Id, (g, u) => g.EnterpriseId!.Value).FirstAsync());
        var lease = await op.LeaseInStateAsync(park, tenantEnterprise, [(await app.NewVacantUnitAsync(park)).Id], "Signed");
        await op.ActOkAsync(lease.Id(), "terminate", new { on = Start.AddDays(-1).ToString("yyyy-MM-dd") });
        var path = $"/api/v1/leases/{lease.Id()}/settlement";

        var tenant = await app.LoginAsync("tenant");
        (await tenant.GetJsonAsync(path)).GetProperty("leaseId").GetInt64().ShouldBe(lease.Id());
        await (await tenant.PutAsJsonAsync(path, new { damages = 0m }, Demo.Json)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyOperatorsMayWrite");
        await (await StepAsync(tenant, lease.Id(), "submit")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyOperatorsMayWrite");
        (await (await app.LoginAsync("tenant2")).GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.LoginAsync("gov")).GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}

/// <summary>
/// Four eyes where there are two: with a second operator in the park, the operator who drafted and submitted a
/// settlement may not approve it; the other one may. A host of its own (it grants operator2 the demo park).
/// </summary>
public sealed class SettlementApprovalTests(ParkOpsFactory app) : IClassFixture<ParkOpsFactory>
{
    [Fact]
    public async Task Approve_ParkWithTwoOperators_SubmitterRefused403OtherOperatorApproves()
    {
        var park = await app.ParkIdAsync();
        await app.WithDbAsync(async db =>
        {
            var second = await db.Users.SingleAsync(u => u.UserName == "operator2");
            db.Set<RoleGrant>().Add(new RoleGrant { UserId = second.Id, Role = Role.ParkOperator, ParkId = park });
            return await db.SaveChangesAsync();
        });
        var op = await app.LoginAsync("operator");
        var ent = await app.NewTenantAsync(park, new DateOnly(2015, 1, 1), 0m);
        var lease = (await op.LeaseInStateAsync(park, ent.Id, [(await app.NewVacantUnitAsync(park)).Id], "Signed")).Id();
        await op.ActOkAsync(lease, "terminate", new { on = LeasingApi.NextMonth.AddDays(-1).ToString("yyyy-MM-dd") });
        (await op.PostJsonAsync($"/api/v1/leases/{lease}/settlement/submit", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);

        await (await op.PostJsonAsync($"/api/v1/leases/{lease}/settlement/approve", new { })).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "SettlementApproverMustDiffer");

        var other = await app.LoginAsync("operator2");
        var res = await other.PostJsonAsync($"/api/v1/leases/{lease}/settlement/approve", new { });
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        (await res.JsonAsync()).Str("approvedBy").ShouldBe("operator2");
    }
}
