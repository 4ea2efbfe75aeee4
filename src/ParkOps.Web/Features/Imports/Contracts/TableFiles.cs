using Microsoft.Extensions.Localization;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Imports.Contracts;

/// <summary>A data row as Excel numbers it (header = its own row number) with its cells' text.</summary>
public sealed record TableFileRow(int Number, IReadOnlyList<string?> Cells);

/// <summary>A spreadsheet read into text: the header row's number and texts, and the non-empty rows below.</summary>
public sealed record TableFile(int HeaderRow, IReadOnlyList<string> Headers, IReadOnlyList<TableFileRow> Rows);

/// <summary>
/// Imports' file reader for other areas (owner: Imports; callers: Evaluation's <c>evaluate mujun</c>): .xlsx and .csv
/// (UTF-8, UTF-16, GB18030) as the importers read them. An unreadable file is a FluentValidation error on <c>file</c>.
/// </summary>
public static class TableFiles
{
    public static TableFile Read(string fileName, byte[] bytes, IStringLocalizer<Text> t)
    {
        var table = TableReader.Read(fileName, bytes, t);
        return new TableFile(table.HeaderRow, table.Headers, table.Rows.Select(r => new TableFileRow(r.Number, r.Cells)).ToList());
    }
}
