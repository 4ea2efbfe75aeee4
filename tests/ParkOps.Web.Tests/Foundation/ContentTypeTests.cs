using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Foundation;

/// <summary>Scripting clients often send JSON without the JSON content type; the API still reads it as JSON.</summary>
[Collection(DemoCollection.Name)]
public sealed class ContentTypeTests(ParkOpsFactory app)
{
    [Theory]
    [InlineData(null)]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task Post_MalformedBodyWithoutJsonContentType_Gives400ProblemNot415(string? contentType)
    {
        var op = await app.LoginAsync("operator");
        var park = await app.ParkIdAsync();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{not json"));
        content.Headers.ContentType = contentType is null ? null : new MediaTypeHeaderValue(contentType);
        var res = await op.PostAsync($"/api/v1/parks/{park}/enterprises", content);
        res.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await res.JsonAsync()).GetProperty("rule").GetString().ShouldBe("RequestMustBeReadable");
    }

    /// <summary>
    /// Not for a browser: with the console's cookie a form post keeps its form type, so it can never pass for a JSON
    /// write (antiforgery token or not); a page's script sends JSON with its JSON type.
    /// </summary>
    [Fact]
    public async Task Post_JsonSentAsFormWithTheConsolesCookie_IsNotReadAsJson()
    {
        var browser = await CookieBrowser.SignInAsync(app, "operator");
        var token = await browser.FormTokenAsync();
        var park = await app.ParkIdAsync();
        var body = FoundationApi.NewEnterprise();
        var res = await browser.SendAsync(HttpMethod.Post, $"/api/v1/parks/{park}/enterprises",
            new StringContent(body.ToJsonString(), Encoding.UTF8, "application/x-www-form-urlencoded"), r => r.Headers.Add("RequestVerificationToken", token));
        res.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        res.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var name = body["name"]!.GetValue<string>();
        (await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Enterprises, e => e.Name == name))).ShouldBe(0);
    }

    [Fact]
    public async Task Post_ValidJsonSentAsForm_IsReadAsJson()
    {
        var content = new StringContent("{\"userName\":\"operator\",\"password\":\"ParkOps@2026\"}", Encoding.UTF8, "application/x-www-form-urlencoded");
        var res = await app.Anonymous().PostAsync("/api/v1/auth/login", content);
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
