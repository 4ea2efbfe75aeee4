using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.Extensions.Localization;
using ParkOps.Web.Resources;
using Text = ParkOps.Web.Resources.Text;
using ValidationException = FluentValidation.ValidationException;

namespace ParkOps.Web.Features.Imports;

/// <summary>A data row as the user sees it in Excel: its row number (header = row 1) and its cells' text.</summary>
public sealed record TableRow(int Number, string?[] Cells);

/// <summary>A spreadsheet read into text: the header texts and the non-empty data rows below them.</summary>
public sealed record Table(string Format, string? Encoding, string? Sheet, int HeaderRow, IReadOnlyList<string> Headers, IReadOnlyList<TableRow> Rows);

/// <summary>
/// Reads the files park offices keep: .xlsx (first worksheet; shared and inline strings, numbers, dates stored as
/// OADate serials in date-formatted cells) and .csv (UTF-8 with or without BOM, UTF-16 with BOM, otherwise GB18030,
/// which is what Excel on a Chinese Windows saves as "CSV"). Every refusal is a 400 on the field <c>file</c>.
/// </summary>
public static class TableReader
{
    public const long MaxBytes = 10 * 1024 * 1024;
    public const int MaxRows = 20_000;
    public const int MaxColumns = 200;

    static TableReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Table Read(string fileName, byte[] bytes, IStringLocalizer<Text> t)
    {
        if (bytes.Length == 0) throw Refuse(t["Import.FileEmpty"]);
        if (bytes.Length > MaxBytes) throw Refuse(t["Import.FileTooLarge", MaxBytes / 1024 / 1024]);
        var ext = Path.GetExtension(fileName ?? "").ToLowerInvariant();
        var table = ext switch
        {
            ".xlsx" or ".xlsm" => ReadXlsx(bytes, t),
            ".csv" or ".txt" => ReadCsv(bytes, t),
            ".xls" or ".et" or ".wps" => throw Refuse(t["Import.FileOldExcel"]),
            _ => throw Refuse(t["Import.FileType", string.IsNullOrEmpty(ext) ? "?" : ext]),
        };
        if (table.Headers.Count == 0) throw Refuse(t["Import.FileNoHeader"]);
        if (table.Rows.Count == 0) throw Refuse(t["Import.FileNoRows"]);
        return table;
    }

    public static ValidationException Refuse(string message) =>
        new([new ValidationFailure("file", message) { ErrorCode = "FileMustBeReadable" }]);

    // ---------------------------------------------------------------- xlsx

