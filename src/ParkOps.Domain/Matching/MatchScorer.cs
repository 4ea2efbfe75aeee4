using System.Globalization;

namespace ParkOps.Domain.Matching;

/// <summary>A candidate that passed the gates: its grade and soft score (the two sort keys) and the raw signals.</summary>
internal readonly record struct Scored(MatchGrade Grade, double Soft, Bits128 Direct, Bits128 Related, double WindowShare, double CapacityShare, Bits128 MissingCertifications, double TextSimilarity)
{
    public double Score => Math.Round(((int)Grade - 1 + Soft) / 3, 4);

    /// <summary>Best first: grade, then soft score; ties go to the smaller post id (see <see cref="MatchScorer.Better"/>).</summary>
    public int CompareTo(in Scored other)
    {
        var g = Grade.CompareTo(other.Grade);
        return g != 0 ? g : Soft.CompareTo(other.Soft);
    }
}

/// <summary>One query made ready for scoring many candidates: its profile and the sets and ids it needs.</summary>
internal sealed class QueryPlan
{
    public required PostProfile Query; // a field, so scoring reads it by reference
    public required bool QueryIsNeed { get; init; }
    public required bool[] AnsweringKinds { get; init; }
    public required IReadOnlyList<PostKind> AnsweringKindList { get; init; }
    public required Bits128 RelatedToQuery { get; init; }
    public required int AsOfDay { get; init; }
    public required HashSet<int> PastPartners { get; init; }
    public required MatchSettings Settings { get; init; }
    public required double WeightSum { get; init; }

    /// <summary>
    /// The query's capabilities that come in variants not serving each other (喷油 vs 喷粉, 纸箱 vs 包装服务) with the
    /// query's own variant known: a candidate of the same capability but only another variant does not have it.
    /// </summary>
    public (int Capability, ulong Mask)[] VariantGroups { get; init; } = [];

    /// <summary>Parks and regions (analyser ids) the asker sees; null = no scope.</summary>
    public HashSet<int>? ScopeParks { get; init; }
    public HashSet<int>? ScopeRegions { get; init; }

    /// <summary>A post of a park in scope, or a region-wide post of a region in scope.</summary>
    public bool InScope(in PostProfile c) =>
        ScopeParks is null || ScopeParks.Contains(c.Park) || c.RegionWide && ScopeRegions!.Contains(c.Region);

    /// <summary>True when a candidate with this window cannot be fully usable: it covers too little of the need's window.</summary>
    public bool WindowShareBelowFull(int from, int to) => WindowShare(from, to) < Settings.FullWindowShare;

    /// <summary>
    /// The highest soft score a related-capability stand-in can reach when it covers <paramref name="windowShare"/> of
    /// the need's window (1 when not known): its capability fit and capacity fit are fixed, every other signal is
    /// taken at its best. Stand-ins below the k-th best need not be loaded.
    /// </summary>
    public double RelatedSoftBound(double windowShare)
    {
        var w = Settings.Weights;
        var distance = Query.Park >= 0 ? Math.Max(Settings.SameParkProximity, Settings.SameRegionProximity) : Query.Region >= 0 ? Settings.SameRegionProximity : 0;
        return (w.CapabilityFit * MatchScorer.RelatedCapabilityFit + w.CapacityFit * MatchScorer.Neutral + w.WindowOverlap * windowShare
                + w.PartnerCredit + w.PastCollaboration * (PastPartners.Count > 0 ? 1 : 0) + w.TextSimilarity + w.Distance * distance) / WeightSum;
    }

    /// <summary>Share of the need's window a candidate with this window covers (1 when a window is not known).</summary>
    public double WindowShare(int from, int to)
    {
        if (from == int.MinValue || to == int.MaxValue || !Query.HasWindow) return 1;
        var (needFrom, needTo) = QueryIsNeed ? (Query.From, Query.To) : (from, to);
        var overlap = Math.Min(Query.To, to) - Math.Max(Query.From, from) + 1;
        return Math.Max(0, overlap) / (double)(needTo - needFrom + 1);
    }

    private static (int, ulong)[] VariantGroupsOf(PostAnalyser analyser, PostProfile query)
    {
        var groups = new List<(int, ulong)>();
        foreach (var c in query.Capabilities.Ids())
            if ((analyser.Lexicon.VariantMask(c) & query.Variants) != 0) groups.Add((c, analyser.Lexicon.VariantMask(c)));
        return [.. groups];
    }

