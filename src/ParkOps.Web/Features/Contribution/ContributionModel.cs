using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Data;

namespace ParkOps.Web.Features.Contribution;

/// <summary>
/// The kinds of contribution record the platform had no other home for (issue 14 §1): public affairs (events and drills
/// attended, committee roles), joint R&amp;D projects (technology sharing), talent referrals, in-park transfers and
/// trainings given to other firms (talent).
/// </summary>
public enum ContributionRecordKind { EventAttended, DrillAttended, CommitteeRole, JointRdProject, TalentReferral, InParkTransfer, TrainingGiven }

/// <summary>One thing an enterprise did for the park, recorded (or imported) by the park's operator; the enterprise sees its own.</summary>
public sealed class ContributionRecord : IEnterpriseOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public long EnterpriseId { get; set; }
    public ContributionRecordKind Kind { get; set; }
    public DateOnly OccurredOn { get; set; }
    public required string Title { get; set; }
    /// <summary>Hours of a training given; null for the other kinds (they count once each).</summary>
    public decimal? Hours { get; set; }
    public DateTime CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
}

/// <summary>The park's contribution settings (weights and points per record kind), one row per version; the highest holds.</summary>
public sealed class ContributionSettingsVersion : IParkOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public int Version { get; set; }
    public string Json { get; set; } = "{}";
    public DateTime CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
}

public enum ContributionRunState { Draft, Published }

/// <summary>A computation of a park's contribution scores for a year: a draft, then published version 1, 2… (immutable).</summary>
public sealed class ContributionRun : IParkOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public int Year { get; set; }
    public ContributionRunState State { get; set; }
    public int? Version { get; set; }
    public string SettingsJson { get; set; } = "{}";
    public DateTime ComputedAt { get; set; }
    public string ComputedBy { get; set; } = "";
    public DateTime? PublishedAt { get; set; }
    public string? PublishedBy { get; set; }
    /// <summary>The highest contribution record id the computation read (null: computed before runs kept it).</summary>
    public long? RecordsUpTo { get; set; }
    /// <summary>The highest audit row id when the computation read the active days (null: computed before runs kept it).</summary>
    public long? ActivityUpTo { get; set; }
    /// <summary>{"collaborations":[ids], "orderParts":[ids]} the computation counted (null: computed before runs kept them).</summary>
    public string? CountedJson { get; set; }
}

/// <summary>
/// One enterprise's score in a run with its breakdown (confidential to the firm and its operators); the records behind each
/// indicator are read again as of the run's marks when someone opens them (rows of runs before the marks hold them too).
/// </summary>
public sealed class ContributionResultRow : IEnterpriseOwned
{
    public long Id { get; set; }
    public long RunId { get; set; }
    public long ParkId { get; set; }
    public long EnterpriseId { get; set; }
    public decimal Score { get; set; }
    /// <summary>[{indicator, value, parkMax, normalised, weight, points, evidence:[]}] in indicator order.</summary>
    public string BreakdownJson { get; set; } = "[]";
}

/// <summary>An enterprise's local retained tax (地方留存) of a year in 元, as the operator imported it from the tax office's statement.</summary>
public sealed class RetainedTax : IEnterpriseOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public long EnterpriseId { get; set; }
    public int Year { get; set; }
    public decimal Amount { get; set; }
    public DateTime ImportedAt { get; set; }
    public string ImportedBy { get; set; } = "";
}

/// <summary>A tax rebate of a park and year computed from one published score version: a draft, then published versions (immutable).</summary>
public sealed class RebateRun : IParkOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public int Year { get; set; }
    public ContributionRunState State { get; set; }
    public int? Version { get; set; }
    public long ScoreRunId { get; set; }
    public int ScoreVersion { get; set; }
    public decimal TotalTax { get; set; }
    public decimal Pool { get; set; }
    public bool ScorePartByTax { get; set; }
    public string SettingsJson { get; set; } = "{}";
    public DateTime ComputedAt { get; set; }
    public string ComputedBy { get; set; } = "";
    public DateTime? PublishedAt { get; set; }
    public string? PublishedBy { get; set; }
}

