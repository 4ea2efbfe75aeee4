using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using ParkOps.Web.Features.Demo;

namespace ParkOps.Web.Tests.Infrastructure;

/// <summary>
/// A browser's cookies kept by the test itself (not by the client's cookie handler), so a test can copy the sign-in
/// cookie, replay it after sign-out, or take it to another app process.
/// </summary>
public sealed class CookieBrowser(HttpClient client)
{
    public HttpClient Client { get; } = client;
    public Dictionary<string, string> Cookies { get; } = [];

    /// <summary>The sign-in cookie as a browser sends it (<c>parkops.auth=…</c>).</summary>
    public string AuthCookie => $"parkops.auth={Cookies["parkops.auth"]}";

    public static CookieBrowser For(ParkOpsFactory app) =>
        new(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false }));

    /// <summary>Signs in through the console's form (page, token, post); fails unless the post redirects.</summary>
    public static async Task<CookieBrowser> SignInAsync(ParkOpsFactory app, string user, string password = DemoSeeder.Password)
    {
        var b = For(app);
        var token = ConsoleForms.AntiforgeryToken(await (await b.SendAsync(HttpMethod.Get, "/login")).Content.ReadAsStringAsync());
        var res = await b.SendAsync(HttpMethod.Post, "/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["__RequestVerificationToken"] = token, ["Input.UserName"] = user, ["Input.Password"] = password,
        }));
        res.StatusCode.ShouldBe(HttpStatusCode.Found, await res.Content.ReadAsStringAsync());
        b.Cookies.ShouldContainKey("parkops.auth");
        return b;
    }

    /// <summary>The antiforgery token of the forms on a console page (e.g. the sign-out form every signed-in page has).</summary>
    public async Task<string> FormTokenAsync(string path = "/")
    {
        var res = await SendAsync(HttpMethod.Get, path);
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        return ConsoleForms.AntiforgeryToken(await res.Content.ReadAsStringAsync());
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null, Action<HttpRequestMessage>? with = null)
    {
        var req = new HttpRequestMessage(method, path) { Content = content };
        if (Cookies.Count > 0) req.Headers.Add("Cookie", string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}")));
        with?.Invoke(req);
        var res = await Client.SendAsync(req);
        Take(res);
        return res;
    }

    /// <summary>Keeps what the answer sets and forgets what it deletes (an expiry in the past).</summary>
    private void Take(HttpResponseMessage res)
    {
        if (!res.Headers.TryGetValues("Set-Cookie", out var set)) return;
        foreach (var header in set)
        {
            var nameValue = header.Split(';')[0];
            var eq = nameValue.IndexOf('=');
            var (name, value) = (nameValue[..eq].Trim(), nameValue[(eq + 1)..].Trim());
            var deleted = value.Length == 0 || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase);
            if (deleted) Cookies.Remove(name);
            else Cookies[name] = value;
        }
    }
}
