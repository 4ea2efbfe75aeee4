namespace ParkOps.Web.Features.Imports.Contracts;

// the problem rows every importer reports in the same shape (Imports' own files and Metering's readings), so a page
// shows them alike
/// <summary>One problem of one cell: the row as Excel numbers it, the column's header as written in the file, the value and why.</summary>
public sealed record ImportProblem(int Row, string Column, string? Value, string Reason, string Rule);
