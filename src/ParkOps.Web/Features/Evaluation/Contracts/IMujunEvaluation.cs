namespace ParkOps.Web.Features.Evaluation.Contracts;

/// <summary>A published 亩均 evaluation in brief: its run, version, the count per class and how many firms were left out.</summary>
public sealed record MujunPublished(long RunId, int Version, IReadOnlyDictionary<string, int> Classes, int NotEvaluated);

/// <summary>Evaluation's contract (owner: Evaluation; callers: the demo seeder, later a county-wide batch).</summary>
public interface IMujunEvaluation
{
    /// <summary>Computes the park's evaluation of a year that has ended and publishes it as the next version (the caller must operate the park).</summary>
    Task<MujunPublished> RunAndPublishAsync(long parkId, int year, CancellationToken ct);
}
