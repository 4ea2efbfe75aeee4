using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Marketplace;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Foundation;

/// <summary>
/// DOMAIN §1: a government viewer sees park aggregates and evaluation classes, not a named firm's contacts, headcount,
/// credit file or deal amounts — unless the region's settings allow them (off by default). The same holds in the
/// console. These tests read the confidential values straight from the database and look for them in what the
/// government viewer gets.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed partial class ConfidentialityTests(ParkOpsFactory app)
{
    private sealed record Firm(long Id, long ParkId, string? LegalPerson, int? Employees, string? ContactName, string? ContactPhone);

    private Task<Firm> FirmAsync(long id) => app.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters().Where(e => e.Id == id)
        .Select(e => new Firm(e.Id, e.ParkId, e.LegalPerson, e.Employees, e.ContactName, e.ContactPhone)).SingleAsync());

    /// <summary>tenant2's enterprise: the demo gives it a legal person, a headcount and a phone (checked, so the test can fail).</summary>
    private async Task<Firm> ChainLeaderAsync()
    {
        var firm = await FirmAsync(await app.EnterpriseOfAsync("tenant2"));
        firm.LegalPerson.ShouldNotBeNullOrEmpty();
        firm.Employees.ShouldNotBeNull();
        firm.ContactPhone.ShouldNotBeNullOrEmpty();
        return firm;
    }

    private static void ShouldBeRedacted(JsonElement e)
    {
        foreach (var field in new[] { "legalPerson", "employees", "contactName", "contactPhone", "contactEmail" })
            e.GetProperty(field).ValueKind.ShouldBe(JsonValueKind.Null, $"{field} of enterprise {e.GetProperty("id")}");
        e.GetProperty("detailHidden").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Enterprise_GovernmentViewerReadsOne_GetsNoLegalPersonHeadcountOrContacts()
    {
        var firm = await ChainLeaderAsync();
        var res = await (await app.LoginAsync("gov")).GetAsync($"/api/v1/enterprises/{firm.Id}");
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await res.JsonAsync();
        ShouldBeRedacted(body);
        body.Str("name").ShouldNotBeNullOrEmpty("the archive itself stays visible");
    }

    [Fact]
    public async Task Enterprise_OperatorReadsOne_SeesLegalPersonHeadcountAndContacts()
    {
        var firm = await ChainLeaderAsync();
        var body = await (await (await app.LoginAsync("operator")).GetAsync($"/api/v1/enterprises/{firm.Id}")).JsonAsync();
        body.Str("legalPerson").ShouldBe(firm.LegalPerson);
        body.GetProperty("employees").GetInt32().ShouldBe(firm.Employees!.Value);
        body.Str("contactPhone").ShouldBe(firm.ContactPhone);
        body.GetProperty("detailHidden").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task EnterpriseList_GovernmentViewer_NoRowCarriesConfidentialFields()
    {
        var park = await app.ParkIdAsync();
        var page = await (await (await app.LoginAsync("gov")).GetAsync($"/api/v1/parks/{park}/enterprises?pageSize=500")).JsonAsync();
        var items = page.GetProperty("items").EnumerateArray().ToList();
        items.Count.ShouldBeGreaterThan(10);
        items.ForEach(ShouldBeRedacted);
    }

    [Fact]
    public async Task EnterpriseList_GovernmentViewerSortsByHeadcount_GetsTheNameOrder()
    {
        var park = await app.ParkIdAsync();
        var gov = await app.LoginAsync("gov");
        async Task<List<long>> Ids(string q) => (await (await gov.GetAsync($"/api/v1/parks/{park}/enterprises?pageSize=500{q}")).JsonAsync())
            .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();
        var byHeadcount = await app.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters().Where(e => e.ParkId == park)
            .OrderByDescending(e => e.Employees).ThenBy(e => e.Id).Select(e => e.Id).ToListAsync());
        var asked = await Ids("&sort=employees&desc=true");
        asked.ShouldBe(await Ids(""), "an order by headcount would rank what the viewer may not see");
        asked.ShouldNotBe(byHeadcount);
    }

    [Fact]
    public async Task EnterpriseExport_GovernmentViewer_HoldsNoPhoneOrLegalPerson()
    {
        var park = await app.ParkIdAsync();
        var phones = await app.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters().Where(e => e.ParkId == park && e.ContactPhone != null).Select(e => e.ContactPhone!).ToListAsync());
        phones.ShouldNotBeEmpty();
        var res = await (await app.LoginAsync("gov")).GetAsync($"/api/v1/parks/{park}/enterprises/export");
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var text = XlsxText(await res.Content.ReadAsByteArrayAsync());
        var leader = await ChainLeaderAsync();
        var name = await app.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters().Where(e => e.Id == leader.Id).Select(e => e.Name).SingleAsync());
        text.ShouldContain(name, Case.Sensitive, "the export lists the park's enterprises");
        phones.Where(text.Contains).ShouldBeEmpty();
        text.ShouldNotContain(leader.LegalPerson!);
    }

    /// <summary>Every text part of an .xlsx (shared strings and sheets), concatenated.</summary>
    private static string XlsxText(byte[] bytes)
    {
        using var zip = new ZipArchive(new MemoryStream(bytes));
        return string.Concat(zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.Ordinal)).Select(e =>
        {
            using var r = new StreamReader(e.Open());
            return r.ReadToEnd();
        }));
    }

    [Fact]
    public async Task CreditFile_GovernmentViewer_Gets403NamingTheRuleInTheirLanguage()
    {
        var firm = await ChainLeaderAsync();
        var gov = await app.LoginAsync("gov");
        var zh = await (await gov.GetAsync($"/api/v1/enterprises/{firm.Id}/credit")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "GovernmentSeesNoEnterpriseDetail");
        ProblemAssertions.HasCjk(zh.Str("detail")).ShouldBeTrue(zh.ToString());
        var req = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/enterprises/{firm.Id}/credit");
        req.Headers.TryAddWithoutValidation("Accept-Language", "en");
        var en = await (await gov.SendAsync(req)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "GovernmentSeesNoEnterpriseDetail");
        en.Str("detail")!.ShouldContain("Government viewers");
    }

    [Fact]
    public async Task CreditFile_EnterpriseReadsItsOwn_SeesItsScore()
    {
        var own = await app.EnterpriseOfAsync("tenant2");
        var res = await (await app.LoginAsync("tenant2")).GetAsync($"/api/v1/enterprises/{own}/credit");
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await res.JsonAsync()).GetProperty("score").ValueKind.ShouldBe(JsonValueKind.Number);
    }

    [Fact]
    public async Task Collaborations_GovernmentViewer_SeesPartiesButNoAmountQuantityMessagesOrRatings()
    {
        var park = await app.ParkIdAsync();
        var withAmounts = await app.WithDbAsync(db => db.Collaborations.CountAsync(c => c.ParkId == park && c.Amount != null));
        withAmounts.ShouldBeGreaterThan(0);
        var gov = await app.LoginAsync("gov");
        var list = (await (await gov.GetAsync("/api/v1/collaborations")).JsonAsync()).EnumerateArray().ToList();
        list.Count.ShouldBeGreaterThanOrEqualTo(withAmounts);
        foreach (var c in list)
        {
            foreach (var field in new[] { "amount", "quantity", "unit", "needRatesQuality", "needRatesPunctuality", "offerRatesQuality", "offerRatesPunctuality", "disputeReason", "declineReason" })
                c.GetProperty(field).ValueKind.ShouldBe(JsonValueKind.Null, $"{field} of collaboration {c.GetProperty("id")}");
            c.Str("message").ShouldBe("");
            c.GetProperty("detailHidden").GetBoolean().ShouldBeTrue();
            c.Str("needEnterpriseName").ShouldNotBeNullOrEmpty();
        }
        var one = await app.WithDbAsync(db => db.Collaborations.Where(c => c.ParkId == park && c.Amount != null).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync());
        (await (await gov.GetAsync($"/api/v1/collaborations/{one}")).JsonAsync()).GetProperty("amount").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task Collaborations_Operator_SeesTheAmounts()
    {
        var park = await app.ParkIdAsync();
        var (id, amount) = await app.WithDbAsync(db => db.Collaborations.Where(c => c.ParkId == park && c.Amount != null).OrderBy(c => c.Id).Select(c => new ValueTuple<long, decimal>(c.Id, c.Amount!.Value)).FirstAsync());
        var c = await (await (await app.LoginAsync("operator")).GetAsync($"/api/v1/collaborations/{id}")).JsonAsync();
        c.GetProperty("amount").GetDecimal().ShouldBe(amount);
        c.GetProperty("detailHidden").GetBoolean().ShouldBeFalse();
    }

    private async Task<(long Pool, int Members)> ClosedPoolAsync()
    {
        var park = await app.ParkIdAsync();
        return await app.WithDbAsync(async db =>
        {
            var order = await db.PurchaseOrders.Where(o => o.ParkId == park).OrderBy(o => o.Id).FirstAsync();
            return (order.PoolId, await db.PurchaseAllocations.CountAsync(a => a.OrderId == order.Id));
        });
    }

    [Fact]
    public async Task PoolOrder_GovernmentViewer_SeesTheTotalsButNoMembersAmounts()
    {
        var (pool, members) = await ClosedPoolAsync();
        members.ShouldBeGreaterThan(1);
        var gov = await (await (await app.LoginAsync("gov")).GetAsync($"/api/v1/pools/{pool}/order")).JsonAsync();
        gov.GetProperty("allocations").GetArrayLength().ShouldBe(0);
        gov.GetProperty("memberCount").GetInt32().ShouldBe(members);
        gov.GetProperty("totalAmount").GetDecimal().ShouldBeGreaterThan(0);
        var op = await (await (await app.LoginAsync("operator")).GetAsync($"/api/v1/pools/{pool}/order")).JsonAsync();
        op.GetProperty("allocations").GetArrayLength().ShouldBe(members);
    }

    private async Task SetRegionAsync(HttpClient admin, bool allow)
    {
        var region = await app.WithDbAsync(db => db.Regions.Where(r => r.Code == "441900").Select(r => r.Id).SingleAsync());
        var res = await admin.PutAsJsonAsync($"/api/v1/regions/{region}/settings", new { governmentSeesEnterpriseDetail = allow });
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        (await res.JsonAsync()).GetProperty("governmentSeesEnterpriseDetail").GetBoolean().ShouldBe(allow);
    }

    [Fact]
    public async Task RegionSetting_AdminAllowsDetail_GovernmentViewerSeesContactsCreditAndAmountsUntilItIsTurnedOff()
    {
        var firm = await ChainLeaderAsync();
        var park = await app.ParkIdAsync();
        var collab = await app.WithDbAsync(db => db.Collaborations.Where(c => c.ParkId == park && c.OfferParkId == park && c.Amount != null).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync());
        var (pool, members) = await ClosedPoolAsync();
        var admin = await app.LoginAsync("admin");
        var gov = await app.LoginAsync("gov");
        await SetRegionAsync(admin, true);
        try
        {
            var e = await (await gov.GetAsync($"/api/v1/enterprises/{firm.Id}")).JsonAsync();
            e.Str("contactPhone").ShouldBe(firm.ContactPhone);
            e.GetProperty("employees").GetInt32().ShouldBe(firm.Employees!.Value);
            e.GetProperty("detailHidden").GetBoolean().ShouldBeFalse();
            (await gov.GetAsync($"/api/v1/enterprises/{firm.Id}/credit")).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await (await gov.GetAsync($"/api/v1/collaborations/{collab}")).JsonAsync()).GetProperty("amount").ValueKind.ShouldBe(JsonValueKind.Number);
            (await (await gov.GetAsync($"/api/v1/pools/{pool}/order")).JsonAsync()).GetProperty("allocations").GetArrayLength().ShouldBe(members);
        }
        finally { await SetRegionAsync(admin, false); }
        ShouldBeRedacted(await (await gov.GetAsync($"/api/v1/enterprises/{firm.Id}")).JsonAsync());
        (await gov.GetAsync($"/api/v1/enterprises/{firm.Id}/credit")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task RegionSetting_ByDefault_IsOffForEveryRegion() =>
        (await (await (await app.LoginAsync("gov")).GetAsync("/api/v1/regions")).JsonAsync()).EnumerateArray()
            .Select(r => r.GetProperty("governmentSeesEnterpriseDetail").GetBoolean()).ShouldAllBe(b => !b);

    [Theory]
    [InlineData("operator")]
    [InlineData("gov")]
    [InlineData("tenant")]
    public async Task RegionSetting_ChangedByAnyoneButTheAdmin_Gets403NamingTheRule(string user)
    {
        var region = await app.WithDbAsync(db => db.Regions.Where(r => r.Code == "441900").Select(r => r.Id).SingleAsync());
        await (await (await app.LoginAsync(user)).PutAsJsonAsync($"/api/v1/regions/{region}/settings", new { governmentSeesEnterpriseDetail = true }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyPlatformAdminsManageRegions");
        (await app.WithDbAsync(db => db.Regions.Where(r => r.Id == region).Select(r => r.GovernmentSeesEnterpriseDetail).SingleAsync())).ShouldBeFalse();
    }

    [Fact]
    public async Task RegionSetting_AdminTurnsItOnInTheConsole_TheRegionAllowsDetail()
    {
        var region = await app.WithDbAsync(db => db.Regions.Where(r => r.Code == "441900").Select(r => r.Id).SingleAsync());
        var browser = await app.CookieLoginAsync("admin");
        var page = await PageAsync(browser, "/admin/parks");
        page.ShouldContain("data-testid=\"region-toggle-441900\"");
        try
        {
            var res = await browser.PostAsync("/admin/parks", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "regionsetting", ["__RequestVerificationToken"] = ConsoleForms.AntiforgeryToken(page), ["RegionToggle.Toggle"] = region.ToString(CultureInfo.InvariantCulture),
            }));
            res.StatusCode.ShouldBeOneOf(HttpStatusCode.Redirect, HttpStatusCode.Found, HttpStatusCode.SeeOther);
            (await app.WithDbAsync(db => db.Regions.Where(r => r.Id == region).Select(r => r.GovernmentSeesEnterpriseDetail).SingleAsync())).ShouldBeTrue();
        }
        finally { await SetRegionAsync(await app.LoginAsync("admin"), false); }
    }

    [GeneratedRegex(@"<td>\s*(\d+)\s*</td>")]
    private static partial Regex NumberCell();

    private static async Task<string> PageAsync(HttpClient browser, string path)
    {
        var res = await browser.GetAsync(path);
        res.StatusCode.ShouldBe(HttpStatusCode.OK, path);
        return await res.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task ConsoleEnterprisePages_GovernmentViewer_RenderNoLegalPersonHeadcountOrPhone()
    {
        var firm = await ChainLeaderAsync();
        var gov = await app.CookieLoginAsync("gov");
        var detail = await PageAsync(gov, $"/enterprises/{firm.Id}");
        detail.ShouldNotContain(firm.ContactPhone!);
        detail.ShouldNotContain(firm.LegalPerson!);
        detail.ShouldContain("data-testid=\"detail-hidden\"");
        var list = await PageAsync(gov, $"/parks/{firm.ParkId}/enterprises");
        NumberCell().Matches(list).Count.ShouldBe(0, "no headcount cell");
        list.ShouldContain("data-testid=\"detail-hidden-note\"");
        // the same pages show the figures to the park's operator
        var op = await app.CookieLoginAsync("operator");
        (await PageAsync(op, $"/enterprises/{firm.Id}")).ShouldContain(firm.ContactPhone!);
        NumberCell().Matches(await PageAsync(op, $"/parks/{firm.ParkId}/enterprises")).Count.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task ConsoleCollaborationAndCreditPages_GovernmentViewer_RenderNoAmountAndNoCreditFile()
    {
        var park = await app.ParkIdAsync();
        var deals = await app.WithDbAsync(db => db.Collaborations.Where(c => c.ParkId == park && c.Amount != null).OrderBy(c => c.Id).Select(c => new { c.Id, Amount = c.Amount!.Value }).ToListAsync());
        deals.ShouldNotBeEmpty();
        var zh = CultureInfo.GetCultureInfo("zh-CN");
        var gov = await app.CookieLoginAsync("gov");
        var list = await PageAsync(gov, "/collaborations");
        deals.Where(d => list.Contains(d.Amount.ToString("N0", zh))).Select(d => d.Id).ShouldBeEmpty();
        var one = await PageAsync(gov, $"/collaborations/{deals[0].Id}");
        one.ShouldNotContain(deals[0].Amount.ToString("N2", zh));
        var firm = await app.EnterpriseOfAsync("tenant2");
        (await gov.GetAsync($"/enterprises/{firm}/credit")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        // the operator's page shows the amount the government viewer's does not
        (await PageAsync(await app.CookieLoginAsync("operator"), "/collaborations")).ShouldContain(deals[0].Amount.ToString("N0", zh));
    }
}
