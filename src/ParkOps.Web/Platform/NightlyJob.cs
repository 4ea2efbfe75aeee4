using System.Globalization;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Platform;

/// <summary>
/// Work done once a night at a set Beijing time (<c>ParkOps:{Section}:NightlyAt</c>, HH:mm; <c>ParkOps:{Section}:Nightly=false</c>
/// turns it off). The loop only waits for the hour; <see cref="RunOnceAsync"/> must claim each unit of its night in the
/// database so that several app processes sharing one database do the work once between them.
/// </summary>
public abstract class NightlyJob(TimeProvider clock, IConfiguration config, ILogger log, string section, TimeOnly defaultAt) : BackgroundService
{
    protected TimeProvider Clock { get; } = clock;

    public TimeOnly At => TimeOnly.TryParse(config[$"ParkOps:{section}:NightlyAt"], CultureInfo.InvariantCulture, out var at) ? at : defaultAt;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!config.GetValue($"ParkOps:{section}:Nightly", true)) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = Time.ToShanghai(Clock.GetUtcNow().UtcDateTime);
            var next = DateOnly.FromDateTime(now).ToDateTime(At);
            if (next <= now) next = next.AddDays(1);
            try { await Task.Delay(next - now, Clock, stoppingToken); }
            catch (OperationCanceledException) { return; }
            try { await RunOnceAsync(DateOnly.FromDateTime(next), stoppingToken); }
            catch (Exception e) when (e is not OperationCanceledException) { log.LogError(e, "Nightly {Section} work failed", section); }
        }
    }

    /// <summary>The night's work for <paramref name="day"/> that no other process has claimed yet; returns how many units this call did.</summary>
    public abstract Task<int> RunOnceAsync(DateOnly day, CancellationToken ct);
}
