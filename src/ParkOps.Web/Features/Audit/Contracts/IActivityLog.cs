namespace ParkOps.Web.Features.Audit.Contracts;

/// <summary>A day (Asia/Shanghai) on which a user changed something on the platform.</summary>
public sealed record ActiveDay(long UserId, DateOnly Day);

/// <summary>A user counted with a group (caller: Contribution, an enterprise and each of its accounts).</summary>
public sealed record ActivityMember(long UserId, long GroupId);

/// <summary>What the audit log tells others about activity (owner: Audit; caller: Contribution's platform activity indicator).</summary>
public interface IActivityLog
{
    /// <summary>
    /// The distinct days within [from, to] on which each of these users wrote something (every write leaves an audit row),
    /// counting only audit rows up to <paramref name="upTo"/> when it is given (what was on record at a <see cref="MarkAsync"/>).
    /// </summary>
    Task<IReadOnlyList<ActiveDay>> ActiveDaysAsync(IReadOnlyCollection<long> userIds, DateOnly from, DateOnly to, long? upTo, CancellationToken ct);

    /// <summary>The log's mark now: the highest audit row id (0 when empty); rows written later have higher ids.</summary>
    Task<long> MarkAsync(CancellationToken ct);

    /// <summary>
    /// Per group, the number of distinct days within [from, to] on which any of its users wrote something — the days of
    /// <see cref="ActiveDaysAsync"/> united per group and counted in the database (a park of 100,000 firms has about a
    /// million such days a year; the caller needs only each firm's count). Groups without a day are left out.
    /// </summary>
    Task<IReadOnlyDictionary<long, int>> ActiveDayCountsAsync(IReadOnlyCollection<ActivityMember> members, DateOnly from, DateOnly to, long upTo, CancellationToken ct);
}
