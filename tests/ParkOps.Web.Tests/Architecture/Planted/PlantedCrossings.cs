using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Leasing;

// Code that breaks the borders on purpose, in namespaces shaped like the host's, so that BorderTests can show the scan
// catches a cross-area read (and does not flag a use of a contract). Nothing calls it.
namespace ParkOps.Web.Tests.Architecture.Planted.Features.Billing
{
    public sealed class ReadsLeasesDirectly(ParkOpsDb db)
    {
        public Task<int> ActiveLeasesAsync() => db.Leases.CountAsync(l => l.State == Web.Features.Leasing.LeaseState.Active);

        public int ThroughTheContract(Leasing.Contracts.ILeasesInForce ledger) => ledger.Count;
    }
}

namespace ParkOps.Web.Tests.Architecture.Planted.Features.Leasing.Contracts
{
    public interface ILeasesInForce { int Count { get; } }
}

namespace ParkOps.Web.Tests.Architecture.Planted.Features.Billing.Pages
{
    public sealed class PageWithTheDbContext { public ParkOpsDb? Db { get; set; } }

    public sealed class PageReadingLeasing { public List<Web.Features.Leasing.Lease> Leases { get; } = []; }
}

namespace ParkOps.Web.Tests.Architecture.Planted.Platform
{
    public static class PlatformReachingIn { public static string Describe(Web.Features.Leasing.Lease lease) => lease.Id.ToString(); }
}
