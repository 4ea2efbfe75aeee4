using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ParkOps.Domain.Monitoring;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Reporting;
using ParkOps.Web.Features.Reporting.Contracts;
using ParkOps.Web.Features.Users;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Tests.Imports;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Reporting;

/// <summary>Records every filing it is told of (the listener contract Risk implements).</summary>
public sealed class RecordingListener : IReportFiledListener
{
    public ConcurrentQueue<(long Park, long[] Enterprises, Quarter Quarter)> Calls { get; } = new();

    public Task ReportsFiledAsync(long parkId, IReadOnlyCollection<long> enterpriseIds, Quarter quarter, CancellationToken ct)
    {
        Calls.Enqueue((parkId, enterpriseIds.Order().ToArray(), quarter));
        return Task.CompletedTask;
    }
}

/// <summary>A listener that always fails: the filing must stand anyway.</summary>
public sealed class FailingListener : IReportFiledListener
{
    public Task ReportsFiledAsync(long parkId, IReadOnlyCollection<long> enterpriseIds, Quarter quarter, CancellationToken ct) =>
        throw new InvalidOperationException("listener down");
}

/// <summary>The demo park on a <see cref="ManualClock"/>, with a failing and a recording report listener.</summary>
public sealed class ReportingFactory : ParkOpsFactory
{
    public ManualClock Clock { get; } = new();
    public RecordingListener Listener { get; } = new();
    /// <summary>The listeners must hear the seed's reports too: this host seeds its own park.</summary>
    protected override bool CopiesTemplate => false;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s =>
        {
            s.RemoveAll<TimeProvider>();
            s.AddSingleton<TimeProvider>(Clock);
            // the failing one first: the recording one must still be called after it
            s.AddSingleton<IReportFiledListener, FailingListener>();
            s.AddSingleton<IReportFiledListener>(Listener);
        });
    }

    public DateOnly Today => DateOnly.FromDateTime(Time.ToShanghai(Clock.GetUtcNow().UtcDateTime));
    /// <summary>The last ended quarter.</summary>
    public Quarter L => Quarter.Of(Today).Previous;
}

/// <summary>Quarterly reports, the quarter board, reminders, files and the park's submission to the county (issue 12 §1).</summary>
public sealed class ReportingTests(ReportingFactory app) : IClassFixture<ReportingFactory>
{
    // quarters long before the demo's eight so the demo's reports (written on main) never meet these tests' own; each test
    // has quarters of its own (Old(0) and Old(1), Old(20) and Old(21), one each for the others)
    private Quarter Old(int n) => app.L.Plus(-12 - n);

    private static Dictionary<string, object?> Body(Quarter q, decimal output = 500m, decimal revenue = 450m, decimal tax = 20m, decimal valueAdded = 120m,
        bool submit = false, object[]? customers = null, decimal electricity = 80_000m) => new()
    {
        ["year"] = q.Year, ["quarter"] = q.Number, ["output"] = output, ["mainRevenue"] = revenue, ["tax"] = tax, ["valueAdded"] = valueAdded, ["rdSpend"] = 15m,
        ["energyTce"] = 30m, ["electricityKwh"] = electricity, ["waterT"] = 900m, ["emissionsT"] = 1.2m, ["avgHeadcount"] = 85m, ["netProfit"] = -3m,
        ["totalAssets"] = 2000m, ["totalLiabilities"] = 900m, ["patentsHeld"] = 4, ["patentsGranted"] = 1, ["customers"] = customers ?? Array.Empty<object>(),
        ["difficulties"] = "订单回落，招工困难", ["submit"] = submit,
    };

    private static Task<HttpResponseMessage> SaveAsync(HttpClient c, long enterprise, object body) =>
        c.PostAsJsonAsync($"/api/v1/enterprises/{enterprise}/reports", body, Demo.Json);

