using System.Globalization;
using System.Text.RegularExpressions;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Spaces;
using ParkOps.Domain.Pricing;

namespace ParkOps.Web.Features.Imports;

public enum ImportKind { Enterprises, Units }

/// <summary>
/// A column the importer knows: its key (the API's field name), the Chinese header the exports and templates write,
/// and the other names park offices use for it. <see cref="ExportOnly"/> columns come out of an export (status,
/// occupant) and are ignored on the way back in.
/// </summary>
public sealed record ImportField(string Key, string Header, bool Required, string[] Aliases, bool ExportOnly = false)
{
    public IEnumerable<string> Names => Aliases.Append(Header).Append(Key);
}

/// <summary>The importable columns of enterprises and units, header matching, and the text-to-value parsers.</summary>
public static partial class ImportSchema
{
    public static readonly IReadOnlyList<ImportField> Enterprises =
    [
        new("creditCode", "统一社会信用代码", true, ["信用代码", "社会信用代码", "统一信用代码", "统一代码", "credit code", "unified social credit code", "uscc"]),
        new("name", "企业名称", true, ["名称", "企业", "公司名称", "单位名称", "enterprise name", "enterprise", "company"]),
        new("legalPerson", "法定代表人", false, ["法人", "法人代表", "负责人", "legal person", "legal representative"]),
        new("industryCode", "行业代码", false, ["国民经济行业代码", "行业分类代码", "行业分类", "industry code", "industry"]),
        new("chainStages", "产业链环节", false, ["产业链", "环节", "链条环节", "chain stages", "chain stage", "stages", "stage"]),
        new("establishedOn", "成立日期", false, ["成立时间", "注册日期", "成立", "established on", "established", "date established"]),
        new("sizeClass", "规模", false, ["企业规模", "规上规下", "是否规上", "size class", "size"]),
        new("tags", "标签", false, ["企业标签", "资质", "tag"]),
        new("isChainLeader", "链主", false, ["是否链主", "链主企业", "is chain leader", "chain leader"]),
        new("employees", "员工人数", false, ["从业人数", "职工人数", "员工数", "人数", "staff", "headcount"]),
        new("contactName", "联系人", false, ["联系人姓名", "contact name", "contact"]),
        new("contactPhone", "联系电话", false, ["电话", "手机", "联系方式", "手机号", "contact phone", "phone", "mobile"]),
        new("contactEmail", "邮箱", false, ["电子邮箱", "联系邮箱", "电子邮件", "contact email", "email", "e-mail"]),
        new("description", "简介", false, ["企业简介", "主营业务", "description", "about"]),
        new("status", "状态", false, ["入园状态", "status"], ExportOnly: true),
        new("lifecycleStage", "生命周期阶段", false, ["生命周期", "lifecycle stage"], ExportOnly: true),
    ];

    public static readonly IReadOnlyList<ImportField> Units =
    [
        new("building", "楼栋", true, ["楼宇", "楼号", "楼栋名称", "建筑", "building name"]),
        new("floor", "楼层", true, ["层", "所在楼层", "floor number"]),
        new("code", "单元编号", true, ["单元", "单元号", "房号", "房间号", "编号", "unit code", "unit"]),
        new("areaSqm", "面积", true, ["建筑面积", "租赁面积", "面积平方米", "area", "area sqm"]),
        new("use", "用途", true, ["单元用途", "usage", "unit use"]),
        new("loadTonsPerSqm", "承重", false, ["楼面荷载", "荷载", "承重吨每平方米", "load", "load tons per sqm"]),
        new("status", "状态", false, ["单元状态", "status"]),
        new("occupant", "承租企业", false, ["承租方", "租户", "occupant"], ExportOnly: true),
    ];

    public static IReadOnlyList<ImportField> For(ImportKind kind) => kind == ImportKind.Enterprises ? Enterprises : Units;

    /// <summary>
    /// Header text as written by people: case, spaces, underscores, a required-marker asterisk and a unit in brackets
    /// ("面积（㎡）", "*企业名称", "Credit_Code") do not matter.
    /// </summary>
    public static string Normalise(string header)
    {
        var s = Brackets().Replace(header ?? "", "");
        return new string(s.Where(ch => !char.IsWhiteSpace(ch) && ch is not ('*' or '＊' or '_' or '-' or ':' or '：' or '.' or '\u3000')).ToArray())
            .ToLowerInvariant();
    }

    [GeneratedRegex(@"[\(（\[【][^\)）\]】]*[\)）\]】]")]
    private static partial Regex Brackets();

    public static ImportField? Match(ImportKind kind, string header)
    {
        var n = Normalise(header);
        if (n.Length == 0) return null;
        return For(kind).FirstOrDefault(f => f.Names.Any(name => Normalise(name) == n));
    }

    // ------------------------------------------------------------ value parsers (null text = blank cell)

