using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Risk;
using ParkOps.Web.Data;

namespace ParkOps.Web.Features.Risk;

/// <summary>
/// A raised alert (issue 12 §3): what a rule found, its evidence as JSON and its lifecycle. <see cref="ActiveKey"/> holds
/// the dedupe key while the alert is open or acknowledged and is unique per park, so the same finding is raised once
/// however many runs (and processes) find it; a later run updates the evidence of the active alert instead.
/// </summary>
public sealed class RiskAlert : IParkOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public AlertType Type { get; set; }
    public AlertSeverity Severity { get; private set; }
    public AlertState State { get; private set; }
    public long? EnterpriseId { get; set; }
    public required string DedupeKey { get; set; }
    public string? ActiveKey { get; private set; }
    /// <summary>The quarter of data the finding stands on ("2026Q3").</summary>
    public required string Basis { get; set; }
    public string EvidenceJson { get; private set; } = "{}";
    public DateTime RaisedAt { get; set; }
    /// <summary>When a run last confirmed or changed the evidence.</summary>
    public DateTime UpdatedAt { get; set; }
    /// <summary>Whether the latest run still found it (an alert whose finding went away stays until a person closes it).</summary>
    public bool StillHolds { get; set; } = true;
    /// <summary>The operator who took the alert on (acknowledged it), then who closed it.</summary>
    public string? Owner { get; private set; }
    public DateTime? StateChangedAt { get; private set; }
    public string? Reason { get; private set; }

    public static RiskAlert Raise(long parkId, RiskFinding f, string evidence, DateTime now) => new()
    {
        ParkId = parkId, Type = f.Type, Severity = f.Severity, State = AlertState.Open, EnterpriseId = f.EnterpriseId, DedupeKey = f.Key, ActiveKey = f.Key,
        Basis = f.Basis.ToString(), EvidenceJson = evidence, RaisedAt = now, UpdatedAt = now,
    };

    /// <summary>Whether a later run's finding of the same key leaves a stored alert as it is (read without loading the entity).</summary>
    public static bool Unchanged(string storedEvidence, AlertSeverity severity, string basis, bool stillHolds, RiskFinding f, string evidence) =>
        storedEvidence == evidence && severity == f.Severity && basis == f.Basis.ToString() && stillHolds;

    /// <summary>A later run's finding of the same key: new figures, severity and basis.</summary>
    public bool Refresh(RiskFinding f, string evidence, DateTime now)
    {
        if (Unchanged(EvidenceJson, Severity, Basis, StillHolds, f, evidence)) return false;
        EvidenceJson = evidence; Severity = f.Severity; Basis = f.Basis.ToString(); StillHolds = true; UpdatedAt = now;
        return true;
    }

    /// <summary>Moves the alert by the domain's table (<see cref="AlertLifecycle"/>), which refuses what it does not list.</summary>
    public void Apply(AlertAction action, string? reason, string by, DateTime now)
    {
        State = AlertLifecycle.Next(State, action, reason);
        if (!AlertLifecycle.IsActive(State)) ActiveKey = null;
        Owner = by;
        StateChangedAt = now;
        if (action == AlertAction.Dismiss) Reason = reason!.Trim();
    }
}

public enum RiskRunTrigger { Nightly, NewReports, Operator, Demo }

/// <summary>One run of the rules over a park: a nightly run carries its day, unique per park, so the night runs once across processes.</summary>
public sealed class RiskRun : IParkOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public RiskRunTrigger Trigger { get; set; }
    public DateOnly? NightlyDay { get; set; }
    public string StartedBy { get; set; } = "";
    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    /// <summary>The last quarter that had ended ("2026Q3").</summary>
    public string Quarter { get; set; } = "";
    public int Findings { get; set; }
    public int Raised { get; set; }
    public int Updated { get; set; }
}

/// <summary>A park's thresholds when they differ from the defaults (<see cref="RiskSettings"/>), as JSON.</summary>
public sealed class RiskParkSettings : IParkOwned
{
    public long ParkId { get; set; }
    public string Json { get; set; } = "{}";
    public DateTime UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
}

/// <summary>The risk tables (migration 0020).</summary>
public static class RiskModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<RiskAlert>(e =>
        {
            e.ToTable("RiskAlerts");
            e.Property(x => x.DedupeKey).HasMaxLength(200);
            e.Property(x => x.ActiveKey).HasMaxLength(200);
            e.Property(x => x.Basis).HasMaxLength(8);
            e.Property(x => x.Owner).HasMaxLength(100);
            e.Property(x => x.Reason).HasMaxLength(500);
            // an order drop lists every supplier on its ripple: no length limit (0025)
            e.Property(x => x.EvidenceJson).HasColumnType("text");
            // the same finding once while active: NULLs (closed alerts) are distinct on both engines
            e.HasIndex(x => new { x.ParkId, x.ActiveKey }).IsUnique();
            e.HasIndex(x => new { x.ParkId, x.DedupeKey });
            e.HasOne("ParkOps.Web.Features.Parks.Park", null).WithMany().HasForeignKey(nameof(RiskAlert.ParkId)).OnDelete(DeleteBehavior.Cascade);
            e.HasOne("ParkOps.Web.Features.Enterprises.Enterprise", null).WithMany().HasForeignKey(nameof(RiskAlert.EnterpriseId)).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<RiskRun>(e =>
        {
            e.ToTable("RiskRuns");
            e.Property(x => x.StartedBy).HasMaxLength(100);
            e.Property(x => x.Quarter).HasMaxLength(8);
            e.HasIndex(x => new { x.ParkId, x.NightlyDay }).IsUnique();
            e.HasOne("ParkOps.Web.Features.Parks.Park", null).WithMany().HasForeignKey(nameof(RiskRun.ParkId)).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<RiskParkSettings>(e =>
        {
            e.ToTable("RiskSettings");
            e.HasKey(x => x.ParkId);
            e.Property(x => x.ParkId).ValueGeneratedNever();
            e.Property(x => x.Json).HasMaxLength(4000);
            e.Property(x => x.UpdatedBy).HasMaxLength(100);
            e.HasOne("ParkOps.Web.Features.Parks.Park", null).WithMany().HasForeignKey(nameof(RiskParkSettings.ParkId)).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
