using ParkOps.Domain.Monitoring;

namespace ParkOps.Web.Features.ServiceDesk.Contracts;

/// <summary>
/// The desk's figures of one quarter (tickets opened in it, Asia/Shanghai): repair requests answered and their response
/// minutes added up; ratings given and, of those, satisfied (4 or 5). Counts only, no ticket or firm named.
/// </summary>
public sealed record DeskQuarter(Quarter Quarter, int RepairsResponded, decimal RepairResponseMinutes, int Rated, int Satisfied);

/// <summary>
/// The desk's figures of one month (its first day; tickets opened in it, Asia/Shanghai): requests opened, of those resolved
/// by now, repair requests answered and their response minutes added up, ratings given and of those satisfied. Counts only.
/// </summary>
public sealed record DeskMonthFigures(DateOnly Month, int Opened, int Resolved, int RepairsResponded, decimal RepairResponseMinutes, int Rated, int Satisfied);

/// <summary>
/// ServiceDesk's contract for a park's service figures over quarters (owner: ServiceDesk; callers: Dashboard, its monthly report). Reads past
/// the tickets' scope: the caller decides who may see the totals.
/// </summary>
public interface IDeskFigures
{
    /// <summary>Each quarter <paramref name="from"/>..<paramref name="to"/>, oldest first (a quarter without tickets has zeros).</summary>
    Task<IReadOnlyList<DeskQuarter>> QuartersAsync(long parkId, Quarter from, Quarter to, CancellationToken ct);

    /// <summary><see cref="QuartersAsync(long, Quarter, Quarter, CancellationToken)"/> for each of these parks, in one read whatever the number of parks (caller: Dashboard's region view).</summary>
    Task<IReadOnlyDictionary<long, IReadOnlyList<DeskQuarter>>> QuartersAsync(IReadOnlyCollection<long> parkIds, Quarter from, Quarter to, CancellationToken ct);

    /// <summary>Each month <paramref name="first"/>..<paramref name="last"/> (first days), oldest first; a month without tickets has zeros.</summary>
    Task<IReadOnlyList<DeskMonthFigures>> MonthsAsync(long parkId, DateOnly first, DateOnly last, CancellationToken ct);
}