    public static readonly Dictionary<string, SizeClass> SizeNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["规上"] = SizeClass.AboveScale, ["规模以上"] = SizeClass.AboveScale, ["规上企业"] = SizeClass.AboveScale, ["是"] = SizeClass.AboveScale,
        ["AboveScale"] = SizeClass.AboveScale, ["Above scale"] = SizeClass.AboveScale, ["Above"] = SizeClass.AboveScale,
        ["规下"] = SizeClass.BelowScale, ["规模以下"] = SizeClass.BelowScale, ["规下企业"] = SizeClass.BelowScale, ["否"] = SizeClass.BelowScale,
        ["BelowScale"] = SizeClass.BelowScale, ["Below scale"] = SizeClass.BelowScale, ["Below"] = SizeClass.BelowScale,
    };

    public static readonly Dictionary<string, SpaceUse> UseNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["厂房"] = SpaceUse.Factory, ["生产"] = SpaceUse.Factory, ["车间"] = SpaceUse.Factory, ["Factory"] = SpaceUse.Factory,
        ["研发"] = SpaceUse.Lab, ["研发用房"] = SpaceUse.Lab, ["实验室"] = SpaceUse.Lab, ["Lab"] = SpaceUse.Lab,
        ["办公"] = SpaceUse.Office, ["办公室"] = SpaceUse.Office, ["Office"] = SpaceUse.Office,
        ["仓储"] = SpaceUse.Warehouse, ["仓库"] = SpaceUse.Warehouse, ["Warehouse"] = SpaceUse.Warehouse,
        ["宿舍"] = SpaceUse.Dormitory, ["Dormitory"] = SpaceUse.Dormitory,
    };

    public static readonly Dictionary<string, UnitStatus> StatusNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["空置"] = UnitStatus.Vacant, ["空闲"] = UnitStatus.Vacant, ["待租"] = UnitStatus.Vacant, ["Vacant"] = UnitStatus.Vacant,
        ["预留"] = UnitStatus.Reserved, ["Reserved"] = UnitStatus.Reserved,
        ["不可租"] = UnitStatus.NotLeasable, ["不可出租"] = UnitStatus.NotLeasable, ["NotLeasable"] = UnitStatus.NotLeasable, ["Not leasable"] = UnitStatus.NotLeasable,
        ["已租"] = UnitStatus.Leased, ["已出租"] = UnitStatus.Leased, ["Leased"] = UnitStatus.Leased,
    };

    /// <summary>The Chinese words the exports write (and the importer reads back).</summary>
    public static string Zh(SizeClass s) => s == SizeClass.AboveScale ? "规上" : "规下";
    public static string Zh(SpaceUse u) => u switch { SpaceUse.Factory => "厂房", SpaceUse.Lab => "研发", SpaceUse.Office => "办公", SpaceUse.Warehouse => "仓储", _ => "宿舍" };
    public static string Zh(UnitStatus s) => s switch { UnitStatus.Vacant => "空置", UnitStatus.Leased => "已租", UnitStatus.Reserved => "预留", _ => "不可租" };
    public static string Zh(bool b) => b ? "是" : "否";

    private static readonly HashSet<string> Yes = new(StringComparer.OrdinalIgnoreCase) { "是", "Y", "Yes", "True", "1", "√", "✓", "链主" };
    private static readonly HashSet<string> No = new(StringComparer.OrdinalIgnoreCase) { "否", "N", "No", "False", "0", "×", "不是" };

    public static bool? ParseBool(string text) => Yes.Contains(text) ? true : No.Contains(text) ? false : null;

    /// <summary>List cells: 、 ; ； | , ， or a line break between items.</summary>
    public static string[] SplitList(string? text) =>
        (text ?? "").Split(['、', ';', '；', '|', ',', '，', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static readonly string[] DateFormats =
    [
        "yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyy年M月d日", "yyyyMMdd", "yyyy-M-d H:m:s", "yyyy/M/d H:m:s", "yyyy-M-d H:m", "yyyy/M/d H:m",
        "yyyy-M-dTH:m:s", "yyyy-M-dTH:m:sZ", "yyyy-M-dTH:m:s.FFFFFFF", "yyyy-M-dTH:m:s.FFFFFFFZ",
    ];

    /// <summary>Dates as offices type them (2019-03-15, 2019/3/15, 2019.3.15, 2019年3月15日, 20190315), or an Excel serial.</summary>
    public static DateOnly? ParseDate(string text)
    {
        var s = text.Trim();
        if (DateTime.TryParseExact(s, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var dt)) return DateOnly.FromDateTime(dt);
        // a date in a General-formatted cell reaches us as its serial number
        if (int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var serial) && serial is >= 1 and <= 2958465)
            return DateOnly.FromDateTime(DateTime.FromOADate(serial));
        return null;
    }

    /// <summary>Decimals with optional thousands separators and a trailing unit (㎡, 平方米, m², 吨).</summary>
    public static decimal? ParseDecimal(string text)
    {
        var s = Unit().Replace(text.Trim(), "").Trim();
        return decimal.TryParse(s, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var d) ? d : null;
    }

    [GeneratedRegex(@"\s*(㎡|平方米|平米|m²|m2|sqm|吨/㎡|吨/平方米|t/㎡|吨|t|人)$", RegexOptions.IgnoreCase)]
    private static partial Regex Unit();

    public static int? ParseInt(string text) =>
        ParseDecimal(text) is { } d && d == decimal.Truncate(d) && d is >= int.MinValue and <= int.MaxValue ? (int)d : null;

    /// <summary>Floors as written on plans: 3, 3F, 3层, 3楼, B1 / 地下1层 (= -1).</summary>
    public static int? ParseFloor(string text)
    {
        var m = Floor().Match(text.Trim());
        if (!m.Success) return ParseInt(text);
        var n = int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
        return m.Groups["below"].Success ? -n : n;
    }

    [GeneratedRegex(@"^(?:(?<below>B|b|负|地下|-)\s*)?(?<n>\d{1,3})\s*(?:F|f|L|层|楼)?$")]
    private static partial Regex Floor();
}
