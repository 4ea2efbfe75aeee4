using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Users;

namespace ParkOps.Web.Features.Auth;

/// <summary>
/// Checks a user name and password for the API and the console's sign-in form. Failures slow down the pair of
/// account and client address that makes them, never the account: after <see cref="SecurityOptions.MaxFailedLogins"/>
/// failures from one address that address waits <see cref="SecurityOptions.LoginBackoffSeconds"/>, then twice as long
/// after each further failure, up to <see cref="SecurityOptions.MaxLoginBackoffMinutes"/>; the right password from
/// another address still works. The caller learns only "signed in" or "not": an unknown name, a wrong password and a
/// pair that must wait look alike, and cost about the same time (the password hash is computed in every case).
/// </summary>
public sealed class SignInService(ParkOpsDb db, IPasswordHasher<User> hasher, TimeProvider clock, SecurityOptions options, UserSessions sessions)
{
    /// <summary>Pairs that stayed quiet this long start counting again from zero.</summary>
    public static readonly TimeSpan ForgetAfter = TimeSpan.FromDays(1);

    /// <summary>The account whose name and password match, or null.</summary>
    public async Task<User?> CheckAsync(string userName, string password, IPAddress? client, CancellationToken ct)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == userName && u.IsActive, ct);
        if (user is null)
        {
            Spend(password);
            return null;
        }
        var address = AddressOf(client);
        var now = clock.GetUtcNow().UtcDateTime;
        if (!await ChargeAsync(user.Id, address, now, ct))
        {
            Spend(password);
            return null;
        }
        var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            await FailedAsync(user.Id, address, now, ct);
            return null;
        }
        // the pair starts afresh: reset in place rather than deleted, so parallel sign-ins charging the same row are not
        // sent round the insert-or-update loop by a row that keeps vanishing (the sweep above forgets it when idle)
        await Pair(user.Id, address).ExecuteUpdateAsync(u => u.SetProperty(t => t.Failures, 0).SetProperty(t => t.Level, 0).SetProperty(t => t.BlockedUntil, (DateTime?)null), ct);
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = hasher.HashPassword(user, password);
            await db.SaveChangesAsync(ct);
        }
        return user;
    }

    /// <summary>
    /// <see cref="CheckAsync"/>, then <see cref="StartSessionAsync"/> for the account it found: the principal of a new
    /// session to sign in with under <paramref name="scheme"/>, or null when the name and password do not match.
    /// </summary>
    public async Task<ClaimsPrincipal?> SignInAsync(string userName, string password, IPAddress? client, string scheme, CancellationToken ct) =>
        await CheckAsync(userName, password, client, ct) is { } user ? await StartSessionAsync(user, scheme, ct) : null;

    /// <summary>Opens a session for the account and returns the principal to sign in with (cookie or bearer token).</summary>
    public async Task<ClaimsPrincipal> StartSessionAsync(User user, string scheme, CancellationToken ct)
    {
        var sid = await sessions.OpenAsync(user.Id, scheme, ct);
        return new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()), new Claim(ClaimTypes.Name, user.UserName), new Claim("display_name", user.DisplayName),
             new Claim(UserSessions.ClaimType, sid)],
            scheme));
    }

    /// <summary>The address a sign-in is counted against: the client as the trusted proxy reports it (IPv4 in its own form).</summary>
    public static string AddressOf(IPAddress? client) =>
        client is null ? "unknown" : (client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client).ToString();

    private IQueryable<SignInThrottle> Pair(long userId, string address) =>
        db.Set<SignInThrottle>().Where(t => t.UserId == userId && t.Address == address);

    /// <summary>
    /// Takes one attempt from the pair's allowance before the password is checked, atomically in the database, so that
    /// guesses sent in parallel (or to several app processes) are counted as they arrive. False: the pair must wait.
    /// </summary>
    private async Task<bool> ChargeAsync(long userId, string address, DateTime now, CancellationToken ct)
    {
        var forgotten = now - ForgetAfter;
        await db.Set<SignInThrottle>().Where(t => t.LastAttemptAt < forgotten && (t.BlockedUntil == null || t.BlockedUntil < now)).ExecuteDeleteAsync(ct);
        var max = options.MaxFailedLogins;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var charged = await Pair(userId, address).Where(t => t.Failures < max && (t.BlockedUntil == null || t.BlockedUntil <= now))
                .ExecuteUpdateAsync(u => u.SetProperty(t => t.Failures, t => t.Failures + 1).SetProperty(t => t.LastAttemptAt, now), ct);
            if (charged == 1) return true;
            var opened = await db.Database.ExecuteSqlAsync(
                $"""INSERT INTO "SignInThrottles" ("UserId", "Address", "Failures", "Level", "BlockedUntil", "LastAttemptAt") VALUES ({userId}, {address}, 1, 0, NULL, {now}) ON CONFLICT DO NOTHING""", ct);
            if (opened == 1) return true;
            // the row exists: either it is waiting, or another request created it between the two statements (once more)
        }
        return false;
    }

    /// <summary>A failure that used up the allowance starts the pair's next wait; the wait lets one attempt through when it ends.</summary>
    private async Task FailedAsync(long userId, string address, DateTime now, CancellationToken ct)
    {
        var max = options.MaxFailedLogins;
        var row = await Pair(userId, address).AsNoTracking().Select(t => new { t.Failures, t.Level }).FirstOrDefaultAsync(ct);
        if (row is null || row.Failures < max) return;
        var until = now + Backoff(row.Level);
        // conditional on the level read: of parallel failures only one imposes the next wait
        await Pair(userId, address).Where(t => t.Level == row.Level && t.Failures >= max)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.Level, row.Level + 1).SetProperty(t => t.BlockedUntil, until).SetProperty(t => t.Failures, max - 1), ct);
    }

    /// <summary>The wait after the allowance is used up for the (<paramref name="level"/> + 1)-th time.</summary>
    public TimeSpan Backoff(int level)
    {
        var cap = TimeSpan.FromMinutes(options.MaxLoginBackoffMinutes);
        var first = TimeSpan.FromSeconds(options.LoginBackoffSeconds);
        // 2^level overflows long before it matters: past the cap the cap is the answer
        return level >= 30 || first * Math.Pow(2, level) >= cap ? cap : first * Math.Pow(2, level);
    }

    /// <summary>The same hashing work as checking a real password, so the answer's timing does not tell which case this was.</summary>
    private void Spend(string password) => hasher.VerifyHashedPassword(Nobody, DummyHash, password);

    private static readonly User Nobody = new() { UserName = "", DisplayName = "" };
    private static readonly string DummyHash = new PasswordHasher<User>().HashPassword(Nobody, Guid.NewGuid().ToString());
}
