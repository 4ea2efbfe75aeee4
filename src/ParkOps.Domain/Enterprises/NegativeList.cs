using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Enterprises;

/// <summary>What a negative-list item looks at in the applicant's declared facts (issue 15 §6).</summary>
public enum NegativeItemKind
{
    /// <summary>A restricted industry: a GB/T 4754 code prefix such as C26 (化学原料) or C3360 (金属表面处理).</summary>
    Industry,
    /// <summary>A declared hazardous process, e.g. 电镀, 喷涂, 危化品储存.</summary>
    Process,
    /// <summary>The pollutant-discharge permit category the firm declares (重点管理, 简化管理, 登记管理).</summary>
    Emission,
    /// <summary>Graded 亩均 class D elsewhere within the given number of years (empty: ever).</summary>
    EarlierClassD,
    /// <summary>A tag an operator puts on the firm (安全隐患多, 污染大 …): the list's original kind.</summary>
    Tag,
}

/// <summary>
/// One item of a park's negative list. Written as <c>kind:value</c> with the kind in English (API) or Chinese (the
/// settings page): 行业:C26, 工艺:电镀, 排污:重点管理, 曾评D:3, 标签:污染大; an item without a kind is a tag, so the
/// lists parks kept before items had kinds read as they did.
/// </summary>
public sealed record NegativeItem(NegativeItemKind Kind, string Value)
{
    private static readonly (NegativeItemKind Kind, string En, string Zh)[] Prefixes =
    [
        (NegativeItemKind.Industry, "industry", "行业"), (NegativeItemKind.Process, "process", "工艺"),
        (NegativeItemKind.Emission, "emission", "排污"), (NegativeItemKind.EarlierClassD, "class-d", "曾评D"),
        (NegativeItemKind.Tag, "tag", "标签"),
    ];

    /// <summary>The permit categories of 排污许可分类管理 a park may list.</summary>
    public static readonly IReadOnlyList<string> EmissionCategories = ["重点管理", "简化管理", "登记管理"];

    /// <summary>Reads one item (full-width colon accepted); refuses an unknown kind or a value its kind cannot hold.</summary>
    public static NegativeItem Parse(string text, string field)
    {
        var s = text.Trim().Replace('：', ':');
        var colon = s.IndexOf(':');
        var kind = NegativeItemKind.Tag;
        var value = s;
        if (colon > 0)
        {
            var prefix = s[..colon].Trim();
            var known = Prefixes.FirstOrDefault(p => string.Equals(p.En, prefix, StringComparison.OrdinalIgnoreCase) || p.Zh == prefix || string.Equals(p.Zh, prefix, StringComparison.OrdinalIgnoreCase));
            if (known.En is null)
                throw new DomainRuleException("NegativeItemKindUnknown", field, $"unknown negative-list kind '{prefix}'") { Arguments = [prefix] };
            kind = known.Kind;
            value = s[(colon + 1)..].Trim();
        }
        switch (kind)
        {
            case NegativeItemKind.Industry:
                value = value.ToUpperInvariant();
                if (!IsIndustryPrefix(value))
                    throw new DomainRuleException("NegativeIndustryPrefixInvalid", field, "an industry item is a GB/T 4754 code prefix: a letter A–T and up to four digits") { Arguments = [value] };
                break;
            case NegativeItemKind.EarlierClassD:
                if (value.Length > 0 && !(int.TryParse(value, out var years) && years is >= 1 and <= 20))
                    throw new DomainRuleException("NegativeClassDYearsInvalid", field, "years for an earlier class D are 1–20, or empty for ever") { Arguments = [value] };
                break;
            case NegativeItemKind.Emission:
                if (!EmissionCategories.Contains(value))
                    throw new DomainRuleException("NegativeEmissionCategoryUnknown", field, "the emission category is one of 重点管理, 简化管理, 登记管理") { Arguments = [value] };
                break;
        }
        if (value.Length == 0 && kind != NegativeItemKind.EarlierClassD)
            throw new DomainRuleException("NegativeItemValueRequired", field, "a negative-list item needs a value") { Arguments = [text] };
        return new(kind, value);
    }

    /// <summary>The stored form (English kind) and the form the Chinese settings page shows.</summary>
    public string Stored => Kind == NegativeItemKind.Tag ? Value : $"{Prefixes.First(p => p.Kind == Kind).En}:{Value}";
    public string Chinese => Kind == NegativeItemKind.Tag ? Value : $"{Prefixes.First(p => p.Kind == Kind).Zh}:{Value}";

    private static bool IsIndustryPrefix(string v) =>
        v.Length is >= 1 and <= 5 && v[0] is >= 'A' and <= 'T' && v.Skip(1).All(char.IsAsciiDigit);
}

/// <summary>An earlier 亩均 grade the applicant declares (or the county's list shows) from another park or place.</summary>
public sealed record EarlierGrade(string Class, int Year, string Where);

/// <summary>The facts the negative list is judged on: what the applicant declared in its archive.</summary>
public sealed record ApplicantFacts(
    string IndustryCode,
    IReadOnlyList<string> Processes,
    string? EmissionCategory,
    EarlierGrade? EarlierGrade,
    IReadOnlyList<string> Tags,
    string? Description);

/// <summary>
/// The negative list as rules over facts: each item that holds blocks admission with the fact that made it hold; a
/// listed process the applicant did not declare but its description names is a condition to check, not a block.
/// </summary>
public static class NegativeListReview
{
    public static IReadOnlyList<AdmissionReason> Judge(IReadOnlyList<NegativeItem> items, ApplicantFacts facts, int reviewYear)
    {
        var reasons = new List<AdmissionReason>();
        foreach (var item in items)
        {
            switch (item.Kind)
            {
                case NegativeItemKind.Industry when facts.IndustryCode.StartsWith(item.Value, StringComparison.OrdinalIgnoreCase):
                    reasons.Add(new("NegativeIndustry", ReasonEffect.Blocks, $"{item.Value}|{facts.IndustryCode}"));
                    break;
                case NegativeItemKind.Process when facts.Processes.Contains(item.Value):
                    reasons.Add(new("NegativeProcess", ReasonEffect.Blocks, item.Value));
                    break;
                case NegativeItemKind.Process when facts.Description?.Contains(item.Value, StringComparison.Ordinal) == true:
                    reasons.Add(new("NegativeProcessMentioned", ReasonEffect.Condition, item.Value));
                    break;
                case NegativeItemKind.Emission when facts.EmissionCategory == item.Value:
                    reasons.Add(new("NegativeEmission", ReasonEffect.Blocks, item.Value));
                    break;
                case NegativeItemKind.EarlierClassD when facts.EarlierGrade is { Class: "D" } g && (item.Value.Length == 0 || reviewYear - g.Year < int.Parse(item.Value)):
                    reasons.Add(new(item.Value.Length == 0 ? "NegativeClassDEver" : "NegativeClassD", ReasonEffect.Blocks, $"{g.Year}|{g.Where}|{item.Value}"));
                    break;
                case NegativeItemKind.Tag when facts.Tags.Contains(item.Value):
                    reasons.Add(new("NegativeList", ReasonEffect.Blocks, item.Value));
                    break;
            }
        }
        return reasons;
    }
}
