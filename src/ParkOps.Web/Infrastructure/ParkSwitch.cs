using System.Text.RegularExpressions;

namespace ParkOps.Web.Infrastructure;

/// <summary>
/// The console's park switcher (platform: the layout's menu reads it, the Parks area maps its endpoint), for callers who see several parks (a government viewer its region's, the platform
/// admin all, an operator of several): the chosen park is kept in a cookie, so the menu follows it on pages that name
/// no park, and the switch lands on the same kind of page of the new park.
/// </summary>
public static partial class ParkSwitch
{
    public const string CookieName = "parkops.park";

    /// <summary>Detail pages outside /parks/{id}/ and the park list of their kind (a bill of park 1 → the bills of park 2).</summary>
    private static readonly Dictionary<string, string> ListOf = new(StringComparer.Ordinal)
    {
        ["bills"] = "bills", ["leases"] = "leases", ["enterprises"] = "enterprises", ["meters"] = "meters", ["tickets"] = "tickets",
        ["resources"] = "resources", ["pools"] = "pools", ["market"] = "market", ["risk"] = "risk",
    };

    [GeneratedRegex("^/parks/[0-9]+(?<rest>(/[^/?#]+)*)/?$")]
    private static partial Regex ParkPath();

    /// <summary>
    /// Where switching to <paramref name="parkId"/> from <paramref name="returnUrl"/> lands: a park page keeps its kind
    /// (its path up to the first id of something inside the park, which the new park does not have; filters are dropped,
    /// they name the old park's things); a detail page outside /parks/ becomes its list in the new park; any other local
    /// page stays as it is (the menu follows the cookie). A URL that is not a local path goes home.
    /// </summary>
    public static string Target(string? returnUrl, long parkId)
    {
        if (string.IsNullOrEmpty(returnUrl) || !returnUrl.StartsWith('/') || returnUrl.StartsWith("//") || returnUrl.StartsWith("/\\")) return "/";
        var path = returnUrl.Split('?', '#')[0];
        if (ParkPath().Match(path) is { Success: true } m)
        {
            var kind = m.Groups["rest"].Value.Split('/', StringSplitOptions.RemoveEmptyEntries).TakeWhile(s => !s.All(char.IsAsciiDigit));
            return $"/parks/{parkId}" + string.Concat(kind.Select(s => "/" + s));
        }
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length >= 2 && ListOf.TryGetValue(segments[0], out var list)) return $"/parks/{parkId}/{list}";
        return path;
    }

    /// <summary>The park the console's menu is about: the one the page names, else the one chosen last, else the first the caller sees.</summary>
    public static long? Current(string relativePath, string? cookie, IReadOnlyList<long> visible)
    {
        if (ParkPath().Match("/" + relativePath.Split('?', '#')[0].TrimStart('/')) is { Success: true } m
            && long.TryParse(m.Value.Split('/', StringSplitOptions.RemoveEmptyEntries)[1], out var routed) && visible.Contains(routed)) return routed;
        if (long.TryParse(cookie, out var chosen) && visible.Contains(chosen)) return chosen;
        return visible.Count > 0 ? visible[0] : null;
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/park-switch/{parkId:long}", (long parkId, string? returnUrl, HttpContext http, ICurrentActor actor) =>
        {
            if (!actor.Scope.CanSeePark(parkId)) throw new NotFoundException("Park", parkId);
            http.Response.Cookies.Append(CookieName, parkId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps, Path = "/", IsEssential = true, MaxAge = TimeSpan.FromDays(180) });
            return Results.LocalRedirect(Target(returnUrl, parkId));
        }).RequireAuthorization().ExcludeFromDescription();
}
