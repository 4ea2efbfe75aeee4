using ParkOps.Web.Platform;

namespace ParkOps.Web.Features.Spaces;

/// <summary>The Spaces area as the host composes it: buildings, units, occupancy and land allocation.</summary>
public sealed class SpacesModule : IAreaModule
{
    public void AddServices(IServiceCollection services, IConfiguration config)
    {
        SpaceEndpoints.AddSpaces(services);
        services.AddScoped<Contracts.IParkUnits, ParkUnits>();
    }

    public void MapEndpoints(IEndpointRouteBuilder areas)
    {
        SpaceEndpoints.MapSpaces(areas);
    }
}
