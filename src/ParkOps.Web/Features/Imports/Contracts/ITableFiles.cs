namespace ParkOps.Web.Features.Imports.Contracts;

/// <summary>One data row of an uploaded table: its row number in the file (as the user sees it) and its cells (null = blank).</summary>
public sealed record SheetRow(int Number, string?[] Cells);

/// <summary>An uploaded table: its format (xlsx/csv), the header row's number (as the user sees it), header texts and rows.</summary>
public sealed record SheetTable(string Format, int HeaderRow, IReadOnlyList<string> Headers, IReadOnlyList<SheetRow> Rows);

/// <summary>
/// The import foundation's readers and writers for other areas (owner: Imports; callers: Reporting's quarterly import
/// and export): .xlsx/.csv read with header detection and encoding guessing, .xlsx written with real numbers.
/// </summary>
public interface ITableFiles
{
    long MaxBytes { get; }

    /// <summary>Reads the file; an unreadable file, a wrong type or too many rows refuse with a ValidationException (400) naming "file".</summary>
    SheetTable Read(string fileName, byte[] bytes);

    /// <summary>Header texts matched as people write them (case, spaces, "*", a unit in brackets do not matter).</summary>
    string NormaliseHeader(string header);

    /// <summary>One sheet of .xlsx: a bold frozen header row and the rows' values (numbers stay numbers).</summary>
    byte[] WriteXlsx(string sheetName, IReadOnlyList<string> headers, IReadOnlyList<object?[]> rows);

    /// <summary>A ValidationException on "file" with this message (for refusals of the file as a whole).</summary>
    Exception Refuse(string message);
}