    public static QueryPlan For(PostAnalyser analyser, in PostProfile query, MatchRequest request)
    {
        // the asking park's scoring (weights, threshold) when the request brings it; else the analyser's
        var settings = request.Settings ?? analyser.Settings;
        var kinds = settings.AnsweredBy(query.Kind);
        var answering = new bool[PostKinds.Count];
        foreach (var k in kinds) answering[(int)k] = true;
        var partners = new HashSet<int>();
        foreach (var p in request.PastPartners ?? new HashSet<string>()) partners.Add(analyser.Enterprises.Id(p));
        HashSet<int>? scopeParks = null, scopeRegions = null;
        if (request.Scope is { } scope)
        {
            scopeParks = [.. scope.Parks.Where(p => p.Length > 0).Select(analyser.Parks.Id)];
            scopeRegions = [.. scope.Regions.Where(r => r.Length > 0).Select(analyser.Regions.Id)];
        }
        return new QueryPlan
        {
            Query = query,
            QueryIsNeed = settings.IsNeed(query.Kind),
            AnsweringKinds = answering,
            AnsweringKindList = kinds,
            RelatedToQuery = analyser.Taxonomy.RelatedTo(query.Capabilities),
            AsOfDay = request.AsOf.DayNumber,
            PastPartners = partners,
            Settings = settings,
            WeightSum = settings.Weights.Sum,
            ScopeParks = scopeParks,
            ScopeRegions = scopeRegions,
            VariantGroups = VariantGroupsOf(analyser, query),
        };
    }
}

/// <summary>
/// The matching rules (DOMAIN §5): hard gates, then the grade, then a weighted soft score. Used by the index and by
/// the brute-force matcher alike, so both rank with exactly the same arithmetic.
/// <para>Gates — a candidate answers nothing when it is of a kind that does not answer the query (settings), it is
/// the asking enterprise's own post, its window ended before the as-of day, it shares no capability and no related
/// capability with the need, or it has an asked capability but its window does not meet the need's at all.</para>
/// <para>Grade — with an asked capability: weak stand-in if a required certification is missing or the daily capacity
/// is under <see cref="MatchSettings.WeakCapacityShare"/> of the daily need; else usable in part if it covers less
/// than <see cref="MatchSettings.FullWindowShare"/> of the need's window or less than
/// <see cref="MatchSettings.FullCapacityShare"/> of the daily need; else fully usable. With only a related
/// capability: weak stand-in. Unknown windows or quantities do not lower the grade (the reasons say they are
/// unknown).</para>
/// <para>Soft score — Σ wᵢ·sᵢ ÷ Σ wᵢ over capability fit (share of the need's capabilities covered; 0.3 for a
/// related one), capacity fit (share, capped at 1), window overlap (share), partner credit (÷ 100), past
/// collaboration (0/1), text similarity (n-gram Jaccard) and distance (same park / same region).</para>
/// </summary>
public static class MatchScorer
{
    internal const double Neutral = 0.5; // an unknown signal neither helps nor hurts
    internal const double RelatedCapabilityFit = 0.3; // a related capability is a fraction of an asked one

