using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Users.Contracts;

namespace ParkOps.Web.Features.Users;

public sealed class EnterpriseMembers(ParkOpsDb db) : IEnterpriseMembers
{
    public async Task<IReadOnlyList<EnterpriseMember>> MembersAsync(IReadOnlyCollection<long> enterpriseIds, CancellationToken ct)
    {
        var list = new List<EnterpriseMember>();
        // the ids as ONE parameter (SQLite json_each, PostgreSQL an array) per 50,000: a park of 100,000 firms in chunks of
        // 500 was 200 queries, and one variable per id is past the engines' limits
        foreach (var slice in enterpriseIds.Distinct().Chunk(50_000))
            list.AddRange(await db.Set<RoleGrant>().AsNoTracking().Where(g => g.Role == Role.EnterpriseUser && g.EnterpriseId != null && EF.Parameter(slice).Contains(g.EnterpriseId.Value))
                .Select(g => new EnterpriseMember(g.UserId, g.EnterpriseId!.Value)).ToListAsync(ct));
        return list.Distinct().ToList();
    }
}

public sealed class ParkOperators(ParkOpsDb db) : IParkOperators
{
    public Task<int> CountAsync(long parkId, CancellationToken ct) =>
        db.Set<RoleGrant>().AsNoTracking().Where(g => g.Role == Role.ParkOperator && g.ParkId == parkId)
            .Join(db.Set<User>().IgnoreQueryFilters().Where(u => u.IsActive), g => g.UserId, u => u.Id, (g, u) => u.Id).Distinct().CountAsync(ct);
}
