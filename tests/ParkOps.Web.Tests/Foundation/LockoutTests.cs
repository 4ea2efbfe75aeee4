using System.Net;
using ParkOps.Web.Tests.Infrastructure;
using static ParkOps.Web.Tests.Foundation.FoundationApi;

namespace ParkOps.Web.Tests.Foundation;

/// <summary>
/// Failed sign-ins slow down the pair (account, client address) that makes them, never the account: on a host whose
/// clock the test moves (so "30 seconds later" needs no waiting) and whose requests come from chosen addresses. Every
/// test signs in as an account of its own, created through the API, from addresses of its own.
/// </summary>
public sealed class LockoutTests(ProxiedParkOpsFactory app) : IClassFixture<ProxiedParkOpsFactory>
{
    private const string Password = "Right12345pw";
    private static int _net;

    /// <summary>A client address no other test uses.</summary>
    private static string NewAddress() => $"198.51.{Interlocked.Increment(ref _net) % 250}.{Environment.TickCount & 0x7F}";

    private async Task<string> NewAccountAsync()
    {
        var name = Unique("lock_");
        await (await app.LoginAsync("admin")).CreateUserAsync(name, Password);
        return name;
    }

    private Task<HttpResponseMessage> AttemptAsync(string address, string user, string password) =>
        app.ClientFrom(address).LoginRawAsync(user, password);

