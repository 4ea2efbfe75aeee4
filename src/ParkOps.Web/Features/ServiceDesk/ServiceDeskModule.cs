using ParkOps.Web.Platform;

namespace ParkOps.Web.Features.ServiceDesk;

/// <summary>The ServiceDesk area as the host composes it: tickets, SLAs, contractors and QR reporting.</summary>
public sealed class ServiceDeskModule : IAreaModule
{
    public void AddServices(IServiceCollection services, IConfiguration config)
    {
        ServiceDeskEndpoints.AddServiceDesk(services);
        services.AddScoped<IToDoSource, DeskToDo>();
        services.AddScoped<Contracts.IDeskFigures, DeskFigures>();
    }

    public void MapEndpoints(IEndpointRouteBuilder areas)
    {
        ServiceDeskEndpoints.MapServiceDesk(areas);
    }
}
