using System.Net;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Foundation;

[Collection(DemoCollection.Name)]
public sealed class HealthAndDocsTests(ParkOpsFactory app)
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_RunningHost_Gives200Healthy(string path)
    {
        var res = await app.Anonymous().GetAsync(path);
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await res.Content.ReadAsStringAsync()).ShouldBe("Healthy");
    }

    [Theory]
    [InlineData("/api/v1/auth/login", "post")]
    [InlineData("/api/v1/auth/me", "get")]
    [InlineData("/api/v1/parks", "get")]
    [InlineData("/api/v1/parks/{parkId}/enterprises", "get")]
    [InlineData("/api/v1/parks/{parkId}/enterprises", "post")]
    [InlineData("/api/v1/enterprises/{id}", "get")]
    [InlineData("/api/v1/enterprises/{id}", "put")]
    [InlineData("/api/v1/parks/{parkId}/units", "get")]
    [InlineData("/api/v1/audit", "get")]
    public async Task OpenApi_Document_ListsTheFoundationOperations(string path, string method)
    {
        var res = await (await app.LoginAsync("tenant")).GetAsync("/openapi/v1.json");
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var doc = await res.JsonAsync();
        doc.GetProperty("info").Str("title").ShouldBe("ParkOps API");
        var paths = doc.GetProperty("paths");
        paths.TryGetProperty(path, out var item).ShouldBeTrue($"{path} missing; paths: {string.Join(", ", paths.EnumerateObject().Select(p => p.Name))}");
        item.TryGetProperty(method, out _).ShouldBeTrue($"{method} {path} missing");
    }

    [Fact]
    public async Task OpenApi_Document_DescribesEveryApiEndpointOfTheHost()
    {
        var doc = await (await (await app.LoginAsync("tenant")).GetAsync("/openapi/v1.json")).JsonAsync();
        var documented = doc.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {p.Name}")).ToHashSet();
        var missing = ApiCatalog.Endpoints(app.Services, includeAnonymous: true)
            .Select(e => $"{e.Method} {System.Text.RegularExpressions.Regex.Replace(e.Pattern, ":[a-z]+}", "}").TrimEnd('/')}")
            .Where(e => !documented.Contains(e)).ToList();
        missing.ShouldBeEmpty();
    }

    /// <summary>The document maps the whole API for whoever asks: only signed-in users may ask (unless the setting opens it).</summary>
    [Fact]
    public async Task OpenApi_Document_Anonymous_Gives401()
    {
        (await app.Anonymous().GetAsync("/openapi/v1.json")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("/api-docs")]
    [InlineData("/api-docs/index.html")]
    [InlineData("/api-docs/index.js")]
    public async Task ApiDocs_Anonymous_GoesToSignInAndBack(string path)
    {
        var res = await app.Anonymous().GetAsync(path);
        res.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var target = new Uri(new Uri("http://localhost"), res.Headers.Location!);
        target.AbsolutePath.ShouldBe("/login");
        Uri.UnescapeDataString(target.Query).ShouldBe($"?ReturnUrl={path}");
    }

    [Fact]
    public async Task ApiDocs_BrowsablePage_IsServedToTheConsolesSignedInUser()
    {
        var client = await app.CookieLoginAsync("gov");
        var entry = await client.GetAsync("/api-docs");
        ((int)entry.StatusCode).ShouldBeInRange(301, 302);
        entry.Headers.Location!.OriginalString.ShouldEndWith("index.html");
        var page = await client.GetAsync("/api-docs/index.html");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldContain("swagger-ui");
        html.ShouldContain("<title>ParkOps API</title>");
        html.ShouldContain("index.js");
        // the page's script points the viewer at the host's own document
        var script = await client.GetAsync("/api-docs/index.js");
        script.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await script.Content.ReadAsStringAsync()).ShouldContain("\"url\":\"/openapi/v1.json\"");
    }
}

/// <summary>Readiness means the schema is there: a host whose database lost a table is not ready (but is alive).</summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task Health_SchemaMissing_ReadyGives503AndLiveStays200()
    {
        await using var host = await OwnHost<EmptyParkOpsFactory>.StartAsync();
        await host.App.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("ALTER TABLE \"Regions\" RENAME TO \"Regions_gone\""));
        var client = host.App.Anonymous();
        (await client.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await client.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

/// <summary>ParkOps:Security:OpenApiAnonymous=true opens the document and its page to anyone (a public API portal).</summary>
public sealed class OpenDocsTests
{
    [Fact]
    public async Task OpenApi_AnonymousAllowedBySetting_DocumentAndPageAreServed()
    {
        await using var host = await OwnHost<OpenDocsParkOpsFactory>.StartAsync();
        var client = host.App.Anonymous();
        var doc = await client.GetAsync("/openapi/v1.json");
        doc.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await doc.JsonAsync()).GetProperty("info").Str("title").ShouldBe("ParkOps API");
        (await client.GetAsync("/api-docs/index.html")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/api/v1/parks")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "the API itself stays closed");
    }
}
