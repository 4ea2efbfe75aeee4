using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Chains;
using ParkOps.Web.Data;

namespace ParkOps.Web.Features.Chains;

/// <summary>
/// An industry-chain template (产业链模板) for a leading industry: its name, the GB/T 4754 code prefixes that count as the
/// industry, and its stages in order (<see cref="ChainTemplateStage"/>). Six ship with every install (migration 0045);
/// the platform admin and park operators edit them and add more. A park copies one into its own chain.
/// </summary>
public sealed class ChainTemplate
{
    public long Id { get; set; }
    public required string Name { get; set; }
    /// <summary>GB/T 4754 prefixes separated by '|'.</summary>
    public string IndustryPrefixes { get; set; } = "";
    /// <summary>Where it comes from (a seed case, or who added it).</summary>
    public string? Source { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
}

/// <summary>One stage of a template: its place, name and kind (main stage or supporting service).</summary>
public sealed class ChainTemplateStage
{
    public long Id { get; set; }
    public long TemplateId { get; set; }
    public int Position { get; set; }
    public required string Name { get; set; }
    public StageKind Kind { get; set; }
}

/// <summary>
/// An investment lead (招商线索) of a park: a firm the operator courts to fill a stage of its chain, from first contact
/// to admission. Its status moves only through <see cref="Move"/> (<see cref="LeadPipeline.CheckMove"/>).
/// </summary>
public sealed class InvestmentLead : IParkOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public required string Name { get; set; }
    public string? CreditCode { get; set; }
    /// <summary>Where the lead came from (以商招商, 展会, 园区企业推荐 …).</summary>
    public required string Source { get; set; }
    /// <summary>The stage of the park's chain it would fill.</summary>
    public required string TargetStage { get; set; }
    public string? ContactName { get; set; }
    public string? ContactPhone { get; set; }
    public LeadStatus Status { get; private set; }
    /// <summary>Why it was last dropped or taken up again.</summary>
    public string? StatusReason { get; private set; }
    public DateTime StatusAt { get; private set; }
    /// <summary>An anchor-enterprise agreement (锚定企业协议) and the day it was signed.</summary>
    public bool AnchorAgreement { get; set; }
    public DateOnly? AnchorAgreedOn { get; set; }
    /// <summary>The terms offered to this firm (一企一策).</summary>
    public string? PolicyTerms { get; set; }
    /// <summary>Units of the park held for it (预留单元), ids separated by '|'.</summary>
    public string PreLetUnitIds { get; set; } = "";
    /// <summary>The enterprise it became, admitted through the admission review (set with 入驻).</summary>
    public long? EnterpriseId { get; private set; }
    public string CreatedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public void Move(LeadStatus to, string? reason, long? enterpriseId, bool enterpriseAdmitted, DateTime at)
    {
        StatusReason = LeadPipeline.CheckMove(Status, to, reason, enterpriseAdmitted) ?? (to == LeadStatus.Dropped || Status == LeadStatus.Dropped ? StatusReason : null);
        if (to == LeadStatus.Admitted) EnterpriseId = enterpriseId;
        Status = to;
        StatusAt = UpdatedAt = at;
    }

    public void Start(DateTime at) => StatusAt = CreatedAt = UpdatedAt = at;
}

/// <summary>A visit or talk with a lead (拜访记录): the day and what was said.</summary>
public sealed class LeadVisit : IParkOwned
{
    public long Id { get; set; }
    public long LeadId { get; set; }
    public long ParkId { get; set; }
    public DateOnly VisitedOn { get; set; }
    public required string Note { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}

public static class ChainsModel
{
    // the park is named, not referenced: a model of another area is one of its internals
    private const string Park = "ParkOps.Web.Features.Parks.Park";

    public static void Configure(ModelBuilder b)
    {
        b.Entity<ChainTemplate>(e =>
        {
            e.ToTable("ChainTemplates");
            e.Property(x => x.Name).HasMaxLength(50);
            e.Property(x => x.IndustryPrefixes).HasMaxLength(200);
            e.Property(x => x.Source).HasMaxLength(200);
            e.Property(x => x.UpdatedBy).HasMaxLength(64);
            e.HasIndex(x => x.Name).IsUnique();
        });
        b.Entity<ChainTemplateStage>(e =>
        {
            e.ToTable("ChainTemplateStages");
            e.Property(x => x.Name).HasMaxLength(ChainRules.MaxStageName);
            e.HasOne<ChainTemplate>().WithMany().HasForeignKey(x => x.TemplateId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.TemplateId, x.Position }).IsUnique();
        });
        b.Entity<InvestmentLead>(e =>
        {
            e.ToTable("InvestmentLeads");
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.CreditCode).HasMaxLength(18);
            e.Property(x => x.Source).HasMaxLength(100);
            e.Property(x => x.TargetStage).HasMaxLength(ChainRules.MaxStageName);
            e.Property(x => x.ContactName).HasMaxLength(50);
            e.Property(x => x.ContactPhone).HasMaxLength(30);
            e.Property(x => x.StatusReason).HasMaxLength(LeadPipeline.MaxReasonLength);
            e.Property(x => x.PolicyTerms).HasMaxLength(2000);
            e.Property(x => x.PreLetUnitIds).HasMaxLength(400);
            e.Property(x => x.CreatedBy).HasMaxLength(64);
            e.HasOne(Park, null).WithMany().HasForeignKey(nameof(InvestmentLead.ParkId)).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.ParkId, x.Status });
        });
        b.Entity<LeadVisit>(e =>
        {
            e.ToTable("LeadVisits");
            e.Property(x => x.Note).HasMaxLength(1000);
            e.Property(x => x.CreatedBy).HasMaxLength(64);
            e.HasOne<InvestmentLead>().WithMany().HasForeignKey(x => x.LeadId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => x.LeadId);
        });
    }
}
