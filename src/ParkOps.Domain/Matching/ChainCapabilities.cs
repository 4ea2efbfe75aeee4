namespace ParkOps.Domain.Matching;

/// <summary>
/// Which capabilities belong to a park's industry chain (issue 13 item 11: a form offers those first, the rest under
/// "其他"): the taxonomy's categories that serve the park's leading industry (its GB/T 4754 code prefixes), and any
/// capability named as one of the park's chain stages (e.g. the stage "SMT贴片" is the capability SMT贴片).
/// </summary>
public static class ChainCapabilities
{
    /// <summary>GB/T 4754 prefixes and the capability categories that industry's chain uses.</summary>
    private static readonly (string Prefix, string[] Categories)[] ByIndustry =
    [
        ("C17", ["textile", "services"]),          // 纺织业
        ("C18", ["textile", "services"]),          // 纺织服装、服饰业
        ("C19", ["footwear", "textile", "services"]), // 皮革、毛皮、羽毛及其制品和制鞋业
        ("C29", ["plastics", "tooling", "services"]), // 橡胶和塑料制品业
        ("C31", ["metal", "surface", "services"]), // 黑色金属冶炼和压延加工业
        ("C32", ["metal", "surface", "services"]), // 有色金属冶炼和压延加工业
        ("C33", ["metal", "surface", "tooling", "services"]), // 金属制品业
        ("C34", ["metal", "surface", "tooling", "services"]), // 通用设备制造业
        ("C35", ["metal", "surface", "tooling", "services"]), // 专用设备制造业
        ("C36", ["metal", "surface", "plastics", "tooling", "testing", "services"]), // 汽车制造业
        ("C38", ["electronics", "metal", "plastics", "testing", "services"]), // 电气机械和器材制造业
        ("C39", ["electronics", "testing", "services"]), // 计算机、通信和其他电子设备制造业
        ("C40", ["electronics", "testing", "services"]), // 仪器仪表制造业
        ("M745", ["testing"]),                     // 质检技术服务
    ];

    /// <summary>The categories of the industries given by their code prefixes ("C39", "C3911", or a broader "C3").</summary>
    public static IReadOnlySet<string> CategoriesOf(IEnumerable<string> industryPrefixes)
    {
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var raw in industryPrefixes)
        {
            var p = raw.Trim().ToUpperInvariant();
            if (p.Length == 0) continue;
            foreach (var (prefix, categories) in ByIndustry)
                if (p.StartsWith(prefix, StringComparison.Ordinal) || prefix.StartsWith(p, StringComparison.Ordinal)) set.UnionWith(categories);
        }
        return set;
    }

    /// <summary>
    /// Whether a capability is in the chain: its category serves the park's industries, or its Chinese name is one of
    /// the chain's stages (or contains it, or is contained in it).
    /// </summary>
    public static bool InChain(string category, string nameZh, IReadOnlySet<string> categories, IReadOnlyCollection<string> stages) =>
        categories.Contains(category)
        || (nameZh.Length > 1 && stages.Any(s => s.Length > 1 && (s.Contains(nameZh, StringComparison.Ordinal) || nameZh.Contains(s, StringComparison.Ordinal))));
}
