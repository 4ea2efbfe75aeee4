using ParkOps.Web.Platform;

namespace ParkOps.Web.Features.Metering;

/// <summary>The Metering area as the host composes it: meters, readings, tariffs and utility use.</summary>
public sealed class MeteringModule : IAreaModule
{
    public void AddServices(IServiceCollection services, IConfiguration config)
    {
        MeteringEndpoints.AddMetering(services);
    }

    public void MapEndpoints(IEndpointRouteBuilder areas)
    {
        MeteringEndpoints.MapMetering(areas);
    }
}
