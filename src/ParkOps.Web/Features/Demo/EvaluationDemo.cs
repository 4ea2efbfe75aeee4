using ParkOps.Domain.Monitoring;
using ParkOps.Web.Features.Evaluation.Contracts;

namespace ParkOps.Web.Features.Demo;

/// <summary>
/// The demo's published 亩均 evaluation (issue 12 §5): for both parks, the last calendar year whose four quarters are all
/// reported (<see cref="ReportingDemo"/> files eight quarters up to the last one ended), computed and published through
/// Evaluation's own contract so the classes land on the enterprises as a real publication would set them. Park 1 shows
/// every class: the firms established under two years before the year's end are T (e.g. ents1[9], ents1[14]).
/// </summary>
public sealed class EvaluationDemo(IMujunEvaluation mujun)
{
    /// <summary>The last year with all four quarters ended before today's quarter.</summary>
    public static int DemoYear(DateOnly today)
    {
        var last = Quarter.Of(today).Previous;
        return last.Number == 4 ? last.Year : last.Year - 1;
    }

    public async Task<IReadOnlyList<MujunPublished>> SeedAsync(IEnumerable<long> parkIds, DateOnly today, CancellationToken ct)
    {
        var list = new List<MujunPublished>();
        foreach (var parkId in parkIds) list.Add(await mujun.RunAndPublishAsync(parkId, DemoYear(today), ct));
        return list;
    }
}
