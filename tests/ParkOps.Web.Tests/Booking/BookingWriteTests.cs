using System.Net;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Audit;
using ParkOps.Web.Features.Booking;
using ParkOps.Web.Tests.Infrastructure;
using static ParkOps.Web.Tests.Booking.BookingApi;

namespace ParkOps.Web.Tests.Booking;

/// <summary>
/// How a booking is written: with its audit row, both or neither. On PostgreSQL the booking's id comes from a
/// sequence in blocks, so the booking and its audit row travel in one batch, which PostgreSQL runs as one transaction.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class BookingWriteTests(ParkOpsFactory app)
{
    /// <summary>A room of this class's own (other classes book the demo rooms on fixed days).</summary>
    private async Task<long> OwnRoomAsync()
    {
        var park = await app.ParkIdAsync();
        return await app.WithDbAsync(async db =>
        {
            if (await db.Resources.Where(r => r.ParkId == park && r.Code == "T-WRITE").Select(r => (long?)r.Id).FirstOrDefaultAsync() is { } id) return id;
            var r = new Resource
            {
                ParkId = park, Code = "T-WRITE", Name = "写入测试室", Kind = ResourceKind.MeetingRoom, Capacity = 4, Opens = new TimeOnly(8, 0), Closes = new TimeOnly(21, 0),
                OpenOnWeekends = true, HourlyRate = 10m, MinMinutes = 30, MaxMinutes = 240, BufferMinutes = 0, HorizonDays = 90, CancelNoticeHours = 0, CreatedAt = DateTime.UtcNow,
            };
            db.Resources.Add(r);
            await db.SaveChangesAsync();
            return r.Id;
        });
    }

    [Fact]
    public async Task Book_WritesItsAuditRowUnderItsOwnId()
    {
        var room = await OwnRoomAsync();
        var id = await (await (await app.LoginAsync("tenant")).BookAsync(room, Body(TodayInShanghai.AddDays(72), "16:00", "17:00", "审计行"))).BookedIdAsync();
        var rows = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Entity == nameof(ResourceBooking) && a.EntityKey == id.ToString()).ToListAsync());
        rows.Count.ShouldBe(1);
        rows[0].Action.ShouldBe("Created");
        rows[0].ActorName.ShouldBe("tenant");
        rows[0].After!.ShouldContain($"\"Id\":{id}");
        rows[0].After!.ShouldContain("审计行");
    }

    /// <summary>
    /// A trigger refuses one of the two rows of this one booking (picked by its purpose): whichever statement of the
    /// save fails, and in whichever order EF Core sends them, neither row may stay.
    /// </summary>
    [Theory]
    [InlineData("AuditEntries", "After")]
    [InlineData("Bookings", "Purpose")]
    public async Task Book_OneOfItsRowsRefusedByTheDatabase_LeavesNeither(string table, string column)
    {
        var marker = "拒绝" + Guid.NewGuid().ToString("N")[..8];
        var trigger = "refuse_" + marker[2..];
        var postgres = ParkOpsFactory.Provider == DatabaseProvider.Postgres;
        await ExecAsync(postgres
            ? $"""
               CREATE FUNCTION {trigger}() RETURNS trigger LANGUAGE plpgsql AS $$
               BEGIN IF NEW."{column}" LIKE '%{marker}%' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$;
               CREATE TRIGGER {trigger} BEFORE INSERT ON "{table}" FOR EACH ROW EXECUTE FUNCTION {trigger}();
               """
            : $"""
               CREATE TRIGGER {trigger} BEFORE INSERT ON "{table}" WHEN NEW."{column}" LIKE '%{marker}%'
               BEGIN SELECT RAISE(ABORT, 'refused'); END;
               """);
        try
        {
            var room = await OwnRoomAsync();
            var day = TodayInShanghai.AddDays(table == "Bookings" ? 70 : 71);
            var res = await (await app.LoginAsync("tenant")).BookAsync(room, Body(day, "17:00", "18:00", marker));
            res.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
            (await app.WithDbAsync(db => db.Bookings.IgnoreQueryFilters().CountAsync(b => b.Purpose == marker))).ShouldBe(0, "no booking without its audit row");
            (await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.After!.Contains(marker)))).ShouldBe(0, "no audit row of a booking that was not written");
            // the slot is still free: the same booking without the marker goes through
            (await (await app.LoginAsync("tenant")).BookAsync(room, Body(day, "17:00", "18:00", "拒绝之后"))).StatusCode.ShouldBe(HttpStatusCode.Created);
        }
        finally
        {
            await ExecAsync(postgres ? $"DROP TRIGGER {trigger} ON \"{table}\"; DROP FUNCTION {trigger}();" : $"DROP TRIGGER {trigger};");
        }
    }

    [PostgresFact("booking ids come from the PostgreSQL sequence BookingIds; SQLite numbers rows itself")]
    public async Task BlockIds_TwoDatabasesInOneProcess_EachCountsOnItsOwnSequence()
    {
        await using var a = await ScratchDatabase.CreateAsync();
        await using var b = await ScratchDatabase.CreateAsync();
        await a.MigrateAsync();
        await b.MigrateAsync();
        // a row written without an id takes the sequence's next value through the column default
        await b.ExecAsync("SELECT nextval('\"BookingIds\"')");
        await using var da = a.NewContext();
        await using var dbb = b.NewContext();
        var (idsA, idsB) = (new List<long>(), new List<long>());
        for (var i = 0; i < 60; i++)
        {
            // adding assigns the id: no save needed, and nothing refers to parks or resources yet
            idsA.Add((await da.Bookings.AddAsync(NewBooking())).Entity.Id);
            idsB.Add((await dbb.Bookings.AddAsync(NewBooking())).Entity.Id);
        }
        idsA.ShouldBe(Enumerable.Range(1, 60).Select(x => (long)x), "database A hands out its own blocks, 1–50 then 51–100");
        idsB.ShouldBe(Enumerable.Range(51, 60).Select(x => (long)x), "database B's first value went to a plain insert, so its blocks start at 51");
    }

    private static ResourceBooking NewBooking() => new() { Purpose = "块", Start = DateTime.UtcNow, End = DateTime.UtcNow, BlockedUntil = DateTime.UtcNow, CreatedAt = DateTime.UtcNow };

    private Task<int> ExecAsync(string sql) => app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(sql));
}