    /// <summary>True: signed in; false: the one refusal (401, rule CredentialsMustMatch).</summary>
    private async Task<bool> SignsInAsync(string address, string user, string password)
    {
        var res = await AttemptAsync(address, user, password);
        if (res.StatusCode == HttpStatusCode.OK) return true;
        await res.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "CredentialsMustMatch");
        return false;
    }

    private async Task FailAllowanceAsync(string address, string user)
    {
        for (var i = 1; i <= app.Security.MaxFailedLogins; i++)
            (await SignsInAsync(address, user, "wrong-" + i)).ShouldBeFalse($"attempt {i}");
    }

    [Fact]
    public async Task Login_AllowanceFailedFromOneAddress_ThatAddressWaitsEvenWithTheRightPassword()
    {
        app.Security.MaxFailedLogins.ShouldBe(5);
        var user = await NewAccountAsync();
        var attacker = NewAddress();
        await FailAllowanceAsync(attacker, user);
        (await SignsInAsync(attacker, user, Password)).ShouldBeFalse("the pair waits");
    }

    [Fact]
    public async Task Login_AllowanceFailedFromOneAddress_RightPasswordFromAnotherAddressWorks()
    {
        var user = await NewAccountAsync();
        var attacker = NewAddress();
        await FailAllowanceAsync(attacker, user);
        (await SignsInAsync(NewAddress(), user, Password)).ShouldBeTrue("the account itself is never locked");
    }

    /// <summary>The probe's finding: anyone could lock the platform admin out for 15 minutes with five guesses.</summary>
    [Fact]
    public async Task Login_GuessesAtTheAdminFromOneAddress_DoNotKeepTheAdminOut()
    {
        var attacker = NewAddress();
        for (var round = 0; round < 3; round++)
        {
            await FailAllowanceAsync(attacker, "admin");
            app.Clock.Advance(TimeSpan.FromMinutes(app.Security.MaxLoginBackoffMinutes));
        }
        (await SignsInAsync(NewAddress(), "admin", ParkOps.Web.Features.Demo.DemoSeeder.Password)).ShouldBeTrue();
    }

    [Fact]
    public async Task Login_WaitOver_RightPasswordFromTheSameAddressWorksAgain()
    {
        var user = await NewAccountAsync();
        var address = NewAddress();
        await FailAllowanceAsync(address, user);
        app.Clock.Advance(TimeSpan.FromSeconds(app.Security.LoginBackoffSeconds) - TimeSpan.FromSeconds(1));
        (await SignsInAsync(address, user, Password)).ShouldBeFalse("not yet");
        app.Clock.Advance(TimeSpan.FromSeconds(2));
        (await SignsInAsync(address, user, Password)).ShouldBeTrue("the wait is over");
    }

    [Fact]
    public async Task Login_FailureAfterAWait_DoublesTheNextWait()
    {
        app.Security.LoginBackoffSeconds.ShouldBe(30);
        var user = await NewAccountAsync();
        var address = NewAddress();
        await FailAllowanceAsync(address, user);
        app.Clock.Advance(TimeSpan.FromSeconds(31));
        (await SignsInAsync(address, user, "wrong-after-wait")).ShouldBeFalse();
        app.Clock.Advance(TimeSpan.FromSeconds(59));
        (await SignsInAsync(address, user, Password)).ShouldBeFalse("the second wait lasts 60 s");
        app.Clock.Advance(TimeSpan.FromSeconds(2));
        (await SignsInAsync(address, user, Password)).ShouldBeTrue();
    }

    [Fact]
    public async Task Login_ManyWaits_NeverLongerThanTheLongestWait()
    {
        app.Security.MaxLoginBackoffMinutes.ShouldBe(15);
        var user = await NewAccountAsync();
        var address = NewAddress();
        await FailAllowanceAsync(address, user);
        // 30 s, 60 s, … : the 7th wait would be 32 min without the cap
        for (var i = 0; i < 8; i++)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
            (await SignsInAsync(address, user, "wrong-again-" + i)).ShouldBeFalse();
        }
        app.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        (await SignsInAsync(address, user, Password)).ShouldBeTrue("15 minutes is the longest wait");
    }

    [Fact]
    public async Task Login_RightPasswordBeforeTheLimit_StartsTheCountAgain()
    {
        var user = await NewAccountAsync();
        var address = NewAddress();
        for (var i = 1; i < app.Security.MaxFailedLogins; i++)
            (await SignsInAsync(address, user, "wrong-" + i)).ShouldBeFalse();
        (await SignsInAsync(address, user, Password)).ShouldBeTrue();
        for (var i = 1; i < app.Security.MaxFailedLogins; i++)
            (await SignsInAsync(address, user, "again-" + i)).ShouldBeFalse($"attempt {i} after a good sign-in");
        (await SignsInAsync(address, user, Password)).ShouldBeTrue();
    }

    /// <summary>
    /// Unknown name, wrong password, and the right password while the pair waits: the same status, media type, rule,
    /// title and detail, so an attacker learns neither which names exist nor when a pair waits.
    /// </summary>
    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en")]
    public async Task Login_UnknownUserWrongPasswordAndWaiting_GiveTheSameAnswer(string language)
    {
        var user = await NewAccountAsync();
        var address = NewAddress();
        await FailAllowanceAsync(address, user);
        async Task<string> AnswerAsync(string name, string password)
        {
            var client = app.ClientFrom(address);
            client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
            var res = await client.LoginRawAsync(name, password);
            var body = await res.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "CredentialsMustMatch");
            var fields = body.EnumerateObject().Where(p => p.Name != "traceId").Select(p => $"{p.Name}={p.Value.GetRawText()}");
            return $"{(int)res.StatusCode} {res.Content.Headers.ContentType} {string.Join(" ", fields)}";
        }
        var waiting = await AnswerAsync(user, Password);
        var unknown = await AnswerAsync(Unique("nobody_"), Password);
        var wrong = await AnswerAsync((await NewAccountAsync()), "not-the-password-1");
        unknown.ShouldBe(wrong);
        waiting.ShouldBe(wrong);
        wrong.ShouldContain(" title=");
        wrong.ShouldContain(" detail=");
    }

    [Fact]
    public async Task LoginForm_WaitingPair_ShowsTheSameErrorAsAWrongPassword()
    {
        var user = await NewAccountAsync();
        var address = NewAddress();
        await FailAllowanceAsync(address, user);
        static string ErrorOf(string html) =>
            System.Text.RegularExpressions.Regex.Match(html, "data-testid=\"login-error\">([^<]*)<").Groups[1].Value;

        var waiting = app.ClientFrom(address);
        var res = await waiting.PostLoginFormAsync(user, Password);
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var waitingError = ErrorOf(await res.Content.ReadAsStringAsync());
        (await waiting.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var wrong = await app.ClientFrom(NewAddress()).PostLoginFormAsync(await NewAccountAsync(), "not-the-password-2");
        var wrongError = ErrorOf(await wrong.Content.ReadAsStringAsync());
        wrongError.ShouldNotBeNullOrWhiteSpace();
        waitingError.ShouldBe(wrongError);
    }

    /// <summary>The form and the API draw on one allowance per pair: switching between them buys no extra guesses.</summary>
    [Fact]
    public async Task LoginForm_AndApi_ShareThePairsAllowance()
    {
        var user = await NewAccountAsync();
        var address = NewAddress();
        var browser = app.ClientFrom(address);
        for (var i = 1; i < app.Security.MaxFailedLogins; i++)
            (await SignsInAsync(address, user, "wrong-" + i)).ShouldBeFalse();
        (await browser.PostLoginFormAsync(user, "wrong-form")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await SignsInAsync(address, user, Password)).ShouldBeFalse("the form's failure used up the allowance");
    }

    /// <summary>Guesses sent at once are charged as they arrive, before the password is checked: they cannot all slip through before the first one counts.</summary>
    [Fact]
    public async Task Login_GuessesSentInParallel_AreCountedBeforeTheyAreChecked()
    {
        var user = await NewAccountAsync();
        var address = NewAddress();
        var guesses = await Task.WhenAll(Enumerable.Range(0, 3 * app.Security.MaxFailedLogins).Select(i => SignsInAsync(address, user, "parallel-" + i)));
        guesses.ShouldAllBe(ok => !ok);
        app.Hasher.ChecksOf(user).ShouldBe(app.Security.MaxFailedLogins, "passwords actually checked");
        (await SignsInAsync(address, user, Password)).ShouldBeFalse("the pair waits after a burst of guesses");
        app.Hasher.ChecksOf(user).ShouldBe(app.Security.MaxFailedLogins, "a waiting pair's password is not checked");
    }

    [Fact]
    public async Task Login_QuietForADay_ThePairsCountIsForgotten()
    {
        var user = await NewAccountAsync();
        var address = NewAddress();
        for (var i = 1; i < app.Security.MaxFailedLogins; i++)
            (await SignsInAsync(address, user, "wrong-" + i)).ShouldBeFalse();
        app.Clock.Advance(ParkOps.Web.Features.Auth.SignInService.ForgetAfter + TimeSpan.FromMinutes(1));
        for (var i = 1; i < app.Security.MaxFailedLogins; i++)
            (await SignsInAsync(address, user, "later-" + i)).ShouldBeFalse();
        (await SignsInAsync(address, user, Password)).ShouldBeTrue("four old failures and four new ones are not five in a row");
    }
}

