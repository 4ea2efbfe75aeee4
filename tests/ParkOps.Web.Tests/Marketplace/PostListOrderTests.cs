using System.Net;
using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Marketplace;
using ParkOps.Web.Features.Marketplace;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Marketplace;

/// <summary>The marketplace list (issue 13 item 8): newest posts first, and the console's list opens on the open posts.</summary>
public sealed class PostListOrderTests(ParkOpsFactory app) : IClassFixture<ParkOpsFactory>
{
    [Fact]
    public async Task PostList_Api_ListsTheNewestPublishedFirst()
    {
        var park = await app.ParkIdAsync();
        var expected = await app.WithDbAsync(async db => (await db.Posts.IgnoreQueryFilters().Where(p => p.ParkId == park && p.State != PostState.Draft)
                .Select(p => new { p.Id, At = p.PublishedAt ?? p.CreatedAt }).ToListAsync())
            .OrderByDescending(p => p.At).ThenByDescending(p => p.Id).Select(p => p.Id).ToList());
        expected.Count.ShouldBeGreaterThan(1);

        var op = await app.LoginAsync("operator");
        var res = await op.GetAsync($"/api/v1/parks/{park}/posts?pageSize=500");
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var items = (await res.JsonAsync()).GetProperty("items").EnumerateArray().Where(p => p.Str("state") != nameof(PostState.Draft)).Select(p => p.GetProperty("id").GetInt64()).ToList();
        items.ShouldBe(expected);
    }

    [Fact]
    public async Task PostListPage_OpenedWithoutAState_ShowsOnlyOpenPostsAndAllWhenAsked()
    {
        var park = await app.ParkIdAsync();
        var states = await app.WithDbAsync(db => db.Posts.IgnoreQueryFilters().Where(p => p.ParkId == park && p.State != PostState.Draft).Select(p => p.State).ToListAsync());
        var open = states.Count(s => s == PostState.Open);
        open.ShouldBeGreaterThan(0);
        states.Count.ShouldBeGreaterThan(open, "the demo has posts that are not open");

        var op = await app.CookieLoginAsync("operator");
        var html = await op.GetStringAsync($"/parks/{park}/market");
        Rows(html).ShouldBe(Math.Min(open, 30));
        html.ShouldContain("<option value=\"Open\" selected");
        var all = await op.GetStringAsync($"/parks/{park}/market?state=all");
        Rows(all).ShouldBe(Math.Min(states.Count, 30));
    }

    private static int Rows(string html) => System.Text.RegularExpressions.Regex.Matches(html, "data-testid=\"post-row\"").Count;
}
