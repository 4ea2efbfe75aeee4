using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace ParkOps.Web.Infrastructure;

/// <summary>
/// ProblemDetails built the one way (RFC 9457 with <c>rule</c>, <c>field</c> and <c>traceId</c>), for the places that
/// answer without throwing (middleware, endpoints that return a problem as a result).
/// </summary>
public static class Problems
{
    public static ProblemDetails Create(HttpContext http, int status, string title, string? detail, string? rule, string? field = null)
    {
        var pd = new ProblemDetails
        {
            Status = status, Title = title, Detail = detail, Type = $"https://parkops.cn/problems/{rule ?? "error"}", Instance = http.Request.Path,
        };
        if (rule is not null) pd.Extensions["rule"] = rule;
        if (field is not null)
        {
            pd.Extensions["field"] = field;
            if (detail is not null) pd.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [detail] };
        }
        pd.Extensions["traceId"] = Activity.Current?.Id ?? http.TraceIdentifier;
        return pd;
    }

    public static async Task WriteAsync(HttpContext http, int status, string title, string? detail, string? rule, string? field = null)
    {
        http.Response.StatusCode = status;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = Create(http, status, title, detail, rule, field) });
    }
}
