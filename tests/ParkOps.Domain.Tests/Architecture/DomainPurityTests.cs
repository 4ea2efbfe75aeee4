using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using ParkOps.Domain.Enterprises;

namespace ParkOps.Domain.Tests.Architecture;

/// <summary>
/// ParkOps.Domain stays pure (ARCHITECTURE.md): no storage or web framework, and no wall clock — time comes in as
/// an argument so any test can pin any instant.
/// </summary>
public sealed class DomainPurityTests
{
    private static readonly Assembly Domain = typeof(CreditCode).Assembly;

    private static readonly string[] ForbiddenReferencePrefixes =
    [
        "Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "Microsoft.Extensions.Hosting", "Npgsql", "System.Data", "Microsoft.Data",
    ];

    // (namespace, type, member): every way to read the machine's clock from .NET's base library.
    private static readonly (string Ns, string Type, string Member)[] WallClock =
    [
        ("System", "DateTime", "get_Now"), ("System", "DateTime", "get_UtcNow"), ("System", "DateTime", "get_Today"),
        ("System", "DateTimeOffset", "get_Now"), ("System", "DateTimeOffset", "get_UtcNow"),
        ("System", "TimeProvider", "get_System"),
    ];

    [Fact]
    public void DomainAssembly_References_NoStorageOrWebFramework()
    {
        var references = Domain.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        references.ShouldNotBeEmpty(); // at least System.Runtime: proves the list was read
        ForbiddenReferences(references).ShouldBeEmpty();
    }

    [Fact]
    public void DomainAssembly_References_OnlyTheBaseClassLibrary()
    {
        var references = Domain.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        references.ShouldContain("System.Runtime"); // proves the list was read
        OutsideTheBcl(references).ShouldBeEmpty();
    }

    [Fact]
    public void OutsideTheBcl_PackagesAndProjects_AreFound() =>
        OutsideTheBcl(["System.Runtime", "System.Collections", "netstandard", "Newtonsoft.Json", "ParkOps.Web", "Microsoft.Extensions.Logging.Abstractions", "SystemX.Tools"])
            .ShouldBe(["Newtonsoft.Json", "ParkOps.Web", "Microsoft.Extensions.Logging.Abstractions", "SystemX.Tools"]);

    /// <summary>
    /// The base class library: the assemblies of the .NET runtime itself (System.*, mscorlib, netstandard). Anything else —
    /// a NuGet package, another project, a Microsoft.Extensions.* library — is outside it.
    /// </summary>
    private static List<string> OutsideTheBcl(IEnumerable<string> names) =>
        names.Where(n => !(n is "mscorlib" or "netstandard" or "System" || n.StartsWith("System.", StringComparison.Ordinal))).ToList();

    [Fact]
    public void ForbiddenReferences_AssemblyNamesWithForbiddenPrefix_AreFound() =>
        ForbiddenReferences(["System.Runtime", "Microsoft.EntityFrameworkCore.Relational", "Npgsql", "System.Data.Common", "Microsoft.AspNetCore.Http.Abstractions"])
            .ShouldBe(["Microsoft.EntityFrameworkCore.Relational", "Npgsql", "System.Data.Common", "Microsoft.AspNetCore.Http.Abstractions"]);

    [Fact]
    public void DomainAssembly_MethodBodies_NeverReadTheWallClock()
    {
        var uses = WallClockUses(Domain.Location);
        uses.MethodsScanned.ShouldBeGreaterThan(10); // the scan really walked the rules' method bodies
        uses.Found.ShouldBeEmpty();
    }

    [Fact]
    public void WallClockScan_MethodReadingTheClock_IsFound()
    {
        // the same scan over this test assembly must find the canary below, lambdas and iterators included
        var found = WallClockUses(typeof(WallClockCanary).Assembly.Location).Found;
        found.ShouldContain($"{nameof(WallClockCanary)}.{nameof(WallClockCanary.Today)} → System.DateTime.get_Today");
        found.ShouldContain(f => f.Contains("System.DateTimeOffset.get_UtcNow"));
        found.ShouldContain(f => f.Contains("System.TimeProvider.get_System"));
        found.ShouldContain(f => f.Contains("System.DateTime.get_Now"));
    }

