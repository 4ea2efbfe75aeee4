using ParkOps.Web.Platform;

namespace ParkOps.Web.Features.Enterprises;

/// <summary>The Enterprises area as the host composes it: the enterprise archive, admission and its contracts (directory, roster, grading).</summary>
public sealed class EnterprisesModule : IAreaModule
{
    public void AddServices(IServiceCollection services, IConfiguration config)
    {
        EnterpriseEndpoints.AddEnterprises(services);
        services.AddScoped<IToDoSource, EnterprisesToDo>();
    }

    public void MapEndpoints(IEndpointRouteBuilder areas)
    {
        EnterpriseEndpoints.MapEnterprises(areas);
    }
}
