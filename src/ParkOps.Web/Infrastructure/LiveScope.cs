using Microsoft.AspNetCore.Components.Authorization;

namespace ParkOps.Web.Infrastructure;

/// <summary>
/// Work for an interactive (circuit) component, done as its signed-in user. No request passes <see cref="ActorMiddleware"/>
/// while a circuit runs, and a circuit may live for hours: each call gets a fresh DI scope (its own DbContext, nothing
/// tracked from the last poll) whose <see cref="CurrentActor"/> is set exactly as the middleware would — the session
/// must still be live, so a user signed out elsewhere (or deactivated) stops receiving data at the next call.
/// </summary>
public sealed class LiveScope(IServiceScopeFactory scopes, AuthenticationStateProvider auth)
{
    /// <summary>The work's answer; <c>default</c> when the session has ended (the component shows that and stops).</summary>
    public async Task<(bool SignedIn, T? Value)> RunAsync<T>(Func<IServiceProvider, CancellationToken, Task<T>> work, CancellationToken ct)
    {
        var user = (await auth.GetAuthenticationStateAsync()).User;
        await using var scope = scopes.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var actorScope = await ActorMiddleware.ScopeOfAsync(user, sp, ct);
        if (actorScope.UserId is null) return (false, default);
        sp.GetRequiredService<CurrentActor>().Set(actorScope);
        return (true, await work(sp, ct));
    }
}
