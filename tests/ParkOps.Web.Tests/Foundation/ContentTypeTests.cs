using System.Net;
using System.Net.Http.Headers;
using System.Text;
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

    [Fact]
    public async Task Post_ValidJsonSentAsForm_IsReadAsJson()
    {
        var content = new StringContent("{\"userName\":\"operator\",\"password\":\"ParkOps@2026\"}", Encoding.UTF8, "application/x-www-form-urlencoded");
        var res = await app.Anonymous().PostAsync("/api/v1/auth/login", content);
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
