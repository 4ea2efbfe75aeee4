using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Platform;

/// <summary>
/// Work done every few seconds in a scope of its own as the system (<c>ParkOps:{setting}</c> seconds; 0 turns it off,
/// and it is off under test unless set): the SLA sweep, the refresh of the region view's kept figures. A failed round
/// is logged and the next one runs.
/// </summary>
public abstract class PeriodicJob(IServiceScopeFactory scopes, IConfiguration config, IHostEnvironment env, ILogger log, string setting, int defaultSeconds) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = config.GetValue($"ParkOps:{setting}", env.IsEnvironment("Testing") ? 0 : defaultSeconds);
        if (seconds <= 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(ActorScope.System);
                await RunOnceAsync(scope.ServiceProvider, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning(ex, "Periodic work {Setting} failed", setting);
            }
        }
    }

    /// <summary>One round, in its own scope as the system.</summary>
    protected abstract Task RunOnceAsync(IServiceProvider services, CancellationToken ct);
}
