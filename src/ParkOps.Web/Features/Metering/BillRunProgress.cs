using System.Collections.Concurrent;

namespace ParkOps.Web.Features.Metering;

public sealed record BillRunProgressDto(long ParkId, string? Month, string State, int Done, int Total, DateTime? StartedAt, DateTime? FinishedAt)
{
    public int Percent => Total == 0 ? (State == "Completed" ? 100 : 0) : (int)(100L * Done / Total);
}

/// <summary>
/// In-memory progress of the bill runs of this process, keyed by park: the console's bill-run page polls it while
/// its form post is running. Progress is a view only; the run itself is one transaction either way.
/// </summary>
public sealed class BillRunProgress(TimeProvider clock)
{
    private readonly ConcurrentDictionary<long, BillRunProgressDto> _runs = new();

    public void Start(long parkId, string month, int total) =>
        _runs[parkId] = new BillRunProgressDto(parkId, month, "Running", 0, total, clock.GetUtcNow().UtcDateTime, null);

    public void Report(long parkId, int done)
    {
        if (_runs.TryGetValue(parkId, out var p)) _runs[parkId] = p with { Done = done };
    }

    public void Finish(long parkId, bool ok)
    {
        if (_runs.TryGetValue(parkId, out var p)) _runs[parkId] = p with { State = ok ? "Completed" : "Failed", Done = ok ? p.Total : p.Done, FinishedAt = clock.GetUtcNow().UtcDateTime };
    }

    public BillRunProgressDto Get(long parkId, string? month) =>
        _runs.TryGetValue(parkId, out var p) && (month is null || p.Month == month) ? p : new BillRunProgressDto(parkId, month, "Idle", 0, 0, null, null);
}
