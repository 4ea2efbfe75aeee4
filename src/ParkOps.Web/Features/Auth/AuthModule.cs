using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Users;
using ParkOps.Web.Resources;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Features.Auth;

public sealed record LoginRequest([Code(64)] string UserName, [Line(128)] string Password);

public sealed class SecurityOptions
{
    /// <summary>Failed sign-ins in a row before the account locks.</summary>
    public int MaxFailedLogins { get; set; } = 5;
    public int LockoutMinutes { get; set; } = 15;
    /// <summary>Sign-in attempts per client address per minute.</summary>
    public int LoginPermitsPerMinute { get; set; } = 30;
    public int TokenHours { get; set; } = 8;
}

public enum SignInOutcome { Ok, Wrong, LockedOut }

/// <summary>Checks a user name and password with lockout; shared by the API and the console's sign-in form.</summary>
public sealed class SignInService(ParkOpsDb db, IPasswordHasher<User> hasher, TimeProvider clock, SecurityOptions options)
{
    public async Task<(SignInOutcome, User?)> CheckAsync(string userName, string password, CancellationToken ct)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == userName && u.IsActive, ct);
        if (user is null)
        {
            // spend the same effort as for a real user so timing does not tell which names exist
            hasher.VerifyHashedPassword(new User { UserName = "", DisplayName = "" }, DummyHash, password);
            return (SignInOutcome.Wrong, null);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        if (user.LockoutEndUtc is { } end && end > now) return (SignInOutcome.LockedOut, null);
        var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            user.FailedLogins++;
            if (user.FailedLogins >= options.MaxFailedLogins)
            {
                user.LockoutEndUtc = now.AddMinutes(options.LockoutMinutes);
                user.FailedLogins = 0;
            }
            await db.SaveChangesAsync(ct);
            return (user.LockoutEndUtc > now ? SignInOutcome.LockedOut : SignInOutcome.Wrong, null);
        }
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded) user.PasswordHash = hasher.HashPassword(user, password);
        if (user.FailedLogins != 0 || user.LockoutEndUtc is not null || verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.FailedLogins = 0;
            user.LockoutEndUtc = null;
            await db.SaveChangesAsync(ct);
        }
        return (SignInOutcome.Ok, user);
    }

    public static ClaimsPrincipal Principal(User user, string scheme) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()), new Claim(ClaimTypes.Name, user.UserName), new Claim("display_name", user.DisplayName)],
        scheme));

    private static readonly string DummyHash = new PasswordHasher<User>().HashPassword(new User { UserName = "", DisplayName = "" }, Guid.NewGuid().ToString());
}

public static class AuthModule
{
    public const string Smart = "smart";
    public const string LoginLimiter = "login";

    public static IServiceCollection AddAuth(this IServiceCollection services, IConfiguration config)
    {
        var options = new SecurityOptions();
        config.GetSection("ParkOps:Security").Bind(options);
        services.AddSingleton(options);
        services.AddScoped<SignInService>();
        services.AddDataProtection().SetApplicationName("ParkOps")
            .PersistKeysToFileSystem(new DirectoryInfo(config["ParkOps:DataProtection:KeysPath"] is { Length: > 0 } p ? p : Path.Combine("data", "keys")));
        services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        services.AddAuthentication(Smart)
            .AddPolicyScheme(Smart, Smart, o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? BearerTokenDefaults.AuthenticationScheme : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddBearerToken(o => o.BearerTokenExpiration = TimeSpan.FromHours(options.TokenHours))
            .AddCookie(o =>
            {
                o.LoginPath = "/login";
                o.AccessDeniedPath = "/denied";
                o.Cookie.Name = "parkops.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.ExpireTimeSpan = TimeSpan.FromHours(options.TokenHours);
                o.SlidingExpiration = true;
                // the API answers 401/403; only console pages redirect to the sign-in page
                o.Events.OnRedirectToLogin = c => Api(c, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = c => Api(c, StatusCodes.Status403Forbidden);
            });
        services.AddAuthorization();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // only attempts count (the API's POST and the console form's POST), not showing the sign-in page
            o.AddPolicy(LoginLimiter, http => HttpMethods.IsGet(http.Request.Method) ? RateLimitPartition.GetNoLimiter("page") : RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "local",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = http.RequestServices.GetRequiredService<SecurityOptions>().LoginPermitsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return services;
    }

    private static Task Api(RedirectContext<CookieAuthenticationOptions> c, int status)
    {
        if (c.Request.Path.StartsWithSegments("/api")) c.Response.StatusCode = status;
        else c.Response.Redirect(c.RedirectUri);
        return Task.CompletedTask;
    }

    public static void MapAuth(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/auth").WithTags("Auth");
        g.MapPost("/login", Login).AllowAnonymous().RequireRateLimiting(LoginLimiter)
            .WithSummary("Sign in with user name and password; returns a bearer token {accessToken, expiresIn}.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);
        g.MapGet("/me", Me).RequireAuthorization().WithSummary("Who the token belongs to, with roles and scope.");
        app.MapPost("/account/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/login");
        }).ExcludeFromDescription();
    }

    private static async Task<Results<SignInHttpResult, ProblemHttpResult>> Login(LoginRequest req, SignInService signIn, IStringLocalizer<Text> t, CancellationToken ct)
    {
        var (outcome, user) = await signIn.CheckAsync(req.UserName ?? "", req.Password ?? "", ct);
        return outcome switch
        {
            SignInOutcome.Ok => TypedResults.SignIn(SignInService.Principal(user!, BearerTokenDefaults.AuthenticationScheme), authenticationScheme: BearerTokenDefaults.AuthenticationScheme),
            SignInOutcome.LockedOut => TypedResults.Problem(t["Auth.LockedOut"], statusCode: 401, title: t["Auth.Failed"], extensions: new Dictionary<string, object?> { ["rule"] = "AccountLockedOut" }),
            _ => TypedResults.Problem(t["Auth.Wrong"], statusCode: 401, title: t["Auth.Failed"], extensions: new Dictionary<string, object?> { ["rule"] = "CredentialsMustMatch" }),
        };
    }

    private static Ok<MeResponse> Me(Infrastructure.ICurrentActor actor)
    {
        var s = actor.Scope;
        return TypedResults.Ok(new MeResponse(s.UserId, s.UserName, s.Roles.Select(r => r.ToString()).ToArray(), s.VisibleParkIds, s.EnterpriseIds));
    }

    public sealed record MeResponse(long? UserId, string UserName, string[] Roles, long[] ParkIds, long[] EnterpriseIds);
}
