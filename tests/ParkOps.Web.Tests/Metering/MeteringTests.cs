using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Metering;
using ParkOps.Web.Features.Audit;
using ParkOps.Web.Features.Billing;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Metering;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Tests.Imports;
using ParkOps.Web.Tests.Infrastructure;
using ParkOps.Domain.Billing;

namespace ParkOps.Web.Tests.Metering;

/// <summary>Meters, readings (batch, hand, file), use, flags, tariffs and the utilities and late-fee lines of the bill run, on a host of their own.</summary>
public sealed class MeteringTests(ParkOpsFactory app) : IClassFixture<ParkOpsFactory>
{
    private static string Code() => "T" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    /// <summary>A new meter on a unit the tenant's enterprise occupies (so the tenant may see it).</summary>
    private async Task<(long Id, string Code)> NewMeterAsync(HttpClient op, Utility utility = Utility.Electricity, string occupant = "tenant")
    {
        var park = await app.ParkIdAsync();
        var ent = await app.EnterpriseOfAsync(occupant);
        var unit = await app.WithDbAsync(db => db.Units.Where(u => u.OccupantEnterpriseId == ent).OrderBy(u => u.Id).Select(u => u.Id).FirstAsync());
        var code = Code();
        var res = await op.PostAsJsonAsync($"/api/v1/parks/{park}/meters", new { unitId = unit, utility = utility.ToString(), code }, Demo.Json);
        res.StatusCode.ShouldBe(HttpStatusCode.Created, await res.Content.ReadAsStringAsync());
        return ((await res.JsonAsync()).GetProperty("id").GetInt64(), code);
    }

    /// <summary>The meter's stored readings, read as the service reads them: after merging SQLite's reading inbox.</summary>
    private Task<List<MeterReading>> StoredAsync(long meterId) =>
        app.WithDbAsync(async db => { await ReadingInbox.FlushAsync(db, default); return await db.MeterReadings.Where(r => r.MeterId == meterId).ToListAsync(); });

    private async Task<int> ReadingCountAsync(long meterId) => (await StoredAsync(meterId)).Count;

    private static object R(long meterId, string at, decimal value) => new { meterId, at, value };

    [Fact]
    public async Task Batch_NewReadings_AreStoredAndResendingChangesNothing()
    {
        var op = await app.LoginAsync("operator");
        var (m, _) = await NewMeterAsync(op);
        var batch = new { readings = new[] { R(m, "2026-01-31T23:00:00+08:00", 100m), R(m, "2026-02-28T23:00:00+08:00", 180.5m), R(m, "2026-03-31T23:00:00+08:00", 260m) } };

        var first = await (await op.PostAsJsonAsync("/api/v1/meter-readings:batch", batch)).JsonAsync();
        var again = await op.PostAsJsonAsync("/api/v1/meter-readings:batch", batch);

        first.GetProperty("inserted").GetInt32().ShouldBe(3);
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        var second = await again.JsonAsync();
        second.GetProperty("inserted").GetInt32().ShouldBe(0);
        second.GetProperty("unchanged").GetInt32().ShouldBe(3);
        (await ReadingCountAsync(m)).ShouldBe(3);
    }

