using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Rules;
using ParkOps.Web.Data;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Infrastructure;

/// <summary>
/// The shape every API request must have before any use case sees it, checked in one place for every endpoint (an
/// endpoint filter on all routes, <see cref="Filter"/>): no null element in a list, lists no longer than stated
/// (<see cref="MaxItemsAttribute"/>), strings no longer than their column (<see cref="StoredInAttribute"/>) or their
/// stated length and only of the characters their kind allows (<see cref="TextRules"/>), amounts that fit a
/// decimal(18,4) column, dates within the business range. A refusal is a 400 naming each field (<c>tags[2]</c>,
/// <c>units[0].areaSqm</c>). Whether a value is required, and narrower ranges, stay the use case's own rules.
/// </summary>
public sealed class InputGuard(IDbContextFactory<ParkOpsDb> contexts, IStringLocalizer<Text> t)
{
    /// <summary>decimal(18,4) keeps 14 digits before the point.</summary>
    public const decimal MaxMagnitude = 100_000_000_000_000m;
    public const int MinYear = BusinessDates.MinYear;
    public const int MaxYear = BusinessDates.MaxYear;
    /// <summary>A list with no stated maximum (every list of a request should state one; a test fails where one does not).</summary>
    public const int DefaultMaxItems = 1000;
    /// <summary>A string with no stated maximum and no column (the model's own default for string columns).</summary>
    public const int DefaultMaxLength = 400;
    /// <summary>Route and query strings (ids, actions, search words, months).</summary>
    public const int MaxArgumentLength = 200;
    /// <summary>Enough to show what is wrong without an answer as large as a hostile request.</summary>
    public const int MaxFailures = 20;
    private const int MaxDepth = 6;

    public enum Shape { Other, String, StringList, Decimal, Date, Object, ObjectList, ValueList }

    /// <summary>One member of a request type: what it is and the limits that apply to it.</summary>
    public sealed record Member(string JsonName, PropertyInfo Property, Shape Shape, Type ValueType, TextKind Kind, int MaxLength,
        string? LengthFrom, int MaxItems, bool MaxItemsStated, int FromYear, int ToYear)
    {
        /// <summary>A compiled getter: a gateway's batch of 10,000 readings is walked on every request.</summary>
        public Func<object, object?> Get { get; } = Getter(Property);
    }

    private static Func<object, object?> Getter(PropertyInfo p)
    {
        var o = System.Linq.Expressions.Expression.Parameter(typeof(object));
        var body = System.Linq.Expressions.Expression.Convert(
            System.Linq.Expressions.Expression.Property(System.Linq.Expressions.Expression.Convert(o, p.DeclaringType!), p), typeof(object));
        return System.Linq.Expressions.Expression.Lambda<Func<object, object?>>(body, o).Compile();
    }

    private readonly ConcurrentDictionary<(Type, Type?), Member[]> _members = new();
    private IModel? _model;

    private IModel Model
    {
        get
        {
            if (_model is not null) return _model;
            using var db = contexts.CreateDbContext();
            return _model = db.Model;
        }
    }

    /// <summary>
    /// The members of a request type with their limits (a test reads these to cover every field); <paramref name="storedIn"/>
    /// stands for a <see cref="StoredInAttribute"/> the endpoint puts on its body parameter.
    /// </summary>
    public IReadOnlyList<Member> Members(Type type, Type? storedIn = null) => _members.GetOrAdd((type, storedIn), k => Build(k.Item1, k.Item2));

    /// <summary>
    /// The same checks for a use case a console page calls (the endpoint filter guards the API only): a 400 naming each
    /// field, so a form whose browser limits were removed is refused as the API would refuse it, on both engines alike.
    /// </summary>
    public void Ensure<T>(T body) where T : class
    {
        var failures = Check(body, typeof(T));
        if (failures.Count > 0) throw new ValidationException(failures.Take(MaxFailures));
    }

    /// <summary>The failures of a request body, in the order of its fields; empty when it is well formed.</summary>
    public List<ValidationFailure> Check(object? body, Type type, Type? storedIn = null, int? maxItems = null, string root = "")
    {
        var failures = new List<ValidationFailure>();
        Walk(body, type, root, failures, 0, storedIn, maxItems);
        return failures;
    }

    /// <summary>A route or query value: one line, at most <see cref="MaxArgumentLength"/> characters.</summary>
    public void CheckArgument(object? value, string name, List<ValidationFailure> failures)
    {
        switch (value)
        {
            case string s: CheckString(s, TextKind.Line, MaxArgumentLength, name, failures); break;
            // a route or query value is null when absent: a year-1 date here was sent
            case DateOnly d: CheckYear(d.Year, false, MinYear, MaxYear, name, failures); break;
            case DateTime d: CheckYear(d.Year, false, MinYear, MaxYear, name, failures); break;
            case DateTimeOffset d: CheckYear(d.Year, false, MinYear, MaxYear, name, failures); break;
        }
    }

