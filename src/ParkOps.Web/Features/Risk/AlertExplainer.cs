using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Risk;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Risk;

/// <summary>An order-drop ripple as the console draws it: the firm that fell and its suppliers, each with a name.</summary>
public sealed record RippleNode(long EnterpriseId, string Name, int Degree, decimal Exposure, decimal? CustomerHhi, long Via);

/// <summary>
/// Puts an alert's evidence into words (the reader's language) with its figures, so every alert says why it was raised:
/// ARCHITECTURE "an alert shows its evidence".
/// </summary>
public sealed class AlertExplainer(IStringLocalizer<Text> t)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Num(decimal v) => v.ToString("#,0.##", Inv);
    public static string Pct(decimal share) => (share * 100m).ToString("0.##", Inv) + "%";

    public string TypeName(AlertType type) => t["Risk.Type." + AlertTypes.Code(type)];
    public string SeverityName(AlertSeverity s) => t["Risk.Severity." + AlertService.Code(s)];
    public string StateName(AlertState s) => t["Risk.State." + AlertService.Code(s)];

    private static decimal D(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDecimal() : 0m;
    private static string S(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    public List<RippleNode> Ripple(JsonElement evidence, IReadOnlyDictionary<long, string> names) =>
        evidence.TryGetProperty("suppliers", out var list)
            ? list.EnumerateArray().Select(s =>
            {
                var id = s.GetProperty("enterpriseId").GetInt64();
                decimal? hhi = s.TryGetProperty("customerHhi", out var h) && h.ValueKind == JsonValueKind.Number ? h.GetDecimal() : null;
                return new RippleNode(id, names.GetValueOrDefault(id, "#" + id), s.GetProperty("degree").GetInt32(), s.GetProperty("exposure").GetDecimal(), hhi, s.GetProperty("via").GetInt64());
            }).ToList()
            : [];

    /// <summary>The evidence as sentences, one per criterion or supplier.</summary>
    public List<string> Explain(AlertType type, JsonElement e, IReadOnlyDictionary<long, string> names)
    {
        string Name(long id) => names.GetValueOrDefault(id, "#" + id);
        var lines = new List<string>();
        switch (type)
        {
            case AlertType.Zombie:
                foreach (var c in e.GetProperty("criteria").EnumerateArray())
                {
                    var f = c.GetProperty("figures");
                    lines.Add(S(c, "criterion") switch
                    {
                        "quiet" => t["Risk.Ex.Quiet", Num(D(f, "output1")), Num(D(f, "output0")), Num(D(f, "electricity1")), Num(D(f, "electricity0")),
                            Num(D(f, "baselineOutput")), Num(D(f, "baselineElectricity")), Pct(D(f, "threshold"))],
                        "arrears" => t["Risk.Ex.Arrears", Num(D(f, "arrearsMonths")), Num(D(f, "threshold"))],
                        "losses" => t["Risk.Ex.Losses", string.Join("；", f.EnumerateObject().Select(p => t["Risk.Ex.LossYear", p.Name.Replace("netProfit", "", StringComparison.Ordinal), Num(p.Value.GetDecimal())].Value))],
                        "debt" => t["Risk.Ex.Debt", Pct(D(f, "ratio")), Num(D(f, "liabilities")), Num(D(f, "assets")), Pct(D(f, "threshold"))],
                        var other => other,
                    });
                }
                break;
            case AlertType.OrderDrop:
                var suppliers = Ripple(e, names);
                lines.Add(t["Risk.Ex.OrderDrop", S(e, "quarter"), Num(D(e, "revenueNow")), Num(D(e, "revenueBefore")), Pct(D(e, "drop")),
                    e.TryGetProperty("chainLeader", out var leader) && leader.GetBoolean() ? t["Risk.Ex.ChainLeader"].Value : "", suppliers.Count]);
                foreach (var s in suppliers)
                    lines.Add(t["Risk.Ex.Supplier", s.Name, s.Degree == 1 ? t["Risk.Degree1"].Value : t["Risk.Degree2", Name(s.Via)].Value, Pct(s.Exposure), s.CustomerHhi is { } h ? Num(h) : "—"]);
                break;
            case AlertType.Concentration when S(e, "kind") == "single-stage":
                lines.Add(t["Risk.Ex.SingleStage", S(e, "stage")]);
                break;
            case AlertType.Concentration:
                var customers = e.TryGetProperty("customers", out var cs) && cs.ValueKind == JsonValueKind.Array
                    ? string.Join("、", cs.EnumerateArray().Select(c => $"{S(c, "name")} {Num(D(c, "sharePercent"))}%")) : "";
                lines.Add(t["Risk.Ex.Hhi", Num(D(e, "hhi")), t["Risk.Level." + S(e, "level")].Value, customers, Num(D(e, "unnamedShare"))]);
                break;
            case AlertType.ParkDependence:
                var top = e.GetProperty("topEnterprises").EnumerateArray().Select(x => Name(x.GetInt64()));
                lines.Add(t["Risk.Ex.ParkDependence", S(e, "quarter"), Num(D(e, "parkOutput")), string.Join("、", top), Num(D(e, "topOutput")), Pct(D(e, "share")), Pct(D(e, "threshold"))]);
                break;
            case AlertType.MissingReport:
                lines.Add(S(e, "kind") == "late"
                    ? t["Risk.Ex.Late", S(e, "quarter"), S(e, "dueOn"), S(e, "submittedOn"), D(e, "daysLate")]
                    : t["Risk.Ex.Missing", S(e, "quarter"), S(e, "dueOn"), D(e, "daysLate")]);
                break;
            case AlertType.Ecosystem when S(e, "kind") == "talent-gap":
                var q0 = e.GetProperty("quarters")[0];
                lines.Add(t["Risk.Ex.TalentGap", S(q0, "quarter"), Pct(D(q0, "value")), Pct(D(e, "threshold"))]);
                break;
            case AlertType.Ecosystem:
                var quarters = string.Join("；", e.GetProperty("quarters").EnumerateArray().Select(q => t["Risk.Ex.DensityQuarter", S(q, "quarter"), Num(D(q, "value")), Num(D(q, "benchmark"))].Value));
                lines.Add(t["Risk.Ex." + (S(e, "kind") == "output-density" ? "OutputDensity" : "PatentDensity"), Pct(D(e, "threshold")), quarters]);
                break;
        }
        return lines;
    }
}
