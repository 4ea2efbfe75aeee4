using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Audit.Contracts;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Features.Audit;

public sealed class ActivityLog(ParkOpsDb db) : IActivityLog
{
    /// <summary>Ids per query: bounds one statement's JSON or array parameter.</summary>
    private const int IdSlice = 50_000;

    public async Task<IReadOnlyList<ActiveDay>> ActiveDaysAsync(IReadOnlyCollection<long> userIds, DateOnly from, DateOnly to, CancellationToken ct)
    {
        if (userIds.Count == 0) return [];
        // the Shanghai day's bounds in UTC (UTC+8, no daylight saving)
        var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddHours(-8);
        var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddHours(-8);
        var days = new HashSet<ActiveDay>();
        // the ids as ONE parameter (SQLite json_each, PostgreSQL an array), each a seek on (ActorId, At): a park of 100,000
        // firms has over 100,000 accounts, far past the engines' limits on SQL variables (SQLite 32,766, PostgreSQL 65,535)
        foreach (var slice in userIds.Distinct().Chunk(IdSlice))
        {
            var rows = await db.AuditEntries.AsNoTracking().Where(a => a.ActorId != null && EF.Parameter(slice).Contains(a.ActorId.Value) && a.At >= start && a.At < end)
                .Select(a => new { a.ActorId, a.At }).ToListAsync(ct);
            foreach (var r in rows) days.Add(new ActiveDay(r.ActorId!.Value, DateOnly.FromDateTime(Time.ToShanghai(r.At))));
        }
        return days.OrderBy(d => d.UserId).ThenBy(d => d.Day).ToList();
    }
}
