using System.Data.Common;
using static ParkOps.Bench.PlainReads;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Data;

namespace ParkOps.Bench.Evaluation;

/// <summary>
/// The ceilings of the database cases: the rows and columns the rules need, read per park with a plain ADO.NET reader
/// on the application's own connection (same pool, same SQLite pragmas), every value fetched with its typed getter and
/// folded into a sum. No EF Core, no objects per row, no engine: what any gather of the same data must at least pay.
/// </summary>
public static class Ceilings
{
    /// <summary>
    /// 亩均: the year's submitted reports summed per firm in the database (as the service asks for them), the
    /// buildings, the occupied units, the enterprises' archive facts. The sums are the engine's own (SQLite's SUM over
    /// the stored text, PostgreSQL's over numeric), cheaper than the exact decimal sums the service asks for.
    /// </summary>
    public static async Task<ReadTally> MujunAsync(ParkOpsDb db, long parkId, int year)
    {
        var conn = await OpenAsync(db);
        var t = await ReadAsync(conn, """
            SELECT "EnterpriseId", COUNT(*), SUM("Tax"), SUM("ValueAdded"), SUM("MainRevenue"), SUM("RdSpend"), SUM("EnergyTce"), COUNT("EmissionsT"), SUM("EmissionsT"), SUM("ElectricityKwh"), SUM("AvgHeadcount")
            FROM "QuarterlyReports" WHERE "ParkId" = @p AND "Year" = @y AND "State" = 'Submitted' GROUP BY "EnterpriseId"
            """, [("@p", parkId), ("@y", year)], r =>
            r.GetInt64(0) + r.GetInt64(1) + r.GetDouble(2) + r.GetDouble(3) + r.GetDouble(4) + r.GetDouble(5) + r.GetDouble(6)
                + r.GetInt64(7) + (r.IsDBNull(8) ? 0 : r.GetDouble(8)) + r.GetDouble(9) + r.GetDouble(10));
        t += await ReadAsync(conn, """SELECT "Id", "LandMu", "FloorAreaSqm" FROM "Buildings" WHERE "ParkId" = @p""", [("@p", parkId)],
            r => r.GetInt64(0) + (double)(r.GetDecimal(1) + r.GetDecimal(2)));
        t += await ReadAsync(conn, """SELECT "OccupantEnterpriseId", "BuildingId", "AreaSqm" FROM "Units" WHERE "ParkId" = @p AND "OccupantEnterpriseId" IS NOT NULL""", [("@p", parkId)],
            r => r.GetInt64(0) + r.GetInt64(1) + (double)r.GetDecimal(2));
        t += await ReadAsync(conn, """SELECT "Id", "Status", "SizeClass", "IndustryCode", "EstablishedOn" FROM "Enterprises" WHERE "ParkId" = @p""", [("@p", parkId)],
            r => r.GetInt64(0) + r.GetString(1).Length + r.GetString(2).Length + r.GetString(3).Length + (r.IsDBNull(4) ? 0 : r.GetFieldValue<DateOnly>(4).DayNumber));
        return t;
    }

    /// <summary>Only the reports of the risk ceiling: the columns the rules use of every report in the quarters read.</summary>
    public static Task<ReadTally> RiskReportsAsync(ParkOpsDb db, long parkId, int fromIndex, int toIndex) => RiskReportsAsync(db, parkId, fromIndex, toIndex, null);

