using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ParkOps.Web.Data;

namespace ParkOps.Web.Features.Metering;

/// <summary>
/// Metering (0005). Meter data is the enterprise's: the park's operators see all of it, an enterprise user the meters
/// of the units it occupies now (the meter's filter, <see cref="IUnitOccupantReadable"/>) and their readings and flags,
/// a government viewer none. ParkOpsDb applies the configurations; the sets read as db.Meters, …
/// </summary>
public static class MeteringSets
{
    extension(ParkOpsDb db)
    {
        public DbSet<Meter> Meters => db.Set<Meter>();
        /// <summary>On SQLite the newest readings may still wait in the reading inbox: call <see cref="ReadingInbox.FlushAsync"/> before reading them.</summary>
        public DbSet<MeterReading> MeterReadings => db.Set<MeterReading>();
        public DbSet<MeterAnomaly> MeterAnomalies => db.Set<MeterAnomaly>();
        public DbSet<UtilityTariff> UtilityTariffs => db.Set<UtilityTariff>();
        public DbSet<LateFeePolicy> LateFeePolicies => db.Set<LateFeePolicy>();
    }
}

internal sealed class MeterConfiguration : IEntityTypeConfiguration<Meter>
{
    // another area's table is named by its entity's name: a foreign key is no use of the area's types
    private const string Unit = "ParkOps.Web.Features.Spaces.Unit";

    public void Configure(EntityTypeBuilder<Meter> e)
    {
        e.ToTable("Meters");
        e.Property(x => x.Code).HasMaxLength(40);
        e.HasIndex(x => new { x.ParkId, x.Code }).IsUnique();
        e.HasIndex(x => x.UnitId);
        e.HasOne(Unit, null).WithMany().HasForeignKey(nameof(Meter.UnitId)).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MeterReadingConfiguration : IScopedEntityConfiguration<MeterReading>
{
    public void Configure(EntityTypeBuilder<MeterReading> e)
    {
        e.ToTable("MeterReadings");
        // idempotent ingestion: one reading per meter and instant
        e.HasIndex(x => new { x.MeterId, x.At }).IsUnique();
        // no (ParkId, At) index: a month's readings of a park are found through its meters (MonthUseAsync)
        e.HasOne<Meter>().WithMany().HasForeignKey(x => x.MeterId).OnDelete(DeleteBehavior.Cascade);
    }

    public Expression<Func<ParkOpsDb, MeterReading, bool>> Scope =>
        (db, x) => db.SeesAll || db.OperatorParkIds.Contains(x.ParkId) || db.Set<Meter>().Any(m => m.Id == x.MeterId);
}

/// <summary>
/// SQLite's time-ordered inbox of new readings (see <see cref="ReadingInbox"/>); PostgreSQL writes MeterReadings
/// directly (read only by ReadingInbox's own SQL; the filter keeps an EF query on it as scoped as one on MeterReadings).
/// </summary>
internal sealed class InboxReadingConfiguration : IScopedEntityConfiguration<InboxReading>, IEngineSpecificConfiguration
{
    public bool AppliesTo(DatabaseFacade database) => database.IsSqlite();

    public void Configure(EntityTypeBuilder<InboxReading> e) => ReadingInbox.Configure(e);

    public Expression<Func<ParkOpsDb, InboxReading, bool>> Scope =>
        (db, x) => db.SeesAll || db.OperatorParkIds.Contains(x.ParkId) || db.Set<Meter>().Any(m => m.Id == x.MeterId);
}

internal sealed class MeterAnomalyConfiguration : IScopedEntityConfiguration<MeterAnomaly>
{
    public void Configure(EntityTypeBuilder<MeterAnomaly> e)
    {
        e.ToTable("MeterAnomalies");
        e.Property(x => x.Rule).HasMaxLength(64);
        e.HasIndex(x => new { x.MeterId, x.Month, x.Rule }).IsUnique();
        e.HasIndex(x => new { x.ParkId, x.Month });
        e.HasOne<Meter>().WithMany().HasForeignKey(x => x.MeterId).OnDelete(DeleteBehavior.Cascade);
    }

    public Expression<Func<ParkOpsDb, MeterAnomaly, bool>> Scope =>
        (db, x) => db.SeesAll || db.OperatorParkIds.Contains(x.ParkId) || db.Set<Meter>().Any(m => m.Id == x.MeterId);
}

internal sealed class UtilityTariffConfiguration : IEntityTypeConfiguration<UtilityTariff>
{
    private const string Park = "ParkOps.Web.Features.Parks.Park";

    public void Configure(EntityTypeBuilder<UtilityTariff> e)
    {
        e.ToTable("UtilityTariffs");
        e.HasIndex(x => new { x.ParkId, x.Utility, x.EffectiveFrom }).IsUnique();
        e.HasOne(Park, null).WithMany().HasForeignKey(nameof(UtilityTariff.ParkId)).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LateFeePolicyConfiguration : IEntityTypeConfiguration<LateFeePolicy>
{
    private const string Park = "ParkOps.Web.Features.Parks.Park";

    public void Configure(EntityTypeBuilder<LateFeePolicy> e)
    {
        e.ToTable("LateFeePolicies");
        e.HasIndex(x => new { x.ParkId, x.EffectiveFrom }).IsUnique();
        e.HasOne(Park, null).WithMany().HasForeignKey(nameof(LateFeePolicy.ParkId)).OnDelete(DeleteBehavior.Cascade);
    }
}
