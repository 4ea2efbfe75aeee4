using System.Globalization;
using System.Text;
using FluentValidation;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ParkOps.Web.Features.Imports.Contracts;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Evaluation;

/// <summary>
/// What the <c>evaluate</c> batch commands share: reading a .csv or .xlsx into named cells, messages that name the row
/// (as Excel numbers it) and the column, the exit on bad input, and an output written whole or not at all.
/// </summary>
public static class EvaluationFiles
{
    public const int Done = 0, Usage = 2;

    /// <summary>One data row: its number and the trimmed text of each requested column ("" when empty or absent).</summary>
    public sealed record CellRow(int Number, Dictionary<string, string> Cells)
    {
        public string Cell(string column) => Cells.GetValueOrDefault(column, "");

        /// <summary>The start of a message about one cell: row, column and the text found there.</summary>
        public string Where(string column) => $"第 {Number} 行 / row {Number}, 列 / column {column}: \"{Cell(column)}\" — ";

        /// <summary>A required number; a problem is added to <paramref name="errors"/> and 0 returned when it is empty or not a number.</summary>
        public double Double(string column, List<string> errors) =>
            Parsed<double>(column, errors, s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null) ?? 0;

        /// <inheritdoc cref="Double"/>
        public decimal Decimal(string column, List<string> errors) =>
            Parsed<decimal>(column, errors, s => decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null) ?? 0;

        private T? Parsed<T>(string column, List<string> errors, Func<string, T?> parse) where T : struct
        {
            var s = Cell(column);
            if (s.Length == 0) { errors.Add(Where(column) + "必填 / required"); return null; }
            var v = parse(s);
            if (v is null) errors.Add(Where(column) + "不是数字 / not a number");
            return v;
        }
    }

    /// <summary>
    /// Reads the file and the cells of <paramref name="columns"/>; an unreadable file or a missing column is an error
    /// (the header row named), and then no rows are returned.
    /// </summary>
    public static (List<CellRow> Rows, List<string> Errors) Read(string fileName, byte[] bytes, IReadOnlyList<string> columns)
    {
        var rows = new List<CellRow>();
        SheetTable table;
        try { table = TableFiles.Standalone(Localizer()).Read(fileName, bytes); }
        catch (ValidationException v) { return (rows, v.Errors.Select(e => $"input: {e.ErrorMessage}").ToList()); }
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < table.Headers.Count; i++) index.TryAdd(table.Headers[i].Trim(), i);
        var errors = columns.Where(c => !index.ContainsKey(c))
            .Select(c => $"第 {table.HeaderRow} 行 / row {table.HeaderRow}: 缺少列 / missing column {c}").ToList();
        if (errors.Count > 0) return (rows, errors);
        foreach (var r in table.Rows)
        {
            var cells = new Dictionary<string, string>();
            foreach (var col in columns) cells[col] = (index[col] < r.Cells.Length ? r.Cells[index[col]] : null)?.Trim() ?? "";
            rows.Add(new CellRow(r.Number, cells));
        }
        return (rows, errors);
    }

    /// <summary>Reads the input file; without both options the usage line, without the file its name, is the one error.</summary>
    public static async Task<(List<CellRow> Rows, List<string> Errors)> ReadInput(FileInfo? input, FileInfo? output, string usage,
        IReadOnlyList<string> columns, CancellationToken ct)
    {
        if (input is null || output is null) return ([], [usage]);
        if (!input.Exists) return ([], [$"input: {input.FullName} 不存在 / does not exist"]);
        return Read(input.Name, await File.ReadAllBytesAsync(input.FullName, ct), columns);
    }

    /// <summary>Writes beside the target and moves over it, so a failed run never leaves half a file; null when written, else the reason.</summary>
    public static async Task<string?> Write(FileInfo output, string text, CancellationToken ct)
    {
        try
        {
            output.Directory?.Create();
            var tmp = Path.Combine(output.DirectoryName ?? ".", "." + output.Name + "." + Guid.NewGuid().ToString("N") + ".tmp");
            await File.WriteAllTextAsync(tmp, text, new UTF8Encoding(false), ct);
            File.Move(tmp, output.FullName, overwrite: true);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"output: {ex.Message}";
        }
    }

    /// <summary>A CSV field: quoted when it holds a comma, a quote or a line break.</summary>
    public static string Csv(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";

    /// <summary>Lists the problems (at most 50) on standard error and returns the usage exit code.</summary>
    public static int Fail(IReadOnlyList<string> lines)
    {
        foreach (var l in lines.Take(50)) Console.Error.WriteLine(l);
        if (lines.Count > 50) Console.Error.WriteLine($"… {lines.Count - 50} more / 另有 {lines.Count - 50} 处");
        Console.Error.WriteLine("未写出结果 / nothing written.");
        return Usage;
    }

    private static IStringLocalizer<Text> Localizer() =>
        new StringLocalizer<Text>(new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance));
}
