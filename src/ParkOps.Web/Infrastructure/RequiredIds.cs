using System.Reflection;
using System.Text.Json.Serialization.Metadata;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.Extensions.Localization;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Infrastructure;

/// <summary>
/// Ids in request bodies. A property named <c>…Id</c> (long or long?) or <c>…Ids</c> (a list of long) refers to
/// something that exists, and no id is 0 or below: such a value, or leaving out a non-nullable id (which reads as 0),
/// is bad input, answered 400 with rule <c>Validation</c> naming the field (<c>enterpriseId</c>, <c>unitIds[1]</c>),
/// instead of a 404 for "Enterprise 0" further in. Null in a nullable id means "not given"; whether that is allowed is
/// the use case's to say. The check runs while the body is read, so it holds for every request type, present and
/// future, without each validator repeating it.
/// </summary>
public static class RequiredIds
{
    /// <summary>Types whose ids are checked elsewhere: a reading batch reports each reading by its index (422 with problems).</summary>
    private static readonly HashSet<Type> Exempt = [typeof(Features.Metering.ReadingInput)];

    public static IServiceCollection AddRequiredIds(this IServiceCollection services)
    {
        services.AddOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>().Configure<IStringLocalizer<Text>>((o, t) =>
            o.SerializerOptions.TypeInfoResolver = (o.SerializerOptions.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(info => Modify(info, t)));
        return services;
    }

    private static void Modify(JsonTypeInfo info, IStringLocalizer<Text> t)
    {
        if (info.Kind != JsonTypeInfoKind.Object || info.Type.Assembly != typeof(RequiredIds).Assembly || Exempt.Contains(info.Type)) return;
        var checks = info.Properties.Select(Check).OfType<Func<object, IEnumerable<string>>>().ToArray();
        if (checks.Length == 0) return;
        var before = info.OnDeserialized;
        info.OnDeserialized = body =>
        {
            before?.Invoke(body);
            var bad = checks.SelectMany(c => c(body)).ToList();
            // the request culture is set by then: the message is in the caller's language
            if (bad.Count > 0) throw new ValidationException(bad.Select(f => new ValidationFailure(f, t["Val.IdRequired"])));
        };
    }

    /// <summary>The fields of one property that hold no usable id; null when the property is not an id.</summary>
    private static Func<object, IEnumerable<string>>? Check(JsonPropertyInfo p)
    {
        var name = (p.AttributeProvider as MemberInfo)?.Name ?? p.Name;
        if (p.Get is not { } get) return null;
        if ((p.PropertyType == typeof(long) || p.PropertyType == typeof(long?)) && name.EndsWith("Id", StringComparison.Ordinal))
            return body => get(body) is long v && v <= 0 ? [p.Name] : [];
        if (name.EndsWith("Ids", StringComparison.Ordinal) && p.PropertyType != typeof(string) && typeof(IEnumerable<long>).IsAssignableFrom(p.PropertyType))
            return body => get(body) is IEnumerable<long> ids ? ids.Select((v, i) => (v, i)).Where(x => x.v <= 0).Select(x => $"{p.Name}[{x.i}]") : [];
        return null;
    }
}
