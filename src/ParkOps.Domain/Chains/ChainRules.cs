using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Chains;

/// <summary>A stage of an industry chain: a main production stage (主环节) or a supporting service (配套服务).</summary>
public enum StageKind { Main, Service }

/// <summary>How a stage of a park's chain is held: no firm (gap, 缺失环节), one firm (weak link, 薄弱环节), or more.</summary>
public enum StageStatus { Gap, Weak, Covered }

/// <summary>One stage of a chain template or a park's chain, in order.</summary>
public sealed record ChainStage(string Name, StageKind Kind);

/// <summary>A chain's completeness: stages with at least one firm, of all the chain's stages (DOMAIN §10).</summary>
public sealed record ChainCompleteness(int Covered, int Total)
{
    /// <summary>Covered ÷ total as a percentage rounded half away from zero to one decimal; null for a chain without stages.</summary>
    public decimal? Percent => Total == 0 ? null : Math.Round((decimal)Covered / Total * 100, 1, MidpointRounding.AwayFromZero);
}

/// <summary>
/// Industry-chain rules (issue 14 §3): a stage's status from the firms on it, the chain's completeness (stages with a
/// firm ÷ all stages of the chain, services included: DOMAIN §10 counts the template's stages), and a template's stages
/// checked before they become a template or a park's chain.
/// </summary>
public static class ChainRules
{
    public const int MaxStages = 20, MaxStageName = 30;

    public static StageStatus StatusOf(int firms) => firms switch { <= 0 => StageStatus.Gap, 1 => StageStatus.Weak, _ => StageStatus.Covered };

    /// <summary>
    /// Completeness of a chain from the stages each firm of the park works in: a stage is covered when at least one firm
    /// names it. The dashboard's KPI and the chain map both count it here.
    /// </summary>
    public static ChainCompleteness Completeness(IReadOnlyCollection<string> stages, IEnumerable<IReadOnlyCollection<string>> firmStages)
    {
        var held = new HashSet<string>(firmStages.SelectMany(s => s), StringComparer.Ordinal);
        return new ChainCompleteness(stages.Count(held.Contains), stages.Count);
    }

    /// <summary>Firms per stage, in the chain's order (a firm on several stages counts on each).</summary>
    public static IReadOnlyList<(ChainStage Stage, int Firms, StageStatus Status)> Classify(IReadOnlyList<ChainStage> stages, IEnumerable<IReadOnlyCollection<string>> firmStages)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var firm in firmStages)
            foreach (var s in firm.Distinct()) counts[s] = counts.GetValueOrDefault(s) + 1;
        return stages.Select(s => (s, counts.GetValueOrDefault(s.Name), StatusOf(counts.GetValueOrDefault(s.Name)))).ToList();
    }

    /// <summary>
    /// The stages as a chain takes them (template saved, template applied to a park, a park's chain edited): names trimmed,
    /// 1–20 stages, each name 1–30 characters without '|', no name twice. Refusals name the stage: <c>ChainNeedsStages</c>
    /// (stages), <c>ChainStageNameInvalid</c> and <c>ChainStageDuplicate</c> (stages[i].name).
    /// </summary>
    public static IReadOnlyList<ChainStage> Normalise(IReadOnlyList<ChainStage> stages)
    {
        if (stages.Count == 0) throw new DomainRuleException("ChainNeedsStages", "stages", "产业链至少需要一个环节");
        if (stages.Count > MaxStages) throw new DomainRuleException("ChainTooManyStages", "stages", "产业链环节过多") { Arguments = [MaxStages] };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<ChainStage>();
        for (var i = 0; i < stages.Count; i++)
        {
            var name = (stages[i].Name ?? "").Trim();
            if (name.Length is 0 or > MaxStageName || name.Contains('|'))
                throw new DomainRuleException("ChainStageNameInvalid", $"stages[{i}].name", "环节名称须为 1–30 个字符且不含竖线") { Arguments = [MaxStageName] };
            if (!seen.Add(name)) throw new DomainRuleException("ChainStageDuplicate", $"stages[{i}].name", "环节名称重复") { Arguments = [name] };
            result.Add(new ChainStage(name, stages[i].Kind));
        }
        return result;
    }

    /// <summary>
    /// A park's chain after applying a template: the template's stages copied in its order (the park edits them after).
    /// </summary>
    public static IReadOnlyList<ChainStage> Apply(IReadOnlyList<ChainStage> template) => Normalise(template);

    /// <summary>
    /// In-park collaboration flows between stages: each delivered collaboration goes from every stage of the offering
    /// (supplying) firm to every stage of the needing firm, a stage pair counted once per collaboration; a pair on the
    /// same stage is a flow within that stage (<see cref="StageFlow.From"/> = <see cref="StageFlow.To"/>). Only stages of
    /// the chain count; ordered by count descending, then the chain's order.
    /// </summary>
    public static IReadOnlyList<StageFlow> Flows(IReadOnlyList<ChainStage> stages, IReadOnlyDictionary<long, IReadOnlyCollection<string>> firmStages,
        IEnumerable<FirmFlow> collaborations)
    {
        var order = stages.Select((s, i) => (s.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        var acc = new Dictionary<(string, string), (int Count, decimal Amount)>();
        foreach (var c in collaborations)
        {
            if (!firmStages.TryGetValue(c.FromEnterpriseId, out var from) || !firmStages.TryGetValue(c.ToEnterpriseId, out var to)) continue;
            foreach (var a in from.Where(order.ContainsKey).Distinct())
                foreach (var b in to.Where(order.ContainsKey).Distinct())
                {
                    var v = acc.GetValueOrDefault((a, b));
                    acc[(a, b)] = (v.Count + c.Count, v.Amount + c.Amount);
                }
        }
        return acc.Select(x => new StageFlow(x.Key.Item1, x.Key.Item2, x.Value.Count, x.Value.Amount))
            .OrderByDescending(f => f.Count).ThenBy(f => order[f.From]).ThenBy(f => order[f.To]).ToList();
    }
}

/// <summary>Collaborations delivered from one firm (offer side, supplier) to another (need side): how many and their amount in 元.</summary>
public sealed record FirmFlow(long FromEnterpriseId, long ToEnterpriseId, int Count, decimal Amount);

/// <summary>Collaborations between firms of two stages (from the supplying stage to the needing one): count and amount in 元.</summary>
public sealed record StageFlow(string From, string To, int Count, decimal Amount);
