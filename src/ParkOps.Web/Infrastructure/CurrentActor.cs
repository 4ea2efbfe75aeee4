using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Features.Users;

namespace ParkOps.Web.Infrastructure;

/// <summary>What the caller may see and do, resolved once per request from its role grants.</summary>
public sealed record ActorScope(
    long? UserId,
    string UserName,
    bool IsPlatformAdmin,
    IReadOnlyList<Role> Roles,
    long[] OperatorParkIds,
    long[] GovernmentParkIds,
    long[] EnterpriseIds,
    long[] EnterpriseParkIds)
{
    public static readonly ActorScope Anonymous = new(null, "", false, [], [], [], [], []);
    /// <summary>The CLI, the demo seeder and background jobs: sees and writes everything.</summary>
    public static readonly ActorScope System = new(null, "system", true, [Role.PlatformAdmin], [], [], [], []);

    public bool IsAuthenticated => UserId is not null || IsPlatformAdmin;
    public long[] VisibleParkIds { get; } = OperatorParkIds.Concat(GovernmentParkIds).Concat(EnterpriseParkIds).Distinct().ToArray();
    /// <summary>The market regions (cities) of the visible parks: region-wide marketplace posts of these are seen too.</summary>
    public long[] MarketRegionIds { get; init; } = [];

    public bool Has(Role role) => IsPlatformAdmin || Roles.Contains(role);
    public bool CanSeePark(long parkId) => IsPlatformAdmin || VisibleParkIds.Contains(parkId);
    public bool CanOperatePark(long parkId) => IsPlatformAdmin || OperatorParkIds.Contains(parkId);
    /// <summary>Whether the caller acts for an enterprise of this park (an enterprise user's grant there; the platform admin too).</summary>
    public bool IsEnterpriseUserIn(long parkId) => Has(Role.EnterpriseUser) && EnterpriseParkIds.Contains(parkId);
    /// <summary>Parks where the caller works as an outside contractor (it sees there only the tickets assigned to it).</summary>
    public long[] ContractorParkIds { get; init; } = [];

    /// <summary>The caller's enterprises with their park and name (what booking and other tenant writes need without a query).</summary>
    public IReadOnlyList<EnterpriseRef> Enterprises { get; init; } = [];

    public bool IsEnterpriseOnly => !IsPlatformAdmin && OperatorParkIds.Length == 0 && GovernmentParkIds.Length == 0 && EnterpriseIds.Length > 0;

    /// <summary>
    /// Parks whose enterprises' confidential detail this government viewer may see, because a region the park lies in
    /// allows it (<see cref="Features.Parks.Region.GovernmentSeesEnterpriseDetail"/>); empty for everyone else.
    /// </summary>
    public long[] GovernmentDetailParkIds { get; init; } = [];

    /// <summary>The regions a government viewer is granted (its parks are those of these regions and the regions below).</summary>
    public long[] GovernmentRegionIds { get; init; } = [];

    /// <summary>
    /// Whether the caller may see an enterprise's confidential detail (DOMAIN §1: contacts, headcount, credit file, deal
    /// amounts): the platform admin, the park's operators, the enterprise's own users, and a government viewer only where
    /// the region's settings allow. Everyone else who may see the enterprise at all sees it redacted.
    /// </summary>
    public bool SeesEnterpriseDetail(long parkId, long enterpriseId) =>
        IsPlatformAdmin || OperatorParkIds.Contains(parkId) || EnterpriseIds.Contains(enterpriseId) || GovernmentDetailParkIds.Contains(parkId);

    /// <summary>
    /// Whether the caller reaches this park only as a government viewer (neither its operator, the platform admin nor a
    /// tenant there): it reads the park's aggregates, and the operators' per-firm lists refuse it
    /// (<c>GovernmentSeesAggregatesOnly</c>) rather than answer an empty list that reads like a zero.
    /// </summary>
    public bool GovernmentOnlyIn(long parkId) =>
        !IsPlatformAdmin && GovernmentParkIds.Contains(parkId) && !OperatorParkIds.Contains(parkId) && !EnterpriseParkIds.Contains(parkId);

    /// <summary>Refuses a caller who sees this park only as a government viewer (see <see cref="GovernmentOnlyIn"/>).</summary>
    public void RefuseGovernmentViewer(long parkId)
    {
        if (GovernmentOnlyIn(parkId)) throw new ForbiddenException("GovernmentSeesAggregatesOnly");
    }

    /// <summary>Whether the caller reads a park's aggregates (arrears totals, expiring leases): its operators, the platform admin, its government viewers.</summary>
    public bool ReadsParkAggregates(long parkId) => CanOperatePark(parkId) || GovernmentParkIds.Contains(parkId);

    /// <summary>Whether the caller sees the confidential detail of every enterprise of a park (not only its own).</summary>
    public bool SeesEnterpriseDetailOfPark(long parkId) =>
        IsPlatformAdmin || OperatorParkIds.Contains(parkId) || GovernmentDetailParkIds.Contains(parkId);
}

