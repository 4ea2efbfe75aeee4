namespace ParkOps.Web.Features.Risk.Contracts;

/// <summary>An alert as other areas read it: its type code (the API's), severity, state, the firm and the evidence JSON.</summary>
public sealed record RiskAlertFacts(long Id, long ParkId, string Type, string Severity, string State, long? EnterpriseId, DateTime RaisedAt, string EvidenceJson)
{
    /// <summary>Open or acknowledged (still to be dealt with).</summary>
    public bool Active { get; init; }
    /// <summary>When an alert no longer active was resolved or dismissed (null while active).</summary>
    public DateTime? ClosedAt { get; init; }

    /// <summary>Open at the instant: raised by then and not closed by then.</summary>
    public bool OpenAt(DateTime utc) => RaisedAt <= utc && (Active || ClosedAt is not { } c || c > utc);
}

/// <summary>
/// Risk's contract (owner: Risk; callers: the demo seeder, the reserve fund's crisis form which opens from an order-drop
/// alert). Runs and reads as the system: the caller decides who may see what it passes on.
/// </summary>
public interface IRiskAlerts
{
    /// <summary>Runs the park's rules now (the same run as the nightly one); returns the alerts raised.</summary>
    Task<int> RunAsync(long parkId, string startedBy, CancellationToken ct);

    /// <summary>The park's alerts, oldest first.</summary>
    Task<IReadOnlyList<RiskAlertFacts>> AlertsAsync(long parkId, CancellationToken ct);

    /// <summary>The alerts of each of these parks, oldest first, in one read (caller: Dashboard's region view); a park without alerts has an empty list.</summary>
    Task<IReadOnlyDictionary<long, IReadOnlyList<RiskAlertFacts>>> AlertsAsync(IReadOnlyCollection<long> parkIds, CancellationToken ct);

    /// <summary>One alert, or null.</summary>
    Task<RiskAlertFacts?> AlertAsync(long alertId, CancellationToken ct);

    /// <summary>acknowledge | resolve | dismiss (with a reason) by <paramref name="by"/>, through the alert lifecycle.</summary>
    Task ActAsync(long alertId, string action, string? reason, string by, CancellationToken ct);
}
