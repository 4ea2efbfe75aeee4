using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ParkOps.Domain.Metering;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Metering;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Metering;

/// <summary>A host whose background merge of the reading inbox is off, so a test sees exactly what waits there.</summary>
public sealed class NoInboxMergeFactory : ParkOpsFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ParkOps:Metering:InboxMergeMilliseconds", "0");
    }
}

/// <summary>
/// SQLite keeps new readings in a time-ordered inbox until they are merged into MeterReadings (ReadingInbox). What a
/// gateway or a user sees must not depend on whether a reading has been merged yet: resends, conflicts, readers and
/// the bill run's use all see both tables. On PostgreSQL there is no inbox and the same answers must hold.
/// </summary>
public sealed class ReadingInboxTests(NoInboxMergeFactory app) : IClassFixture<NoInboxMergeFactory>
{
    private static bool Sqlite => ParkOpsFactory.Provider == DatabaseProvider.Sqlite;
    private static object R(long meterId, string at, decimal value) => new { meterId, at, value };

    private async Task<long> NewMeterAsync(HttpClient op)
    {
        var park = await app.ParkIdAsync();
        var ent = await app.EnterpriseOfAsync("tenant");
        var unit = await app.WithDbAsync(db => db.Units.Where(u => u.OccupantEnterpriseId == ent).OrderBy(u => u.Id).Select(u => u.Id).FirstAsync());
        var res = await op.PostAsJsonAsync($"/api/v1/parks/{park}/meters", new { unitId = unit, utility = nameof(Utility.Electricity), code = "IB" + Guid.NewGuid().ToString("N")[..8] }, Demo.Json);
        res.StatusCode.ShouldBe(HttpStatusCode.Created, await res.Content.ReadAsStringAsync());
        return (await res.JsonAsync()).GetProperty("id").GetInt64();
    }

    /// <summary>(waiting in the inbox, in MeterReadings) for a meter, read straight from the tables without merging.</summary>
    private Task<(int Waiting, int Stored)> WhereAsync(long meterId) => app.WithDbAsync(async db => (
        Sqlite ? await db.Set<InboxReading>().CountAsync(r => r.MeterId == meterId) : 0,
        await db.MeterReadings.CountAsync(r => r.MeterId == meterId)));

    [Fact]
    public async Task Batch_WaitsInTheInbox_AndTheMetersPageShowsIt_MergedOnce()
    {
        var op = await app.LoginAsync("operator");
        var m = await NewMeterAsync(op);
        var res = await op.PostAsJsonAsync("/api/v1/meter-readings:batch", new { readings = new[] { R(m, "2026-01-31T23:00:00+08:00", 100m), R(m, "2026-02-28T23:00:00+08:00", 180.5m) } });
        (await res.JsonAsync()).GetProperty("inserted").GetInt32().ShouldBe(2);
        (await WhereAsync(m)).ShouldBe(Sqlite ? (2, 0) : (0, 2));

        // a reader merges before it reads: the readings are there, in order, with their values
        var detail = await (await op.GetAsync($"/api/v1/meters/{m}/readings")).JsonAsync();
        detail.EnumerateArray().Select(r => r.GetProperty("value").GetDecimal()).ShouldBe([100m, 180.5m]);
        (await WhereAsync(m)).ShouldBe((0, 2));
        // a second merge has nothing to move
        (await app.WithDbAsync(db => ReadingInbox.FlushAsync(db, default))).ShouldBe(0);
    }

    [Fact]
    public async Task Resend_WhileWaiting_IsUnchanged_AnotherValue_Is409_AndNothingMoves()
    {
        var op = await app.LoginAsync("operator");
        var m = await NewMeterAsync(op);
        var batch = new { readings = new[] { R(m, "2026-03-31T23:00:00+08:00", 300m) } };
        (await op.PostAsJsonAsync("/api/v1/meter-readings:batch", batch)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var again = await (await op.PostAsJsonAsync("/api/v1/meter-readings:batch", batch)).JsonAsync();
        again.GetProperty("inserted").GetInt32().ShouldBe(0);
        again.GetProperty("unchanged").GetInt32().ShouldBe(1);
        var other = await op.PostAsJsonAsync("/api/v1/meter-readings:batch", new { readings = new[] { R(m, "2026-04-30T23:00:00+08:00", 390m), R(m, "2026-03-31T23:00:00+08:00", 301m) } });
        other.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await other.Content.ReadAsStringAsync()).ShouldContain("ReadingMustNotChange");
        // the refused batch wrote nothing, not even its new April reading
        (await WhereAsync(m)).ShouldBe(Sqlite ? (1, 0) : (0, 1));
    }

    [Fact]
    public async Task BatchMixingAWaitingAndANewInstant_StoresTheNewOne_AndNoInstantTwice()
    {
        var op = await app.LoginAsync("operator");
        var m = await NewMeterAsync(op);
        await op.PostAsJsonAsync("/api/v1/meter-readings:batch", new { readings = new[] { R(m, "2026-05-31T23:00:00+08:00", 500m) } });
        var res = await (await op.PostAsJsonAsync("/api/v1/meter-readings:batch", new { readings = new[] { R(m, "2026-05-31T23:00:00+08:00", 500m), R(m, "2026-06-30T23:00:00+08:00", 620m) } })).JsonAsync();
        res.GetProperty("inserted").GetInt32().ShouldBe(1);
        res.GetProperty("unchanged").GetInt32().ShouldBe(1);

        await app.WithDbAsync(db => ReadingInbox.FlushAsync(db, default));
        var stored = await app.WithDbAsync(db => db.MeterReadings.Where(r => r.MeterId == m).OrderBy(r => r.At).Select(r => r.Value).ToListAsync());
        stored.ShouldBe([500m, 620m]);
        (await WhereAsync(m)).ShouldBe((0, 2));
    }

    [Fact]
    public async Task AfterTheMerge_AResendIsStillRecognised()
    {
        var op = await app.LoginAsync("operator");
        var m = await NewMeterAsync(op);
        var batch = new { readings = new[] { R(m, "2026-07-31T23:00:00+08:00", 700m), R(m, "2026-08-31T23:00:00+08:00", 810m) } };
        await op.PostAsJsonAsync("/api/v1/meter-readings:batch", batch);
        await app.WithDbAsync(db => ReadingInbox.FlushAsync(db, default));

        var again = await (await op.PostAsJsonAsync("/api/v1/meter-readings:batch", batch)).JsonAsync();
        again.GetProperty("unchanged").GetInt32().ShouldBe(2);
        (await WhereAsync(m)).ShouldBe((0, 2));
        var other = await op.PostAsJsonAsync("/api/v1/meter-readings:batch", new { readings = new[] { R(m, "2026-08-31T23:00:00+08:00", 811m) } });
        other.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task MonthUse_CountsReadingsStillWaiting()
    {
        var op = await app.LoginAsync("operator");
        var m = await NewMeterAsync(op);
        var park = await app.ParkIdAsync();
        await op.PostAsJsonAsync("/api/v1/meter-readings:batch", new { readings = new[] { R(m, "2026-09-01T00:30:00+08:00", 1000m), R(m, "2026-09-30T23:00:00+08:00", 1250m) } });
        if (Sqlite) (await WhereAsync(m)).ShouldBe((2, 0));

        // the use the bill run charges is computed from both tables' readings: 1,250 − 1,000
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(ActorScope.System);
        var uses = await scope.ServiceProvider.GetRequiredService<MeteringService>().MonthUseAsync(park, new DateOnly(2026, 9, 1), null, default);
        uses.Single(u => u.MeterId == m).Use.ShouldBe(250m);
    }
}
