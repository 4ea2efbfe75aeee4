using ParkOps.Web.Data;
using ParkOps.Web.Features.Audit.Contracts;

namespace ParkOps.Web.Features.Audit;

public sealed class AuditTrail(ParkOpsDb db, TimeProvider clock) : IAuditTrail
{
    public async Task WriteAsync(IReadOnlyList<AuditRecord> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        var now = clock.GetUtcNow().UtcDateTime;
        var actor = db.Actor;
        await SetWriter.InsertAsync(db, rows.Select(r => new AuditEntry
        {
            At = now, ActorId = actor.UserId, ActorName = actor.UserName, Action = r.Action, Entity = r.Entity, EntityKey = r.EntityKey, ParkId = r.ParkId,
            Before = r.Before, After = r.After, Source = r.Source,
        }).ToList(), null, ct);
    }
}