    internal static bool TryScore(QueryPlan plan, in PostProfile c, out Scored scored)
    {
        scored = default;
        ref readonly var q = ref plan.Query;
        if (!plan.AnsweringKinds[(int)c.Kind]) return false;
        if (c.Enterprise == q.Enterprise) return false;
        if (c.To >= 0 && c.To < plan.AsOfDay) return false;
        if (!plan.InScope(c)) return false;

        ref readonly var need = ref plan.QueryIsNeed ? ref q : ref c;
        ref readonly var offer = ref plan.QueryIsNeed ? ref c : ref q;
        var s = plan.Settings;

        var windowShare = double.NaN;
        if (need.HasWindow && offer.HasWindow)
        {
            var overlap = Math.Min(need.To, offer.To) - Math.Max(need.From, offer.From) + 1;
            windowShare = Math.Max(0, overlap) / (double)(need.To - need.From + 1);
        }

        var direct = need.Capabilities & offer.Capabilities;
        foreach (var (cap, mask) in plan.VariantGroups)
            if (direct.Contains(cap) && (c.Variants & mask) != 0 && (c.Variants & q.Variants & mask) == 0) direct = direct.Except(Bits128.Of(cap));
        var related = Bits128.Empty;
        var capacityShare = double.NaN;
        var missing = Bits128.Empty;
        MatchGrade grade;
        if (!direct.IsEmpty)
        {
            if (windowShare <= 0) return false;
            missing = need.CertificationsRequired.Except(offer.CertificationsHeld);
            capacityShare = offer.CapacityShareOf(need);
            // a press smaller than the need's tonnage cannot run its tools: at best a stand-in
            var tooSmall = need.Tonnage > 0 && offer.Tonnage > 0 && offer.Tonnage < need.Tonnage;
            // a need naming its machine (加工中心) is served by that machine; a shop naming only other machines (走心机) stands in
            var otherMachines = need.MachineClasses != 0 && offer.MachineClasses != 0 && (need.MachineClasses & offer.MachineClasses) == 0;
            // an offer of samples only cannot take a production need (a need for samples is served by it)
            var samplesOnly = offer.SamplesOnly && !need.SamplesOnly;
            grade = !missing.IsEmpty || capacityShare < s.WeakCapacityShare || tooSmall || otherMachines || samplesOnly ? MatchGrade.WeakStandIn
                : windowShare < s.FullWindowShare || capacityShare < s.FullCapacityShare ? MatchGrade.UsableInPart
                : MatchGrade.FullyUsable;
            // machine time asked for, work offered: the shop would do the job, not lend the machine
            if (grade == MatchGrade.FullyUsable && need.Kind == PostKind.EquipmentNeed && offer.Kind != PostKind.EquipmentOffer && s.EquipmentNeedsPreferMachines)
                grade = MatchGrade.UsableInPart;
        }
        else
        {
            related = plan.RelatedToQuery & c.Capabilities;
            if (related.IsEmpty) return false;
            if (s.RelatedNeedsWindowOverlap && windowShare <= 0) return false;
            grade = MatchGrade.WeakStandIn;
        }

        var w = s.Weights;
        var capabilityFit = direct.IsEmpty ? RelatedCapabilityFit : need.Capabilities.IsEmpty ? 1 : direct.Count / (double)need.Capabilities.Count;
        var capacityFit = double.IsNaN(capacityShare) ? Neutral : Math.Min(1, capacityShare);
        var windowFit = double.IsNaN(windowShare) ? Neutral : windowShare;
        var credit = c.Credit == PostProfile.NoCredit ? Neutral : c.Credit / 100.0;
        var past = plan.PastPartners.Count > 0 && plan.PastPartners.Contains(c.Enterprise) ? 1 : 0;
        var text = q.Text.Similarity(c.Text);
        var distance = q.Park >= 0 && c.Park == q.Park ? s.SameParkProximity
            : q.Region >= 0 && c.Region == q.Region ? s.SameRegionProximity : 0;
        var soft = (w.CapabilityFit * capabilityFit + w.CapacityFit * capacityFit + w.WindowOverlap * windowFit + w.PartnerCredit * credit
                    + w.PastCollaboration * past + w.TextSimilarity * text + w.Distance * distance) / plan.WeightSum;

        scored = new Scored(grade, soft, direct, related, windowShare, capacityShare, missing, text);
        return true;
    }

    /// <summary>True when (a, idA) ranks before (b, idB).</summary>
    internal static bool Better(in Scored a, string idA, in Scored b, string idB)
    {
        var c = a.CompareTo(b);
        return c != 0 ? c > 0 : string.CompareOrdinal(idA, idB) < 0;
    }

    /// <summary>
    /// What was read from a post's text beyond its capabilities, as a reason value (<see cref="MatchReasonCode.TextSays"/>):
    /// machines with brand, tonnage and count, the quantity and its daily rate, trade facets (带料, 打样 …), the
    /// materials and process variants; null when the text says none of these.
    /// </summary>
    public static string? TextSays(PostAnalyser analyser, AnalysedPost post)
    {
        var r = post.CapabilitiesFromText;
        var items = new List<string>();
        foreach (var m in r.Machines) items.Add("machine=" + m);
        if (post.FactsFromText.Quantity is { } q && post.Post.Quantity is null)
        {
            var unit = post.FactsFromText.Unit ?? "";
            var days = analyser.PeriodDays(unit);
            var written = $"{q.ToString("0.##", CultureInfo.InvariantCulture)} {unit}";
            items.Add("quantity=" + (days > 1 ? $"{written} ≈ {Math.Round((double)q / days).ToString("0", CultureInfo.InvariantCulture)} {PostAnalyser.UnitBase(unit)}/日" : written));
        }
        foreach (var f in r.Facets) items.Add("facet=" + f);
        for (var v = r.Variants & post.Profile.Variants; v != 0; v &= v - 1) items.Add("variant=" + analyser.Lexicon.VariantName(System.Numerics.BitOperations.TrailingZeroCount(v)));
        if (items.Count > 0 || post.CapabilitySource != CapabilitySource.Codes)
            foreach (var m in r.Materials) items.Add("material=" + m);
        return items.Count == 0 ? null : string.Join(";", items);
    }

