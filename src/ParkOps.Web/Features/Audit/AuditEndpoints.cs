using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Data;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Features.Audit;

public sealed record AuditQuery(string? Entity, string? EntityKey, string? Actor, string? Action, DateTime? From, DateTime? To, int? Page, int? PageSize);

/// <summary>The audit log as its readers search it: the API, the export, and the audit page (through an instance, its one door to the rows).</summary>
public sealed class AuditLog(ParkOpsDb db)
{
    /// <summary>The search below on the request's context (the audit page).</summary>
    public Task<Page<AuditEntry>> SearchAsync(AuditQuery q, CancellationToken ct) => SearchAsync(db, q, ct);

    /// <summary>Operators see the audit rows of their parks; the platform admin sees all (query filter).</summary>
    public static async Task<Page<AuditEntry>> SearchAsync(ParkOpsDb db, AuditQuery q, CancellationToken ct)
    {
        if (!db.Actor.IsPlatformAdmin && db.Actor.OperatorParkIds.Length == 0) throw new ForbiddenException("OnlyOperatorsMayWrite");
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q.Entity)) query = query.Where(a => a.Entity == q.Entity);
        if (!string.IsNullOrWhiteSpace(q.EntityKey)) query = query.Where(a => a.EntityKey == q.EntityKey);
        if (!string.IsNullOrWhiteSpace(q.Actor)) query = query.Where(a => a.ActorName.Contains(q.Actor));
        if (!string.IsNullOrWhiteSpace(q.Action)) query = query.Where(a => a.Action == q.Action);
        if (q.From is { } f) { var fu = f.ToUniversalTime(); query = query.Where(a => a.At >= fu); }
        if (q.To is { } t) { var tu = t.ToUniversalTime(); query = query.Where(a => a.At < tu); }
        return await query.OrderByDescending(a => a.Id).ToPageAsync(q.Page, q.PageSize, ct, defaultSize: 50);
    }

    public static void MapAudit(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/audit", async Task<Ok<Page<AuditEntry>>> (string? entity, string? entityKey, string? actor, string? action, DateTime? from, DateTime? to, int? page, int? pageSize, ParkOpsDb db, CancellationToken ct) =>
            TypedResults.Ok(await SearchAsync(db, new AuditQuery(entity, entityKey, actor, action, from, to, page, pageSize), ct)))
            .RequireAuthorization().WithTags("Audit").WithSummary("Who changed what, when and from where (before/after JSON).");
    }
}