    [Fact]
    public async Task Batch_UnknownMeter_Is422NamingTheRowAndRule_AndWritesNothing()
    {
        var op = await app.LoginAsync("operator");
        var (m, _) = await NewMeterAsync(op);
        var res = await op.PostAsJsonAsync("/api/v1/meter-readings:batch", new { readings = new[] { R(m, "2026-01-31T23:00:00+08:00", 100m), R(987654321, "2026-01-31T23:00:00+08:00", 5m) } });

        var problem = await res.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "ReadingMeterMustExist", "readings[1].meterId");
        var rows = problem.GetProperty("problems").EnumerateArray().ToList();
        rows.Single().GetProperty("row").GetInt32().ShouldBe(1);
        (await ReadingCountAsync(m)).ShouldBe(0);
    }

    [Fact]
    public async Task Batch_MeterOfAnotherPark_IsUnknownToTheOperator()
    {
        var op = await app.LoginAsync("operator");
        var hm = await app.ParkIdAsync("DG-HM-01");
        var foreign = await app.WithDbAsync(db => db.Meters.Where(x => x.ParkId == hm).Select(x => x.Id).FirstAsync());
        var res = await op.PostAsJsonAsync("/api/v1/meter-readings:batch", new { readings = new[] { R(foreign, "2026-01-31T23:00:00+08:00", 1m) } });
        await res.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "ReadingMeterMustExist", "readings[0].meterId");

        // the platform admin may write to it, which leaves its key in the process's meter cache: still unknown to the operator
        var admin = await app.LoginAsync("admin");
        (await admin.PostAsJsonAsync("/api/v1/meter-readings:batch", new { readings = new[] { R(foreign, "2019-01-31T23:00:00+08:00", 1m) } })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var again = await op.PostAsJsonAsync("/api/v1/meter-readings:batch", new { readings = new[] { R(foreign, "2026-02-28T23:00:00+08:00", 2m) } });
        await again.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "ReadingMeterMustExist", "readings[0].meterId");
    }

    [Fact]
    public async Task Batch_MoreThanTenThousandReadings_IsRefusedWholly()
    {
        var op = await app.LoginAsync("operator");
        var (m, _) = await NewMeterAsync(op);
        var start = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var readings = Enumerable.Range(0, MeteringService.MaxBatch + 1).Select(i => R(m, start.AddMinutes(i).ToString("O"), i)).ToArray();
        var res = await op.PostAsJsonAsync("/api/v1/meter-readings:batch", new { readings });
        await res.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "ReadingBatchMustNotExceedLimit", "readings");
        (await ReadingCountAsync(m)).ShouldBe(0);
    }

    [Fact]
    public async Task Batch_TenThousandReadings_AreAllStored()
    {
        var op = await app.LoginAsync("operator");
        var (m, _) = await NewMeterAsync(op);
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var readings = Enumerable.Range(0, MeteringService.MaxBatch).Select(i => R(m, start.AddMinutes(i).ToString("O"), i)).ToArray();
        var res = await (await op.PostAsJsonAsync("/api/v1/meter-readings:batch", new { readings })).JsonAsync();
        res.GetProperty("inserted").GetInt32().ShouldBe(MeteringService.MaxBatch);
        (await ReadingCountAsync(m)).ShouldBe(MeteringService.MaxBatch);
    }

    /// <summary>Part resend, part new: the stored ones count as unchanged, the new ones are written (PostgreSQL: the fast copy meets the stored instant and the batch goes the careful way).</summary>
    [Fact]
    public async Task Batch_PartlyStoredAlready_StoresOnlyTheNewReadings()
    {
        var op = await app.LoginAsync("operator");
        var (m, _) = await NewMeterAsync(op);
        await op.PostAsJsonAsync("/api/v1/meter-readings:batch", new { readings = new[] { R(m, "2026-01-31T23:00:00+08:00", 100m) } });

        var res = await (await op.PostAsJsonAsync("/api/v1/meter-readings:batch", new { readings = new[] { R(m, "2026-01-31T23:00:00+08:00", 100m), R(m, "2026-02-28T23:00:00+08:00", 150m) } })).JsonAsync();

        res.GetProperty("inserted").GetInt32().ShouldBe(1);
        res.GetProperty("unchanged").GetInt32().ShouldBe(1);
        (await ReadingCountAsync(m)).ShouldBe(2);
        (await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Entity == "MeterReading" && a.After!.Contains("\"readings\":1") && a.At > DateTime.UtcNow.AddMinutes(-1)))).ShouldBeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task Batch_AnotherValueForAStoredInstant_Is409PerRow_AndWritesNothingElse()
    {
        var op = await app.LoginAsync("operator");
        var (m, _) = await NewMeterAsync(op);
        await op.PostAsJsonAsync("/api/v1/meter-readings:batch", new { readings = new[] { R(m, "2026-01-31T23:00:00+08:00", 100m) } });

        var res = await op.PostAsJsonAsync("/api/v1/meter-readings:batch", new { readings = new[] { R(m, "2026-02-28T23:00:00+08:00", 150m), R(m, "2026-01-31T23:00:00+08:00", 101m) } });

        var problem = await res.ShouldBeProblemAsync(HttpStatusCode.Conflict, "ReadingMustNotChange", "readings[1].value");
        problem.GetProperty("problems").GetArrayLength().ShouldBe(1);
        (await ReadingCountAsync(m)).ShouldBe(1);
    }

    [Fact]
    public async Task Batch_NegativeValueOrEmpty_IsRefusedWithTheField()
    {
        var op = await app.LoginAsync("operator");
        var (m, _) = await NewMeterAsync(op);
        await (await op.PostAsJsonAsync("/api/v1/meter-readings:batch", new { readings = new[] { R(m, "2026-01-31T23:00:00+08:00", -1m) } }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "ReadingValueMustBeValid", "readings[0].value");
        await (await op.PostAsJsonAsync("/api/v1/meter-readings:batch", new { readings = Array.Empty<object>() }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, field: "readings");
    }

    [Fact]
    public async Task Batch_TenantOrGovernment_Is403()
    {
        foreach (var user in new[] { "tenant", "gov" })
        {
            var c = await app.LoginAsync(user);
            var res = await c.PostAsJsonAsync("/api/v1/meter-readings:batch", new { readings = new[] { R(1, "2026-01-31T23:00:00+08:00", 1m) } });
            res.StatusCode.ShouldBe(HttpStatusCode.Forbidden, user);
        }
    }

    [Fact]
    public async Task MeterList_Operator_ShowsEachMetersLatestReading_AndATenantTheSame()
    {
        var op = await app.LoginAsync("operator");
        var park = await app.ParkIdAsync();
        var (a, codeA) = await NewMeterAsync(op);
        var (b, codeB) = await NewMeterAsync(op, Utility.Water);
        var (c, codeC) = await NewMeterAsync(op);
        // sent out of order: the latest is the one with the latest time, not the last one sent
        var batch = new { readings = new[] { R(a, "2026-05-31T23:00:00+08:00", 500m), R(a, "2026-03-31T23:00:00+08:00", 300m), R(b, "2026-04-30T23:00:00+08:00", 41.5m), R(a, "2026-04-30T23:00:00+08:00", 400m) } };
        (await op.PostAsJsonAsync("/api/v1/meter-readings:batch", batch)).StatusCode.ShouldBe(HttpStatusCode.OK);

        foreach (var who in new[] { op, await app.LoginAsync("tenant") })
        {
            var items = (await (await who.GetAsync($"/api/v1/parks/{park}/meters?pageSize=200")).JsonAsync()).GetProperty("items").EnumerateArray()
                .ToDictionary(i => i.GetProperty("code").GetString()!);
            items[codeA].GetProperty("lastValue").GetDecimal().ShouldBe(500m);
            items[codeA].GetProperty("lastReadingAt").GetDateTime().ShouldBe(new DateTime(2026, 5, 31, 15, 0, 0, DateTimeKind.Utc));
            items[codeB].GetProperty("lastValue").GetDecimal().ShouldBe(41.5m);
            items[codeC].GetProperty("lastValue").ValueKind.ShouldBe(JsonValueKind.Null);
        }
    }

    [Fact]
    public async Task ManualReading_SameTwice_ChangesNothing_OtherValue_Is409()
    {
        var op = await app.LoginAsync("operator");
        var (m, _) = await NewMeterAsync(op);
        (await (await op.PostAsJsonAsync($"/api/v1/meters/{m}/readings", new { at = "2026-03-31T23:00:00", value = 42m })).JsonAsync()).GetProperty("inserted").GetInt32().ShouldBe(1);
        (await (await op.PostAsJsonAsync($"/api/v1/meters/{m}/readings", new { at = "2026-03-31T23:00:00", value = 42m })).JsonAsync()).GetProperty("unchanged").GetInt32().ShouldBe(1);
        await (await op.PostAsJsonAsync($"/api/v1/meters/{m}/readings", new { at = "2026-03-31T23:00:00", value = 43m }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "ReadingMustNotChange");
        var stored = (await StoredAsync(m)).Single();
        // a time without a zone is Beijing time
        stored.At.ShouldBe(new DateTime(2026, 3, 31, 15, 0, 0, DateTimeKind.Utc));
    }

    [Fact]
    public async Task Meter_DuplicateCodeOrForeignUnit_IsRefusedWithTheRule()
    {
        var op = await app.LoginAsync("operator");
        var park = await app.ParkIdAsync();
        var (_, code) = await NewMeterAsync(op);
        var unit = await app.WithDbAsync(db => db.Units.Where(u => u.ParkId == park).Select(u => u.Id).FirstAsync());
        await (await op.PostAsJsonAsync($"/api/v1/parks/{park}/meters", new { unitId = unit, utility = "Water", code }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "MeterCodeMustBeUnique", "code");
        var hmUnit = await app.WithDbAsync(async db => { var hm = await app.ParkIdAsync("DG-HM-01"); return await db.Units.Where(u => u.ParkId == hm).Select(u => u.Id).FirstAsync(); });
        await (await op.PostAsJsonAsync($"/api/v1/parks/{park}/meters", new { unitId = hmUnit, utility = "Water", code = Code() }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "MeterUnitMustBelongToPark", "unitId");
    }

    private static string Url(long park, bool dryRun = false) => $"/api/v1/parks/{park}/meter-readings:import?dryRun={(dryRun ? "true" : "false")}";

    [Fact]
    public async Task Import_MixedUnitsFile_IsRefusedAsAWhole()
    {
        var op = await app.LoginAsync("operator");
        var park = await app.ParkIdAsync();
        var (e, ecode) = await NewMeterAsync(op, Utility.Electricity);
        var (w, wcode) = await NewMeterAsync(op, Utility.Water);
        var csv = TestFiles.Csv("utf-8", "表号,读数时间,读数,单位", $"{ecode},2026-01-31 23:00,100,kWh", $"{wcode},2026-01-31 23:00,10,m³");

        var res = await op.PostAsync(Url(park), TestFiles.Form(csv, "readings.csv"));

        await res.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "ReadingFileMustHaveOneUnit", "file");
        (await ReadingCountAsync(e)).ShouldBe(0);
        (await ReadingCountAsync(w)).ShouldBe(0);
    }

    [Fact]
    public async Task Import_ABadRow_ImportsNothing_AndReportsRowColumnAndRule()
    {
        var op = await app.LoginAsync("operator");
        var park = await app.ParkIdAsync();
        var (m, code) = await NewMeterAsync(op);
        var xlsx = TestFiles.Xlsx(["表号", "读数时间", "读数"], [code, "2026-01-31 23:00", 100], ["NO-SUCH-METER", "2026-01-31 23:00", 5], [code, "2026-02-28 23:00", "abc"]);

        var res = await op.PostAsync(Url(park), TestFiles.Form(xlsx, "readings.xlsx"));

        var problem = await res.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "ImportRowsMustBeValid", "file");
        var problems = problem.GetProperty("report").GetProperty("problems").EnumerateArray().ToList();
        problems.Select(p => (p.GetProperty("row").GetInt32(), p.GetProperty("column").GetString(), p.GetProperty("rule").GetString()))
            .ShouldBe([(3, "表号", "ReadingMeterMustExist"), (4, "读数", "ValueMustBeReadable")]);
        (await ReadingCountAsync(m)).ShouldBe(0);
    }

    [Fact]
    public async Task Import_CleanFile_StoresReadings_FlagsABackwardsCounter_AndReimportChangesNothing()
    {
        var op = await app.LoginAsync("operator");
        var park = await app.ParkIdAsync();
        var (m, code) = await NewMeterAsync(op);
        var csv = TestFiles.Csv("gb18030", "表号,抄表时间,读数,单位", $"{code},2026-01-31 23:00,1000,kWh", $"{code},2026-02-15 12:00,1100,kWh", $"{code},2026-02-28 23:00,1050,kWh");

        var first = await (await op.PostAsync(Url(park), TestFiles.Form(csv, "readings.csv"))).JsonAsync();
        var again = await (await op.PostAsync(Url(park), TestFiles.Form(csv, "readings.csv"))).JsonAsync();

        first.GetProperty("inserted").GetInt32().ShouldBe(3);
        again.GetProperty("inserted").GetInt32().ShouldBe(0);
        again.GetProperty("unchanged").GetInt32().ShouldBe(3);
        var detail = await (await op.GetAsync($"/api/v1/meters/{m}")).JsonAsync();
        var flags = detail.GetProperty("anomalies").EnumerateArray().ToList();
        flags.Single().GetProperty("rule").GetString().ShouldBe("CounterMustNotGoBackwards");
        flags.Single().GetProperty("month").GetString().ShouldBe("2026-02");
    }

    [Fact]
    public async Task Scope_TenantSeesOnlyMetersOfItsOwnUnits_AndItsOwnConsumption()
    {
        var op = await app.LoginAsync("operator");
        var park = await app.ParkIdAsync();
        var (other, _) = await NewMeterAsync(op, occupant: "tenant2");
        var tenant = await app.LoginAsync("tenant");
        var mine = await app.EnterpriseOfAsync("tenant");
        var units = await app.WithDbAsync(db => db.Units.Where(u => u.OccupantEnterpriseId == mine).Select(u => u.Id).ToListAsync());

        var list = await (await tenant.GetAsync($"/api/v1/parks/{park}/meters?pageSize=200")).JsonAsync();
        var items = list.GetProperty("items").EnumerateArray().ToList();
        items.ShouldNotBeEmpty();
        items.ShouldAllBe(i => units.Contains(i.GetProperty("unitId").GetInt64()));
        (await tenant.GetAsync($"/api/v1/meters/{other}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await tenant.GetAsync($"/api/v1/meters/{other}/readings")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var month = DateTime.UtcNow.AddMonths(-1).ToString("yyyy-MM");
        var rows = (await (await tenant.GetAsync($"/api/v1/parks/{park}/consumption?month={month}")).JsonAsync()).EnumerateArray().ToList();
        rows.ShouldNotBeEmpty();
        rows.ShouldAllBe(r => r.GetProperty("enterpriseId").GetInt64() == mine);
        var all = (await (await op.GetAsync($"/api/v1/parks/{park}/consumption?month={month}")).JsonAsync()).EnumerateArray().ToList();
        all.Select(r => r.GetProperty("enterpriseId").GetInt64()).Distinct().Count().ShouldBeGreaterThan(1);
    }

    [Fact]
    public async Task Scope_GovernmentViewer_IsRefusedTheMeterList()
    {
        // meters are per firm: the county reads the park's aggregates, not this list (issue 13 §9)
        var gov = await app.LoginAsync("gov");
        var park = await app.ParkIdAsync();
        await (await gov.GetAsync($"/api/v1/parks/{park}/meters")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "GovernmentSeesAggregatesOnly");
    }

    [Fact]
    public async Task Tariff_BadPriceOrSameDayTwice_IsRefusedWithTheRule()
    {
        var op = await app.LoginAsync("operator");
        var park = await app.ParkIdAsync();
        await (await op.PostAsJsonAsync($"/api/v1/parks/{park}/utility-tariffs", new { utility = "Water", effectiveFrom = "2031-01-01", unitPrice = -1m }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "TariffPriceMustBeValid", "unitPrice");
        (await op.PostAsJsonAsync($"/api/v1/parks/{park}/utility-tariffs", new { utility = "Water", effectiveFrom = "2031-01-01", unitPrice = 5m })).StatusCode.ShouldBe(HttpStatusCode.Created);
        await (await op.PostAsJsonAsync($"/api/v1/parks/{park}/utility-tariffs", new { utility = "Water", effectiveFrom = "2031-01-01", unitPrice = 6m }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "TariffVersionsMustDiffer", "effectiveFrom");
        var list = (await (await op.GetAsync($"/api/v1/parks/{park}/utility-tariffs")).JsonAsync()).EnumerateArray().ToList();
        var v = list.Single(x => x.GetProperty("effectiveFrom").GetString() == "2031-01-01");
        v.GetProperty("classCSurcharge").GetDecimal().ShouldBe(0.15m);
        v.GetProperty("classDSurcharge").GetDecimal().ShouldBe(0.30m, "class D has its own default, not class C's");
    }

    [Fact]
    public async Task Tariff_ElectricityWithoutSurcharges_TakesTheClassDefaults()
    {
        var op = await app.LoginAsync("operator");
        var park = await app.ParkIdAsync();
        (await op.PostAsJsonAsync($"/api/v1/parks/{park}/utility-tariffs", new { utility = "Electricity", effectiveFrom = "2031-02-01", unitPrice = 0.9m })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var v = (await (await op.GetAsync($"/api/v1/parks/{park}/utility-tariffs")).JsonAsync()).EnumerateArray()
            .Single(x => x.GetProperty("effectiveFrom").GetString() == "2031-02-01" && x.GetProperty("utility").GetString() == "Electricity");
        v.GetProperty("classCSurcharge").GetDecimal().ShouldBe(0.10m);
        v.GetProperty("classDSurcharge").GetDecimal().ShouldBe(0.30m);
    }

    [Fact]
    public async Task MuClass_OperatorSetsIt_TenantCannot()
    {
        var op = await app.LoginAsync("operator");
        var ent = await app.EnterpriseOfAsync("tenant2");
        (await op.PutAsJsonAsync($"/api/v1/enterprises/{ent}/mu-class", new { muClass = "x" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var tenant = await app.LoginAsync("tenant");
        var res = await tenant.PutAsJsonAsync($"/api/v1/enterprises/{await app.EnterpriseOfAsync("tenant")}/mu-class", new { muClass = "A" });
        res.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task DemoBills_UtilityLines_ExplainReadingsTariffAndSurcharge_AndMatchTheTariffArithmetic()
    {
        var lines = await app.WithDbAsync(db => db.BillLines.Where(l => l.Kind == BillLineKind.Electricity || l.Kind == BillLineKind.Water).ToListAsync());
        lines.ShouldNotBeEmpty();
        var tariffs = await app.WithDbAsync(async db => (await db.UtilityTariffs.ToListAsync()).ToList());
        var classes = await app.WithDbAsync(db => db.Enterprises.ToDictionaryAsync(e => e.Id, e => e.MuClass));
        var c = lines.First(l => classes[l.EnterpriseId] == "C");
        var rules = JsonSerializer.Deserialize<List<JsonElement>>(c.RulesJson)!.Select(r => r.GetProperty("name").GetString()).ToList();
        rules.ShouldBe(["MeterReading", "Tariff", "MuClassSurcharge"]);
        foreach (var l in lines)
        {
            // the tariff's arithmetic written out here: use × price, plus for class C/D electricity use × the surcharge per
            // kWh, for water the surcharge as a share of the water amount; rounded half away from zero to the 分 once
            // the demo's own tariff (other tests of this class add versions effective from 2031 on)
            var t = tariffs.Single(x => x.ParkId == l.ParkId && x.Utility == (l.Kind == BillLineKind.Electricity ? Utility.Electricity : Utility.Water) && x.EffectiveFrom.Year < 2030);
            var surcharge = classes[l.EnterpriseId] switch { "C" => t.ClassCSurcharge, "D" => t.ClassDSurcharge, _ => 0m };
            var exact = l.Kind == BillLineKind.Electricity ? l.Quantity * (t.UnitPrice + surcharge) : l.Quantity * t.UnitPrice * (1 + surcharge);
            l.Amount.ShouldBe(Math.Round(exact, 2, MidpointRounding.AwayFromZero), $"line {l.Id}");
        }
        // every bill still adds up
        var off = await app.WithDbAsync(async db => (await db.Bills.Include(b => b.Lines).ToListAsync()).Count(b => b.Lines.Sum(x => x.Amount) != b.Total));
        off.ShouldBe(0);
    }

    [Fact]
    public async Task BillRun_CurrentMonth_ChargesLateFeesOnOverdueBills_AndRerunChangesNothing()
    {
        var op = await app.LoginAsync("operator");
        var park = await app.ParkIdAsync();
        var month = await app.WithDbAsync(async db => (await db.Bills.Where(b => b.ParkId == park).MaxAsync(b => b.Month)).AddMonths(1));
        var overdue = await app.WithDbAsync(async db => (await db.Bills.Where(b => b.ParkId == park && (b.State == BillState.Issued || b.State == BillState.PartiallyPaid) && b.DueDate < month).ToListAsync())
            .Where(b => b.Total > b.Paid).ToList());
        overdue.ShouldNotBeEmpty();

        var run = await op.PostAsJsonAsync($"/api/v1/parks/{park}/bill-runs", new { month = month.ToString("yyyy-MM") });
        run.StatusCode.ShouldBe(HttpStatusCode.OK, await run.Content.ReadAsStringAsync());
        var counts = await app.WithDbAsync(async db => (await db.Bills.CountAsync(), await db.BillLines.CountAsync(), await db.BillRuns.CountAsync(), await db.AuditEntries.CountAsync()));
        var rerun = await (await op.PostAsJsonAsync($"/api/v1/parks/{park}/bill-runs", new { month = month.ToString("yyyy-MM") })).JsonAsync();

        rerun.GetProperty("billsCreated").GetInt32().ShouldBe(0);
        (await app.WithDbAsync(async db => (await db.Bills.CountAsync(), await db.BillLines.CountAsync(), await db.BillRuns.CountAsync(), await db.AuditEntries.CountAsync()))).ShouldBe(counts);
        var policy = await app.WithDbAsync(db => db.LateFeePolicies.SingleAsync(p => p.ParkId == park));
        var fees = await app.WithDbAsync(db => db.BillLines.Where(l => l.Kind == BillLineKind.LateFee && l.ParkId == park).Join(db.Bills.Where(b => b.Month == month), l => l.BillId, b => b.Id, (l, b) => l).ToListAsync());
        fees.Select(f => f.EnterpriseId).Order().ShouldBe(overdue.Select(b => b.EnterpriseId).Distinct().Order());
        foreach (var f in fees)
        {
            // written out: each overdue bill's outstanding × the daily rate × its late days in the month before the billed
            // one (from the day after due date + grace, at the earliest that month's 1st, to its last day); rounded once
            var (from, to) = (month.AddMonths(-1), month.AddDays(-1));
            var exact = overdue.Where(b => b.EnterpriseId == f.EnterpriseId).Sum(b =>
            {
                var firstLate = b.DueDate.AddDays(1 + policy.GraceDays);
                var days = Math.Max(0, to.DayNumber - (firstLate > from ? firstLate : from).DayNumber + 1);
                return (b.Total - b.Paid) * policy.DailyRate * days;
            });
            f.Amount.ShouldBe(Math.Round(exact, 2, MidpointRounding.AwayFromZero));
        }
    }

    [Fact]
    public async Task Progress_AfterARun_ReportsCompleted_AndIsHiddenFromTenants()
    {
        var park = await app.ParkIdAsync("DG-HM-01");
        var op2 = await app.LoginAsync("operator2");
        // a month with bills still to make (the one after the demo's last), so the run has work to report
        var month = await app.WithDbAsync(async db => (await db.Bills.Where(b => b.ParkId == park).MaxAsync(b => b.Month)).AddMonths(1).ToString("yyyy-MM"));
        var run = await (await op2.PostAsJsonAsync($"/api/v1/parks/{park}/bill-runs", new { month })).JsonAsync();
        run.GetProperty("billsCreated").GetInt32().ShouldBeGreaterThan(0);
        var p = await (await op2.GetAsync($"/api/v1/parks/{park}/bill-runs/progress")).JsonAsync();
        p.GetProperty("state").GetString().ShouldBe("Completed");
        p.GetProperty("month").GetString().ShouldBe(month);
        p.GetProperty("percent").GetInt32().ShouldBe(100);
        p.GetProperty("total").GetInt32().ShouldBeGreaterThanOrEqualTo(run.GetProperty("billsCreated").GetInt32());
        // a tenant of the park it runs in does not see it either
        var ownPark = await app.ParkIdAsync();
        (await (await app.LoginAsync("tenant")).GetAsync($"/api/v1/parks/{ownPark}/bill-runs/progress")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Anomalies_ScanTwice_SecondScanChangesNothing()
    {
        var op = await app.LoginAsync("operator");
        var park = await app.ParkIdAsync();
        var month = DateTime.UtcNow.AddMonths(-3).ToString("yyyy-MM");
        await op.PostAsJsonAsync($"/api/v1/parks/{park}/meter-anomalies:scan", new { month });
        var again = await (await op.PostAsJsonAsync($"/api/v1/parks/{park}/meter-anomalies:scan", new { month })).JsonAsync();
        again.GetProperty("added").GetInt32().ShouldBe(0);
        again.GetProperty("removed").GetInt32().ShouldBe(0);
        var flags = (await (await op.GetAsync($"/api/v1/parks/{park}/meter-anomalies?month={month}")).JsonAsync()).EnumerateArray().ToList();
        flags.Select(f => f.GetProperty("rule").GetString()).ShouldContain("UseSpikeAboveFiveTimesMedian");
    }
}
