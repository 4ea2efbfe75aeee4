using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Grading;
using ParkOps.Web.Data;

namespace ParkOps.Web.Features.Grading;

/// <summary>
/// An item of the park grading catalogue (migration 0046; the platform admin edits it): a Wenzhou 2020 dimension's
/// criterion (self-scored with evidence, or computed from platform facts by <see cref="RuleCode"/>) or a Hangzhou 2024
/// point rule (points per occurrence, or a veto forcing D). Not park-owned: every park is graded on the same items.
/// </summary>
public sealed class GradingItem
{
    public long Id { get; set; }
    public string Code { get; set; } = "";
    public GradingDimension Dimension { get; set; }
    public GradingItemKind Kind { get; set; }
    public int Position { get; set; }
    public string TextZh { get; set; } = "";
    public string TextEn { get; set; } = "";
    /// <summary>Points at most (dimension items); 0 for adjustments and vetoes.</summary>
    public decimal MaxPoints { get; set; }
    /// <summary>Points per occurrence (adjustments: +2, −1, −2).</summary>
    public decimal PointsPerCount { get; set; }
    /// <summary>The platform fact the item is computed from (see <see cref="GradingFacts"/>); null for self-scored items and declared vetoes.</summary>
    public string? RuleCode { get; set; }
    public bool Active { get; set; } = true;
    public DateTime UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
}

/// <summary>The grade thresholds (one row, id 1; the platform admin edits them): A ≥ <see cref="MinA"/>, B ≥ <see cref="MinB"/>, C ≥ <see cref="MinC"/>, else D.</summary>
public sealed class GradingScale
{
    public long Id { get; set; }
    public decimal MinA { get; set; }
    public decimal MinB { get; set; }
    public decimal MinC { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
}

/// <summary>
/// A park's grading self-assessment of a year: the operator fills it in and submits; a government viewer of the park's
/// region adjusts items with a reason and approves or returns it (草稿 → 已提交 → 已退回 / 已通过). Submitted: read-only
/// for the operator. The approved grade and total are kept as they were approved.
/// </summary>
public sealed class GradingAssessment : IParkOwned
{
    private GradingState _state;

