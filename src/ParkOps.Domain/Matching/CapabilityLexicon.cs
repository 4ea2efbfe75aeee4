using System.Text.Json;
using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Matching;

/// <summary>A phrase of a text read as a capability (e.g. 数控加工 → cnc at strength 1.0).</summary>
public sealed record CapabilityHit(int Capability, string Phrase, int Start, double Weight);

/// <summary>A machine a text names, with what it says of it (海天 160T 啤机, 25T–60T 冲床, 8台 CNC).</summary>
public sealed record MachineFact(string Machine, string? Brand, int? Count, int? TonnageFrom, int? TonnageTo)
{
    /// <summary>The class of machine (machining_centre, press …): machines of one class do the same work.</summary>
    public string Class { get; init; } = "";

    /// <summary>The machine as it reads in either language: count, brand, tonnage, word (8台 海天 160T 啤机).</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (Count is { } n) parts.Add($"{n}台");
        if (Brand is { } b) parts.Add(b);
        if (TonnageFrom is { } t1) parts.Add(TonnageTo is { } t2 && t2 != t1 ? $"{t1}T–{t2}T" : $"{t1}T");
        parts.Add(Machine);
        return string.Join(" ", parts);
    }
}

/// <summary>
/// What a free text says about capabilities: the ones it asks for or offers and the phrases that said so, and besides
/// them what the trade lexicon reads around them — materials, process variants (喷油 vs 喷粉), machines, facets of the
/// trade (带料, 打样 …) and certifications named.
/// </summary>
public sealed record CapabilityReading(Bits128 Capabilities, IReadOnlyList<CapabilityHit> Hits)
{
    public static CapabilityReading None { get; } = new(Bits128.Empty, []);

    /// <summary>True when the strongest phrase was a plain, undiscounted name of its process (not a product or a hint).</summary>
    public bool Confident { get; init; }

    public IReadOnlyList<string> Materials { get; init; } = [];

    /// <summary>Process variants read (bits of <see cref="CapabilityLexicon.VariantName"/>), only of capabilities read.</summary>
    public ulong Variants { get; init; }

    public IReadOnlyList<MachineFact> Machines { get; init; } = [];
    public IReadOnlyList<string> Facets { get; init; } = [];

    /// <summary>Certificates the text names (normalised, e.g. UL, IATF16949), negated mentions (无需UL) left out.</summary>
    public IReadOnlyList<string> Certifications { get; init; } = [];
}

/// <summary>
/// The trade synonym dictionary (data: Matching/Data/synonyms.json, format <c>parkops-capability-synonyms/1</c>)
/// and the reader that segments a Chinese text with it. Segmentation is dictionary-driven: every phrase found in
/// the text is a candidate, overlapping candidates are settled longest-first (插件焊接 beats 焊接), a phrase right
/// before a head word only modifies it (五金冲压模具 asks for a mould, not for stamping), patterns catch a verb split
/// from its object (开一套模), a contextual
/// entry overrides a phrase's plain meaning when its context word is present (成型 in a text about 鞋 is shoe
/// assembly), and phrases standing before the first process verb (需要, 找, 承接 …) count less when phrases follow
/// it — in 注塑件需要喷涂 the injection-moulded part is the object, spraying is what is asked. The capabilities
/// read are those with the strongest evidence. The taxonomy's own Chinese and English names are always phrases.
/// </summary>
public sealed partial class CapabilityLexicon
{
    private sealed record Entry(int Capability, double Weight, string[]? Context, Sense? Sense = null);

    /// <summary>A phrase whose capability depends on the material it is said of (啤机: plastic → injection, metal → stamping).</summary>
    private sealed record Sense(Dictionary<string, int> ByMaterial, int Default, double DefaultWeight);

    private sealed record Variant(int Id, int Capability, string Name, string[] Materials);

    private sealed class Node
    {
        public Dictionary<char, Node>? Next;
        public List<Entry>? Entries;
        public string? Phrase;
    }

    private readonly Node _root = new();
    private readonly string[] _verbs;
    private readonly double _objectDiscount;
    private readonly string[] _stopPhrases;
    private readonly HashSet<string> _heads = new(StringComparer.Ordinal);
    private readonly List<(System.Text.RegularExpressions.Regex Regex, Entry Entry)> _patterns = [];

    public CapabilityTaxonomy Taxonomy { get; }

    private readonly PhraseTrie<string> _materials = new();
    private readonly Dictionary<string, string> _materialParent = new(StringComparer.Ordinal);
    private readonly List<Variant> _variants = [];
    private readonly PhraseTrie<int> _variantPhrases = new();
    private readonly PhraseTrie<(string Phrase, string Class)> _machineWords = new();
    private readonly List<string> _machineClasses = [];
    private Dictionary<string, string> _certAliases = new(StringComparer.Ordinal);

