using System.Net;
using System.Text.Json;
using ParkOps.Web.Tests.Infrastructure;
using static ParkOps.Web.Tests.Foundation.FoundationApi;
using static ParkOps.Web.Tests.Infrastructure.ProblemAssertions;

namespace ParkOps.Web.Tests.Foundation;

/// <summary>
/// ProblemDetails speak the caller's language: the culture cookie, then Accept-Language, then zh-CN. The texts
/// themselves live in Resources/Text*.resx, so these tests check the script (CJK or not), not exact wording; and
/// that a text was found at all (a missing key comes back as the key, e.g. "Problem.NotFound").
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class LocalisationTests(ParkOpsFactory app)
{
    private async Task<JsonElement> NotFoundAsync(string? acceptLanguage, string? cultureCookie = null)
    {
        var c = await app.LoginAsync("operator");
        var req = new HttpRequestMessage(HttpMethod.Get, "/api/v1/enterprises/987654321");
        if (acceptLanguage is not null) req.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        if (cultureCookie is not null) req.Headers.Add("Cookie", $".AspNetCore.Culture={Uri.EscapeDataString($"c={cultureCookie}|uic={cultureCookie}")}");
        return await (await c.SendAsync(req)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "MustExistInScope");
    }

    private static void ShouldBeEnglish(string? text, string what)
    {
        text.ShouldNotBeNullOrWhiteSpace(what);
        HasCjk(text).ShouldBeFalse($"{what} should be English: {text}");
        LooksLikeResourceKey(text).ShouldBeFalse($"{what} is a resource key, not a text: {text}");
    }

    private static void ShouldBeChinese(string? text, string what)
    {
        text.ShouldNotBeNullOrWhiteSpace(what);
        HasCjk(text).ShouldBeTrue($"{what} should be Chinese: {text}");
    }

    [Theory]
    [InlineData("en")]
    [InlineData("en-US,en;q=0.9")]
    [InlineData("en-GB;q=0.8, fr;q=0.5")]
    public async Task Problem_AcceptLanguageEnglish_TitleAndDetailInEnglish(string header)
    {
        var p = await NotFoundAsync(header);
        ShouldBeEnglish(p.Str("title"), "title");
        ShouldBeEnglish(p.Str("detail"), "detail");
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("zh-CN,zh;q=0.9,en;q=0.8")]
    [InlineData(null)]
    [InlineData("fr-FR")]
    public async Task Problem_ChineseOrNoLanguageAsked_TitleAndDetailInChinese(string? header)
    {
        var p = await NotFoundAsync(header);
        ShouldBeChinese(p.Str("title"), "title");
        ShouldBeChinese(p.Str("detail"), "detail");
    }

    [Fact]
    public async Task Problem_CultureCookie_WinsOverAcceptLanguage()
    {
        ShouldBeEnglish((await NotFoundAsync("zh-CN", cultureCookie: "en")).Str("title"), "title with cookie en");
        ShouldBeChinese((await NotFoundAsync("en", cultureCookie: "zh-CN")).Str("title"), "title with cookie zh-CN");
    }

    private async Task<JsonElement> BadCreditCodeAsync(string language)
    {
        var op = await app.LoginAsync("operator");
        var body = NewEnterprise();
        body["creditCode"] = "91441900ABC";
        var req = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/parks/{await app.ParkIdAsync()}/enterprises") { Content = Json(body) };
        req.Headers.TryAddWithoutValidation("Accept-Language", language);
        return await (await op.SendAsync(req)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Validation", "creditCode");
    }

    [Fact]
    public async Task ValidationProblem_FieldMessages_FollowTheLanguage()
    {
        var en = await BadCreditCodeAsync("en");
        ShouldBeEnglish(en.Str("title"), "title");
        foreach (var m in en.ErrorsFor("creditCode")) { HasCjk(m).ShouldBeFalse(m); m.ShouldNotContain("CreditCode."); m.ShouldNotContain("Rule."); }
        var zh = await BadCreditCodeAsync("zh-CN");
        ShouldBeChinese(zh.Str("title"), "title");
        zh.ErrorsFor("creditCode").ShouldAllBe(m => HasCjk(m));
    }

    private async Task<JsonElement> DuplicateAsync(string language)
    {
        var op = await app.LoginAsync("operator");
        var park = await app.ParkIdAsync();
        var first = NewEnterprise();
        await op.CreateEnterpriseAsync(park, first);
        var again = NewEnterprise();
        again["creditCode"] = first["creditCode"]!.GetValue<string>();
        var req = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/parks/{park}/enterprises") { Content = Json(again) };
        req.Headers.TryAddWithoutValidation("Accept-Language", language);
        return await (await op.SendAsync(req)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "CreditCodeMustBeUniqueInPark", "creditCode");
    }

    [Fact]
    public async Task RuleProblem_Detail_FollowsTheLanguage()
    {
        var en = await DuplicateAsync("en");
        ShouldBeEnglish(en.Str("title"), "title");
        ShouldBeEnglish(en.Str("detail"), "detail");
        var zh = await DuplicateAsync("zh-CN");
        ShouldBeChinese(zh.Str("title"), "title");
        ShouldBeChinese(zh.Str("detail"), "detail");
    }

    [Fact]
    public async Task Login_WrongPassword_ProblemFollowsTheLanguage()
    {
        foreach (var (lang, english) in new[] { ("en", true), ("zh-CN", false) })
        {
            var req = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login") { Content = Json("""{"userName":"operator","password":"wrong-password"}""") };
            req.Headers.TryAddWithoutValidation("Accept-Language", lang);
            var p = await (await app.Anonymous().SendAsync(req)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "CredentialsMustMatch");
            if (english) { ShouldBeEnglish(p.Str("title"), "title"); ShouldBeEnglish(p.Str("detail"), "detail"); }
            else { ShouldBeChinese(p.Str("title"), "title"); ShouldBeChinese(p.Str("detail"), "detail"); }
        }
    }

    [Theory]
    [InlineData("/enterprises", "/enterprises")]
    [InlineData("//evil.example", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("", "/")]
    public async Task Culture_Switch_SetsTheCookieAndRedirectsOnlyWithinTheSite(string returnUrl, string expected)
    {
        var res = await app.Anonymous().GetAsync($"/culture?c=en&returnUrl={Uri.EscapeDataString(returnUrl)}");
        ((int)res.StatusCode).ShouldBeInRange(300, 399, $"{(int)res.StatusCode} for returnUrl {returnUrl}");
        res.Headers.Location!.OriginalString.ShouldBe(expected);
        res.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith(".AspNetCore.Culture=") && c.Contains("en"));
    }
}
