using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Matching;

/// <summary>
/// The kinds of marketplace post (DOMAIN §5): 产能富余, 产能需求/外协, 设备空闲, 设备需求, 订单分包, 联合采购, 技术攻关.
/// Which kind answers which is a setting (<see cref="MatchSettings.Answers"/>), not a rule in code.
/// </summary>
public enum PostKind { CapacityOffer, CapacityNeed, EquipmentOffer, EquipmentNeed, SubcontractOrder, ProcurementPool, TechNeed }

public static class PostKinds
{
    /// <summary>The keys used in files and the API (<c>capacity_offer</c>, …), in enum order.</summary>
    public static IReadOnlyList<string> Keys { get; } =
        ["capacity_offer", "capacity_need", "equipment_offer", "equipment_need", "subcontract_order", "procurement_pool", "tech_need"];

    public static int Count => Keys.Count;

    public static string Key(this PostKind kind) =>
        Enum.IsDefined(kind) ? Keys[(int)kind] : throw Unknown(kind.ToString(), "kind");

    /// <summary>Reads a kind by its key (case-insensitive; <c>-</c> and <c>_</c> alike) or its Chinese name.</summary>
    public static PostKind Parse(string? text, string field)
    {
        var t = (text ?? "").Trim().Replace('-', '_');
        for (var i = 0; i < Keys.Count; i++)
            if (string.Equals(Keys[i], t, StringComparison.OrdinalIgnoreCase)) return (PostKind)i;
        return t switch
        {
            "产能富余" or "产能共享" => PostKind.CapacityOffer,
            "产能需求" or "外协" => PostKind.CapacityNeed,
            "设备空闲" or "设备共享" => PostKind.EquipmentOffer,
            "设备需求" => PostKind.EquipmentNeed,
            "订单分包" => PostKind.SubcontractOrder,
            "联合采购" => PostKind.ProcurementPool,
            "技术攻关" or "技术需求" => PostKind.TechNeed,
            _ => throw Unknown(t, field),
        };
    }

    internal static DomainRuleException Unknown(string text, string field) =>
        new("PostKindMustBeKnown", field, $"未知的帖子类型“{text}”，应为 {string.Join("/", Keys)}") { Arguments = [text] };
}
