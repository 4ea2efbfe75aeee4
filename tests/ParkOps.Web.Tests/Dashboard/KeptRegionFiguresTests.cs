using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ParkOps.Domain.Marketplace;
using ParkOps.Domain.Monitoring;
using ParkOps.Domain.Risk;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Dashboard;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Marketplace;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Features.Risk;
using ParkOps.Web.Features.Users;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Platform;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Dashboard;

/// <summary>
/// The region view keeps each park's quarter figures (issue 14: 2,000 parks under a second) and reads them again until
/// the park's data changes: a save, a set-wise insert or a write around the change tracker marks the park
/// (<see cref="ParkChanges"/>), and only that park is gathered again; the running quarter is gathered again when its
/// day moves on. What the view answers from kept figures is what gathering answers. The demo's two parks of 东莞市, on a
/// host whose clock the tests move.
/// </summary>
public sealed class KeptRegionFiguresTests(ClockedParkOpsFactory app) : IClassFixture<ClockedParkOpsFactory>
{
    private DateOnly Today => DateOnly.FromDateTime(Time.ToShanghai(app.Clock.GetUtcNow().UtcDateTime));

    private Task<long> CityAsync() => app.WithDbAsync(async db => (await db.Regions.SingleAsync(r => r.Code == "441900")).Id);

    private Task<long> ParkAsync(string code) => app.WithDbAsync(async db => (await db.Parks.IgnoreQueryFilters().SingleAsync(p => p.Code == code)).Id);

    private static async Task<JsonElement> GetAsync(HttpClient client, string url)
    {
        var res = await client.GetAsync(url);
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        return await res.JsonAsync();
    }

    /// <summary>The kept rows of the quarters <paramref name="from"/>..<paramref name="to"/>: (park, quarter) → (row id, day read on).</summary>
    private Task<Dictionary<(long Park, int Quarter), (long Id, DateOnly AsOf)>> KeptAsync(Quarter from, Quarter to) => app.WithDbAsync(async db =>
        (await db.Set<ParkQuarterSnapshot>().AsNoTracking().Where(s => s.Quarter >= from.Index && s.Quarter <= to.Index).ToListAsync())
            .ToDictionary(s => (s.ParkId, s.Quarter), s => (s.Id, s.AsOf)));

    private static JsonElement Kpi(JsonElement cells, string kpi) =>
        cells.EnumerateArray().Single(k => k.GetProperty("kpi").GetString() == kpi);

    private static JsonElement Row(JsonElement region, long parkId) =>
        region.GetProperty("parks").EnumerateArray().Single(p => p.GetProperty("parkId").GetInt64() == parkId).GetProperty("kpis");

