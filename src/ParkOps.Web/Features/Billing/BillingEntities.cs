using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ParkOps.Web.Data;

namespace ParkOps.Web.Features.Billing;

/// <summary>The billing area's tables (ParkOpsDb applies the configurations; the sets read as db.Bills, …).</summary>
public static class BillingSets
{
    extension(ParkOpsDb db)
    {
        public DbSet<Bill> Bills => db.Set<Bill>();
        public DbSet<BillLine> BillLines => db.Set<BillLine>();
        public DbSet<BillRun> BillRuns => db.Set<BillRun>();
        public DbSet<PendingCharge> PendingCharges => db.Set<PendingCharge>();
        public DbSet<Payment> Payments => db.Set<Payment>();
        public DbSet<CreditBalance> CreditBalances => db.Set<CreditBalance>();
        public DbSet<CreditNote> CreditNotes => db.Set<CreditNote>();
        public DbSet<CreditMovement> CreditMovements => db.Set<CreditMovement>();
        public DbSet<LedgerCheck> LedgerChecks => db.Set<LedgerCheck>();
    }
}

internal sealed class BillConfiguration : IEntityTypeConfiguration<Bill>
{
    // another area's table is named by its entity's name: a foreign key is no use of the area's types
    private const string Enterprise = "ParkOps.Web.Features.Enterprises.Enterprise";

    public void Configure(EntityTypeBuilder<Bill> e)
    {
        e.ToTable("Bills");
        e.Property(x => x.Number).HasMaxLength(60);
        e.HasIndex(x => x.Number).IsUnique();
        // one live bill per enterprise and month: a rerun or a concurrent run cannot bill twice
        e.HasIndex(x => new { x.EnterpriseId, x.Month }).IsUnique().HasFilter("\"State\" <> 'Cancelled'").HasDatabaseName("UX_Bills_Enterprise_Month_Live");
        e.HasIndex(x => new { x.ParkId, x.Month });
        e.HasOne(Enterprise, null).WithMany().HasForeignKey(nameof(Bill.EnterpriseId)).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<BillRun>().WithMany().HasForeignKey(x => x.RunId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(x => x.Lines).WithOne().HasForeignKey(x => x.BillId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BillLineConfiguration : IEntityTypeConfiguration<BillLine>
{
    public void Configure(EntityTypeBuilder<BillLine> e)
    {
        e.ToTable("BillLines");
        e.Property(x => x.RulesJson).HasMaxLength(4000);
        e.Property(x => x.SourceType).HasMaxLength(32);
        e.Property(x => x.SourceId).HasMaxLength(64);
        e.Property(x => x.Unit).HasMaxLength(16);
        e.HasIndex(x => x.BillId);
    }
}

internal sealed class PendingChargeConfiguration : IEntityTypeConfiguration<PendingCharge>
{
    public void Configure(EntityTypeBuilder<PendingCharge> e)
    {
        e.ToTable("PendingCharges");
        e.Property(x => x.RulesJson).HasMaxLength(4000);
        e.Property(x => x.SourceType).HasMaxLength(32);
        e.Property(x => x.SourceId).HasMaxLength(64);
        e.Property(x => x.Unit).HasMaxLength(16);
        e.HasIndex(x => new { x.ParkId, x.Month, x.BilledBillId });
        e.HasIndex(x => new { x.SourceType, x.SourceId, x.Month }).IsUnique();
    }
}

internal sealed class BillRunConfiguration : IEntityTypeConfiguration<BillRun>
{
    public void Configure(EntityTypeBuilder<BillRun> e)
    {
        e.ToTable("BillRuns");
        e.HasIndex(x => new { x.ParkId, x.Month });
    }
}

internal sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> e)
    {
        e.ToTable("Payments");
        e.Property(x => x.Reference).HasMaxLength(100);
        e.HasIndex(x => x.BillId);
        // a reference (bank, WeChat, receipt number) is accepted once per enterprise: found through this index
        e.HasIndex(x => new { x.EnterpriseId, x.Reference });
        e.HasOne<Bill>().WithMany().HasForeignKey(x => x.BillId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CreditMovementConfiguration : IEntityTypeConfiguration<CreditMovement>
{
    public void Configure(EntityTypeBuilder<CreditMovement> e)
    {
        e.ToTable("CreditMovements");
        e.Property(x => x.Reference).HasMaxLength(100);
        e.Property(x => x.Note).HasMaxLength(500);
        e.HasIndex(x => new { x.EnterpriseId, x.Id });
        e.HasIndex(x => x.PaymentId);
        e.HasIndex(x => x.CreditNoteId);
        e.HasOne<Payment>().WithMany().HasForeignKey(x => x.PaymentId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<CreditNote>().WithMany().HasForeignKey(x => x.CreditNoteId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LedgerCheckConfiguration : IEntityTypeConfiguration<LedgerCheck>
{
    private const string Park = "ParkOps.Web.Features.Parks.Park";

    public void Configure(EntityTypeBuilder<LedgerCheck> e)
    {
        e.ToTable("LedgerChecks");
        e.Property(x => x.FindingsJson).HasColumnType("text");
        e.Property(x => x.StartedBy).HasMaxLength(64);
        // the night's check of a park is claimed once, whatever the number of app processes
        e.HasIndex(x => new { x.ParkId, x.NightlyDay }).IsUnique();
        e.HasOne(Park, null).WithMany().HasForeignKey(nameof(LedgerCheck.ParkId)).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CreditBalanceConfiguration : IEntityTypeConfiguration<CreditBalance>
{
    public void Configure(EntityTypeBuilder<CreditBalance> e)
    {
        e.ToTable("CreditBalances");
        e.HasIndex(x => x.EnterpriseId).IsUnique();
    }
}

internal sealed class CreditNoteConfiguration : IEntityTypeConfiguration<CreditNote>
{
    public void Configure(EntityTypeBuilder<CreditNote> e)
    {
        e.ToTable("CreditNotes");
        e.Property(x => x.Number).HasMaxLength(60);
        e.Property(x => x.Reason).HasMaxLength(500);
        e.HasIndex(x => x.Number).IsUnique();
        // a bill is cancelled by at most one credit note
        e.HasIndex(x => x.BillId).IsUnique();
        e.HasOne<Bill>().WithMany().HasForeignKey(x => x.BillId).OnDelete(DeleteBehavior.Restrict);
    }
}
