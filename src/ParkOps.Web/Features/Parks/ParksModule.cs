using ParkOps.Web.Infrastructure;
using ParkOps.Web.Platform;

namespace ParkOps.Web.Features.Parks;

/// <summary>The Parks area as the host composes it: the region tree and the parks (settings, buildings' parent).</summary>
public sealed class ParksModule : IAreaModule
{
    public void AddServices(IServiceCollection services, IConfiguration config)
    {
        ParkEndpoints.AddParks(services);
    }

    public void MapEndpoints(IEndpointRouteBuilder areas)
    {
        ParkEndpoints.MapParks(areas);
        ParkSwitch.Map(areas);
    }
}
