using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using ParkOps.Domain.Benefits;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Audit;
using ParkOps.Web.Features.Contribution;

namespace ParkOps.Bench.Evaluation;

/// <summary>
/// The ceilings of the benefits case (issue 14: scores and rebates for 100,000 enterprises under 5 s). Each step reads
/// the rows and columns the service's computation uses (same tables, same filters) with a plain ADO.NET reader on the
/// application's connection, folds them into the pure engines' inputs (<see cref="ContributionEngine"/>,
/// <see cref="RebateAllocator"/>), runs the engine, and writes the same number of result rows with the engine's plain
/// bulk path (<see cref="SetWriter"/>: binary COPY on PostgreSQL, one prepared INSERT on SQLite) into the same tables
/// (their keys, indexes and foreign keys) in one transaction: the ceiling pays the same constraints. The firms' active
/// days are counted in the database by the service's own statement. Publishing sets every enterprise's score (one
/// statement per engine's fastest way) and writes one audit row for the park's set, as the service does. What a ceiling
/// leaves out: the settings and scope checks, the year and change rules of publishing, the answer the API returns.
/// </summary>
public static class BenefitsCeiling
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record Step(double Ms, long RowsRead, int RowsWritten);

    /// <summary>(a) the year's score run: read, fold, score, write the run and one result row per enterprise in the park.</summary>
    public static async Task<(Step Step, long RunId)> ScoresAsync(ParkOpsDb db, long parkId, int year)
    {
        var sw = Stopwatch.StartNew();
        var conn = await OpenAsync(db);
        var pg = db.Database.IsNpgsql();
        var (from, to) = (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        var points = ContributionPoints.Default;
        long read = 0;
        var ids = new List<long>();
        read += await ReadAsync(conn, """SELECT "Id", "Status" FROM "Enterprises" WHERE "ParkId" = @p""", [("@p", parkId)], r =>
        {
            if (r.GetString(1) is "Admitted" or "Conditional" or "Exiting") ids.Add(r.GetInt64(0));
        });
        ids.Sort();
        var index = new Dictionary<long, int>(ids.Count);
        for (var i = 0; i < ids.Count; i++) index[ids[i]] = i;
        var values = new decimal[ids.Count][];
        for (var i = 0; i < values.Length; i++) values[i] = new decimal[BenefitsSettings.IndicatorCount];
        void Add(long firm, ContributionIndicator k, decimal v) { if (index.TryGetValue(firm, out var i)) values[i][(int)k] += v; }

        var collabs = new List<(long Need, long Offer, decimal Amount, decimal? Qty, string? Unit, long NeedPost, long OfferPost)>();
        read += await ReadAsync(conn, """
            SELECT "NeedEnterpriseId", "OfferEnterpriseId", "Amount", "Quantity", "Unit", "NeedPostId", "OfferPostId" FROM "Collaborations"
            WHERE ("ParkId" = @p OR "OfferParkId" = @p) AND "DeliveredOn" IS NOT NULL AND "DeliveredOn" >= @from AND "DeliveredOn" <= @to AND "State" IN ('Delivered', 'Closed', 'Disputed')
            """, [("@p", parkId), ("@from", from), ("@to", to)], r =>
            collabs.Add((r.GetInt64(0), r.GetInt64(1), r.IsDBNull(2) ? 0 : r.GetDecimal(2), r.IsDBNull(3) ? null : r.GetDecimal(3), r.IsDBNull(4) ? null : r.GetString(4), r.GetInt64(5), r.GetInt64(6))));
        var postIds = collabs.SelectMany(c => new[] { c.NeedPost, c.OfferPost }).Distinct().ToArray();
        var kinds = new Dictionary<long, string>(postIds.Length);
        read += await ReadAsync(conn, $"""SELECT "Id", "Kind", "Title" FROM "Posts" WHERE "Id" {In(pg)}""", [("@ids", Ids(pg, postIds))], r => { kinds[r.GetInt64(0)] = r.GetString(1); _ = r.GetString(2); });
        foreach (var c in collabs)
        {
            Add(c.Need, ContributionIndicator.OrderCollaboration, c.Amount);
            if (c.Offer != c.Need) Add(c.Offer, ContributionIndicator.OrderCollaboration, c.Amount);
            if (kinds[c.OfferPost] == "EquipmentOffer")
                Add(c.Offer, ContributionIndicator.TechnologySharing, c.Unit is "小时" && c.Qty is > 0 ? c.Qty.Value * points.EquipmentHour : points.EquipmentLoan);
            if (kinds[c.NeedPost] == "TechNeed") Add(c.Offer, ContributionIndicator.TechnologySharing, points.TechPostSolved);
        }

        var orders = new List<long>();
        read += await ReadAsync(conn, """SELECT "Id", "SettledAt", "Product" FROM "UnifiedOrders" WHERE "ParkId" = @p AND "State" = 'Settled' AND "SettledAt" >= @s AND "SettledAt" < @e""",
            [("@p", parkId), ("@s", from.AddDays(-1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)), ("@e", to.AddDays(2).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc))], r =>
            {
                var day = DateOnly.FromDateTime(r.GetDateTime(1).AddHours(8));
                if (day >= from && day <= to) orders.Add(r.GetInt64(0));
                _ = r.GetString(2);
            });
        read += await ReadAsync(conn, $"""SELECT "EnterpriseId", "FulfilledAmount" FROM "UnifiedOrderParts" WHERE "OrderId" {In(pg)} AND "FulfilledAmount" IS NOT NULL""",
            [("@ids", Ids(pg, orders.ToArray()))], r => { var a = r.GetDecimal(1); if (a > 0) Add(r.GetInt64(0), ContributionIndicator.OrderCollaboration, a); });

        read += await ReadAsync(conn, """SELECT "EnterpriseId", "Kind", "Hours", "Title" FROM "ContributionRecords" WHERE "ParkId" = @p AND "OccurredOn" >= @from AND "OccurredOn" <= @to""",
            [("@p", parkId), ("@from", from), ("@to", to)], r =>
            {
                var (k, v) = r.GetString(1) switch
                {
                    "JointRdProject" => (ContributionIndicator.TechnologySharing, points.JointRdProject),
                    "TalentReferral" => (ContributionIndicator.TalentMobility, points.Referral),
                    "InParkTransfer" => (ContributionIndicator.TalentMobility, points.Transfer),
                    "TrainingGiven" => (ContributionIndicator.TalentMobility, (r.IsDBNull(2) ? 0 : r.GetDecimal(2)) / points.TrainingHoursPerPoint),
                    "EventAttended" => (ContributionIndicator.PublicAffairs, points.EventAttended),
                    "DrillAttended" => (ContributionIndicator.PublicAffairs, points.DrillAttended),
                    _ => (ContributionIndicator.PublicAffairs, points.CommitteeRole),
                };
                _ = r.GetString(3);
                Add(r.GetInt64(0), k, v);
            });

        var users = new List<long>();
        var firms = new List<long>();
        read += await ReadAsync(conn, $"""SELECT "UserId", "EnterpriseId" FROM "RoleGrants" WHERE "Role" = 'EnterpriseUser' AND "EnterpriseId" {In(pg)}""",
            [("@ids", Ids(pg, ids.ToArray()))], r => { users.Add(r.GetInt64(0)); firms.Add(r.GetInt64(1)); });
        // the firms' active days counted in the database, each day once per firm (the service's statement: a join of the
        // accounts to their audit rows on the (ActorId, At) index, grouped per firm)
        var (start, end) = (from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddHours(-8), to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddHours(-8));
        read += await ReadAsync(conn, pg
            ? """
              SELECT m.g, COUNT(DISTINCT ((a."At" AT TIME ZONE 'UTC') + interval '8 hours')::date) FROM unnest(@u::bigint[], @g::bigint[]) AS m(u, g)
              JOIN "AuditEntries" AS a ON a."ActorId" = m.u WHERE a."At" >= @s AND a."At" < @e GROUP BY m.g
              """
            : """
              WITH m(u, g) AS MATERIALIZED (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(@pairs))
              SELECT m.g, COUNT(DISTINCT date(a."At", '+8 hours')) FROM m JOIN "AuditEntries" AS a ON a."ActorId" = m.u WHERE a."At" >= @s AND a."At" < @e GROUP BY m.g
              """,
            pg ? [("@u", users.ToArray()), ("@g", firms.ToArray()), ("@s", start), ("@e", end)]
               : [("@pairs", JsonSerializer.Serialize(users.Select((u, i) => new[] { u, firms[i] }))), ("@s", start), ("@e", end)],
            r => Add(r.GetInt64(0), ContributionIndicator.PlatformActivity, r.GetInt64(1) * points.ActiveDay));

        var result = ContributionEngine.Evaluate(ids.Select((id, i) => new ContributionInput(BenefitsCeiling.Key(id), values[i])).ToList(), BenefitsSettings.Default);

        await using var tx = await db.Database.BeginTransactionAsync();
        var runId = await ScalarAsync(db, """
            INSERT INTO "ContributionRuns" ("ParkId", "Year", "State", "SettingsJson", "ComputedAt", "ComputedBy") VALUES (@p, @y, 'Draft', '{}', @at, 'ceiling') RETURNING "Id"
            """, [("@p", parkId), ("@y", year), ("@at", DateTime.UtcNow)]);
        var rows = ids.Select((id, i) => new ContributionResultRow
        {
            RunId = runId, ParkId = parkId, EnterpriseId = id, Score = result.Scores[i].Score,
            BreakdownJson = JsonSerializer.Serialize(result.Scores[i].Breakdown.Select(t => new { t.Indicator, t.Value, t.ParkMax, t.Normalised, t.Weight, t.Points }), Json),
        }).ToList();
        await SetWriter.InsertAsync(db, rows);
        await tx.CommitAsync();
        return (new Step(sw.Elapsed.TotalMilliseconds, read, rows.Count), runId);
    }

    /// <summary>(b) publishing: the run becomes version n, every enterprise of it gets its score (set-wise), one audit row per enterprise.</summary>
    public static async Task<Step> PublishAsync(ParkOpsDb db, long parkId, long runId, int year)
    {
        var sw = Stopwatch.StartNew();
        var conn = await OpenAsync(db);
        var pg = db.Database.IsNpgsql();
        var scores = new List<(long Id, decimal Score)>();
        var read = await ReadAsync(conn, """SELECT "EnterpriseId", "Score" FROM "ContributionResults" WHERE "RunId" = @r""", [("@r", runId)], r => scores.Add((r.GetInt64(0), r.GetDecimal(1))));
        await using var tx = await db.Database.BeginTransactionAsync();
        var version = await ScalarAsync(db, """SELECT COALESCE(MAX("Version"), 0) + 1 FROM "ContributionRuns" WHERE "ParkId" = @p AND "Year" = @y""", [("@p", parkId), ("@y", year)]);
        await ExecAsync(db, """UPDATE "ContributionRuns" SET "State" = 'Published', "Version" = @v, "PublishedAt" = @at, "PublishedBy" = 'ceiling' WHERE "Id" = @r""",
            [("@v", (int)version), ("@at", DateTime.UtcNow), ("@r", runId)]);
        var note = $"贡献度评分 {year} 第 {version} 版";
        if (pg)
            await ExecAsync(db, """
                UPDATE "Enterprises" e SET "ContributionScore" = t.s, "ContributionScoreYear" = @y, "ContributionScoreNote" = @n FROM unnest(@ids, @scores) AS t(id, s) WHERE e."Id" = t.id
                """, [("@ids", scores.Select(s => s.Id).ToArray()), ("@scores", scores.Select(s => s.Score).ToArray()), ("@y", year), ("@n", note)]);
        else
        {
            await using var cmd = conn.CreateCommand();
            cmd.Transaction = tx.GetDbTransaction();
            cmd.CommandText = """UPDATE "Enterprises" SET "ContributionScore" = $s, "ContributionScoreYear" = $y, "ContributionScoreNote" = $n WHERE "Id" = $id""";
            var (pId, pS) = (Param(cmd, "$id", 0L), Param(cmd, "$s", 0m));
            Param(cmd, "$y", year); Param(cmd, "$n", note);
            await cmd.PrepareAsync();
            foreach (var (id, score) in scores) { pId.Value = id; pS.Value = score.ToString(CultureInfo.InvariantCulture); await cmd.ExecuteNonQueryAsync(); }
        }
        // one audit row for the park's set, naming the firms (as the service)
        await SetWriter.InsertAsync(db, new List<AuditEntry> { new()
        {
            At = DateTime.UtcNow, ActorName = "ceiling", Action = "Updated", Entity = "EnterpriseScores", EntityKey = year.ToString(CultureInfo.InvariantCulture), ParkId = parkId, Source = "ceiling",
            After = JsonSerializer.Serialize(new { ContributionScoreYear = year, ContributionScoreNote = note, Enterprises = scores.Select(s => s.Id) }),
        } });
        await tx.CommitAsync();
        return new Step(sw.Elapsed.TotalMilliseconds, read, scores.Count);
    }

    /// <summary>(c) the rebate: the published scores and the year's retained tax read, allocated, the run and one allocation per enterprise written.</summary>
    public static async Task<(Step Step, RebateResult Result)> RebateAsync(ParkOpsDb db, long parkId, long scoreRunId, int year)
    {
        var sw = Stopwatch.StartNew();
        var conn = await OpenAsync(db);
        var scored = new Dictionary<long, decimal>();
        var taxes = new Dictionary<long, decimal>();
        var read = await ReadAsync(conn, """SELECT "EnterpriseId", "Score" FROM "ContributionResults" WHERE "RunId" = @r""", [("@r", scoreRunId)], r => scored[r.GetInt64(0)] = r.GetDecimal(1));
        read += await ReadAsync(conn, """SELECT "EnterpriseId", "Amount" FROM "RetainedTaxes" WHERE "ParkId" = @p AND "Year" = @y""", [("@p", parkId), ("@y", year)], r => taxes[r.GetInt64(0)] = r.GetDecimal(1));
        var ids = scored.Keys.Union(taxes.Keys).Order().ToList();
        var result = RebateAllocator.Allocate(ids.Select(id => new RebateInput(BenefitsCeiling.Key(id), scored.GetValueOrDefault(id), taxes.GetValueOrDefault(id))).ToList(), BenefitsSettings.Default);
        await using var tx = await db.Database.BeginTransactionAsync();
        var runId = await ScalarAsync(db, """
            INSERT INTO "RebateRuns" ("ParkId", "Year", "State", "ScoreRunId", "ScoreVersion", "TotalTax", "Pool", "ScorePartByTax", "SettingsJson", "ComputedAt", "ComputedBy")
            VALUES (@p, @y, 'Draft', @s, 1, @t, @pool, @by, '{}', @at, 'ceiling') RETURNING "Id"
            """, [("@p", parkId), ("@y", year), ("@s", scoreRunId), ("@t", result.TotalTax), ("@pool", result.Pool), ("@by", result.ScorePartByTax), ("@at", DateTime.UtcNow)]);
        var rows = result.Shares.Select((s, i) => new RebateAllocation
        {
            RunId = runId, ParkId = parkId, EnterpriseId = ids[i], Score = s.Score, RetainedTax = s.RetainedTax, ProRataPart = s.ProRataPart, ScoreShare = s.ScoreShare,
            Exact = s.Exact, ExtraFen = s.ExtraFen, Amount = s.Allocation,
        }).ToList();
        await SetWriter.InsertAsync(db, rows);
        await tx.CommitAsync();
        return (new Step(sw.Elapsed.TotalMilliseconds, read, rows.Count), result);
    }

    /// <summary>Identifiers as the service gives them to the engines (zero-padded, so ordinal order is id order and the rebate's ties go by id).</summary>
    public static string Key(long enterpriseId) => enterpriseId.ToString("D19", CultureInfo.InvariantCulture);

    private static string In(bool pg) => pg ? "= ANY(@ids)" : "IN (SELECT value FROM json_each(@ids))";
    private static object Ids(bool pg, long[] ids) => pg ? ids : JsonSerializer.Serialize(ids);

    private static async Task<DbConnection> OpenAsync(ParkOpsDb db)
    {
        await db.Database.OpenConnectionAsync();
        return db.Database.GetDbConnection();
    }

    private static DbParameter Param(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
        return p;
    }

    private static DbCommand Command(ParkOpsDb db, string sql, (string Name, object Value)[] args)
    {
        var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        cmd.CommandText = sql;
        foreach (var (name, value) in args) Param(cmd, name, value is decimal d && !db.Database.IsNpgsql() ? d.ToString(CultureInfo.InvariantCulture) : value);
        return cmd;
    }

    private static async Task<long> ScalarAsync(ParkOpsDb db, string sql, (string Name, object Value)[] args)
    {
        await using var cmd = Command(db, sql, args);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static async Task ExecAsync(ParkOpsDb db, string sql, (string Name, object Value)[] args)
    {
        await using var cmd = Command(db, sql, args);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<long> ReadAsync(DbConnection conn, string sql, (string Name, object Value)[] args, Action<DbDataReader> row)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in args) Param(cmd, name, value);
        long rows = 0;
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) { rows++; row(r); }
        return rows;
    }
}
