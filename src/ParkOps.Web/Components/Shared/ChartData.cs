using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ParkOps.Web.Components.Shared;

/// <summary>
/// One series of a chart: its name, one value per category (null: no value), how it is drawn and how its values are
/// written in the data table. Values are rounded by the caller to what the table shows, so chart and table agree.
/// </summary>
public sealed record ChartSeries(string Name, IReadOnlyList<decimal?> Values, string Kind = "bar")
{
    /// <summary>Series with the same stack name are stacked.</summary>
    public string? Stack { get; init; }
    /// <summary>0: the left value axis; 1: the right one.</summary>
    public int Axis { get; init; }
    public string? Colour { get; init; }
    /// <summary>A line drawn as steps ("start", "middle", "end").</summary>
    public string? Step { get; init; }
    /// <summary>The table's number format (.NET), e.g. "N2" for 元, "N0" for counts, "0.0" for percentages.</summary>
    public string Format { get; init; } = "N0";
    /// <summary>Written after each value in the table (e.g. "%").</summary>
    public string Suffix { get; init; } = "";
}

/// <summary>
/// What a chart shows: categories along one axis, series of values over them. <see cref="Chart"/> draws it with ECharts
/// (the option is built by <see cref="ChartOptions"/>) and writes the same values as a table one click away.
/// </summary>
public sealed record ChartData(string CategoryHeader, IReadOnlyList<string> Categories, IReadOnlyList<ChartSeries> Series)
{
    /// <summary>The value axes' names (left, then right when a series uses axis 1).</summary>
    public IReadOnlyList<string> AxisNames { get; init; } = [];
    /// <summary>Bars lie horizontally (categories down the left side).</summary>
    public bool Horizontal { get; init; }
    /// <summary>A heat map: the categories are columns (x), <see cref="Rows"/> the rows (y), each series one row.</summary>
    public bool Heatmap { get; init; }
    /// <summary>The right axis' range is 0–100 (a percentage).</summary>
    public bool PercentAxis { get; init; }

    public static string Cell(ChartSeries s, decimal? v) => v is { } x ? x.ToString(s.Format, CultureInfo.CurrentCulture) + s.Suffix : "—";
}

/// <summary>Builds ECharts options (plain JSON, no functions: the CSP forbids script in the page) from <see cref="ChartData"/>.</summary>
public static class ChartOptions
{
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static string Serialise(object option) => JsonSerializer.Serialize(option, Json);

    public static object Build(ChartData d)
    {
        if (d.Heatmap) return Heatmap(d);
        var legend = d.Series.Count > 1;
        var categoryAxis = new Dictionary<string, object?>
        {
            ["type"] = "category", ["data"] = d.Categories,
            ["axisLabel"] = new { hideOverlap = true },
        };
        var valueAxes = Enumerable.Range(0, d.Series.Any(s => s.Axis == 1) ? 2 : 1).Select(i => new Dictionary<string, object?>
        {
            ["type"] = "value", ["name"] = i < d.AxisNames.Count ? d.AxisNames[i] : null,
            ["min"] = i == 1 && d.PercentAxis ? 0 : null, ["max"] = i == 1 && d.PercentAxis ? 100 : null,
            ["splitLine"] = i == 1 ? new { show = false } : null,
        }).ToArray();
        return new Dictionary<string, object?>
        {
            ["aria"] = new { enabled = true },
            ["tooltip"] = new { trigger = "axis" },
            ["legend"] = legend ? new { top = 0, type = "scroll" } : null,
            ["grid"] = new { left = 8, right = 8, top = legend ? 48 : 28, bottom = 8, containLabel = true },
            ["xAxis"] = d.Horizontal ? valueAxes : categoryAxis,
            ["yAxis"] = d.Horizontal ? categoryAxis : valueAxes,
            ["series"] = d.Series.Select(s => new Dictionary<string, object?>
            {
                ["name"] = s.Name, ["type"] = s.Kind, ["stack"] = s.Stack, ["step"] = s.Step,
                [d.Horizontal ? "xAxisIndex" : "yAxisIndex"] = s.Axis == 1 ? 1 : null,
                ["itemStyle"] = s.Colour is { } c ? new { color = c } : null,
                ["data"] = s.Values,
            }).ToArray(),
        };
    }

    private static object Heatmap(ChartData d)
    {
        var cells = d.Series.SelectMany((s, y) => s.Values.Select((v, x) => new object?[] { x, y, v })).Where(c => c[2] is not null).ToArray();
        var max = d.Series.SelectMany(s => s.Values).Max() ?? 0m;
        return new Dictionary<string, object?>
        {
            ["aria"] = new { enabled = true },
            ["tooltip"] = new { position = "top" },
            ["grid"] = new { left = 8, right = 8, top = 8, bottom = 56, containLabel = true },
            ["xAxis"] = new { type = "category", data = d.Categories, splitArea = new { show = true } },
            ["yAxis"] = new { type = "category", data = d.Series.Select(s => s.Name).ToArray(), splitArea = new { show = true }, inverse = true },
            ["visualMap"] = new { min = 0, max = max == 0 ? 1 : max, calculable = true, orient = "horizontal", left = "center", bottom = 0, itemHeight = 120 },
            ["series"] = new[] { new { name = d.AxisNames.FirstOrDefault() ?? "", type = "heatmap", data = cells } },
        };
    }
}
