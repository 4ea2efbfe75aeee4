using System.Text.Json;
using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Matching;

/// <summary>
/// One process of the taxonomy (shared/data/capabilities.json): code, names, category and usual unit. <see cref="Park"/>
/// names the park of an entry local to one park (its posts alone use it); null for the shared taxonomy.
/// </summary>
public sealed record Capability(int Id, string Code, string NameZh, string NameEn, string Category, string Unit, string? Park = null);

/// <summary>
/// The capability taxonomy, loaded from data in the shape of <c>capabilities.json</c>
/// (<c>{capabilities: [{code, name_zh, name_en, category, unit}], related: [[a, b], …]}</c>). Related pairs are
/// symmetric: a post with a related capability is a weak stand-in for a need (the judged sets' definition).
/// Capabilities get dense ids in file order; <see cref="Bits128"/> holds up to 128 of them.
/// </summary>
public sealed class CapabilityTaxonomy
{
    private readonly Capability[] _capabilities;
    private readonly Dictionary<string, int> _byCode;
    private readonly Bits128[] _related;
    private readonly Bits128 _shared;
    private readonly Dictionary<string, Bits128> _localByPark = new(StringComparer.Ordinal);

    private CapabilityTaxonomy(Capability[] capabilities, Bits128[] related)
    {
        _capabilities = capabilities;
        _related = related;
        _byCode = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in capabilities)
        {
            _byCode[c.Code] = c.Id;
            if (c.Park is null) _shared = _shared.With(c.Id);
            else _localByPark[c.Park] = _localByPark.GetValueOrDefault(c.Park).With(c.Id);
        }
    }

    /// <summary>True when some park has entries of its own (otherwise every capability is usable everywhere).</summary>
    public bool HasLocal => _localByPark.Count > 0;

    /// <summary>The capabilities a post of <paramref name="park"/> may carry: the shared ones and that park's own.</summary>
    public Bits128 UsableIn(string? park) => park is not null && _localByPark.TryGetValue(park, out var local) ? _shared | local : _shared;

    public IReadOnlyList<Capability> Capabilities => _capabilities;

    public int Count => _capabilities.Length;

    public Capability this[int id] => _capabilities[id];

    public bool TryGetId(string code, out int id) => _byCode.TryGetValue(code.Trim(), out id);

    /// <summary>The id of a code, or <c>CapabilityMustBeKnown</c> naming <paramref name="field"/>.</summary>
    public int IdOf(string code, string field) =>
        TryGetId(code, out var id) ? id
        : throw new DomainRuleException("CapabilityMustBeKnown", field, $"未知的能力代码“{code}”") { Arguments = [code] };

    /// <summary>
    /// The id of a code a post of <paramref name="park"/> may use: a shared one or the park's own; another park's local
    /// entry is as unknown there as a code that does not exist (<c>CapabilityMustBeKnown</c>).
    /// </summary>
    public int IdOf(string code, string field, string? park)
    {
        var id = IdOf(code, field);
        return _capabilities[id].Park is null || _capabilities[id].Park == park ? id
            : throw new DomainRuleException("CapabilityMustBeKnown", field, $"未知的能力代码“{code}”") { Arguments = [code] };
    }

    public Bits128 SetOf(IEnumerable<string> codes, string field)
    {
        var set = Bits128.Empty;
        foreach (var c in codes) set = set.With(IdOf(c, field));
        return set;
    }

    public Bits128 SetOf(IEnumerable<string> codes, string field, string? park)
    {
        var set = Bits128.Empty;
        foreach (var c in codes) set = set.With(IdOf(c, field, park));
        return set;
    }

    public IEnumerable<string> Codes(Bits128 set) => set.Ids().Select(i => _capabilities[i].Code);

    /// <summary>The capabilities related to <paramref name="id"/> (not including itself).</summary>
    public Bits128 Related(int id) => _related[id];

    /// <summary>Capabilities related to any member of <paramref name="set"/>, less the set itself.</summary>
    public Bits128 RelatedTo(Bits128 set)
    {
        var r = Bits128.Empty;
        foreach (var id in set.Ids()) r |= _related[id];
        return r.Except(set);
    }

    /// <summary>The taxonomy shipped with ParkOps (a copy of shared/data/capabilities.json).</summary>
    public static CapabilityTaxonomy Default => DefaultTaxonomy.Value;

    private static readonly Lazy<CapabilityTaxonomy> DefaultTaxonomy = new(() => Parse(MatchingData.Read("capabilities")));

    public static CapabilityTaxonomy Parse(string json)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException e) { throw Invalid("capabilities", $"不是合法的 JSON：{e.Message}"); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("capabilities", out var list) || list.ValueKind != JsonValueKind.Array)
                throw Invalid("capabilities", "缺少 capabilities 数组");
            var caps = new List<Capability>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var c in list.EnumerateArray())
            {
                var field = $"capabilities[{caps.Count}]";
                var code = Str(c, "code", field) ?? throw Invalid(field + ".code", "缺少能力代码");
                if (!seen.Add(code)) throw Invalid(field + ".code", $"能力代码“{code}”重复");
                if (caps.Count >= Bits128.Capacity) throw Invalid(field, $"能力最多 {Bits128.Capacity} 项");
                caps.Add(new Capability(caps.Count, code, Str(c, "name_zh", field) ?? code, Str(c, "name_en", field) ?? code,
                    Str(c, "category", field) ?? "", Str(c, "unit", field) ?? "", Str(c, "park", field) is { Length: > 0 } park ? park : null));
            }
            var taxonomy = new CapabilityTaxonomy([.. caps], new Bits128[caps.Count]);
            if (root.TryGetProperty("related", out var related) && related.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var pair in related.EnumerateArray())
                {
                    var field = $"related[{i++}]";
                    if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2) throw Invalid(field, "应为两个能力代码");
                    var a = taxonomy.IdOf(pair[0].GetString() ?? "", field);
                    var b = taxonomy.IdOf(pair[1].GetString() ?? "", field);
                    if (a == b) continue;
                    taxonomy._related[a] = taxonomy._related[a].With(b);
                    taxonomy._related[b] = taxonomy._related[b].With(a);
                }
            }
            return taxonomy;
        }
    }

    private static string? Str(JsonElement e, string name, string field) =>
        !e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.String ? v.GetString()!.Trim()
        : throw Invalid($"{field}.{name}", "应为字符串");

    private static DomainRuleException Invalid(string field, string message) => new("CapabilityTaxonomyMustBeValid", field, message);
}
