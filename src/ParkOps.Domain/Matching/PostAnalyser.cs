using System.Collections.Concurrent;
using System.Text;

namespace ParkOps.Domain.Matching;

/// <summary>
/// A post reduced to what matching needs, in about a hundred bytes: the index keeps one of these per post instead of
/// the post. Days are <see cref="DateOnly.DayNumber"/>s (−1 = not known); <see cref="Quantity"/> is as posted (NaN =
/// not known), in <see cref="UnitBase"/> (件, 套 … as an id; −1 = none) per <see cref="PeriodDays"/> days (1 for 件/日,
/// 30 for 套/月, 1 for a unit without a period such as 仓储 平方米); ids of enterprises, parks, regions and
/// certifications come from the analyser's vocabularies.
/// </summary>
public readonly record struct PostProfile(
    PostKind Kind,
    int Enterprise,
    int Park,
    int Region,
    byte Credit,
    Bits128 Capabilities,
    int From,
    int To,
    float Quantity,
    short UnitBase,
    float PeriodDays,
    Bits128 CertificationsHeld,
    Bits128 CertificationsRequired,
    TextFingerprint Text,
    bool RegionWide = true,
    ulong Variants = 0,
    short Tonnage = 0,
    uint MachineClasses = 0,
    bool SamplesOnly = false)
{
    public const int Unknown = -1;
    public const byte NoCredit = 255;

    public bool HasWindow => From >= 0 && To >= 0;

    /// <summary>
    /// This offer's capacity ÷ <paramref name="need"/>'s quantity (NaN when either is unknown). Two quantities of the same
    /// unit compare per day (套/月 against 套/日 is spread over the month); of different units (套 against 件) there is
    /// no conversion, so they compare as posted.
    /// </summary>
    public double CapacityShareOf(in PostProfile need)
    {
        if (float.IsNaN(Quantity) || float.IsNaN(need.Quantity)) return double.NaN;
        return UnitBase >= 0 && UnitBase == need.UnitBase
            ? Quantity / (double)PeriodDays / (need.Quantity / (double)need.PeriodDays)
            : Quantity / (double)need.Quantity;
    }
}

/// <summary>Where a post's capabilities came from: its codes, its text (no codes), or its text against codes it contradicts.</summary>
public enum CapabilitySource { Codes, Text, TextOverCodes }

/// <summary>A post with its profile and what was read from its text (for the reasons of a match).</summary>
public sealed record AnalysedPost(MatchPost Post, PostProfile Profile, CapabilityReading CapabilitiesFromText, TextFacts FactsFromText)
{
    public CapabilitySource CapabilitySource { get; init; } = CapabilitySource.Codes;

    public bool CapabilitiesReadFromText => CapabilitySource != CapabilitySource.Codes && !CapabilitiesFromText.Capabilities.IsEmpty;

    /// <summary>Certificates the need's text asks for that its fields do not list.</summary>
    public IReadOnlyList<string> CertificationsRequiredInText { get; init; } = [];
}

/// <summary>
/// Turns posts into <see cref="PostProfile"/>s. Structured fields are authoritative; a missing one is read from the
/// title and description: capabilities with the <see cref="CapabilityLexicon"/>, quantity and window with
/// <see cref="FreeTextFacts"/>. One analyser is shared by an index and by every query against it (they must intern
/// enterprises and certifications alike). Thread-safe.
/// </summary>
public sealed class PostAnalyser(CapabilityTaxonomy taxonomy, CapabilityLexicon lexicon, MatchSettings settings)
{
    public CapabilityTaxonomy Taxonomy { get; } = taxonomy;
    public CapabilityLexicon Lexicon { get; } = lexicon;
    public MatchSettings Settings { get; } = settings;

    internal Vocabulary Enterprises { get; } = new(int.MaxValue);
    internal Vocabulary Parks { get; } = new(int.MaxValue);
    internal Vocabulary Regions { get; } = new(int.MaxValue);
    internal Vocabulary Certifications { get; } = new(Bits128.Capacity);
    internal Vocabulary UnitBases { get; } = new(short.MaxValue);

    /// <summary>The shipped taxonomy and dictionary with default settings.</summary>
    public static PostAnalyser CreateDefault(MatchSettings? settings = null) =>
        new(CapabilityTaxonomy.Default, CapabilityLexicon.Default, settings ?? MatchSettings.Default);

