using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Web.Data;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Infrastructure;

public enum IdempotencyState { InProgress, Completed }

/// <summary>
/// One <c>Idempotency-Key</c> a caller used: what it was sent with (a fingerprint of method, path and body) and, once
/// done, the answer given, so a retry gets the same answer instead of a second payment or booking. Kept in the
/// database, so a retry that lands on another app process is answered the same. Not park-owned: read by user and key only.
/// </summary>
public sealed class IdempotencyRecord
{
    public long Id { get; set; }
    /// <summary>The user the key belongs to (keys are the caller's own; two users may pick the same key).</summary>
    public long UserId { get; set; }
    public required string Key { get; set; }
    /// <summary>SHA-256 of method, path, query and body, hex.</summary>
    public required string Fingerprint { get; set; }
    public required string Request { get; set; }
    public IdempotencyState State { get; set; }
    public int? StatusCode { get; set; }
    public string? ContentType { get; set; }
    public byte[]? Body { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
}

/// <summary>
/// Makes retried POSTs safe (hardening issue: money and bookings): a POST under <c>/api</c> by a signed-in caller that
/// carries <c>Idempotency-Key</c> runs once. The key is claimed in the database before the work (a unique index on
/// user and key decides between racing requests); the answer (status, type, body) is stored when the work ends. The
/// same key with the same request answers the stored result (header <c>Idempotent-Replayed: true</c>); with another
/// request 409 <c>IdempotencyKeyReused</c>; while the first is still running, the others wait for its answer (up to
/// <see cref="WaitLimit"/>, then 409 <c>IdempotencyKeyInProgress</c>). A request that failed with an exception (no
/// money written: the work is one transaction) releases its key, so a retry runs again. Server errors are not stored.
/// Records older than <see cref="Retention"/> are removed by the nightly job.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next)
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 100;
    /// <summary>Answers larger than this are not kept (the retry then gets 409 in progress rather than a second run).</summary>
    public const int MaxStoredBody = 1 << 20;
    public static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    public async Task InvokeAsync(HttpContext http, ICurrentActor actor, ParkOpsDb db, TimeProvider clock, IStringLocalizer<Text> t)
    {
        if (!HttpMethods.IsPost(http.Request.Method) || !http.Request.Path.StartsWithSegments("/api")
            || http.Request.Path.StartsWithSegments("/api/v1/auth") || !http.Request.Headers.TryGetValue(Header, out var values)
            || actor.Scope.UserId is not { } userId)
        {
            await next(http);
            return;
        }
        var key = values.ToString();
        if (key.Length is 0 or > MaxKeyLength || key.Any(c => c < 0x21 || c > 0x7E))
        {
            await Problems.WriteAsync(http, 400, t["Problem.Validation"], t["Val.IdempotencyKey", MaxKeyLength], "Validation", Header);
            return;
        }
        http.Request.EnableBuffering();
        var fingerprint = await FingerprintAsync(http.Request, http.RequestAborted);
        var request = $"{http.Request.Method} {http.Request.Path}{http.Request.QueryString}";
        if (request.Length > 400) request = request[..400];

        var started = clock.GetTimestamp();
        while (true)
        {
            if (await ClaimAsync(db, userId, key, fingerprint, request, clock.GetUtcNow().UtcDateTime, http.RequestAborted))
            {
                await RunAndStoreAsync(http, db, userId, key, clock);
                return;
            }
            var existing = await db.IdempotencyRecords.AsNoTracking().Where(r => r.UserId == userId && r.Key == key)
                .Select(r => new { r.Fingerprint, r.State, r.StatusCode, r.ContentType, r.Body }).FirstOrDefaultAsync(http.RequestAborted);
            if (existing is null) continue; // released by a request that failed: claim it again
            if (existing.Fingerprint != fingerprint)
            {
                await Problems.WriteAsync(http, 409, t["Problem.Rule"], t["Rule.IdempotencyKeyReused"], "IdempotencyKeyReused", Header);
                return;
            }
            if (existing.State == IdempotencyState.Completed)
            {
                http.Response.StatusCode = existing.StatusCode ?? 200;
                if (existing.ContentType is { } type) http.Response.ContentType = type;
                http.Response.Headers[ReplayedHeader] = "true";
                if (existing.Body is { Length: > 0 } body) await http.Response.Body.WriteAsync(body, http.RequestAborted);
                return;
            }
            if (clock.GetElapsedTime(started) > WaitLimit)
            {
                await Problems.WriteAsync(http, 409, t["Problem.Rule"], t["Rule.IdempotencyKeyInProgress"], "IdempotencyKeyInProgress", Header);
                return;
            }
            // a pause between polls, not business time: the real clock
            await Task.Delay(TimeSpan.FromMilliseconds(50), http.RequestAborted);
        }
    }

