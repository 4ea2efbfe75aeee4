namespace ParkOps.Web.Features.Chains.Contracts;

/// <summary>
/// The demo's chain and 招商 pipeline (owner: Chains; caller: the demo seeder): the park's chain taken from the shipped
/// template of its industry (<paramref name="template"/>), and leads at different steps of the pipeline.
/// </summary>
public interface IChainDemoData
{
    Task SeedAsync(long parkId, string template, DateOnly today, DateTime now, CancellationToken ct);
}
