using System.Text.RegularExpressions;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace ParkOps.Web.Tests.Architecture;

/// <summary>
/// Reads which types each type of an assembly uses — base types, interfaces, fields, properties, signatures, locals,
/// attributes and every type, method and field named in method bodies (lambdas, iterators and async state machines
/// count for the type that declares them) — and judges each use against the borders of ARCHITECTURE.md, "Modules
/// with one door": an area (<c>…Features.&lt;Area&gt;</c>) uses another area only through that area's
/// <c>Contracts</c>; a page under <c>Features.&lt;Area&gt;.Pages</c> (or, where it has not moved yet,
/// <c>Components.Pages.&lt;Area&gt;</c>) belongs to its area; pages and platform code
/// (<c>Platform</c>, <c>Infrastructure</c>, <c>Components</c>) use areas only through contracts; no page uses the
/// DbContext.
/// </summary>
public static partial class Borders
{
    /// <summary>One use across a border: the using type, the used type, and the rule it breaks.</summary>
    public sealed record Crossing(string From, string To, string Rule)
    {
        public override string ToString() => $"{From} → {To} ({Rule})";
    }

    public sealed record Scan(int TypesScanned, int UsesSeen, List<Crossing> Crossings);

    public static Scan Of(string assemblyPath, string dbContextName)
    {
        var resolver = new DefaultAssemblyResolver();
        resolver.AddSearchDirectory(Path.GetDirectoryName(assemblyPath)!);
        using var module = ModuleDefinition.ReadModule(assemblyPath, new ReaderParameters { AssemblyResolver = resolver });
        var crossings = new HashSet<Crossing>();
        var types = 0; var uses = 0;
        foreach (var type in module.GetTypes())
        {
            var owner = Outermost(type);
            if (owner.Namespace.Length == 0 || owner.Name.StartsWith('<')) continue; // <Module>, compiler-made top-level types
            types++;
            foreach (var used in Uses(type))
            {
                uses++;
                if (Judge(owner.FullName, used, dbContextName) is { } rule) crossings.Add(new(owner.FullName, used, rule));
            }
        }
        return new(types, uses, [.. crossings.OrderBy(c => c.From, StringComparer.Ordinal).ThenBy(c => c.To, StringComparer.Ordinal)]);
    }

    /// <summary>The rule a use of <paramref name="used"/> by <paramref name="from"/> breaks, or null when it keeps the borders.</summary>
    public static string? Judge(string from, string used, string dbContextName)
    {
        // the Razor compiler puts a page's type-inference helpers under "__Blazor.<the page's namespace>"
        from = StripGenerated(from); used = StripGenerated(used);
        if (used.StartsWith(from + ".", StringComparison.Ordinal)) return null; // its own generated helpers
        var fromArea = AreaOf(from);
        var toArea = AreaOf(used);
        var isPage = FeaturePage().IsMatch(from) || PageArea().IsMatch(from) || from.Contains(".Components.", StringComparison.Ordinal);
        if (isPage && used == dbContextName) return "PageMustNotUseTheDbContext";
        if (toArea is null || toArea == fromArea) return null;
        if (IsContract(used)) return null;
        // an area's tables as properties of the context (<Area>Sets, e.g. db.Leases): every use returns DbSet<TheEntity>,
        // and that entity is the crossing the scan counts; the class holding the property adds no crossing of its own
        if (AreaSets().IsMatch(used)) return null;
        // the composition root (host and DbContext) registers an area through its module and model classes
        if (from is "ParkOps.Web.ParkOpsHost" or "ParkOps.Web.Data.ParkOpsDb" && CompositionDoor().IsMatch(used)) return null;
        if (fromArea is not null) return isPage ? "PageUsesAnotherAreasInternals" : "AreaUsesAnotherAreasInternals";
        return isPage ? "PageUsesAnAreasInternals" : "PlatformUsesAnAreasInternals";
    }

