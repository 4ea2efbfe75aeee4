using System.Text.Json;
using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Matching;

/// <summary>
/// Weights of the soft score (DOMAIN §5: capability fit, capacity fit, window overlap, partner credit, past
/// collaboration, text similarity, distance). Only their ratios matter: the soft score is Σ wᵢ·sᵢ ÷ Σ wᵢ with each
/// signal sᵢ in 0–1.
/// </summary>
public sealed record MatchWeights
{
    public double CapabilityFit { get; init; } = 0.25;
    public double CapacityFit { get; init; } = 0.20;
    public double WindowOverlap { get; init; } = 0.20;
    public double PartnerCredit { get; init; } = 0.10;
    public double PastCollaboration { get; init; } = 0.10;
    public double TextSimilarity { get; init; } = 0.10;
    public double Distance { get; init; } = 0.05;

    public double Sum => CapabilityFit + CapacityFit + WindowOverlap + PartnerCredit + PastCollaboration + TextSimilarity + Distance;
}

/// <summary>
/// A park's (or the platform's) matching settings. Every figure here is the operator's to change; the values below
/// are the defaults, chosen so that the engine's grades follow the marketplace's definition of a good match (the
/// judged sets' <c>note</c>): fully usable = an asked capability, windows overlapping at least half of the need's
/// window, the required certifications held, daily capacity at least half the daily need; less overlap or capacity =
/// usable in part; a missing certification, capacity under a fifth, or only a related capability = weak stand-in.
/// </summary>
public sealed record MatchSettings
{
    public MatchWeights Weights { get; init; } = new();

    /// <summary>Share of the need's window the offer must cover to be fully usable.</summary>
    public double FullWindowShare { get; init; } = 0.5;

    /// <summary>Daily capacity ÷ daily need at or above which an offer is fully usable.</summary>
    public double FullCapacityShare { get; init; } = 0.5;

    /// <summary>Below this capacity share an offer is only a weak stand-in.</summary>
    public double WeakCapacityShare { get; init; } = 0.2;

    /// <summary>
    /// Whether a related-capability stand-in must overlap the need's window. Off by default: the window of such a post
    /// was posted for a different process, and the judged sets grade it a weak stand-in whatever its window.
    /// </summary>
    public bool RelatedNeedsWindowOverlap { get; init; }

    /// <summary>
    /// Whether a capacity offer answering an equipment need is at best usable in part: the need asks for machine time
    /// (租机时, 借设备), the offer would take the job instead. On by default.
    /// </summary>
    public bool EquipmentNeedsPreferMachines { get; init; } = true;

    /// <summary>Matches scoring below this (0–1) are not shown.</summary>
    public double MinScore { get; init; }

    /// <summary>A window read from text with a start but no end lasts this many days.</summary>
    public int DefaultWindowDays { get; init; } = 30;

    /// <summary>Days in a month when a per-month quantity (套/月, 人天/月) is turned into a daily one.</summary>
    public double DaysPerMonth { get; init; } = 30;

    /// <summary>Signal for a post of the same park, and of the same region (distance, DOMAIN §5).</summary>
    public double SameParkProximity { get; init; } = 1.0;
    public double SameRegionProximity { get; init; } = 0.5;

    /// <summary>
    /// Which kinds of post answer a kind of need (the judged sets' note: a capacity need or sub-contract order is
    /// answered by capacity offers, an equipment need by equipment or capacity offers). An offer is answered by the
    /// needs it answers; a kind that answers itself (joint procurement pools) pairs with its own kind.
    /// </summary>
    public IReadOnlyDictionary<PostKind, IReadOnlyList<PostKind>> Answers { get; init; } = new Dictionary<PostKind, IReadOnlyList<PostKind>>
    {
        [PostKind.CapacityNeed] = [PostKind.CapacityOffer],
        [PostKind.SubcontractOrder] = [PostKind.CapacityOffer],
        [PostKind.EquipmentNeed] = [PostKind.EquipmentOffer, PostKind.CapacityOffer],
        [PostKind.TechNeed] = [PostKind.CapacityOffer, PostKind.EquipmentOffer],
        [PostKind.ProcurementPool] = [PostKind.ProcurementPool],
    };

    public static MatchSettings Default { get; } = new();

    /// <summary>True when posts of <paramref name="kind"/> ask (they are keys of <see cref="Answers"/>).</summary>
    public bool IsNeed(PostKind kind) => Answers.ContainsKey(kind);

    /// <summary>The kinds that answer a post of <paramref name="kind"/>: offers for a need, needs for an offer.</summary>
    public IReadOnlyList<PostKind> AnsweredBy(PostKind kind)
    {
        if (Answers.TryGetValue(kind, out var offers)) return offers;
        return [.. Answers.Where(a => a.Value.Contains(kind)).Select(a => a.Key)];
    }