    /// <summary>The bit of a machine class in <see cref="PostProfile.MachineClasses"/> (0 for an unknown class).</summary>
    public uint MachineClassBit(string machineClass)
    {
        var i = _machineClasses.IndexOf(machineClass);
        return i is >= 0 and < 32 ? 1u << i : 0;
    }
    private string[] _brands = [];
    private readonly PhraseTrie<string> _facets = new();
    private string[] _certNames = [];
    private string[] _negationCues = [];
    private string[] _secondaryCues = [];
    private string[] _negationAfter = [];
    private string[] _outsourcedCues = [];
    private string[] _certNegations = [];
    private string[] _certNegationsAfter = [];
    private ulong[] _variantMasks = [];

    /// <summary>The variant bits of a capability's variants (0 when it has none).</summary>
    public ulong VariantMask(int capability) => (uint)capability < (uint)_variantMasks.Length ? _variantMasks[capability] : 0;

    public string VariantName(int id) => (uint)id < (uint)_variants.Count ? _variants[id].Name : "";

    public int VariantCapability(int id) => (uint)id < (uint)_variants.Count ? _variants[id].Capability : -1;

    /// <summary>Number of distinct phrases known (dictionary entries plus the taxonomy's names).</summary>
    public int PhraseCount { get; private set; }

    private CapabilityLexicon(CapabilityTaxonomy taxonomy, string[] verbs, double objectDiscount, string[] stopPhrases)
    {
        Taxonomy = taxonomy;
        _verbs = verbs;
        _objectDiscount = objectDiscount;
        _stopPhrases = [.. stopPhrases.OrderByDescending(s => s.Length)];
    }

    /// <summary>The dictionary shipped with ParkOps over <see cref="CapabilityTaxonomy.Default"/>.</summary>
    public static CapabilityLexicon Default => DefaultLexicon.Value;

    private static readonly Lazy<CapabilityLexicon> DefaultLexicon = new(() => Parse(MatchingData.Read("synonyms"), CapabilityTaxonomy.Default));

