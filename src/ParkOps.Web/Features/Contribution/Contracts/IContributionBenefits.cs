namespace ParkOps.Web.Features.Contribution.Contracts;

/// <summary>A contribution record to add: <paramref name="Kind"/> is one of EventAttended, DrillAttended, CommitteeRole, JointRdProject, TalentReferral, InParkTransfer, TrainingGiven.</summary>
public sealed record ContributionRecordEntry(long EnterpriseId, string Kind, DateOnly OccurredOn, string Title, decimal? Hours = null);

/// <summary>An enterprise's local retained tax of a year, in 元.</summary>
public sealed record RetainedTaxEntry(long EnterpriseId, decimal Amount);

/// <summary>What publishing a year gave: the score version, the rebate version, the pool and how many firms were scored.</summary>
public sealed record ContributionYearPublished(int ScoreVersion, int RebateVersion, decimal Pool, int Enterprises);

/// <summary>Contribution's contract (owner: Contribution; caller: the demo seeder). The caller must operate the park.</summary>
public interface IContributionBenefits
{
    Task RecordAsync(long parkId, IReadOnlyList<ContributionRecordEntry> rows, CancellationToken ct);

    Task ImportRetainedTaxAsync(long parkId, int year, IReadOnlyList<RetainedTaxEntry> rows, CancellationToken ct);

    /// <summary>Computes and publishes the year's scores, then computes and publishes the rebate on them.</summary>
    Task<ContributionYearPublished> PublishYearAsync(long parkId, int year, CancellationToken ct);
}