    /// <summary>
    /// Analyses a post; <paramref name="reference"/> is the day dates without a year are read against (the day the post
    /// was made, or the evaluation's as-of day). Unknown capability codes are refused (<c>CapabilityMustBeKnown</c>).
    /// </summary>
    public AnalysedPost Analyse(MatchPost post, DateOnly reference)
    {
        // a park's local capabilities are its posts' alone: another park's are unknown to a post, in its codes and its text
        var usable = Taxonomy.HasLocal ? Taxonomy.UsableIn(post.ParkId) : (Bits128?)null;
        var coded = usable is null ? Taxonomy.SetOf(post.Capabilities, $"posts[{post.Id}].capabilities")
            : Taxonomy.SetOf(post.Capabilities, $"posts[{post.Id}].capabilities", post.ParkId);
        var reading = Lexicon.Read(post.Text, usable);
        // codes are one signal: where the text plainly names other processes than the codes, a reader believes the text
        // (a shop coded for its main trade offering spare time on another machine; a post coded for a neighbouring process)
        var (caps, source) = coded.IsEmpty ? (reading.Capabilities, CapabilitySource.Text)
            : reading.Confident && !reading.Capabilities.IsEmpty && !reading.Hits.Any(h => coded.Contains(h.Capability)) ? (reading.Capabilities, CapabilitySource.TextOverCodes)
            : (coded, CapabilitySource.Codes);
        ulong variants = 0;
        foreach (var id in caps.Ids()) variants |= reading.Variants & Lexicon.VariantMask(id);

        var needFacts = post.Quantity is null || post.From is null || post.To is null;
        var facts = needFacts ? FreeTextFacts.Read(post.Text, reference, Settings.DaysPerMonth) : TextFacts.None;

        var from = post.From ?? facts.From;
        var to = post.To ?? facts.To;
        if (from is not null && to is null) to = from.Value.AddDays(Settings.DefaultWindowDays - 1);
        if (to is not null && from is null) from = reference < to ? reference : to;

        var (quantity, unit) = post.Quantity is not null ? ScaledField(post.Quantity.Value, post.Unit) : (facts.Quantity, facts.Unit ?? post.Unit);

        // a need's text asking for a certificate asks for it as its field would; an offer's text naming one holds it
        var isNeed = Settings.IsNeed(post.Kind);
        var textCerts = reading.Certifications;
        var required = isNeed ? post.CertificationsRequired.Concat(textCerts).ToList() : (IReadOnlyList<string>)post.CertificationsRequired;
        var held = isNeed ? post.CertificationsHeld : post.CertificationsHeld.Concat(textCerts).ToList();
        var requiredInText = isNeed ? textCerts.Where(c => !post.CertificationsRequired.Any(f => NormaliseCertification(f) == c)).ToList() : [];

        // a "capacity offer" that rents out or sells a machine offers the machine: it answers equipment needs only
        var kind = post.Kind == PostKind.CapacityOffer && reading.Facets.Contains("equipment_only") && reading.Machines.Count > 0 ? PostKind.EquipmentOffer : post.Kind;

        var text = Lexicon.StripBoilerplate(ChineseText.Normalise(post.Title + " " + post.Description));
        var profile = new PostProfile(
            kind,
            Enterprises.Id(post.EnterpriseId),
            post.ParkId is { Length: > 0 } p ? Parks.Id(p) : PostProfile.Unknown,
            post.Region is { Length: > 0 } r ? Regions.Id(r) : PostProfile.Unknown,
            post.Credit is { } c ? (byte)Math.Clamp(c, 0, 100) : PostProfile.NoCredit,
            caps,
            from?.DayNumber ?? PostProfile.Unknown,
            to?.DayNumber ?? PostProfile.Unknown,
            quantity is { } q && q > 0 ? (float)q : float.NaN,
            UnitBases.IdOrNone(UnitBase(unit)),
            PeriodDays(unit),
            CertificationSet(held),
            CertificationSet(required),
            TextFingerprint.Of(ChineseText.Tokens(text)),
            post.Visibility == PostVisibility.Region,
            variants,
            Tonnage(reading, isNeed),
            reading.Machines.Aggregate(0u, (m, f) => m | Lexicon.MachineClassBit(f.Class)),
            // samples and small runs only (打样、小批量，大货不接): a shop that cannot take a production order, or a need asking for samples
            reading.Facets.Contains("sampling") && !reading.Facets.Contains("volume"));
        return new AnalysedPost(post, profile, reading, facts) { CapabilitySource = source, CertificationsRequiredInText = requiredInText };
    }

    /// <summary>
    /// The press tonnage a post speaks of (0: none): what a need asks for at least (求租200T以上冲床), the largest an
    /// offer has (25T–110T → 110).
    /// </summary>
    private static short Tonnage(CapabilityReading reading, bool isNeed)
    {
        var tons = reading.Machines.Where(m => m.TonnageFrom is not null).ToList();
        if (tons.Count == 0) return 0;
        var t = isNeed ? tons.Min(m => m.TonnageFrom!.Value) : tons.Max(m => m.TonnageTo ?? m.TonnageFrom!.Value);
        return (short)Math.Clamp(t, 0, short.MaxValue);
    }

