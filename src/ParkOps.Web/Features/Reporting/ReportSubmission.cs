using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Monitoring;
using ParkOps.Web.Data;

namespace ParkOps.Web.Features.Reporting;

/// <summary>
/// The park's quarterly submission to the county (issue 12 §1, migration 0018): a snapshot of the park's totals and
/// counts that the operator compiles and submits and a government viewer of the park's region approves or returns
/// (草稿 → 已提交 → 已退回 / 已通过). Park-level figures only: it names no firm, so the county may read it. Its state
/// changes only through <see cref="Apply"/>, which follows <see cref="SubmissionRules.Next"/>.
/// </summary>
public sealed class ReportSubmission : IParkOwned
{
    private SubmissionState _state;

    public long Id { get; set; }
    public long ParkId { get; set; }
    public int Year { get; set; }
    public int QuarterNumber { get; set; }
    public SubmissionState State { get => _state; init => _state = value; }

    public int EnterprisesExpected { get; set; }
    public int EnterprisesFiled { get; set; }
    public int EnterprisesMissing { get; set; }
    public int EnterprisesLate { get; set; }
    public decimal Output { get; set; }
    public decimal MainRevenue { get; set; }
    public decimal Tax { get; set; }
    public decimal ValueAdded { get; set; }
    public decimal EnergyTce { get; set; }
    public decimal ElectricityKwh { get; set; }

    public DateTime CompiledAt { get; set; }
    public string CompiledBy { get; set; } = "";
    public DateTime? SubmittedAt { get; set; }
    /// <summary>The county's reason of the latest return (kept after a resubmission: the steps keep every one).</summary>
    public string? ReturnReason { get; set; }
    public DateTime UpdatedAt { get; set; }

    public List<ReportSubmissionStep> Steps { get; set; } = [];

    public Quarter Quarter => new(Year, QuarterNumber);

    /// <summary>Takes <paramref name="action"/> (refused by the table when the state does not allow it) and records who and when.</summary>
    public void Apply(SubmissionAction action, string by, DateTime now, string? reason = null)
    {
        var from = _state;
        _state = SubmissionRules.Next(_state, action);
        UpdatedAt = now;
        if (action == SubmissionAction.Submit) SubmittedAt = now;
        if (action == SubmissionAction.Return) ReturnReason = reason;
        Steps.Add(new ReportSubmissionStep { ParkId = ParkId, Action = action, FromState = from, ToState = _state, By = by, At = now, Reason = reason });
    }
}

/// <summary>One transition of a submission: what was done, from which state to which, by whom, when, and the reason of a return.</summary>
public sealed class ReportSubmissionStep : IParkOwned
{
    public long Id { get; set; }
    public long SubmissionId { get; set; }
    public long ParkId { get; set; }
    public SubmissionAction Action { get; set; }
    public SubmissionState FromState { get; set; }
    public SubmissionState ToState { get; set; }
    public string By { get; set; } = "";
    public DateTime At { get; set; }
    public string? Reason { get; set; }
}

public static class SubmissionModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<ReportSubmission>(e =>
        {
            e.ToTable("ReportSubmissions");
            e.Ignore(x => x.Quarter);
            e.Property(x => x.State).HasField("_state");
            e.Property(x => x.CompiledBy).HasMaxLength(64);
            e.Property(x => x.ReturnReason).HasMaxLength(1000);
            e.HasIndex(x => new { x.ParkId, x.Year, x.QuarterNumber }).IsUnique();
            e.HasOne("ParkOps.Web.Features.Parks.Park", null).WithMany().HasForeignKey(nameof(ReportSubmission.ParkId)).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(x => x.Steps).WithOne().HasForeignKey(x => x.SubmissionId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ReportSubmissionStep>(e =>
        {
            e.ToTable("ReportSubmissionSteps");
            e.Property(x => x.By).HasMaxLength(64);
            e.Property(x => x.Reason).HasMaxLength(1000);
            e.HasIndex(x => x.SubmissionId);
        });
    }
}