/// <summary>Sign-in attempts per client per minute, on a host that allows only <see cref="StrictLoginParkOpsFactory.Permits"/>.</summary>
public sealed class LoginRateLimitTests
{
    [Fact]
    public async Task Login_MoreAttemptsThanPermitted_Gives429()
    {
        await using var host = await OwnHost<StrictLoginParkOpsFactory>.StartAsync();
        var client = host.App.Anonymous();
        for (var i = 0; i < StrictLoginParkOpsFactory.Permits; i++)
            (await client.LoginRawAsync("someone", "wrong-" + i)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, $"attempt {i + 1}");
        var refused = await client.LoginRawAsync("someone", "wrong-again");
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    /// <summary>The console's form checks passwords too; it must not be a way around the limit.</summary>
    [Fact]
    public async Task LoginForm_MoreAttemptsThanPermitted_Gives429()
    {
        await using var host = await OwnHost<StrictLoginParkOpsFactory>.StartAsync();
        var browser = host.App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var token = await browser.LoginFormTokenAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= StrictLoginParkOpsFactory.Permits; i++)
            statuses.Add((await browser.PostLoginFormAsync("someone", "wrong-" + i, token)).StatusCode);
        statuses[0].ShouldBe(HttpStatusCode.OK);
        statuses[^1].ShouldBe(HttpStatusCode.TooManyRequests, string.Join(",", statuses));
    }
}
