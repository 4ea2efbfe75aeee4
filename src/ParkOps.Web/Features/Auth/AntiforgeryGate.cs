using Microsoft.AspNetCore.Antiforgery;

namespace ParkOps.Web.Features.Auth;

/// <summary>
/// Refuses, with a 400 that names the rule <c>AntiforgeryTokenRequired</c> (a readable page for a browser,
/// ProblemDetails otherwise: see <c>ProblemExceptionHandler</c>), two kinds of request:
/// <list type="bullet">
/// <item>a console form post (or the sign-out) whose antiforgery token <c>UseAntiforgery</c> found missing or wrong;
/// left alone, Blazor would answer those with an empty 400;</item>
/// <item>an API write (POST, PUT, PATCH, DELETE under /api) that the console's cookie authenticates, unless it carries the
/// antiforgery token (header <c>RequestVerificationToken</c> or the form field): a browser sends the cookie with a
/// request another site makes it send, a bearer token it never sends by itself.</item>
/// </list>
/// Runs after authentication and authorisation: an anonymous write is still a 401.
/// </summary>
public sealed class AntiforgeryGate(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http, IAntiforgery antiforgery)
    {
        if (http.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false } failed)
            throw failed.Error as AntiforgeryValidationException ?? new AntiforgeryValidationException("The antiforgery token is missing or wrong.", failed.Error);
        if (IsWrite(http.Request.Method) && http.Request.Path.StartsWithSegments("/api")
            && http.User.Identity?.IsAuthenticated == true && !AuthModule.IsBearer(http))
            await antiforgery.ValidateRequestAsync(http);
        await next(http);
    }

    private static bool IsWrite(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);
}
