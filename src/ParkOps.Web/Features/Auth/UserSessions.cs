using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Users;

namespace ParkOps.Web.Features.Auth;

/// <summary>
/// One sign-in: the console's cookie or an API bearer token carries its id (claim <see cref="UserSessions.ClaimType"/>),
/// and a request counts only while the row is there. Signing out deletes the row, so every app process sharing the
/// database refuses the cookie or token at its next request.
/// </summary>
public sealed class UserSession
{
    /// <summary>256 random bits, base64url. Useless without the cookie or token that carries it (those are signed and encrypted).</summary>
    public required string Id { get; set; }
    public long UserId { get; set; }
    /// <summary>How it was opened: <c>Cookies</c> (the console) or <c>BearerToken</c> (the API).</summary>
    public required string Via { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
}

/// <summary>
/// Failed sign-ins of one account from one client address (see <see cref="SignInService"/>): after
/// <see cref="SecurityOptions.MaxFailedLogins"/> the pair waits, longer after each further failure. Nothing here
/// keeps the account itself from signing in from elsewhere.
/// </summary>
public sealed class SignInThrottle
{
    public long UserId { get; set; }
    public required string Address { get; set; }
    /// <summary>Attempts charged since the last success (charged before the password is checked, so parallel guesses count too).</summary>
    public int Failures { get; set; }
    /// <summary>Waits imposed so far; the next one lasts <see cref="SecurityOptions.LoginBackoffSeconds"/> × 2^Level.</summary>
    public int Level { get; set; }
    public DateTime? BlockedUntil { get; set; }
    public DateTime LastAttemptAt { get; set; }
}

public static class AuthModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<UserSession>(e =>
        {
            e.ToTable("UserSessions");
            e.Property(x => x.Id).HasMaxLength(64);
            e.Property(x => x.Via).HasMaxLength(16);
            e.HasIndex(x => x.UserId);
            // expired sessions are deleted by range at each sign-in
            e.HasIndex(x => x.ExpiresAt);
            e.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<SignInThrottle>(e =>
        {
            e.ToTable("SignInThrottles");
            e.HasKey(x => new { x.UserId, x.Address });
            e.Property(x => x.Address).HasMaxLength(64);
            e.HasIndex(x => x.LastAttemptAt);
            e.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}

/// <summary>
/// Opens, checks and ends sessions. Rows are written with plain SQL and <c>ExecuteUpdate</c>/<c>ExecuteDelete</c>, not
/// through the change tracker: a sign-in is not a change of park data, so it adds no audit row and leaves the actor
/// scope caches alone.
/// </summary>
public sealed class UserSessions(ParkOpsDb db, TimeProvider clock, SecurityOptions options)
{
    /// <summary>The session id claim (OpenID Connect's name for it).</summary>
    public const string ClaimType = "sid";

    private TimeSpan Lifetime => TimeSpan.FromHours(options.TokenHours);

    public async Task<string> OpenAsync(long userId, string via, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Set<UserSession>().Where(s => s.ExpiresAt <= now).ExecuteDeleteAsync(ct);
        var id = Base64Url(RandomNumberGenerator.GetBytes(32));
        var expires = now + Lifetime;
        await db.Database.ExecuteSqlAsync(
            $"""INSERT INTO "UserSessions" ("Id", "UserId", "Via", "CreatedAt", "ExpiresAt") VALUES ({id}, {userId}, {via}, {now}, {expires})""", ct);
        return id;
    }

    /// <summary>
    /// True while the session is open, unexpired and its account active: one query by primary key per request. A
    /// session used in the second half of its life is extended, as the console's cookie slides.
    /// </summary>
    public async Task<bool> IsLiveAsync(string sessionId, long userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var expires = await (db.Database.IsNpgsql() ? LivePostgres : LiveSqlite)(db, sessionId, userId, now, ct);
        if (expires is null) return false;
        if (expires.Value - now < Lifetime / 2)
        {
            var later = now + Lifetime;
            await db.Set<UserSession>().Where(s => s.Id == sessionId).ExecuteUpdateAsync(u => u.SetProperty(s => s.ExpiresAt, later), ct);
        }
        return true;
    }

    public Task EndAsync(string sessionId, CancellationToken ct) =>
        db.Set<UserSession>().Where(s => s.Id == sessionId).ExecuteDeleteAsync(ct);

    // a compiled query keeps the SQL of the engine it first ran on: one per engine
    private static readonly Func<ParkOpsDb, string, long, DateTime, CancellationToken, Task<DateTime?>> LivePostgres = CompileLive();
    private static readonly Func<ParkOpsDb, string, long, DateTime, CancellationToken, Task<DateTime?>> LiveSqlite = CompileLive();

    private static Func<ParkOpsDb, string, long, DateTime, CancellationToken, Task<DateTime?>> CompileLive() =>
        EF.CompileAsyncQuery((ParkOpsDb db, string id, long userId, DateTime now, CancellationToken ct) =>
            db.Set<UserSession>().AsNoTracking()
                .Where(s => s.Id == id && s.UserId == userId && s.ExpiresAt > now && db.Set<User>().Any(u => u.Id == s.UserId && u.IsActive))
                .Select(s => (DateTime?)s.ExpiresAt).FirstOrDefault());

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
