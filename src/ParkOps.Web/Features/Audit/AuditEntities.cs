using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ParkOps.Web.Data;

namespace ParkOps.Web.Features.Audit;

/// <summary>The audit trail's table (ParkOpsDb applies the configuration; the set reads as db.AuditEntries).</summary>
public static class AuditSets
{
    extension(ParkOpsDb db)
    {
        public DbSet<AuditEntry> AuditEntries => db.Set<AuditEntry>();
    }
}

internal sealed class AuditEntryConfiguration : IScopedEntityConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> e)
    {
        e.ToTable("AuditEntries");
        e.Property(x => x.Before).HasColumnType("text");
        e.Property(x => x.After).HasColumnType("text");
        e.Property(x => x.Entity).HasMaxLength(64);
        e.Property(x => x.EntityKey).HasMaxLength(64);
        e.HasIndex(x => x.At);
        e.HasIndex(x => new { x.Entity, x.EntityKey });
        // an account's activity (Contribution's platform-activity indicator, through IActivityLog)
        e.HasIndex(x => new { x.ActorId, x.At });
    }

    public Expression<Func<ParkOpsDb, AuditEntry, bool>> Scope =>
        (db, x) => db.SeesAll || (x.ParkId != null && db.OperatorParkIds.Contains(x.ParkId.Value));
}
