using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Audit;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Features.Users;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Architecture;

/// <summary>
/// The global query filters at work, straight on the DbContext with an <see cref="ActorScope"/> built by hand:
/// what the demo data holds (read as the system) against what a scoped caller gets back.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class QueryScopeTests(ParkOpsFactory app)
{
    private static ActorScope EnterpriseUser(long enterpriseId, long parkId) =>
        new(1001, "scope-test-tenant", false, [Role.EnterpriseUser], [], [], [enterpriseId], [parkId]);

    private static ActorScope Operator(long parkId) =>
        new(1002, "scope-test-operator", false, [Role.ParkOperator], [parkId], [], [], []);

    private static ActorScope GovernmentViewer(params long[] parkIds) =>
        new(1003, "scope-test-gov", false, [Role.GovernmentViewer], [], parkIds, [], []);

    private async Task<T> AsAsync<T>(ActorScope scope, Func<ParkOpsDb, Task<T>> work)
    {
        await using var services = app.Services.CreateAsyncScope();
        services.ServiceProvider.GetRequiredService<CurrentActor>().Set(scope);
        return await work(services.ServiceProvider.GetRequiredService<ParkOpsDb>());
    }

    private sealed record Rows(long[] EnterpriseIds, long[] ParkIds);

    /// <summary>Enterprise and park of every row of the four enterprise-archive tables.</summary>
    private static async Task<Dictionary<string, Rows>> ArchiveAsync(ParkOpsDb db)
    {
        var ents = await db.Enterprises.Select(e => new { e.Id, e.ParkId }).ToListAsync();
        var docs = await db.EnterpriseDocuments.Select(e => new { e.EnterpriseId, e.ParkId }).ToListAsync();
        var decisions = await db.AdmissionDecisions.Select(e => new { e.EnterpriseId, e.ParkId }).ToListAsync();
        var exits = await db.ExitCases.Select(e => new { e.EnterpriseId, e.ParkId }).ToListAsync();
        return new()
        {
            ["Enterprises"] = new([.. ents.Select(x => x.Id)], [.. ents.Select(x => x.ParkId)]),
            ["EnterpriseDocuments"] = new([.. docs.Select(x => x.EnterpriseId)], [.. docs.Select(x => x.ParkId)]),
            ["AdmissionDecisions"] = new([.. decisions.Select(x => x.EnterpriseId)], [.. decisions.Select(x => x.ParkId)]),
            ["ExitCases"] = new([.. exits.Select(x => x.EnterpriseId)], [.. exits.Select(x => x.ParkId)]),
        };
    }

    [Fact]
    public async Task EnterpriseUser_ArchiveTables_ReturnOnlyItsOwnRows()
    {
        var park = await app.ParkIdAsync();
        var a = await app.EnterpriseOfAsync("tenant");
        var all = await app.WithDbAsync(ArchiveAsync);
        var seen = await AsAsync(EnterpriseUser(a, park), ArchiveAsync);

        foreach (var (table, rows) in all)
        {
            // the demo holds rows of other enterprises in every table, so the filter has something to hold back
            rows.EnterpriseIds.ShouldContain(id => id != a, $"{table}: demo data has no rows of other enterprises");
            seen[table].EnterpriseIds.ShouldAllBe(id => id == a, table);
            seen[table].EnterpriseIds.Length.ShouldBe(rows.EnterpriseIds.Count(id => id == a), $"{table}: all of A's own rows");
        }
        seen["Enterprises"].EnterpriseIds.ShouldBe([a]);
        seen["EnterpriseDocuments"].EnterpriseIds.ShouldNotBeEmpty();
        seen["AdmissionDecisions"].EnterpriseIds.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task EnterpriseUser_ExitCaseOfAnotherEnterprise_IsNotReturned()
    {
        var park = await app.ParkIdAsync();
        var a = await app.EnterpriseOfAsync("tenant");
        var exiting = await app.WithDbAsync(db => db.ExitCases.Select(x => x.EnterpriseId).FirstAsync());
        exiting.ShouldNotBe(a);

        // the exiting enterprise sees its own case; its neighbour A does not
        (await AsAsync(EnterpriseUser(exiting, park), db => db.ExitCases.CountAsync())).ShouldBeGreaterThan(0);
        (await AsAsync(EnterpriseUser(a, park), db => db.ExitCases.CountAsync(x => x.EnterpriseId == exiting))).ShouldBe(0);
    }

    [Fact]
    public async Task EnterpriseUser_FindOfAnotherEnterprisesDocument_GivesNothing()
    {
        var park = await app.ParkIdAsync();
        var a = await app.EnterpriseOfAsync("tenant");
        var b = await app.EnterpriseOfAsync("tenant2");
        var docOfB = await app.WithDbAsync(db => db.EnterpriseDocuments.Where(d => d.EnterpriseId == b).Select(d => d.Id).FirstAsync());

        var found = await AsAsync(EnterpriseUser(a, park), db => db.EnterpriseDocuments.FirstOrDefaultAsync(d => d.Id == docOfB));
        found.ShouldBeNull();
    }

    [Fact]
    public async Task Operator_ArchiveTables_ReturnOnlyRowsOfItsPark()
    {
        var park1 = await app.ParkIdAsync();
        var park2 = await app.ParkIdAsync("DG-HM-01");
        var all = await app.WithDbAsync(ArchiveAsync);
        var seen = await AsAsync(Operator(park1), ArchiveAsync);

        all["Enterprises"].ParkIds.ShouldContain(park2);
        all["AdmissionDecisions"].ParkIds.ShouldContain(park2);
        foreach (var (table, rows) in all)
        {
            seen[table].ParkIds.ShouldAllBe(p => p == park1, table);
            seen[table].ParkIds.Length.ShouldBe(rows.ParkIds.Count(p => p == park1), $"{table}: every row of park 1");
        }
    }

    /// <summary>Every park-owned entity type of the model, whatever its area: the operator of park 1 gets none of park 2.</summary>
    [Fact]
    public async Task Operator_EveryParkOwnedEntityType_ReturnsNothingOfTheOtherPark()
    {
        var park1 = await app.ParkIdAsync();
        var park2 = await app.ParkIdAsync("DG-HM-01");
        // notices are addressed (an operator reads its park's operators' notices, not an enterprise's): NotificationTests
        var types = await app.WithDbAsync(db => Task.FromResult(db.Model.GetEntityTypes()
            .Where(t => typeof(IParkOwned).IsAssignableFrom(t.ClrType) && !typeof(IAudienceAddressed).IsAssignableFrom(t.ClrType)).Select(t => t.ClrType).ToList()));
        types.Count.ShouldBeGreaterThan(4);

        var everything = await app.WithDbAsync(db => ParkIdsPerTypeAsync(db, types));
        var seen = await AsAsync(Operator(park1), db => ParkIdsPerTypeAsync(db, types));

        everything.Where(x => x.Value.Contains(park2)).Select(x => x.Key).ShouldContain(nameof(Enterprise)); // something to hold back
        foreach (var type in types.Select(t => t.Name))
        {
            seen[type].ShouldNotContain(park2, type);
            seen[type].Length.ShouldBe(everything[type].Count(p => p == park1), $"{type}: every row of park 1");
        }
    }

    [Fact]
    public async Task Operator_ParksAndAudit_ReturnNothingOfTheOtherPark()
    {
        var park1 = await app.ParkIdAsync();
        var park2 = await app.ParkIdAsync("DG-HM-01");
        var (parks, audit) = await AsAsync(Operator(park1), async db =>
            (await db.Parks.Select(p => p.Id).ToListAsync(), await db.AuditEntries.Select(x => x.ParkId).ToListAsync()));
        parks.ShouldBe([park1]);
        audit.ShouldAllBe(p => p == park1);
    }

    [Fact]
    public async Task GovernmentViewer_EnterpriseConfidentialTables_ReturnNothing()
    {
        // DOMAIN §1: the government reads aggregates and the archive, not an enterprise's documents, decisions or exits
        var park1 = await app.ParkIdAsync();
        var park2 = await app.ParkIdAsync("DG-HM-01");
        var seen = await AsAsync(GovernmentViewer(park1, park2), ArchiveAsync);
        seen["Enterprises"].ParkIds.Distinct().Order().ShouldBe(new[] { park1, park2 }.Order());
        seen["EnterpriseDocuments"].EnterpriseIds.ShouldBeEmpty();
        seen["AdmissionDecisions"].EnterpriseIds.ShouldBeEmpty();
        seen["ExitCases"].EnterpriseIds.ShouldBeEmpty();
    }

    [Fact]
    public async Task Anonymous_EveryFilteredEntityType_ReturnsNothing()
    {
        var types = await app.WithDbAsync(db => Task.FromResult(db.Model.GetEntityTypes()
            .Where(t => t.GetRootType().GetDeclaredQueryFilters().Count > 0).Select(t => t.ClrType).ToList()));
        types.ShouldContain(typeof(Features.Parks.Park));
        types.ShouldContain(typeof(AuditEntry));

        var everything = await app.WithDbAsync(db => CountPerTypeAsync(db, types));
        var seen = await AsAsync(ActorScope.Anonymous, db => CountPerTypeAsync(db, types));
        everything[nameof(Enterprise)].ShouldBeGreaterThan(0);
        seen.Where(x => x.Value > 0).Select(x => x.Key).ShouldBeEmpty();
    }

    private static async Task<Dictionary<string, long[]>> ParkIdsPerTypeAsync(ParkOpsDb db, IEnumerable<Type> types)
    {
        var result = new Dictionary<string, long[]>();
        foreach (var type in types)
        {
            var query = (Task<long[]>)typeof(QueryScopeTests).GetMethod(nameof(ParkIdsOfAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(type).Invoke(null, [db])!;
            result[type.Name] = await query;
        }
        return result;
    }

    private static async Task<long[]> ParkIdsOfAsync<T>(ParkOpsDb db) where T : class =>
        await db.Set<T>().Select(x => EF.Property<long>(x, nameof(IParkOwned.ParkId))).ToArrayAsync();

    private static async Task<Dictionary<string, int>> CountPerTypeAsync(ParkOpsDb db, IEnumerable<Type> types)
    {
        var result = new Dictionary<string, int>();
        foreach (var type in types)
        {
            var count = (Task<int>)typeof(QueryScopeTests).GetMethod(nameof(CountOfAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(type).Invoke(null, [db])!;
            result[type.Name] = await count;
        }
        return result;
    }

    private static Task<int> CountOfAsync<T>(ParkOpsDb db) where T : class => db.Set<T>().CountAsync();
}
