using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Pricing;

/// <summary>
/// The use of a leased unit, which selects its base price (DOMAIN §3: 厂房/研发/办公/仓储/宿舍). The members are in
/// the same order as the host's <c>Spaces.UnitUse</c>, so the two map by name and by value.
/// </summary>
public enum SpaceUse { Factory, Lab, Office, Warehouse, Dormitory }

public static class SpaceUses
{
    /// <summary>The keys used in policies and files (<c>factory</c>, <c>lab</c>, …), in enum order.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["factory", "lab", "office", "warehouse", "dormitory"];

    /// <summary>The Chinese names, in enum order (the texts of bills and quotes).</summary>
    public static IReadOnlyList<string> Names { get; } = ["厂房", "研发", "办公", "仓储", "宿舍"];

    public static string Name(this SpaceUse use) =>
        Enum.IsDefined(use) ? Names[(int)use] : throw Unknown(use.ToString(), "use");

    public static string Key(this SpaceUse use) =>
        Enum.IsDefined(use) ? Keys[(int)use] : throw Unknown(use.ToString(), "use");

    /// <summary>
    /// Reads a use by its English key (case-insensitive) or its Chinese name (厂房, 研发, 办公, 仓储, 宿舍); anything
    /// else is refused with <c>UnitUseMustBeKnown</c> naming <paramref name="field"/>.
    /// </summary>
    public static SpaceUse Parse(string? text, string field)
    {
        var t = text?.Trim() ?? "";
        for (var i = 0; i < Keys.Count; i++)
            if (string.Equals(Keys[i], t, StringComparison.OrdinalIgnoreCase)) return (SpaceUse)i;
        return t switch
        {
            "厂房" => SpaceUse.Factory,
            "研发" or "实验室" => SpaceUse.Lab,
            "办公" => SpaceUse.Office,
            "仓储" or "仓库" => SpaceUse.Warehouse,
            "宿舍" => SpaceUse.Dormitory,
            _ => throw Unknown(t, field),
        };
    }

    internal static DomainRuleException Unknown(string text, string field) =>
        new("UnitUseMustBeKnown", field, $"未知的单元用途“{text}”，应为 {string.Join("/", Keys)}") { Arguments = [text] };
}
