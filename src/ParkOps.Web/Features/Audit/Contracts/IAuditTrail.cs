namespace ParkOps.Web.Features.Audit.Contracts;

/// <summary>
/// One audit row of a change written past the change tracker (a set-wise UPDATE): what was done to which entity, its
/// park, the values before and after as JSON, and where the change comes from.
/// </summary>
public sealed record AuditRecord(string Action, string Entity, string EntityKey, long? ParkId, string? Before, string? After, string Source);

/// <summary>
/// Audit rows for writers that go around the change tracker (owner: Audit; caller: Enterprises' set-wise score
/// publishing): written set-wise in the caller's current transaction, stamped with the caller's actor and the time, so
/// a change of 100,000 rows and its 100,000 audit rows commit together or not at all.
/// </summary>
public interface IAuditTrail
{
    Task WriteAsync(IReadOnlyList<AuditRecord> rows, CancellationToken ct);
}
