using ParkOps.Web.Platform;

namespace ParkOps.Web.Features.Leasing;

/// <summary>The Leasing area as the host composes it: leases, rent policies and quotes.</summary>
public sealed class LeasingModule : IAreaModule
{
    public void AddServices(IServiceCollection services, IConfiguration config)
    {
        LeasingEndpoints.AddLeasing(services);
        services.AddScoped<IToDoSource, LeasingToDo>();
    }

    public IEnumerable<System.CommandLine.Command> Commands() => RentCli.Commands();

    public void MapEndpoints(IEndpointRouteBuilder areas)
    {
        LeasingEndpoints.MapLeasing(areas);
    }
}