    /// <summary>The reasons of a scored candidate, for the few that are returned.</summary>
    internal static List<MatchReason> Explain(PostAnalyser analyser, QueryPlan plan, AnalysedPost query, in PostProfile c, in Scored s)
    {
        var taxonomy = analyser.Taxonomy;
        var q = plan.Query;
        var need = plan.QueryIsNeed ? q : c;
        var reasons = new List<MatchReason> { new(MatchReasonCode.Grade, s.Grade.ToString()) };
        if (query.CapabilitiesReadFromText)
            foreach (var hit in query.CapabilitiesFromText.Hits.Where(h => query.CapabilitiesFromText.Capabilities.Contains(h.Capability)).DistinctBy(h => h.Capability))
                reasons.Add(new(query.CapabilitySource == CapabilitySource.TextOverCodes ? MatchReasonCode.CapabilityTextOverCodes : MatchReasonCode.CapabilityFromText,
                    $"{taxonomy[hit.Capability].Code}({hit.Phrase})"));
        if (TextSays(analyser, query) is { } says) reasons.Add(new(MatchReasonCode.TextSays, says));
        foreach (var cert in query.CertificationsRequiredInText) reasons.Add(new(MatchReasonCode.CertificationRequiredInText, cert));
        foreach (var id in s.Direct.Ids()) reasons.Add(new(MatchReasonCode.CapabilityMatch, taxonomy[id].Code));
        foreach (var x in s.Related.Ids()) // x: the candidate's capability, y: the query's; written need~offer
            foreach (var y in (taxonomy.Related(x) & q.Capabilities).Ids())
                reasons.Add(new(MatchReasonCode.RelatedCapability, plan.QueryIsNeed ? $"{taxonomy[y].Code}~{taxonomy[x].Code}" : $"{taxonomy[x].Code}~{taxonomy[y].Code}"));
        reasons.Add(double.IsNaN(s.WindowShare) ? new(MatchReasonCode.WindowUnknown)
            : new(MatchReasonCode.WindowOverlap, Math.Round(s.WindowShare * 100).ToString(CultureInfo.InvariantCulture) + "%"));
        foreach (var cert in s.MissingCertifications.Ids()) reasons.Add(new(MatchReasonCode.CertificationMissing, analyser.Certifications.Name(cert)));
        if (!need.CertificationsRequired.IsEmpty && s.MissingCertifications.IsEmpty && s.Related.IsEmpty)
            reasons.Add(new(MatchReasonCode.CertificationsHeld, string.Join(",", need.CertificationsRequired.Ids().Select(analyser.Certifications.Name))));
        if (!s.Direct.IsEmpty)
            reasons.Add(double.IsNaN(s.CapacityShare) ? new(MatchReasonCode.CapacityUnknown)
                : new(MatchReasonCode.CapacityShare, Math.Round(s.CapacityShare, 2).ToString("0.##", CultureInfo.InvariantCulture)));
        if (s.TextSimilarity > 0) reasons.Add(new(MatchReasonCode.TextSimilarity, s.TextSimilarity.ToString("0.00", CultureInfo.InvariantCulture)));
        if (plan.PastPartners.Contains(c.Enterprise)) reasons.Add(new(MatchReasonCode.PastCollaboration));
        // the band, not the score: the score is the other enterprise's credit detail
        if (c.Credit != PostProfile.NoCredit) reasons.Add(new(MatchReasonCode.PartnerCredit, CreditBands.Of(c.Credit).ToString()));
        if (q.Park >= 0 && c.Park == q.Park) reasons.Add(new(MatchReasonCode.SamePark));
        else if (q.Region >= 0 && c.Region == q.Region) reasons.Add(new(MatchReasonCode.SameRegion));
        return reasons;
    }
}
