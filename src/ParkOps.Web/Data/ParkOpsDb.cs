using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using ParkOps.Web.Features.Audit;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Features.Users;
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

    public DbSet<Region> Regions => Set<Region>();
    public DbSet<Park> Parks => Set<Park>();
    public DbSet<Building> Buildings => Set<Building>();
    public DbSet<Floor> Floors => Set<Floor>();
    public DbSet<Unit> Units => Set<Unit>();
    public DbSet<Enterprise> Enterprises => Set<Enterprise>();
    public DbSet<AdmissionDecision> AdmissionDecisions => Set<AdmissionDecision>();
    public DbSet<EnterpriseDocument> EnterpriseDocuments => Set<EnterpriseDocument>();
    public DbSet<ExitCase> ExitCases => Set<ExitCase>();
    public DbSet<User> Users => Set<User>();
    public DbSet<RoleGrant> RoleGrants => Set<RoleGrant>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Features.Leasing.RentPolicyVersion> RentPolicyVersions => Set<Features.Leasing.RentPolicyVersion>();
    public DbSet<Features.Leasing.Lease> Leases => Set<Features.Leasing.Lease>();
    public DbSet<Features.Leasing.LeaseUnit> LeaseUnits => Set<Features.Leasing.LeaseUnit>();
    public DbSet<Features.Leasing.LeaseFactsRevision> LeaseFactsRevisions => Set<Features.Leasing.LeaseFactsRevision>();
    public DbSet<Features.Leasing.LeaseSettlement> LeaseSettlements => Set<Features.Leasing.LeaseSettlement>();
    public DbSet<Features.Billing.Bill> Bills => Set<Features.Billing.Bill>();
    public DbSet<Features.Billing.BillLine> BillLines => Set<Features.Billing.BillLine>();
    public DbSet<Features.Billing.BillRun> BillRuns => Set<Features.Billing.BillRun>();
    public DbSet<Features.Billing.PendingCharge> PendingCharges => Set<Features.Billing.PendingCharge>();
    public DbSet<Features.Billing.Payment> Payments => Set<Features.Billing.Payment>();
    public DbSet<Features.Billing.CreditBalance> CreditBalances => Set<Features.Billing.CreditBalance>();
    public DbSet<Features.Billing.CreditNote> CreditNotes => Set<Features.Billing.CreditNote>();
    public DbSet<Features.Billing.CreditMovement> CreditMovements => Set<Features.Billing.CreditMovement>();
    public DbSet<Features.Billing.LedgerCheck> LedgerChecks => Set<Features.Billing.LedgerCheck>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<Features.ServiceDesk.Ticket> Tickets => Set<Features.ServiceDesk.Ticket>();
    public DbSet<Features.ServiceDesk.TicketEvent> TicketEvents => Set<Features.ServiceDesk.TicketEvent>();
    public DbSet<Features.ServiceDesk.TicketPhoto> TicketPhotos => Set<Features.ServiceDesk.TicketPhoto>();
    public DbSet<Features.ServiceDesk.SlaPolicy> SlaPolicies => Set<Features.ServiceDesk.SlaPolicy>();
    public DbSet<Features.ServiceDesk.UnitQrCode> UnitQrCodes => Set<Features.ServiceDesk.UnitQrCode>();
    public DbSet<Features.Booking.Resource> Resources => Set<Features.Booking.Resource>();
    public DbSet<Features.Booking.ResourceBooking> Bookings => Set<Features.Booking.ResourceBooking>();
    public DbSet<Features.Booking.TrainingRecord> TrainingRecords => Set<Features.Booking.TrainingRecord>();
    public DbSet<Features.Booking.WaitlistEntry> WaitlistEntries => Set<Features.Booking.WaitlistEntry>();
    public DbSet<Features.Booking.CalendarFeed> CalendarFeeds => Set<Features.Booking.CalendarFeed>();
    public DbSet<Features.Metering.Meter> Meters => Set<Features.Metering.Meter>();
    /// <summary>On SQLite the newest readings may still wait in the reading inbox: call <see cref="Features.Metering.ReadingInbox.FlushAsync"/> before reading them.</summary>
    public DbSet<Features.Metering.MeterReading> MeterReadings => Set<Features.Metering.MeterReading>();
    public DbSet<Features.Metering.MeterAnomaly> MeterAnomalies => Set<Features.Metering.MeterAnomaly>();
    public DbSet<Features.Metering.UtilityTariff> UtilityTariffs => Set<Features.Metering.UtilityTariff>();
    public DbSet<Features.Metering.LateFeePolicy> LateFeePolicies => Set<Features.Metering.LateFeePolicy>();
    public DbSet<Features.Marketplace.Post> Posts => Set<Features.Marketplace.Post>();
    public DbSet<Features.Marketplace.MarketCapability> MarketCapabilities => Set<Features.Marketplace.MarketCapability>();
    public DbSet<Features.Marketplace.Collaboration> Collaborations => Set<Features.Marketplace.Collaboration>();
    public DbSet<Features.Marketplace.ProcurementPool> ProcurementPools => Set<Features.Marketplace.ProcurementPool>();
    public DbSet<Features.Marketplace.PoolCommitment> PoolCommitments => Set<Features.Marketplace.PoolCommitment>();
    public DbSet<Features.Marketplace.PurchaseOrder> PurchaseOrders => Set<Features.Marketplace.PurchaseOrder>();
    public DbSet<Features.Marketplace.PurchaseAllocation> PurchaseAllocations => Set<Features.Marketplace.PurchaseAllocation>();

    public ActorScope Actor => actor.Scope;

    /// <summary>What <see cref="AuditInterceptor"/> holds for this context's save in progress.</summary>
    internal AuditInterceptor.SaveState AuditSave { get; private set; } = new();
    /// <summary>The change versions this context read and bumped (<see cref="Platform.ChangeVersions"/>).</summary>
    internal Platform.ChangeVersions.State Coherence { get; private set; } = new();

    // Read by the query filters (EF Core parameterises members of the context instance).
    private bool SeesAll => actor.Scope.IsPlatformAdmin;
    private bool SignedIn => actor.Scope.IsAuthenticated;
    private long[] VisibleParkIds => actor.Scope.VisibleParkIds;
    private long[] OperatorParkIds => actor.Scope.OperatorParkIds;
    private long[] ReaderParkIds => actor.Scope.OperatorParkIds.Concat(actor.Scope.GovernmentParkIds).ToArray();
    private long[] EnterpriseIds => actor.Scope.EnterpriseIds;
    private long ActorUserId => actor.Scope.UserId ?? 0;
    private long[] MarketRegionIds => actor.Scope.MarketRegionIds;

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
        b.Entity<Region>(e => { e.HasIndex(x => x.Code).IsUnique(); e.Property(x => x.Name).HasMaxLength(100); e.Property(x => x.Code).HasMaxLength(12); });
        b.Entity<Park>(e =>
        {
            e.HasIndex(x => x.Code).IsUnique();
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.Code).HasMaxLength(32);
            e.Property(x => x.NegativeList).HasMaxLength(2000);
            e.Property(x => x.ThinStageShare).HasPrecision(4, 2);
            e.Property(x => x.ChainStages).HasMaxLength(1000);
            e.Property(x => x.ChainServices).HasMaxLength(1000);
            e.Property(x => x.PayeeName).HasMaxLength(100);
            e.Property(x => x.PayeeBank).HasMaxLength(100);
            e.Property(x => x.PayeeAccount).HasMaxLength(40);
            e.HasOne<Region>().WithMany().HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
            e.HasQueryFilter(x => SeesAll || VisibleParkIds.Contains(x.Id));
        });
        b.Entity<Building>(e =>
        {
            e.Property(x => x.Name).HasMaxLength(100);
            e.HasIndex(x => new { x.ParkId, x.Name }).IsUnique();
            e.HasOne<Park>().WithMany().HasForeignKey(x => x.ParkId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<Floor>(e =>
        {
            e.HasIndex(x => new { x.BuildingId, x.Number }).IsUnique();
            e.HasOne<Building>().WithMany().HasForeignKey(x => x.BuildingId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Unit>(e =>
        {
            e.Property(x => x.Code).HasMaxLength(40);
            e.HasIndex(x => new { x.ParkId, x.Code }).IsUnique();
            e.HasOne<Building>().WithMany().HasForeignKey(x => x.BuildingId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Floor>().WithMany().HasForeignKey(x => x.FloorId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Enterprise>().WithMany().HasForeignKey(x => x.OccupantEnterpriseId).OnDelete(DeleteBehavior.SetNull);
        });
        b.Entity<Enterprise>(e =>
        {
            e.Property(x => x.CreditCode).HasMaxLength(18).IsFixedLength(false);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.LegalPerson).HasMaxLength(50);
            e.Property(x => x.IndustryCode).HasMaxLength(5);
            e.Property(x => x.ContactPhone).HasMaxLength(30);
            e.Property(x => x.ContactEmail).HasMaxLength(100);
            e.Property(x => x.MuClass).HasMaxLength(1);
            e.Property(x => x.MuClassSource).HasMaxLength(200);
            e.Property(x => x.Processes).HasMaxLength(400);
            e.Property(x => x.EmissionCategory).HasMaxLength(10);
            e.Property(x => x.EarlierClass).HasMaxLength(1);
            e.Property(x => x.EarlierClassPlace).HasMaxLength(50);
            e.Property(x => x.Description).HasMaxLength(2000);
            e.HasIndex(x => new { x.ParkId, x.CreditCode }).IsUnique();
            e.HasIndex(x => new { x.ParkId, x.Name });
            e.HasOne<Park>().WithMany().HasForeignKey(x => x.ParkId).OnDelete(DeleteBehavior.Restrict);
            // Operators and government viewers of the park read the archive; an enterprise user only its own.
            e.HasQueryFilter(x => SeesAll || ReaderParkIds.Contains(x.ParkId) || EnterpriseIds.Contains(x.Id));
        });
        b.Entity<AdmissionDecision>(e =>
        {
            e.Property(x => x.ReasonsJson).HasMaxLength(8000);
            e.Property(x => x.Comment).HasMaxLength(1000);
            e.HasOne<Enterprise>().WithMany().HasForeignKey(x => x.EnterpriseId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<EnterpriseDocument>(e => e.HasOne<Enterprise>().WithMany().HasForeignKey(x => x.EnterpriseId).OnDelete(DeleteBehavior.Cascade));
        b.Entity<ExitCase>(e =>
        {
            e.Property(x => x.Notes).HasMaxLength(2000);
            e.Property(x => x.Settlement).HasMaxLength(2000);
            e.HasOne<Enterprise>().WithMany().HasForeignKey(x => x.EnterpriseId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<User>(e =>
        {
            e.Property(x => x.UserName).HasMaxLength(64);
            e.Property(x => x.DisplayName).HasMaxLength(100);
            e.HasIndex(x => x.UserName).IsUnique();
            e.HasMany(x => x.Grants).WithOne().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<RoleGrant>(e =>
        {
            e.HasIndex(x => x.UserId);
            e.HasOne<Park>().WithMany().HasForeignKey(x => x.ParkId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Enterprise>().WithMany().HasForeignKey(x => x.EnterpriseId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Region>().WithMany().HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<AuditEntry>(e =>
        {
            e.Property(x => x.Before).HasColumnType("text");
            e.Property(x => x.After).HasColumnType("text");
            e.Property(x => x.Entity).HasMaxLength(64);
            e.Property(x => x.EntityKey).HasMaxLength(64);
            e.HasIndex(x => x.At);
            e.HasIndex(x => new { x.Entity, x.EntityKey });
            // an account's activity (Contribution's platform-activity indicator, through IActivityLog)
            e.HasIndex(x => new { x.ActorId, x.At });
            e.HasQueryFilter(x => SeesAll || (x.ParkId != null && OperatorParkIds.Contains(x.ParkId.Value)));
        });

        b.Entity<Features.Leasing.RentPolicyVersion>(e =>
        {
            e.HasIndex(x => new { x.ParkId, x.EffectiveFrom }).IsUnique();
            e.HasOne<Park>().WithMany().HasForeignKey(x => x.ParkId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Features.Leasing.Lease>(e =>
        {
            e.Property(x => x.Code).HasMaxLength(60);
            e.Property(x => x.Notes).HasMaxLength(1000);
            e.HasIndex(x => x.Code).IsUnique();
            e.HasIndex(x => new { x.ParkId, x.State, x.EndDate });
            e.HasIndex(x => x.EnterpriseId);
            e.HasOne<Enterprise>().WithMany().HasForeignKey(x => x.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(x => x.Units).WithOne().HasForeignKey(x => x.LeaseId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Features.Leasing.LeaseUnit>(e =>
        {
            e.HasIndex(x => x.LeaseId);
            // at most one lease holds a unit at a time, enforced by the database (both engines read this filter)
            e.HasIndex(x => x.UnitId).IsUnique().HasFilter("\"Holds\"").HasDatabaseName("UX_LeaseUnits_UnitId_Holding");
            e.HasOne<Unit>().WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<Features.Leasing.LeaseFactsRevision>(e =>
        {
            e.Property(x => x.Reason).HasMaxLength(400);
            e.Property(x => x.CreatedBy).HasMaxLength(100);
            // one re-evaluation per lease and month: two operators naming the same month cannot both land
            e.HasIndex(x => new { x.LeaseId, x.EffectiveMonth }).IsUnique();
            e.HasOne<Features.Leasing.Lease>().WithMany().HasForeignKey(x => x.LeaseId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Features.Leasing.LeaseSettlement>(e =>
        {
            e.Property(x => x.DamagesNote).HasMaxLength(200);
            e.Property(x => x.DeductionsJson).HasColumnType("text");
            e.Property(x => x.LinesJson).HasColumnType("text");
            e.Property(x => x.DraftedBy).HasMaxLength(100);
            e.Property(x => x.SubmittedBy).HasMaxLength(100);
            e.Property(x => x.ApprovedBy).HasMaxLength(100);
            e.Property(x => x.SettledBy).HasMaxLength(100);
            // one settlement per lease: two operators opening the draft at once cannot make two
            e.HasIndex(x => x.LeaseId).IsUnique();
            e.HasOne<Features.Leasing.Lease>().WithMany().HasForeignKey(x => x.LeaseId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<Features.Billing.Bill>(e =>
        {
            e.Property(x => x.Number).HasMaxLength(60);
            e.HasIndex(x => x.Number).IsUnique();
            // one live bill per enterprise and month: a rerun or a concurrent run cannot bill twice
            e.HasIndex(x => new { x.EnterpriseId, x.Month }).IsUnique().HasFilter("\"State\" <> 'Cancelled'").HasDatabaseName("UX_Bills_Enterprise_Month_Live");
            e.HasIndex(x => new { x.ParkId, x.Month });
            e.HasOne<Enterprise>().WithMany().HasForeignKey(x => x.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Features.Billing.BillRun>().WithMany().HasForeignKey(x => x.RunId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(x => x.Lines).WithOne().HasForeignKey(x => x.BillId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Features.Billing.BillLine>(e =>
        {
            e.Property(x => x.RulesJson).HasMaxLength(4000);
            e.Property(x => x.SourceType).HasMaxLength(32);
            e.Property(x => x.SourceId).HasMaxLength(64);
            e.Property(x => x.Unit).HasMaxLength(16);
            e.HasIndex(x => x.BillId);
        });
        b.Entity<Features.Billing.PendingCharge>(e =>
        {
            e.Property(x => x.RulesJson).HasMaxLength(4000);
            e.Property(x => x.SourceType).HasMaxLength(32);
            e.Property(x => x.SourceId).HasMaxLength(64);
            e.Property(x => x.Unit).HasMaxLength(16);
            e.HasIndex(x => new { x.ParkId, x.Month, x.BilledBillId });
            e.HasIndex(x => new { x.SourceType, x.SourceId, x.Month }).IsUnique();
        });
        b.Entity<Features.Billing.BillRun>(e => e.HasIndex(x => new { x.ParkId, x.Month }));
        b.Entity<Features.Billing.Payment>(e =>
        {
            e.Property(x => x.Reference).HasMaxLength(100);
            e.HasIndex(x => x.BillId);
            // a reference (bank, WeChat, receipt number) is accepted once per enterprise: found through this index
            e.HasIndex(x => new { x.EnterpriseId, x.Reference });
            e.HasOne<Features.Billing.Bill>().WithMany().HasForeignKey(x => x.BillId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<Features.Billing.CreditMovement>(e =>
        {
            e.Property(x => x.Reference).HasMaxLength(100);
            e.Property(x => x.Note).HasMaxLength(500);
            e.HasIndex(x => new { x.EnterpriseId, x.Id });
            e.HasIndex(x => x.PaymentId);
            e.HasIndex(x => x.CreditNoteId);
            e.HasOne<Features.Billing.Payment>().WithMany().HasForeignKey(x => x.PaymentId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Features.Billing.CreditNote>().WithMany().HasForeignKey(x => x.CreditNoteId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<Features.Billing.LedgerCheck>(e =>
        {
            e.Property(x => x.FindingsJson).HasColumnType("text");
            e.Property(x => x.StartedBy).HasMaxLength(64);
            // the night's check of a park is claimed once, whatever the number of app processes
            e.HasIndex(x => new { x.ParkId, x.NightlyDay }).IsUnique();
            e.HasOne<Park>().WithMany().HasForeignKey(x => x.ParkId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<IdempotencyRecord>(e =>
        {
            e.Property(x => x.Key).HasMaxLength(IdempotencyMiddleware.MaxKeyLength);
            e.Property(x => x.Fingerprint).HasMaxLength(64);
            e.HasIndex(x => new { x.UserId, x.Key }).IsUnique();
            e.HasIndex(x => x.CreatedAt);
        });
        b.Entity<Features.Billing.CreditBalance>(e => e.HasIndex(x => x.EnterpriseId).IsUnique());
        b.Entity<Features.Billing.CreditNote>(e =>
        {
            e.Property(x => x.Number).HasMaxLength(60);
            e.Property(x => x.Reason).HasMaxLength(500);
            e.HasIndex(x => x.Number).IsUnique();
            // a bill is cancelled by at most one credit note
            e.HasIndex(x => x.BillId).IsUnique();
            e.HasOne<Features.Billing.Bill>().WithMany().HasForeignKey(x => x.BillId).OnDelete(DeleteBehavior.Restrict);
        });

        // Service desk: a ticket is read by its park's operators, by the requester's enterprise and by the user it is
        // assigned to (an outside contractor sees only those); its timeline and photos go with it.
        b.Entity<Features.ServiceDesk.Ticket>(e =>
        {
            e.Property(x => x.Title).HasMaxLength(120);
            e.Property(x => x.Description).HasMaxLength(4000);
            e.Property(x => x.CommonArea).HasMaxLength(100);
            e.Property(x => x.RequesterName).HasMaxLength(100);
            e.Property(x => x.RequesterPhone).HasMaxLength(30);
            e.Property(x => x.SignedBy).HasMaxLength(50);
            e.Property(x => x.RatingComment).HasMaxLength(1000);
            e.HasIndex(x => new { x.ParkId, x.State });
            e.HasIndex(x => x.EnterpriseId);
            e.HasIndex(x => x.AssigneeUserId);
            e.HasOne<Park>().WithMany().HasForeignKey(x => x.ParkId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Enterprise>().WithMany().HasForeignKey(x => x.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Unit>().WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Restrict);
            e.HasQueryFilter(x => SeesAll || OperatorParkIds.Contains(x.ParkId) || (x.EnterpriseId != null && EnterpriseIds.Contains(x.EnterpriseId.Value))
                || (x.AssigneeUserId != null && x.AssigneeUserId == ActorUserId));
        });
        b.Entity<Features.ServiceDesk.TicketEvent>(e =>
        {
            e.Property(x => x.ActorName).HasMaxLength(100);
            e.Property(x => x.Body).HasMaxLength(4000);
            e.HasIndex(x => x.TicketId);
            e.HasOne<Features.ServiceDesk.Ticket>().WithMany().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Cascade);
            e.HasQueryFilter(x => Set<Features.ServiceDesk.Ticket>().Any(t => t.Id == x.TicketId));
        });
        b.Entity<Features.ServiceDesk.TicketPhoto>(e =>
        {
            e.Property(x => x.ContentType).HasMaxLength(32);
            e.Property(x => x.FileName).HasMaxLength(200);
            e.Property(x => x.UploadedBy).HasMaxLength(100);
            e.HasIndex(x => x.TicketId);
            e.HasOne<Features.ServiceDesk.Ticket>().WithMany().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Cascade);
            e.HasQueryFilter(x => Set<Features.ServiceDesk.Ticket>().Any(t => t.Id == x.TicketId));
        });
        Features.ServiceDesk.TicketPhotoHoldModel.Configure(b);
        b.Entity<Features.ServiceDesk.SlaPolicy>(e =>
        {
            e.HasIndex(x => new { x.ParkId, x.Category, x.Severity }).IsUnique();
            e.HasOne<Park>().WithMany().HasForeignKey(x => x.ParkId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Features.ServiceDesk.UnitQrCode>(e =>
        {
            e.Property(x => x.Token).HasMaxLength(64);
            e.HasIndex(x => x.Token).IsUnique();
            e.HasIndex(x => x.UnitId).IsUnique();
            e.HasOne<Unit>().WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Cascade);
            // the link's secret is the operators' to print; the anonymous form finds it by token, ignoring filters
            e.HasQueryFilter(x => SeesAll || OperatorParkIds.Contains(x.ParkId));
        });
        Features.Booking.BookingModel.Configure(b, Database.IsNpgsql());

        ConfigureMetering(b);

        Features.Marketplace.MarketplaceModel.Configure(b);
        // a draft is its enterprise's alone; a published post is seen in its park, and a region-wide one in every park of
        // its region (the city); a collaboration by its two enterprises and their parks' readers
        b.Entity<Features.Marketplace.Post>().HasQueryFilter(x => SeesAll || EnterpriseIds.Contains(x.EnterpriseId)
            || x.State != Domain.Marketplace.PostState.Draft && (VisibleParkIds.Contains(x.ParkId) || x.Visibility == Domain.Matching.PostVisibility.Region && MarketRegionIds.Contains(x.RegionId)));
        b.Entity<Features.Marketplace.Collaboration>().HasQueryFilter(x => SeesAll || ReaderParkIds.Contains(x.ParkId) || ReaderParkIds.Contains(x.OfferParkId)
            || EnterpriseIds.Contains(x.NeedEnterpriseId) || EnterpriseIds.Contains(x.OfferEnterpriseId));
        // the shared taxonomy is everyone's; a park's local entries are seen where the park is
        b.Entity<Features.Marketplace.MarketCapability>().HasQueryFilter(x => x.ParkId == null && SignedIn || SeesAll || x.ParkId != null && VisibleParkIds.Contains(x.ParkId.Value));
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
            else if (typeof(IParkOwned).IsAssignableFrom(type.ClrType))
                b.Entity(type.ClrType).HasQueryFilter(ParkFilter(type.ClrType));
        }
    }

    /// <summary>
    /// Metering (0005). Meter data is the enterprise's: the park's operators see all of it, an enterprise user the
    /// meters of the units it occupies now (and their readings and flags), a government viewer none.
    /// </summary>
    private void ConfigureMetering(ModelBuilder b)
    {
        b.Entity<Features.Metering.Meter>(e =>
        {
            e.Property(x => x.Code).HasMaxLength(40);
            e.HasIndex(x => new { x.ParkId, x.Code }).IsUnique();
            e.HasIndex(x => x.UnitId);
            e.HasOne<Unit>().WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Restrict);
            e.HasQueryFilter(x => SeesAll || OperatorParkIds.Contains(x.ParkId)
                || Units.Any(u => u.Id == x.UnitId && u.OccupantEnterpriseId != null && EnterpriseIds.Contains(u.OccupantEnterpriseId.Value)));
        });
        b.Entity<Features.Metering.MeterReading>(e =>
        {
            // idempotent ingestion: one reading per meter and instant
            e.HasIndex(x => new { x.MeterId, x.At }).IsUnique();
            // no (ParkId, At) index: a month's readings of a park are found through its meters (MonthUseAsync)
            e.HasOne<Features.Metering.Meter>().WithMany().HasForeignKey(x => x.MeterId).OnDelete(DeleteBehavior.Cascade);
            e.HasQueryFilter(x => SeesAll || OperatorParkIds.Contains(x.ParkId) || Meters.Any(m => m.Id == x.MeterId));
        });
        // SQLite's time-ordered inbox of new readings (see ReadingInbox); PostgreSQL writes MeterReadings directly
        // (read only by ReadingInbox's own SQL; the filter keeps an EF query on it as scoped as one on MeterReadings)
        if (Database.IsSqlite())
            b.Entity<Features.Metering.InboxReading>(e =>
            {
                Features.Metering.ReadingInbox.Configure(e);
                e.HasQueryFilter(x => SeesAll || OperatorParkIds.Contains(x.ParkId) || Meters.Any(m => m.Id == x.MeterId));
            });
        b.Entity<Features.Metering.MeterAnomaly>(e =>
        {
            e.Property(x => x.Rule).HasMaxLength(64);
            e.HasIndex(x => new { x.MeterId, x.Month, x.Rule }).IsUnique();
            e.HasIndex(x => new { x.ParkId, x.Month });
            e.HasOne<Features.Metering.Meter>().WithMany().HasForeignKey(x => x.MeterId).OnDelete(DeleteBehavior.Cascade);
            e.HasQueryFilter(x => SeesAll || OperatorParkIds.Contains(x.ParkId) || Meters.Any(m => m.Id == x.MeterId));
        });
        b.Entity<Features.Metering.UtilityTariff>(e =>
        {
            e.HasIndex(x => new { x.ParkId, x.Utility, x.EffectiveFrom }).IsUnique();
            e.HasOne<Park>().WithMany().HasForeignKey(x => x.ParkId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Features.Metering.LateFeePolicy>(e =>
        {
            e.HasIndex(x => new { x.ParkId, x.EffectiveFrom }).IsUnique();
            e.HasOne<Park>().WithMany().HasForeignKey(x => x.ParkId).OnDelete(DeleteBehavior.Cascade);
        });
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

    private Expression<Func<T, bool>> ParkFilterOf<T>() where T : IParkOwned =>
        x => SeesAll || VisibleParkIds.Contains(x.ParkId);

    /// <summary>Enterprise-confidential rows: the enterprise itself and its park's operators, nobody else.</summary>
    private Expression<Func<T, bool>> EnterpriseFilterOf<T>() where T : IEnterpriseOwned =>
        x => SeesAll || OperatorParkIds.Contains(x.ParkId) || EnterpriseIds.Contains(x.EnterpriseId);

    /// <summary>SQLite keeps no kind on DateTime; everything stored is UTC, so read it back as UTC.</summary>
    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(), v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
