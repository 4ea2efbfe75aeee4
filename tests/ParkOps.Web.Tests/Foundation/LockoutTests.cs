using System.Net;
using ParkOps.Web.Tests.Infrastructure;
using static ParkOps.Web.Tests.Foundation.FoundationApi;

namespace ParkOps.Web.Tests.Foundation;

/// <summary>
/// Account lockout after failed sign-ins, on a host whose clock the test moves (so "15 minutes later" needs no
/// waiting). Every test signs in as an account of its own, created through the API.
/// </summary>
public sealed class LockoutTests(ClockedParkOpsFactory app) : IClassFixture<ClockedParkOpsFactory>
{
    private const string Password = "Right12345pw";

    private async Task<string> NewAccountAsync()
    {
        var name = Unique("lock_");
        await (await app.LoginAsync("admin")).CreateUserAsync(name, Password);
        return name;
    }

    private async Task<string?> RuleOfAsync(string user, string password)
    {
        var res = await app.Anonymous().LoginRawAsync(user, password);
        if (res.StatusCode == HttpStatusCode.OK) return null;
        return (await res.ShouldBeProblemAsync(HttpStatusCode.Unauthorized)).Str("rule");
    }

    private async Task LockAsync(string user)
    {
        for (var i = 1; i < app.Security.MaxFailedLogins; i++)
            (await RuleOfAsync(user, "wrong-" + i)).ShouldBe("CredentialsMustMatch", $"attempt {i}");
        (await RuleOfAsync(user, "wrong-last")).ShouldBe("AccountLockedOut", $"attempt {app.Security.MaxFailedLogins} locks the account");
    }

    [Fact]
    public async Task Login_FiveWrongPasswords_LockEvenTheRightPasswordOut()
    {
        app.Security.MaxFailedLogins.ShouldBe(5);
        var user = await NewAccountAsync();
        await LockAsync(user);
        (await RuleOfAsync(user, Password)).ShouldBe("AccountLockedOut");
    }

    [Fact]
    public async Task Login_LockoutMinutesPassed_RightPasswordWorksAgain()
    {
        var user = await NewAccountAsync();
        await LockAsync(user);
        app.Clock.Advance(TimeSpan.FromMinutes(app.Security.LockoutMinutes) - TimeSpan.FromSeconds(5));
        (await RuleOfAsync(user, Password)).ShouldBe("AccountLockedOut", "not yet");
        app.Clock.Advance(TimeSpan.FromSeconds(10));
        (await RuleOfAsync(user, Password)).ShouldBeNull("the lockout is over");
        var client = await app.LoginAsync(user, Password);
        (await client.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Login_RightPasswordBeforeTheLimit_StartsTheCountAgain()
    {
        var user = await NewAccountAsync();
        for (var i = 1; i < app.Security.MaxFailedLogins; i++)
            (await RuleOfAsync(user, "wrong-" + i)).ShouldBe("CredentialsMustMatch");
        (await RuleOfAsync(user, Password)).ShouldBeNull();
        for (var i = 1; i < app.Security.MaxFailedLogins; i++)
            (await RuleOfAsync(user, "again-" + i)).ShouldBe("CredentialsMustMatch", $"attempt {i} after a good sign-in");
        (await RuleOfAsync(user, Password)).ShouldBeNull();
    }

    [Fact]
    public async Task Login_LockedAccount_AlsoRefusedByTheConsoleForm()
    {
        var user = await NewAccountAsync();
        await LockAsync(user);
        var browser = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var res = await browser.PostLoginFormAsync(user, Password);
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await res.Content.ReadAsStringAsync()).ShouldContain("data-testid=\"login-error\"");
        (await browser.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
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