    private async Task RunAndStoreAsync(HttpContext http, ParkOpsDb db, long userId, string key, TimeProvider clock)
    {
        var original = http.Response.Body;
        await using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await next(http);
        }
        catch
        {
            // the work is one transaction and it did not commit: nothing happened, so the key is free again
            http.Response.Body = original;
            await db.IdempotencyRecords.Where(r => r.UserId == userId && r.Key == key).ExecuteDeleteAsync(CancellationToken.None);
            throw;
        }
        finally
        {
            http.Response.Body = original;
        }
        var status = http.Response.StatusCode;
        if (status >= 500 || buffer.Length > MaxStoredBody)
            await db.IdempotencyRecords.Where(r => r.UserId == userId && r.Key == key).ExecuteDeleteAsync(CancellationToken.None);
        else
        {
            var body = buffer.ToArray();
            var type = http.Response.ContentType;
            var now = clock.GetUtcNow().UtcDateTime;
            // stored even when the caller went away: its retry must find the answer
            await db.IdempotencyRecords.Where(r => r.UserId == userId && r.Key == key).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.State, IdempotencyState.Completed).SetProperty(r => r.StatusCode, status)
                .SetProperty(r => r.ContentType, type).SetProperty(r => r.Body, body).SetProperty(r => r.CompletedAt, now), CancellationToken.None);
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original, http.RequestAborted);
    }

    /// <summary>
    /// A console form's submission runs once: the form carries a key made when it was rendered, and a second post of the
    /// same form (a double click, a resent page) finds the key taken and does nothing. Returns false when the key was
    /// taken already; <paramref name="work"/>'s failure frees the key again (nothing was written).
    /// </summary>
    public static async Task<bool> RunOnceAsync(ParkOpsDb db, long userId, string key, string request, DateTime now, Func<Task> work, CancellationToken ct)
    {
        key = "form:" + (key.Length > MaxKeyLength - 5 ? key[..(MaxKeyLength - 5)] : key);
        if (!await ClaimAsync(db, userId, key, "form", request.Length > 400 ? request[..400] : request, now, ct)) return false;
        try { await work(); }
        catch
        {
            await db.IdempotencyRecords.Where(r => r.UserId == userId && r.Key == key).ExecuteDeleteAsync(CancellationToken.None);
            throw;
        }
        await db.IdempotencyRecords.Where(r => r.UserId == userId && r.Key == key)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, IdempotencyState.Completed).SetProperty(r => r.CompletedAt, now), CancellationToken.None);
        return true;
    }

    /// <summary>Inserts the key's record unless one exists; true when this request holds it now.</summary>
    private static async Task<bool> ClaimAsync(ParkOpsDb db, long userId, string key, string fingerprint, string request, DateTime now, CancellationToken ct)
    {
        var state = nameof(IdempotencyState.InProgress);
        var rows = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "IdempotencyRecords" ("UserId", "Key", "Fingerprint", "Request", "State", "CreatedAt") VALUES ({userId}, {key}, {fingerprint}, {request}, {state}, {now})
            ON CONFLICT ("UserId", "Key") DO NOTHING
            """, ct);
        return rows == 1;
    }

    private static async Task<string> FingerprintAsync(HttpRequest request, CancellationToken ct)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0) sha.AppendData(chunk, 0, read);
        request.Body.Position = 0;
        return Convert.ToHexString(sha.GetHashAndReset());
    }

    /// <summary>Removes the records older than <see cref="Retention"/>; returns how many.</summary>
    public static Task<int> PurgeAsync(ParkOpsDb db, DateTime now, CancellationToken ct)
    {
        var before = now - Retention;
        return db.IdempotencyRecords.Where(r => r.CreatedAt < before).ExecuteDeleteAsync(ct);
    }
}
