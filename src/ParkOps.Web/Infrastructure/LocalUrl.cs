namespace ParkOps.Web.Infrastructure;

/// <summary>Return addresses after sign-in or a language switch must stay on this site (no open redirects).</summary>
public static class LocalUrl
{
    /// <summary>The same test as ASP.NET Core's IsLocalUrl: "/path" or "~/path", never "//host" or "/\host".</summary>
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && (
            url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl)
            || url.Length > 1 && url[0] == '~' && url[1] == '/' && (url.Length == 2 || (url[2] != '/' && url[2] != '\\')) && !url.Any(char.IsControl));

    public static string OrHome(string? url) => IsLocal(url) ? url! : "/";
}
