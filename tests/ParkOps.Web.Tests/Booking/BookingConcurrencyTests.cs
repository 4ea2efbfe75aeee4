using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Booking;
using ParkOps.Web.Tests.Infrastructure;
using static ParkOps.Web.Tests.Booking.BookingApi;

namespace ParkOps.Web.Tests.Booking;

/// <summary>No two live bookings of one resource overlap, however many requests race, on one app instance or two.</summary>
[Collection(DemoCollection.Name)]
public sealed class BookingConcurrencyTests(ParkOpsFactory app)
{
    private Task<int> LiveBookingsAsync(long resourceId, DateOnly day) => app.WithDbAsync(db =>
    {
        var (a, b) = (At(day, "00:00"), At(day.AddDays(1), "00:00"));
        var (from, to) = (Parse(a).UtcDateTime, Parse(b).UtcDateTime);
        return db.Bookings.CountAsync(x => x.ResourceId == resourceId && x.Live && x.Start >= from && x.Start < to);
    });

    private static async Task<List<HttpStatusCode>> FireAsync(IReadOnlyList<HttpClient> clients, int count, long resourceId, object body)
    {
        var results = await FireWithBodiesAsync(clients, count, resourceId, body);
        var odd = results.Where(r => r.Status is not (HttpStatusCode.Created or HttpStatusCode.Conflict)).Select(r => $"{(int)r.Status}: {r.Body}").ToList();
        odd.ShouldBeEmpty(string.Join("\n", odd.Take(3)));
        return results.Select(r => r.Status).ToList();
    }

