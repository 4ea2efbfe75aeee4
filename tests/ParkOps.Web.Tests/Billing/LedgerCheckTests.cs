using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Billing;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Billing;

/// <summary>
/// <c>verify</c> (API, console, CLI, nightly): the demo park's books add up; a planted error is reported with its rule
/// and figures and left exactly as it was (never repaired); the night's check runs once across processes.
/// </summary>
public sealed class LedgerCheckTests(ParkOpsFactory app) : IClassFixture<ParkOpsFactory>
{
    [Fact]
    public async Task Check_DemoPark_TheBooksAddUp()
    {
        var op = await app.LoginAsync("operator");
        var park = await app.ParkIdAsync();
        var check = await (await op.PostAsync($"/api/v1/parks/{park}/ledger-checks", null)).JsonAsync();
        check.GetProperty("findings").GetInt32().ShouldBe(0, check.GetProperty("details").ToString());
        check.GetProperty("bills").GetInt32().ShouldBe(await app.WithDbAsync(db => db.Bills.CountAsync(b => b.ParkId == park)));
        check.GetProperty("payments").GetInt32().ShouldBe(await app.WithDbAsync(db => db.Payments.CountAsync(b => b.ParkId == park)));
        check.GetProperty("trigger").GetString().ShouldBe("Api");
    }

