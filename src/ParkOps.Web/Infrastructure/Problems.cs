using System.Diagnostics;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Rules;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Infrastructure;

/// <summary>The asked-for thing does not exist for this caller (absent or outside its scope: both are 404).</summary>
public sealed class NotFoundException(string entity, object key) : Exception($"{entity} {key} not found")
{
    public string Entity { get; } = entity;
    public object Key { get; } = key;
}

/// <summary>The caller can see the thing but may not change it (e.g. a government viewer).</summary>
public sealed class ForbiddenException(string rule) : Exception(rule)
{
    public string Rule { get; } = rule;
}

/// <summary>
/// One place that turns exceptions into RFC 9457 ProblemDetails: validation 400, rule 422/409, not found 404,
/// forbidden 403, unreadable request 400. Titles and details are localised with the request culture, and each
/// carries <c>rule</c>, <c>field</c> (where known) and <c>traceId</c>.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, IStringLocalizer<Text> t, ILogger<ProblemExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception ex, CancellationToken ct)
    {
        // the exception handler runs outside UseRequestLocalization, whose culture is gone by now: take the request's back
        if (http.Features.Get<Microsoft.AspNetCore.Localization.IRequestCultureFeature>()?.RequestCulture is { } requested)
        {
            System.Globalization.CultureInfo.CurrentCulture = requested.Culture;
            System.Globalization.CultureInfo.CurrentUICulture = requested.UICulture;
        }
        int status; string title; string? detail; string? rule = null; string? field = null;
        IDictionary<string, string[]>? errors = null;
        var extras = new Dictionary<string, object?>();
        switch (ex)
        {
            case ValidationException v:
                status = 400; title = t["Problem.Validation"]; rule = "Validation";
                var failures = v.Errors.Take(InputGuard.MaxFailures).ToList();
                errors = failures.GroupBy(e => Excerpt(Camel(e.PropertyName))).ToDictionary(g => g.Key, g => g.Select(e => Message(e.ErrorMessage)).ToArray());
                field = errors.Keys.FirstOrDefault();
                detail = string.Join("; ", failures.Select(e => $"{Excerpt(Camel(e.PropertyName))}: {Message(e.ErrorMessage)}"));
                break;
            case DomainRuleException d:
                status = d.Kind == RuleKind.Conflict ? 409 : 422; rule = d.Rule; field = d.Field is null ? null : Excerpt(d.Field);
                title = t["Problem.Rule"];
                // a rule's arguments are often the input itself (a code, a date text): only an excerpt goes back
                var text = t["Rule." + d.Rule, [.. d.Arguments.Select(a => a is string s ? Excerpt(s) : a)]];
                detail = Message(text.ResourceNotFound ? d.Message : text.Value);
                if (field is not null) errors = new Dictionary<string, string[]> { [field] = [detail] };
                // machine-readable facts a rule adds (e.g. the booking a new one collides with)
                foreach (System.Collections.DictionaryEntry kv in d.Data) if (kv.Key is string k) extras[k] = kv.Value;
                break;
            case NotFoundException n:
                status = 404; title = t["Problem.NotFound"]; detail = t["Problem.NotFoundDetail", n.Entity, n.Key is string key ? Excerpt(key) : n.Key]; rule = "MustExistInScope";
                break;
            case ForbiddenException f:
                status = 403; title = t["Problem.Forbidden"]; detail = t["Rule." + f.Rule]; rule = f.Rule;
                break;
            case Microsoft.EntityFrameworkCore.DbUpdateException u when Features.Leasing.LeaseService.IsUniqueViolation(u):
                // two requests raced past the service's own check; the database kept one
                status = 409; title = t["Problem.Rule"]; rule = "MustBeUnique"; detail = t["Rule.MustBeUnique"];
                break;
            case BadHttpRequestException b:
                status = b.StatusCode; title = t["Problem.BadRequest"]; rule = "RequestMustBeReadable";
                // the reader's messages may quote the input (a parameter's value, a JSON token): excerpts only
                detail = b.InnerException is System.Text.Json.JsonException j ? t["Problem.BadJson", Excerpt(j.Path ?? "$"), Message(j.Message)] : Message(b.Message);
                field = (b.InnerException as System.Text.Json.JsonException)?.Path?.TrimStart('$', '.') is { Length: > 0 } jp ? Excerpt(jp) : null;
                break;
            case Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException:
                // a form post, or an API write riding on the console's cookie, without its antiforgery token (see AntiforgeryGate)
                status = 400; title = t["Problem.Antiforgery"]; rule = "AntiforgeryTokenRequired"; detail = t["Rule.AntiforgeryTokenRequired"];
                break;
            default:
                return false;
        }
        if (status >= 500) log.LogError(ex, "Unhandled");
        http.Response.StatusCode = status;
        if (!http.Request.Path.StartsWithSegments("/api") && http.Request.Headers.Accept.ToString().Contains("text/html"))
        {
            // a console page: a readable page in the user's language, not JSON
            http.Response.ContentType = "text/html; charset=utf-8";
            var lang = System.Globalization.CultureInfo.CurrentUICulture.Name;
            await http.Response.WriteAsync($"""
                <!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>{Enc(title)}</title><link rel="stylesheet" href="/lib/bootstrap/bootstrap.min.css"></head>
                <body><main class="container py-4"><h1 class="h3">{Enc(title)}</h1><p>{Enc(detail)}</p><p><a href="/">{Enc(t["Nav.Home"])}</a></p></main></body></html>
                """, ct);
            return true;
        }
        var pd = new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = status, Title = title, Detail = detail, Type = $"https://parkops.cn/problems/{rule ?? "error"}",
            // the path may carry a route value of any length (a 10,000-character "action")
            Instance = TextRules.Excerpt(http.Request.Path.Value, 200),
        };
        if (rule is not null) pd.Extensions["rule"] = rule;
        if (field is not null) pd.Extensions["field"] = field;
        if (errors is not null) pd.Extensions["errors"] = errors;
        foreach (var (k, v) in extras) pd.Extensions[k] = v;
        pd.Extensions["traceId"] = Activity.Current?.Id ?? http.TraceIdentifier;
        return await problems.TryWriteAsync(new() { HttpContext = http, ProblemDetails = pd, Exception = ex });
    }

    private static string Enc(string? s) => System.Net.WebUtility.HtmlEncode(s ?? "");

    public static string Camel(string name) => string.IsNullOrEmpty(name) ? name : char.ToLowerInvariant(name[0]) + name[1..];

    /// <summary>Input quoted back in an error (a value, a field path): at most 100 characters and an ellipsis.</summary>
    public static string Excerpt(string? s) => TextRules.Excerpt(s, 100);

    /// <summary>A whole message that may quote input somewhere inside it: long enough for any text of ours, never a megabyte.</summary>
    public static string Message(string? s) => TextRules.Excerpt(s, 300);
}

public static class ValidationExtensions
{
    /// <summary>Validates and throws <see cref="ValidationException"/> (→ 400 ProblemDetails) when the request is bad.</summary>
    public static async Task EnsureValidAsync<T>(this IValidator<T> validator, T request, CancellationToken ct = default)
    {
        var result = await validator.ValidateAsync(request, ct);
        if (!result.IsValid) throw new ValidationException(result.Errors);
    }
}
