namespace ParkOps.Web.Features.Auth;

/// <summary>
/// Security headers on every response (pages, API, static files, error pages). They are added just before the
/// headers go out, so an error page written after the exception handler cleared the response carries them too.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next, SecurityOptions options)
{
    /// <summary>
    /// Scripts only from the site's own files (no inline script, no eval), so injected markup cannot run code; styles
    /// may still be inline (pages set widths in <c>style</c> attributes); images also as data: URIs (Bootstrap's icons);
    /// the site may not be framed, nor post forms or set a base elsewhere.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext http)
    {
        http.Response.OnStarting(static state =>
        {
            var (h, hsts) = ((HttpContext, string?))state;
            var headers = h.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            // older browsers that do not read frame-ancestors
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            // IsHttps is the browser's scheme as a trusted proxy forwarded it; over plain HTTP the header means nothing
            if (hsts is not null && h.Request.IsHttps) headers.StrictTransportSecurity = hsts;
            return Task.CompletedTask;
        }, (http, Hsts));
        return next(http);
    }

    private string? Hsts { get; } = options.HstsMaxAgeDays > 0 ? $"max-age={options.HstsMaxAgeDays * 86400L}" : null;
}
