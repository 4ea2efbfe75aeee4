namespace ParkOps.Web.Features.Parks.Contracts;

/// <summary>
/// Parks' names by id (owner: Parks; caller: the platform's to-do, which labels a park's items). Only the parks the
/// caller may see, or works in as a contractor; any other id is left out.
/// </summary>
public interface IParkNames
{
    Task<IReadOnlyDictionary<long, string>> NamesAsync(IReadOnlyCollection<long> parkIds, CancellationToken ct);
}
