using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Features.Demo;
using ParkOps.Web.Features.Leasing;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Leasing;

/// <summary>The console's lease pages answer, with their filters, for the people who may see them (reads only: the shared demo host).</summary>
[Collection(DemoCollection.Name)]
public sealed partial class LeasePageTests(ParkOpsFactory app)
{

    private static async Task<string> PageAsync(HttpClient client, string path)
    {
        var res = await client.GetAsync(path);
        var html = await res.Content.ReadAsStringAsync();
        res.StatusCode.ShouldBe(HttpStatusCode.OK, $"GET {path}: {(html.Length > 800 ? html[..800] : html)}");
        return html;
    }

    [Theory]
    [InlineData("")]
    [InlineData("?expiring=90")]
    [InlineData("?state=Active")]
    [InlineData("?state=NoSuchState")]
    [InlineData("?page=2")]
    public async Task LeaseListPage_Operator_Answers200WithTheTableAndTheQuoteForm(string query)
    {
        var park = await app.ParkIdAsync();
        var op = await app.CookieLoginAsync("operator");

        var html = await PageAsync(op, $"/parks/{park}/leases{query}");

        html.ShouldContain("data-testid=\"lease-table\"");
        html.ShouldContain("data-testid=\"quote\"");
    }

    [Fact]
    public async Task LeaseListPage_ExpiringWithin90Days_ListsExactlyTheLeasesTheApiDoes()
    {
        var park = await app.ParkIdAsync();
        var until = LeasingApi.Today.AddDays(90);
        var codes = await app.WithDbAsync(db => db.Leases.Where(l => l.ParkId == park && (l.State == LeaseState.Active || l.State == LeaseState.Signed) && l.EndDate <= until)
            .Select(l => l.Code).ToListAsync());
        codes.ShouldNotBeEmpty();
        var later = await app.WithDbAsync(db => db.Leases.Where(l => l.ParkId == park && l.EndDate > until).OrderBy(l => l.Id).Select(l => l.Code).FirstAsync());

        var html = await PageAsync(await app.CookieLoginAsync("operator"), $"/parks/{park}/leases?expiring=90");

        foreach (var c in codes) html.ShouldContain($">{c}</a>");
        html.ShouldNotContain($">{later}</a>");
    }

    [Fact]
    public async Task LeaseListPage_Tenant_ShowsItsOwnLeasesAndNoForm()
    {
        var park = await app.ParkIdAsync();
        var own = await app.EnterpriseOfAsync("tenant");
        var mine = await app.WithDbAsync(db => db.Leases.Where(l => l.EnterpriseId == own).Select(l => l.Code).ToListAsync());
        var others = await app.WithDbAsync(db => db.Leases.Where(l => l.ParkId == park && l.EnterpriseId != own).OrderBy(l => l.Id).Select(l => l.Code).FirstAsync());

        var html = await PageAsync(await app.CookieLoginAsync("tenant"), $"/parks/{park}/leases");

        foreach (var c in mine) html.ShouldContain($">{c}</a>");
        html.ShouldNotContain($">{others}</a>");
        html.ShouldNotContain("data-testid=\"quote\"");
    }

    [Fact]
    public async Task LeaseDetailPage_Operator_ShowsTheScheduleAndTheActionsOfItsState()
    {
        var park = await app.ParkIdAsync();
        var lease = await app.WithDbAsync(db => db.Leases.Where(l => l.ParkId == park && l.State == LeaseState.Active).OrderBy(l => l.Id).FirstAsync());

        var html = await PageAsync(await app.CookieLoginAsync("operator"), $"/leases/{lease.Id}");

        html.ShouldContain(lease.Code);
        html.ShouldContain("data-testid=\"rent-schedule\"");
        Regex.Matches(html, "<tr>\\s*<td class=\"text-nowrap\">\\d{4}-\\d{2}</td>").Count.ShouldBe(lease.TermMonths);
        foreach (var a in new[] { "renew", "change", "terminate", "expire" }) html.ShouldContain($"data-testid=\"lease-{a}\"");
        html.ShouldNotContain("data-testid=\"lease-approve\"");
    }
}