    [Fact]
    public async Task Check_PaidChangedBehindTheBooksBack_IsReportedAndLeftAsItWas()
    {
        var park = await app.ParkIdAsync("DG-HM-01");
        var op2 = await app.LoginAsync("operator2");
        var bill = await app.WithDbAsync(db => db.Bills.Where(b => b.ParkId == park && b.State == BillState.Paid).OrderBy(b => b.Id).FirstAsync());
        // a write that bypasses the payment service: paid rises by 0.01 with no payment behind it
        await app.WithDbAsync(db => db.Bills.Where(b => b.Id == bill.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.Paid, bill.Paid + 0.01m)));
        try
        {
            var check = await (await op2.PostAsync($"/api/v1/parks/{park}/ledger-checks", null)).JsonAsync();
            var findings = check.GetProperty("details").EnumerateArray().ToList();
            var f = findings.Single(x => x.GetProperty("rule").GetString() == "BillPaidMustEqualPaymentsApplied");
            f.GetProperty("key").GetString().ShouldBe(bill.Number);
            f.GetProperty("expected").GetString().ShouldBe(bill.Paid.ToString("0.00##", System.Globalization.CultureInfo.InvariantCulture));
            f.GetProperty("actual").GetString().ShouldBe((bill.Paid + 0.01m).ToString("0.00##", System.Globalization.CultureInfo.InvariantCulture));
            f.GetProperty("text").GetString()!.ShouldContain(bill.Number);
            f.GetProperty("text").GetString()!.ShouldContain("已收金额");
            // reported, not repaired
            (await app.WithDbAsync(db => db.Bills.Where(b => b.Id == bill.Id).Select(b => b.Paid).SingleAsync())).ShouldBe(bill.Paid + 0.01m);
            // the CLI says the same and exits 1
            var stdout = new StringWriter();
            (await BillingCli.VerifyAsync(app.Services, ["DG-HM-01"], false, stdout, new StringWriter(), default)).ShouldBe(1);
            stdout.ToString().ShouldContain("[BillPaidMustEqualPaymentsApplied]");
            stdout.ToString().ShouldContain(bill.Number);
        }
        finally
        {
            await app.WithDbAsync(db => db.Bills.Where(b => b.Id == bill.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.Paid, bill.Paid)));
        }
    }

    [Fact]
    public async Task Check_CreditBalanceNotItsMovements_IsReported()
    {
        var park = await app.ParkIdAsync("DG-HM-01");
        var op2 = await app.LoginAsync("operator2");
        var account = await app.WithDbAsync(db => db.CreditBalances.Where(c => c.ParkId == park).OrderBy(c => c.Id).FirstAsync());
        await app.WithDbAsync(db => db.CreditBalances.Where(c => c.Id == account.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Amount, account.Amount + 1m)));
        try
        {
            var check = await (await op2.PostAsync($"/api/v1/parks/{park}/ledger-checks", null)).JsonAsync();
            check.GetProperty("details").EnumerateArray().Select(x => x.GetProperty("rule").GetString()).ShouldBe(["CreditBalanceMustEqualMovements"]);
        }
        finally
        {
            await app.WithDbAsync(db => db.CreditBalances.Where(c => c.Id == account.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Amount, account.Amount)));
        }
    }

    [Fact]
    public async Task Cli_EveryParkClean_ExitsZeroAndRecordsEachCheck()
    {
        var before = await app.WithDbAsync(db => db.LedgerChecks.CountAsync(c => c.Trigger == LedgerCheckTrigger.Cli));
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        (await BillingCli.VerifyAsync(app.Services, [], false, stdout, stderr, default)).ShouldBe(0, stdout + stderr.ToString());
        stdout.ToString().ShouldContain("DG-CA-01");
        stdout.ToString().ShouldContain("账目相符");
        (await app.WithDbAsync(db => db.LedgerChecks.CountAsync(c => c.Trigger == LedgerCheckTrigger.Cli))).ShouldBe(before + 2);
        var stderr2 = new StringWriter();
        (await BillingCli.VerifyAsync(app.Services, ["NO-SUCH"], false, new StringWriter(), stderr2, default)).ShouldBe(2);
        stderr2.ToString().ShouldContain("NO-SUCH");
    }

    [Fact]
    public async Task Nightly_RunTwiceForOneDay_ChecksEachParkOnce()
    {
        var job = app.Services.GetRequiredService<LedgerNightlyJob>();
        var day = new DateOnly(2031, 3, 14);
        var parks = await app.WithDbAsync(db => db.Parks.CountAsync());
        // two processes waking at once: each park's night is claimed by one of them
        var runs = await Task.WhenAll(job.RunOnceAsync(day, default), job.RunOnceAsync(day, default));
        runs.Sum().ShouldBe(parks);
        (await job.RunOnceAsync(day, default)).ShouldBe(0);
        (await app.WithDbAsync(db => db.LedgerChecks.CountAsync(c => c.NightlyDay == day))).ShouldBe(parks);
        (await app.WithDbAsync(db => db.LedgerChecks.Where(c => c.NightlyDay == day).SumAsync(c => c.Findings))).ShouldBe(0);
    }

    [Fact]
    public async Task Nightly_PurgesIdempotencyRecordsPastTheirDay()
    {
        var now = DateTime.UtcNow;
        await app.WithDbAsync(async db =>
        {
            db.IdempotencyRecords.Add(new IdempotencyRecord { UserId = 1, Key = "old-" + Guid.NewGuid(), Fingerprint = "x", Request = "POST /api/v1/x", State = IdempotencyState.Completed, CreatedAt = now.AddHours(-25) });
            db.IdempotencyRecords.Add(new IdempotencyRecord { UserId = 1, Key = "new-" + Guid.NewGuid(), Fingerprint = "x", Request = "POST /api/v1/x", State = IdempotencyState.Completed, CreatedAt = now.AddHours(-1) });
            return await db.SaveChangesAsync();
        });
        await app.Services.GetRequiredService<LedgerNightlyJob>().RunOnceAsync(new DateOnly(2031, 3, 15), default);
        (await app.WithDbAsync(db => db.IdempotencyRecords.CountAsync(r => r.Key.StartsWith("old-")))).ShouldBe(0);
        (await app.WithDbAsync(db => db.IdempotencyRecords.CountAsync(r => r.Key.StartsWith("new-")))).ShouldBe(1);
    }

    [Fact]
    public async Task Checks_ByTenantOrGovernment_AreRefused403AndOperatorOfAnotherPark404()
    {
        var park = await app.ParkIdAsync();
        foreach (var user in new[] { "tenant", "gov" })
        {
            var res = await (await app.LoginAsync(user)).PostAsync($"/api/v1/parks/{park}/ledger-checks", null);
            res.StatusCode.ShouldBe(HttpStatusCode.Forbidden, user);
        }
        (await (await app.LoginAsync("operator2")).GetAsync($"/api/v1/parks/{park}/ledger-checks")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CreditAccount_ReadByTheEnterpriseAndItsOperator_NotByGovernmentOrAnotherTenant()
    {
        var tenant = await app.EnterpriseOfAsync("tenant");
        (await (await app.LoginAsync("tenant")).GetAsync($"/api/v1/enterprises/{tenant}/credit-account")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await app.LoginAsync("operator")).GetAsync($"/api/v1/enterprises/{tenant}/credit-account")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var gov = await (await app.LoginAsync("gov")).GetAsync($"/api/v1/enterprises/{tenant}/credit-account");
        gov.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await gov.JsonAsync()).GetProperty("rule").GetString().ShouldBe("CreditAccountIsConfidential");
        (await (await app.LoginAsync("tenant2")).GetAsync($"/api/v1/enterprises/{tenant}/credit-account")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var refund = await (await app.LoginAsync("tenant")).PostAsJsonAsync($"/api/v1/enterprises/{tenant}/credit-account/refunds", new { amount = 1m });
        refund.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    /// <summary>0013 turns the over-payments and reissue excess recorded before it into credit movements with running balances.</summary>
    [Fact]
    public async Task Migration0013_OnBooksRecordedBeforeIt_WritesTheMovementsTheyImply()
    {
        var scripts = Migrator.Scripts(ParkOpsFactory.Provider);
        await using var db0 = await ScratchDatabase.CreateAsync();
        await db0.ExecAsync("CREATE TABLE IF NOT EXISTS __parkops_migrations (version varchar(100) PRIMARY KEY, applied_at varchar(40) NOT NULL)");
        foreach (var s in scripts.TakeWhile(s => string.CompareOrdinal(s.Version, "0013") < 0))
        {
            await db0.ExecAsync(s.Sql);
            await db0.ExecAsync($"INSERT INTO __parkops_migrations (version, applied_at) VALUES ('{s.Version}', '2026-01-01T00:00:00Z')");
        }
        // the books as 0012 left them, written as SQL (the entities of today have columns 0012 did not): one enterprise
        // over-paid bill T-1 by 50.05 and paid T-2 with 50.00 of that credit
        var pg = ParkOpsFactory.Provider == DatabaseProvider.Postgres;
        string At(string t) => pg ? $"'{t}+00'" : $"'{t}'";
        var no = pg ? "false" : "0";
        foreach (var sql in new[]
        {
            """INSERT INTO "Regions" ("Id", "Name", "Code", "Level") VALUES (1, '测试市', '441999', 'City')""",
            $"""INSERT INTO "Parks" ("Id", "RegionId", "Name", "Code", "LandMu", "LeadingIndustryPrefixes", "ChainStages", "NegativeList", "CrowdedStageCount", "CreatedAt") VALUES (1, 1, '测试园', 'T-01', '100', '', '', '', 3, {At("2026-01-01 00:00:00")})""",
            $"""INSERT INTO "Enterprises" ("Id", "ParkId", "CreditCode", "Name", "IndustryCode", "ChainStages", "SizeClass", "Tags", "IsChainLeader", "Status", "CreatedAt", "UpdatedAt") VALUES (1, 1, '{Demo.CreditCodeFor(7)}', '测试企业', '', '', 'BelowScale', '', {no}, 'Admitted', {At("2026-01-01 00:00:00")}, {At("2026-01-01 00:00:00")})""",
            $"""INSERT INTO "BillRuns" ("Id", "ParkId", "Month", "State", "BillsCreated", "BillsExisting", "TotalCreated", "StartedBy", "StartedAt", "FinishedAt") VALUES (1, 1, '2026-08-01', 'Completed', 2, 0, '150.10', 'system', {At("2026-08-01 00:00:00")}, {At("2026-08-01 00:00:00")})""",
            $"""INSERT INTO "Bills" ("Id", "ParkId", "EnterpriseId", "RunId", "Number", "Month", "State", "Total", "Paid", "DueDate", "IssuedAt") VALUES (1, 1, 1, 1, 'T-1', '2026-08-01', 'Paid', '100.10', '100.10', '2026-08-15', {At("2026-08-01 00:00:00")})""",
            $"""INSERT INTO "Bills" ("Id", "ParkId", "EnterpriseId", "RunId", "Number", "Month", "State", "Total", "Paid", "DueDate", "IssuedAt") VALUES (2, 1, 1, 1, 'T-2', '2026-09-01', 'Paid', '50.00', '50.00', '2026-09-15', {At("2026-09-01 00:00:00")})""",
            $"""INSERT INTO "Payments" ("Id", "ParkId", "EnterpriseId", "BillId", "Amount", "Applied", "Method", "PaidOn", "RecordedBy", "RecordedAt") VALUES (1, 1, 1, 1, '150.15', '100.10', 'BankTransfer', '2026-09-01', 'operator', {At("2026-09-01 02:00:00")})""",
            $"""INSERT INTO "Payments" ("Id", "ParkId", "EnterpriseId", "BillId", "Amount", "Applied", "Method", "PaidOn", "RecordedBy", "RecordedAt") VALUES (2, 1, 1, 2, '50.00', '50.00', 'Credit', '2026-09-02', 'operator', {At("2026-09-02 02:00:00")})""",
            """INSERT INTO "CreditBalances" ("Id", "ParkId", "EnterpriseId", "Amount") VALUES (1, 1, 1, '0.05')""",
        })
            await db0.ExecAsync(sql);
        const long enterprise = 1;
        (await db0.MigrateAsync()).First().ShouldStartWith("0013");
        await using (var db = db0.NewContext())
        {
            var moves = await db.CreditMovements.OrderBy(m => m.Id).ToListAsync();
            moves.Select(m => (m.Kind, m.Amount, m.BalanceAfter)).ShouldBe([(CreditMovementKind.Overpayment, 50.05m, 50.05m), (CreditMovementKind.CreditPayment, -50.00m, 0.05m)]);
            moves.ShouldAllBe(m => m.EnterpriseId == enterprise);
        }
    }
}
