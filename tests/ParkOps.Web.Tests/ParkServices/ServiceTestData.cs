using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.ParkServices;
using ParkOps.Web.Features.ParkServices;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.ParkServices;

/// <summary>Services and orders written straight into ParkServices' tables, for the scope tests and fixtures that need one.</summary>
public static class ServiceTestData
{
    /// <summary>A service of the park (the first listed, or a new one when the park has none), active, priced from 2000.</summary>
    public static Task<long> ServiceInParkAsync(ParkOpsFactory app, long parkId) =>
        app.WithDbAsync(async db =>
        {
            var id = await db.Set<ParkService>().IgnoreQueryFilters().Where(s => s.ParkId == parkId && s.IsActive).OrderBy(s => s.Id).Select(s => (long?)s.Id).FirstOrDefaultAsync();
            if (id is { } existing) return existing;
            var s = new ParkService { ParkId = parkId, Code = "SCOPE", Name = "探测服务", Category = ServiceCategory.Other, Unit = "次", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
            db.Add(s);
            await db.SaveChangesAsync();
            db.Add(new ServicePrice { ServiceId = s.Id, ParkId = parkId, EffectiveFrom = new DateOnly(2000, 1, 1), UnitPrice = 100m, SetBy = "test", SetAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
            return s.Id;
        });

    /// <summary>An open (ordered) order of the enterprise in the park, made when it has none.</summary>
    public static async Task<long> OrderOfAsync(ParkOpsFactory app, long parkId, long enterpriseId)
    {
        var service = await ServiceInParkAsync(app, parkId);
        return await app.WithDbAsync(async db =>
        {
            var id = await db.Set<ServiceOrder>().IgnoreQueryFilters().Where(o => o.ParkId == parkId && o.EnterpriseId == enterpriseId && o.State == ServiceOrderState.Ordered)
                .OrderBy(o => o.Id).Select(o => (long?)o.Id).FirstOrDefaultAsync();
            if (id is { } existing) return existing;
            var o = new ServiceOrder
            {
                ParkId = parkId, EnterpriseId = enterpriseId, ServiceId = service, ServiceName = "探测服务", Unit = "次", Quantity = 1, UnitPrice = 100m, Amount = 100m,
                OrderedOn = DateOnly.FromDateTime(DateTime.UtcNow), OrderedBy = "test", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            };
            db.Add(o);
            await db.SaveChangesAsync();
            return o.Id;
        });
    }
}