    [Fact]
    public async Task KeptFigures_AreReadUntilTheParksDataChanges_ThenThatParkAloneIsGatheredAgain()
    {
        var (city, ca, hm) = (await CityAsync(), await ParkAsync("DG-CA-01"), await ParkAsync("DG-HM-01"));
        var gov = await app.LoginAsync("gov");
        var q = Quarter.Of(Today).Previous;
        var (from, url) = (q.Plus(-(DashboardService.TrendQuarters - 1)), $"/api/v1/regions/{city}/parks-overview?quarter={q}");

        var first = await GetAsync(gov, url);
        var kept = await KeptAsync(from, q);
        // every park of the region, every quarter of the trend, read on the quarter's last day (all of them ended)
        foreach (var park in new[] { ca, hm })
            foreach (var s in Quarter.Span(from, q))
                kept[(park, s.Index)].AsOf.ShouldBe(s.LastDay);

        // asked again with nothing changed: the same answer from the same rows
        (await GetAsync(gov, url)).GetRawText().ShouldBe(first.GetRawText());
        (await KeptAsync(from, q)).ShouldBe(kept);

        // the park's land doubled through an ordinary save: its per-mu figures halve, and only its rows are gathered again
        var land = await app.WithDbAsync(async db =>
        {
            var park = await db.Parks.IgnoreQueryFilters().SingleAsync(p => p.Id == ca);
            var before = park.LandMu;
            park.LandMu = before * 2;
            await db.SaveChangesAsync();
            return before;
        });
        var after = await GetAsync(gov, url);
        var own = Kpi((await GetAsync(gov, $"/api/v1/parks/{ca}/dashboard?quarter={q}")).GetProperty("kpis"), "taxPerMu");
        own.GetProperty("denominator").GetDecimal().ShouldBe(land * 2);
        var taxPerMu = Kpi(Row(after, ca), "taxPerMu").GetProperty("value");
        taxPerMu.GetDecimal().ShouldBe(own.GetProperty("value").GetDecimal());
        taxPerMu.GetDecimal().ShouldNotBe(Kpi(Row(first, ca), "taxPerMu").GetProperty("value").GetDecimal());
        Row(after, hm).GetRawText().ShouldBe(Row(first, hm).GetRawText());
        var again = await KeptAsync(from, q);
        foreach (var s in Quarter.Span(from, q))
        {
            again[(hm, s.Index)].ShouldBe(kept[(hm, s.Index)]);
            again[(ca, s.Index)].Id.ShouldNotBe(kept[(ca, s.Index)].Id);
        }
    }

    [Fact]
    public async Task TheRunningQuarter_IsReadOnItsDay_AndGatheredAgainWhenTheDayMovesOn()
    {
        var (city, ca) = (await CityAsync(), await ParkAsync("DG-CA-01"));
        var gov = await app.LoginAsync("gov");
        var q = Quarter.Of(Today);
        var url = $"/api/v1/regions/{city}/parks-overview?quarter={q}";
        await GetAsync(gov, url);
        var today = (await KeptAsync(q, q))[(ca, q.Index)];
        today.AsOf.ShouldBe(Today);

        app.Clock.Advance(TimeSpan.FromDays(1));
        // (a day later the sign-in has lapsed: sign in again)
        await GetAsync(await app.LoginAsync("gov"), url);
        var next = (await KeptAsync(q, q))[(ca, q.Index)];
        // the quarter is read on its last day once it has ended, else on the new day: either way on another day than before
        next.AsOf.ShouldBe(q.LastDay < Today ? q.LastDay : Today);
        next.AsOf.ShouldNotBe(today.AsOf);
        next.Id.ShouldNotBe(today.Id);
    }

