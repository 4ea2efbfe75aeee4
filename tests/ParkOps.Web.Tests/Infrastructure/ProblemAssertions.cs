using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ParkOps.Web.Tests.Infrastructure;

/// <summary>Checks that an error answer is an RFC 9457 ProblemDetails of the expected kind.</summary>
public static partial class ProblemAssertions
{
    /// <summary>
    /// Asserts status, <c>application/problem+json</c>, a title, a <c>traceId</c> and (when given) <c>rule</c> and
    /// <c>field</c>; returns the body for further checks.
    /// </summary>
    public static async Task<JsonElement> ShouldBeProblemAsync(this HttpResponseMessage res, HttpStatusCode status, string? rule = null, string? field = null)
    {
        var text = await res.Content.ReadAsStringAsync();
        var what = $"{res.RequestMessage?.Method} {res.RequestMessage?.RequestUri?.PathAndQuery} answered {(int)res.StatusCode}: {Cut(text)}";
        res.StatusCode.ShouldBe(status, what);
        res.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", what);
        var body = JsonDocument.Parse(text).RootElement.Clone();
        body.GetProperty("status").GetInt32().ShouldBe((int)status, what);
        body.TryGetProperty("title", out var title).ShouldBeTrue(what);
        title.GetString().ShouldNotBeNullOrWhiteSpace(what);
        body.TryGetProperty("traceId", out var trace).ShouldBeTrue($"no traceId: {what}");
        trace.GetString().ShouldNotBeNullOrWhiteSpace(what);
        if (rule is not null) body.Str("rule").ShouldBe(rule, what);
        if (field is not null) body.Str("field").ShouldBe(field, what);
        return body;
    }

    /// <summary>The messages under <c>errors.{field}</c>; fails when the field has none.</summary>
    public static string[] ErrorsFor(this JsonElement problem, string field)
    {
        problem.TryGetProperty("errors", out var errors).ShouldBeTrue($"no errors in {problem}");
        errors.TryGetProperty(field, out var list).ShouldBeTrue($"no errors.{field} in {errors}");
        var messages = list.EnumerateArray().Select(m => m.GetString() ?? "").ToArray();
        messages.ShouldNotBeEmpty();
        messages.ShouldAllBe(m => m.Length > 0);
        return messages;
    }

    public static string? Str(this JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static bool HasCjk(string? s) => s is not null && Cjk().IsMatch(s);

    /// <summary>A localiser that did not find its key returns the key itself, e.g. <c>Problem.NotFound</c>.</summary>
    public static bool LooksLikeResourceKey(string? s) => s is not null && Key().IsMatch(s);

    [GeneratedRegex(@"[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]")]
    private static partial Regex Cjk();

    [GeneratedRegex(@"^[A-Za-z]+(\.[A-Za-z0-9]+)+$")]
    private static partial Regex Key();

    private static string Cut(string s) => s.Length > 600 ? s[..600] + "…" : s;
}