    public static CapabilityLexicon Parse(string json, CapabilityTaxonomy taxonomy)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException e) { throw Invalid("synonyms", $"不是合法的 JSON：{e.Message}"); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Invalid("synonyms", "应为对象");
            var levels = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase) { ["strong"] = 1.0, ["generic"] = 0.6, ["hint"] = 0.3 };
            if (root.TryGetProperty("levels", out var lv) && lv.ValueKind == JsonValueKind.Object)
                foreach (var p in lv.EnumerateObject())
                {
                    var w = p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetDouble() : -1;
                    if (w is <= 0 or > 1) throw Invalid($"levels.{p.Name}", "强度应在 0 到 1 之间");
                    levels[p.Name] = w;
                }

            var lexicon = new CapabilityLexicon(taxonomy, Strings(root, "processVerbs"),
                root.TryGetProperty("objectDiscount", out var od) && od.ValueKind == JsonValueKind.Number ? od.GetDouble() : 0.5,
                Strings(root, "textStopPhrases"));

            foreach (var c in taxonomy.Capabilities)
            {
                lexicon.Add(c.NameZh, new Entry(c.Id, levels["strong"], null));
                lexicon.Add(c.NameEn, new Entry(c.Id, levels["strong"], null));
            }
            if (root.TryGetProperty("capabilities", out var caps) && caps.ValueKind == JsonValueKind.Object)
                foreach (var cap in caps.EnumerateObject())
                {
                    var id = taxonomy.IdOf(cap.Name, $"capabilities.{cap.Name}");
                    if (cap.Value.ValueKind != JsonValueKind.Object) throw Invalid($"capabilities.{cap.Name}", "应为 {级别: [短语]}");
                    foreach (var level in cap.Value.EnumerateObject())
                    {
                        if (!levels.TryGetValue(level.Name, out var weight)) throw Invalid($"capabilities.{cap.Name}.{level.Name}", "未知的强度级别");
                        foreach (var phrase in Strings(cap.Value, level.Name)) lexicon.Add(phrase, new Entry(id, weight, null));
                    }
                }
            if (root.TryGetProperty("contextual", out var ctx) && ctx.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var rule in ctx.EnumerateArray())
                {
                    var field = $"contextual[{i++}]";
                    var id = taxonomy.IdOf(rule.TryGetProperty("capability", out var cv) ? cv.GetString() ?? "" : "", field + ".capability");
                    var levelName = rule.TryGetProperty("level", out var l) ? l.GetString() ?? "strong" : "strong";
                    if (!levels.TryGetValue(levelName, out var weight)) throw Invalid(field + ".level", "未知的强度级别");
                    var context = Strings(rule, "context").Select(ChineseText.Normalise).Where(s => s.Length > 0).ToArray();
                    if (context.Length == 0) throw Invalid(field + ".context", "缺少上下文词");
                    foreach (var phrase in Strings(rule, "phrases")) lexicon.Add(phrase, new Entry(id, weight, context));
                }
            }
            if (root.TryGetProperty("patterns", out var patterns) && patterns.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var rule in patterns.EnumerateArray())
                {
                    var field = $"patterns[{i++}]";
                    var id = taxonomy.IdOf(rule.TryGetProperty("capability", out var cv) ? cv.GetString() ?? "" : "", field + ".capability");
                    var levelName = rule.TryGetProperty("level", out var l) ? l.GetString() ?? "strong" : "strong";
                    if (!levels.TryGetValue(levelName, out var weight)) throw Invalid(field + ".level", "未知的强度级别");
                    System.Text.RegularExpressions.Regex regex;
                    try
                    {
                        regex = new(rule.GetProperty("regex").GetString() ?? "", System.Text.RegularExpressions.RegexOptions.CultureInvariant,
                            TimeSpan.FromMilliseconds(50));
                    }
                    catch (Exception e) when (e is ArgumentException or KeyNotFoundException) { throw Invalid(field + ".regex", $"不是合法的正则表达式：{e.Message}"); }
                    lexicon._patterns.Add((regex, new Entry(id, weight, null)));
                }
            }
            lexicon.ParseTrade(root, taxonomy, levels);
            lexicon._negationCues = [.. Strings(root, "negationCues").Select(ChineseText.Normalise).Where(c => c.Length > 0)];
            lexicon._secondaryCues = [.. Strings(root, "secondaryCues").Select(ChineseText.Normalise).Where(c => c.Length > 0)];
            lexicon._negationAfter = [.. Strings(root, "negationAfter").Select(ChineseText.Normalise).Where(c => c.Length > 0)];
            lexicon._outsourcedCues = [.. Strings(root, "outsourcedCues").Select(ChineseText.Normalise).Where(c => c.Length > 0)];
            foreach (var word in Strings(root, "neutral")) lexicon.Add(word, new Entry(Neutral, 0, null));
            foreach (var head in Strings(root, "heads")) lexicon._heads.Add(ChineseText.Normalise(head));
            return lexicon;
        }
    }

    private const int Neutral = -1; // a word read as itself, naming no capability

    /// <summary>One phrase added by an operator (stored in the database): a synonym of a capability, or — with a material — a sense of it.</summary>
    public sealed record OperatorEntry(string Phrase, string Capability, string Level = "strong", string? Material = null);

    /// <summary>
    /// The shipped dictionary with operators' entries added: a synonym reads as its capability like a shipped phrase
    /// (and, being longer, wins over the shorter phrases inside it); with a material it reads so only in a text about
    /// that material. An entry naming an unknown capability, level or material is refused (<c>SynonymDictionaryMustBeValid</c>).
    /// </summary>
    public static CapabilityLexicon Parse(string json, CapabilityTaxonomy taxonomy, IEnumerable<OperatorEntry> extra)
    {
        var lexicon = Parse(json, taxonomy);
        var i = 0;
        foreach (var e in extra)
        {
            var field = $"entries[{i++}]";
            var id = taxonomy.IdOf(e.Capability, field + ".capability");
            var weight = e.Level switch { "strong" => 1.0, "generic" => 0.6, "hint" => 0.3, _ => throw Invalid(field + ".level", "未知的强度级别") };
            if (string.IsNullOrWhiteSpace(e.Material)) lexicon.Add(e.Phrase, new Entry(id, weight, null));
            else
            {
                if (!lexicon.MaterialNames.Contains(e.Material)) throw Invalid(field + ".material", $"未知的材料“{e.Material}”");
                lexicon.Add(e.Phrase, new Entry(id, weight, null, new Sense(new(StringComparer.Ordinal) { [e.Material] = id }, Neutral, 0)));
            }
        }
        return lexicon;
    }

    /// <summary>The materials the dictionary knows (plastic, metal, aluminium …).</summary>
    public IReadOnlySet<string> MaterialNames => _materialNames;
    private readonly HashSet<string> _materialNames = new(StringComparer.Ordinal);

    private void ParseTrade(JsonElement root, CapabilityTaxonomy taxonomy, Dictionary<string, double> levels)
    {
        if (root.TryGetProperty("materials", out var mats) && mats.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var m in mats.EnumerateArray())
            {
                var field = $"materials[{i++}]";
                var name = m.TryGetProperty("material", out var n) ? n.GetString() ?? "" : throw Invalid(field + ".material", "缺少材料名");
                if (name.Length > 0) _materialNames.Add(name);
                if (m.TryGetProperty("parent", out var parent) && parent.GetString() is { Length: > 0 } pn) _materialParent[name] = pn;
                foreach (var phrase in Strings(m, "phrases")) _materials.Add(ChineseText.Normalise(phrase), name);
            }
        }
        if (root.TryGetProperty("senses", out var senses) && senses.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var rule in senses.EnumerateArray())
            {
                var field = $"senses[{i++}]";
                var weight = Level(rule, "level", field, levels);
                var by = new Dictionary<string, int>(StringComparer.Ordinal);
                if (rule.TryGetProperty("byMaterial", out var bm) && bm.ValueKind == JsonValueKind.Object)
                    foreach (var p in bm.EnumerateObject())
                    {
                        if (!_materialNames.Contains(p.Name)) throw Invalid($"{field}.byMaterial.{p.Name}", $"未知的材料“{p.Name}”");
                        by[p.Name] = taxonomy.IdOf(p.Value.GetString() ?? "", $"{field}.byMaterial.{p.Name}");
                    }
                var def = rule.TryGetProperty("default", out var dv) && dv.GetString() is { Length: > 0 } dc ? taxonomy.IdOf(dc, field + ".default") : Neutral;
                var defWeight = rule.TryGetProperty("defaultLevel", out _) ? Level(rule, "defaultLevel", field, levels) : weight;
                foreach (var phrase in Strings(rule, "phrases"))
                    Add(phrase, new Entry(def, weight, null, new Sense(by, def, defWeight)));
            }
        }
        if (root.TryGetProperty("variants", out var variants) && variants.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var v in variants.EnumerateArray())
            {
                var field = $"variants[{i++}]";
                if (_variants.Count >= 64) throw Invalid(field, "最多 64 种工艺变体");
                var cap = taxonomy.IdOf(v.TryGetProperty("capability", out var c) ? c.GetString() ?? "" : "", field + ".capability");
                var name = v.TryGetProperty("variant", out var vn) ? vn.GetString() ?? "" : "";
                if (name.Length == 0) throw Invalid(field + ".variant", "缺少变体名");
                var materials = Strings(v, "materials");
                foreach (var m in materials)
                    if (!_materialNames.Contains(m)) throw Invalid(field + ".materials", $"未知的材料“{m}”");
                var variant = new Variant(_variants.Count, cap, name, materials);
                _variants.Add(variant);
                foreach (var phrase in Strings(v, "phrases")) _variantPhrases.Add(ChineseText.Normalise(phrase), variant.Id);
            }
            _variantMasks = new ulong[taxonomy.Count];
            foreach (var v in _variants) _variantMasks[v.Capability] |= 1UL << v.Id;
        }
        if (root.TryGetProperty("machines", out var machines) && machines.ValueKind == JsonValueKind.Object)
        {
            if (machines.TryGetProperty("words", out var words) && words.ValueKind == JsonValueKind.Array)
                foreach (var w in words.EnumerateArray())
                    if (w.TryGetProperty("phrase", out var ph) && ph.GetString() is { Length: > 0 } phrase)
                    {
                        var cls = w.TryGetProperty("class", out var cv) ? cv.GetString() ?? "" : "";
                        if (cls.Length > 0 && !_machineClasses.Contains(cls))
                        {
                            if (_machineClasses.Count >= 32) throw Invalid("machines.words", "最多 32 类设备");
                            _machineClasses.Add(cls);
                        }
                        _machineWords.Add(ChineseText.Normalise(phrase), (phrase, cls));
                    }
            _brands = [.. Strings(machines, "brands").Select(ChineseText.Normalise).OrderByDescending(b => b.Length)];
        }
        if (root.TryGetProperty("facets", out var facets) && facets.ValueKind == JsonValueKind.Array)
            foreach (var f in facets.EnumerateArray())
            {
                var name = f.TryGetProperty("facet", out var fn) ? fn.GetString() ?? "" : "";
                foreach (var phrase in Strings(f, "phrases")) _facets.Add(ChineseText.Normalise(phrase), name);
            }
        if (root.TryGetProperty("certifications", out var certs) && certs.ValueKind == JsonValueKind.Object)
        {
            _certNames = [.. Strings(certs, "names").Select(ChineseText.Normalise).OrderByDescending(c => c.Length)];
            _certNegations = [.. Strings(certs, "negations").Select(ChineseText.Normalise)];
            _certNegationsAfter = [.. Strings(certs, "negationsAfter").Select(ChineseText.Normalise)];
            if (certs.TryGetProperty("aliases", out var al) && al.ValueKind == JsonValueKind.Object)
                foreach (var a in al.EnumerateObject()) _certAliases[PostAnalyser.NormaliseCertification(a.Name)] = PostAnalyser.NormaliseCertification(a.Value.GetString() ?? "");
        }
    }

    private static double Level(JsonElement rule, string name, string field, Dictionary<string, double> levels)
    {
        var levelName = rule.TryGetProperty(name, out var l) ? l.GetString() ?? "strong" : "strong";
        return levels.TryGetValue(levelName, out var weight) ? weight : throw Invalid($"{field}.{name}", "未知的强度级别");
    }

    private void Add(string phrase, Entry entry)
    {
        var p = ChineseText.Normalise(phrase);
        if (p.Length == 0) return;
        var node = _root;
        foreach (var ch in p)
        {
            node.Next ??= [];
            if (!node.Next.TryGetValue(ch, out var next)) node.Next[ch] = next = new Node();
            node = next;
        }
        if (node.Entries is null) { node.Entries = []; node.Phrase = p; PhraseCount++; }
        if (!node.Entries.Contains(entry)) node.Entries.Add(entry);
    }

    /// <summary>Reads the capabilities a free text names (see the class remarks for how).</summary>
    public CapabilityReading Read(string? text) => Read(text, null);

    /// <summary>
    /// Reads the capabilities a free text names among <paramref name="usable"/> (null: all): the phrases of other
    /// capabilities — another park's local entries — are not in this reader's dictionary, so they neither name a
    /// capability nor cover a shorter phrase of a usable one.
    /// </summary>
    public CapabilityReading Read(string? text, Bits128? usable)
    {
        var t = ChineseText.Normalise(text);
        if (t.Length == 0) return CapabilityReading.None;

        // 0. the materials the text speaks of, where it names them
        var materials = _materials.FindAll(t).Where(m => m.Value.Length > 0).ToList();

        // 1. every dictionary phrase in the text, with the meaning its context (or its material) gives it
        var found = new List<(int Start, int Length, string Phrase, List<Entry> Meaning)>();
        for (var i = 0; i < t.Length; i++)
        {
            var node = _root;
            for (var j = i; j < t.Length && node.Next is not null && node.Next.TryGetValue(t[j], out node); j++)
            {
                if (node.Entries is null || !WholeWord(t, i, j + 1)) continue;
                var meaning = Meaning(Senses(node.Entries, materials, i), t);
                if (usable is { } u) meaning = meaning.Where(e => e.Capability == Neutral || u.Contains(e.Capability)).ToList();
                if (meaning.Count > 0) found.Add((i, j + 1 - i, node.Phrase!, meaning));
            }
        }
        foreach (var (regex, entry) in _patterns)
        {
            if (usable is { } pu && !pu.Contains(entry.Capability)) continue;
            foreach (System.Text.RegularExpressions.Match m in regex.Matches(t))
                if (m.Length > 0) found.Add((m.Index, m.Length, m.Value, [entry]));
        }
        if (found.Count == 0) return Trade(t, CapabilityReading.None, materials);

        // 2. overlaps settled longest-first, then leftmost
        var covered = new bool[t.Length];
        var hits = new List<(int Start, int End, string Phrase, List<Entry> Meaning)>();
        foreach (var f in found.OrderByDescending(f => f.Length).ThenBy(f => f.Start))
        {
            var free = true;
            for (var k = f.Start; k < f.Start + f.Length && free; k++) free = !covered[k];
            if (!free) continue;
            for (var k = f.Start; k < f.Start + f.Length; k++) covered[k] = true;
            hits.Add((f.Start, f.Start + f.Length, f.Phrase, f.Meaning));
        }

        // 2b. a process the text says it does not do or want (不做塑胶模, 不用开注塑模) names nothing
        if (_negationCues.Length > 0) hits.RemoveAll(h => Negated(t, h.Start, h.End));

        // 3. a phrase right before a head word modifies it and names nothing itself
        if (_heads.Count > 0)
        {
            var headStarts = hits.Where(h => _heads.Contains(h.Phrase)).Select(h => h.Start).ToHashSet();
            hits.RemoveAll(h => headStarts.Contains(h.End));
        }

        // 4. the object before the first process verb counts less when a process follows the verb
        var (verbStart, verbEnd) = FirstVerb(t, covered);
        var discountBefore = verbStart >= 0 && hits.Any(h => h.Start >= verbEnd && h.Meaning.Any(e => e.Capability != Neutral));

        // 4b. processes named after a cue of a later step (压铸，后面还要抛光电镀) count less, like the object
        var secondary = t.Length;
        foreach (var cue in _secondaryCues)
        {
            var at = t.IndexOf(cue, StringComparison.Ordinal);
            if (at >= 0 && at < secondary) secondary = at;
        }
        var secondaryApplies = hits.Any(h => h.End <= secondary && h.Meaning.Any(e => e.Capability != Neutral));
        var outsourced = _outsourcedCues.Length == 0 ? [] : hits.Where(h => Outsourced(t, h.Start, h.End)).Select(h => h.Start).ToHashSet();
        if (!hits.Any(h => !outsourced.Contains(h.Start) && h.Meaning.Any(e => e.Capability != Neutral))) outsourced.Clear();

        var result = new List<CapabilityHit>();
        foreach (var h in hits.OrderBy(h => h.Start))
            foreach (var e in h.Meaning.Where(e => e.Capability != Neutral))
                result.Add(new CapabilityHit(e.Capability, h.Phrase, h.Start,
                    (discountBefore && h.End <= verbStart) || (secondaryApplies && h.Start >= secondary) || outsourced.Contains(h.Start) ? e.Weight * _objectDiscount : e.Weight));

        // 5. the capabilities with the strongest evidence
        if (result.Count == 0) return Trade(t, CapabilityReading.None, materials);
        var best = result.Max(r => r.Weight);
        var set = Bits128.Empty;
        foreach (var r in result)
            if (r.Weight >= best - 1e-9) set = set.With(r.Capability);
        return Trade(t, new CapabilityReading(set, result) { Confident = best >= 1 - 1e-9 }, materials);
    }

    /// <summary>
    /// A sense entry (啤机) takes the capability of the material named nearest to it (or its parent material:
    /// aluminium is a metal); with no such material, its default, if any.
    /// </summary>
    private List<Entry> Senses(List<Entry> entries, List<(int Start, int End, string Value)> materials, int at)
    {
        if (!entries.Any(e => e.Sense is not null)) return entries;
        var result = new List<Entry>(entries.Count);
        foreach (var e in entries)
        {
            if (e.Sense is not { } sense) { result.Add(e); continue; }
            var resolved = false;
            foreach (var m in materials.OrderBy(m => Math.Abs(m.Start - at)))
            {
                for (var name = m.Value; name is not null; name = _materialParent.GetValueOrDefault(name))
                    if (sense.ByMaterial.TryGetValue(name, out var cap)) { result.Add(new Entry(cap, e.Weight, null)); resolved = true; break; }
                if (resolved) break;
            }
            if (!resolved && sense.Default != Neutral) result.Add(new Entry(sense.Default, sense.DefaultWeight, null));
        }
        return result;
    }

    /// <summary>Adds to a reading what the trade lexicon reads around the capabilities: materials, variants, machines, facets, certificates.</summary>
    private CapabilityReading Trade(string t, CapabilityReading reading, List<(int Start, int End, string Value)> materials)
    {
        var names = materials.Select(m => m.Value).Distinct().ToList();
        // a variant counts for a capability read; a material implies one when the text names no variant of that capability
        ulong variants = 0;
        foreach (var (start, end, id) in _variantPhrases.FindAll(t))
            if (reading.Capabilities.Contains(_variants[id].Capability) && !Negated(t, start, end)) variants |= 1UL << id;
        foreach (var v in _variants)
        {
            if (!reading.Capabilities.Contains(v.Capability) || (variants & _variantMasks[v.Capability]) != 0 || v.Materials.Length == 0) continue;
            var implied = _variants.Where(o => o.Capability == v.Capability && o.Materials.Any(m => names.Any(n => Is(n, m)))).ToList();
            if (implied.Count == 1 && implied[0] == v) variants |= 1UL << v.Id;
        }
        return reading with
        {
            Materials = names,
            Variants = variants,
            Machines = Machines(t),
            Facets = Facets(t),
            Certifications = Certifications(t),
        };
    }

    /// <summary>
    /// A phrase the text says it does not want or already has: a negation cue right before it in its clause with no
    /// 要 between (不要喷油的 要喷粉: 喷油 is refused, 喷粉 asked), or a cue of having right after it (纸箱我们有).
    /// </summary>
    private bool Negated(string t, int start, int end)
    {
        var left = start;
        while (left > 0 && !IsClauseBreak(t[left - 1])) left--;
        var before = t[left..start];
        foreach (var cue in _negationCues)
        {
            var at = before.LastIndexOf(cue, StringComparison.Ordinal);
            if (at >= 0 && before.IndexOf('要', at + cue.Length) < 0) return true;
        }
        foreach (var cue in _negationAfter)
            if (end < t.Length && t.IndexOf(cue, end, Math.Min(t.Length - end, cue.Length + 1), StringComparison.Ordinal) >= 0) return true;
        return false;
    }

    /// <summary>The facets the text states and does not negate (大货不接 is no volume).</summary>
    private List<string> Facets(string t) => [.. _facets.FindAll(t).Where(f => !Negated(t, f.Start, f.End)).Select(f => f.Value).Distinct()];

    /// <summary>True when the clause of a phrase says the work is passed on (要电镀的可以一起外发).</summary>
    private bool Outsourced(string t, int start, int end)
    {
        var left = start;
        while (left > 0 && !IsClauseBreak(t[left - 1])) left--;
        var right = end;
        while (right < t.Length && !IsClauseBreak(t[right])) right++;
        var clause = t[left..right];
        return _outsourcedCues.Any(c => clause.Contains(c, StringComparison.Ordinal));
    }

    private bool Is(string material, string kind)
    {
        for (string? m = material; m is not null; m = _materialParent.GetValueOrDefault(m))
            if (m == kind) return true;
        return false;
    }

    private List<MachineFact> Machines(string t)
    {
        var result = new List<MachineFact>();
        foreach (var (start, end, (word, cls)) in _machineWords.FindAll(t))
        {
            // the clause around the machine word: what is said of it stands right before or after it
            var left = start;
            while (left > 0 && start - left < 16 && !IsClauseBreak(t[left - 1])) left--;
            var right = end;
            while (right < t.Length && right - end < 10 && !IsClauseBreak(t[right])) right++;
            var before = t[left..start];
            var after = t[end..right];
            var tonnage = TonnagePattern().Match(before) is { Success: true } tb ? tb : TonnagePattern().Match(after);
            var count = CountPattern().Match(before) is { Success: true } cb ? cb : CountPattern().Match(after);
            var brand = _brands.FirstOrDefault(b => before.Contains(b, StringComparison.Ordinal));
            int? t1 = tonnage.Success ? int.Parse(tonnage.Groups["t1"].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
            int? t2 = tonnage.Success && tonnage.Groups["t2"].Success ? int.Parse(tonnage.Groups["t2"].Value, System.Globalization.CultureInfo.InvariantCulture) : t1;
            int? n = count.Success ? FreeTextFacts.Number(count.Groups["n"].Value) is { } c ? (int)c : null : null;
            var fact = new MachineFact(word, brand is null ? null : Display(brand), n, t1, t2) { Class = cls };
            if (!result.Contains(fact)) result.Add(fact);
        }
        return result;
    }

    private static string Display(string normalised) => normalised.All(c => c < 128) ? normalised.ToUpperInvariant() : normalised;

    private static bool IsClauseBreak(char c) => c is '，' or ',' or '。' or '；' or ';' or '！' or '!' or '？' or '?' or '\n' or '、' or '|';

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<t1>\d{1,4})\s*(?:t|吨)?\s*(?:[-~～到至]\s*(?<t2>\d{1,4}))?\s*(?:t|吨)(?![a-z])")]
    private static partial System.Text.RegularExpressions.Regex TonnagePattern();

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<n>\d{1,3}|[一二两三四五六七八九十]{1,3})\s*(?:台|部)")]
    private static partial System.Text.RegularExpressions.Regex CountPattern();

    private List<string> Certifications(string t)
    {
        var result = new List<string>();
        foreach (var name in _certNames)
        {
            var from = 0;
            while (from < t.Length)
            {
                var at = t.IndexOf(name, from, StringComparison.Ordinal);
                if (at < 0) break;
                from = at + name.Length;
                // UL inside "ultra" or CE inside "cert" is not the certificate
                if (!WholeWord(t, at, at + name.Length)) continue;
                var clause = t[Math.Max(0, at - 8)..at];
                if (_certNegations.Any(n => clause.Contains(n, StringComparison.Ordinal))) continue;
                // 16949还没有，9001在办: named, not held
                var next = t[(at + name.Length)..Math.Min(t.Length, at + name.Length + 6)];
                if (_certNegationsAfter.Any(n => next.Contains(n, StringComparison.Ordinal))) continue;
                var key = PostAnalyser.NormaliseCertification(name);
                key = _certAliases.GetValueOrDefault(key, key);
                if (!result.Contains(key)) result.Add(key);
                break;
            }
        }
        return result;
    }

    /// <summary>The normalised text without boilerplate (欢迎园区企业联系 …), for text similarity.</summary>
    public string StripBoilerplate(string normalised)
    {
        foreach (var s in _stopPhrases)
            if (s.Length > 0 && normalised.Contains(s, StringComparison.Ordinal)) normalised = normalised.Replace(s, " ", StringComparison.Ordinal);
        return normalised;
    }

    private static List<Entry> Meaning(List<Entry> entries, string text)
    {
        var contextual = entries.Where(e => e.Context is not null && e.Context.Any(c => text.Contains(c, StringComparison.Ordinal))).ToList();
        return contextual.Count > 0 ? contextual : entries.Where(e => e.Context is null).ToList();
    }

    private (int Start, int End) FirstVerb(string t, bool[] covered)
    {
        var start = -1;
        var end = -1;
        foreach (var v in _verbs)
        {
            var from = 0;
            while (from < t.Length)
            {
                var at = t.IndexOf(v, from, StringComparison.Ordinal);
                if (at < 0) break;
                // a verb inside a phrase that was read (需 in 日需求 is not inside one; 找 in a phrase would be) does not count
                var inside = false;
                for (var k = at; k < at + v.Length && !inside; k++) inside = covered[k];
                if (!inside)
                {
                    if (start < 0 || at < start || at == start && at + v.Length > end) { start = at; end = at + v.Length; }
                    break;
                }
                from = at + 1;
            }
        }
        return (start, end);
    }

    // Latin phrases match whole words only: "pcb" is not read inside "pcba", nor "sole" inside "console".
    private static bool WholeWord(string t, int start, int end) =>
        (!ChineseText.IsLatinOrDigit(t[start]) || start == 0 || !ChineseText.IsLatinOrDigit(t[start - 1]))
        && (!ChineseText.IsLatinOrDigit(t[end - 1]) || end == t.Length || !ChineseText.IsLatinOrDigit(t[end]));

    private static string[] Strings(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return [];
        if (v.ValueKind != JsonValueKind.Array) throw Invalid(name, "应为字符串数组");
        return [.. v.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : throw Invalid(name, "应为字符串数组"))];
    }

    private static DomainRuleException Invalid(string field, string message) => new("SynonymDictionaryMustBeValid", field, message);
}

