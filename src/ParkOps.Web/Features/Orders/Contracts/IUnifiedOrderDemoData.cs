namespace ParkOps.Web.Features.Orders.Contracts;

/// <summary>
/// The demo's unified orders (owner: Orders; caller: the demo seeder): a settled order split over three enterprises of
/// the park (the first of <c>enterpriseIds</c> is the demo tenant's) and one allocated order waiting for the enterprises' answers.
/// </summary>
public interface IUnifiedOrderDemoData
{
    Task SeedAsync(long parkId, IReadOnlyList<long> enterpriseIds, DateOnly today, DateTime now, CancellationToken ct);
}