    public long Id { get; set; }
    public long ParkId { get; set; }
    public int Year { get; set; }
    public GradingState State { get => _state; init => _state = value; }
    public DateTime? SubmittedAt { get; set; }
    public string? ReturnReason { get; set; }
    public string? ApprovedGrade { get; set; }
    public decimal? ApprovedTotal { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";

    public List<GradingEntry> Entries { get; set; } = [];
    public List<GradingStep> Steps { get; set; } = [];
    /// <summary>Not loaded with the assessment (files): new files are added here so a new assessment and its first file are one save.</summary>
    public List<GradingEvidence> Evidence { get; set; } = [];

    /// <summary>Takes a step (refused by <see cref="GradingRules.Next"/>) and records it.</summary>
    public void Apply(GradingAction action, string by, DateTime now, string? reason = null, long? itemId = null, decimal? fromPoints = null, decimal? toPoints = null)
    {
        var from = _state;
        _state = GradingRules.Next(_state, action);
        (UpdatedAt, UpdatedBy) = (now, by);
        if (action == GradingAction.Submit) SubmittedAt = now;
        if (action == GradingAction.Return) ReturnReason = reason;
        if (action == GradingAction.Save && Steps.Count > 0 && Steps[^1] is { Action: GradingAction.Save } last && last.By == by && now - last.At < TimeSpan.FromHours(1))
        {
            last.At = now; // a run of saves by one person is one step
            return;
        }
        Steps.Add(new GradingStep { ParkId = ParkId, Action = action, FromState = from, ToState = _state, By = by, At = now, Reason = reason, ItemId = itemId, FromPoints = fromPoints, ToPoints = toPoints });
    }
}

/// <summary>The operator's answer to one item: points (self-scored), a declared count (a veto), a note; and the reviewer's points with the reason.</summary>
public sealed class GradingEntry : IParkOwned
{
    public long Id { get; set; }
    public long AssessmentId { get; set; }
    public long ParkId { get; set; }
    public long ItemId { get; set; }
    public decimal? Points { get; set; }
    public int? Count { get; set; }
    public string? Note { get; set; }
    public decimal? ReviewedPoints { get; set; }
    public string? ReviewReason { get; set; }
}

/// <summary>A file that proves an item (a PDF or a photo, judged by its bytes), kept in the database like ticket photos.</summary>
public sealed class GradingEvidence : IParkOwned
{
    public long Id { get; set; }
    public long AssessmentId { get; set; }
    public long ParkId { get; set; }
    public long ItemId { get; set; }
    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public long Size { get; set; }
    public byte[] Data { get; set; } = [];
    public DateTime UploadedAt { get; set; }
    public string UploadedBy { get; set; } = "";
}

/// <summary>One step of an assessment: saved, submitted, an item adjusted (from → to points, with the reason), returned, approved.</summary>
public sealed class GradingStep : IParkOwned
{
    public long Id { get; set; }
    public long AssessmentId { get; set; }
    public long ParkId { get; set; }
    public GradingAction Action { get; set; }
    public GradingState FromState { get; set; }
    public GradingState ToState { get; set; }
    public long? ItemId { get; set; }
    public decimal? FromPoints { get; set; }
    public decimal? ToPoints { get; set; }
    public string By { get; set; } = "";
    public DateTime At { get; set; }
    public string? Reason { get; set; }
}

public static class GradingModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<GradingItem>(e =>
        {
            e.ToTable("GradingItems");
            e.Property(x => x.Code).HasMaxLength(16);
            e.Property(x => x.TextZh).HasMaxLength(300);
            e.Property(x => x.TextEn).HasMaxLength(300);
            e.Property(x => x.RuleCode).HasMaxLength(32);
            e.Property(x => x.UpdatedBy).HasMaxLength(64);
            e.HasIndex(x => x.Code).IsUnique();
        });
        b.Entity<GradingScale>(e =>
        {
            e.ToTable("GradingScales");
            e.Property(x => x.UpdatedBy).HasMaxLength(64);
        });
        b.Entity<GradingAssessment>(e =>
        {
            e.ToTable("GradingAssessments");
            e.Property(x => x.State).HasField("_state");
            e.Property(x => x.ReturnReason).HasMaxLength(1000);
            e.Property(x => x.ApprovedGrade).HasMaxLength(1);
            e.Property(x => x.UpdatedBy).HasMaxLength(64);
            e.HasIndex(x => new { x.ParkId, x.Year }).IsUnique();
            e.HasOne("ParkOps.Web.Features.Parks.Park", null).WithMany().HasForeignKey(nameof(GradingAssessment.ParkId)).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(x => x.Entries).WithOne().HasForeignKey(x => x.AssessmentId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Steps).WithOne().HasForeignKey(x => x.AssessmentId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Evidence).WithOne().HasForeignKey(x => x.AssessmentId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<GradingEntry>(e =>
        {
            e.ToTable("GradingEntries");
            e.Property(x => x.Note).HasMaxLength(1000);
            e.Property(x => x.ReviewReason).HasMaxLength(1000);
            e.HasIndex(x => new { x.AssessmentId, x.ItemId }).IsUnique();
            e.HasOne<GradingItem>().WithMany().HasForeignKey(x => x.ItemId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<GradingEvidence>(e =>
        {
            e.ToTable("GradingEvidence");
            e.Property(x => x.FileName).HasMaxLength(200);
            e.Property(x => x.ContentType).HasMaxLength(64);
            e.Property(x => x.UploadedBy).HasMaxLength(64);
            e.HasIndex(x => new { x.AssessmentId, x.ItemId });
            e.HasOne<GradingItem>().WithMany().HasForeignKey(x => x.ItemId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<GradingStep>(e =>
        {
            e.ToTable("GradingSteps");
            e.Property(x => x.By).HasMaxLength(64);
            e.Property(x => x.Reason).HasMaxLength(1000);
            e.HasIndex(x => x.AssessmentId);
        });
    }
}
