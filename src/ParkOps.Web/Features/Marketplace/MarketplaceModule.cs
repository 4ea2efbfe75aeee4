using ParkOps.Web.Platform;

namespace ParkOps.Web.Features.Marketplace;

/// <summary>The Marketplace area as the host composes it: the collaboration marketplace (posts, matching, collaborations) and purchase pools.</summary>
public sealed class MarketplaceModule : IAreaModule
{
    public void AddServices(IServiceCollection services, IConfiguration config)
    {
        MarketplaceEndpoints.AddMarketplace(services);
        PoolEndpoints.AddPools(services);
        services.AddScoped<IToDoSource, MarketToDo>();
    }

    public void MapEndpoints(IEndpointRouteBuilder areas)
    {
        MarketplaceEndpoints.MapMarketplace(areas);
        PoolEndpoints.MapPools(areas);
    }
}