/// <summary>One of the caller's enterprises.</summary>
public sealed record EnterpriseRef(long Id, long ParkId, string Name);

public interface ICurrentActor
{
    ActorScope Scope { get; }
}

/// <summary>Scoped holder; filled by <see cref="ActorMiddleware"/> for requests, or set directly by the CLI.</summary>
public sealed class CurrentActor : ICurrentActor
{
    public ActorScope Scope { get; private set; } = ActorScope.Anonymous;
    public void Set(ActorScope scope) => Scope = scope;

    public static async Task<ActorScope> ResolveAsync(ParkOpsDb db, long userId, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().Include(u => u.Grants).FirstOrDefaultAsync(u => u.Id == userId && u.IsActive, ct);
        if (user is null) return ActorScope.Anonymous;
        var g = user.Grants;
        var regionIds = g.Where(x => x.Role == Role.GovernmentViewer && x.RegionId != null).Select(x => x.RegionId!.Value).ToList();
        var (govParks, govDetailParks) = regionIds.Count == 0 ? (Array.Empty<long>(), Array.Empty<long>()) : await GovernmentParksAsync(db, regionIds, ct);
        var enterpriseIds = g.Where(x => x.Role == Role.EnterpriseUser && x.EnterpriseId != null).Select(x => x.EnterpriseId!.Value).Distinct().ToArray();
        var enterprises = enterpriseIds.Length == 0 ? [] :
            await db.Enterprises.IgnoreQueryFilters().Where(e => enterpriseIds.Contains(e.Id)).OrderBy(e => e.Id)
                .Select(e => new EnterpriseRef(e.Id, e.ParkId, e.Name)).ToListAsync(ct);
        var scope = new ActorScope(user.Id, user.UserName, g.Any(x => x.Role == Role.PlatformAdmin), g.Select(x => x.Role).Distinct().ToList(),
            g.Where(x => x.Role == Role.ParkOperator && x.ParkId != null).Select(x => x.ParkId!.Value).Distinct().ToArray(),
            govParks, enterpriseIds, enterprises.Select(e => e.ParkId).Distinct().ToArray())
        {
            ContractorParkIds = g.Where(x => x.Role == Role.Contractor && x.ParkId != null).Select(x => x.ParkId!.Value).Distinct().ToArray(),
            Enterprises = enterprises,
            GovernmentDetailParkIds = govDetailParks,
            GovernmentRegionIds = [.. regionIds.Distinct().Order()],
        };
        return scope with { MarketRegionIds = await Features.Marketplace.PostService.MarketRegionsOfAsync(db, scope.VisibleParkIds, ct) };
    }

    /// <summary>
    /// A government viewer of a region sees the parks of that region and of every region below it; of those, it sees
    /// enterprise detail in the parks under a region whose settings allow it (the setting holds for the regions below).
    /// </summary>
    private static async Task<(long[] Parks, long[] DetailParks)> GovernmentParksAsync(ParkOpsDb db, List<long> regionIds, CancellationToken ct)
    {
        var regions = await db.Regions.AsNoTracking().Select(r => new { r.Id, r.ParentId, r.GovernmentSeesEnterpriseDetail }).ToListAsync(ct);
        HashSet<long> Below(IEnumerable<long> roots)
        {
            var all = new HashSet<long>(roots);
            bool grew;
            do
            {
                grew = false;
                foreach (var r in regions)
                    if (r.ParentId is { } p && all.Contains(p) && all.Add(r.Id)) grew = true;
            } while (grew);
            return all;
        }
        var seen = Below(regionIds);
        var allowing = Below(regions.Where(r => r.GovernmentSeesEnterpriseDetail).Select(r => r.Id));
        var ids = seen.ToArray();
        var parks = await db.Parks.IgnoreQueryFilters().Where(p => ids.Contains(p.RegionId)).Select(p => new { p.Id, p.RegionId }).ToListAsync(ct);
        return (parks.Select(p => p.Id).ToArray(), parks.Where(p => allowing.Contains(p.RegionId)).Select(p => p.Id).ToArray());
    }
}

