using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Data;

/// <summary>
/// The one database. Every park- or enterprise-owned entity is scoped by a global query filter built from the
/// caller's <see cref="ActorScope"/>; the filters read the properties below, which EF Core evaluates per query.
/// </summary>
public sealed class ParkOpsDb(DbContextOptions<ParkOpsDb> options) : DbContext(options)
{
    /// <summary>Whose scope the query filters apply; the host sets it for every lease of a pooled context (<see cref="Lease"/>).</summary>
    private ICurrentActor actor = new CurrentActor();

    /// <summary>A context outside the host's pool (the CLI's schema script, tests) acting for <paramref name="actor"/>.</summary>
    public static ParkOpsDb Create(DbContextOptions<ParkOpsDb> options, ICurrentActor actor)
    {
        var db = new ParkOpsDb(options);
        db.Lease(actor);
        return db;
    }

    /// <summary>
    /// Readies a context taken from the pool for one request or scope: its actor, and no save state left from the lease
    /// before (EF Core itself resets the change tracker, transaction behaviour and savepoint setting when it returns).
    /// </summary>
    internal void Lease(ICurrentActor current)
    {
        actor = current;
        AuditSave = new();
        Coherence = new();
    }

    // The areas' tables are extension properties in their areas (e.g. Features/Leasing/LeasingEntities.cs: db.Leases).
    // EF Core names a table after a DbSet property of the context only, so each configuration names its table (ToTable)
    // as that property did.
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    public ActorScope Actor => actor.Scope;

    /// <summary>What <see cref="AuditInterceptor"/> holds for this context's save in progress.</summary>
    internal AuditInterceptor.SaveState AuditSave { get; private set; } = new();
    /// <summary>The change versions this context read and bumped (<see cref="Platform.ChangeVersions"/>).</summary>
    internal Platform.ChangeVersions.State Coherence { get; private set; } = new();

    // Read by the query filters (EF Core parameterises members of the context instance); internal for the areas' own
    // filters (IScopedEntityConfiguration), which ParkOpsDb binds to itself.
    internal bool SeesAll => actor.Scope.IsPlatformAdmin;
    internal bool SignedIn => actor.Scope.IsAuthenticated;
    internal long[] VisibleParkIds => actor.Scope.VisibleParkIds;
    internal long[] OperatorParkIds => actor.Scope.OperatorParkIds;
    internal long[] ReaderParkIds => actor.Scope.OperatorParkIds.Concat(actor.Scope.GovernmentParkIds).ToArray();
    internal long[] EnterpriseIds => actor.Scope.EnterpriseIds;
    internal long ActorUserId => actor.Scope.UserId ?? 0;
    internal long[] MarketRegionIds => actor.Scope.MarketRegionIds;

    protected override void ConfigureConventions(ModelConfigurationBuilder b)
    {
        // Enums are stored by name: readable in SQL and stable when members are added.
        b.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
        b.Properties<decimal>().HavePrecision(18, 4);
        b.Properties<string>().HaveMaxLength(400);
        if (Database.IsSqlite())
            b.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        // Each area configures its own entities (IEntityTypeConfiguration classes in Features/<Area>/, found below, or
        // its <Area>Model); the context names no area's entity.
        ApplyAreaConfigurations(b);
        b.Entity<IdempotencyRecord>(e =>
        {
            e.Property(x => x.Key).HasMaxLength(IdempotencyMiddleware.MaxKeyLength);
            e.Property(x => x.Fingerprint).HasMaxLength(64);
            e.HasIndex(x => new { x.UserId, x.Key }).IsUnique();
            e.HasIndex(x => x.CreatedAt);
        });
        Features.ServiceDesk.TicketPhotoHoldModel.Configure(b);
        Features.Booking.BookingModel.Configure(b, Database.IsNpgsql());
        Features.Marketplace.MarketplaceModel.Configure(b);
        Features.Marketplace.PoolModel.Configure(b);
        // notices (IAudienceAddressed) and their read marks (IUserOwned) get their filters in the loop below
        Features.Notifications.NotificationsModel.Configure(b);
        Features.Auth.AuthModel.Configure(b);
        Platform.PlatformModule.Configure(b);
        Platform.ParkChanges.Configure(b);
        Features.Dashboard.DashboardModel.Configure(b);
        Features.Reporting.ReportingModel.Configure(b);
        Features.Evaluation.EvaluationModel.Configure(b);
        Features.Risk.RiskModel.Configure(b);
        Features.ReserveFund.FundModel.Configure(b);
        Features.Contribution.ContributionModel.Configure(b);
        Features.ParkServices.ServiceModel.Configure(b);
        Features.Orders.OrdersModel.Configure(b);
        Features.Chains.ChainsModel.Configure(b);
        Features.Grading.GradingModel.Configure(b);

        // Scope every owned entity that has no filter of its own.
        foreach (var type in b.Model.GetEntityTypes().Where(t => t.GetDeclaredQueryFilters().Count == 0 && t.BaseType is null))
        {
            if (typeof(IAudienceAddressed).IsAssignableFrom(type.ClrType))
                b.Entity(type.ClrType).HasQueryFilter(FilterOf(nameof(AudienceFilterOf), type.ClrType));
            else if (typeof(IUserOwned).IsAssignableFrom(type.ClrType))
                b.Entity(type.ClrType).HasQueryFilter(FilterOf(nameof(UserFilterOf), type.ClrType));
            else if (typeof(IEnterpriseOwned).IsAssignableFrom(type.ClrType))
                b.Entity(type.ClrType).HasQueryFilter(EnterpriseFilter(type.ClrType));
            else if (typeof(IUnitOccupantReadable).IsAssignableFrom(type.ClrType))
                b.Entity(type.ClrType).HasQueryFilter(FilterOf(nameof(UnitOccupantFilterOf), type.ClrType));
            else if (typeof(IParkOwned).IsAssignableFrom(type.ClrType))
                b.Entity(type.ClrType).HasQueryFilter(ParkFilter(type.ClrType));
        }
    }

