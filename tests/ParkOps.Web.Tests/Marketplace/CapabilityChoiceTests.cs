using System.Net;
using System.Text.RegularExpressions;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Marketplace;

/// <summary>
/// The post form offers the park's industry chain's capabilities first and the rest under "其他" (issue 13 item 11):
/// the electronics park and the garment park each see their own chain first, and nothing is out of reach.
/// </summary>
public sealed class CapabilityChoiceTests(ParkOpsFactory app) : IClassFixture<ParkOpsFactory>
{
    private async Task<(string Chain, string Other)> GroupsAsync(string user, string parkCode)
    {
        var park = await app.ParkIdAsync(parkCode);
        var res = await (await app.CookieLoginAsync(user)).GetAsync($"/parks/{park}/market/new");
        var html = WebUtility.HtmlDecode(await res.Content.ReadAsStringAsync());
        res.StatusCode.ShouldBe(HttpStatusCode.OK, html.Length > 600 ? html[..600] : html);
        string Group(string id) => Regex.Match(html, $"data-testid=\"{id}\"[^>]*>(.*?)</optgroup>", RegexOptions.Singleline) is { Success: true } m ? m.Groups[1].Value : "";
        html.ShouldContain("label=\"本园区产业链\"");
        html.ShouldContain("label=\"其他\"");
        return (Group("caps-chain"), Group("caps-other"));
    }

    [Fact]
    public async Task PostForm_ElectronicsPark_OffersItsChainFirst_TheRestUnderOther()
    {
        var (chain, other) = await GroupsAsync("tenant", "DG-CA-01");
        foreach (var name in new[] { "SMT贴片", "插件焊接", "成品组装", "EMC测试", "仓储" }) chain.ShouldContain($">{name}</option>");
        foreach (var name in new[] { "成衣缝制", "鞋底生产", "染色" })
        {
            chain.ShouldNotContain($">{name}</option>");
            other.ShouldContain($">{name}</option>");
        }
    }

    [Fact]
    public async Task PostForm_GarmentPark_OffersTextilesFirst()
    {
        var (chain, other) = await GroupsAsync("operator2", "DG-HM-01");
        foreach (var name in new[] { "染色", "印花", "成衣缝制" }) chain.ShouldContain($">{name}</option>");
        chain.ShouldNotContain(">SMT贴片</option>");
        other.ShouldContain(">SMT贴片</option>");
    }
}
