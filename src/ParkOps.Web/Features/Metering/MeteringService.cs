using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Metering;
using ParkOps.Domain.Rules;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Audit;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Leasing;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Resources;
using ParkOps.Web.Features.Enterprises.Contracts;
using ParkOps.Web.Features.Leasing.Contracts;
using ParkOps.Web.Features.Metering.Contracts;

namespace ParkOps.Web.Features.Metering;

[StoredIn(typeof(Meter))]
public sealed record MeterInput(long UnitId, Utility Utility, [Code] string Code);

public sealed record MeterDto(long Id, long ParkId, long UnitId, string UnitCode, Utility Utility, string Code, string Unit, DateTime? LastReadingAt, decimal? LastValue, int Anomalies);

public sealed record ReadingDto(long Id, long MeterId, DateTime At, decimal Value, ReadingSource Source);

public sealed record AnomalyDto(long Id, long MeterId, string MeterCode, string Month, string Rule, string Reason, DateTime DetectedAt);

public sealed record MeterDetail(MeterDto Meter, IReadOnlyList<ReadingDto> Readings, IReadOnlyList<AnomalyDto> Anomalies, IReadOnlyList<MonthUseDto> Months);

public sealed record MonthUseDto(string Month, decimal? Opening, decimal? Closing, decimal Use);

/// <summary>The time's range (2000 to tomorrow) is the batch's own rule, reported per row (422 <c>ReadingTimeMustBePlausible</c>).</summary>
public sealed record ReadingInput(long MeterId, [Years(1, 9999)] DateTime At, decimal Value);

public sealed record ManualReadingInput([Years(1, 9999)] DateTime At, decimal Value);

/// <summary>
/// A gateway's batch. Up to <see cref="MeteringService.MaxBatch"/> readings is the batch rule (beyond it a 422 that
/// counts them, <c>ReadingBatchMustNotExceedLimit</c>); ten times that is not a batch at all and is refused unread (400).
/// </summary>
public sealed record ReadingBatch([MaxItems(MeteringService.MaxBatch * 10)] List<ReadingInput>? Readings);

/// <summary>What a batch did: readings stored, readings already stored with the same value (a resend), flags raised.</summary>
public sealed record ReadingBatchResult(int Received, int Inserted, int Unchanged);

/// <summary>One refused reading: its position in the batch (0-based) or the file's row, and the rule it broke.</summary>
public sealed record ReadingProblem(int Row, long? MeterId, string? MeterCode, DateTime? At, string Field, string Rule, string Reason, decimal? Stored = null);

public sealed record ConsumptionRow(long EnterpriseId, string EnterpriseName, Utility Utility, string Unit, int Meters, decimal Use);

public sealed record TariffInput(Utility Utility, DateOnly EffectiveFrom, decimal UnitPrice, decimal? ClassCSurcharge = null, decimal? ClassDSurcharge = null);

public sealed record LateFeeInput(DateOnly EffectiveFrom, decimal DailyRate, int GraceDays = 0);

/// <summary>Readings refused as a whole: nothing of the batch or file was written.</summary>
public sealed class ReadingsRefusedException(string rule, bool conflict, IReadOnlyList<ReadingProblem> problems) : Exception(rule)
{
    public string Rule { get; } = rule;
    public bool Conflict { get; } = conflict;
    public IReadOnlyList<ReadingProblem> Problems { get; } = problems;
}