    /// <summary>
    /// Applies every <see cref="IEntityTypeConfiguration{TEntity}"/> of this assembly (the areas' entities), in a fixed
    /// order; one of an engine the context is not on (<see cref="IEngineSpecificConfiguration"/>) is left out, and one
    /// with a filter of its own (<see cref="IScopedEntityConfiguration{T}"/>) gets it bound to this context.
    /// </summary>
    private void ApplyAreaConfigurations(ModelBuilder b)
    {
        var configurations = typeof(ParkOpsDb).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false })
            .SelectMany(t => t.GetInterfaces()
                .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEntityTypeConfiguration<>))
                .Select(i => (Entity: i.GenericTypeArguments[0], Configuration: Activator.CreateInstance(t)!)))
            .Where(c => c.Configuration is not IEngineSpecificConfiguration specific || specific.AppliesTo(Database))
            .OrderBy(c => c.Configuration.GetType().FullName, StringComparer.Ordinal)
            .ToList();
        // every entity first: an area names another's table by its entity's name (HasOne("…Parks.Park")), which finds
        // the entity only once it is in the model
        foreach (var (entity, _) in configurations) b.Entity(entity);
        var apply = typeof(ParkOpsDb).GetMethod(nameof(ApplyAreaConfiguration), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        foreach (var (entity, configuration) in configurations) apply.MakeGenericMethod(entity).Invoke(this, [b, configuration]);
    }

    private void ApplyAreaConfiguration<T>(ModelBuilder b, IEntityTypeConfiguration<T> configuration) where T : class
    {
        b.ApplyConfiguration(configuration);
        if (configuration is IScopedEntityConfiguration<T> scoped)
        {
            // "db" becomes this context, exactly as a filter written here reads it: EF Core parameterises its members
            var scope = scoped.Scope;
            var body = new ReplaceParameter(scope.Parameters[0], Expression.Constant(this)).Visit(scope.Body);
            b.Entity<T>().HasQueryFilter(Expression.Lambda<Func<T, bool>>(body, scope.Parameters[1]));
        }
    }

    private sealed class ReplaceParameter(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }

    private LambdaExpression ParkFilter(Type t) =>
        (LambdaExpression)GetType().GetMethod(nameof(ParkFilterOf), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .MakeGenericMethod(t).Invoke(this, null)!;

    private LambdaExpression EnterpriseFilter(Type t) =>
        (LambdaExpression)GetType().GetMethod(nameof(EnterpriseFilterOf), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .MakeGenericMethod(t).Invoke(this, null)!;

    private LambdaExpression FilterOf(string method, Type t) =>
        (LambdaExpression)GetType().GetMethod(method, System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .MakeGenericMethod(t).Invoke(this, null)!;

    /// <summary>A notice: its audience only (no SeesAll: the platform admin's inbox is its own; senders read as the system with IgnoreQueryFilters).</summary>
    private Expression<Func<T, bool>> AudienceFilterOf<T>() where T : IAudienceAddressed =>
        x => x.Audience == Features.Notifications.Contracts.NoticeAudience.Enterprise && x.EnterpriseId != null && EnterpriseIds.Contains(x.EnterpriseId.Value)
            || x.Audience == Features.Notifications.Contracts.NoticeAudience.ParkOperators && OperatorParkIds.Contains(x.ParkId)
            || x.Audience == Features.Notifications.Contracts.NoticeAudience.User && x.UserId == ActorUserId;

    private Expression<Func<T, bool>> UserFilterOf<T>() where T : IUserOwned => x => x.UserId == ActorUserId;

    /// <summary>
    /// A unit's device data (a meter and what it records) is the occupying enterprise's: the park's operators see all of
    /// it, an enterprise user that of the units it occupies now, a government viewer none.
    /// </summary>
    private Expression<Func<T, bool>> UnitOccupantFilterOf<T>() where T : IUnitOccupantReadable =>
        x => SeesAll || OperatorParkIds.Contains(x.ParkId)
            || Set<Unit>().Any(u => u.Id == x.UnitId && u.OccupantEnterpriseId != null && EnterpriseIds.Contains(u.OccupantEnterpriseId.Value));

    private Expression<Func<T, bool>> ParkFilterOf<T>() where T : IParkOwned =>
        x => SeesAll || VisibleParkIds.Contains(x.ParkId);

    /// <summary>Enterprise-confidential rows: the enterprise itself and its park's operators, nobody else.</summary>
    private Expression<Func<T, bool>> EnterpriseFilterOf<T>() where T : IEnterpriseOwned =>
        x => SeesAll || OperatorParkIds.Contains(x.ParkId) || EnterpriseIds.Contains(x.EnterpriseId);

    /// <summary>SQLite keeps no kind on DateTime; everything stored is UTC, so read it back as UTC.</summary>
    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(), v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
