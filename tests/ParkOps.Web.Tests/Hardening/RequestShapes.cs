using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using ParkOps.Domain.Rules;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Hardening;

/// <summary>One string of a request body: its JSON path, its kind and the maximum its declarations and the EF model give it.</summary>
public sealed record RequestString(string Path, IReadOnlyList<object> Steps, TextKind Kind, int? Declared, bool Normalised, string? Column, int? ColumnMax)
{
    /// <summary>The maximum the API must enforce: the column's, or the declared one where that is shorter or the value is normalised.</summary>
    public int? Expected => Normalised ? Declared : (Declared, ColumnMax) switch
    {
        ({ } d, { } c) => Math.Min(d, c),
        (null, { } c) => c,
        ({ } d, null) => d,
        _ => null,
    };
}

/// <summary>
/// What the tests know about request bodies, read from the request types' declarations and the EF Core model on their
/// own (not from <see cref="InputGuard"/>, whose answers they check): every string with the column it is stored in,
/// and a well-formed JSON body to put one bad value into at a time.
/// </summary>
public static class RequestShapes
{
    /// <summary>The handler's body parameter of an endpoint (for the declarations an endpoint puts on it).</summary>
    public static ParameterInfo? BodyParameter(ApiEndpoint e) =>
        e.Endpoint.Metadata.OfType<MethodInfo>().FirstOrDefault()?.GetParameters().FirstOrDefault(p => p.ParameterType == e.BodyType);

    public static List<RequestString> Strings(Type body, IModel model, Type? storedInOnEndpoint)
    {
        var list = new List<RequestString>();
        Walk(body, model, storedInOnEndpoint, [], list, 0);
        return list;
    }

    private static void Walk(Type type, IModel model, Type? storedInFallback, List<object> at, List<RequestString> list, int depth)
    {
        if (depth > 4) return;
        if (Element(type) is { } listElement)
        {
            Walk(listElement, model, storedInFallback, [.. at, 0], list, depth + 1);
            return;
        }
        if (!IsOurs(type)) return;
        var classStored = type.GetCustomAttribute<StoredInAttribute>()?.Entity ?? storedInFallback;
        var ctor = type.GetConstructors().SelectMany(c => c.GetParameters()).ToList();
        foreach (var prop in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var param = ctor.FirstOrDefault(p => string.Equals(p.Name, prop.Name, StringComparison.OrdinalIgnoreCase));
            T? Attr<T>() where T : Attribute => prop.GetCustomAttribute<T>() ?? param?.GetCustomAttribute<T>();
            var name = JsonNamingPolicy.CamelCase.ConvertName(prop.Name);
            var t = Nullable.GetUnderlyingType(prop.PropertyType) ?? prop.PropertyType;
            var isList = Element(t) is not null;
            var element = Element(t) ?? t;
            if (element == typeof(string))
            {
                var text = Attr<TextInputAttribute>();
                var stored = Attr<StoredInAttribute>() is { } s ? (s.Entity, s.Property ?? prop.Name)
                    : classStored is not null && !isList ? (classStored, prop.Name) : ((Type, string)?)null;
                // a string parsed into another type (a time, an enum) is not stored as typed
                var column = stored is { } st ? model.FindEntityType(st.Item1)?.FindProperty(st.Item2) is { } c && c.ClrType == typeof(string) ? c : null : null;
                var steps = isList ? (List<object>)[.. at, name, 0] : [.. at, name];
                list.Add(new RequestString(Render(steps), steps, text?.Kind ?? TextKind.Line, text?.MaxLength is > 0 ? text.MaxLength : null, text?.Normalised ?? false,
                    column is null ? null : $"{column.DeclaringType.ClrType.Name}.{column.Name}", column?.GetMaxLength()));
            }
            else if (IsOurs(element))
                Walk(element, model, null, isList ? [.. at, name, 0] : [.. at, name], list, depth + 1);
        }
    }

    public static string Render(IReadOnlyList<object> steps) =>
        string.Concat(steps.Select((s, i) => s is int n ? $"[{n}]" : i == 0 ? (string)s : "." + s));

    /// <summary>A body of the type with every member present (lists of one element), as JSON the host can bind.</summary>
    public static JsonNode? Sample(Type type, int depth = 0)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (depth > 5) return null;
        if (t == typeof(string)) return "a";
        if (t == typeof(bool)) return false;
        if (t == typeof(int) || t == typeof(long) || t == typeof(short)) return 1;
        if (t == typeof(decimal) || t == typeof(double)) return 1;
        if (t == typeof(DateOnly)) return "2026-06-01";
        if (t == typeof(DateTime) || t == typeof(DateTimeOffset)) return "2026-06-01T10:00:00+08:00";
        if (t.IsEnum) return Enum.GetNames(t)[0];
        if (Element(t) is { } e) return new JsonArray(Sample(e, depth + 1));
        if (!IsOurs(t)) return null;
        var o = new JsonObject();
        foreach (var p in t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is null))
            o[JsonNamingPolicy.CamelCase.ConvertName(p.Name)] = Sample(p.PropertyType, depth + 1);
        return o;
    }

    /// <summary>The body with the value at <paramref name="steps"/> replaced.</summary>
    public static JsonNode With(JsonNode body, IReadOnlyList<object> steps, JsonNode? value)
    {
        var copy = body.DeepClone();
        JsonNode parent = copy;
        for (var i = 0; i < steps.Count - 1; i++) parent = steps[i] is int n ? parent[n]! : parent[(string)steps[i]]!;
        if (steps[^1] is int last) parent[last] = value; else parent[(string)steps[^1]] = value;
        return copy;
    }

    private static Type? Element(Type t)
    {
        if (t == typeof(string)) return null;
        if (t.IsArray) return t.GetElementType();
        return t.IsGenericType ? t.GetInterfaces().Append(t).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0] : null;
    }

    private static bool IsOurs(Type t) => t.IsClass && t != typeof(string) && (t.Namespace?.StartsWith("ParkOps.", StringComparison.Ordinal) ?? false);
}