/// <summary>Every phrase of a set found in a text, longest first where they overlap (then leftmost).</summary>
internal sealed class PhraseTrie<T>
{
    private sealed class Node
    {
        public Dictionary<char, Node>? Next;
        public bool Has;
        public T Value = default!;
    }

    private readonly Node _root = new();

    public void Add(string phrase, T value)
    {
        if (phrase.Length == 0) return;
        var node = _root;
        foreach (var ch in phrase)
        {
            node.Next ??= [];
            if (!node.Next.TryGetValue(ch, out var next)) node.Next[ch] = next = new Node();
            node = next;
        }
        if (!node.Has) { node.Has = true; node.Value = value; }
    }

    public List<(int Start, int End, T Value)> FindAll(string t)
    {
        var all = new List<(int Start, int End, T Value)>();
        for (var i = 0; i < t.Length; i++)
        {
            var node = _root;
            for (var j = i; j < t.Length && node.Next is not null && node.Next.TryGetValue(t[j], out node); j++)
                if (node.Has && LatinBoundary(t, i, j + 1)) all.Add((i, j + 1, node.Value));
        }
        if (all.Count < 2) return all;
        var covered = new bool[t.Length];
        var kept = new List<(int Start, int End, T Value)>();
        foreach (var f in all.OrderByDescending(f => f.End - f.Start).ThenBy(f => f.Start))
        {
            var free = true;
            for (var k = f.Start; k < f.End && free; k++) free = !covered[k];
            if (!free) continue;
            for (var k = f.Start; k < f.End; k++) covered[k] = true;
            kept.Add(f);
        }
        kept.Sort((a, b) => a.Start.CompareTo(b.Start));
        return kept;
    }

    private static bool LatinBoundary(string t, int start, int end) =>
        (!ChineseText.IsLatinOrDigit(t[start]) || start == 0 || !ChineseText.IsLatinOrDigit(t[start - 1]))
        && (!ChineseText.IsLatinOrDigit(t[end - 1]) || end == t.Length || !ChineseText.IsLatinOrDigit(t[end]));
}
