using ParkOps.Web.Platform;

namespace ParkOps.Web.Features.Matching;

/// <summary>
/// The Matching area as the host composes it: the engine's services are added by the marketplace that serves them
/// (posts and their index); this module brings the batch verb <c>match</c>.
/// </summary>
public sealed class MatchingModule : IAreaModule
{
    public void AddServices(IServiceCollection services, IConfiguration config) { }

    public void MapEndpoints(IEndpointRouteBuilder areas) { }

    public IEnumerable<System.CommandLine.Command> Commands() => MatchingCli.Commands();
}
