using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Marketplace;
using ParkOps.Domain.Matching;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Marketplace;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Features.Users;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Marketplace;

/// <summary>Requests and look-ups the marketplace tests share.</summary>
public static class MarketplaceApi
{
    private static int _n = Environment.TickCount & 0xFFFF;

    public static DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Time.Shanghai).DateTime);

    /// <summary>A valid post body: a capability offer or need with a window from next week, for <paramref name="days"/> days.</summary>
    public static Dictionary<string, object?> Body(string kind = "capacity_offer", string[]? capabilities = null, decimal? quantity = 1000, int startInDays = 7, int days = 30,
        string visibility = "Park", bool publish = true, string? title = null) => new()
    {
        ["kind"] = kind,
        ["title"] = title ?? $"测试帖子 {Interlocked.Increment(ref _n)}",
        ["description"] = "园区内协作测试",
        ["capabilities"] = capabilities ?? ["smt"],
        ["quantity"] = quantity,
        ["unit"] = "点/日",
        ["from"] = Today.AddDays(startInDays),
        ["to"] = Today.AddDays(startInDays + days - 1),
        ["visibility"] = visibility,
        ["publish"] = publish,
    };

    public static async Task<JsonElement> CreatePostAsync(this HttpClient client, long parkId, object body)
    {
        var res = await client.PostAsJsonAsync($"/api/v1/parks/{parkId}/posts", body, Demo.Json);
        var text = await res.Content.ReadAsStringAsync();
        res.StatusCode.ShouldBe(HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<List<long>> MatchIdsAsync(this HttpClient client, long postId, int top = 10)
    {
        var res = await client.GetAsync($"/api/v1/posts/{postId}/matches?top={top}");
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        return (await res.JsonAsync()).EnumerateArray().Select(m => m.GetProperty("postId").GetInt64()).ToList();
    }

    /// <summary>A user of an enterprise (e.g. one of the other park, which the demo has no login for), signed in.</summary>
    public static async Task<HttpClient> LoginAsEnterpriseAsync(this ParkOpsFactory app, long enterpriseId)
    {
        var name = $"mk_{enterpriseId}_{Interlocked.Increment(ref _n)}";
        var admin = await app.LoginAsync("admin");
        var res = await admin.PostAsJsonAsync("/api/v1/users", new UserInput(name, "协作测试用户", "Market123456789", Role.EnterpriseUser, null, enterpriseId, null), Demo.Json);
        res.IsSuccessStatusCode.ShouldBeTrue(await res.Content.ReadAsStringAsync());
        return await app.LoginAsync(name, "Market123456789");
    }

    public static Task<long> FirstAdmittedAsync(this ParkOpsFactory app, string parkCode) =>
        app.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters().Where(e => db.Set<Park>().Any(p => p.Id == e.ParkId && p.Code == parkCode) && e.Status == EnterpriseStatus.Admitted)
            .OrderBy(e => e.Id).Select(e => e.Id).FirstAsync());

    /// <summary>A draft of the enterprise, written straight to the database (for the scope tests).</summary>
    public static Task<long> DraftOfAsync(ParkOpsFactory app, long enterpriseId) => PostOfAsync(app, enterpriseId, PostState.Draft, PostVisibility.Park);

    /// <summary>An open post of the enterprise with the given visibility, written straight to the database.</summary>
    public static Task<long> OpenPostOfAsync(ParkOpsFactory app, long enterpriseId, PostVisibility visibility) => PostOfAsync(app, enterpriseId, PostState.Open, visibility);

    /// <summary>A collaboration between two enterprises of a park (the demo has none in DG-HM-01), written straight to the database.</summary>
    public static async Task<long> CollaborationInParkAsync(ParkOpsFactory app, long parkId)
    {
        var existing = await app.WithDbAsync(db => db.Collaborations.Where(c => c.ParkId == parkId).Select(c => (long?)c.Id).FirstOrDefaultAsync());
        if (existing is { } id) return id;
        var ents = await app.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters().Where(e => e.ParkId == parkId && e.Status == EnterpriseStatus.Admitted).OrderBy(e => e.Id).Select(e => e.Id).Take(2).ToListAsync());
        var need = await PostOfAsync(app, ents[0], PostState.Matched, PostVisibility.Park);
        var offer = await PostOfAsync(app, ents[1], PostState.Open, PostVisibility.Park);
        return await app.WithDbAsync(async db =>
        {
            var c = new Collaboration
            {
                ParkId = parkId, OfferParkId = parkId, NeedPostId = need, OfferPostId = offer, NeedEnterpriseId = ents[0], OfferEnterpriseId = ents[1], InquirerEnterpriseId = ents[0],
                State = CollaborationState.Agreed, Amount = 1000, Quantity = 10, StartsOn = Today, DueOn = Today.AddDays(10), CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, AgreedAt = DateTime.UtcNow,
            };
            db.Collaborations.Add(c);
            await db.SaveChangesAsync();
            return c.Id;
        });
    }

    private static Task<long> PostOfAsync(ParkOpsFactory app, long enterpriseId, PostState state, PostVisibility visibility) => app.WithDbAsync(async db =>
    {
        var e = await db.Enterprises.IgnoreQueryFilters().SingleAsync(x => x.Id == enterpriseId);
        var park = await db.Parks.IgnoreQueryFilters().SingleAsync(p => p.Id == e.ParkId);
        var post = new Post
        {
            ParkId = e.ParkId, EnterpriseId = e.Id, RegionId = await PostService.MarketRegionAsync(db, park.RegionId, default), Kind = PostKind.CapacityOffer, State = state,
            Visibility = visibility, Title = "范围测试帖子", Capabilities = "smt", Quantity = 100, Unit = "点/日", WindowFrom = Today.AddDays(3), WindowTo = Today.AddDays(60),
            CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, CreatedBy = "test",
        };
        db.Posts.Add(post);
        await db.SaveChangesAsync();
        return post.Id;
    });
}
