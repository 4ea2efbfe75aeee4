namespace ParkOps.Web.Features.ParkServices.Contracts;

/// <summary>
/// The demo's paid services (owner: ParkServices; caller: the demo seeder, before its bill runs): a price list for the
/// park and a year of orders in every state, the fulfilled ones posted as service-fee charges for their months.
/// </summary>
public interface IServiceDemoData
{
    Task SeedAsync(long parkId, IReadOnlyList<long> enterpriseIds, DateOnly today, DateTime now, CancellationToken ct);
}