/// <summary>One enterprise's share of a rebate, with how it was reached.</summary>
public sealed class RebateAllocation : IEnterpriseOwned
{
    public long Id { get; set; }
    public long RunId { get; set; }
    public long ParkId { get; set; }
    public long EnterpriseId { get; set; }
    public decimal Score { get; set; }
    public decimal RetainedTax { get; set; }
    public decimal ProRataPart { get; set; }
    public decimal ScoreShare { get; set; }
    public decimal Exact { get; set; }
    public bool ExtraFen { get; set; }
    public decimal Amount { get; set; }
}

public static class ContributionModel
{
    private const string Park = "ParkOps.Web.Features.Parks.Park", Enterprise = "ParkOps.Web.Features.Enterprises.Enterprise";

    public static void Configure(ModelBuilder b)
    {
        b.Entity<ContributionRecord>(e =>
        {
            e.ToTable("ContributionRecords");
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(24);
            e.Property(x => x.Title).HasMaxLength(200);
            e.Property(x => x.CreatedBy).HasMaxLength(64);
            e.HasIndex(x => new { x.ParkId, x.OccurredOn });
            e.HasIndex(x => x.EnterpriseId);
            e.HasOne(Park, null).WithMany().HasForeignKey(nameof(ContributionRecord.ParkId)).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(Enterprise, null).WithMany().HasForeignKey(nameof(ContributionRecord.EnterpriseId)).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<ContributionSettingsVersion>(e =>
        {
            e.ToTable("ContributionSettings");
            e.Property(x => x.Json).HasMaxLength(4000);
            e.Property(x => x.CreatedBy).HasMaxLength(64);
            e.HasIndex(x => new { x.ParkId, x.Version }).IsUnique();
            e.HasOne(Park, null).WithMany().HasForeignKey(nameof(ContributionSettingsVersion.ParkId)).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<ContributionRun>(e =>
        {
            e.ToTable("ContributionRuns");
            e.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.SettingsJson).HasMaxLength(4000);
            e.Property(x => x.CountedJson).HasColumnType("text");
            e.Property(x => x.ComputedBy).HasMaxLength(64);
            e.Property(x => x.PublishedBy).HasMaxLength(64);
            // a version is taken once per park and year, even by two operators publishing at the same moment
            e.HasIndex(x => new { x.ParkId, x.Year, x.Version }).IsUnique();
            e.HasOne(Park, null).WithMany().HasForeignKey(nameof(ContributionRun.ParkId)).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<ContributionResultRow>(e =>
        {
            e.ToTable("ContributionResults");
            e.Property(x => x.BreakdownJson).HasColumnType("text");
            e.HasIndex(x => new { x.RunId, x.EnterpriseId }).IsUnique();
            e.HasIndex(x => x.EnterpriseId);
            e.HasOne<ContributionRun>().WithMany().HasForeignKey(x => x.RunId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(Enterprise, null).WithMany().HasForeignKey(nameof(ContributionResultRow.EnterpriseId)).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<RetainedTax>(e =>
        {
            e.ToTable("RetainedTaxes");
            e.Property(x => x.ImportedBy).HasMaxLength(64);
            e.HasIndex(x => new { x.EnterpriseId, x.Year }).IsUnique();
            e.HasIndex(x => new { x.ParkId, x.Year });
            e.HasOne(Park, null).WithMany().HasForeignKey(nameof(RetainedTax.ParkId)).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(Enterprise, null).WithMany().HasForeignKey(nameof(RetainedTax.EnterpriseId)).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<RebateRun>(e =>
        {
            e.ToTable("RebateRuns");
            e.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.SettingsJson).HasMaxLength(4000);
            e.Property(x => x.ComputedBy).HasMaxLength(64);
            e.Property(x => x.PublishedBy).HasMaxLength(64);
            e.HasIndex(x => new { x.ParkId, x.Year, x.Version }).IsUnique();
            e.HasOne(Park, null).WithMany().HasForeignKey(nameof(RebateRun.ParkId)).OnDelete(DeleteBehavior.Restrict);
            // the score version a rebate used stays: a published score run is never deleted
            e.HasOne<ContributionRun>().WithMany().HasForeignKey(x => x.ScoreRunId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<RebateAllocation>(e =>
        {
            e.ToTable("RebateAllocations");
            e.HasIndex(x => new { x.RunId, x.EnterpriseId }).IsUnique();
            e.HasIndex(x => x.EnterpriseId);
            e.HasOne<RebateRun>().WithMany().HasForeignKey(x => x.RunId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(Enterprise, null).WithMany().HasForeignKey(nameof(RebateAllocation.EnterpriseId)).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
