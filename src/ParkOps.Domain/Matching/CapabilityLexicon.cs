using System.Text.Json;
using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Matching;

/// <summary>A phrase of a text read as a capability (e.g. 数控加工 → cnc at strength 1.0).</summary>
public sealed record CapabilityHit(int Capability, string Phrase, int Start, double Weight);

/// <summary>What a free text says about capabilities: the ones it asks for or offers, and the phrases that said so.</summary>
public sealed record CapabilityReading(Bits128 Capabilities, IReadOnlyList<CapabilityHit> Hits)
{
    public static CapabilityReading None { get; } = new(Bits128.Empty, []);
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
public sealed class CapabilityLexicon
{
    private sealed record Entry(int Capability, double Weight, string[]? Context);

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
            foreach (var word in Strings(root, "neutral")) lexicon.Add(word, new Entry(Neutral, 0, null));
            foreach (var head in Strings(root, "heads")) lexicon._heads.Add(ChineseText.Normalise(head));
            return lexicon;
        }
    }

    private const int Neutral = -1; // a word read as itself, naming no capability

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

        // 1. every dictionary phrase in the text, with the meaning its context gives it
        var found = new List<(int Start, int Length, string Phrase, List<Entry> Meaning)>();
        for (var i = 0; i < t.Length; i++)
        {
            var node = _root;
            for (var j = i; j < t.Length && node.Next is not null && node.Next.TryGetValue(t[j], out node); j++)
            {
                if (node.Entries is null || !WholeWord(t, i, j + 1)) continue;
                var meaning = Meaning(node.Entries, t);
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
        if (found.Count == 0) return CapabilityReading.None;

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

        // 3. a phrase right before a head word modifies it and names nothing itself
        if (_heads.Count > 0)
        {
            var headStarts = hits.Where(h => _heads.Contains(h.Phrase)).Select(h => h.Start).ToHashSet();
            hits.RemoveAll(h => headStarts.Contains(h.End));
        }

        // 4. the object before the first process verb counts less when a process follows the verb
        var (verbStart, verbEnd) = FirstVerb(t, covered);
        var discountBefore = verbStart >= 0 && hits.Any(h => h.Start >= verbEnd && h.Meaning.Any(e => e.Capability != Neutral));

        var result = new List<CapabilityHit>();
        foreach (var h in hits.OrderBy(h => h.Start))
            foreach (var e in h.Meaning.Where(e => e.Capability != Neutral))
                result.Add(new CapabilityHit(e.Capability, h.Phrase, h.Start, discountBefore && h.End <= verbStart ? e.Weight * _objectDiscount : e.Weight));

        // 5. the capabilities with the strongest evidence
        if (result.Count == 0) return CapabilityReading.None;
        var best = result.Max(r => r.Weight);
        var set = Bits128.Empty;
        foreach (var r in result)
            if (r.Weight >= best - 1e-9) set = set.With(r.Capability);
        return new CapabilityReading(set, result);
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