/// <summary>
/// Meters, readings (by hand, file and gateway batch, all idempotent on meter and instant), monthly use, anomaly
/// flags, tariffs and the late-fee policy (DOMAIN §3/§7, issue 3).
/// </summary>
public sealed class MeteringService(ParkOpsDb db, EnterpriseService enterprises, TimeProvider clock, IStringLocalizer<Text> t, MeterKeyCache meterKeys, IEnterpriseGrading grading,
    Leasing.Contracts.ILeaseLedger ledger, IEnterpriseDirectory directory) : IUtilityUsage, ILateFeeTerms
{
    public const int MaxBatch = 10_000;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    public DateOnly Today => enterprises.Today;

    /// <summary>The instant (UTC) a business day starts in Asia/Shanghai.</summary>
    public static DateTime StartOf(DateOnly day) => TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), Time.Shanghai);

    /// <summary>Readings are kept to the second (both engines store that exactly); a time without zone is Shanghai time.</summary>
    public static DateTime Normalise(DateTime at)
    {
        var utc = at.Kind switch
        {
            DateTimeKind.Utc => at,
            DateTimeKind.Local => at.ToUniversalTime(),
            _ => TimeZoneInfo.ConvertTimeToUtc(at, Time.Shanghai),
        };
        return new DateTime(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
    }

    // ------------------------------------------------------------------ meters

    public async Task<Page<MeterDto>> MetersAsync(long parkId, long? unitId, Utility? utility, string? search, int? page, int? pageSize, CancellationToken ct)
    {
        await enterprises.ParkForReadAsync(parkId, ct);
        db.Actor.RefuseGovernmentViewer(parkId);
        var q = db.Meters.AsNoTracking().Where(m => m.ParkId == parkId);
        if (unitId is { } u) q = q.Where(m => m.UnitId == u);
        if (utility is { } ut) q = q.Where(m => m.Utility == ut);
        if (!string.IsNullOrWhiteSpace(search)) { var s = search.Trim(); q = q.Where(m => m.Code.Contains(s)); }
        var p = await q.OrderBy(m => m.UnitId).ThenBy(m => m.Utility).ThenBy(m => m.Code).ToPageAsync(page, pageSize, ct, defaultSize: 50);
        return new Page<MeterDto>(await ToDtosAsync(p.Items, ct), p.Total, p.PageNumber, p.PageSize);
    }

    private async Task<List<MeterDto>> ToDtosAsync(IReadOnlyList<Meter> meters, CancellationToken ct)
    {
        await ReadingInbox.FlushAsync(db, ct);
        var ids = meters.Select(m => m.Id).ToArray();
        var unitIds = meters.Select(m => m.UnitId).Distinct().ToArray();
        var codes = await db.Units.IgnoreQueryFilters().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Code, ct);
        var last = new Dictionary<long, ReadingDto>();
        if (db.Actor.IsEnterpriseOnly)
            // a tenant sees each meter's readings from its own lease's start: one read per meter (its few meters)
            foreach (var id in ids)
            {
                var r = await VisibleReadings(id).OrderByDescending(x => x.At).FirstOrDefaultAsync(ct);
                if (r is not null) last[id] = new ReadingDto(r.Id, r.MeterId, r.At, r.Value, r.Source);
            }
        else
            // staff see every reading: the latest of each meter of the page in one read (a window over the meters)
            foreach (var r in await db.MeterReadings.AsNoTracking().Where(x => ids.Contains(x.MeterId)).GroupBy(x => x.MeterId)
                         .Select(g => g.OrderByDescending(x => x.At).ThenByDescending(x => x.Id).First()).ToListAsync(ct))
                last[r.MeterId] = new ReadingDto(r.Id, r.MeterId, r.At, r.Value, r.Source);
        var flags = (await db.MeterAnomalies.AsNoTracking().Where(a => ids.Contains(a.MeterId)).Select(a => a.MeterId).ToListAsync(ct))
            .GroupBy(x => x).ToDictionary(g => g.Key, g => g.Count());
        return meters.Select(m => new MeterDto(m.Id, m.ParkId, m.UnitId, codes.GetValueOrDefault(m.UnitId, ""), m.Utility, m.Code, Meters.UnitOf(m.Utility),
            last.GetValueOrDefault(m.Id)?.At, last.GetValueOrDefault(m.Id)?.Value, flags.GetValueOrDefault(m.Id))).ToList();
    }

    public async Task<Meter> CreateMeterAsync(long parkId, MeterInput input, CancellationToken ct)
    {
        await enterprises.ParkForWriteAsync(parkId, ct);
        var code = input.Code?.Trim() ?? "";
        if (code.Length is 0 or > 40) throw new ValidationException([new ValidationFailure("code", t["Val.Range", 1, 40])]);
        if (!Enum.IsDefined(input.Utility)) throw new ValidationException([new ValidationFailure("utility", t["Val.Enum"])]);
        if (!await db.Units.AnyAsync(u => u.Id == input.UnitId && u.ParkId == parkId, ct))
            throw new DomainRuleException("MeterUnitMustBelongToPark", "unitId", "单元不存在或不属于该园区") { Arguments = [input.UnitId] };
        if (await db.Meters.AnyAsync(m => m.ParkId == parkId && m.Code == code, ct))
            throw new DomainRuleException("MeterCodeMustBeUnique", "code", "园区内已有同号表计", RuleKind.Conflict) { Arguments = [code] };
        var m = new Meter { ParkId = parkId, UnitId = input.UnitId, Utility = input.Utility, Code = code, CreatedAt = clock.GetUtcNow().UtcDateTime };
        db.Meters.Add(m);
        await db.SaveChangesAsync(ct);
        return m;
    }

    /// <summary>The park's units as a meter form offers them, by code.</summary>
    public async Task<List<(long Id, string Code)>> UnitCodesAsync(long parkId, CancellationToken ct) =>
        (await db.Units.AsNoTracking().Where(u => u.ParkId == parkId).OrderBy(u => u.Code).Select(u => new { u.Id, u.Code }).ToListAsync(ct)).Select(u => (u.Id, u.Code)).ToList();

    public async Task<Meter> GetMeterAsync(long id, CancellationToken ct) =>
        await db.Meters.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct) ?? throw new NotFoundException("Meter", id);

    public async Task<MeterDto> MeterDtoAsync(long id, CancellationToken ct) => (await ToDtosAsync([await GetMeterAsync(id, ct)], ct))[0];

    /// <summary>
    /// Readings of a meter the caller may see. An enterprise user sees only the readings taken since its lease of the
    /// unit began (never a previous tenant's use).
    /// </summary>
    private IQueryable<MeterReading> VisibleReadings(long meterId)
    {
        var q = db.MeterReadings.AsNoTracking().Where(r => r.MeterId == meterId);
        if (db.Actor.IsEnterpriseOnly)
        {
            var ents = db.Actor.EnterpriseIds;
            var since = db.LeaseUnits.Where(lu => ents.Contains(lu.EnterpriseId))
                .Join(db.Meters.Where(m => m.Id == meterId), lu => lu.UnitId, m => m.UnitId, (lu, m) => lu.LeaseId)
                .Join(db.Leases, id => id, l => l.Id, (id, l) => l.StartDate);
            // compared as instants: the lease's first day starts at Shanghai midnight
            var first = since.OrderBy(d => d).Select(d => (DateOnly?)d).FirstOrDefault();
            var from = first is { } f ? StartOf(f) : DateTime.MaxValue;
            q = q.Where(r => r.At >= from);
        }
        return q;
    }

    public async Task<MeterDetail> DetailAsync(long id, CancellationToken ct)
    {
        var m = await GetMeterAsync(id, ct);
        var dto = (await ToDtosAsync([m], ct))[0];
        var readings = await VisibleReadings(id).OrderByDescending(r => r.At).Take(400).ToListAsync(ct);
        var anomalies = await db.MeterAnomalies.AsNoTracking().Where(a => a.MeterId == id).OrderByDescending(a => a.Month).ThenBy(a => a.Rule).ToListAsync(ct);
        var sorted = readings.OrderBy(r => r.At).Select(r => new Reading(r.At, r.Value)).ToList();
        var months = new List<MonthUseDto>();
        if (sorted.Count > 0)
        {
            var first = DateOnly.FromDateTime(Time.ToShanghai(sorted[0].At));
            var last = DateOnly.FromDateTime(Time.ToShanghai(sorted[^1].At));
            for (var mo = new DateOnly(last.Year, last.Month, 1); mo >= new DateOnly(first.Year, first.Month, 1) && months.Count < 24; mo = mo.AddMonths(-1))
            {
                var u = Meters.UseIn(sorted, mo, StartOf(mo), StartOf(mo.AddMonths(1)));
                months.Add(new MonthUseDto(mo.ToString("yyyy-MM", CultureInfo.InvariantCulture), u.Opening?.Value, u.Closing?.Value, u.Use));
            }
        }
        return new MeterDetail(dto, readings.Select(r => new ReadingDto(r.Id, r.MeterId, r.At, r.Value, r.Source)).ToList(),
            anomalies.Select(a => new AnomalyDto(a.Id, a.MeterId, m.Code, a.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture), a.Rule, a.Reason, a.DetectedAt)).ToList(), months);
    }

    public async Task<List<ReadingDto>> ReadingsAsync(long meterId, DateTime? from, DateTime? to, CancellationToken ct)
    {
        await GetMeterAsync(meterId, ct);
        await ReadingInbox.FlushAsync(db, ct);
        var q = VisibleReadings(meterId);
        if (from is { } f) { var u = Normalise(f); q = q.Where(r => r.At >= u); }
        if (to is { } tt) { var u = Normalise(tt); q = q.Where(r => r.At <= u); }
        return (await q.OrderBy(r => r.At).Take(10_000).ToListAsync(ct)).Select(r => new ReadingDto(r.Id, r.MeterId, r.At, r.Value, r.Source)).ToList();
    }

    // ------------------------------------------------------------------ readings in

    public async Task<ReadingBatchResult> AddReadingAsync(long meterId, ManualReadingInput input, CancellationToken ct)
    {
        var m = await GetMeterAsync(meterId, ct);
        if (!db.Actor.CanOperatePark(m.ParkId)) throw new ForbiddenException("OnlyOperatorsMayWrite");
        try
        {
            var r = await IngestAsync([(0, meterId, null, input.At, input.Value)], ReadingSource.Manual, false, ct);
            await ScanMetersAsync(m.ParkId, [meterId], [Month(Normalise(input.At))], ct);
            return r;
        }
        catch (ReadingsRefusedException e)
        {
            var p = e.Problems[0];
            throw new DomainRuleException(p.Rule, p.Field, p.Reason, e.Conflict ? RuleKind.Conflict : RuleKind.Invalid) { Arguments = p.Stored is { } v ? [v] : [] };
        }
    }

    /// <summary>The gateway batch: up to 10,000 readings; all stored or none (a refusal lists every bad reading).</summary>
    public async Task<ReadingBatchResult> BatchAsync(ReadingBatch batch, CancellationToken ct)
    {
        // who asks before what they send: only operators (of some park) and the platform admin write readings
        if (!db.Actor.IsPlatformAdmin && db.Actor.OperatorParkIds.Length == 0) throw new ForbiddenException("OnlyOperatorsMayWrite");
        var list = batch.Readings;
        if (list is null || list.Count == 0) throw new ValidationException([new ValidationFailure("readings", t["Val.Required"])]);
        if (list.Count > MaxBatch)
            throw new DomainRuleException("ReadingBatchMustNotExceedLimit", "readings", "每批最多 10,000 条读数") { Arguments = [list.Count, MaxBatch] };
        var rows = new List<(int, long, string?, DateTime, decimal)>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            var r = list[i];
            if (r is null) throw new ValidationException([new ValidationFailure($"readings[{i}]", t["Val.Required"])]);
            rows.Add((i, r.MeterId, null, r.At, r.Value));
        }
        return await IngestAsync(rows, ReadingSource.Api, false, ct);
    }

    private static DateOnly Month(DateTime utc) { var d = DateOnly.FromDateTime(Time.ToShanghai(utc)); return new DateOnly(d.Year, d.Month, 1); }

    /// <summary>
    /// Checks every reading (meter known and operated by the caller, value and time sane, no second value for a stored
    /// instant) and, only when all pass, stores the new ones in one statement per chunk; already stored identical
    /// readings are counted as unchanged. Refuses with every problem, writing nothing.
    /// </summary>
    internal async Task<ReadingBatchResult> IngestAsync(IReadOnlyList<(int Row, long MeterId, string? Code, DateTime At, decimal Value)> input, ReadingSource source, bool dryRun, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var ids = input.Select(r => r.MeterId).Distinct().ToArray();
        // the write scope is checked here, row by row: a meter of a park the caller does not operate is "unknown"
        var meters = (await MetersByIdAsync(ids, ct)).Where(m => db.Actor.CanOperatePark(m.ParkId)).ToDictionary(m => m.Id);
        var problems = new List<ReadingProblem>();
        var conflict = false;
        var clean = new Dictionary<(long, DateTime), (int Row, long ParkId, decimal Value)>(input.Count);
        var latest = now.AddDays(1);
        foreach (var (row, meterId, code, at, value) in input)
        {
            if (!meters.TryGetValue(meterId, out var m))
            {
                problems.Add(new ReadingProblem(row, meterId, code, null, "meterId", "ReadingMeterMustExist", t["Rule.ReadingMeterMustExist"]));
                continue;
            }
            var utc = Normalise(at);
            if (utc.Year < 2000 || utc > latest)
            {
                problems.Add(new ReadingProblem(row, meterId, code, utc, "at", "ReadingTimeMustBePlausible", t["Rule.ReadingTimeMustBePlausible"]));
                continue;
            }
            if (value < 0 || value > 1_000_000_000_000m || decimal.Round(value, 4) != value)
            {
                problems.Add(new ReadingProblem(row, meterId, code, utc, "value", "ReadingValueMustBeValid", t["Rule.ReadingValueMustBeValid"]));
                continue;
            }
            if (clean.TryGetValue((meterId, utc), out var seen))
            {
                if (seen.Value != value)
                {
                    conflict = true;
                    problems.Add(new ReadingProblem(row, meterId, code, utc, "value", "ReadingMustNotChange", t["Rule.ReadingMustNotChange", seen.Value], seen.Value));
                }
                continue;
            }
            clean[(meterId, utc)] = (row, m.ParkId, value);
        }
        var unchanged = input.Count - clean.Count - problems.Count;

        // the readings already stored for these meters and instants: the same value is a resend (unchanged), another
        // value a conflict
        async Task CompareWithStoredAsync()
        {
            if (clean.Count == 0) return;
            var min = clean.Keys.Min(k => k.Item2);
            var max = clean.Keys.Max(k => k.Item2);
            var present = ids.Where(meters.ContainsKey).ToArray();
            foreach (var e in await StoredAsync(present, min, max, ct))
            {
                if (!clean.TryGetValue((e.MeterId, e.At), out var c)) continue;
                if (c.Value == e.Value) { unchanged++; clean.Remove((e.MeterId, e.At)); continue; }
                conflict = true;
                problems.Add(new ReadingProblem(c.Row, e.MeterId, input.FirstOrDefault(x => x.Row == c.Row).Code, e.At, "value", "ReadingMustNotChange", t["Rule.ReadingMustNotChange", e.Value], e.Value));
            }
        }
        void RefuseIfAnyProblem()
        {
            if (problems.Count == 0) return;
            var invalid = problems.Any(p => p.Rule != "ReadingMustNotChange");
            throw new ReadingsRefusedException(invalid ? "ReadingsMustBeValid" : "ReadingMustNotChange", conflict && !invalid, problems.OrderBy(p => p.Row).ToList());
        }
        List<(long ParkId, long MeterId, DateTime At, decimal Value)> Rows() =>
            clean.Select(kv => (ParkId: kv.Value.ParkId, MeterId: kv.Key.Item1, At: kv.Key.Item2, kv.Value.Value)).ToList();

        // written optimistically: a gateway's readings are nearly always new, so they are written at once the engine's
        // fastest way, and only a write that meets a stored instant on the unique index is undone and the batch
        // compared with what is stored (as a file's dry run always is) before it is written the careful way
        var optimistic = !dryRun && problems.Count == 0 && clean.Count > 0;
        if (!optimistic) await CompareWithStoredAsync();
        RefuseIfAnyProblem();
        if (dryRun || clean.Count == 0) return new ReadingBatchResult(input.Count, 0, unchanged);

        using var turn = db.Database.CurrentTransaction is null ? await SqliteWriteGate.EnterAsync(db, ct) : null;
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            var rows = Rows();
            int inserted;
            if (optimistic && await TryInsertNewAsync(rows, source, now, ct) is { } written) inserted = written;
            else
            {
                if (optimistic)
                {
                    await CompareWithStoredAsync();
                    RefuseIfAnyProblem();
                    rows = Rows();
                }
                inserted = rows.Count == 0 ? 0 : await BulkInsertAsync(db, rows, source, now, ct);
            }
            var parks = rows.Select(r => r.ParkId).Distinct().ToList();
            foreach (var park in parks)
            {
                var mine = rows.Where(r => r.ParkId == park).ToList();
                db.AuditEntries.Add(new AuditEntry
                {
                    At = now, ActorId = db.Actor.UserId, ActorName = db.Actor.UserName, Action = "Created", Entity = nameof(MeterReading), EntityKey = $"batch:{mine.Count}",
                    ParkId = park, After = JsonSerializer.Serialize(new { source = source.ToString(), readings = mine.Count, meters = mine.Select(r => r.MeterId).Distinct().Count(), from = mine.Min(r => r.At), to = mine.Max(r => r.At) }, Json),
                });
            }
            await db.SaveChangesAsync(ct);
            if (own is not null) await own.CommitAsync(ct);
            return new ReadingBatchResult(input.Count, inserted, unchanged);
        }
        catch (DbException)
        {
            // a concurrent writer stored one of these instants with another value in between: nothing of this batch stays
            throw new DomainRuleException("ImportMustNotConflict", "readings", "读数在写入期间已被修改，未写入任何读数", RuleKind.Conflict);
        }
        finally
        {
            if (own is not null) await own.DisposeAsync();
        }
    }

    private sealed record Stored(long MeterId, DateTime At, decimal Value);

    /// <summary>
    /// Looks up a batch's meters. PostgreSQL takes the ids as one array (= ANY). On SQLite EF Core's list parameter
    /// becomes a json_each subquery re-read for every row (seconds at 10,000 ids); here the same JSON array drives the
    /// join from the outside (CROSS JOIN fixes the order), one primary-key probe per id.
    /// </summary>
    private async Task<List<MeterKey>> MetersByIdAsync(long[] ids, CancellationToken ct)
    {
        // a gateway names the same meters in every batch: their keys come from the process's cache after the first
        await meterKeys.RefreshAsync(db, ct);
        var list = new List<MeterKey>(ids.Length);
        var missing = new List<long>();
        foreach (var id in ids)
            if (meterKeys.TryGet(id, out var k)) list.Add(k); else missing.Add(id);
        if (missing.Count == 0) return list;
        var found = await LoadMeterKeysAsync(missing.ToArray(), ct);
        foreach (var k in found) meterKeys.Add(k);
        list.AddRange(found);
        return list;
    }

    private async Task<List<MeterKey>> LoadMeterKeysAsync(long[] ids, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
            return await db.Meters.IgnoreQueryFilters().AsNoTracking().Where(m => ids.Contains(m.Id)).Select(m => new MeterKey(m.Id, m.ParkId, m.Utility)).ToListAsync(ct);
        await using var cmd = await SqliteCommandAsync(ct);
        cmd.CommandText = """SELECT m."Id", m."ParkId", m."Utility" FROM json_each($ids) AS k CROSS JOIN "Meters" m ON m."Id" = k.value""";
        Add(cmd, "$ids", JsonSerializer.Serialize(ids));
        var list = new List<MeterKey>(ids.Length);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) list.Add(new MeterKey(r.GetInt64(0), r.GetInt64(1), Enum.Parse<Utility>(r.GetString(2))));
        return list;
    }

    /// <summary>
    /// The readings already stored for these meters between two instants (SQLite: driven by the JSON array of ids, as
    /// above, in the table and in the inbox of readings not yet merged).
    /// </summary>
    private async Task<List<Stored>> StoredAsync(long[] ids, DateTime min, DateTime max, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
            return await db.MeterReadings.IgnoreQueryFilters().AsNoTracking().Where(r => ids.Contains(r.MeterId) && r.At >= min && r.At <= max)
                .Select(r => new Stored(r.MeterId, r.At, r.Value)).ToListAsync(ct);
        await using var cmd = await SqliteCommandAsync(ct);
        cmd.CommandText = """
            SELECT r."MeterId", r."At", r."Value" FROM json_each($ids) AS k CROSS JOIN "MeterReadings" r ON r."MeterId" = k.value
            WHERE r."At" >= $min AND r."At" <= $max
            UNION ALL
            SELECT i."MeterId", i."At", i."Value" FROM "MeterReadingInbox" i
            WHERE i."At" >= $min AND i."At" <= $max AND i."MeterId" IN (SELECT value FROM json_each($ids))
            """;
        Add(cmd, "$ids", JsonSerializer.Serialize(ids));
        Add(cmd, "$min", min);
        Add(cmd, "$max", max);
        var list = new List<Stored>();
        await using var rd = await cmd.ExecuteReaderAsync(ct);
        while (await rd.ReadAsync(ct))
            list.Add(new Stored(rd.GetInt64(0), DateTime.SpecifyKind(rd.GetDateTime(1), DateTimeKind.Utc), decimal.Parse(Convert.ToString(rd.GetValue(2), CultureInfo.InvariantCulture)!, NumberStyles.Float, CultureInfo.InvariantCulture)));
        return list;
    }

    private Task<DbCommand> SqliteCommandAsync(CancellationToken ct) => ReadingInbox.CommandAsync(db, ct);

    /// <summary>
    /// Readings believed new, written the fastest way the engine has: PostgreSQL binary COPY into the table, SQLite one
    /// prepared INSERT into the time-ordered <see cref="ReadingInbox"/> once a probe has found none of the meters read in
    /// the batch's span. Should one of their instants be stored already (an earlier batch, a concurrent writer), the
    /// write fails on a unique index and is undone to a savepoint: null.
    /// </summary>
    private async Task<int?> TryInsertNewAsync(List<(long ParkId, long MeterId, DateTime At, decimal Value)> rows, ReadingSource source, DateTime now, CancellationToken ct)
    {
        var tx = db.Database.CurrentTransaction!;
        await tx.CreateSavepointAsync("readings_new", ct);
        try
        {
            if (db.Database.IsNpgsql()) return await CopyAsync((Npgsql.NpgsqlConnection)db.Database.GetDbConnection(), rows, source, now, ct);
            var meterIds = rows.Select(r => r.MeterId).Distinct().ToArray();
            if (await ReadingInbox.AnyStoredAsync(db, meterIds, rows.Min(r => r.At), rows.Max(r => r.At), ct)) return null;
            return await ReadingInbox.AppendAsync(db, rows, source, now, ct);
        }
        catch (Exception e) when (e is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation } or SqliteException { SqliteExtendedErrorCode: 2067 })
        {
            // 2067: SQLITE_CONSTRAINT_UNIQUE
            await tx.RollbackToSavepointAsync("readings_new", ct);
            return null;
        }
    }

    private static async Task<int> CopyAsync(Npgsql.NpgsqlConnection conn, List<(long ParkId, long MeterId, DateTime At, decimal Value)> rows, ReadingSource source, DateTime now, CancellationToken ct)
    {
        var src = source.ToString();
        await using var w = await conn.BeginBinaryImportAsync(
            """COPY "MeterReadings" ("ParkId", "MeterId", "At", "Value", "Source", "RecordedAt") FROM STDIN (FORMAT BINARY)""", ct);
        foreach (var r in rows)
        {
            await w.StartRowAsync(ct);
            await w.WriteAsync(r.ParkId, NpgsqlTypes.NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(r.MeterId, NpgsqlTypes.NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(r.At, NpgsqlTypes.NpgsqlDbType.TimestampTz, ct);
            await w.WriteAsync(r.Value, NpgsqlTypes.NpgsqlDbType.Numeric, ct);
            await w.WriteAsync(src, NpgsqlTypes.NpgsqlDbType.Varchar, ct);
            await w.WriteAsync(now, NpgsqlTypes.NpgsqlDbType.TimestampTz, ct);
        }
        return (int)await w.CompleteAsync(ct);
    }

    /// <summary>
    /// Stores readings set-wise: PostgreSQL takes them as arrays in one INSERT … SELECT FROM unnest; SQLite reuses one
    /// prepared INSERT. Both skip an instant already stored (the check above has made sure its value is the same).
    /// </summary>
    public static async Task<int> BulkInsertAsync(ParkOpsDb db, IReadOnlyList<(long ParkId, long MeterId, DateTime At, decimal Value)> rows, ReadingSource source, DateTime now, CancellationToken ct)
    {
        var conn = db.Database.GetDbConnection();
        var tx = db.Database.CurrentTransaction?.GetDbTransaction();
        if (conn.State != System.Data.ConnectionState.Open) await db.Database.OpenConnectionAsync(ct);
        if (db.Database.IsNpgsql())
        {
            await using var cmd = conn.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = """
                INSERT INTO "MeterReadings" ("ParkId", "MeterId", "At", "Value", "Source", "RecordedAt")
                SELECT p, m, a, v, @s, @r FROM unnest(@p, @m, @a, @v) AS t(p, m, a, v)
                ON CONFLICT ("MeterId", "At") DO NOTHING
                """;
            Add(cmd, "p", rows.Select(r => r.ParkId).ToArray());
            Add(cmd, "m", rows.Select(r => r.MeterId).ToArray());
            Add(cmd, "a", rows.Select(r => r.At).ToArray());
            Add(cmd, "v", rows.Select(r => r.Value).ToArray());
            Add(cmd, "s", source.ToString());
            Add(cmd, "r", now);
            return await cmd.ExecuteNonQueryAsync(ct);
        }
        return await InsertSqliteAsync(db, rows, source, now, ct);
    }

    /// <summary>SQLite, the careful way: one prepared INSERT into the table for every row, passing over an instant already stored.</summary>
    private static Task<int> InsertSqliteAsync(ParkOpsDb db, IReadOnlyList<(long ParkId, long MeterId, DateTime At, decimal Value)> rows, ReadingSource source, DateTime now, CancellationToken ct) =>
        ReadingInbox.InsertEachAsync(db, "MeterReadings", """ ON CONFLICT ("MeterId", "At") DO NOTHING""", rows, source, now, ct);

    private static DbParameter Add(DbCommand cmd, string name, object value) => ReadingInbox.Add(cmd, name, value);

    // ------------------------------------------------------------------ use and flags

    /// <summary>
    /// Each metered unit's use in <paramref name="month"/> and the enterprise whose lease (in force that month; the
    /// latest one when a unit changed hands) pays for it. Opening is the last reading in the 92 days before the month,
    /// else the month's first reading; closing is the month's last reading.
    /// </summary>
    public async Task<List<MeterMonth>> MonthUseAsync(long parkId, DateOnly month, IReadOnlyCollection<long>? onlyEnterprises, CancellationToken ct)
    {
        await ReadingInbox.FlushAsync(db, ct);
        // who pays for a unit's use is Leasing's to say: the lease in force that started last
        var holder = (await ledger.HoldersAsync(parkId, month, ct)).ToDictionary(h => h.UnitId, h => (h.EnterpriseId, h.LeaseId, Start: h.StartDate));
        if (onlyEnterprises is not null) foreach (var k in holder.Where(h => !onlyEnterprises.Contains(h.Value.EnterpriseId)).Select(h => h.Key).ToList()) holder.Remove(k);
        if (holder.Count == 0) return [];
        var meters = (await db.Meters.IgnoreQueryFilters().AsNoTracking().Where(m => m.ParkId == parkId).Select(m => new { m.Id, m.Code, m.UnitId, m.Utility }).ToListAsync(ct))
            .Where(m => holder.ContainsKey(m.UnitId)).ToList();
        if (meters.Count == 0) return [];
        var start = StartOf(month);
        var next = StartOf(month.AddMonths(1));
        var lookback = start.AddDays(-92);
        // driven by the park's meters through the (MeterId, At) index: readings have no index of their own by park
        // and time, one index fewer for every reading written
        var readings = await (from r in db.MeterReadings.IgnoreQueryFilters().AsNoTracking()
                              join m in db.Meters.IgnoreQueryFilters() on r.MeterId equals m.Id
                              where m.ParkId == parkId && r.At >= lookback && r.At < next
                              select new { r.MeterId, r.At, r.Value }).ToListAsync(ct);
        var byMeter = readings.GroupBy(r => r.MeterId).ToDictionary(g => g.Key, g => g.OrderBy(r => r.At).Select(r => new Reading(r.At, r.Value)).ToList());
        var result = new List<MeterMonth>(meters.Count);
        foreach (var m in meters.OrderBy(m => m.Id))
        {
            var h = holder[m.UnitId];
            var use = byMeter.TryGetValue(m.Id, out var list) ? Meters.UseIn(list, month, start, next) : new MonthUse(month, null, null);
            result.Add(new MeterMonth(m.Id, m.Code, m.UnitId, m.Utility, h.EnterpriseId, h.LeaseId, use.Opening, use.Closing));
        }
        return result;
    }

    public async Task<List<ConsumptionRow>> ConsumptionAsync(long parkId, string? month, CancellationToken ct)
    {
        await enterprises.ParkForReadAsync(parkId, ct);
        if (!db.Actor.IsEnterpriseOnly && !db.Actor.CanOperatePark(parkId)) throw new ForbiddenException("OnlyOperatorsMayWrite");
        var m = ParseMonth(month);
        var only = db.Actor.IsEnterpriseOnly ? db.Actor.EnterpriseIds : null;
        var uses = await MonthUseAsync(parkId, m, only, ct);
        var ids = uses.Select(u => u.EnterpriseId).Distinct().ToArray();
        var names = await directory.NamesAsync(ids, ct);
        return uses.Where(u => u.Closing is not null).GroupBy(u => (u.EnterpriseId, u.Utility))
            .Select(g => new ConsumptionRow(g.Key.EnterpriseId, names.GetValueOrDefault(g.Key.EnterpriseId, ""), g.Key.Utility, Meters.UnitOf(g.Key.Utility), g.Count(), g.Sum(u => Math.Max(0, u.Use))))
            .OrderBy(r => r.EnterpriseName, StringComparer.Ordinal).ThenBy(r => r.Utility).ToList();
    }

    public DateOnly ParseMonth(string? month, string field = "month")
    {
        if (!ParkOps.Domain.Rules.BusinessDates.TryParseMonth(month, out var m))
            throw new ValidationException([new ValidationFailure(field, t["Val.Month"]) { ErrorCode = "Month" }]);
        return m;
    }

    public async Task<List<AnomalyDto>> AnomaliesAsync(long parkId, string? month, CancellationToken ct)
    {
        await enterprises.ParkForReadAsync(parkId, ct);
        var q = db.MeterAnomalies.AsNoTracking().Where(a => a.ParkId == parkId);
        if (!string.IsNullOrEmpty(month)) { var m = ParseMonth(month); q = q.Where(a => a.Month == m); }
        var list = await q.OrderByDescending(a => a.Month).ThenBy(a => a.MeterId).ThenBy(a => a.Rule).Take(1000).ToListAsync(ct);
        var ids = list.Select(a => a.MeterId).Distinct().ToArray();
        var codes = await db.Meters.IgnoreQueryFilters().Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Code, ct);
        return list.Select(a => new AnomalyDto(a.Id, a.MeterId, codes.GetValueOrDefault(a.MeterId, ""), a.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture), a.Rule, a.Reason, a.DetectedAt)).ToList();
    }

    public sealed record ScanRequest([Code(7)] string Month);
    public sealed record ScanResult(string Month, int Meters, int Flags, int Added, int Removed);

    public async Task<ScanResult> ScanAsync(long parkId, ScanRequest req, CancellationToken ct)
    {
        await enterprises.ParkForWriteAsync(parkId, ct);
        var m = ParseMonth(req?.Month);
        var ids = await db.Meters.Where(x => x.ParkId == parkId).Select(x => x.Id).ToListAsync(ct);
        var (flags, added, removed) = await ScanMetersAsync(parkId, ids, [m], ct);
        return new ScanResult(m.ToString("yyyy-MM", CultureInfo.InvariantCulture), ids.Count, flags, added, removed);
    }

    /// <summary>
    /// Applies the anomaly rules to the meters' months and brings the stored flags in line (adds new ones, removes
    /// those no longer true, leaves the rest): scanning a month twice changes nothing.
    /// </summary>
    public Task<(int Flags, int Added, int Removed)> ScanMetersAsync(long parkId, IReadOnlyCollection<long> meterIds, IReadOnlyCollection<DateOnly> months, CancellationToken ct) =>
        ScanMetersAsync(db, ledger, clock.GetUtcNow().UtcDateTime, parkId, meterIds, months, ct);

    public static async Task<(int Flags, int Added, int Removed)> ScanMetersAsync(ParkOpsDb db, Leasing.Contracts.ILeaseLedger ledger, DateTime now, long parkId, IReadOnlyCollection<long> meterIds, IReadOnlyCollection<DateOnly> months, CancellationToken ct)
    {
        if (meterIds.Count == 0 || months.Count == 0) return (0, 0, 0);
        await ReadingInbox.FlushAsync(db, ct);
        var ids = meterIds.Distinct().ToArray();
        var meters = await db.Meters.IgnoreQueryFilters().AsNoTracking().Where(m => m.ParkId == parkId && ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
        var from = StartOf(months.Min().AddMonths(-(Meters.TrailingMonths + 1)));
        var to = StartOf(months.Max().AddMonths(1));
        var readings = (await db.MeterReadings.IgnoreQueryFilters().AsNoTracking().Where(r => ids.Contains(r.MeterId) && r.At >= from && r.At < to)
            .Select(r => new { r.MeterId, r.At, r.Value }).ToListAsync(ct))
            .GroupBy(r => r.MeterId).ToDictionary(g => g.Key, g => g.OrderBy(r => r.At).Select(r => new Reading(r.At, r.Value)).ToList());
        var unitIds = meters.Values.Select(m => m.UnitId).Distinct().ToArray();
        var minMonth = months.Min();
        var held = await ledger.HoldingsAsync(unitIds, minMonth, ct);
        var monthList = months.ToArray();
        var stored = await db.MeterAnomalies.IgnoreQueryFilters().Where(a => ids.Contains(a.MeterId) && monthList.Contains(a.Month)).ToListAsync(ct);
        int total = 0, added = 0, removed = 0;
        foreach (var month in months)
        {
            var start = StartOf(month);
            var next = StartOf(month.AddMonths(1));
            var monthEnd = month.AddMonths(1).AddDays(-1);
            foreach (var m in meters.Values)
            {
                var sorted = readings.GetValueOrDefault(m.Id) ?? [];
                var trailing = Enumerable.Range(1, Meters.TrailingMonths).Select(k => month.AddMonths(-k)).Reverse()
                    .Select(mo => Meters.UseIn(sorted, mo, StartOf(mo), StartOf(mo.AddMonths(1)))).ToList();
                var whole = held.Any(h => h.UnitId == m.UnitId && h.StartDate <= month && (h.TerminatedOn ?? h.EndDate) >= monthEnd);
                var found = Meters.Detect(sorted, month, start, next, trailing, whole, m.Utility);
                total += found.Count;
                var mine = stored.Where(a => a.MeterId == m.Id && a.Month == month).ToList();
                foreach (var a in mine.Where(a => found.All(f => f.Rule != a.Rule || f.Reason != a.Reason))) { db.MeterAnomalies.Remove(a); removed++; }
                foreach (var f in found.Where(f => mine.All(a => a.Rule != f.Rule || a.Reason != f.Reason)))
                {
                    db.MeterAnomalies.Add(new MeterAnomaly { ParkId = parkId, MeterId = m.Id, Month = month, Rule = f.Rule, Reason = f.Reason, DetectedAt = now });
                    added++;
                }
            }
        }
        if (added + removed > 0)
        {
            // a changed reason replaces the flag: delete before insert keeps (meter, month, rule) unique
            var adds = db.ChangeTracker.Entries<MeterAnomaly>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
            foreach (var a in adds) db.Entry(a).State = EntityState.Detached;
            await db.SaveChangesAsync(ct);
            db.MeterAnomalies.AddRange(adds);
            await db.SaveChangesAsync(ct);
        }
        return (total, added, removed);
    }

    // ------------------------------------------------------------------ tariffs and late fees

    public sealed record MuClassInput([Code, StoredIn(typeof(Enterprise), nameof(Enterprise.MuClass))] string? MuClass, int? Year = null,
        [Line, StoredIn(typeof(Enterprise), nameof(Enterprise.MuClassSource))] string? Source = null);

    /// <summary>
    /// The enterprise's 亩均 class (A, B, C, D, or T = not rated; empty clears it) with the year it grades and its source,
    /// entered by the park's operators until an evaluation is published (issue 15 §4); the bill run reads it for the
    /// utilities surcharge.
    /// </summary>
    public Task<string?> SetMuClassAsync(long enterpriseId, MuClassInput input, CancellationToken ct) =>
        grading.SetMuClassAsync(enterpriseId, new Features.Enterprises.Contracts.MuClassEntry(input?.MuClass, input?.Year, null, input?.Source), ct);

    public async Task<List<UtilityTariff>> TariffsAsync(long parkId, CancellationToken ct)
    {
        await enterprises.ParkForReadAsync(parkId, ct);
        return await db.UtilityTariffs.AsNoTracking().Where(x => x.ParkId == parkId).OrderBy(x => x.Utility).ThenBy(x => x.EffectiveFrom).ToListAsync(ct);
    }

    public async Task<UtilityTariff> AddTariffAsync(long parkId, TariffInput i, CancellationToken ct)
    {
        await enterprises.ParkForWriteAsync(parkId, ct);
        if (!Enum.IsDefined(i.Utility)) throw new ValidationException([new ValidationFailure("utility", t["Val.Enum"])]);
        if (i.EffectiveFrom.Year is < 2000 or > 2100) throw new ValidationException([new ValidationFailure("effectiveFrom", t["Val.Range", 2000, 2100])]);
        var c = i.ClassCSurcharge ?? (i.Utility == Utility.Electricity ? Tariffs.DefaultElectricityClassC : Tariffs.DefaultWaterClassC);
        var d = i.ClassDSurcharge ?? (i.Utility == Utility.Electricity ? Tariffs.DefaultElectricityClassD : Tariffs.DefaultWaterClassD);
        if (i.UnitPrice < 0 || i.UnitPrice > 1000) throw new DomainRuleException("TariffPriceMustBeValid", "unitPrice", "单价须在 0–1000 元之间") { Arguments = [i.UnitPrice] };
        if (c < 0 || c > 10) throw new DomainRuleException("TariffSurchargeMustBeValid", "classCSurcharge", "加价须在 0–10 之间") { Arguments = [c] };
        if (d < 0 || d > 10) throw new DomainRuleException("TariffSurchargeMustBeValid", "classDSurcharge", "加价须在 0–10 之间") { Arguments = [d] };
        if (await db.UtilityTariffs.AnyAsync(x => x.ParkId == parkId && x.Utility == i.Utility && x.EffectiveFrom == i.EffectiveFrom, ct))
            throw new DomainRuleException("TariffVersionsMustDiffer", "effectiveFrom", "同一生效日已有该能源的价格版本", RuleKind.Conflict) { Arguments = [i.EffectiveFrom] };
        var v = new UtilityTariff
        {
            ParkId = parkId, Utility = i.Utility, EffectiveFrom = i.EffectiveFrom, UnitPrice = i.UnitPrice, ClassCSurcharge = c, ClassDSurcharge = d,
            CreatedAt = clock.GetUtcNow().UtcDateTime, CreatedBy = db.Actor.UserName,
        };
        db.UtilityTariffs.Add(v);
        await db.SaveChangesAsync(ct);
        return v;
    }

    public async Task<IReadOnlyList<Tariff>> TariffsInForceAsync(long parkId, CancellationToken ct) =>
        (await db.UtilityTariffs.AsNoTracking().Where(x => x.ParkId == parkId).ToListAsync(ct)).Select(x => x.ToTariff()).ToList();

    async Task<ParkOps.Domain.Billing.LateFeeTerms?> ILateFeeTerms.InForceAsync(long parkId, DateOnly month, CancellationToken ct) =>
        await db.LateFeePolicies.AsNoTracking().Where(x => x.ParkId == parkId && x.EffectiveFrom <= month).OrderByDescending(x => x.EffectiveFrom)
            .Select(x => new ParkOps.Domain.Billing.LateFeeTerms(x.Id, x.DailyRate, x.GraceDays)).FirstOrDefaultAsync(ct);

    public async Task<List<LateFeePolicy>> LateFeesAsync(long parkId, CancellationToken ct)
    {
        await enterprises.ParkForReadAsync(parkId, ct);
        return await db.LateFeePolicies.AsNoTracking().Where(x => x.ParkId == parkId).OrderBy(x => x.EffectiveFrom).ToListAsync(ct);
    }

    public async Task<LateFeePolicy> AddLateFeeAsync(long parkId, LateFeeInput i, CancellationToken ct)
    {
        await enterprises.ParkForWriteAsync(parkId, ct);
        if (i.EffectiveFrom.Year is < 2000 or > 2100) throw new ValidationException([new ValidationFailure("effectiveFrom", t["Val.Range", 2000, 2100])]);
        if (i.DailyRate < 0 || i.DailyRate > 0.01m) throw new DomainRuleException("LateFeeRateMustBeValid", "dailyRate", "日费率须在 0–1 % 之间") { Arguments = [i.DailyRate] };
        if (i.GraceDays is < 0 or > 365) throw new ValidationException([new ValidationFailure("graceDays", t["Val.Range", 0, 365])]);
        if (await db.LateFeePolicies.AnyAsync(x => x.ParkId == parkId && x.EffectiveFrom == i.EffectiveFrom, ct))
            throw new DomainRuleException("LateFeeVersionsMustDiffer", "effectiveFrom", "同一生效日已有滞纳金政策", RuleKind.Conflict) { Arguments = [i.EffectiveFrom] };
        var v = new LateFeePolicy { ParkId = parkId, EffectiveFrom = i.EffectiveFrom, DailyRate = i.DailyRate, GraceDays = i.GraceDays, CreatedAt = clock.GetUtcNow().UtcDateTime, CreatedBy = db.Actor.UserName };
        db.LateFeePolicies.Add(v);
        await db.SaveChangesAsync(ct);
        return v;
    }
}
