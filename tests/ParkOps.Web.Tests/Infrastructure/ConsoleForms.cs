using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using ParkOps.Web.Features.Demo;

namespace ParkOps.Web.Tests.Infrastructure;

/// <summary>Driving the console's server-rendered forms over HTTP, the way a browser does (cookie and antiforgery field).</summary>
public static class ConsoleForms
{
    /// <summary>The antiforgery field of a rendered form.</summary>
    public static string AntiforgeryToken(string html)
    {
        var m = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"");
        if (!m.Success) m = System.Text.RegularExpressions.Regex.Match(html, "value=\"([^\"]+)\"[^>]*name=\"__RequestVerificationToken\"");
        m.Success.ShouldBeTrue("the form carries an antiforgery token");
        return WebUtility.HtmlDecode(m.Groups[1].Value);
    }

    /// <summary>Posts the console's sign-in form (fetching the page for its token unless one is given).</summary>
    public static async Task<HttpResponseMessage> PostLoginFormAsync(this HttpClient browser, string user, string password, string? token = null)
    {
        if (token is null)
        {
            var page = await browser.GetAsync("/login");
            page.StatusCode.ShouldBe(HttpStatusCode.OK);
            token = AntiforgeryToken(await page.Content.ReadAsStringAsync());
        }
        return await browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["__RequestVerificationToken"] = token, ["Input.UserName"] = user, ["Input.Password"] = password,
        }));
    }

    public static async Task<string> LoginFormTokenAsync(this HttpClient browser) =>
        AntiforgeryToken(await (await browser.GetAsync("/login")).Content.ReadAsStringAsync());

    /// <summary>A client signed in to the console with the demo password, holding the auth cookie.</summary>
    public static async Task<HttpClient> CookieLoginAsync(this ParkOpsFactory app, string user)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var res = await client.PostLoginFormAsync(user, DemoSeeder.Password);
        res.StatusCode.ShouldBeOneOf(HttpStatusCode.Redirect, HttpStatusCode.Found, HttpStatusCode.SeeOther);
        return client;
    }
}
