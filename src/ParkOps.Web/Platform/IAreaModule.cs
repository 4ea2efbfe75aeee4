namespace ParkOps.Web.Platform;

/// <summary>
/// An area as the host composes it: the services it adds, the routes it maps and its CLI verbs (its pages are found by the router, its
/// tables by its Model class in ParkOpsDb). The host keeps one list of modules (<see cref="ParkOpsHost.Modules"/>):
/// adding an area is its folder, one line in that list, and its migrations.
/// </summary>
public interface IAreaModule
{
    void AddServices(IServiceCollection services, IConfiguration config);

    /// <summary>Maps the area's routes into the host's group (its filter checks each request's shape before the handler).</summary>
    void MapEndpoints(IEndpointRouteBuilder areas);

    /// <summary>The area's command-line verbs (the executable's CLI adds them beside its own: migrate, seed, admin, backup, schema).</summary>
    IEnumerable<System.CommandLine.Command> Commands() => [];
}
