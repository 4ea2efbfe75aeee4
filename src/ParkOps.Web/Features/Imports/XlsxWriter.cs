using System.Globalization;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace ParkOps.Web.Features.Imports;

/// <summary>How a column's cells are written. Auto follows the value's type (text, number, date, date-time, boolean).</summary>
public enum XlsxFormat { Auto, Text, Integer, Decimal, Money, Percent, Date, DateTime }

/// <summary>One column of an exported list: the header, how to get a row's value, and optionally a format and width.</summary>
public sealed record XlsxColumn<T>(string Header, Func<T, object?> Value, XlsxFormat Format = XlsxFormat.Auto, double? Width = null);

/// <summary>A worksheet ready to write: its name, columns and rows (values already taken from the items).</summary>
public sealed class XlsxSheet
{
    public required string Name { get; init; }
    public required IReadOnlyList<string> Headers { get; init; }
    public required IReadOnlyList<XlsxFormat> Formats { get; init; }
    public required IReadOnlyList<double?> Widths { get; init; }
    public required IReadOnlyList<object?[]> Rows { get; init; }

    public static XlsxSheet Of<T>(string name, IReadOnlyList<XlsxColumn<T>> columns, IEnumerable<T> items) => new()
    {
        Name = name,
        Headers = columns.Select(c => c.Header).ToList(),
        Formats = columns.Select(c => c.Format).ToList(),
        Widths = columns.Select(c => c.Width).ToList(),
        Rows = items.Select(i => columns.Select(c => c.Value(i)).ToArray()).ToList(),
    };
}