    private static Table ReadXlsx(byte[] bytes, IStringLocalizer<Text> t)
    {
        // a zip starts with PK\3\4; anything else (an .xls renamed, a text file, random bytes) is not a workbook
        if (bytes.Length < 4 || bytes[0] != 'P' || bytes[1] != 'K') throw Refuse(t["Import.FileCorrupt"]);
        try
        {
            using var ms = new MemoryStream(bytes, writable: false);
            using var doc = SpreadsheetDocument.Open(ms, false, new OpenSettings { AutoSave = false });
            var book = doc.WorkbookPart ?? throw Refuse(t["Import.FileCorrupt"]);
            var sheet = book.Workbook?.Sheets?.Elements<Sheet>()
                .FirstOrDefault(s => s.Id?.Value is { } id && book.GetPartById(id) is WorksheetPart && s.State?.Value != SheetStateValues.Hidden)
                ?? throw Refuse(t["Import.FileCorrupt"]);
            var part = (WorksheetPart)book.GetPartById(sheet.Id!.Value!);
            var shared = book.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(ItemText).ToArray() ?? [];
            var dateStyles = DateStyles(book.WorkbookStylesPart?.Stylesheet);

            var rows = new List<TableRow>();
            string?[]? header = null;
            var headerRow = 0;
            var lastRow = 0;
            var scanned = 0;
            using var reader = OpenXmlReader.Create(part);
            while (reader.Read())
            {
                if (reader.ElementType != typeof(Row) || !reader.IsStartElement) continue;
                var row = (Row)reader.LoadCurrentElement()!;
                var number = row.RowIndex?.Value is { } ri ? (int)ri : lastRow + 1;
                lastRow = number;
                // blank but formatted rows are skipped; a sheet with hundreds of thousands of them is not a list
                if (++scanned > MaxRows * 10) throw Refuse(t["Import.FileTooManyRows", MaxRows]);
                var cells = new List<string?>();
                var next = 0;
                foreach (var cell in row.Elements<Cell>())
                {
                    var col = cell.CellReference?.Value is { } r ? ColumnIndex(r) : next;
                    if (col < 0 || col >= MaxColumns) { next++; continue; }
                    while (cells.Count <= col) cells.Add(null);
                    cells[col] = CellText(cell, shared, dateStyles);
                    next = col + 1;
                }
                if (cells.All(string.IsNullOrWhiteSpace)) continue;
                if (header is null) { header = [.. cells]; headerRow = number; continue; }
                rows.Add(new TableRow(number, [.. cells]));
                if (rows.Count > MaxRows) throw Refuse(t["Import.FileTooManyRows", MaxRows]);
            }
            return new Table("xlsx", null, sheet.Name?.Value, headerRow, Headers(header), rows);
        }
        catch (ValidationException) { throw; }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or FileFormatException or IOException
                                       or InvalidOperationException or ArgumentException or FormatException or System.Xml.XmlException
                                       or KeyNotFoundException or NotSupportedException or OverflowException or InvalidCastException)
        {
            throw Refuse(t["Import.FileCorrupt"]);
        }
    }

    private static IReadOnlyList<string> Headers(string?[]? header)
    {
        if (header is null) return [];
        // trailing empty header cells are formatting, not columns
        var n = header.Length;
        while (n > 0 && string.IsNullOrWhiteSpace(header[n - 1])) n--;
        return header.Take(n).Select(h => (h ?? "").Trim()).ToList();
    }

    /// <summary>The visible text of a shared or inline string: its text or runs, without phonetic (ruby) runs.</summary>
    private static string ItemText(OpenXmlElement item)
    {
        var sb = new StringBuilder();
        foreach (var child in item.ChildElements)
        {
            if (child is DocumentFormat.OpenXml.Spreadsheet.Text tx) sb.Append(tx.Text);
            else if (child is Run run) foreach (var rt in run.Elements<DocumentFormat.OpenXml.Spreadsheet.Text>()) sb.Append(rt.Text);
        }
        return sb.ToString();
    }

    private static string? CellText(Cell cell, string[] shared, HashSet<uint> dateStyles)
    {
        var raw = cell.CellValue?.Text;
        string? text;
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
            text = int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < shared.Length ? shared[i] : null;
        else if (type == CellValues.InlineString)
            text = cell.InlineString is { } isx ? ItemText(isx) : raw;
        else if (type == CellValues.Boolean)
            text = raw == "1" ? "TRUE" : raw == "0" ? "FALSE" : raw;
        else if (type == CellValues.String || type == CellValues.Error || type == CellValues.Date)
            text = raw;
        else if (string.IsNullOrEmpty(raw))
            text = null;
        else if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            text = cell.StyleIndex?.Value is { } s && dateStyles.Contains(s) && d is > -657435 and < 2958466 ? OaDate(d) : Plain(d, raw);
        else
            text = raw;
        text = text?.Trim();
        return string.IsNullOrEmpty(text) ? null : text;
    }

    /// <summary>A date serial as ISO text (the parsers downstream read yyyy-MM-dd).</summary>
    private static string OaDate(double d)
    {
        var dt = DateTime.FromOADate(d);
        return dt.TimeOfDay == TimeSpan.Zero ? dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : dt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
    }

    /// <summary>Numbers as Excel shows them: 15 significant digits, no exponent (13800138000, 612.5).</summary>
    private static string Plain(double d, string raw)
    {
        try { return ((decimal)d).ToString(CultureInfo.InvariantCulture); }
        catch (OverflowException) { return raw; }
    }

    /// <summary>Style indexes whose number format shows a date or time (built-in ids, or a custom code with y/m/d/h/s).</summary>
    private static HashSet<uint> DateStyles(Stylesheet? styles)
    {
        var set = new HashSet<uint>();
        if (styles?.CellFormats is null) return set;
        var custom = styles.NumberingFormats?.Elements<NumberingFormat>()
            .Where(n => n.NumberFormatId?.Value is not null)
            .ToDictionary(n => n.NumberFormatId!.Value, n => n.FormatCode?.Value ?? "") ?? [];
        uint index = 0;
        foreach (var xf in styles.CellFormats.Elements<CellFormat>())
        {
            var id = xf.NumberFormatId?.Value ?? 0;
            if (IsBuiltInDate(id) || custom.TryGetValue(id, out var code) && IsDateFormat(code)) set.Add(index);
            index++;
        }
        return set;
    }

    private static bool IsBuiltInDate(uint id) => id is (>= 14 and <= 22) or (>= 27 and <= 36) or (>= 45 and <= 47) or (>= 50 and <= 58);

    /// <summary>A format code shows a date when, outside quoted text, escapes and [..] sections, it uses y, m, d, h or s.</summary>
    public static bool IsDateFormat(string code)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Equals("General", StringComparison.OrdinalIgnoreCase)) return false;
        var section = code.Split(';')[0];
        var inQuote = false; var inBracket = false;
        for (var i = 0; i < section.Length; i++)
        {
            var ch = section[i];
            if (inQuote) { if (ch == '"') inQuote = false; continue; }
            if (inBracket) { if (ch == ']') inBracket = false; continue; }
            switch (ch)
            {
                case '"': inQuote = true; continue;
                case '[': inBracket = true; continue;
                case '\\' or '_' or '*': i++; continue;
            }
            if ("yYmMdDhHsS".Contains(ch)) return true;
            if (ch is '年' or '月' or '日') return true;
        }
        return false;
    }

    /// <summary>Zero-based column of an A1 reference ("C7" → 2).</summary>
    public static int ColumnIndex(string reference)
    {
        var n = 0;
        foreach (var ch in reference)
        {
            var u = char.ToUpperInvariant(ch);
            if (u is < 'A' or > 'Z') break;
            n = n * 26 + (u - 'A' + 1);
            if (n > 16384) return -1;
        }
        return n - 1;
    }

    // ---------------------------------------------------------------- csv

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes CSV bytes and says which encoding it took: BOMs first, then strict UTF-8, else GB18030 (a superset of GBK).</summary>
    public static (string Text, string Encoding) Decode(byte[] bytes)
    {
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
            return (StrictDecode(StrictUtf8, bytes, 3), "UTF-8 (BOM)");
        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
            return (StrictDecode(new UnicodeEncoding(false, false, true), bytes, 2), "UTF-16LE (BOM)");
        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
            return (StrictDecode(new UnicodeEncoding(true, false, true), bytes, 2), "UTF-16BE (BOM)");
        try { return (StrictUtf8.GetString(bytes), "UTF-8"); }
        catch (DecoderFallbackException) { }
        var gb = Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        return (StrictDecode(gb, bytes, 0), "GB18030");
    }

    private static string StrictDecode(Encoding e, byte[] bytes, int offset) => e.GetString(bytes, offset, bytes.Length - offset);

    private static Table ReadCsv(byte[] bytes, IStringLocalizer<Text> t)
    {
        if (bytes.Length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4) throw Refuse(t["Import.FileCsvIsZip"]);
        string text, encoding;
        try { (text, encoding) = Decode(bytes); }
        catch (DecoderFallbackException) { throw Refuse(t["Import.FileNotText"]); }
        // NUL and other control characters do not occur in text a person saved from Excel
        if (text.Any(ch => ch < 0x20 && ch is not ('\r' or '\n' or '\t'))) throw Refuse(t["Import.FileNotText"]);
        if (string.IsNullOrWhiteSpace(text)) throw Refuse(t["Import.FileEmpty"]);

        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = Delimiter(text),
            BadDataFound = null,
            MissingFieldFound = null,
            IgnoreBlankLines = true,
            TrimOptions = TrimOptions.None,
            DetectColumnCountChanges = false,
        };
        var rows = new List<TableRow>();
        string?[]? header = null;
        var headerRow = 0;
        try
        {
            using var parser = new CsvParser(new StringReader(text), config);
            while (parser.Read())
            {
                var record = parser.Record ?? [];
                if (record.Length > MaxColumns) record = record[..MaxColumns];
                var cells = record.Select(c => string.IsNullOrWhiteSpace(c) ? null : c.Trim()).ToArray();
                if (cells.All(c => c is null)) continue;
                if (header is null) { header = cells; headerRow = parser.Row; continue; }
                rows.Add(new TableRow(parser.Row, cells));
                if (rows.Count > MaxRows) throw Refuse(t["Import.FileTooManyRows", MaxRows]);
            }
        }
        catch (CsvHelperException) { throw Refuse(t["Import.FileNotText"]); }
        return new Table("csv", encoding, null, headerRow, Headers(header), rows);
    }

    /// <summary>Comma unless the header line holds more semicolons or tabs (European Excel, "Unicode text").</summary>
    private static string Delimiter(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        var first = end < 0 ? text : text[..end];
        var counts = new[] { (",", first.Count(c => c == ',')), (";", first.Count(c => c == ';')), ("\t", first.Count(c => c == '\t')) };
        var best = counts.MaxBy(c => c.Item2);
        return best.Item2 == 0 ? "," : best.Item1;
    }
}
