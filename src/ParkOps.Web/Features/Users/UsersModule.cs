using ParkOps.Web.Platform;

namespace ParkOps.Web.Features.Users;

/// <summary>The Users area as the host composes it: accounts and their grants.</summary>
public sealed class UsersModule : IAreaModule
{
    public void AddServices(IServiceCollection services, IConfiguration config)
    {
        UserEndpoints.AddUsers(services);
    }

    public void MapEndpoints(IEndpointRouteBuilder areas)
    {
        UserEndpoints.MapUsers(areas);
    }
}
