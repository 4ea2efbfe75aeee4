using System.Data.Common;
using static ParkOps.Bench.PlainReads;
using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Monitoring;
using ParkOps.Web.Data;

namespace ParkOps.Bench.Dashboard;

/// <summary>
/// The ceiling of a dashboard: the rows the KPIs are computed from, read with a plain ADO.NET reader on the application's
/// own connection (same pool, same SQLite pragmas) — the same tables, the same columns and the same filters as the
/// contracts' reads (sums grouped in the database where the contracts group them, with the engine's own SUM), every value
/// fetched with its typed getter and folded into a sum. No EF Core, no objects per row, no KPI: what any gather of the same
/// data must at least pay.
/// </summary>
public static class Ceilings
{
    /// <summary>The rows of the region's parks (<paramref name="region"/> true: the parks of region <paramref name="id"/>) or of park <paramref name="id"/>.</summary>
    public static async Task<ReadTally> DashboardAsync(ParkOpsDb db, bool region, long id, IReadOnlyList<Quarter> quarters, IReadOnlyList<DateOnly> ends)
    {
        await db.Database.OpenConnectionAsync();
        var conn = db.Database.GetDbConnection();
        var parks = region ? """IN (SELECT "Id" FROM "Parks" WHERE "RegionId" = @id)""" : "= @id";
        var (first, last) = (quarters[0], quarters[^1]);
        var (firstDay, lastEnd) = (ends.Min(), ends.Max());
        var t = await ReadAsync(conn, $"""
            SELECT "Id", "Name", "Code", "RegionId", "LandMu", "LeadingIndustryPrefixes", "ChainStages", "ChainServices" FROM "Parks" WHERE "Id" {parks}
            """, [("@id", id)], r => r.GetInt64(0) + r.GetString(1).Length + r.GetString(2).Length + r.GetInt64(3) + (double)r.GetDecimal(4) + S(r, 5) + S(r, 6) + S(r, 7));
        t += await ReadAsync(conn, $"""SELECT "ParkId", "AreaSqm" FROM "Units" WHERE "ParkId" {parks} AND "Status" <> 'NotLeasable'""", [("@id", id)],
            r => r.GetInt64(0) + (double)r.GetDecimal(1));
        const string Held = """ "State" NOT IN ('Intent', 'Approved', 'Cancelled') AND "StartDate" <= @last AND COALESCE("TerminatedOn", "EndDate") >= @first """;
        t += await ReadAsync(conn, $"""SELECT "Id", "ParkId", "StartDate", COALESCE("TerminatedOn", "EndDate") FROM "Leases" WHERE "ParkId" {parks} AND {Held}""",
            [("@id", id), ("@first", firstDay), ("@last", lastEnd)], r => r.GetInt64(0) + r.GetInt64(1) + r.GetFieldValue<DateOnly>(2).DayNumber + r.GetFieldValue<DateOnly>(3).DayNumber);
        t += await ReadAsync(conn, $"""
            SELECT u."Id", u."LeaseId", u."UnitId", u."AreaSqm" FROM "LeaseUnits" u JOIN "Leases" l ON l."Id" = u."LeaseId" WHERE l."ParkId" {parks} AND {Held.Replace("\"State\"", "l.\"State\"").Replace("\"StartDate\"", "l.\"StartDate\"").Replace("\"TerminatedOn\"", "l.\"TerminatedOn\"").Replace("\"EndDate\"", "l.\"EndDate\"")}
            """, [("@id", id), ("@first", firstDay), ("@last", lastEnd)], r => r.GetInt64(0) + r.GetInt64(1) + r.GetInt64(2) + (double)r.GetDecimal(3));
        t += await ReadAsync(conn, $"""
            SELECT "Id", "ParkId", "Name", "Status", "IndustryCode", "ChainStages", "CreatedAt", "UpdatedAt" FROM "Enterprises" WHERE "ParkId" {parks}
            """, [("@id", id)], r => r.GetInt64(0) + r.GetInt64(1) + r.GetString(2).Length + r.GetString(3).Length + r.GetString(4).Length + r.GetString(5).Length
                + r.GetDateTime(6).Ticks % 1000 + r.GetDateTime(7).Ticks % 1000);
        t += await ReadAsync(conn, $"""
            SELECT "ParkId", "EnterpriseId", MIN("DecidedAt") FROM "AdmissionDecisions" WHERE "ParkId" {parks} AND "Outcome" IN ('Approve', 'Conditional') GROUP BY "ParkId", "EnterpriseId"
            """, [("@id", id)], r => r.GetInt64(0) + r.GetInt64(1) + r.GetDateTime(2).Ticks % 1000);
        t += await ReadAsync(conn, $"""
            SELECT "ParkId", "EnterpriseId", MAX("ClosedAt") FROM "ExitCases" WHERE "ParkId" {parks} AND "State" = 'Completed' AND "ClosedAt" IS NOT NULL GROUP BY "ParkId", "EnterpriseId"
            """, [("@id", id)], r => r.GetInt64(0) + r.GetInt64(1) + r.GetDateTime(2).Ticks % 1000);
        var from = first.Plus(-4);
        t += await ReadAsync(conn, $"""
            SELECT "ParkId", "Year", "QuarterNumber", COUNT(*), SUM("Tax"), SUM("Output") FROM "QuarterlyReports"
            WHERE "ParkId" {parks} AND "State" = 'Submitted' AND "Year" >= @y0 AND "Year" <= @y1 GROUP BY "ParkId", "Year", "QuarterNumber"
            """, [("@id", id), ("@y0", from.Year), ("@y1", last.Year)], r => r.GetInt64(0) + r.GetInt32(1) + r.GetInt32(2) + r.GetInt64(3) + r.GetDouble(4) + r.GetDouble(5));
        t += await ReadAsync(conn, $"""
            SELECT "ParkId", "CreatedAt", "Category", "RespondedAt", "Rating" FROM "Tickets"
            WHERE "ParkId" {parks} AND "Kind" = 'Request' AND "CreatedAt" >= @t0 AND "CreatedAt" < @t1
            """, [("@id", id), ("@t0", first.FirstDay.AddDays(-1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)), ("@t1", last.LastDay.AddDays(2).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc))],
            r => r.GetInt64(0) + r.GetDateTime(1).Ticks % 1000 + r.GetString(2).Length + (r.IsDBNull(3) ? 0 : r.GetDateTime(3).Ticks % 1000) + (r.IsDBNull(4) ? 0 : r.GetInt32(4)));
        t += await ReadAsync(conn, $"""
            SELECT b."ParkId", b."Month", l."Kind", SUM(l."Amount") FROM "BillLines" l JOIN "Bills" b ON b."Id" = l."BillId"
            WHERE b."ParkId" {parks} AND l."ParkId" = b."ParkId" AND b."State" <> 'Cancelled' AND b."Month" >= @m0 AND b."Month" < @m1 GROUP BY b."ParkId", b."Month", l."Kind"
            """, [("@id", id), ("@m0", first.FirstDay), ("@m1", last.LastDay.AddDays(1))], r => r.GetInt64(0) + r.GetFieldValue<DateOnly>(1).DayNumber + r.GetString(2).Length + r.GetDouble(3));
        t += await ReadAsync(conn, $"""SELECT "ParkId", "TargetPercent" FROM "ServiceSettings" WHERE "ParkId" {parks}""", [("@id", id)], r => r.GetInt64(0) + (double)r.GetDecimal(1));
        t += await ReadAsync(conn, $"""
            SELECT "Id", "ParkId", "Type", "Severity", "State", "EnterpriseId", "RaisedAt", "EvidenceJson", "StateChangedAt", "UpdatedAt" FROM "RiskAlerts" WHERE "ParkId" {parks}
            """, [("@id", id)], r => r.GetInt64(0) + r.GetInt64(1) + r.GetString(2).Length + r.GetString(3).Length + r.GetString(4).Length + (r.IsDBNull(5) ? 0 : r.GetInt64(5))
                + r.GetDateTime(6).Ticks % 1000 + r.GetString(7).Length + (r.IsDBNull(8) ? 0 : r.GetDateTime(8).Ticks % 1000) + r.GetDateTime(9).Ticks % 1000);
        t += await ReadAsync(conn, $"""
            SELECT "ParkId", "OfferParkId", "NeedEnterpriseId", "OfferEnterpriseId", "DeliveredOn" FROM "Collaborations"
            WHERE ("ParkId" {parks} OR "OfferParkId" {parks}) AND "DeliveredOn" IS NOT NULL AND "DeliveredOn" >= @d0 AND "DeliveredOn" <= @d1 AND "State" IN ('Delivered', 'Closed', 'Disputed')
            """, [("@id", id), ("@d0", first.Plus(-3).FirstDay), ("@d1", lastEnd)],
            r => r.GetInt64(0) + r.GetInt64(1) + r.GetInt64(2) + r.GetInt64(3) + r.GetFieldValue<DateOnly>(4).DayNumber);
        return t;
    }

    /// <summary>
    /// The region's parks, their stamps and their kept quarter rows (<c>ParkQuarterSnapshots</c>) of the quarters asked:
    /// what the region view reads when its kept figures are current.
    /// </summary>
    public static async Task<ReadTally> KeptAsync(ParkOpsDb db, long regionId, IReadOnlyList<Quarter> quarters)
    {
        await db.Database.OpenConnectionAsync();
        var conn = db.Database.GetDbConnection();
        const string Parks = """IN (SELECT "Id" FROM "Parks" WHERE "RegionId" = @id)""";
        var t = await ReadAsync(conn, $"""SELECT "Id", "Name", "Code", "RegionId", "LandMu" FROM "Parks" WHERE "Id" {Parks}""", [("@id", regionId)],
            r => r.GetInt64(0) + r.GetString(1).Length + r.GetString(2).Length + r.GetInt64(3) + (double)r.GetDecimal(4));
        t += await ReadAsync(conn, $"""SELECT "ParkId", SUM("Weight") FROM "ParkChanges" WHERE "ParkId" {Parks} GROUP BY "ParkId" """, [("@id", regionId)],
            r => r.GetInt64(0) + r.GetInt64(1));
        t += await ReadAsync(conn, $"""
            SELECT "ParkId", "Quarter", "AsOf", "Stamp", "Shape", "ServiceTarget", "Facts" FROM "ParkQuarterSnapshots"
            WHERE "ParkId" {Parks} AND "Quarter" >= @q0 AND "Quarter" <= @q1
            """, [("@id", regionId), ("@q0", quarters[0].Index), ("@q1", quarters[^1].Index)],
            r => r.GetInt64(0) + r.GetInt32(1) + r.GetFieldValue<DateOnly>(2).DayNumber + r.GetInt64(3) + r.GetString(4).Length + (double)r.GetDecimal(5) + r.GetString(6).Length);
        return t;
    }

    private static int S(DbDataReader r, int i) => r.IsDBNull(i) ? 0 : r.GetString(i).Length;
}
