using ParkOps.Domain.Rules;

namespace ParkOps.Web.Infrastructure;

/// <summary>
/// The characters and the length a string of a request may have (<see cref="InputGuard"/> enforces it on every API
/// request). A length of 0 takes the length of the column the value is stored in (<see cref="StoredInAttribute"/>);
/// on a list of strings it applies to each element.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public abstract class TextInputAttribute(TextKind kind, int maxLength) : Attribute
{
    public TextKind Kind { get; } = kind;
    public int MaxLength { get; } = maxLength;
    /// <summary>Stored after normalising (e.g. spaces removed from a credit code): typed longer than its column, checked by the use case once normalised.</summary>
    public bool Normalised { get; init; }
}

/// <summary>An identifier compared by eye: no control, format, bidi or invisible characters (<see cref="TextKind.Code"/>).</summary>
public sealed class CodeAttribute(int maxLength = 0) : TextInputAttribute(TextKind.Code, maxLength);

/// <summary>A name or title on one line (<see cref="TextKind.Line"/>).</summary>
public sealed class LineAttribute(int maxLength = 0) : TextInputAttribute(TextKind.Line, maxLength);

/// <summary>Free text that may span lines (<see cref="TextKind.MultiLine"/>).</summary>
public sealed class FreeTextAttribute(int maxLength = 0) : TextInputAttribute(TextKind.MultiLine, maxLength);

/// <summary>
/// Where a request's strings are stored. On a request type: each string member is stored in the entity's property of
/// the same name (where there is one); on a member: in the named property. The column's maximum length (EF Core
/// model) is then the member's maximum, so the API refuses with 400 what the database would refuse with an error.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property | AttributeTargets.Parameter, AllowMultiple = false)]
public sealed class StoredInAttribute(Type entity, string? property = null) : Attribute
{
    public Type Entity { get; } = entity;
    public string? Property { get; } = property;
}

/// <summary>The most elements a list of a request may have.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class MaxItemsAttribute(int max) : Attribute
{
    public int Max { get; } = max;
    /// <summary>On a body that is itself a list: the name its elements are reported under (<c>policies[2].category</c>).</summary>
    public string Field { get; init; } = "";
}

/// <summary>The years a date of a request may lie in, when it is not the default business range (<see cref="InputGuard.MinYear"/>–<see cref="InputGuard.MaxYear"/>).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class YearsAttribute(int from, int to) : Attribute
{
    public int From { get; } = from;
    public int To { get; } = to;
}
