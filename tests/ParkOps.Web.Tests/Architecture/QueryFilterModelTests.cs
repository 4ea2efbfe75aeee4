using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Features.Users;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Architecture;

/// <summary>
/// ARCHITECTURE.md, "Who is asking": every park- or enterprise-owned entity carries a marker interface and EF Core
/// scopes it with a global query filter. These tests read the model the host really builds (on the engine of the
/// run) and fail on an owned entity without a filter, or an entity that looks owned but lacks its marker.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class QueryFilterModelTests(ParkOpsFactory app)
{
    /// <summary>
    /// Entities with a nullable ParkId or EnterpriseId that are deliberately left unfiltered, each with its reason.
    /// Add to this list only with a reason a reviewer would accept.
    /// </summary>
    private static readonly Dictionary<Type, string> Unfiltered = new()
    {
        [typeof(RoleGrant)] = "read while resolving the caller's scope, before any scope exists (CurrentActor.ResolveAsync)",
    };

    private Task<IReadOnlyList<IEntityType>> EntityTypesAsync() =>
        app.WithDbAsync(db => Task.FromResult<IReadOnlyList<IEntityType>>([.. db.Model.GetEntityTypes()]));

    private static bool HasFilter(IEntityType t) => t.GetRootType().GetDeclaredQueryFilters().Count > 0;

    private static Type? ClrTypeOf(IEntityType t, string property) => t.FindProperty(property)?.ClrType;

    [Fact]
    public async Task Model_OwnedEntityTypes_AllHaveAQueryFilter()
    {
        var types = await EntityTypesAsync();
        var owned = types.Where(t => typeof(IParkOwned).IsAssignableFrom(t.ClrType) || t.ClrType == typeof(Park) || t.ClrType == typeof(Enterprise)).ToList();
        // the model is the real one: the known owned entities are in it
        owned.Select(t => t.ClrType).ShouldContain(typeof(Park));
        owned.Select(t => t.ClrType).ShouldContain(typeof(Enterprise));
        owned.Select(t => t.ClrType).ShouldContain(typeof(EnterpriseDocument));

        owned.Where(t => !HasFilter(t)).Select(t => t.ClrType.Name).ShouldBeEmpty();
    }

    [Fact]
    public async Task Model_EntityTypesWithParkId_ImplementIParkOwned()
    {
        var types = await EntityTypesAsync();
        var withParkId = types.Where(t => ClrTypeOf(t, "ParkId") == typeof(long)).ToList();
        withParkId.ShouldNotBeEmpty();
        withParkId.Where(t => !typeof(IParkOwned).IsAssignableFrom(t.ClrType)).Select(t => t.ClrType.Name).ShouldBeEmpty();
    }

    [Fact]
    public async Task Model_EntityTypesWithEnterpriseId_ImplementIEnterpriseOwned()
    {
        // a row that belongs to one enterprise is confidential to it: the park-wide marker alone would show it to the
        // park's other tenants
        var types = await EntityTypesAsync();
        var withEnterpriseId = types.Where(t => ClrTypeOf(t, "EnterpriseId") == typeof(long)).ToList();
        withEnterpriseId.ShouldNotBeEmpty();
        withEnterpriseId.Where(t => !typeof(IEnterpriseOwned).IsAssignableFrom(t.ClrType)).Select(t => t.ClrType.Name).ShouldBeEmpty();
    }

    [Fact]
    public async Task Model_EntityTypesWithNullableParkOrEnterpriseId_HaveAFilterOrAListedReason()
    {
        // such a row cannot carry the marker (its ParkId may be null) but still names a park or an enterprise
        var types = await EntityTypesAsync();
        var nullable = types.Where(t => ClrTypeOf(t, "ParkId") == typeof(long?) || ClrTypeOf(t, "EnterpriseId") == typeof(long?)).ToList();
        nullable.Select(t => t.ClrType).ShouldContain(typeof(Features.Audit.AuditEntry));
        nullable.Where(t => !HasFilter(t) && !Unfiltered.ContainsKey(t.ClrType)).Select(t => t.ClrType.Name).ShouldBeEmpty();
    }

    [Fact]
    public async Task Model_ListedUnfilteredTypes_AreStillInTheModelAndStillUnfiltered()
    {
        // keeps the list above honest: a type that gained a filter or left the model comes off the list
        var types = (await EntityTypesAsync()).ToDictionary(t => t.ClrType);
        foreach (var type in Unfiltered.Keys)
        {
            types.ShouldContainKey(type);
            HasFilter(types[type]).ShouldBeFalse($"{type.Name} has a filter now: remove it from the unfiltered list");
        }
    }
}