    /// <summary>Refuses settings that cannot rank anything sensibly; field names as in the JSON shape.</summary>
    public void Validate(string prefix = "settings")
    {
        var w = Weights;
        foreach (var (name, value) in new[] { ("capabilityFit", w.CapabilityFit), ("capacityFit", w.CapacityFit), ("windowOverlap", w.WindowOverlap),
                     ("partnerCredit", w.PartnerCredit), ("pastCollaboration", w.PastCollaboration), ("textSimilarity", w.TextSimilarity), ("distance", w.Distance) })
            if (value < 0 || double.IsNaN(value))
                throw new DomainRuleException("MatchWeightMustNotBeNegative", $"{prefix}.weights.{name}", $"权重不能为负：{value}") { Arguments = [value] };
        if (w.Sum <= 0) throw new DomainRuleException("MatchWeightsMustNotAllBeZero", $"{prefix}.weights", "权重不能全为 0");
        Share(FullWindowShare, "fullWindowShare");
        Share(FullCapacityShare, "fullCapacityShare");
        Share(WeakCapacityShare, "weakCapacityShare");
        if (WeakCapacityShare > FullCapacityShare)
            throw new DomainRuleException("WeakShareMustNotExceedFullShare", $"{prefix}.weakCapacityShare", "弱替代的产能比例不能高于完全可用的比例");
        Share(MinScore, "minScore");
        Share(SameParkProximity, "sameParkProximity");
        Share(SameRegionProximity, "sameRegionProximity");
        if (DefaultWindowDays < 1) throw new DomainRuleException("DefaultWindowMustBePositive", $"{prefix}.defaultWindowDays", "默认窗口天数至少为 1");
        if (DaysPerMonth is < 1 or > 31) throw new DomainRuleException("DaysPerMonthMustBeADayCount", $"{prefix}.daysPerMonth", "每月天数应在 1 到 31 之间");
        foreach (var (need, offers) in Answers)
            if (offers.Count == 0) throw new DomainRuleException("AnswersMustNotBeEmpty", $"{prefix}.answers.{need.Key()}", "应答类型不能为空");

        void Share(double v, string name)
        {
            if (v is < 0 or > 1 || double.IsNaN(v))
                throw new DomainRuleException("ShareMustBeAFraction", $"{prefix}.{name}", $"比例应在 0 到 1 之间：{v}") { Arguments = [v] };
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Reads settings from JSON (camelCase names as the properties; <c>answers</c> as <c>{"capacity_need": ["capacity_offer"]}</c>).
    /// Fields left out keep their defaults. The result is validated.
    /// </summary>
    public static MatchSettings FromJson(string json)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException e) { throw new DomainRuleException("MatchSettingsMustBeJson", "settings", $"不是合法的 JSON：{e.Message}"); }
        using (doc)
        {
            var root = doc.RootElement;
            var s = Default;
            if (root.ValueKind != JsonValueKind.Object) throw new DomainRuleException("MatchSettingsMustBeJson", "settings", "应为对象");
            try
            {
                if (root.TryGetProperty("weights", out var w)) s = s with { Weights = w.Deserialize<MatchWeights>(JsonOptions) ?? new() };
                s = s with
                {
                    FullWindowShare = Num(root, "fullWindowShare", s.FullWindowShare),
                    FullCapacityShare = Num(root, "fullCapacityShare", s.FullCapacityShare),
                    WeakCapacityShare = Num(root, "weakCapacityShare", s.WeakCapacityShare),
                    MinScore = Num(root, "minScore", s.MinScore),
                    DefaultWindowDays = (int)Num(root, "defaultWindowDays", s.DefaultWindowDays),
                    DaysPerMonth = Num(root, "daysPerMonth", s.DaysPerMonth),
                    SameParkProximity = Num(root, "sameParkProximity", s.SameParkProximity),
                    SameRegionProximity = Num(root, "sameRegionProximity", s.SameRegionProximity),
                    RelatedNeedsWindowOverlap = root.TryGetProperty("relatedNeedsWindowOverlap", out var r) ? r.GetBoolean() : s.RelatedNeedsWindowOverlap,
                    EquipmentNeedsPreferMachines = root.TryGetProperty("equipmentNeedsPreferMachines", out var em) ? em.GetBoolean() : s.EquipmentNeedsPreferMachines,
                };
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
            {
                throw new DomainRuleException("MatchSettingsMustBeJson", "settings", $"设置格式有误：{e.Message}");
            }
            if (root.TryGetProperty("answers", out var answers) && answers.ValueKind == JsonValueKind.Object)
            {
                var map = new Dictionary<PostKind, IReadOnlyList<PostKind>>();
                foreach (var a in answers.EnumerateObject())
                    map[PostKinds.Parse(a.Name, "settings.answers")] =
                        [.. a.Value.EnumerateArray().Select(k => PostKinds.Parse(k.GetString(), $"settings.answers.{a.Name}"))];
                s = s with { Answers = map };
            }
            s.Validate();
            return s;
        }
    }

    private static double Num(JsonElement e, string name, double fallback) =>
        e.TryGetProperty(name, out var v) ? v.GetDouble() : fallback;
}
