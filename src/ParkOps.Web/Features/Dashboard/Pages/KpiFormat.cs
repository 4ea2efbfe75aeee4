using System.Globalization;
using Microsoft.Extensions.Localization;
using ParkOps.Web.Components.Shared;
using ParkOps.Web.Features.Dashboard;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Dashboard.Pages;

/// <summary>How the dashboard pages write a KPI's value, target and verdict, and draw its trend.</summary>
public static class KpiFormat
{
    /// <summary>Decimals shown per unit (the API's values are already rounded to these).</summary>
    public static string Number(decimal v, string unit) => unit switch
    {
        "count" => v.ToString("N0", CultureInfo.CurrentCulture),
        "wan-yuan-per-mu" => v.ToString("N2", CultureInfo.CurrentCulture),
        _ => v.ToString("0.0", CultureInfo.CurrentCulture),
    };

    /// <summary>A figure behind a KPI: whole numbers without decimals, others with two.</summary>
    public static string Plain(decimal v) => v.ToString(v == decimal.Truncate(v) ? "N0" : "N2", CultureInfo.CurrentCulture);

    public static string Value(IStringLocalizer<Text> l, decimal? v, string unit) => v is { } x ? Number(x, unit) + l["Dashboard.Unit." + unit] : l["Dashboard.NoData"];

    public static string Target(IStringLocalizer<Text> l, decimal? target, string direction, string unit) =>
        target is { } t ? l["Dashboard.Target." + direction, Number(t, unit) + l["Dashboard.Unit." + unit]] : l["Dashboard.NoTarget"];

    public static string Verdict(IStringLocalizer<Text> l, bool? meets, decimal? value) =>
        value is null ? l["Dashboard.NoData"] : meets is { } m ? (m ? l["Dashboard.Meets"] : l["Dashboard.Misses"]) : l["Dashboard.NoTargetShort"];

    public static string Badge(bool? meets, decimal? value) =>
        value is null ? "text-bg-light border" : meets is { } m ? (m ? "text-bg-success" : "text-bg-danger") : "text-bg-secondary";

    /// <summary>The trend as a line with the target as a second (grey) line, both written in the table one click away.</summary>
    public static ChartData Trend(IStringLocalizer<Text> l, KpiDto k)
    {
        var fmt = k.Unit == "count" ? "N0" : k.Unit == "wan-yuan-per-mu" ? "N2" : "0.0";
        var suffix = l["Dashboard.Unit." + k.Unit].Value;
        var series = new List<ChartSeries> { new(k.Name, k.Trend.Select(p => p.Value).ToList(), "line") { Format = fmt, Suffix = suffix, Colour = "#1565c0" } };
        if (k.Target is { } t)
            series.Add(new ChartSeries(l["Dashboard.TargetLine"], k.Trend.Select(_ => (decimal?)t).ToList(), "line") { Format = fmt, Suffix = suffix, Colour = "#9e9e9e" });
        return new ChartData(l["Dashboard.Quarter"], k.Trend.Select(p => p.Quarter).ToList(), series) { AxisNames = [suffix.Trim()] };
    }

    public static string TrendDescription(IStringLocalizer<Text> l, KpiDto k)
    {
        var withData = k.Trend.Where(p => p.Value is not null).ToList();
        if (withData.Count == 0) return l["Dashboard.TrendNoData", k.Name, k.Trend.Count];
        return l["Dashboard.TrendDesc", k.Name, k.Trend.Count, withData[0].Quarter, Value(l, withData[0].Value, k.Unit), withData[^1].Quarter,
            Value(l, withData[^1].Value, k.Unit), Target(l, k.Target, k.Direction, k.Unit), withData.Count(p => p.Meets == true), withData.Count];
    }
}