    private static async Task<JsonElement> OkAsync(HttpResponseMessage res)
    {
        var text = await res.Content.ReadAsStringAsync();
        res.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task Report_TenantSavesDraftThenSubmits_IsListedNewestFirstAndLate()
    {
        var tenant = await app.LoginAsync("tenant");
        var me = await app.EnterpriseOfAsync("tenant");
        var q = Old(0);
        (await OkAsync(await SaveAsync(tenant, me, Body(q.Previous, submit: true)))).Str("state").ShouldBe("submitted");
        var draft = await OkAsync(await SaveAsync(tenant, me, Body(q)));
        draft.Str("state").ShouldBe("draft");
        draft.GetProperty("submittedAt").ValueKind.ShouldBe(JsonValueKind.Null);
        var sent = await OkAsync(await SaveAsync(tenant, me, Body(q, output: 510m, submit: true)));
        sent.Str("state").ShouldBe("submitted");
        sent.GetProperty("output").GetDecimal().ShouldBe(510m);
        // filed years after the 20th of the month after the quarter
        sent.GetProperty("late").GetBoolean().ShouldBeTrue();
        sent.Str("dueDate").ShouldBe(q.Next.FirstDay.AddDays(19).ToString("yyyy-MM-dd"));
        // a submitted report is corrected by submitting again, never turned back into a draft
        await (await SaveAsync(tenant, me, Body(q))).ShouldBeProblemAsync(HttpStatusCode.Conflict, "ReportAlreadySubmitted");

        var list = await OkAsync(await tenant.GetAsync($"/api/v1/enterprises/{me}/reports?year={q.Year}"));
        var quarters = list.EnumerateArray().Select(r => r.GetProperty("year").GetInt32() * 4 + r.GetProperty("quarter").GetInt32()).ToList();
        quarters.ShouldBe(quarters.OrderDescending().ToList());
        var one = await OkAsync(await tenant.GetAsync($"/api/v1/enterprises/{me}/reports?year={q.Year}&quarter={q.Number}"));
        one.GetArrayLength().ShouldBe(1);
        one[0].GetProperty("customers").GetArrayLength().ShouldBe(0);
    }

    /// <summary>Open posts (在招岗位) are optional: stated, they come back; negative, the field is named; left out, null.</summary>
    [Fact]
    public async Task Report_OpenPosts_OptionalNeverNegative()
    {
        var tenant = await app.LoginAsync("tenant");
        var me = await app.EnterpriseOfAsync("tenant");
        var body = Body(Old(30));
        body["openPosts"] = 7;
        (await OkAsync(await SaveAsync(tenant, me, body))).GetProperty("openPosts").GetInt32().ShouldBe(7);
        body["openPosts"] = -1;
        await (await SaveAsync(tenant, me, body)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "ReportFigureMustNotBeNegative", "openPosts");
        (await OkAsync(await SaveAsync(tenant, me, Body(Old(31))))).GetProperty("openPosts").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task Report_AnotherEnterprisesReports_AreNotFoundForATenantOfTheSameParkAndAnotherParksOperator()
    {
        var me = await app.EnterpriseOfAsync("tenant");
        var other = await app.LoginAsync("tenant2");
        await (await other.GetAsync($"/api/v1/enterprises/{me}/reports")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "MustExistInScope");
        await (await SaveAsync(other, me, Body(Old(22)))).ShouldBeProblemAsync(HttpStatusCode.NotFound, "MustExistInScope");
        var op2 = await app.LoginAsync("operator2");
        await (await op2.GetAsync($"/api/v1/enterprises/{me}/reports")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "MustExistInScope");
        // the park's operator writes for any enterprise of its park
        var op = await app.LoginAsync("operator");
        (await OkAsync(await SaveAsync(op, me, Body(Old(22))))).GetProperty("enterpriseId").GetInt64().ShouldBe(me);
        (await app.WithDbAsync(db => db.Set<QuarterlyReport>().CountAsync(r => r.EnterpriseId == me && r.Year == Old(22).Year && r.QuarterNumber == Old(22).Number))).ShouldBe(1);
    }

    [Fact]
    public async Task Report_GovernmentViewer_SeesNoFirmFigures()
    {
        var me = await app.EnterpriseOfAsync("tenant");
        var park = await app.ParkIdAsync();
        var tenant = await app.LoginAsync("tenant");
        await OkAsync(await SaveAsync(tenant, me, Body(Old(2), submit: true)));
        var gov = await app.LoginAsync("gov");
        await (await gov.GetAsync($"/api/v1/enterprises/{me}/reports")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "ReportsAreEnterpriseConfidential");
        await (await gov.GetAsync($"/api/v1/parks/{park}/reports?year={Old(2).Year}&quarter={Old(2).Number}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyOperatorsSeeReportBoard");
        await (await gov.GetAsync($"/api/v1/parks/{park}/reports/export?year={Old(2).Year}&quarter={Old(2).Number}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyOperatorsExportReports");

        // the contract other areas read through: the query filter leaves a government viewer no report row at all
        async Task<int> RowsSeenBy(string user)
        {
            var userId = await app.WithDbAsync(db => db.Users.Where(u => u.UserName == user).Select(u => u.Id).SingleAsync());
            await using var scope = app.Services.CreateAsyncScope();
            var actor = scope.ServiceProvider.GetRequiredService<CurrentActor>();
            actor.Set(ActorScope.System);
            var db = scope.ServiceProvider.GetRequiredService<ParkOps.Web.Data.ParkOpsDb>();
            actor.Set(await CurrentActor.ResolveAsync(db, userId, default));
            var reports = scope.ServiceProvider.GetRequiredService<IQuarterlyReports>();
            return (await reports.ParkReportsAsync(park, Old(2), Old(2), default)).Count;
        }
        (await RowsSeenBy("operator")).ShouldBeGreaterThan(0);
        (await RowsSeenBy("gov")).ShouldBe(0);
    }

    public static TheoryData<string, string, string> Refusals => new()
    {
        { "negativeOutput", "ReportFigureMustNotBeNegative", "output" },
        { "negativeHeadcount", "ReportFigureMustNotBeNegative", "avgHeadcount" },
        { "shareAbove100", "ReportCustomerShareOutOfRange", "customers[0].sharePercent" },
        { "sharesSumAbove100", "ReportCustomerSharesOver100", "customers" },
        { "customerOfAnotherPark", "ReportCustomerMustBeInPark", "customers[0].enterpriseId" },
        { "customerIsItself", "ReportCustomerMustBeInPark", "customers[0].enterpriseId" },
        { "elevenCustomers", "ReportCustomersTooMany", "customers" },
        { "quarterNotEnded", "ReportQuarterNotEnded", "quarter" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Report_BadInput_Is422NamingRuleAndFieldInChineseAndWritesNothing(string situation, string rule, string field)
    {
        var me = await app.EnterpriseOfAsync("tenant");
        var foreign = await app.SomeEnterpriseAsync(await app.ParkIdAsync("DG-HM-01"), 0);
        var q = Old(3);
        var body = situation switch
        {
            "negativeOutput" => Body(q, output: -1m),
            "negativeHeadcount" => Body(q).With("avgHeadcount", -5m),
            "shareAbove100" => Body(q, customers: [new { name = "外部客户", sharePercent = 120m }]),
            "sharesSumAbove100" => Body(q, customers: [new { name = "甲", sharePercent = 60m }, new { name = "乙", sharePercent = 50m }]),
            "customerOfAnotherPark" => Body(q, customers: [new { enterpriseId = foreign, name = "", sharePercent = 20m }]),
            "customerIsItself" => Body(q, customers: [new { enterpriseId = me, name = "", sharePercent = 20m }]),
            "elevenCustomers" => Body(q, customers: Enumerable.Range(1, 11).Select(i => (object)new { name = $"客户{i}", sharePercent = 1m }).ToArray()),
            "quarterNotEnded" => Body(Quarter.Of(app.Today)),
            _ => throw new ArgumentOutOfRangeException(situation),
        };
        var tenant = await app.LoginAsync("tenant");
        var problem = await (await SaveAsync(tenant, me, body)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, rule, field);
        ProblemAssertions.HasCjk(problem.Str("detail")).ShouldBeTrue(problem.Str("detail"));
        (await app.WithDbAsync(db => db.Set<QuarterlyReport>().CountAsync(r => r.EnterpriseId == me && r.Year == q.Year && r.QuarterNumber == q.Number))).ShouldBe(0);
    }

    [Fact]
    public async Task Report_ImplausibleFigures_AreSavedWithWarnings()
    {
        var me = await app.EnterpriseOfAsync("tenant");
        var tenant = await app.LoginAsync("tenant");
        var q = Old(20);
        await OkAsync(await SaveAsync(tenant, me, Body(q.Previous, output: 100m, revenue: 100m, tax: 5m, valueAdded: 30m, submit: true)));
        // revenue +60 %, tax above revenue, value added above output; output +50 % exactly is no jump
        var saved = await OkAsync(await SaveAsync(tenant, me, Body(q, output: 150m, revenue: 160m, tax: 170m, valueAdded: 200m, submit: true)));
        saved.Str("state").ShouldBe("submitted");
        var warnings = saved.GetProperty("warnings").EnumerateArray().Select(w => $"{w.Str("rule")}:{w.Str("field")}").ToList();
        warnings.ShouldBe(["ReportTaxAboveRevenue:tax", "ReportValueAddedAboveOutput:valueAdded", "ReportFigureJump:mainRevenue"], ignoreOrder: true);
        saved.GetProperty("warnings").EnumerateArray().All(w => ProblemAssertions.HasCjk(w.Str("message"))).ShouldBeTrue();
    }

    [Fact]
    public async Task Report_MeteredUnits_FillElectricityAndWaterFromTheMetersAndIgnoreTypedFigures()
    {
        var me = await app.EnterpriseOfAsync("tenant");
        var park = await app.ParkIdAsync();
        var q = app.L.Previous;
        // what Metering's own consumption view says for the quarter's three months
        var op = await app.LoginAsync("operator");
        decimal electricity = 0, water = 0;
        foreach (var m in q.Months)
            foreach (var row in (await OkAsync(await op.GetAsync($"/api/v1/parks/{park}/consumption?month={m:yyyy-MM}"))).EnumerateArray().Where(r => r.GetProperty("enterpriseId").GetInt64() == me))
                if (row.Str("utility") == "Electricity") electricity += row.GetProperty("use").GetDecimal(); else water += row.GetProperty("use").GetDecimal();
        electricity.ShouldBeGreaterThan(0m, "the demo meters the tenant's units");

        var tenant = await app.LoginAsync("tenant");
        var saved = await OkAsync(await SaveAsync(tenant, me, Body(q, electricity: 1m, submit: true)));
        saved.GetProperty("electricityFromMeters").GetBoolean().ShouldBeTrue();
        saved.GetProperty("electricityKwh").GetDecimal().ShouldBe(electricity);
        saved.GetProperty("waterFromMeters").GetBoolean().ShouldBeTrue();
        saved.GetProperty("waterT").GetDecimal().ShouldBe(water);
    }

    [Fact]
    public async Task Board_Quarter_ShowsLateDraftAndMissingWithFiguresOnlyOfFiled()
    {
        var park = await app.ParkIdAsync();
        var me = await app.EnterpriseOfAsync("tenant");
        var two = await app.EnterpriseOfAsync("tenant2");
        var q = Old(5);
        await OkAsync(await SaveAsync(await app.LoginAsync("tenant"), me, Body(q, output: 321m, submit: true)));
        await OkAsync(await SaveAsync(await app.LoginAsync("tenant2"), two, Body(q, output: 999m)));
        var op = await app.LoginAsync("operator");
        var board = await OkAsync(await op.GetAsync($"/api/v1/parks/{park}/reports?year={q.Year}&quarter={q.Number}"));
        var rows = board.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("enterpriseId").GetInt64());
        rows[me].Str("status").ShouldBe("late");
        rows[me].GetProperty("output").GetDecimal().ShouldBe(321m);
        rows[two].Str("status").ShouldBe("draft");
        rows[two].GetProperty("output").ValueKind.ShouldBe(JsonValueKind.Null);
        rows[two].GetProperty("overdue").GetBoolean().ShouldBeTrue();
        var missing = rows.Values.Where(r => r.Str("status") == "missing").ToList();
        missing.ShouldNotBeEmpty();
        missing.ShouldAllBe(r => r.GetProperty("overdue").GetBoolean());
        var counts = board.GetProperty("counts");
        counts.GetProperty("late").GetInt32().ShouldBe(1);
        counts.GetProperty("draft").GetInt32().ShouldBe(1);
        counts.GetProperty("missing").GetInt32().ShouldBe(missing.Count);
        counts.GetProperty("expected").GetInt32().ShouldBe(rows.Count);
        // a tenant has no board
        await (await (await app.LoginAsync("tenant")).GetAsync($"/api/v1/parks/{park}/reports")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyOperatorsSeeReportBoard");
    }

    [Fact]
    public async Task Remind_Quarter_WritesAnInboxMessageToEveryoneWhoHasNotSubmitted()
    {
        var park = await app.ParkIdAsync();
        var me = await app.EnterpriseOfAsync("tenant");
        var two = await app.EnterpriseOfAsync("tenant2");
        var q = Old(6);
        var tenant = await app.LoginAsync("tenant");
        await OkAsync(await SaveAsync(tenant, me, Body(q, submit: true)));
        await (await tenant.PostAsJsonAsync($"/api/v1/parks/{park}/reports/reminders", new { year = q.Year, quarter = q.Number }, Demo.Json))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyOperatorsSeeReportBoard");
        var op = await app.LoginAsync("operator");
        var result = await OkAsync(await op.PostAsJsonAsync($"/api/v1/parks/{park}/reports/reminders", new { year = q.Year, quarter = q.Number }, Demo.Json));
        var reminded = result.GetProperty("enterpriseIds").EnumerateArray().Select(e => e.GetInt64()).ToList();
        reminded.ShouldContain(two);
        reminded.ShouldNotContain(me);
        result.GetProperty("reminded").GetInt32().ShouldBe(reminded.Count);
        var inbox = await OkAsync(await (await app.LoginAsync("tenant2")).GetAsync("/api/v1/notifications?unread=true"));
        inbox.GetProperty("items").EnumerateArray().Where(n => n.Str("kind") == "ReportReminder").Select(n => n.Str("text")).ShouldContain(s => s!.Contains(q.ToString()));
    }

    private static readonly string[] Header = ["统一社会信用代码", "企业名称", "工业总产值（万元）", "营业收入（万元）", "实缴税金（万元）", "工业增加值（万元）", "用地面积（亩）", "主要客户及占比"];

    private async Task<(string Code, long Id)[]> FirmsAsync(int n)
    {
        var park = await app.ParkIdAsync();
        return (await app.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters()
            .Where(e => e.ParkId == park && e.Status == ParkOps.Web.Features.Enterprises.EnterpriseStatus.Admitted).OrderBy(e => e.Id).Take(n).Select(e => new { e.CreditCode, e.Id }).ToListAsync()))
            .Select(e => (e.CreditCode, e.Id)).ToArray();
    }

    [Fact]
    public async Task Import_BadRows_DryRunNamesRowAndColumnAndNothingIsImported()
    {
        var park = await app.ParkIdAsync();
        var firms = await FirmsAsync(3);
        var q = Old(7);
        var csv = TestFiles.Csv("utf8bom", string.Join(",", Header),
            $"{firms[0].Code},甲,500,450,20,120,12,",
            $"{firms[1].Code},乙,-5,450,20,120,12,",
            "91440000MA00000000,丙,500,450,20,120,12,",
            $"{firms[2].Code},丁,500,450,20,120,12,外部客户A:70；外部客户B:40");
        var op = await app.LoginAsync("operator");
        var url = $"/api/v1/parks/{park}/reports/import?year={q.Year}&quarter={q.Number}";
        var dry = await OkAsync(await op.PostAsync(url + "&dryRun=true", TestFiles.Form(csv, "q.csv")));
        dry.GetProperty("valid").GetBoolean().ShouldBeFalse();
        var problems = dry.GetProperty("problems").EnumerateArray().Select(p => $"{p.GetProperty("row").GetInt32()}|{p.Str("column")}|{p.Str("rule")}").ToList();
        problems.ShouldBe(["3|工业总产值（万元）|ReportFigureMustNotBeNegative", "4|统一社会信用代码|ReportImportEnterpriseUnknown", "5|主要客户及占比|ReportCustomerSharesOver100"]);
        dry.GetProperty("ignored").EnumerateArray().Select(c => c.Str("column")).ShouldContain("用地面积（亩）");

        var real = await (await op.PostAsync(url, TestFiles.Form(csv, "q.csv"))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "ImportRowsMustBeValid", "file");
        real.GetProperty("report").GetProperty("badRows").GetInt32().ShouldBe(3);
        // all or nothing: not even the good first row
        (await app.WithDbAsync(db => db.Set<QuarterlyReport>().CountAsync(r => r.ParkId == park && r.Year == q.Year && r.QuarterNumber == q.Number))).ShouldBe(0);

        var missing = TestFiles.Csv("utf8", "统一社会信用代码,工业总产值", $"{firms[0].Code},500");
        await (await op.PostAsync(url, TestFiles.Form(missing, "m.csv"))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "ReportImportColumnsMissing", "file");
    }

    [Fact]
    public async Task Import_GoodFile_SavesEveryRowSubmittedAndExportHasTheTemplateColumns()
    {
        var park = await app.ParkIdAsync();
        var firms = await FirmsAsync(2);
        var q = Old(8);
        var before = app.Listener.Calls.Count;
        var xlsx = TestFiles.Xlsx(Header,
            [firms[0].Code, "甲", 500, 450, 20, 120, 12, null],
            [firms[1].Code, "乙", 800, 700, 35, 200, 18, $"外部客户A:30；外部客户B:20"]);
        var op = await app.LoginAsync("operator");
        var report = await OkAsync(await op.PostAsync($"/api/v1/parks/{park}/reports/import?year={q.Year}&quarter={q.Number}", TestFiles.Form(xlsx, "q.xlsx")));
        report.GetProperty("imported").GetBoolean().ShouldBeTrue();
        report.GetProperty("created").GetInt32().ShouldBe(2);
        var stored = await app.WithDbAsync(db => db.Set<QuarterlyReport>().Include(r => r.Customers).Where(r => r.ParkId == park && r.Year == q.Year && r.QuarterNumber == q.Number).ToListAsync());
        stored.Count.ShouldBe(2);
        stored.ShouldAllBe(r => r.State == ReportState.Submitted && r.Source == ReportSource.Import);
        stored.Single(r => r.EnterpriseId == firms[1].Id).Customers.Sum(c => c.SharePercent).ShouldBe(50m);
        app.Listener.Calls.Skip(before).ShouldContain(c => c.Park == park && c.Quarter == q && c.Enterprises.SequenceEqual(new[] { firms[0].Id, firms[1].Id }.Order()));

        var file = await op.GetAsync($"/api/v1/parks/{park}/reports/export?year={q.Year}&quarter={q.Number}");
        file.StatusCode.ShouldBe(HttpStatusCode.OK);
        file.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var table = ParkOps.Web.Features.Imports.TableReader.Read("x.xlsx", await file.Content.ReadAsByteArrayAsync(),
            app.Services.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<ParkOps.Web.Resources.Text>>());
        table.Headers.ShouldBe(["统一社会信用代码", "企业名称", "报告期", "工业总产值（万元）", "营业收入（万元）", "实缴税金（万元）", "工业增加值（万元）", "研发费用（万元）",
            "综合能耗（吨标准煤）", "用电量（千瓦时）", "用水量（吨）", "主要污染物排放量（吨）", "平均从业人数", "净利润（万元）", "资产总计（万元）", "负债合计（万元）",
            "有效发明专利数", "当期授权发明专利数", "在招岗位数", "主要客户及占比", "存在困难和问题", "报送时间"]);
        table.Rows.Count.ShouldBe(2);
        table.Rows.Select(r => r.Cells[0]).ShouldBe([firms[0].Code, firms[1].Code], ignoreOrder: true);
        table.Rows.ShouldAllBe(r => r.Cells[2] == q.ToChinese());
    }

    [Fact]
    public async Task Listener_DraftIsNotFiledAndASubmitIsToldDespiteAFailingListener()
    {
        var me = await app.EnterpriseOfAsync("tenant");
        var park = await app.ParkIdAsync();
        var tenant = await app.LoginAsync("tenant");
        var q = Old(9);
        var before = app.Listener.Calls.Count;
        await OkAsync(await SaveAsync(tenant, me, Body(q)));
        app.Listener.Calls.Skip(before).ShouldNotContain(c => c.Quarter == q);
        await OkAsync(await SaveAsync(tenant, me, Body(q, submit: true)));
        app.Listener.Calls.Skip(before).ShouldContain(c => c.Park == park && c.Quarter == q && c.Enterprises.SequenceEqual(new[] { me }));
        (await app.WithDbAsync(db => db.Set<QuarterlyReport>().SingleAsync(r => r.EnterpriseId == me && r.Year == q.Year && r.QuarterNumber == q.Number))).State.ShouldBe(ReportState.Submitted);
    }

    [Fact]
    public async Task Submission_CompileSubmitReturnResubmitApprove_FollowsTheTableAndRecordsEachStep()
    {
        var park = await app.ParkIdAsync();
        var me = await app.EnterpriseOfAsync("tenant");
        var q = Old(10);
        await OkAsync(await SaveAsync(await app.LoginAsync("tenant"), me, Body(q, output: 432.5m, revenue: 400m, submit: true)));
        var op = await app.LoginAsync("operator");
        var gov = await app.LoginAsync("gov");
        var tenant = await app.LoginAsync("tenant");
        var url = $"/api/v1/parks/{park}/report-submissions";
        await (await tenant.PostAsJsonAsync(url, new { year = q.Year, quarter = q.Number, submit = true }, Demo.Json)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyOperatorsCompileSubmissions");
        await (await gov.PostAsJsonAsync(url, new { year = q.Year, quarter = q.Number, submit = true }, Demo.Json)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyOperatorsCompileSubmissions");

        var draft = await OkAsync(await op.PostAsJsonAsync(url, new { year = q.Year, quarter = q.Number, submit = false }, Demo.Json));
        draft.Str("state").ShouldBe("draft");
        draft.GetProperty("enterprisesFiled").GetInt32().ShouldBe(1);
        draft.GetProperty("output").GetDecimal().ShouldBe(432.5m);
        draft.GetProperty("mainRevenue").GetDecimal().ShouldBe(400m);
        draft.GetProperty("enterprisesMissing").GetInt32().ShouldBe(draft.GetProperty("enterprisesExpected").GetInt32() - 1);
        var id = draft.GetProperty("id").GetInt64();
        await (await gov.PostAsync($"/api/v1/report-submissions/{id}/approve", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "ReportSubmissionStepRefused");

        (await OkAsync(await op.PostAsJsonAsync(url, new { year = q.Year, quarter = q.Number, submit = true }, Demo.Json))).Str("state").ShouldBe("submitted");
        await (await op.PostAsync($"/api/v1/report-submissions/{id}/approve", null)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyCountyDecidesSubmissions");
        await (await op.PostAsJsonAsync(url, new { year = q.Year, quarter = q.Number, submit = false }, Demo.Json)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "ReportSubmissionStepRefused");
        await (await gov.PostAsJsonAsync($"/api/v1/report-submissions/{id}/return", new { reason = " " }, Demo.Json))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "ReportSubmissionReturnNeedsReason", "reason");
        var returned = await OkAsync(await gov.PostAsJsonAsync($"/api/v1/report-submissions/{id}/return", new { reason = "缺报企业过多，请催报后重报" }, Demo.Json));
        returned.Str("state").ShouldBe("returned");
        returned.Str("returnReason").ShouldBe("缺报企业过多，请催报后重报");

        (await OkAsync(await op.PostAsJsonAsync(url, new { year = q.Year, quarter = q.Number, submit = true }, Demo.Json))).Str("state").ShouldBe("submitted");
        var approved = await OkAsync(await gov.PostAsync($"/api/v1/report-submissions/{id}/approve", null));
        approved.Str("state").ShouldBe("approved");
        approved.GetProperty("steps").EnumerateArray().Select(s => $"{s.Str("action")}:{s.Str("to")}:{s.Str("by")}").ShouldBe([
            "compile:draft:operator", "compile:draft:operator", "submit:submitted:operator", "return:returned:gov", "compile:draft:operator", "submit:submitted:operator", "approve:approved:gov"]);
        await (await op.PostAsJsonAsync(url, new { year = q.Year, quarter = q.Number, submit = true }, Demo.Json)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "ReportSubmissionStepRefused");

        // the county reads park-level totals: the submission names no firm
        var seen = await OkAsync(await gov.GetAsync(url));
        var mine = seen.EnumerateArray().Single(s => s.GetProperty("id").GetInt64() == id);
        mine.GetRawText().ShouldNotContain("enterpriseId", Case.Insensitive);
        mine.GetProperty("output").GetDecimal().ShouldBe(432.5m);
        await (await tenant.GetAsync(url)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyOperatorsAndCountySeeSubmissions");
        await (await (await app.LoginAsync("operator2")).GetAsync(url)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}

/// <summary>Look-ups the reporting tests, the scope tests and the access matrix share.</summary>
public static class ReportingApi
{
    /// <summary>An approved submission of 2001Q1 in the park (made once): any further step on it is refused after the access check.</summary>
    public static Task<long> SubmissionInParkAsync(ParkOpsFactory app, long parkId) => app.WithDbAsync(async db =>
    {
        var id = await db.Set<ReportSubmission>().Where(s => s.ParkId == parkId && s.Year == 2001 && s.QuarterNumber == 1).Select(s => (long?)s.Id).FirstOrDefaultAsync();
        if (id is { } existing) return existing;
        var now = DateTime.UtcNow;
        var s = new ReportSubmission { ParkId = parkId, Year = 2001, QuarterNumber = 1, State = SubmissionState.Draft, CompiledAt = now, CompiledBy = "test", UpdatedAt = now };
        s.Apply(SubmissionAction.Compile, "test", now);
        s.Apply(SubmissionAction.Submit, "test", now);
        s.Apply(SubmissionAction.Approve, "test", now);
        db.Add(s);
        await db.SaveChangesAsync();
        return s.Id;
    });
}

internal static class BodyExtensions
{
    public static Dictionary<string, object?> With(this Dictionary<string, object?> body, string key, object? value)
    {
        body[key] = value;
        return body;
    }
}
