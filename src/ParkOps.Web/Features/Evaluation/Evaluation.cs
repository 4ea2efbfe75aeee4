using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Data;

namespace ParkOps.Web.Features.Evaluation;

/// <summary>
/// The 亩均 settings of one region and year, one row per version (a change is a new version; the highest holds). Not
/// owned by a park: the platform admin writes them, operators and government viewers read them.
/// </summary>
public sealed class MujunSettingsVersion
{
    public long Id { get; set; }
    public long RegionId { get; set; }
    public int Year { get; set; }
    public int Version { get; set; }
    /// <summary>[{indicator, weight, benchmark}] for all eight indicators.</summary>
    public string IndicatorsJson { get; set; } = "[]";
    public decimal CapFactor { get; set; }
    public decimal ShareA { get; set; }
    public decimal ShareB { get; set; }
    public decimal ShareC { get; set; }
    public int MinYearsInProduction { get; set; }
    public bool ExcludeUtilities { get; set; }
    public bool CombinedParcel { get; set; }
    public DateTime CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
}

public enum MujunRunState { Draft, Published }

/// <summary>
/// One computation of a park's 亩均 evaluation for a year: a draft until the operator publishes it, then version 1, 2…
/// of that park and year, immutable. It keeps the settings it used and the firms it could not evaluate, with why.
/// </summary>
public sealed class MujunRun : IParkOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public int Year { get; set; }
    public MujunRunState State { get; set; }
    /// <summary>Set at publishing: 1 + the park's and year's highest published version.</summary>
    public int? Version { get; set; }
    public string SettingsJson { get; set; } = "{}";
    /// <summary>[{enterpriseId, reason, detail}]: firms in the park the run left out (a missing report, no land, a figure that divides by zero).</summary>
    public string NotEvaluatedJson { get; set; } = "[]";
    public DateTime ComputedAt { get; set; }
    public string ComputedBy { get; set; } = "";
    public DateTime? PublishedAt { get; set; }
    public string? PublishedBy { get; set; }
    public List<MujunResultRow> Results { get; set; } = [];
}

/// <summary>One enterprise's result in a run: enterprise-confidential (the firm and its park's operators see it).</summary>
public sealed class MujunResultRow : IEnterpriseOwned
{
    public long Id { get; set; }
    public long RunId { get; set; }
    public long ParkId { get; set; }
    public long EnterpriseId { get; set; }
    /// <summary>A, B, C, D or T.</summary>
    public string Class { get; set; } = "T";
    /// <summary>Rounded to 2 decimals half away from zero; null for T.</summary>
    public decimal? Score { get; set; }
    public double? RawScore { get; set; }
    public int? Rank { get; set; }
    public int? GroupSize { get; set; }
    public bool AboveScale { get; set; }
    public decimal LandMu { get; set; }
    /// <summary>The support plan its class brings (A 优先发展, B 提升发展, C 调控帮扶, D 倒逼整治); null for T.</summary>
    public string? SupportPlan { get; set; }
    public string TermsJson { get; set; } = "[]";
    public string? LiftJson { get; set; }
}

public static class EvaluationModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<MujunSettingsVersion>(e =>
        {
            e.ToTable("MujunSettings");
            e.Property(x => x.IndicatorsJson).HasMaxLength(4000);
            e.Property(x => x.CreatedBy).HasMaxLength(64);
            e.HasIndex(x => new { x.RegionId, x.Year, x.Version }).IsUnique();
            e.HasOne("ParkOps.Web.Features.Parks.Region", null).WithMany().HasForeignKey(nameof(MujunSettingsVersion.RegionId)).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<MujunRun>(e =>
        {
            e.ToTable("MujunRuns");
            e.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.SettingsJson).HasMaxLength(8000);
            e.Property(x => x.NotEvaluatedJson).HasColumnType("text");
            e.Property(x => x.ComputedBy).HasMaxLength(64);
            e.Property(x => x.PublishedBy).HasMaxLength(64);
            // a published version is taken once per park and year, even by two operators publishing at the same moment
            e.HasIndex(x => new { x.ParkId, x.Year, x.Version }).IsUnique();
            e.HasOne("ParkOps.Web.Features.Parks.Park", null).WithMany().HasForeignKey(nameof(MujunRun.ParkId)).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(x => x.Results).WithOne().HasForeignKey(x => x.RunId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<MujunResultRow>(e =>
        {
            e.ToTable("MujunResults");
            e.Property(x => x.Class).HasMaxLength(1);
            e.Property(x => x.SupportPlan).HasMaxLength(32);
            e.Property(x => x.TermsJson).HasMaxLength(4000);
            e.Property(x => x.LiftJson).HasMaxLength(4000);
            e.HasIndex(x => new { x.RunId, x.EnterpriseId }).IsUnique();
            e.HasIndex(x => x.EnterpriseId);
            e.HasOne("ParkOps.Web.Features.Enterprises.Enterprise", null).WithMany().HasForeignKey(nameof(MujunResultRow.EnterpriseId)).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