/// <summary>
/// Writes lists as .xlsx through the Open XML SDK, for every area that exports: a bold, frozen header row with an
/// auto-filter, column widths fitted to the content (CJK characters count double), numbers as numbers and dates as
/// real dates (OADate serials with a date format), so Excel sorts and sums them. Rows are streamed with
/// <see cref="OpenXmlWriter"/>, so a long list does not build a DOM in memory.
/// </summary>
public static class XlsxWriter
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    /// <summary>Excel's limit for one cell's text.</summary>
    public const int MaxCellText = 32767;

    // style indexes in the stylesheet below (cellXfs)
    private const uint StyleDefault = 0, StyleHeader = 1, StyleDate = 2, StyleDateTime = 3, StyleInteger = 4, StyleDecimal = 5,
        StyleMoney = 6, StylePercent = 7, StyleText = 8;

    public static byte[] Write<T>(string sheetName, IReadOnlyList<XlsxColumn<T>> columns, IEnumerable<T> items) =>
        Write(XlsxSheet.Of(sheetName, columns, items));

    public static byte[] Write(params XlsxSheet[] sheets)
    {
        using var ms = new MemoryStream();
        Write(ms, sheets);
        return ms.ToArray();
    }

    public static void Write(Stream stream, IReadOnlyList<XlsxSheet> sheets)
    {
        if (sheets.Count == 0) throw new ArgumentException("At least one sheet", nameof(sheets));
        using var doc = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook);
        var book = doc.AddWorkbookPart();
        book.Workbook = new Workbook();
        var styles = book.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = Styles();
        styles.Stylesheet.Save();
        var sheetList = book.Workbook.AppendChild(new Sheets());
        var names = new DefinedNames();
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < sheets.Count; i++)
        {
            var s = sheets[i];
            var part = book.AddNewPart<WorksheetPart>();
            var name = SheetName(s.Name, used);
            WriteSheet(part, s, selected: i == 0);
            sheetList.AppendChild(new Sheet { Id = book.GetIdOfPart(part), SheetId = (uint)(i + 1), Name = name });
            if (s.Headers.Count > 0)
                names.AppendChild(new DefinedName($"'{name.Replace("'", "''")}'!$A$1:${ColumnName(s.Headers.Count - 1)}${s.Rows.Count + 1}")
                    { Name = "_xlnm._FilterDatabase", LocalSheetId = (uint)i, Hidden = true });
        }
        if (names.HasChildren) book.Workbook.AppendChild(names);
        book.Workbook.Save();
    }

    private static void WriteSheet(WorksheetPart part, XlsxSheet s, bool selected)
    {
        var styles = Enumerable.Range(0, s.Headers.Count).Select(c => (uint?)(s.Formats.ElementAtOrDefault(c) switch
        {
            XlsxFormat.Text => StyleText,
            XlsxFormat.Integer => StyleInteger,
            XlsxFormat.Decimal => StyleDecimal,
            XlsxFormat.Money => StyleMoney,
            XlsxFormat.Percent => StylePercent,
            XlsxFormat.Date => StyleDate,
            XlsxFormat.DateTime => StyleDateTime,
            _ => null,
        })).ToArray();

        using var w = OpenXmlWriter.Create(part);
        w.WriteStartElement(new Worksheet());
        w.WriteElement(new SheetViews(new SheetView(
            new Pane { VerticalSplit = 1D, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
            new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A2", SequenceOfReferences = new ListValue<StringValue> { InnerText = "A2" } })
        { WorkbookViewId = 0U, TabSelected = selected }));
        if (s.Headers.Count > 0)
        {
            var cols = new Columns();
            for (var c = 0; c < s.Headers.Count; c++)
                cols.AppendChild(new Column { Min = (uint)(c + 1), Max = (uint)(c + 1), Width = s.Widths.ElementAtOrDefault(c) ?? FitWidth(s, c), CustomWidth = true });
            w.WriteElement(cols);
        }
        w.WriteStartElement(new SheetData());
        w.WriteStartElement(new Row { RowIndex = 1U });
        for (var c = 0; c < s.Headers.Count; c++) w.WriteElement(TextCell($"{ColumnName(c)}1", s.Headers[c], StyleHeader));
        w.WriteEndElement();
        for (var r = 0; r < s.Rows.Count; r++)
        {
            var rowIndex = (uint)(r + 2);
            w.WriteStartElement(new Row { RowIndex = rowIndex });
            var values = s.Rows[r];
            for (var c = 0; c < Math.Min(values.Length, s.Headers.Count); c++)
                if (Cell($"{ColumnName(c)}{rowIndex}", values[c], styles[c], s.Formats.ElementAtOrDefault(c)) is { } cell) w.WriteElement(cell);
            w.WriteEndElement();
        }
        w.WriteEndElement(); // sheetData
        if (s.Headers.Count > 0) w.WriteElement(new AutoFilter { Reference = $"A1:{ColumnName(s.Headers.Count - 1)}{s.Rows.Count + 1}" });
        w.WriteEndElement(); // worksheet
    }

    private static Cell? Cell(string reference, object? value, uint? style, XlsxFormat format)
    {
        if (format == XlsxFormat.Text && value is not null and not string) value = Convert.ToString(value, CultureInfo.InvariantCulture);
        return value switch
        {
            null => null,
            string s when s.Length == 0 => null,
            string s => TextCell(reference, s, style ?? StyleDefault),
            bool b => new Cell { CellReference = reference, DataType = CellValues.Boolean, CellValue = new CellValue(b ? "1" : "0"), StyleIndex = style },
            DateOnly d => Number(reference, d.ToDateTime(TimeOnly.MinValue).ToOADate(), style ?? StyleDate),
            DateTime dt => Number(reference, dt.ToOADate(), style ?? (dt.TimeOfDay == TimeSpan.Zero ? StyleDate : StyleDateTime)),
            DateTimeOffset dto => Number(reference, dto.DateTime.ToOADate(), style ?? StyleDateTime),
            decimal m => NumberText(reference, m.ToString(CultureInfo.InvariantCulture), style),
            double x when double.IsFinite(x) => NumberText(reference, x.ToString("R", CultureInfo.InvariantCulture), style),
            float x when float.IsFinite(x) => NumberText(reference, x.ToString("R", CultureInfo.InvariantCulture), style),
            int or long or short or byte or uint or ulong or ushort or sbyte => NumberText(reference, Convert.ToString(value, CultureInfo.InvariantCulture)!, style),
            Enum e => TextCell(reference, e.ToString(), style ?? StyleDefault),
            _ => TextCell(reference, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "", style ?? StyleDefault),
        };
    }

    private static Cell Number(string reference, double value, uint style) =>
        new() { CellReference = reference, CellValue = new CellValue(value.ToString("R", CultureInfo.InvariantCulture)), StyleIndex = style };

    private static Cell NumberText(string reference, string value, uint? style) =>
        new() { CellReference = reference, CellValue = new CellValue(value), StyleIndex = style };

    /// <summary>Inline strings: no shared-string table to keep while streaming; Excel reads them the same.</summary>
    private static Cell TextCell(string reference, string text, uint style) => new()
    {
        CellReference = reference,
        DataType = CellValues.InlineString,
        StyleIndex = style == StyleDefault ? null : style,
        InlineString = new InlineString(new Text(Clean(text)) { Space = SpaceProcessingModeValues.Preserve }),
    };

    /// <summary>Drops characters XML cannot carry (control characters, lone surrogates) and keeps Excel's cell limit.</summary>
    public static string Clean(string s)
    {
        StringBuilder? sb = null;
        for (var i = 0; i < s.Length; i++)
        {
            var ch = s[i];
            var ok = XmlConvert.IsXmlChar(ch);
            if (!ok && char.IsHighSurrogate(ch) && i + 1 < s.Length && XmlConvert.IsXmlSurrogatePair(s[i + 1], ch))
            {
                sb?.Append(ch).Append(s[i + 1]);
                i++;
                continue;
            }
            if (!ok && sb is null) sb = new StringBuilder(s, 0, i, s.Length);
            if (ok) sb?.Append(ch);
        }
        var clean = sb?.ToString() ?? s;
        return clean.Length > MaxCellText ? clean[..MaxCellText] : clean;
    }

    /// <summary>A1-style column letters for a zero-based index (0 → A, 26 → AA).</summary>
    public static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26) name = (char)('A' + (n - 1) % 26) + name;
        return name;
    }

    /// <summary>Characters as Excel lays them out: CJK and full-width characters take two columns.</summary>
    public static int DisplayWidth(string s) => s.Sum(ch => ch >= 0x2E80 ? 2 : 1);

    private static double FitWidth(XlsxSheet s, int c)
    {
        var width = DisplayWidth(s.Headers[c]) + 2; // room for the filter button
        foreach (var row in s.Rows.Take(500))
        {
            var v = c < row.Length ? row[c] : null;
            var len = v switch
            {
                null => 0,
                DateOnly => 10,
                DateTime dt => dt.TimeOfDay == TimeSpan.Zero ? 10 : 16,
                DateTimeOffset => 16,
                string str => DisplayWidth(str.Length > 200 ? str[..200] : str),
                _ => DisplayWidth(Convert.ToString(v, CultureInfo.InvariantCulture) ?? ""),
            };
            width = Math.Max(width, len);
        }
        return Math.Clamp(width + 2, 8, 60);
    }

    private static string SheetName(string name, HashSet<string> used)
    {
        var clean = new string((name ?? "").Where(ch => "[]:*?/\\".IndexOf(ch) < 0).ToArray()).Trim('\'').Trim();
        if (clean.Length == 0) clean = "Sheet";
        if (clean.Length > 31) clean = clean[..31];
        var candidate = clean;
        for (var n = 2; !used.Add(candidate); n++) candidate = clean[..Math.Min(clean.Length, 28)] + $"({n})";
        return candidate;
    }

    private static Stylesheet Styles() => new(
        new NumberingFormats(
            new NumberingFormat { NumberFormatId = 164U, FormatCode = "yyyy-mm-dd" },
            new NumberingFormat { NumberFormatId = 165U, FormatCode = "yyyy-mm-dd hh:mm" })
        { Count = 2U },
        new Fonts(
            new Font(new FontSize { Val = 11D }, new FontName { Val = "Calibri" }),
            new Font(new Bold(), new FontSize { Val = 11D }, new FontName { Val = "Calibri" }))
        { Count = 2U },
        new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFE9ECEF" }, new BackgroundColor { Indexed = 64U }) { PatternType = PatternValues.Solid }))
        { Count = 3U },
        new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1U },
        new CellStyleFormats(new CellFormat { NumberFormatId = 0U, FontId = 0U, FillId = 0U, BorderId = 0U }) { Count = 1U },
        new CellFormats(
            new CellFormat { NumberFormatId = 0U, FontId = 0U, FillId = 0U, BorderId = 0U, FormatId = 0U },                                     // 0 default
            new CellFormat { NumberFormatId = 0U, FontId = 1U, FillId = 2U, BorderId = 0U, FormatId = 0U, ApplyFont = true, ApplyFill = true }, // 1 header
            new CellFormat { NumberFormatId = 164U, FontId = 0U, FillId = 0U, BorderId = 0U, FormatId = 0U, ApplyNumberFormat = true },        // 2 date
            new CellFormat { NumberFormatId = 165U, FontId = 0U, FillId = 0U, BorderId = 0U, FormatId = 0U, ApplyNumberFormat = true },        // 3 date-time
            new CellFormat { NumberFormatId = 1U, FontId = 0U, FillId = 0U, BorderId = 0U, FormatId = 0U, ApplyNumberFormat = true },          // 4 0
            new CellFormat { NumberFormatId = 2U, FontId = 0U, FillId = 0U, BorderId = 0U, FormatId = 0U, ApplyNumberFormat = true },          // 5 0.00
            new CellFormat { NumberFormatId = 4U, FontId = 0U, FillId = 0U, BorderId = 0U, FormatId = 0U, ApplyNumberFormat = true },          // 6 #,##0.00
            new CellFormat { NumberFormatId = 10U, FontId = 0U, FillId = 0U, BorderId = 0U, FormatId = 0U, ApplyNumberFormat = true },         // 7 0.00%
            new CellFormat { NumberFormatId = 49U, FontId = 0U, FillId = 0U, BorderId = 0U, FormatId = 0U, ApplyNumberFormat = true })         // 8 @
        { Count = 9U },
        new CellStyles(new CellStyle { Name = "Normal", FormatId = 0U, BuiltinId = 0U }) { Count = 1U });
}