    private static List<string> ForbiddenReferences(IEnumerable<string> names) =>
        names.Where(n => ForbiddenReferencePrefixes.Any(p => n.Equals(p, StringComparison.OrdinalIgnoreCase) || n.StartsWith(p + ".", StringComparison.OrdinalIgnoreCase)))
            .ToList();

    private static (int MethodsScanned, List<string> Found) WallClockUses(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var found = new List<string>();
        var scanned = 0;
        foreach (var typeHandle in md.TypeDefinitions)
        {
            var type = md.GetTypeDefinition(typeHandle);
            foreach (var methodHandle in type.GetMethods())
            {
                var method = md.GetMethodDefinition(methodHandle);
                if (method.RelativeVirtualAddress == 0) continue; // abstract, extern
                scanned++;
                var il = pe.GetMethodBody(method.RelativeVirtualAddress).GetILBytes()!;
                foreach (var token in MethodTokens(il))
                {
                    var target = Describe(md, MetadataTokens.EntityHandle(token));
                    if (target is { } t && WallClock.Contains(t))
                        found.Add($"{md.GetString(type.Name)}.{md.GetString(method.Name)} → {t.Ns}.{t.Type}.{t.Member}");
                }
            }
        }
        return (scanned, found);
    }

    /// <summary>The method tokens (call, callvirt, newobj, ldftn, ldvirtftn, ldtoken of a method) in an IL stream.</summary>
    private static IEnumerable<int> MethodTokens(byte[] il)
    {
        var i = 0;
        while (i < il.Length)
        {
            OpCode op;
            if (il[i] == 0xFE) { op = TwoByte[il[i + 1]]; i += 2; }
            else { op = OneByte[il[i]]; i += 1; }
            switch (op.OperandType)
            {
                case OperandType.InlineNone: break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar: i += 1; break;
                case OperandType.InlineVar: i += 2; break;
                case OperandType.InlineI8 or OperandType.InlineR: i += 8; break;
                case OperandType.InlineSwitch: i += 4 + 4 * BitConverter.ToInt32(il, i); break;
                case OperandType.InlineMethod or OperandType.InlineTok:
                    yield return BitConverter.ToInt32(il, i);
                    i += 4;
                    break;
                default: i += 4; break; // InlineI, InlineBrTarget, InlineField, InlineSig, InlineString, InlineType, ShortInlineR
            }
        }
    }

    private static readonly OpCode[] OneByte = new OpCode[0x100];
    private static readonly OpCode[] TwoByte = new OpCode[0x100];

    static DomainPurityTests()
    {
        foreach (var f in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var op = (OpCode)f.GetValue(null)!;
            var v = (ushort)op.Value;
            if (op.Size == 1) OneByte[v] = op;
            else TwoByte[v & 0xFF] = op;
        }
    }

    private static (string Ns, string Type, string Member)? Describe(MetadataReader md, EntityHandle handle)
    {
        switch (handle.Kind)
        {
            case HandleKind.MethodSpecification:
                return Describe(md, md.GetMethodSpecification((MethodSpecificationHandle)handle).Method);
            case HandleKind.MemberReference:
                var member = md.GetMemberReference((MemberReferenceHandle)handle);
                if (member.Parent.Kind != HandleKind.TypeReference) return null; // members of generic instances: not the clock
                var typeRef = md.GetTypeReference((TypeReferenceHandle)member.Parent);
                return (md.GetString(typeRef.Namespace), md.GetString(typeRef.Name), md.GetString(member.Name));
            default:
                return null; // methods defined in the scanned assembly itself
        }
    }
}

/// <summary>Reads the clock in the ways the domain must not, so the scan above is shown to find them.</summary>
internal static class WallClockCanary
{
    public static DateTime Today() => DateTime.Today;

    public static Func<DateTimeOffset> Later() => () => DateTimeOffset.UtcNow;

    public static IEnumerable<DateTimeOffset> Ticks()
    {
        yield return TimeProvider.System.GetUtcNow();
        yield return new DateTimeOffset(DateTime.Now);
    }
}
