namespace ParkOps.Web.Features.Audit.Contracts;

/// <summary>A day (Asia/Shanghai) on which a user changed something on the platform.</summary>
public sealed record ActiveDay(long UserId, DateOnly Day);

/// <summary>What the audit log tells others about activity (owner: Audit; caller: Contribution's platform activity indicator).</summary>
public interface IActivityLog
{
    /// <summary>The distinct days within [from, to] on which each of these users wrote something (every write leaves an audit row).</summary>
    Task<IReadOnlyList<ActiveDay>> ActiveDaysAsync(IReadOnlyCollection<long> userIds, DateOnly from, DateOnly to, CancellationToken ct);
}
