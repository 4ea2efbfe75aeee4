namespace ParkOps.Web.Features.Audit;

public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public long? ActorId { get; set; }
    public string ActorName { get; set; } = "";
    /// <summary>Created, Updated or Deleted.</summary>
    public required string Action { get; set; }
    public required string Entity { get; set; }
    public required string EntityKey { get; set; }
    public long? ParkId { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
    public string? Source { get; set; }
}
