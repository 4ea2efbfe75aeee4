namespace ParkOps.Web.Features.Leasing.Contracts;

/// <summary>
/// How many of a park's holding leases end within the reminder horizon (90 days from <see cref="AsOf"/>), by the stage
/// they have reached: 7, 30 or 90 days. Counts only, no lease and no firm named.
/// </summary>
public sealed record ExpiringLeaseCounts(long ParkId, DateOnly AsOf, int Within7Days, int Within30Days, int Within90Days)
{
    /// <summary>Every lease in the 90-day horizon (the stages do not overlap: a lease 5 days from its end counts in the 7-day stage only).</summary>
    public int Total => Within7Days + Within30Days + Within90Days;
}

/// <summary>A lease that holds its units and ends soon, at the reminder stage it has reached (90, 30 or 7 days).</summary>
public sealed record ExpiryReminder(long LeaseId, string Code, long ParkId, long EnterpriseId, string EnterpriseName, DateOnly EndDate, int DaysLeft, int Stage)
{
    /// <summary>The reminder stages, in days before the lease's end, nearest first (DOMAIN §3).</summary>
    public static readonly int[] Stages = [7, 30, 90];
}

/// <summary>
/// Leasing's contract for the expiring leases of a park (owner: Leasing; callers: the home page, the API). It checks who
/// asks: the park's operators, the platform admin and the park's government viewers read the counts; an enterprise user
/// of the park is refused them; a park out of sight is not found.
/// </summary>
public interface ILeaseExpiries
{
    Task<ExpiringLeaseCounts> CountsAsync(long parkId, CancellationToken ct);

    /// <summary>The park's reminders, each lease with its tenant, nearest end first; tenants see their own leases only, a government viewer of the park is refused.</summary>
    Task<List<ExpiryReminder>> DueAsync(long parkId, CancellationToken ct);
}
