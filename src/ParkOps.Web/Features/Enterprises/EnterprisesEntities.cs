using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ParkOps.Web.Data;

namespace ParkOps.Web.Features.Enterprises;

/// <summary>The enterprise area's tables (ParkOpsDb applies the configurations; the sets read as db.Enterprises, …).</summary>
public static class EnterprisesSets
{
    extension(ParkOpsDb db)
    {
        public DbSet<Enterprise> Enterprises => db.Set<Enterprise>();
        public DbSet<AdmissionDecision> AdmissionDecisions => db.Set<AdmissionDecision>();
        public DbSet<EnterpriseDocument> EnterpriseDocuments => db.Set<EnterpriseDocument>();
        public DbSet<ExitCase> ExitCases => db.Set<ExitCase>();
    }
}

internal sealed class EnterpriseConfiguration : IScopedEntityConfiguration<Enterprise>
{
    // another area's table is named by its entity's name: a foreign key is no use of the area's types
    private const string Park = "ParkOps.Web.Features.Parks.Park";

    public void Configure(EntityTypeBuilder<Enterprise> e)
    {
        e.ToTable("Enterprises");
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
        e.HasOne(Park, null).WithMany().HasForeignKey(nameof(Enterprise.ParkId)).OnDelete(DeleteBehavior.Restrict);
    }

    // Operators and government viewers of the park read the archive; an enterprise user only its own.
    public Expression<Func<ParkOpsDb, Enterprise, bool>> Scope =>
        (db, x) => db.SeesAll || db.ReaderParkIds.Contains(x.ParkId) || db.EnterpriseIds.Contains(x.Id);
}

internal sealed class AdmissionDecisionConfiguration : IEntityTypeConfiguration<AdmissionDecision>
{
    public void Configure(EntityTypeBuilder<AdmissionDecision> e)
    {
        e.ToTable("AdmissionDecisions");
        e.Property(x => x.ReasonsJson).HasMaxLength(8000);
        e.Property(x => x.Comment).HasMaxLength(1000);
        e.HasOne<Enterprise>().WithMany().HasForeignKey(x => x.EnterpriseId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EnterpriseDocumentConfiguration : IEntityTypeConfiguration<EnterpriseDocument>
{
    public void Configure(EntityTypeBuilder<EnterpriseDocument> e)
    {
        e.ToTable("EnterpriseDocuments");
        e.HasOne<Enterprise>().WithMany().HasForeignKey(x => x.EnterpriseId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ExitCaseConfiguration : IEntityTypeConfiguration<ExitCase>
{
    public void Configure(EntityTypeBuilder<ExitCase> e)
    {
        e.ToTable("ExitCases");
        e.Property(x => x.Notes).HasMaxLength(2000);
        e.Property(x => x.Settlement).HasMaxLength(2000);
        e.HasOne<Enterprise>().WithMany().HasForeignKey(x => x.EnterpriseId).OnDelete(DeleteBehavior.Cascade);
    }
}
