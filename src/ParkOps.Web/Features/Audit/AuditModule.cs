using ParkOps.Web.Platform;

namespace ParkOps.Web.Features.Audit;

/// <summary>The Audit area as the host composes it: the audit log (written by the interceptor, read here).</summary>
public sealed class AuditModule : IAreaModule
{
    public void AddServices(IServiceCollection services, IConfiguration config) =>
        services.AddScoped<Contracts.IActivityLog, ActivityLog>().AddScoped<Contracts.IAuditTrail, AuditTrail>()
            .AddScoped<AuditLog>();

    public void MapEndpoints(IEndpointRouteBuilder areas)
    {
        AuditLog.MapAudit(areas);
    }
}
