using ParkOps.Web.Platform;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using ParkOps.Web.Features.Users;
using ParkOps.Web.Resources;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Features.Auth;

public sealed record LoginRequest([Code(64)] string UserName, [Line(128)] string Password);

public sealed class AuthModule : IAreaModule
{
    public const string Smart = "smart";
    public const string LoginLimiter = "login";
    public const string CookieName = "parkops.auth";
    /// <summary>The rule of every refused sign-in, whatever the reason (unknown name, wrong password, a pair that must wait).</summary>
    public const string SignInRefused = "CredentialsMustMatch";

    /// <summary>The request authenticates with a bearer token (scripts, the API), not with the console's cookie.</summary>
    public static bool IsBearer(HttpContext http) =>
        http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    public void AddServices(IServiceCollection services, IConfiguration config)
    {
        var options = SecurityOptions.From(config);
        services.AddSingleton(options);
        services.AddScoped<SignInService>();
        services.AddScoped<UserSessions>();
        services.AddDataProtection().SetApplicationName("ParkOps")
            .PersistKeysToFileSystem(new DirectoryInfo(config["ParkOps:DataProtection:KeysPath"] is { Length: > 0 } p ? p : Path.Combine("data", "keys")));
        services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        // the options are read from the container, so a host that replaces SecurityOptions (the tests) is obeyed
        services.AddOptions<ForwardedHeadersOptions>().Configure<SecurityOptions>((o, s) => s.Apply(o));
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        services.AddAuthentication(Smart)
            .AddPolicyScheme(Smart, Smart, o => o.ForwardDefaultSelector = http =>
                IsBearer(http) ? BearerTokenDefaults.AuthenticationScheme : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddBearerToken(o => o.BearerTokenExpiration = TimeSpan.FromHours(options.TokenHours))
            .AddCookie(o =>
            {
                o.LoginPath = "/login";
                o.AccessDeniedPath = "/denied";
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                // Secure whenever the browser's request was HTTPS, also behind a TLS proxy (forwarded headers from trusted proxies)
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
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
            // only attempts count (the API's POST and the console form's POST), not showing the sign-in page; the
            // address is the client's as a trusted proxy reports it (UseForwardedHeaders runs first)
            o.AddPolicy(LoginLimiter, http => HttpMethods.IsGet(http.Request.Method) ? RateLimitPartition.GetNoLimiter("page") : RateLimitPartition.GetFixedWindowLimiter(
                SignInService.AddressOf(http.Connection.RemoteIpAddress),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = http.RequestServices.GetRequiredService<SecurityOptions>().LoginPermitsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
    }

    private static Task Api(RedirectContext<CookieAuthenticationOptions> c, int status)
    {
        if (c.Request.Path.StartsWithSegments("/api") || c.Request.Path.StartsWithSegments("/openapi")) c.Response.StatusCode = status;
        else c.Response.Redirect(c.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The host's security middleware, in order: forwarded headers from trusted proxies (before anything reads the
    /// client's address or scheme) and the security headers on every response.
    /// </summary>
    public static void UseEdgeSecurity(IApplicationBuilder app)
    {
        app.UseForwardedHeaders();
        app.UseMiddleware<SecurityHeaders>();
    }

    /// <summary>After authentication, authorisation and <c>UseAntiforgery</c>: refuses what antiforgery found wanting (see <see cref="AntiforgeryGate"/>).</summary>
    public static void UseAntiforgeryGate(IApplicationBuilder app) => app.UseMiddleware<AntiforgeryGate>();

    /// <summary>The OpenAPI document and its browsable page are for signed-in users unless <see cref="SecurityOptions.OpenApiAnonymous"/>.</summary>
    public static void ProtectApiDocs(WebApplication app, IEndpointConventionBuilder document)
    {
        if (app.Services.GetRequiredService<SecurityOptions>().OpenApiAnonymous) return;
        document.RequireAuthorization();
        // the page is static files served by middleware, not an endpoint: challenge here (a browser goes to sign in)
        app.UseWhen(h => h.Request.Path.StartsWithSegments("/api-docs"), b => b.Use(async (h, next) =>
        {
            if (h.User.Identity?.IsAuthenticated == true) await next(h);
            else await h.ChallengeAsync();
        }));
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/auth").WithTags("Auth");
        g.MapPost("/login", Login).AllowAnonymous().RequireRateLimiting(LoginLimiter)
            .WithSummary("Sign in with user name and password; returns a bearer token {accessToken, expiresIn}. Every refusal is the same 401 (rule CredentialsMustMatch).")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);
        g.MapPost("/logout", Logout).RequireAuthorization()
            .WithSummary("Ends the session of this token (or of the console's cookie, with its antiforgery token): it is refused from now on, by every server.");
        g.MapGet("/me", Me).RequireAuthorization().WithSummary("Who the token belongs to, with roles and scope.");
        // the console's sign-out form: the antiforgery gate refuses a post without the form's token; signed out
        // already (or never signed in), the challenge sends the browser to the sign-in page
        app.MapPost("/account/logout", async (HttpContext http, UserSessions sessions) =>
        {
            await EndSessionAsync(http, sessions);
            return Results.LocalRedirect("/login");
        }).RequireAuthorization().WithMetadata(new RequireAntiforgeryTokenAttribute()).ExcludeFromDescription();
    }

    private static async Task<NoContent> Logout(HttpContext http, UserSessions sessions)
    {
        await EndSessionAsync(http, sessions);
        return TypedResults.NoContent();
    }

    private static async Task EndSessionAsync(HttpContext http, UserSessions sessions)
    {
        if (http.User.FindFirstValue(UserSessions.ClaimType) is { Length: > 0 } sid) await sessions.EndAsync(sid, http.RequestAborted);
        if (!IsBearer(http)) await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    private static async Task<Results<SignInHttpResult, ProblemHttpResult>> Login(LoginRequest req, HttpContext http, SignInService signIn, IStringLocalizer<Text> t, CancellationToken ct)
    {
        var user = await signIn.CheckAsync(req.UserName ?? "", req.Password ?? "", http.Connection.RemoteIpAddress, ct);
        if (user is null)
            return TypedResults.Problem(t["Auth.Wrong"], statusCode: 401, title: t["Auth.Failed"], extensions: new Dictionary<string, object?> { ["rule"] = SignInRefused });
        var principal = await signIn.StartSessionAsync(user, BearerTokenDefaults.AuthenticationScheme, ct);
        return TypedResults.SignIn(principal, authenticationScheme: BearerTokenDefaults.AuthenticationScheme);
    }

    private static Ok<MeResponse> Me(Infrastructure.ICurrentActor actor)
    {
        var s = actor.Scope;
        return TypedResults.Ok(new MeResponse(s.UserId, s.UserName, s.Roles.Select(r => r.ToString()).ToArray(), s.VisibleParkIds, s.EnterpriseIds));
    }

    public sealed record MeResponse(long? UserId, string UserName, string[] Roles, long[] ParkIds, long[] EnterpriseIds);
}

