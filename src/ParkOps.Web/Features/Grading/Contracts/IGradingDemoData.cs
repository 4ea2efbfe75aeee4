namespace ParkOps.Web.Features.Grading.Contracts;

/// <summary>
/// The demo's park grading (owner: Grading; caller: the demo seeder): a partly filled self-assessment of the year for
/// the park — some items scored with a note and an evidence file, the others still open — through the area's own service.
/// </summary>
public interface IGradingDemoData
{
    Task SeedAsync(long parkId, int year, CancellationToken ct);
}
