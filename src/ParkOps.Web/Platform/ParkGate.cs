using ParkOps.Web.Data;
using ParkOps.Web.Features.Enterprises.Contracts;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Platform;

/// <summary>
/// Who may read and who may change a park's things, for every area alike: anyone who sees the park reads (404 for a
/// park the caller does not see, so its existence is not confirmed); its operators and the platform administrator
/// change (403 naming the rule for another who sees it). The administrator sees every park, so a park that does not
/// exist is asked of the Enterprises area's directory (404).
/// </summary>
public sealed class ParkGate(ParkOpsDb db, IEnterpriseDirectory directory)
{
    /// <summary>Anyone who sees the park; 404 otherwise.</summary>
    public async Task RequireSeesAsync(long parkId, CancellationToken ct)
    {
        if (!db.Actor.CanSeePark(parkId)) throw new NotFoundException("Park", parkId);
        if (db.Actor.IsPlatformAdmin) await directory.ParkIndustryAsync(parkId, ct);
    }

    /// <summary>The park's operators (and the platform administrator); another who sees the park gets 403 <paramref name="rule"/>, everyone else 404.</summary>
    public async Task RequireOperatorAsync(long parkId, string rule, CancellationToken ct)
    {
        if (!db.Actor.CanOperatePark(parkId))
        {
            if (db.Actor.CanSeePark(parkId)) throw new ForbiddenException(rule);
            throw new NotFoundException("Park", parkId);
        }
        if (db.Actor.IsPlatformAdmin) await directory.ParkIndustryAsync(parkId, ct);
    }
}
