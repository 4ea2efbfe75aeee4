using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Parks.Contracts;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Features.Parks;

/// <summary><see cref="ICollectionAccounts"/> over the parks the caller sees (the park's scope filter decides).</summary>
public sealed class CollectionAccounts(ParkOpsDb db, ParkService parks) : ICollectionAccounts
{
    public Task<CollectionAccount> SetAsync(long parkId, CollectionAccountInput input, CancellationToken ct) => parks.UpdateCollectionAccountAsync(parkId, input, ct);

    public async Task<CollectionAccount> OfAsync(long parkId, CancellationToken ct) =>
        await db.Parks.AsNoTracking().Where(p => p.Id == parkId)
            .Select(p => new CollectionAccount(p.Id, p.PayeeName, p.PayeeBank, p.PayeeAccount, p.PaymentReference)).FirstOrDefaultAsync(ct)
        ?? throw new NotFoundException("Park", parkId);

    public static CollectionAccount Of(Park p) => new(p.Id, p.PayeeName, p.PayeeBank, p.PayeeAccount, p.PaymentReference);
}