    private void Walk(object? value, Type type, string path, List<ValidationFailure> failures, int depth, Type? storedIn = null, int? maxItems = null)
    {
        if (value is null || depth > MaxDepth || failures.Count >= MaxFailures) return;
        if (ElementOf(type) is { } element)
        {
            // a body that is itself a list (e.g. SLA policies)
            CheckList(value, element, maxItems ?? DefaultMaxItems, path, failures, (item, p) => Walk(item, element, p, failures, depth + 1, storedIn));
            return;
        }
        foreach (var m in Members(type, storedIn))
        {
            if (failures.Count >= MaxFailures) return;
            var v = m.Get(value);
            if (v is null) continue;
            var p = path.Length == 0 ? m.JsonName : path + "." + m.JsonName;
            switch (m.Shape)
            {
                case Shape.String:
                    CheckString((string)v, m.Kind, m.MaxLength, p, failures);
                    break;
                case Shape.StringList:
                    CheckList(v, typeof(string), m.MaxItems, p, failures, (item, ip) => CheckString((string)item, m.Kind, m.MaxLength, ip, failures));
                    break;
                case Shape.Decimal:
                    if (Math.Abs((decimal)v) >= MaxMagnitude)
                        failures.Add(Failure(p, "Magnitude", t["Val.Magnitude", MaxMagnitude.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)]));
                    break;
                case Shape.Date:
                    CheckArgumentDate(v, m.FromYear, m.ToYear, p, failures);
                    break;
                case Shape.Object:
                    Walk(v, m.ValueType, p, failures, depth + 1);
                    break;
                case Shape.ObjectList:
                    CheckList(v, m.ValueType, m.MaxItems, p, failures, (item, ip) => Walk(item, m.ValueType, ip, failures, depth + 1));
                    break;
                case Shape.ValueList:
                    CheckList(v, m.ValueType, m.MaxItems, p, failures, null);
                    break;
            }
        }
    }

    private void CheckArgumentDate(object v, int from, int to, string path, List<ValidationFailure> failures)
    {
        switch (v)
        {
            case DateOnly d: CheckYear(d.Year, d == default, from, to, path, failures); break;
            case DateTime d: CheckYear(d.Year, d == default, from, to, path, failures); break;
            case DateTimeOffset d: CheckYear(d.Year, d == default, from, to, path, failures); break;
        }
    }

    /// <summary>
    /// An absent date binds as default (0001-01-01), which the guard cannot tell from a sent one: whether a date is
    /// required is the use case's rule, so the default is left to it (every validator of a required date refuses it).
    /// </summary>
    private void CheckYear(int year, bool isDefault, int from, int to, string path, List<ValidationFailure> failures)
    {
        if (isDefault || (year >= from && year <= to)) return;
        failures.Add(Failure(path, "DateRange", t["Val.DateRange", $"{from}-01-01", $"{to}-12-31"]));
    }

    private void CheckString(string s, TextKind kind, int max, string path, List<ValidationFailure> failures)
    {
        if (s.Length > max)
            failures.Add(Failure(path, "MaxLength", t["Val.MaxLength", max]));
        else if (TextRules.FirstRefused(s, kind) is { } cp)
            failures.Add(Failure(path, "Characters", t[kind == TextKind.Code ? "Val.CodeCharacters" : "Val.TextCharacters", TextRules.Describe(cp)]));
    }

    private void CheckList(object list, Type element, int max, string path, List<ValidationFailure> failures, Action<object, string>? each)
    {
        var count = list is ICollection c ? c.Count : ((IEnumerable)list).Cast<object?>().Count();
        if (count > max)
        {
            // the elements of an over-long list are not looked at: the list is refused whole
            failures.Add(Failure(path, "MaxItems", t["Val.MaxItems", max]));
            return;
        }
        if (element.IsValueType && Nullable.GetUnderlyingType(element) is null) return;
        var i = 0;
        foreach (var item in (IEnumerable)list)
        {
            if (failures.Count >= MaxFailures) return;
            var p = $"{path}[{i++}]";
            if (item is null) failures.Add(Failure(p, "NotNull", t["Val.NullElement"]));
            else each?.Invoke(item, p);
        }
    }

    private static ValidationFailure Failure(string path, string code, string message) => new(path, message) { ErrorCode = code };

    private Member[] Build(Type type, Type? storedInFallback)
    {
        var ctorParams = type.GetConstructors().SelectMany(c => c.GetParameters()).Where(p => p.Name is not null)
            .GroupBy(p => p.Name!, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var storedIn = type.GetCustomAttribute<StoredInAttribute>() ?? (storedInFallback is null ? null : new StoredInAttribute(storedInFallback));
        var list = new List<Member>();
        foreach (var prop in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (prop.GetIndexParameters().Length > 0 || prop.GetMethod is null || prop.GetCustomAttribute<JsonIgnoreAttribute>() is not null) continue;
            ctorParams.TryGetValue(prop.Name, out var param);
            T? Attr<T>() where T : Attribute => prop.GetCustomAttribute<T>() ?? param?.GetCustomAttribute<T>();
            var name = prop.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(prop.Name);
            var (shape, valueType) = ShapeOf(prop.PropertyType);
            if (shape == Shape.Other) continue;
            var text = Attr<TextInputAttribute>();
            // a list of strings is stored joined, so the column does not bound an element; a normalised value (spaces
            // removed) is stored shorter than it may be typed
            var (column, from) = text?.Normalised == true ? (null, null)
                : ColumnLength(Attr<StoredInAttribute>() ?? (storedIn is null || shape != Shape.String ? null : new StoredInAttribute(storedIn.Entity, prop.Name)), prop.Name);
            var declared = text?.MaxLength ?? 0;
            var max = (declared, column) switch
            {
                ( > 0, { } c) => Math.Min(declared, c),
                ( > 0, null) => declared,
                (_, { } c) => c,
                _ => DefaultMaxLength,
            };
            var lengthFrom = column is not null ? from : declared > 0 ? "attribute" : null;
            var items = Attr<MaxItemsAttribute>();
            var years = Attr<YearsAttribute>();
            list.Add(new Member(name, prop, shape, valueType, text?.Kind ?? TextKind.Line, max, lengthFrom,
                items?.Max ?? DefaultMaxItems, items is not null, years?.From ?? MinYear, years?.To ?? MaxYear));
        }
        return [.. list];
    }

    /// <summary>The maximum length of the column a member is stored in, and "Entity.Property" naming it.</summary>
    private (int? Length, string? From) ColumnLength(StoredInAttribute? stored, string member)
    {
        if (stored is null) return (null, null);
        var property = Model.FindEntityType(stored.Entity)?.FindProperty(stored.Property ?? member);
        if (property is null || property.ClrType != typeof(string)) return (null, null);
        return (property.GetMaxLength(), $"{stored.Entity.Name}.{property.Name}");
    }

    public static (Shape, Type) ShapeOf(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(string)) return (Shape.String, t);
        if (t == typeof(decimal)) return (Shape.Decimal, t);
        if (t == typeof(DateOnly) || t == typeof(DateTime) || t == typeof(DateTimeOffset)) return (Shape.Date, t);
        if (ElementOf(t) is { } e)
        {
            if (e == typeof(string)) return (Shape.StringList, e);
            if (IsRequestType(e)) return (Shape.ObjectList, e);
            return (Shape.ValueList, e);
        }
        return IsRequestType(t) ? (Shape.Object, t) : (Shape.Other, t);
    }

    /// <summary>The element type of an array or list (not of a string, which is a list of chars too).</summary>
    public static Type? ElementOf(Type t)
    {
        if (t == typeof(string)) return null;
        if (t.IsArray) return t.GetElementType();
        if (!t.IsGenericType) return null;
        return t.GetInterfaces().Append(t).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
    }

    /// <summary>Records of this application (and its domain) that requests are made of; framework types are not walked.</summary>
    private static bool IsRequestType(Type t) => t is { IsClass: true, IsAbstract: false } && t != typeof(string) && (t.Namespace?.StartsWith("ParkOps.", StringComparison.Ordinal) ?? false);

    /// <summary>
    /// Added to every endpoint: finds the endpoint's body parameter (from its accepts metadata) and its route and query
    /// strings and dates, and refuses a request whose shape is wrong before the handler runs.
    /// </summary>
    public static EndpointFilterDelegate Filter(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        // the body is the one parameter of a request type of ours (or a list of them) that is not a service
        var services = context.ApplicationServices.GetService<IServiceProviderIsService>();
        bool IsBody(ParameterInfo p) => p.GetCustomAttribute<Microsoft.AspNetCore.Mvc.FromServicesAttribute>() is null && services?.IsService(p.ParameterType) != true
            && IsRequestType(ElementOf(p.ParameterType) ?? p.ParameterType);
        var checks = new List<(int Index, string Name, Type? Body, Type? StoredIn, int? MaxItems)>();
        var parameters = context.MethodInfo.GetParameters();
        for (var i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            var type = Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType;
            if (IsBody(p))
                checks.Add((i, p.GetCustomAttribute<MaxItemsAttribute>()?.Field ?? "", p.ParameterType, p.GetCustomAttribute<StoredInAttribute>()?.Entity, p.GetCustomAttribute<MaxItemsAttribute>()?.Max));
            else if (type == typeof(string) || type == typeof(DateOnly) || type == typeof(DateTime) || type == typeof(DateTimeOffset)) checks.Add((i, p.Name ?? "", null, null, null));
        }
        if (checks.Count == 0) return next;
        return async ctx =>
        {
            var guard = ctx.HttpContext.RequestServices.GetRequiredService<InputGuard>();
            List<ValidationFailure>? failures = null;
            foreach (var (index, name, bodyType, storedIn, maxItems) in checks)
            {
                var value = ctx.Arguments[index];
                if (bodyType is not null)
                {
                    var f = guard.Check(value, bodyType, storedIn, maxItems, name);
                    if (f.Count > 0) (failures ??= []).AddRange(f);
                }
                else
                {
                    var f = new List<ValidationFailure>();
                    guard.CheckArgument(value, name, f);
                    if (f.Count > 0) (failures ??= []).AddRange(f);
                }
            }
            if (failures is { Count: > 0 }) throw new ValidationException(failures.Take(MaxFailures));
            return await next(ctx);
        };
    }
}