    /// <param name="latest">when given, each firm's latest submitted report (quarter index, id), as the service picks whose customers to read</param>
    private static async Task<ReadTally> RiskReportsAsync(ParkOpsDb db, long parkId, int fromIndex, int toIndex, Dictionary<long, (int Index, long Id)>? latest)
    {
        var conn = await OpenAsync(db);
        return await ReadAsync(conn, """
            SELECT "Id", "EnterpriseId", "Year", "QuarterNumber", "State", "SubmittedAt", "Output", "MainRevenue", "ElectricityKwh", "AvgHeadcount",
                   "NetProfit", "TotalAssets", "TotalLiabilities", "PatentsHeld", "OpenPosts"
            FROM "QuarterlyReports" WHERE "ParkId" = @p AND "Year" * 4 + "QuarterNumber" - 1 >= @lo AND "Year" * 4 + "QuarterNumber" - 1 <= @hi
            """, [("@p", parkId), ("@lo", fromIndex), ("@hi", toIndex)], r =>
        {
            var state = r.GetString(4);
            if (latest is not null && state == "Submitted")
            {
                var (firm, index) = (r.GetInt64(1), r.GetInt32(2) * 4 + r.GetInt32(3) - 1);
                if (!latest.TryGetValue(firm, out var known) || known.Index < index) latest[firm] = (index, r.GetInt64(0));
            }
            return r.GetInt64(0) + r.GetInt64(1) + r.GetInt32(2) + r.GetInt32(3) + state.Length + (r.IsDBNull(5) ? 0 : r.GetDateTime(5).Ticks % 1000)
                + (double)(r.GetDecimal(6) + r.GetDecimal(7) + r.GetDecimal(8) + r.GetDecimal(9) + r.GetDecimal(10) + r.GetDecimal(11) + r.GetDecimal(12)) + r.GetInt32(13) + (r.IsDBNull(14) ? 0 : r.GetInt32(14));
        });
    }

    /// <summary>
    /// Risk: the reports of the quarters read, the customers of each firm's latest submitted one (ids passed as one
    /// array or JSON parameter, as the service does), the park's enterprises, the area of the leases in force, the
    /// overdue bills.
    /// </summary>
    public static async Task<ReadTally> RiskAsync(ParkOpsDb db, long parkId, int fromIndex, int toIndex, DateOnly month, DateOnly today)
    {
        var latest = new Dictionary<long, (int Index, long Id)>();
        var t = await RiskReportsAsync(db, parkId, fromIndex, toIndex, latest);
        var conn = await OpenAsync(db);
        var ids = latest.Values.Select(v => v.Id).ToArray();
        var pg = db.Database.IsNpgsql();
        t += await ReadAsync(conn, $"""
            SELECT c."ReportId", c."CustomerEnterpriseId", c."Name", c."SharePercent" FROM "ReportCustomers" c
            WHERE c."ReportId" {(pg ? "= ANY(@ids)" : "IN (SELECT value FROM json_each(@ids))")}
            """, [("@ids", pg ? ids : System.Text.Json.JsonSerializer.Serialize(ids))], r =>
            r.GetInt64(0) + (r.IsDBNull(1) ? 0 : r.GetInt64(1)) + r.GetString(2).Length + (double)r.GetDecimal(3));
        t += await ReadAsync(conn, """SELECT "Id", "Name", "Status", "IsChainLeader", "ChainStages", "EstablishedOn" FROM "Enterprises" WHERE "ParkId" = @p""", [("@p", parkId)],
            r => r.GetInt64(0) + r.GetString(1).Length + r.GetString(2).Length + (r.GetBoolean(3) ? 1 : 0) + r.GetString(4).Length + (r.IsDBNull(5) ? 0 : r.GetFieldValue<DateOnly>(5).DayNumber));
        t += await ReadAsync(conn, """
            SELECT l."EnterpriseId", u."AreaSqm" FROM "Leases" l JOIN "LeaseUnits" u ON u."LeaseId" = l."Id"
            WHERE l."ParkId" = @p AND l."StartDate" <= @end AND l."EndDate" >= @m AND (l."TerminatedOn" IS NULL OR l."TerminatedOn" >= @m)
            """, [("@p", parkId), ("@m", month), ("@end", month.AddMonths(1).AddDays(-1))], r => r.GetInt64(0) + (double)r.GetDecimal(1));
        t += await ReadAsync(conn, """
            SELECT "EnterpriseId", "Month", "Total", "Paid" FROM "Bills" WHERE "ParkId" = @p AND "State" IN ('Issued', 'PartiallyPaid') AND "DueDate" < @today
            """, [("@p", parkId), ("@today", today)], r => r.GetInt64(0) + r.GetFieldValue<DateOnly>(1).DayNumber + (double)(r.GetDecimal(2) - r.GetDecimal(3)));
        return t;
    }

    private static async Task<DbConnection> OpenAsync(ParkOpsDb db)
    {
        await db.Database.OpenConnectionAsync();
        return db.Database.GetDbConnection();
    }
}
