using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Features.ServiceDesk;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.ServiceDesk;

/// <summary>The console's service-desk pages and forms: who sees which page, and a form refuses bad input writing nothing.</summary>
public sealed class DeskPageTests(ParkOpsFactory app) : IClassFixture<ParkOpsFactory>
{
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC");

    private static async Task<(HttpStatusCode, string)> GetAsync(HttpClient c, string path)
    {
        var res = await c.GetAsync(path);
        return (res.StatusCode, await res.Content.ReadAsStringAsync());
    }

    private static MultipartFormDataContent NewTicketForm(string token, string title, byte[]? photo = null, string category = "repair", string? photoToken = null, string photoName = "photo.jpg")
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("newticket"), "_handler" },
            { new StringContent(category), "category" },
            { new StringContent("normal"), "severity" },
            { new StringContent(title), "title" },
            { new StringContent("控制台提交"), "description" },
            { new StringContent(""), "unitId" },
            { new StringContent("南门"), "commonArea" },
        };
        if (photo is not null)
        {
            var file = new ByteArrayContent(photo);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(file, "file", photoName);
        }
        if (photoToken is not null) form.Add(new StringContent(photoToken), "photoToken");
        return form;
    }

    [Theory]
    [InlineData("/parks/{park}/tickets")]
    [InlineData("/parks/{park}/tickets?view=all")]
    [InlineData("/parks/{park}/tickets/new")]
    [InlineData("/parks/{park}/sla")]
    [InlineData("/parks/{park}/qr")]
    [InlineData("/parks/{park}/tickets/report")]
    public async Task DeskPage_Operator_Answers200(string path)
    {
        var op = await app.CookieLoginAsync("operator");
        var (status, html) = await GetAsync(op, path.Replace("{park}", (await app.ParkIdAsync()).ToString()));
        status.ShouldBe(HttpStatusCode.OK, html.Length > 600 ? html[..600] : html);
    }

    [Fact]
    public async Task Board_Tenant_ListsOnlyItsEnterprisesTickets()
    {
        var park = await app.ParkIdAsync();
        var own = await app.EnterpriseOfAsync("tenant");
        var others = await app.WithDbAsync(db => db.Tickets.Where(t => t.ParkId == park && t.EnterpriseId != own && t.EnterpriseId != null).Select(t => t.Id).ToListAsync());
        others.ShouldNotBeEmpty();
        var (status, html) = await GetAsync(await app.CookieLoginAsync("tenant"), $"/parks/{park}/tickets?view=all");
        status.ShouldBe(HttpStatusCode.OK);
        foreach (var id in others) html.ShouldNotContain($"href=\"/tickets/{id}\"");
        var (detail, _) = await GetAsync(await app.CookieLoginAsync("tenant"), $"/tickets/{others[0]}");
        detail.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Pages_GovernmentAndTenant_AreRefusedTheOperatorsPages()
    {
        var park = await app.ParkIdAsync();
        var gov = await app.CookieLoginAsync("gov");
        (await GetAsync(gov, $"/parks/{park}/tickets")).Item1.ShouldBe(HttpStatusCode.Forbidden);
        (await GetAsync(gov, $"/parks/{park}/tickets/report")).Item1.ShouldBe(HttpStatusCode.OK);
        var tenant = await app.CookieLoginAsync("tenant");
        (await GetAsync(tenant, $"/parks/{park}/qr")).Item1.ShouldBe(HttpStatusCode.Forbidden);
        (await GetAsync(tenant, $"/parks/{park}/tickets/report")).Item1.ShouldBe(HttpStatusCode.Forbidden);
        var (_, sla) = await GetAsync(tenant, $"/parks/{park}/sla");
        sla.ShouldNotContain("data-testid=\"sla-save\"");
    }

    [Fact]
    public async Task NewTicketForm_FakePhoto_Is422AndWritesNothing_ThenAValidOneRedirects()
    {
        var park = await app.ParkIdAsync();
        var tenant = await app.CookieLoginAsync("tenant");
        var (_, page) = await GetAsync(tenant, $"/parks/{park}/tickets/new");
        var token = ConsoleForms.AntiforgeryToken(page);
        var before = await app.WithDbAsync(db => db.Tickets.CountAsync());

        var bad = await tenant.PostAsync($"/parks/{park}/tickets/new", NewTicketForm(token, "假照片", "%PDF-1.7"u8.ToArray()));
        bad.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("data-testid=\"ticket-error\"");
        (await app.WithDbAsync(db => db.Tickets.CountAsync())).ShouldBe(before);

        var empty = await tenant.PostAsync($"/parks/{park}/tickets/new", NewTicketForm(token, " "));
        empty.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await app.WithDbAsync(db => db.Tickets.CountAsync())).ShouldBe(before);

        var ok = await tenant.PostAsync($"/parks/{park}/tickets/new", NewTicketForm(token, "控制台报修", Png));
        ok.StatusCode.ShouldBe(HttpStatusCode.Redirect, await ok.Content.ReadAsStringAsync());
        ok.Headers.Location!.OriginalString.ShouldContain("?created=1");
        var id = long.Parse(System.Text.RegularExpressions.Regex.Match(ok.Headers.Location.OriginalString, @"/tickets/(\d+)").Groups[1].Value);
        (await app.WithDbAsync(db => db.TicketPhotos.CountAsync(p => p.TicketId == id))).ShouldBe(1);
        (await app.WithDbAsync(db => db.Tickets.Where(t => t.Id == id).Select(t => t.EnterpriseId).SingleAsync())).ShouldBe(await app.EnterpriseOfAsync("tenant"));
    }

    [Fact]
    public async Task NewTicketForm_RefusedWithAPhoto_KeepsThePhoto_AndTheNextSubmitStoresIt()
    {
        var park = await app.ParkIdAsync();
        var tenant = await app.CookieLoginAsync("tenant");
        var (_, page) = await GetAsync(tenant, $"/parks/{park}/tickets/new");
        var token = ConsoleForms.AntiforgeryToken(page);

        // the title is missing: the form comes back with the error, and the photo is still attached
        var refused = await tenant.PostAsync($"/parks/{park}/tickets/new", NewTicketForm(token, " ", Png, photoName: "漏水.png"));
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        html.ShouldContain("data-testid=\"ticket-error\"");
        html.ShouldContain("已附照片 漏水.png");
        var held = System.Text.RegularExpressions.Regex.Match(html, "name=\"photoToken\" value=\"([0-9a-f]{32})\"").Groups[1].Value;
        held.Length.ShouldBe(32, "the form carries the held photo's token");

        // another user cannot take it
        var other = await app.CookieLoginAsync("tenant2");
        var otherToken = ConsoleForms.AntiforgeryToken((await GetAsync(other, $"/parks/{park}/tickets/new")).Item2);
        var stranger = await other.PostAsync($"/parks/{park}/tickets/new", NewTicketForm(otherToken, "他人的报修", photoToken: held));
        stranger.StatusCode.ShouldBe(HttpStatusCode.Redirect, await stranger.Content.ReadAsStringAsync());
        var strangers = long.Parse(System.Text.RegularExpressions.Regex.Match(stranger.Headers.Location!.OriginalString, @"/tickets/(\d+)").Groups[1].Value);
        (await app.WithDbAsync(db => db.TicketPhotos.CountAsync(p => p.TicketId == strangers))).ShouldBe(0);

        // corrected, without choosing the file again: the ticket has the photo, and the hold is gone
        var ok = await tenant.PostAsync($"/parks/{park}/tickets/new", NewTicketForm(token, "照片保留测试：卫生间漏水", photoToken: held));
        ok.StatusCode.ShouldBe(HttpStatusCode.Redirect, await ok.Content.ReadAsStringAsync());
        var id = long.Parse(System.Text.RegularExpressions.Regex.Match(ok.Headers.Location!.OriginalString, @"/tickets/(\d+)").Groups[1].Value);
        (await app.WithDbAsync(db => db.TicketPhotos.Where(p => p.TicketId == id).Select(p => new { p.FileName, p.Size }).SingleAsync())).ShouldBe(new { FileName = "漏水.png", Size = Png.Length });
        (await app.WithDbAsync(db => db.Set<ParkOps.Web.Features.ServiceDesk.TicketPhotoHold>().CountAsync(h => h.Token == held))).ShouldBe(0);
        // a fake photo is refused itself and not held
        var fake = await tenant.PostAsync($"/parks/{park}/tickets/new", NewTicketForm(token, " ", "%PDF-1.7"u8.ToArray()));
        fake.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await fake.Content.ReadAsStringAsync()).ShouldNotContain("data-testid=\"photo-held\"");
    }

    [Fact]
    public async Task QrPage_UnknownToken_Is404_KnownTokenShowsTheUnitAndNoTicket()
    {
        var anonymous = app.Anonymous();
        (await GetAsync(anonymous, "/q/no-such-token")).Item1.ShouldBe(HttpStatusCode.NotFound);
        var link = await app.WithDbAsync(db => db.UnitQrCodes.OrderBy(q => q.Id).Select(q => new { q.Token, q.UnitId }).FirstAsync());
        var code = await app.WithDbAsync(db => db.Units.Where(u => u.Id == link.UnitId).Select(u => u.Code).SingleAsync());
        var (status, html) = await GetAsync(anonymous, $"/q/{link.Token}");
        status.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain(code);
        html.ShouldContain("data-testid=\"qr-form\"");
        html.ShouldNotContain("/tickets/");
    }
}
