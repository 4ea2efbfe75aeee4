using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Audit.Contracts;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Features.Audit;

/// <summary>
/// Activity read from the audit log. Both readings take every audit row of the given users, past the audit log's own
/// filter (which shows an operator only its parks' rows): a firm's activity is what its accounts did on the platform, the
/// same number whoever asks, and the caller (Contribution) shows it only to those who may see the firm's score.
/// </summary>
public sealed class ActivityLog(ParkOpsDb db) : IActivityLog
{
    /// <summary>Ids per query: bounds one statement's JSON or array parameter.</summary>
    private const int IdSlice = 50_000;

    /// <summary>The Shanghai days' bounds in UTC (UTC+8, no daylight saving).</summary>
    private static (DateTime Start, DateTime End) Bounds(DateOnly from, DateOnly to) =>
        (from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddHours(-8), to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddHours(-8));

    public async Task<long> MarkAsync(CancellationToken ct) => await db.AuditEntries.IgnoreQueryFilters().MaxAsync(a => (long?)a.Id, ct) ?? 0;

    public async Task<IReadOnlyList<ActiveDay>> ActiveDaysAsync(IReadOnlyCollection<long> userIds, DateOnly from, DateOnly to, long? upTo, CancellationToken ct)
    {
        if (userIds.Count == 0) return [];
        var (start, end) = Bounds(from, to);
        var mark = upTo ?? long.MaxValue;
        var days = new HashSet<ActiveDay>();
        // the ids as ONE parameter (SQLite json_each, PostgreSQL an array), each a seek on (ActorId, At): a park of 100,000
        // firms has over 100,000 accounts, far past the engines' limits on SQL variables (SQLite 32,766, PostgreSQL 65,535)
        foreach (var slice in userIds.Distinct().Chunk(IdSlice))
        {
            var rows = await db.AuditEntries.IgnoreQueryFilters().AsNoTracking().Where(a => a.ActorId != null && EF.Parameter(slice).Contains(a.ActorId.Value) && a.At >= start && a.At < end && a.Id <= mark)
                .Select(a => new { a.ActorId, a.At }).ToListAsync(ct);
            foreach (var r in rows) days.Add(new ActiveDay(r.ActorId!.Value, DateOnly.FromDateTime(Time.ToShanghai(r.At))));
        }
        return days.OrderBy(d => d.UserId).ThenBy(d => d.Day).ToList();
    }

    private sealed record GroupDays(long GroupId, long Days);

    public async Task<IReadOnlyDictionary<long, int>> ActiveDayCountsAsync(IReadOnlyCollection<ActivityMember> members, DateOnly from, DateOnly to, long upTo, CancellationToken ct)
    {
        if (members.Count == 0) return new Dictionary<long, int>();
        var (start, end) = Bounds(from, to);
        var pairs = members.Distinct().ToList();
        // the users and their groups as one parameter each, joined to the audit rows by the (ActorId, At) index; the day is
        // the Shanghai day of the UTC instant (+8 hours, as Time.ToShanghai), counted once per group however many of its
        // users wrote that day
        var rows = db.Database.IsNpgsql()
            ? await db.Database.SqlQuery<GroupDays>($"""
                SELECT m.g AS "GroupId", COUNT(DISTINCT ((a."At" AT TIME ZONE 'UTC') + interval '8 hours')::date) AS "Days"
                FROM unnest({pairs.Select(p => p.UserId).ToArray()}::bigint[], {pairs.Select(p => p.GroupId).ToArray()}::bigint[]) AS m(u, g)
                JOIN "AuditEntries" AS a ON a."ActorId" = m.u
                WHERE a."At" >= {start} AND a."At" < {end} AND a."Id" <= {upTo}
                GROUP BY m.g
                """).ToListAsync(ct)
            : await db.Database.SqlQuery<GroupDays>($"""
                WITH m(u, g) AS MATERIALIZED (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each({JsonSerializer.Serialize(pairs.Select(p => new[] { p.UserId, p.GroupId }))}))
                SELECT m.g AS "GroupId", COUNT(DISTINCT date(a."At", '+8 hours')) AS "Days"
                FROM m JOIN "AuditEntries" AS a ON a."ActorId" = m.u
                WHERE a."At" >= {start} AND a."At" < {end} AND a."Id" <= {upTo}
                GROUP BY m.g
                """).ToListAsync(ct);
        return rows.ToDictionary(r => r.GroupId, r => (int)r.Days);
    }
}
