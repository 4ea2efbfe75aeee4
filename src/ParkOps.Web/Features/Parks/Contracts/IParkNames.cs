namespace ParkOps.Web.Features.Parks.Contracts;

/// <summary>
/// Parks' names by id (owner: Parks; callers: the platform's to-do, which labels a park's items, and the menu's park
/// switcher). Only the parks the caller may see, or works in as a contractor; any other id is left out.
/// </summary>
public interface IParkNames
{
    Task<IReadOnlyDictionary<long, string>> NamesAsync(IReadOnlyCollection<long> parkIds, CancellationToken ct);

    /// <summary>
    /// Every park in the caller's sight, by id. Synchronous on purpose: the layout's menu reads it while the page's own
    /// component initialises on the request's one DbContext, and a synchronous read ends before the page starts its own.
    /// </summary>
    IReadOnlyList<ParkLabel> VisibleParks();

    /// <summary>The park's name when it is in the caller's sight (the scope filter alone, as <see cref="VisibleParks"/>: a contractor's parks are not), else null.</summary>
    Task<string?> VisibleNameAsync(long parkId, CancellationToken ct);
}

/// <summary>A park as a menu names it.</summary>
public sealed record ParkLabel(long Id, string Name, string Code);