    private async Task<int> RefreshAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(ActorScope.System);
        return await scope.ServiceProvider.GetRequiredService<DashboardService>().RefreshKeptAsync(default);
    }

    [Fact]
    public async Task TheRefresher_GathersAgainWhatWentStale_AndThenNothing()
    {
        var (city, hm) = (await CityAsync(), await ParkAsync("DG-HM-01"));
        var q = Quarter.Of(Today).Previous;
        var from = q.Plus(-(DashboardService.TrendQuarters - 1));
        await GetAsync(await app.LoginAsync("gov"), $"/api/v1/regions/{city}/parks-overview?quarter={q}");
        // everything the region view has been asked about is brought up to date once; a second round finds nothing stale
        await RefreshAsync();
        (await RefreshAsync()).ShouldBe(0);
        var before = await KeptAsync(from, q);

        // a firm of DG-HM-01 edited: that park alone is gathered again, in both trends the refresher keeps (this quarter's and the last)
        await app.WithDbAsync(async db =>
        {
            var firm = await db.Enterprises.IgnoreQueryFilters().Where(x => x.ParkId == hm).OrderBy(x => x.Id).FirstAsync();
            firm.UpdatedAt = firm.UpdatedAt.AddMinutes(1);
            return await db.SaveChangesAsync();
        });
        (await RefreshAsync()).ShouldBe(2);
        var after = await KeptAsync(from, q);
        foreach (var (key, row) in before)
            if (key.Park == hm) after[key].Id.ShouldNotBe(row.Id);
            else after[key].ShouldBe(row);
        (await RefreshAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Saves_SetWiseInserts_AndCollaborations_MarkTheParksTheyTouch_AndNothingElse()
    {
        var (ca, hm) = (await ParkAsync("DG-CA-01"), await ParkAsync("DG-HM-01"));
        Task<Dictionary<long, long>> Stamps() => app.WithDbAsync(db => ParkChanges.StampsAsync(db, [ca, hm], default));
        var start = await Stamps();
        long S(Dictionary<long, long> d, long park) => d.GetValueOrDefault(park);

        // a save touching no park (a user's display name): no mark
        await app.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.UserName == "gov");
            user.DisplayName += "·";
            return await db.SaveChangesAsync();
        });
        (await Stamps()).ShouldBe(start);

        // a set-wise insert of park-owned rows (two alerts of DG-HM-01): one mark for the park, in the insert's transaction
        await app.WithDbAsync(async db =>
        {
            var firm = await db.Enterprises.IgnoreQueryFilters().Where(e => e.ParkId == hm).Select(e => e.Id).FirstAsync();
            var q = Quarter.Of(Today).Previous;
            var at = app.Clock.GetUtcNow().UtcDateTime;
            var alerts = new[] { "kept-a", "kept-b" }.Select(key => RiskAlert.Raise(hm, new RiskFinding(AlertType.MissingReport, AlertSeverity.Low, firm, key, q,
                new ReportEvidence("missing", q.ToString(), q.LastDay.AddDays(15), null, 0)), "{}", at)).ToList();
            await using var tx = await db.Database.BeginTransactionAsync();
            await SetWriter.InsertAsync(db, alerts);
            await tx.CommitAsync();
            return 0;
        });
        var afterAlerts = await Stamps();
        S(afterAlerts, hm).ShouldBe(S(start, hm) + 1);
        S(afterAlerts, ca).ShouldBe(S(start, ca));

        // a collaboration between the two parks' firms: both parks marked by the one save
        await app.WithDbAsync(async db =>
        {
            var need = await db.Enterprises.IgnoreQueryFilters().Where(e => e.ParkId == ca).Select(e => e.Id).FirstAsync();
            var offer = await db.Enterprises.IgnoreQueryFilters().Where(e => e.ParkId == hm).Select(e => e.Id).FirstAsync();
            var posts = await db.Posts.IgnoreQueryFilters().OrderBy(p => p.Id).Select(p => p.Id).Take(2).ToListAsync();
            var now = app.Clock.GetUtcNow().UtcDateTime;
            db.Add(new Collaboration { ParkId = ca, OfferParkId = hm, NeedPostId = posts[0], OfferPostId = posts[1], NeedEnterpriseId = need, OfferEnterpriseId = offer,
                InquirerEnterpriseId = need, State = CollaborationState.Delivered, Amount = 100m, DeliveredOn = Today, CreatedBy = "test", CreatedAt = now, UpdatedAt = now });
            return await db.SaveChangesAsync();
        });
        var afterCollaboration = await Stamps();
        S(afterCollaboration, ca).ShouldBe(S(afterAlerts, ca) + 1);
        S(afterCollaboration, hm).ShouldBe(S(afterAlerts, hm) + 1);

        // compacting the marks leaves every stamp as it was
        await app.WithDbAsync(async db =>
        {
            for (var i = 0; i < 10; i++) await ParkChanges.MarkAsync(db, [ca], default);
            await ParkChanges.CompactAsync(db, [ca, hm], default);
            return 0;
        });
        var compacted = await Stamps();
        S(compacted, ca).ShouldBe(S(afterCollaboration, ca) + 10);
        S(compacted, hm).ShouldBe(S(afterCollaboration, hm));
        (await app.WithDbAsync(db => db.Set<ParkChange>().CountAsync(c => c.ParkId == ca))).ShouldBe(1);
    }
}
