using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Platform;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Foundation;

/// <summary>
/// The change versions (<see cref="ChangeVersions"/>, <see cref="CoherenceInterceptor"/>): a save of a watched entity
/// moves its topic once, in the save's transaction; nothing else moves it; a rolled-back change leaves it.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class ChangeVersionTests(ParkOpsFactory app)
{
    private Task<long> VersionAsync(string topic) => app.WithDbAsync(db => ChangeVersions.ReadFreshAsync(db, topic, default));

    private Task<long> EnterpriseAsync() => app.EnterpriseOfAsync("tenant");

    [Fact]
    public async Task Save_WatchedEntityChanged_MovesItsTopicByOne_AndNoOther()
    {
        var (scopes, market) = (await VersionAsync(ChangeTopics.Scopes), await VersionAsync(ChangeTopics.Market));
        var id = await EnterpriseAsync();
        await app.WithDbAsync(async db =>
        {
            var e = await db.Enterprises.SingleAsync(x => x.Id == id);
            e.ContactPhone = e.ContactPhone == "0769-12345678" ? "0769-87654321" : "0769-12345678";
            return await db.SaveChangesAsync();
        });
        (await VersionAsync(ChangeTopics.Scopes)).ShouldBe(scopes + 1);
        (await VersionAsync(ChangeTopics.Market)).ShouldBe(market);
    }

    [Fact]
    public async Task Save_UnwatchedEntityChanged_MovesNothing()
    {
        var before = await Task.WhenAll(ChangeTopics.All.Select(VersionAsync));
        var park = await app.ParkIdAsync();
        await app.WithDbAsync(async db =>
        {
            db.Buildings.Add(new Features.Spaces.Building { ParkId = park, Name = "版本测试楼" + Guid.NewGuid().ToString("N")[..6] });
            return await db.SaveChangesAsync();
        });
        (await Task.WhenAll(ChangeTopics.All.Select(VersionAsync))).ShouldBe(before);
    }

    [Fact]
    public async Task Save_InsideATransactionRolledBack_LeavesTheVersion_AndCountsNothingAsCommitted()
    {
        var before = await VersionAsync(ChangeTopics.Scopes);
        var id = await EnterpriseAsync();
        var committed = await app.WithDbAsync(async db =>
        {
            await using (var tx = await db.Database.BeginTransactionAsync())
            {
                (await db.Enterprises.SingleAsync(x => x.Id == id)).ContactPhone = "0769-00000000";
                await db.SaveChangesAsync();
                (await ChangeVersions.ReadFreshAsync(db, ChangeTopics.Scopes, default)).ShouldBe(before + 1, "the transaction sees its own bump");
                await tx.RollbackAsync();
            }
            return ChangeVersions.CommittedBy(db, ChangeTopics.Scopes).ToList();
        });
        committed.ShouldBeEmpty();
        (await VersionAsync(ChangeTopics.Scopes)).ShouldBe(before);
    }

    [Fact]
    public async Task Save_Committed_IsCountedAsThisContextsOwn()
    {
        var id = await EnterpriseAsync();
        var (before, committed) = await app.WithDbAsync(async db =>
        {
            var v = await ChangeVersions.ReadFreshAsync(db, ChangeTopics.Scopes, default);
            var e = await db.Enterprises.SingleAsync(x => x.Id == id);
            e.ContactPhone = e.ContactPhone == "0769-11111111" ? "0769-22222222" : "0769-11111111";
            await db.SaveChangesAsync();
            return (v, ChangeVersions.CommittedBy(db, ChangeTopics.Scopes).ToList());
        });
        committed.ShouldHaveSingleItem().ShouldBeGreaterThan(before);
    }

    [Fact]
    public async Task Save_Failing_MovesNothing()
    {
        var before = await VersionAsync(ChangeTopics.Scopes);
        var park = await app.ParkIdAsync();
        var taken = await app.WithDbAsync(db => db.Enterprises.Where(e => e.ParkId == park).OrderBy(e => e.Id).Select(e => e.CreditCode).FirstAsync());
        await Should.ThrowAsync<DbUpdateException>(() => app.WithDbAsync(async db =>
        {
            // the same unified social credit code twice in one park: the unique index refuses the insert
            db.Enterprises.Add(new Features.Enterprises.Enterprise { ParkId = park, Name = "重复代码企业", CreditCode = taken });
            return await db.SaveChangesAsync();
        }));
        (await VersionAsync(ChangeTopics.Scopes)).ShouldBe(before);
    }

    [Fact]
    public async Task Bump_ExplicitForAWriterAroundTheTracker_MovesTheTopicsAndIsReadAnew()
    {
        var before = await VersionAsync(ChangeTopics.Meters);
        var (memo, bumped, after) = await app.WithDbAsync(async db =>
        {
            var first = await ChangeVersions.ReadAsync(db, ChangeTopics.Meters, default);
            var moved = await ChangeVersions.BumpAsync(db, [ChangeTopics.Meters], default);
            return (first, moved.Single(), await ChangeVersions.ReadAsync(db, ChangeTopics.Meters, default));
        });
        memo.ShouldBe(before);
        bumped.ShouldBe(before + 1);
        after.ShouldBe(before + 1, "a context that bumped reads the topic again");
    }

    [Fact]
    public async Task Read_TopicRowMissing_IsZero_AndABumpCreatesIt()
    {
        var topic = "test-" + Guid.NewGuid().ToString("N")[..8];
        (await VersionAsync(topic)).ShouldBe(0);
        (await app.WithDbAsync(db => ChangeVersions.BumpAsync(db, [topic], default))).ShouldBe([1L]);
        (await VersionAsync(topic)).ShouldBe(1);
    }
}