    /// <summary>The area a type belongs to: <c>…Features.X…</c> (its pages <c>…Features.X.Pages…</c> too) and the pages still under <c>…Components.Pages.X…</c>; null for platform code.</summary>
    public static string? AreaOf(string fullName)
    {
        var m = FeatureArea().Match(fullName);
        if (m.Success) return m.Groups[1].Value;
        m = PageArea().Match(fullName);
        return m.Success ? m.Groups[1].Value : null;
    }

    private static string StripGenerated(string name) => name.StartsWith("__Blazor.", StringComparison.Ordinal) ? name["__Blazor.".Length..] : name;

    private static bool IsContract(string fullName) => ContractNs().IsMatch(fullName);

    [GeneratedRegex(@"\.Features\.(\w+)(\.|$)")]
    private static partial Regex FeatureArea();

    [GeneratedRegex(@"\.Components\.Pages\.(\w+)\.")]
    private static partial Regex PageArea();

    // an area's console pages: Features/<Area>/Pages/ (issue 17: "Components/Pages mirrors Features/ folder by folder")
    [GeneratedRegex(@"\.Features\.\w+\.Pages\.")]
    private static partial Regex FeaturePage();

    [GeneratedRegex(@"\.Features\.\w+\.\w+(Module|Model)$")]
    private static partial Regex CompositionDoor();

    [GeneratedRegex(@"\.Features\.(\w+)\.\1Sets$")]
    private static partial Regex AreaSets();

    [GeneratedRegex(@"\.Features\.\w+\.Contracts\.")]
    private static partial Regex ContractNs();

    private static TypeDefinition Outermost(TypeDefinition t)
    {
        while (t.DeclaringType is not null) t = t.DeclaringType;
        return t;
    }

    private static IEnumerable<string> Uses(TypeDefinition type)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(TypeReference? r)
        {
            while (r is not null)
            {
                switch (r)
                {
                    case GenericInstanceType g:
                        foreach (var a in g.GenericArguments) Add(a);
                        r = g.ElementType; continue;
                    case TypeSpecification s: r = s.ElementType; continue; // arrays, by-ref, pointers, modifiers
                    case GenericParameter: return;
                }
                var top = r; while (top.DeclaringType is not null) top = top.DeclaringType;
                seen.Add(top.FullName);
                return;
            }
        }
        void AddMethod(MethodReference m)
        {
            Add(m.DeclaringType); Add(m.ReturnType);
            foreach (var p in m.Parameters) Add(p.ParameterType);
            if (m is GenericInstanceMethod gm) foreach (var a in gm.GenericArguments) Add(a);
        }
        void AddAttributes(ICustomAttributeProvider p)
        {
            if (!p.HasCustomAttributes) return;
            foreach (var a in p.CustomAttributes)
            {
                Add(a.AttributeType);
                foreach (var arg in a.ConstructorArguments) if (arg.Value is TypeReference tr) Add(tr);
            }
        }

        Add(type.BaseType);
        foreach (var i in type.Interfaces) Add(i.InterfaceType);
        AddAttributes(type);
        foreach (var f in type.Fields) { Add(f.FieldType); AddAttributes(f); }
        foreach (var p in type.Properties) { Add(p.PropertyType); AddAttributes(p); }
        foreach (var e in type.Events) Add(e.EventType);
        foreach (var m in type.Methods)
        {
            Add(m.ReturnType);
            AddAttributes(m);
            foreach (var p in m.Parameters) { Add(p.ParameterType); AddAttributes(p); }
            if (!m.HasBody) continue;
            foreach (var v in m.Body.Variables) Add(v.VariableType);
            foreach (var ins in m.Body.Instructions)
            {
                switch (ins.Operand)
                {
                    case TypeReference t: Add(t); break;
                    case MethodReference mr: AddMethod(mr); break;
                    case FieldReference fr: Add(fr.DeclaringType); Add(fr.FieldType); break;
                }
            }
        }
        return seen;
    }
}