    private Bits128 CertificationSet(IReadOnlyList<string> names)
    {
        var set = Bits128.Empty;
        foreach (var n in names)
        {
            var key = NormaliseCertification(n);
            if (key.Length > 0) set = set.With(Certifications.Id(key));
        }
        return set;
    }

    /// <summary>IATF 16949, iatf-16949 and ISO9001:2015 are the same certificates as IATF16949 and ISO9001.</summary>
    public static string NormaliseCertification(string name)
    {
        var s = ChineseText.Normalise(name).ToUpperInvariant();
        var colon = s.IndexOf(':');
        if (colon > 0) s = s[..colon];
        var sb = new StringBuilder(s.Length);
        foreach (var ch in s)
            if (!char.IsWhiteSpace(ch) && ch is not ('-' or '_' or '/')) sb.Append(ch);
        return sb.ToString();
    }

    /// <summary>The counted thing of a unit: 件 of 件/日, 平方米 of 平方米; empty when there is no unit. Spellings of one thing are one (pcs, 个, 只 → 件).</summary>
    public static string UnitBase(string? unit)
    {
        var u = ChineseText.Normalise(unit);
        var slash = u.IndexOf('/');
        var b = (slash >= 0 ? u[..slash] : u).Trim();
        if (b.Length > 1 && b[0] is '万' or '千' or 'k' or 'w' && b != "kg") b = b[1..];
        return CanonicalUnitBase(b);
    }

    /// <summary>One name for the spellings of a counted thing: pieces (件、个、只、pcs、pc), square metres, kilograms.</summary>
    public static string CanonicalUnitBase(string b) => b switch
    {
        "个" or "只" or "pcs" or "pc" or "k" => "件",
        "平米" or "㎡" or "m2" => "平方米",
        "千克" or "kg" => "公斤",
        _ => b,
    };

    /// <summary>A quantity field with a multiplier in its unit (5 with 万件/月) as plain pieces (50000 with 件/月).</summary>
    public static (decimal?, string?) ScaledField(decimal quantity, string? unit)
    {
        var u = ChineseText.Normalise(unit);
        if (u.Length > 1 && u[0] is '万' or '千' or 'k' or 'w' && u[1] != '/' && !u.StartsWith("kg", StringComparison.Ordinal))
            return (quantity * (u[0] is '万' or 'w' ? 10_000m : 1_000m), u[1..]);
        return (quantity, unit);
    }

    /// <summary>
    /// Days in a unit's period: 1 for 件/日 and for a unit without a period (仓储 平方米), 7 for a week,
    /// <see cref="MatchSettings.DaysPerMonth"/> for 套/月 or 人天/月, 365 for a year.
    /// </summary>
    public float PeriodDays(string? unit)
    {
        var u = ChineseText.Normalise(unit);
        var slash = u.IndexOf('/');
        var period = slash >= 0 ? u[(slash + 1)..] : "";
        // 套/2个月: the period's own count
        var digits = 0;
        while (digits < period.Length && char.IsAsciiDigit(period[digits])) digits++;
        var times = digits > 0 && int.TryParse(period[..digits], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1;
        double days = period switch
        {
            _ when period.Contains('月') || period.Contains("month", StringComparison.Ordinal) => Settings.DaysPerMonth,
            _ when period.Contains('周') || period.Contains("week", StringComparison.Ordinal) => 7,
            _ when period.Contains('年') || period.Contains("year", StringComparison.Ordinal) => 365,
            _ => 1,
        };
        return (float)(days * times);
    }
}

/// <summary>Interns names to dense ids (thread-safe), so profiles hold ints instead of strings.</summary>
internal sealed class Vocabulary(int capacity)
{
    private readonly ConcurrentDictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];
    private readonly Lock _lock = new();

    public int Id(string name)
    {
        if (_ids.TryGetValue(name, out var id)) return id;
        lock (_lock)
        {
            if (_ids.TryGetValue(name, out id)) return id;
            if (_names.Count >= capacity)
                throw new Rules.DomainRuleException("VocabularyIsFull", null, $"最多可区分 {capacity} 个名称：{name}") { Arguments = [capacity, name] };
            id = _names.Count;
            _names.Add(name);
            _ids[name] = id;
            return id;
        }
    }

    /// <summary>The id of a name, −1 for the empty name.</summary>
    public short IdOrNone(string name) => name.Length == 0 ? (short)-1 : (short)Id(name);

    public string Name(int id)
    {
        lock (_lock) return id >= 0 && id < _names.Count ? _names[id] : "";
    }
}