    private static async Task<List<(HttpStatusCode Status, string Body)>> FireWithBodiesAsync(IReadOnlyList<HttpClient> clients, int count, long resourceId, object body)
    {
        // all requests are made ready first and released together
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, count).Select(async i =>
        {
            await gate.Task;
            var res = await clients[i % clients.Count].PostAsJsonAsync($"/api/v1/resources/{resourceId}/bookings", body);
            return (res.StatusCode, await res.Content.ReadAsStringAsync());
        }).ToList();
        gate.SetResult();
        return [.. await Task.WhenAll(tasks)];
    }

    [Fact]
    public async Task Book_200SimultaneousRequestsForOneSlot_ExactlyOneWinsAndTheRestGet409()
    {
        var room = await app.ResourceIdAsync("A-MR-101");
        var day = Weekday(50);
        var clients = new[] { await app.LoginAsync("tenant"), await app.LoginAsync("tenant2") };
        var outcomes = await FireAsync(clients, 200, room, Body(day, "10:00", "11:00", "并发测试"));
        outcomes.Count(o => o == HttpStatusCode.Created).ShouldBe(1, string.Join(",", outcomes.GroupBy(o => o).Select(g => $"{(int)g.Key}×{g.Count()}")));
        outcomes.Count(o => o == HttpStatusCode.Conflict).ShouldBe(199);
        (await LiveBookingsAsync(room, day)).ShouldBe(1);
    }

    [Fact]
    public async Task Book_OverlappingButDifferentSlotsAtOnce_NeverOverlapInTheDatabase()
    {
        // 60 requests for staggered slots 09:00–10:00, 09:15–10:15, … of one room: some win, none overlap (buffer included)
        var room = await app.ResourceIdAsync("A-MR-101");
        var day = Weekday(51);
        var clients = new[] { await app.LoginAsync("tenant"), await app.LoginAsync("tenant2") };
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, 60).Select(async i =>
        {
            await gate.Task;
            var start = new TimeOnly(9, 0).AddMinutes(15 * (i % 20));
            var res = await clients[i % 2].PostAsJsonAsync($"/api/v1/resources/{room}/bookings", Body(day, start.ToString("HH:mm"), start.AddHours(1).ToString("HH:mm")));
            return (res.StatusCode, Body: await res.Content.ReadAsStringAsync());
        }).ToList();
        gate.SetResult();
        var results = await Task.WhenAll(tasks);
        var odd = results.Where(r => r.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.Conflict)).Select(r => $"{(int)r.StatusCode}: {r.Body}").ToList();
        odd.ShouldBeEmpty(string.Join("\n", odd.Take(3)));
        var outcomes = results.Select(r => r.StatusCode).ToList();
        outcomes.Count(o => o == HttpStatusCode.Created).ShouldBeGreaterThan(0);
        var (from, to) = (Parse(At(day, "00:00")).UtcDateTime, Parse(At(day.AddDays(1), "00:00")).UtcDateTime);
        var rows = await app.WithDbAsync(db => db.Bookings.Where(x => x.ResourceId == room && x.Live && x.Start >= from && x.Start < to).OrderBy(x => x.Start).ToListAsync());
        for (var i = 1; i < rows.Count; i++) rows[i].Start.ShouldBeGreaterThanOrEqualTo(rows[i - 1].BlockedUntil, $"bookings {rows[i - 1].Id} and {rows[i].Id} overlap");
    }

    /// <summary>A second app instance on the same database (its own process state, connection pool and sign-in).</summary>
    private sealed class SecondInstance(DatabaseOptions database) : WebApplicationFactory<Program>
    {
        private readonly string _keys = Path.Combine(Path.GetTempPath(), "parkops-tests", "second-" + Guid.NewGuid().ToString("N"));

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ParkOps:DataProtection:KeysPath", _keys);
            builder.ConfigureServices(s =>
            {
                s.RemoveAll<DatabaseOptions>();
                s.AddSingleton(database);
                s.RemoveAll<Features.Auth.SecurityOptions>();
                s.AddSingleton(new Features.Auth.SecurityOptions { LoginPermitsPerMinute = 100_000 });
            });
        }

        public async Task<HttpClient> LoginAsync(string user)
        {
            var c = CreateClient();
            var res = await c.PostAsJsonAsync("/api/v1/auth/login", new { userName = user, password = Features.Demo.DemoSeeder.Password });
            res.EnsureSuccessStatusCode();
            var token = (await res.Content.ReadFromJsonAsync<ParkOpsFactory.TokenResponse>())!.AccessToken;
            c.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            return c;
        }
    }

    [Fact]
    public async Task Book_RacingAcrossTwoAppInstances_ExactlyOneWins()
    {
        var room = await app.ResourceIdAsync("A-MR-102");
        var day = Weekday(52);
        await using var second = new SecondInstance(app.Database);
        var clients = new[] { await app.LoginAsync("tenant"), await second.LoginAsync("tenant2"), await app.LoginAsync("tenant2"), await second.LoginAsync("tenant") };
        var outcomes = await FireAsync(clients, 80, room, Body(day, "10:00", "11:00", "双实例并发"));
        outcomes.Count(o => o == HttpStatusCode.Created).ShouldBe(1);
        outcomes.Count(o => o == HttpStatusCode.Conflict).ShouldBe(79);
        (await LiveBookingsAsync(room, day)).ShouldBe(1);
    }

    [PostgresFact("the exclusion constraint is PostgreSQL's; on SQLite the service's check and the write lock keep bookings apart")]
    public async Task Database_OverlappingInsertBehindTheApisBack_IsRefusedOnPostgres()
    {
        // on PostgreSQL the guarantee is the database's own: an insert that skips the service still cannot overlap
        var room = await app.ResourceIdAsync("A-MR-102");
        var day = Weekday(53);
        await (await (await app.LoginAsync("tenant")).BookAsync(room, Body(day, "10:00", "11:00"))).BookedIdAsync();
        var enterprise = await app.EnterpriseOfAsync("tenant2");
        var park = await app.ParkIdAsync();
        var ex = await Should.ThrowAsync<DbUpdateException>(() => app.WithDbAsync(async db =>
        {
            var b = new ResourceBooking { ParkId = park, EnterpriseId = enterprise, ResourceId = room, UserId = 0, Start = Parse(At(day, "10:30")).UtcDateTime, End = Parse(At(day, "11:30")).UtcDateTime, BlockedUntil = Parse(At(day, "11:40")).UtcDateTime, Purpose = "绕过服务", CreatedAt = DateTime.UtcNow };
            b.SetState(ParkOps.Domain.Booking.BookingState.Confirmed);
            db.Bookings.Add(b);
            return await db.SaveChangesAsync();
        }));
        BookingService.IsOverlap(ex).ShouldBeTrue(ex.InnerException?.Message);
    }
}
