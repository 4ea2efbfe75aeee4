using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace ParkOps.Web.Features.Auth;

/// <summary>Settings under <c>ParkOps:Security</c> (README's settings table and docs/operations.md list them).</summary>
public sealed class SecurityOptions
{
    /// <summary>Failed sign-ins for one account from one client address before that pair has to wait.</summary>
    public int MaxFailedLogins { get; set; } = 5;
    /// <summary>The first wait of a pair, in seconds; every further failure from the pair doubles it.</summary>
    public int LoginBackoffSeconds { get; set; } = 30;
    /// <summary>The longest wait of a pair, in minutes.</summary>
    public int MaxLoginBackoffMinutes { get; set; } = 15;
    /// <summary>Sign-in attempts per client address per minute (each app process counts its own).</summary>
    public int LoginPermitsPerMinute { get; set; } = 30;
    /// <summary>Lifetime of a sign-in: the bearer token, the console cookie (sliding) and the session behind both.</summary>
    public int TokenHours { get; set; } = 8;
    /// <summary>
    /// Reverse proxies whose <c>X-Forwarded-For</c> / <c>X-Forwarded-Proto</c> are believed (IP addresses). With neither
    /// this nor <see cref="KnownNetworks"/> set, only loopback is trusted.
    /// </summary>
    public string[] KnownProxies { get; set; } = [];
    /// <summary>Networks of trusted reverse proxies in CIDR notation (e.g. <c>10.0.0.0/8</c>).</summary>
    public string[] KnownNetworks { get; set; } = [];
    /// <summary>Serve the OpenAPI document and its browsable page to anyone, not only to signed-in users.</summary>
    public bool OpenApiAnonymous { get; set; }
    /// <summary><c>Strict-Transport-Security</c> max-age sent on HTTPS responses, in days (0: no HSTS header).</summary>
    public int HstsMaxAgeDays { get; set; } = 365;

    /// <summary>Binds <c>ParkOps:Security</c>; a list may also be one comma-separated value (handy in an environment variable).</summary>
    public static SecurityOptions From(IConfiguration config)
    {
        var section = config.GetSection("ParkOps:Security");
        var options = new SecurityOptions();
        section.Bind(options);
        options.KnownProxies = List(section.GetSection(nameof(KnownProxies)));
        options.KnownNetworks = List(section.GetSection(nameof(KnownNetworks)));
        return options;
    }

    private static string[] List(IConfigurationSection s) =>
        (s.Value is { } one ? [one] : s.GetChildren().Select(c => c.Value ?? ""))
            .SelectMany(v => v.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();

    /// <summary>
    /// Forwarded headers are honoured only from the configured proxies (default: loopback), hop by hop from the nearest,
    /// so the client address and scheme a trusted proxy reports become the request's own (cookies, HSTS, rate limit,
    /// sign-in backoff and the audit's source address all read them).
    /// </summary>
    public void Apply(ForwardedHeadersOptions o)
    {
        o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        // every hop is checked against the trusted list, so walking a chain of trusted proxies is safe
        o.ForwardLimit = null;
        if (KnownProxies.Length == 0 && KnownNetworks.Length == 0)
        {
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse("127.0.0.0/8"));
            o.KnownProxies.Add(IPAddress.IPv6Loopback);
            return;
        }
        o.KnownIPNetworks.Clear();
        o.KnownProxies.Clear();
        foreach (var p in KnownProxies)
            o.KnownProxies.Add(IPAddress.TryParse(p, out var ip) ? ip : throw new InvalidOperationException($"ParkOps:Security:KnownProxies: '{p}' is not an IP address"));
        foreach (var n in KnownNetworks)
            o.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(n, out var net) ? net : throw new InvalidOperationException($"ParkOps:Security:KnownNetworks: '{n}' is not a network in CIDR notation (e.g. 10.0.0.0/8)"));
    }
}
