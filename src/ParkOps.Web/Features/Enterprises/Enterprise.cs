using ParkOps.Domain.Enterprises;
using ParkOps.Domain.Rules;
using ParkOps.Web.Data;

namespace ParkOps.Web.Features.Enterprises;

public enum SizeClass { BelowScale, AboveScale }

/// <summary>Where an enterprise stands with the park: applied, in, or on its way out.</summary>
public enum EnterpriseStatus { Applicant, Admitted, Conditional, Rejected, Exiting, Exited }

public sealed class Enterprise : IParkOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public required string CreditCode { get; set; }
    public required string Name { get; set; }
    public string? LegalPerson { get; set; }
    /// <summary>GB/T 4754 industry code, e.g. C3982.</summary>
    public string IndustryCode { get; set; } = "";
    /// <summary>Chain stages the enterprise works in, separated by '|'.</summary>
    public string ChainStages { get; set; } = "";
    public DateOnly? EstablishedOn { get; set; }
    public SizeClass SizeClass { get; set; }
    /// <summary>Tags such as 高新技术企业, 专精特新, separated by '|'.</summary>
    public string Tags { get; set; } = "";
    public bool IsChainLeader { get; set; }
    public int? Employees { get; set; }
    public string? ContactName { get; set; }
    public string? ContactPhone { get; set; }
    public string? ContactEmail { get; set; }
    public string? Description { get; set; }
    public EnterpriseStatus Status { get; set; }
    /// <summary>Collaboration contribution score 0–100 (DOMAIN §6); set by operators until the scoring area computes it.</summary>
    public decimal? ContributionScore { get; set; }
    /// <summary>The year the score is for, and the operator's note on where it comes from (issue 15: an entered score is explained and audited).</summary>
    public int? ContributionScoreYear { get; set; }
    public string? ContributionScoreNote { get; set; }
    /// <summary>亩均 class A/B/C/D (or T, not rated): from the latest published 亩均 evaluation, or an operator's entry until then.</summary>
    public string? MuClass { get; set; }
    /// <summary>The year the class grades (issue 15 §4).</summary>
    public int? MuClassYear { get; set; }
    /// <summary>The published evaluation's version the class comes from; null when an operator entered it.</summary>
    public int? MuClassVersion { get; set; }
    /// <summary>Where an operator's entry comes from (e.g. the county's published list); null for an evaluation's class.</summary>
    public string? MuClassSource { get; set; }
    /// <summary>Processes the enterprise declares (电镀, 喷涂, 危化品储存 …), separated by '|': facts the negative list judges.</summary>
    public string Processes { get; set; } = "";
    /// <summary>Its pollutant-discharge permit category (重点管理 / 简化管理 / 登记管理), if declared.</summary>
    public string? EmissionCategory { get; set; }
    /// <summary>An earlier 亩均 grade elsewhere the applicant declares: class, year and where.</summary>
    public string? EarlierClass { get; set; }
    public int? EarlierClassYear { get; set; }
    public string? EarlierClassPlace { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public LifecycleStage? StageOn(DateOnly asOf) => EstablishedOn is { } d ? Lifecycle.StageOn(d, asOf) : null;

    /// <summary>Admission may be decided only for an applicant or a conditional admission.</summary>
    public void Decide(AdmissionOutcome outcome)
    {
        if (Status is not (EnterpriseStatus.Applicant or EnterpriseStatus.Conditional))
            throw new DomainRuleException("AdmissionOnlyForApplicants", "status", "只有申请中或有条件准入的企业可以审核", RuleKind.Conflict);
        Status = outcome switch
        {
            AdmissionOutcome.Approve => EnterpriseStatus.Admitted,
            AdmissionOutcome.Conditional => EnterpriseStatus.Conditional,
            _ => EnterpriseStatus.Rejected,
        };
    }

    public void StartExit()
    {
        if (Status is not (EnterpriseStatus.Admitted or EnterpriseStatus.Conditional))
            throw new DomainRuleException("ExitOnlyForAdmitted", "status", "只有在园企业可以启动退出", RuleKind.Conflict);
        Status = EnterpriseStatus.Exiting;
    }

    public void CompleteExit()
    {
        if (Status != EnterpriseStatus.Exiting)
            throw new DomainRuleException("ExitMustBeStarted", "status", "退出流程尚未启动", RuleKind.Conflict);
        Status = EnterpriseStatus.Exited;
    }

    public void CancelExit()
    {
        if (Status != EnterpriseStatus.Exiting)
            throw new DomainRuleException("ExitMustBeStarted", "status", "退出流程尚未启动", RuleKind.Conflict);
        Status = EnterpriseStatus.Admitted;
    }

    /// <summary>The items of a '|'-separated list (chain stages, tags, processes), as <see cref="Parks.Park"/> keeps its own.</summary>
    public static IReadOnlyList<string> Split(string? s) => (s ?? "").Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

public sealed class AdmissionDecision : IEnterpriseOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public long EnterpriseId { get; set; }
    public AdmissionOutcome Suggested { get; set; }
    public AdmissionOutcome Outcome { get; set; }
    /// <summary>The assessment's reasons as JSON (code, effect, detail), kept as evidence.</summary>
    public string ReasonsJson { get; set; } = "[]";
    public string? Comment { get; set; }
    public string DecidedBy { get; set; } = "";
    public DateTime DecidedAt { get; set; }
}

public sealed class EnterpriseDocument : IEnterpriseOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public long EnterpriseId { get; set; }
    /// <summary>营业执照, 环评批复, 安全生产许可, 消防验收 …</summary>
    public required string Kind { get; set; }
    public string? Number { get; set; }
    public DateOnly? ExpiresOn { get; set; }
    public DateTime AddedAt { get; set; }
}

public enum ExitReason { Zombie, RuleBreach, LeaseEnd, Voluntary }

public enum ExitState { Open, Completed, Cancelled }

public sealed class ExitCase : IEnterpriseOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public long EnterpriseId { get; set; }
    public ExitReason Reason { get; set; }
    public ExitState State { get; set; }
    public string? Notes { get; set; }
    /// <summary>Settlement summary at completion (deposit, arrears, hand-over of units).</summary>
    public string? Settlement { get; set; }
    public DateTime OpenedAt { get; set; }
    public DateTime? ClosedAt { get; set; }
}
