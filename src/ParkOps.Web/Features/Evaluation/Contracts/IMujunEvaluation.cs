namespace ParkOps.Web.Features.Evaluation.Contracts;

/// <summary>A published 亩均 evaluation in brief: its run, version, the count per class and how many firms were left out.</summary>
public sealed record MujunPublished(long RunId, int Version, IReadOnlyDictionary<string, int> Classes, int NotEvaluated);

/// <summary>Evaluation's contract (owner: Evaluation; callers: the demo seeder, later a county-wide batch).</summary>
/// <summary>
/// The park's latest published 亩均 evaluation of a year in brief (no firm's score): the count per class (A–D, T) the enterprises
/// it covers and those it rated 规上 (by id only, for counting who went above or below scale between years).
/// </summary>
public sealed record MujunYearSummary(int Year, int Version, IReadOnlyDictionary<string, int> Classes, IReadOnlySet<long> Firms, IReadOnlySet<long> AboveScale);

public interface IMujunEvaluation
{
    /// <summary>
    /// The park's latest published evaluation of <paramref name="year"/>, or null when none is published; read past the
    /// caller's scope (caller: Grading, which shows park-level counts only to the park's operators and government viewers).
    /// </summary>
    Task<MujunYearSummary?> PublishedSummaryAsync(long parkId, int year, CancellationToken ct);

    /// <summary>Computes the park's evaluation of a year that has ended and publishes it as the next version (the caller must operate the park).</summary>
    Task<MujunPublished> RunAndPublishAsync(long parkId, int year, CancellationToken ct);
}
