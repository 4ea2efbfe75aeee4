using Microsoft.Extensions.Localization;
using ParkOps.Web.Features.Imports.Contracts;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Imports;

/// <summary><see cref="ITableFiles"/> over <see cref="TableReader"/> and <see cref="XlsxWriter"/>.</summary>
public sealed class TableFiles(IStringLocalizer<Text> t) : ITableFiles
{
    public long MaxBytes => TableReader.MaxBytes;

    public SheetTable Read(string fileName, byte[] bytes)
    {
        var table = TableReader.Read(fileName, bytes, t);
        return new SheetTable(table.Format, table.HeaderRow, table.Headers, table.Rows.Select(r => new SheetRow(r.Number, r.Cells)).ToList());
    }

    public string NormaliseHeader(string header) => ImportSchema.Normalise(header);

    public byte[] WriteXlsx(string sheetName, IReadOnlyList<string> headers, IReadOnlyList<object?[]> rows) => XlsxWriter.Write(new XlsxSheet
    {
        Name = sheetName, Headers = headers, Formats = headers.Select(_ => XlsxFormat.Auto).ToList(), Widths = headers.Select(_ => (double?)null).ToList(), Rows = rows,
    });

    public Exception Refuse(string message) => TableReader.Refuse(message);
}