/// <summary>
/// Resolved scopes by user, so a request does not spend three to five queries on who its caller is. Each entry is
/// tagged with the version of <see cref="Platform.ChangeTopics.Scopes"/> it was resolved at, and counts only while the
/// database still holds that version (one read by primary key per request): anything a scope is made from (users,
/// grants, enterprises, parks, regions) changed through any app process sharing the database is seen at the next
/// request everywhere. An entry also lives at most <see cref="Lifetime"/>, which bounds how long a change written
/// outside the application (plain SQL in a console, which moves no version) may go unseen.
/// </summary>
public sealed class ActorScopeCache(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, Entry> _entries = new();
    private long _generation;

    private sealed record Entry(ActorScope Scope, long Version, long Generation, long ExpiresAt);

    /// <summary>Everything cached so far is stale: the next request of each user resolves its scope again.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    public async Task<ActorScope> GetAsync(ParkOpsDb db, long userId, CancellationToken ct)
    {
        var now = clock.GetTimestamp();
        var generation = Volatile.Read(ref _generation);
        // the version is read before the queries: a change that commits while they run makes this entry stale at once
        var version = await Platform.ChangeVersions.ReadAsync(db, Platform.ChangeTopics.Scopes, ct);
        if (_entries.TryGetValue(userId, out var e) && e.Version == version && e.Generation == generation && e.ExpiresAt > now) return e.Scope;
        var scope = await CurrentActor.ResolveAsync(db, userId, ct);
        if (scope.UserId is not null)
            _entries[userId] = new Entry(scope, version, generation, now + (long)(Lifetime.TotalSeconds * clock.TimestampFrequency));
        else _entries.TryRemove(userId, out _);
        return scope;
    }
}

/// <summary>
/// Who is asking, once per request. A cookie or bearer token counts only while its session is open (one query by
/// primary key, which also sees the account deactivated) — so signing out, on any app process sharing the database,
/// counts at the next request everywhere; then the scope comes from <see cref="ActorScopeCache"/>.
/// </summary>
public sealed class ActorMiddleware(RequestDelegate next)
{
    /// <summary>
    /// The scope of a signed-in principal whose session is still live; <see cref="ActorScope.Anonymous"/> otherwise. Also
    /// used by <see cref="LiveScope"/> for interactive components, which no request passes through.
    /// </summary>
    public static Task<ActorScope> ScopeOfAsync(ClaimsPrincipal user, IServiceProvider services, CancellationToken ct) =>
        ScopeOfAsync(user, services.GetRequiredService<ParkOpsDb>(), services.GetRequiredService<ActorScopeCache>(),
            services.GetRequiredService<Features.Auth.UserSessions>(), ct);

    private static async Task<ActorScope> ScopeOfAsync(ClaimsPrincipal user, ParkOpsDb db, ActorScopeCache cache, Features.Auth.UserSessions sessions, CancellationToken ct)
    {
        // a cookie or token from before sessions existed carries no session id: it signs in nobody
        if (long.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)
            && user.FindFirstValue(Features.Auth.UserSessions.ClaimType) is { Length: > 0 } sid
            && await sessions.IsLiveAsync(sid, userId, ct))
            return await cache.GetAsync(db, userId, ct);
        return ActorScope.Anonymous;
    }

    public async Task InvokeAsync(HttpContext http, CurrentActor actor, ParkOpsDb db, ActorScopeCache cache, Features.Auth.UserSessions sessions)
    {
        if (http.User.Identity?.IsAuthenticated == true)
        {
            var scope = await ScopeOfAsync(http.User, db, cache, sessions, http.RequestAborted);
            if (scope.UserId is null)
            {
                // a session ended, expired, or of an account that is gone or deactivated: 401 / back to sign-in, and
                // the browser drops the dead cookie instead of sending it with every request
                http.User = new ClaimsPrincipal(new ClaimsIdentity());
                if (!Features.Auth.AuthModule.IsBearer(http))
                    await http.SignOutAsync(Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme);
            }
            actor.Set(scope);
        }
        await next(http);
    }
}
